/// The report's counts by remark (the default): the comments grouped into remarks (`Remarks`), each
/// remark counted once with its comments' codes together, in the same rows the store counts comments in.
/// Filled a session at a time, so a store's comments never need to be in memory all at once.
public struct RemarkCounts: Sendable {
    /// A writer of one session.
    struct Writer: Hashable, Sendable {
        var session: String
        var writer: String
    }

    private(set) var comments = 0
    private(set) var remarks = 0
    /// Comments that joined another writer's comment in one remark, and the remarks they make.
    private(set) var joinedComments = 0
    private(set) var joinedRemarks = 0
    /// Per writer, their comments and how many of them joined another writer's.
    private(set) var writerComments: [Writer: Int] = [:]
    private(set) var writerJoined: [Writer: Int] = [:]
    private(set) var sessionRemarks: [String: Int] = [:]
    private(set) var joinedRemarksBySession: [String: Int] = [:]
    /// Remarks counted as the store's `comment_groups`, `tag_counts` and `tag_pairs` count comments; a
    /// remark's prompt and speaker are its comments' (they share them), its table and round its first comment's.
    private(set) var groups: [CommentGroupRow] = []
    private(set) var tagCounts: [TagCountRow] = []
    private(set) var tagPairs: [TagPairRow] = []

    public init() {}

    /// Counts the remarks of `all`, which holds whole sessions (a session's comments all in one call).
    /// Returns each comment's remark id, in the order of `all`.
    @discardableResult
    public mutating func add(_ all: [CommentRecord]) -> [String] {
        var counts: [String: CountRows] = [:]
        var tags: [String] = []
        var remarkIDs = [String](repeating: "", count: all.count)
        // `Remarks.members` gives a session's remarks together: each session is counted in one run, its
        // writers by name, and handed over once.
        var run: (session: String, counts: CountRows, writers: [String: (comments: Int, joined: Int)])?
        func endRun() {
            guard let run else { return }
            counts[run.session] = run.counts
            for (name, tally) in run.writers {
                let writer = Writer(session: run.session, writer: name)
                writerComments[writer, default: 0] += tally.comments
                if tally.joined > 0 { writerJoined[writer, default: 0] += tally.joined }
            }
        }
        for remark in Remarks.members(all) {
            // Fields are read in place: a comment record is too big to copy for each.
            let first = remark[0], session = all[first].sessionID
            if run?.session != session {
                endRun()
                run = (session, CountRows(), [:])
            }
            for index in remark { remarkIDs[index] = all[first].commentID }
            tags.removeAll(keepingCapacity: true)
            for index in remark { for tag in all[index].tags where !tags.contains(tag) { tags.append(tag) } }
            run!.counts.add(prompt: all[first].promptID, participant: all[first].participant, table: all[first].table,
                            round: all[first].round, tags: tags)
            remarks += 1
            sessionRemarks[session, default: 0] += 1
            let joined = remark.count > 1
            if joined { joinedRemarks += 1; joinedRemarksBySession[session, default: 0] += 1 }
            for index in remark {
                comments += 1
                run!.writers[all[index].writer, default: (0, 0)].comments += 1
                if joined { joinedComments += 1; run!.writers[all[index].writer, default: (0, 0)].joined += 1 }
            }
        }
        endRun()
        for session in counts.keys.sorted(by: codePointLess) {
            groups += counts[session]!.groupRows(session: session)
            tagCounts += counts[session]!.tagCountRows(session: session)
            tagPairs += counts[session]!.pairRows(session: session)
        }
        return remarkIDs
    }
}

/// One writer's comments in one session, and how many of them joined another writer's in a remark.
public struct RemarkWriterRow: Sendable, Equatable, Decodable {
    public var session: String
    public var writer: String
    public var comments: Int
    public var joined: Int

    public init(session: String, writer: String, comments: Int, joined: Int) {
        self.session = session; self.writer = writer; self.comments = comments; self.joined = joined
    }
}

/// One session's remarks, and how many of them joined comments of several writers.
public struct RemarkSessionRow: Sendable, Equatable, Decodable {
    public var session: String
    public var remarks: Int
    public var joinedRemarks: Int

    enum CodingKeys: String, CodingKey {
        case session, remarks, joinedRemarks = "joined_remarks"
    }

    public init(session: String, remarks: Int, joinedRemarks: Int) {
        self.session = session; self.remarks = remarks; self.joinedRemarks = joinedRemarks
    }
}

/// `RemarkCounts` as rows, so a store can count remarks once, when it derives a session, and a report
/// read them back as it reads the comment counts.
public struct RemarkRows: Sendable, Equatable {
    public var groups: [CommentGroupRow] = []
    public var tagCounts: [TagCountRow] = []
    public var tagPairs: [TagPairRow] = []
    public var writers: [RemarkWriterRow] = []
    public var sessions: [RemarkSessionRow] = []

    public init(groups: [CommentGroupRow] = [], tagCounts: [TagCountRow] = [], tagPairs: [TagPairRow] = [],
                writers: [RemarkWriterRow] = [], sessions: [RemarkSessionRow] = []) {
        self.groups = groups; self.tagCounts = tagCounts; self.tagPairs = tagPairs; self.writers = writers; self.sessions = sessions
    }
}

extension RemarkCounts {
    /// The counts as rows (writers and sessions in code-point order).
    public var rows: RemarkRows {
        let writers = writerComments.keys.sorted { a, b in
            a.session != b.session ? codePointLess(a.session, b.session) : codePointLess(a.writer, b.writer)
        }
        return RemarkRows(groups: groups, tagCounts: tagCounts, tagPairs: tagPairs,
                          writers: writers.map { RemarkWriterRow(session: $0.session, writer: $0.writer, comments: writerComments[$0]!,
                                                                 joined: writerJoined[$0] ?? 0) },
                          sessions: sessionRemarks.keys.sorted(by: codePointLess).map { session in
                              RemarkSessionRow(session: session, remarks: sessionRemarks[session]!,
                                               joinedRemarks: joinedRemarksBySession[session] ?? 0)
                          })
    }

    /// The counts from their rows: what `add` would have counted from the comments themselves.
    public init(rows: RemarkRows) {
        groups = rows.groups
        tagCounts = rows.tagCounts
        tagPairs = rows.tagPairs
        for row in rows.writers {
            let writer = Writer(session: row.session, writer: row.writer)
            writerComments[writer] = row.comments
            if row.joined > 0 { writerJoined[writer] = row.joined }
            comments += row.comments
            joinedComments += row.joined
        }
        for row in rows.sessions {
            sessionRemarks[row.session] = row.remarks
            if row.joinedRemarks > 0 { joinedRemarksBySession[row.session] = row.joinedRemarks }
            remarks += row.remarks
            joinedRemarks += row.joinedRemarks
        }
    }
}

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
    /// Remarks counted as the store's `comment_groups`, `tag_counts` and `tag_pairs` count comments; a
    /// remark's prompt and speaker are its comments' (they share them), its table and round its first comment's.
    private(set) var groups: [CommentGroupRow] = []
    private(set) var tagCounts: [TagCountRow] = []
    private(set) var tagPairs: [TagPairRow] = []

    public init() {}

    /// Counts the remarks of `all`, which holds whole sessions (a session's comments all in one call).
    public mutating func add(_ all: [CommentRecord]) {
        var counts: [String: CountRows] = [:]
        var tags: [String] = []
        for remark in Remarks.members(all) {
            let first = all[remark[0]]
            tags.removeAll(keepingCapacity: true)
            for index in remark { for tag in all[index].tags where !tags.contains(tag) { tags.append(tag) } }
            counts[first.sessionID, default: CountRows()].add(prompt: first.promptID, participant: first.participant, table: first.table,
                                                              round: first.round, tags: tags)
            remarks += 1
            sessionRemarks[first.sessionID, default: 0] += 1
            let joined = remark.count > 1
            if joined { joinedRemarks += 1 }
            for index in remark {
                let comment = all[index]
                comments += 1
                let writer = Writer(session: comment.sessionID, writer: comment.writer)
                writerComments[writer, default: 0] += 1
                if joined { joinedComments += 1; writerJoined[writer, default: 0] += 1 }
            }
        }
        for session in counts.keys.sorted(by: codePointLess) {
            groups += counts[session]!.groupRows(session: session)
            tagCounts += counts[session]!.tagCountRows(session: session)
            tagPairs += counts[session]!.pairRows(session: session)
        }
    }
}

/// What a report counts (`parley report --count`).
public enum Counting: String, CaseIterable, Sendable {
    /// Each remark once: the comments several writers noted of one remark are joined (docs/agreement.md).
    case remarks
    /// Every comment, as each writer noted it.
    case comments
}

/// One remark: what a participant (or the room) said once, as one or more writers noted it — a unit of
/// the agreement matcher, so reports, exports and `parley agreement` join the same comments.
public struct Remark: Sendable, Equatable {
    /// Its comments, one per writer, in the order they joined: the first one started the remark.
    public var comments: [CommentRecord]

    public var first: CommentRecord { comments[0] }
    /// `remark_id` in the exports: the first comment's id (unique in its session).
    public var id: String { first.commentID }
    public var session: String { first.sessionID }
    /// Its comments' tags together: the first comment's in order, then the others' new ones.
    public var tags: [String] {
        var tags: [String] = []
        for comment in comments { for tag in comment.tags where !tags.contains(tag) { tags.append(tag) } }
        return tags
    }
}

public enum Remarks {
    /// The comments grouped into remarks, session by session (in the order sessions first appear);
    /// within a session, remarks in the order they were started.
    public static func group(_ comments: [CommentRecord]) -> [Remark] {
        members(comments).map { remark in Remark(comments: remark.map { comments[$0] }) }
    }

    /// `group`'s remarks as indices into `comments`, without copying a comment.
    static func members(_ comments: [CommentRecord]) -> [[Int]] {
        var sessions: [String] = []
        var bySession: [String: [Int]] = [:]
        // Comments come session by session, nearly always: a run of one session is looked up once.
        var run: (session: String, indices: [Int])?
        func endRun() {
            guard let run else { return }
            if bySession[run.session] == nil { sessions.append(run.session) }
            bySession[run.session, default: []].append(contentsOf: run.indices)
        }
        for index in comments.indices {
            if run?.session != comments[index].sessionID {
                endRun()
                run = (comments[index].sessionID, [])
            }
            run!.indices.append(index)
        }
        endRun()
        return sessions.flatMap { Agreement.unitIndices(comments, among: bySession[$0]!) }
    }

    /// The comments, in the same order, each with its `remarkID`.
    public static func assign(_ comments: [CommentRecord]) -> [CommentRecord] {
        var assigned = comments
        for remark in members(comments) {
            for index in remark { assigned[index].remarkID = comments[remark[0]].commentID }
        }
        return assigned
    }
}

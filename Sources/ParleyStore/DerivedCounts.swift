import ParleyCore
import ParleyReports

/// A comment as Derive stores it: as it stands now, its tags without repeats, its table (its own, or its
/// speaker's) and its round (its own, or its prompt's).
struct DerivedComment: Sendable {
    var comment: Comment
    var tags: [String]
    var table: String?
    var round: Int?
    /// `tags` joined by `;`, as `comments.tags` holds them.
    var joinedTags: String

    /// The session's comments, leaving out those of `excluded` (withdrawn) speakers.
    static func all(in state: SessionState, excluding excluded: Set<String>) -> [DerivedComment] {
        let prompts = state.workshop?.deck.prompts ?? []
        let promptByID = Dictionary(prompts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var tableOfParticipant: [String: String] = [:]
        for (participant, attributes) in state.participantAttributes { tableOfParticipant[participant] = attributes["table"] }
        var derived: [DerivedComment] = []
        derived.reserveCapacity(state.comments.count)
        for index in state.comments.indices {
            let comment = state.comments[index]
            if let speaker = comment.participant, excluded.contains(speaker) { continue }
            // A comment has a few tags: looking for a repeat pair by pair costs less than a set.
            var tags = comment.tags
            if tags.indices.contains(where: { index in tags[..<index].contains(tags[index]) }) {
                tags = []
                for tag in comment.tags where !tags.contains(tag) { tags.append(tag) }
            }
            derived.append(DerivedComment(comment: comment, tags: tags,
                                          table: comment.table ?? comment.participant.flatMap { tableOfParticipant[$0] },
                                          round: comment.round ?? promptByID[comment.promptID]?.round, joinedTags: tags.joined(separator: ";")))
        }
        return derived
    }
}

/// The store's count tables (`comment_groups`, `tag_counts`, `tag_pairs`: ParleyReports' `CountRows`
/// over a session's live comments) and the first live comment with each tag.
struct DerivedCounts: Sendable {
    private(set) var rows = CountRows()
    /// The index (among the comments counted) of the first live comment with each tag.
    private(set) var firstCommentByTag: [String: Int] = [:]

    var liveComments: Int { rows.items }

    /// Counts the live ones of `comments`.
    init(_ comments: [DerivedComment]) {
        for index in comments.indices where !comments[index].comment.deleted {
            rows.add(prompt: comments[index].comment.promptID, participant: comments[index].comment.participant, table: comments[index].table,
                     round: comments[index].round, tags: comments[index].tags)
            for tag in comments[index].tags where firstCommentByTag[tag] == nil { firstCommentByTag[tag] = index }
        }
    }
}

extension RemarkCounts {
    /// Counts the remarks of a session's live `comments` (as the store will list them); returns each
    /// comment's remark id, nil for deleted ones.
    mutating func add(session: String, _ comments: [DerivedComment]) -> [String?] {
        let live = comments.indices.filter { !comments[$0].comment.deleted }
        let records = live.map { index in
            let row = comments[index], comment = row.comment
            // What remarks are matched and counted by; the prompt's and deck's descriptions play no part.
            return CommentRecord(commentID: comment.id, sessionID: session, deckID: "", writer: comment.writer, at: comment.at,
                                 promptID: comment.promptID, promptPosition: nil, promptTitle: "", promptKind: "", personaID: nil,
                                 personaName: nil, screen: nil, participant: comment.participant, table: row.table, round: row.round,
                                 text: comment.text, tags: row.tags, edited: comment.edited)
        }
        var ids = [String?](repeating: nil, count: comments.count)
        for (position, id) in add(records).enumerated() { ids[live[position]] = id }
        return ids
    }
}

import ParleyCore
import ParleyReports

/// A comment as Derive stores it: as it stands now, its tags without repeats, its table (its own, or its
/// speaker's) and its round (its own, or its prompt's).
struct DerivedComment {
    var comment: Comment
    var tags: [String]
    var table: String?
    var round: Int?

    /// The session's comments, leaving out those of `excluded` (withdrawn) speakers.
    static func all(in state: SessionState, excluding excluded: Set<String>) -> [DerivedComment] {
        let prompts = state.workshop?.deck.prompts ?? []
        let promptByID = Dictionary(prompts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var tableOfParticipant: [String: String] = [:]
        for (participant, attributes) in state.participantAttributes { tableOfParticipant[participant] = attributes["table"] }
        var derived: [DerivedComment] = []
        derived.reserveCapacity(state.comments.count)
        for comment in state.comments {
            if let speaker = comment.participant, excluded.contains(speaker) { continue }
            var tags: [String] = []
            for tag in comment.tags where !tags.contains(tag) { tags.append(tag) }
            derived.append(DerivedComment(comment: comment, tags: tags,
                                          table: comment.table ?? comment.participant.flatMap { tableOfParticipant[$0] },
                                          round: comment.round ?? promptByID[comment.promptID]?.round))
        }
        return derived
    }
}

/// The store's count tables (`comment_groups`, `tag_counts`, `tag_pairs`: ParleyReports' `CountRows`
/// over a session's live comments) and the first live comment with each tag.
struct DerivedCounts {
    private(set) var rows = CountRows()
    /// The row (`comments.n`) of the first live comment with each tag.
    private(set) var firstCommentByTag: [String: Int64] = [:]

    var liveComments: Int { rows.items }

    /// Counts the live ones of `comments`, whose rows are numbered from `firstRow` on.
    init(_ comments: [DerivedComment], firstRow: Int64) {
        for (index, row) in comments.enumerated() where !row.comment.deleted {
            rows.add(prompt: row.comment.promptID, participant: row.comment.participant, table: row.table, round: row.round, tags: row.tags)
            for tag in row.tags where firstCommentByTag[tag] == nil { firstCommentByTag[tag] = firstRow + Int64(index) }
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

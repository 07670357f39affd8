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

/// What reports read, counted over a session's live comments: comments by prompt × speaker × table ×
/// round, comments with each tag along each of those, and pairs of tags on one comment — so a report's
/// cost does not grow with the comments. Strings are interned while counting to keep hashing cheap.
struct DerivedCounts {
    private var internIndex: [String: Int] = [:]
    private var interned: [String] = []
    private struct GroupKey: Hashable { var prompt: Int; var participant: Int; var table: Int; var round: Int? }
    private struct PairKey: Hashable { var tag: Int; var other: Int }
    /// A tag counted along one dimension (an index into `dimensions`) for one interned key.
    private struct TagKey: Hashable { var dimension: Int; var key: Int; var tag: Int }
    private static let dimensions = ["prompt", "participant", "table", "round"]
    private var groupIndex: [GroupKey: Int] = [:]
    private var groupKeys: [GroupKey] = []
    private var groupCounts: [(comments: Int, untagged: Int)] = []
    private var tagCounts: [TagKey: Int] = [:]
    private var pairs: [PairKey: Int] = [:]
    private var firstComment: [Int: Int64] = [:]

    private(set) var liveComments = 0

    /// Counts the live ones of `comments`, whose rows are numbered from `firstRow` on.
    init(_ comments: [DerivedComment], firstRow: Int64) {
        var tagIDs: [Int] = []
        for (index, row) in comments.enumerated() where !row.comment.deleted {
            liveComments += 1
            let key = GroupKey(prompt: intern(row.comment.promptID), participant: intern(row.comment.participant),
                               table: intern(row.table), round: row.round)
            let group = self.group(key)
            groupCounts[group].comments += 1
            if row.tags.isEmpty { groupCounts[group].untagged += 1 }
            tagIDs.removeAll(keepingCapacity: true)
            for tag in row.tags { tagIDs.append(intern(tag)) }
            for tag in tagIDs {
                tagCounts[TagKey(dimension: 0, key: key.prompt, tag: tag), default: 0] += 1
                if key.participant >= 0 { tagCounts[TagKey(dimension: 1, key: key.participant, tag: tag), default: 0] += 1 }
                if key.table >= 0 { tagCounts[TagKey(dimension: 2, key: key.table, tag: tag), default: 0] += 1 }
                if let round = key.round { tagCounts[TagKey(dimension: 3, key: intern(String(round)), tag: tag), default: 0] += 1 }
                if firstComment[tag] == nil { firstComment[tag] = firstRow + Int64(index) }
                for other in tagIDs where interned[other] > interned[tag] { pairs[PairKey(tag: tag, other: other), default: 0] += 1 }
            }
        }
    }

    private mutating func intern(_ text: String?) -> Int {
        guard let text else { return -1 }
        if let index = internIndex[text] { return index }
        internIndex[text] = interned.count
        interned.append(text)
        return interned.count - 1
    }

    private mutating func group(_ key: GroupKey) -> Int {
        if let known = groupIndex[key] { return known }
        groupIndex[key] = groupKeys.count
        groupKeys.append(key)
        groupCounts.append((0, 0))
        return groupKeys.count - 1
    }

    private func text(_ id: Int) -> String? { id < 0 ? nil : interned[id] }

    // Rows come out in a fixed order, so two stores built from the same events hold the same rows.

    /// `comment_groups` rows, by prompt, speaker, table and round.
    func groupRows(session: String) -> [CommentGroupRow] {
        let order = groupKeys.indices.sorted { a, b in
            let x = groupKeys[a], y = groupKeys[b]
            return (interned[x.prompt], text(x.participant) ?? "", text(x.table) ?? "", x.round ?? -1)
                < (interned[y.prompt], text(y.participant) ?? "", text(y.table) ?? "", y.round ?? -1)
        }
        return order.map { group in
            let key = groupKeys[group]
            return CommentGroupRow(session: session, promptID: interned[key.prompt], participant: text(key.participant), table: text(key.table),
                                   round: key.round, comments: groupCounts[group].comments, untagged: groupCounts[group].untagged)
        }
    }

    /// `tag_counts` rows, by dimension, key and tag.
    func tagCountRows(session: String) -> [TagCountRow] {
        tagCounts.sorted { a, b in
            (a.key.dimension, interned[a.key.key], interned[a.key.tag]) < (b.key.dimension, interned[b.key.key], interned[b.key.tag])
        }.map { key, count in
            TagCountRow(session: session, dimension: Self.dimensions[key.dimension], key: interned[key.key], tag: interned[key.tag], comments: count)
        }
    }

    /// `tag_pairs` rows, by tag and other tag.
    func pairRows(session: String) -> [TagPairRow] {
        pairs.sorted { (interned[$0.key.tag], interned[$0.key.other]) < (interned[$1.key.tag], interned[$1.key.other]) }.map { key, count in
            TagPairRow(session: session, tag: interned[key.tag], otherTag: interned[key.other], comments: count)
        }
    }

    /// The row (`comments.n`) of the first live comment with each tag.
    var firstCommentByTag: [String: Int64] {
        Dictionary(uniqueKeysWithValues: firstComment.map { (interned[$0.key], $0.value) })
    }

    /// Every tag on a live comment.
    var usedTags: Set<String> { Set(tagCounts.keys.map { interned[$0.tag] }) }
}

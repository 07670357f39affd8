/// What reports read, counted over items of one session — live comments (the store's count tables) or
/// remarks (`parley report` by default): items by prompt × speaker × table × round, items with each tag
/// along each of those, and pairs of tags on one item — so a report's cost does not grow with the
/// comments. Strings are interned while counting to keep hashing cheap.
public struct CountRows: Sendable {
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
    private var tagIDs: [Int] = []

    /// How many items were counted.
    public private(set) var items = 0

    public init() {}

    /// Counts one item; `tags` without repeats.
    public mutating func add(prompt: String, participant: String?, table: String?, round: Int?, tags: [String]) {
        items += 1
        let promptID = intern(prompt, after: lastPrompt), participantID = intern(participant, after: lastParticipant)
        let tableID = intern(table, after: lastTable)
        (lastPrompt, lastParticipant, lastTable) = (promptID.last, participantID.last, tableID.last)
        let key = GroupKey(prompt: promptID.id, participant: participantID.id, table: tableID.id, round: round)
        let group = self.group(key)
        groupCounts[group].comments += 1
        if tags.isEmpty { groupCounts[group].untagged += 1 }
        tagIDs.removeAll(keepingCapacity: true)
        for tag in tags { tagIDs.append(intern(tag)) }
        let roundKey = round.map { intern(String($0)) }
        for tag in tagIDs {
            tagCounts[TagKey(dimension: 0, key: key.prompt, tag: tag), default: 0] += 1
            if key.participant >= 0 { tagCounts[TagKey(dimension: 1, key: key.participant, tag: tag), default: 0] += 1 }
            if key.table >= 0 { tagCounts[TagKey(dimension: 2, key: key.table, tag: tag), default: 0] += 1 }
            if let roundKey { tagCounts[TagKey(dimension: 3, key: roundKey, tag: tag), default: 0] += 1 }
            for other in tagIDs where interned[other] > interned[tag] { pairs[PairKey(tag: tag, other: other), default: 0] += 1 }
        }
    }

    /// Items come in runs with the same prompt, speaker or table: each field remembers its last one.
    private var lastPrompt: (text: String, id: Int)?
    private var lastParticipant: (text: String, id: Int)?
    private var lastTable: (text: String, id: Int)?

    /// `intern(text)`, sparing the look-up when `text` is the field's `last` one; and what is last now.
    private mutating func intern(_ text: String?, after last: (text: String, id: Int)?) -> (id: Int, last: (text: String, id: Int)?) {
        guard let text else { return (-1, last) }
        if let last, last.text == text { return (last.id, last) }
        let id = intern(text)
        return (id, (text, id))
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
    public func groupRows(session: String) -> [CommentGroupRow] {
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
    public func tagCountRows(session: String) -> [TagCountRow] {
        tagCounts.sorted { a, b in
            (a.key.dimension, interned[a.key.key], interned[a.key.tag]) < (b.key.dimension, interned[b.key.key], interned[b.key.tag])
        }.map { key, count in
            TagCountRow(session: session, dimension: Self.dimensions[key.dimension], key: interned[key.key], tag: interned[key.tag], comments: count)
        }
    }

    /// `tag_pairs` rows, by tag and other tag.
    public func pairRows(session: String) -> [TagPairRow] {
        pairs.sorted { (interned[$0.key.tag], interned[$0.key.other]) < (interned[$1.key.tag], interned[$1.key.other]) }.map { key, count in
            TagPairRow(session: session, tag: interned[key.tag], otherTag: interned[key.other], comments: count)
        }
    }

    /// Every tag on an item.
    public var usedTags: Set<String> { Set(tagCounts.keys.map { interned[$0.tag] }) }
}

/// What reports read, counted over items of one session — live comments (the store's count tables) or
/// remarks (`parley report` by default): items by prompt × speaker × table × round, items with each tag
/// along each of those, and pairs of tags on one item — so a report's cost does not grow with the
/// comments. Strings are interned while counting to keep hashing cheap.
public struct CountRows: Sendable {
    private var internIndex: [String: Int] = [:]
    private var interned: [String] = []
    private struct GroupKey: Hashable { var prompt: Int; var participant: Int; var table: Int; var round: Int? }
    private static let dimensions = ["prompt", "participant", "table", "round"]
    private var groupIndex: [GroupKey: Int] = [:]
    private var groupKeys: [GroupKey] = []
    private var groupCounts: [(comments: Int, untagged: Int)] = []
    /// Per dimension (an index into `dimensions`), items by interned key and tag.
    private var tagCounts = [Grid](repeating: Grid(), count: CountRows.dimensions.count)
    /// Items by tag and other tag (the other after the tag, by code point).
    private var pairs = Grid()
    private var tagIDs: [Int] = []

    /// Counts by two interned ids: a few hundred strings at most, so a grid grown as ids come is small.
    private struct Grid: Sendable {
        private var cells: [[Int]] = []

        mutating func add(_ row: Int, _ column: Int) {
            if row >= cells.count { cells += Array(repeating: [], count: row + 1 - cells.count) }
            if column >= cells[row].count { cells[row] += Array(repeating: 0, count: column + 1 - cells[row].count) }
            cells[row][column] += 1
        }

        /// Every cell counted.
        var counted: [(row: Int, column: Int, count: Int)] {
            cells.indices.flatMap { row in cells[row].indices.filter { cells[row][$0] > 0 }.map { (row, $0, cells[row][$0]) } }
        }
    }

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
        let roundKey = round.map { internRound($0) }
        for tag in tagIDs {
            tagCounts[0].add(key.prompt, tag)
            if key.participant >= 0 { tagCounts[1].add(key.participant, tag) }
            if key.table >= 0 { tagCounts[2].add(key.table, tag) }
            if let roundKey { tagCounts[3].add(roundKey, tag) }
            for other in tagIDs where interned[other] > interned[tag] { pairs.add(tag, other) }
        }
    }

    /// Items come in runs with the same prompt, speaker or table: each field remembers its last one.
    private var lastPrompt: (text: String, id: Int)?
    private var lastParticipant: (text: String, id: Int)?
    private var lastTable: (text: String, id: Int)?

    /// Rounds are keyed by their number written out: each number is written once.
    private var roundIDs: [Int: Int] = [:]

    private mutating func internRound(_ round: Int) -> Int {
        if let id = roundIDs[round] { return id }
        let id = intern(String(round))
        roundIDs[round] = id
        return id
    }

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
        tagCounts.indices.flatMap { dimension in
            tagCounts[dimension].counted.sorted { a, b in (interned[a.row], interned[a.column]) < (interned[b.row], interned[b.column]) }
                .map { TagCountRow(session: session, dimension: Self.dimensions[dimension], key: interned[$0.row], tag: interned[$0.column], comments: $0.count) }
        }
    }

    /// `tag_pairs` rows, by tag and other tag.
    public func pairRows(session: String) -> [TagPairRow] {
        pairs.counted.sorted { (interned[$0.row], interned[$0.column]) < (interned[$1.row], interned[$1.column]) }.map {
            TagPairRow(session: session, tag: interned[$0.row], otherTag: interned[$0.column], comments: $0.count)
        }
    }

    /// Every tag on an item (each is counted by prompt).
    public var usedTags: Set<String> { Set(tagCounts[0].counted.map { interned[$0.column] }) }
}

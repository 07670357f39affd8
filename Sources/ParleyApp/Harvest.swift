import ParleyCore

/// The World Café harvest: for each table, how often each code came up, per round.
public struct Harvest: Equatable {
    public struct CodeCount: Equatable {
        public var tag: String
        public var total: Int
        public var perRound: [(round: Int, count: Int)]
        public static func == (a: CodeCount, b: CodeCount) -> Bool {
            a.tag == b.tag && a.total == b.total && a.perRound.map(\.round) == b.perRound.map(\.round) && a.perRound.map(\.count) == b.perRound.map(\.count)
        }
    }

    public struct Table: Equatable {
        public var name: String
        public var codes: [CodeCount]
    }

    public var tables: [Table]

    public init(state: SessionState) {
        var counts: [String: [String: [Int: Int]]] = [:]
        for comment in state.liveComments {
            guard let table = comment.table else { continue }
            for tag in comment.tags { counts[table, default: [:]][tag, default: [:]][comment.round ?? 0, default: 0] += 1 }
        }
        // Tables in number order (T2 before T10), codes most frequent first, then by name.
        let order: (String) -> (Int, String) = { (Int($0.dropFirst()) ?? Int.max, $0) }
        tables = counts.keys.sorted { order($0) < order($1) }.map { table in
            let codes = counts[table]!.map { tag, rounds in
                CodeCount(tag: tag, total: rounds.values.reduce(0, +), perRound: rounds.keys.sorted().map { ($0, rounds[$0]!) })
            }.sorted { ($1.total, $0.tag) < ($0.total, $1.tag) }
            return Table(name: table, codes: codes)
        }
    }
}

/// The sessions in scope oldest first (start time, then id): the order every document lists them in,
/// and rows of several sessions are sorted by.
struct SessionOrder {
    let sessions: [SessionRow]
    let ids: [String]
    let index: [String: Int]

    init(_ rows: [SessionRow]) {
        sessions = rows.sorted { a, b in
            a.startedAt != b.startedAt ? codePointLess(a.startedAt, b.startedAt) : codePointLess(a.id, b.id)
        }
        ids = sessions.map(\.id)
        index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    }

    /// `rows` in session order, then by `position` within a session.
    func sorted<Row>(_ rows: [Row], session: (Row) -> String, position: (Row) -> Int) -> [Row] {
        rows.sorted { a, b in
            let sa = index[session(a)] ?? Int.max, sb = index[session(b)] ?? Int.max
            return sa != sb ? sa < sb : position(a) < position(b)
        }
    }
}

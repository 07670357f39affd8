/// One line of `parley sessions`: a session's row (its fields read through, as `summary.deckID`) with
/// its writers and withdrawn participants.
@dynamicMemberLookup
public struct SessionSummary: Sendable, Equatable {
    public var session: SessionRow
    /// Its writers A–Z (the row's `writers` is their number).
    public var writers: [String]
    /// Writers whose logs have gaps in their sequence numbers, and how many events are missing.
    public var missing: [String: Int]
    public var withdrawn: [String]

    public subscript<T>(dynamicMember field: KeyPath<SessionRow, T>) -> T { session[keyPath: field] }

    /// The sessions oldest first, each with its writers and withdrawn participants A–Z (by code point).
    public static func list(sessions: [SessionRow], writers: [SessionWriterRow], tombstones: [TombstoneRow]) -> [SessionSummary] {
        var writersOf: [String: [String]] = [:]
        var missing: [String: [String: Int]] = [:]
        for row in writers {
            writersOf[row.session, default: []].append(row.writer)
            if row.missingSeqs > 0 { missing[row.session, default: [:]][row.writer] = row.missingSeqs }
        }
        var withdrawn: [String: [String]] = [:]
        for row in tombstones { withdrawn[row.session, default: []].append(row.participant) }
        return SessionOrder(sessions).sessions.map { row in
            SessionSummary(session: row, writers: (writersOf[row.id] ?? []).sorted(by: codePointLess), missing: missing[row.id] ?? [:],
                           withdrawn: (withdrawn[row.id] ?? []).sorted(by: codePointLess))
        }
    }
}

/// One line of `parley sessions`.
public struct SessionSummary: Sendable, Equatable {
    public var id: String
    public var deckID: String
    public var deckTitle: String
    public var format: String
    public var startedAt: String
    public var lastEventAt: String
    public var durationMilliseconds: Int
    public var ended: Bool
    public var events: Int
    public var writers: [String]
    /// Writers whose logs have gaps in their sequence numbers, and how many events are missing.
    public var missing: [String: Int]
    public var participants: Int
    public var comments: Int
    public var withdrawn: [String]

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
            SessionSummary(id: row.id, deckID: row.deckID, deckTitle: row.deckTitle, format: row.format, startedAt: row.startedAt,
                           lastEventAt: row.lastEventAt, durationMilliseconds: row.durationMilliseconds, ended: row.ended,
                           events: row.events, writers: (writersOf[row.id] ?? []).sorted(by: codePointLess),
                           missing: missing[row.id] ?? [:], participants: row.participants, comments: row.comments,
                           withdrawn: (withdrawn[row.id] ?? []).sorted(by: codePointLess))
        }
    }
}

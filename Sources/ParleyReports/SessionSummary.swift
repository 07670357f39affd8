import DisplayWidth

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

extension SessionSummary {
    /// What `parley sessions` prints: a table, one line per session, then a note for each gap in a
    /// writer's log and each withdrawal. Where the table is wider than `width` (a terminal's columns),
    /// each session is a short block instead, so nothing wraps: the id (any unique prefix of it
    /// names the session in other commands), then its figures, then its writers.
    public static func listing(_ sessions: [SessionSummary], width: Int? = nil) -> String {
        var notes = ""
        for session in sessions {
            for (writer, count) in session.missing.sorted(by: { $0.key < $1.key }) {
                notes += "\(session.id.prefix(8)): \(count) event\(count == 1 ? "" : "s") of \(writer)'s log missing (gaps in its numbering); merge the rest of that log\n"
            }
            if !session.withdrawn.isEmpty { notes += "\(session.id.prefix(8)): withdrawn: \(session.withdrawn.joined(separator: ", "))\n" }
        }
        func deck(_ session: SessionSummary) -> String { session.deckID.isEmpty ? "?" : session.deckID }
        let table = TextTable.render(
            header: ["session", "deck", "started (UTC)", "duration", "writers", "participants", "comments"],
            rows: sessions.map { session in
                [session.id, deck(session), Format.shortTime(session.startedAt), Format.duration(session.durationMilliseconds),
                 session.writers.joined(separator: ","), String(session.participants), String(session.comments)]
            },
            rightAligned: { $0 >= 5 })
        guard let width, table.split(separator: "\n").contains(where: { DisplayWidth.of(String($0)) > width }) else { return table + notes }
        var blocks = ""
        for session in sessions {
            blocks += "\(session.id)  \(deck(session))\n"
            blocks += "  \(Format.shortTime(session.startedAt)) UTC, \(Format.duration(session.durationMilliseconds)); "
                + "\(Format.count(session.participants)) participant\(session.participants == 1 ? "" : "s"), "
                + "\(Format.count(session.comments)) comment\(session.comments == 1 ? "" : "s")\n"
            blocks += "  writers: \(session.writers.joined(separator: ", "))\n"
        }
        return blocks + notes
    }
}

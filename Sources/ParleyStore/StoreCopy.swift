import Foundation
import GRDB
import ParleyCore
import ParleyLog
import ParleyReports

/// What `parley store copy` did and checked.
public struct StoreCopyOutcome: Sendable {
    public var events = 0
    public var sessions = 0
    public var tombstones = 0
    /// The documents compared between the two stores, all identical.
    public var compared: [String] = []

    public var summary: String {
        "Copied \(Format.count(events)) event\(events == 1 ? "" : "s") of \(sessions) session\(sessions == 1 ? "" : "s")"
            + (tombstones > 0 ? " and \(tombstones) withdrawal\(tombstones == 1 ? "" : "s")" : "")
            + "; the two stores give the same \(compared.joined(separator: ", "))."
    }
}

extension Store {
    /// Copies the whole store into `target`, which must be empty (a new SQLite file, or a PostgreSQL
    /// database without a store): what it holds as truth (events, withdrawals and what they keep to
    /// recognise withdrawn events) is copied, the derived tables are rebuilt from it, and then every
    /// export of the two stores is compared; any difference is an error.
    public func copy(to target: Store) throws -> StoreCopyOutcome {
        var outcome = StoreCopyOutcome()
        let source = try read { db in
            (chunks: try db.rows("SELECT n, session, count, ids, types, lines FROM event_chunks ORDER BY n"),
             tombstones: try db.rows("SELECT session, participant, withdrawn_at FROM tombstones ORDER BY session, participant"),
             withdrawnEvents: try db.rows("SELECT id, session, writer, seq, hash_high, hash_low FROM withdrawn_events ORDER BY id"),
             withdrawnComments: try db.rows("SELECT session, comment_id, participant FROM withdrawn_comments ORDER BY session, comment_id"),
             mark: try Self.changeMark(db))
        }
        let lines = try StoredLines(rows: source.chunks)
        let events = lines.events()
        guard events.count == lines.count else {
            throw UserError("\(path): \(lines.count - events.count) stored events no longer read as events; nothing was copied")
        }
        try target.write { db in
            let held = try db.int("SELECT (SELECT count(*) FROM event_chunks) + (SELECT count(*) FROM tombstones)") ?? 0
            guard held == 0 else {
                throw UserError("\(target.path) already holds a store; copy into a new, empty one (nothing was copied)")
            }
            for row in source.tombstones {
                try db.execute("INSERT INTO tombstones (session, participant, withdrawn_at) VALUES (?, ?, ?)",
                               [row["session"] as String, row["participant"] as String, row["withdrawn_at"] as String])
            }
            for row in source.withdrawnEvents {
                try db.execute("INSERT INTO withdrawn_events (id, session, writer, seq, hash_high, hash_low) VALUES (?, ?, ?, ?, ?, ?)",
                               [row["id"] as String, row["session"] as String, row["writer"] as String, row["seq"] as Int64,
                                row["hash_high"] as Int64, row["hash_low"] as Int64])
            }
            for row in source.withdrawnComments {
                try db.execute("INSERT INTO withdrawn_comments (session, comment_id, participant) VALUES (?, ?, ?)",
                               [row["session"] as String, row["comment_id"] as String, row["participant"] as String?])
            }
            // The chunks as they are: the lines byte for byte, with their ids' fingerprints and types.
            for row in source.chunks { try PackedChunk(row: row).insert(session: row["session"], db: db) }
            var hashes = lines.file.lines.indices.map { index in lines.withLine(index) { LineHash.of($0) } }
            hashes += source.withdrawnEvents.map { LineHash($0) }
            try Store.saveLineHashes(hashes, db: db)
            let sessions = Set(events.map(\.session)).union(source.tombstones.map { $0["session"] as String })
            for session in sessions.sorted() {
                _ = try Derive.rebuild(session: session, events: events.filter { $0.session == session }, db: db)
            }
            try db.setDerivedVersion(Derive.version)
            outcome.sessions = sessions.count
        }
        outcome.events = events.count
        outcome.tombstones = source.tombstones.count
        do {
            outcome.compared = try compare(with: target)
        } catch let error as UserError {
            // The copy is written by now; the comparison reads the source again, so a merge or withdrawal
            // into it meanwhile (a shared store) differs from a copy that is not faithful.
            let changed = try read { db in try Self.changeMark(db) } != source.mark
            throw UserError(changed
                ? "\(path) changed while it was copied (someone merged or withdrew); \(target.path) holds the store as it was before, "
                    + "so the two no longer compare: copy again into a new, empty store"
                : "\(error.description); \(target.path) was written all the same: delete it before using it")
        }
        return outcome
    }

    /// Moves when events, withdrawals or withdrawn events are added to or taken from a store.
    static func changeMark(_ db: any StoreSQL) throws -> [String] {
        try db.values("""
            SELECT (SELECT CAST(coalesce(sum(count), 0) AS bigint) FROM event_chunks), (SELECT count(*) FROM event_chunks),
                   (SELECT count(*) FROM tombstones), (SELECT count(*) FROM withdrawn_events)
            """).first?.map(\.description) ?? []
    }

    /// Every document both stores make, compared; returns their names, or throws at the first difference.
    func compare(with other: Store) throws -> [String] {
        let documents: [(String, (Store) throws -> String)] = [
            ("sessions", { try $0.sessions().map { "\($0)" }.joined(separator: "\n") }),
            ("CSV", { try $0.export(.csv) }),
            ("long CSV", { try $0.export(.csvLong) }),
            ("JSON", { try $0.export(.json) }),
            ("Markdown", { try $0.export(.md) }),
            ("report", { ReportRenderer.text(try $0.report()) }),
            ("events", { store in try store.sessions().map { try store.events(session: $0.id).map(\.id).joined(separator: ",") }.joined(separator: "\n") }),
        ]
        for (name, make) in documents where try make(self) != make(other) {
            throw UserError("\(other.path) does not give the same \(name) as \(path); the copy is not faithful (report this as a bug)")
        }
        return documents.map(\.0)
    }
}

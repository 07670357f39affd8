import Foundation
import GRDB
import ParleyCore
import ParleyLog

/// Rebuilds a session's derived tables from its events, by applying them to a `SessionState` in
/// `EventOrder` — the same code the capture screen and replay use, so all agree. Every derived time
/// is on the room's time line: each writer's `at` placed by its `clock.offset`s (`WriterClocks`).
enum Derive {
    struct Outcome {
        /// Events removed now because they are about a withdrawn participant.
        var purgedEvents = 0
        /// Comments removed now because their speaker has withdrawn (live, deleted).
        var withdrawnComments = 0
        var withdrawnDeletedComments = 0
    }

    /// Decodes events the store holds (they were validated when merged), on every core.
    static func decodeStored(_ jsons: [String]) -> [Event] {
        var data = Data()
        data.reserveCapacity(jsons.reduce(0) { $0 + $1.utf8.count + 1 })
        for json in jsons {
            data.append(contentsOf: json.utf8)
            data.append(0x0A)
        }
        return LogFile(path: "the store", data: data).decodeAll().compactMap {
            if case .event(let event) = $0 { return event } else { return nil }
        }
    }

    /// Clears and rewrites every derived row of `session` from `events` (all of the session's events,
    /// in any order). Applies the session's tombstones first: events about a withdrawn participant's
    /// comments are deleted from the store and remembered by id only.
    /// What the derived tables hold changes with this code: raise it when a change to `SessionState` or
    /// to `write` would derive something else from the same events. Stores derived by an older version
    /// are rebuilt once when opened for writing (`StoreSQL.derivedVersion` keeps the version).
    /// 2: markers belong to their own writer's prompt; the room's prompt follows the facilitator.
    /// 3: comments' remarks and the remark counts are derived (`remark_*` tables).
    static let version = 3

    /// Rebuilds `session` from the events the store holds.
    static func rebuild(session: String, db: any StoreSQL) throws -> Outcome {
        let events = decodeStored(try db.strings("SELECT json FROM events WHERE session = ?", [session]))
        return try rebuild(session: session, events: events, db: db)
    }

    /// Rebuilds every session if the store was derived by an older version of this code.
    static func upgrade(db: any StoreSQL) throws {
        guard try db.derivedVersion() < version else { return }
        for session in try db.strings("SELECT DISTINCT session FROM events") {
            _ = try rebuild(session: session, db: db)
        }
        try db.setDerivedVersion(version)
    }

    static func rebuild(session: String, events unordered: [Event], db: any StoreSQL) throws -> Outcome {
        var timing = Timing()
        return try rebuild(session: session, events: unordered, db: db, timing: &timing)
    }

    static func rebuild(session: String, events unordered: [Event], db: any StoreSQL, timing: inout Timing) throws -> Outcome {
        var outcome = Outcome()
        var events = EventOrder.placed(unordered)
        timing.mark("sort")
        var state = SessionState(events: events)
        timing.mark("apply")
        let tombstoned = Set(try db.strings("SELECT participant FROM tombstones WHERE session = ?", [session]))
        if !tombstoned.isEmpty {
            let withdrawn = try recordWithdrawnComments(session: session, of: tombstoned, in: state, db: db, outcome: &outcome)
            let purged = try purgeEvents(about: withdrawn, participants: tombstoned, from: events, db: db)
            if !purged.isEmpty {
                outcome.purgedEvents = purged.count
                events.removeAll { purged.contains($0.id) }
                state = SessionState(events: events)
            }
        }
        try clear(session: session, db: db)
        timing.mark("clear derived")
        guard !events.isEmpty else { return outcome }
        try write(session: session, events: events, state: state, excluded: tombstoned, db: db, timing: &timing)
        timing.mark("write derived")
        return outcome
    }

    /// Remembers (by id) every comment whose speaker has withdrawn; returns all the session's withdrawn comments.
    private static func recordWithdrawnComments(session: String, of tombstoned: Set<String>, in state: SessionState, db: any StoreSQL,
                                                outcome: inout Outcome) throws -> Set<String> {
        var withdrawn = Set(try db.strings("SELECT comment_id FROM withdrawn_comments WHERE session = ?", [session]))
        for comment in state.comments {
            guard let speaker = comment.participant, tombstoned.contains(speaker), withdrawn.insert(comment.id).inserted else { continue }
            try db.execute("INSERT INTO withdrawn_comments (session, comment_id, participant) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           [session, comment.id, speaker])
            if comment.deleted { outcome.withdrawnDeletedComments += 1 } else { outcome.withdrawnComments += 1 }
        }
        return withdrawn
    }

    /// Deletes the events about withdrawn comments and participants, keeping only their ids and
    /// fingerprints (`withdrawn_events`); returns the ids deleted.
    private static func purgeEvents(about withdrawn: Set<String>, participants tombstoned: Set<String>, from events: [Event],
                                    db: any StoreSQL) throws -> Set<String> {
        let purged = events.filter { event in
            if let comment = event.body.commentID, withdrawn.contains(comment) { return true }
            if case .participantAdded(let participant, _) = event.body, tombstoned.contains(participant) { return true }
            return false
        }
        guard !purged.isEmpty else { return [] }
        for event in purged {
            try db.execute("""
                INSERT INTO withdrawn_events (id, session, writer, seq, hash_high, hash_low)
                SELECT id, session, writer, seq, hash_high, hash_low FROM events WHERE id = ? ON CONFLICT DO NOTHING
                """, [event.id])
            try db.execute("DELETE FROM events WHERE id = ?", [event.id])
        }
        return Set(purged.map(\.id))
    }

    static func clear(session: String, db: any StoreSQL) throws {
        try db.indexComments(session: session, add: false)
        try db.execute("DELETE FROM comment_tags WHERE comment_n IN (SELECT n FROM comments WHERE session = ?)", [session])
        for (table, column) in Schema.derivedTables.sorted(by: { $0.key < $1.key }) {
            try db.execute("DELETE FROM \(table) WHERE \(column) = ?", [session])
        }
    }

    static func canonicalJSON(_ attributes: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(attributes), as: UTF8.self)) ?? "{}"
    }
}

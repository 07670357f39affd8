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

    /// Clears and rewrites every derived row of `session` from `events` (all of the session's events,
    /// in any order). Applies the session's tombstones first: events about a withdrawn participant's
    /// comments are deleted from the store and remembered by id only.
    /// What the derived tables hold changes with this code: raise it when a change to `SessionState` or
    /// to `write` would derive something else from the same events. Stores derived by an older version
    /// are rebuilt once when opened for writing (`StoreSQL.derivedVersion` keeps the version).
    /// 2: markers belong to their own writer's prompt; the room's prompt follows the facilitator.
    /// 3: comments' remarks and the remark counts are derived (`remark_*` tables).
    /// 4: a session has ended with the facilitator's log, or every writer's (one note-taker quitting ended it).
    static let version = 4

    /// Rebuilds `session` from the events the store holds.
    static func rebuild(session: String, db: any StoreSQL) throws -> Outcome {
        try rebuild(session: session, events: StoredLines.read(db, session: session).events(), db: db)
    }

    /// Rebuilds every session if the store was derived by an older version of this code.
    static func upgrade(db: any StoreSQL) throws {
        guard try db.derivedVersion() < version else { return }
        try rebuildEverySession(db)
        try db.setDerivedVersion(version)
    }

    static func rebuildEverySession(_ db: any StoreSQL) throws {
        for session in try db.strings("SELECT DISTINCT session FROM event_chunks ORDER BY session") {
            _ = try rebuild(session: session, db: db)
        }
    }

    static func rebuild(session: String, events unordered: [Event], db: any StoreSQL) throws -> Outcome {
        var timing = Timing()
        return try rebuild(session: session, events: unordered, db: db, timing: &timing)
    }

    static func rebuild(session: String, events unordered: [Event], db: any StoreSQL, timing: inout Timing) throws -> Outcome {
        let tombstoned = Set(try db.strings("SELECT participant FROM tombstones WHERE session = ?", [session]))
        guard !tombstoned.isEmpty else {
            try write(DerivedSession(session: session, events: unordered, excluded: [], withdrawnSeqs: withdrawnSeqs(session, db: db),
                                     words: db.searchWords()),
                      db: db, timing: &timing)
            return Outcome()
        }
        var outcome = Outcome()
        var events = EventOrder.placed(unordered)
        var state = SessionState(events: events)
        let withdrawn = try recordWithdrawnComments(session: session, of: tombstoned, in: state, db: db, outcome: &outcome)
        let purged = try purgeEvents(about: withdrawn, participants: tombstoned, from: events, session: session, db: db)
        if !purged.isEmpty {
            outcome.purgedEvents = purged.count
            events.removeAll { purged.contains($0.id) }
            state = SessionState(events: events)
        }
        try write(DerivedSession(session: session, placed: events, state: state, excluded: tombstoned,
                                 withdrawnSeqs: withdrawnSeqs(session, db: db), words: db.searchWords()), db: db, timing: &timing)
        return outcome
    }

    /// The seq numbers of each writer's withdrawn events of `session`.
    static func withdrawnSeqs(_ session: String, db: any StoreSQL) throws -> [String: [Int]] {
        var seqs: [String: [Int]] = [:]
        for row in try db.rows("SELECT writer, seq FROM withdrawn_events WHERE session = ?", [session]) {
            seqs[row["writer"], default: []].append(row["seq"])
        }
        return seqs
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

    /// Deletes the events about withdrawn comments and participants from the stored lines, keeping only
    /// their ids and fingerprints (`withdrawn_events`); returns the ids deleted.
    private static func purgeEvents(about withdrawn: Set<String>, participants tombstoned: Set<String>, from events: [Event],
                                    session: String, db: any StoreSQL) throws -> Set<String> {
        let purged = Set(events.filter { event in
            if let comment = event.body.commentID, withdrawn.contains(comment) { return true }
            if case .participantAdded(let participant, _) = event.body, tombstoned.contains(participant) { return true }
            return false
        }.map(\.id))
        guard !purged.isEmpty else { return [] }
        for (event, hash) in try EventChunks.remove(ids: purged, session: session, db: db) {
            try db.execute("""
                INSERT INTO withdrawn_events (id, session, writer, seq, hash_high, hash_low) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """, [event.id, event.session, event.writer, event.seq, hash.storedHigh, hash.storedLow])
        }
        return purged
    }

    static func clear(session: String, db: any StoreSQL) throws {
        try db.indexComments(session: session, add: false)
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

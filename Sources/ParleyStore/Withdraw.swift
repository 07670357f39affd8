import Foundation
import GRDB
import ParleyCore

public struct WithdrawOutcome: Sendable, Equatable {
    public var session: String
    public var participant: String
    public var commentsRemoved: Int
    public var deletedCommentsRemoved: Int
    public var eventsRemoved: Int
    public var alreadyWithdrawn: Bool
}

extension Store {
    /// Removes a participant's comments from the store and everything derived from it, and records a
    /// tombstone so that merging the same logs again keeps them out. Their raw events are deleted too;
    /// only the events' ids stay, to recognise them. See docs/store.md.
    public func withdraw(session: String, participant: String) throws -> WithdrawOutcome {
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        defer { try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = OFF") } }
        return try write { db in
            let id = try Self.resolveSession(session, db: db)
            let known = try String.fetchAll(db, sql: """
                SELECT participant FROM participants WHERE session = ?
                UNION SELECT participant FROM comments WHERE session = ? AND participant IS NOT NULL
                UNION SELECT participant FROM tombstones WHERE session = ?
                ORDER BY 1
                """, arguments: [id, id, id])
            let name = known.first { $0 == participant } ?? known.first { $0.lowercased() == participant.lowercased() }
            guard let name else {
                let list = known.isEmpty ? "none" : known.joined(separator: ", ")
                throw UserError("no participant \"\(participant)\" in session \(id); its participants are: \(list)")
            }
            var outcome = WithdrawOutcome(session: id, participant: name, commentsRemoved: 0, deletedCommentsRemoved: 0,
                                          eventsRemoved: 0, alreadyWithdrawn: false)
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tombstones WHERE session = ? AND participant = ?)",
                                 arguments: [id, name]) ?? false {
                outcome.alreadyWithdrawn = true
                return outcome
            }
            try db.execute(sql: "INSERT INTO tombstones (session, participant, withdrawn_at) VALUES (?, ?, ?)",
                           arguments: [id, name, Timestamp.string(clock.now())])
            let result = try Derive.rebuild(session: id, db: db)
            outcome.commentsRemoved = result.withdrawnComments
            outcome.deletedCommentsRemoved = result.withdrawnDeletedComments
            outcome.eventsRemoved = result.purgedEvents
            // Merge the full-text index's segments so no trace of the removed text stays in them.
            try db.execute(sql: "INSERT INTO comments_fts (comments_fts) VALUES ('optimize')")
            return outcome
        }
    }
}

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
        try database.write(erasing: true) { db in
            let id = try Self.resolveSession(session, db: db)
            let known = try db.strings("""
                SELECT participant FROM participants WHERE session = ?
                UNION SELECT participant FROM comments WHERE session = ? AND participant IS NOT NULL
                UNION SELECT participant FROM tombstones WHERE session = ?
                ORDER BY 1
                """, [id, id, id])
            let name = known.first { $0 == participant } ?? known.first { $0.lowercased() == participant.lowercased() }
            guard let name else {
                let list = known.isEmpty ? "none" : known.joined(separator: ", ")
                throw UserError("no participant \"\(participant)\" in session \(id); its participants are: \(list)")
            }
            var outcome = WithdrawOutcome(session: id, participant: name, commentsRemoved: 0, deletedCommentsRemoved: 0,
                                          eventsRemoved: 0, alreadyWithdrawn: false)
            if try db.bool("SELECT EXISTS (SELECT 1 FROM tombstones WHERE session = ? AND participant = ?)", [id, name]) {
                outcome.alreadyWithdrawn = true
                return outcome
            }
            try db.execute("INSERT INTO tombstones (session, participant, withdrawn_at) VALUES (?, ?, ?)",
                           [id, name, Timestamp.string(clock.now())])
            let result = try Derive.rebuild(session: id, db: db)
            try db.eraseWithdrawn(session: id)
            outcome.commentsRemoved = result.withdrawnComments
            outcome.deletedCommentsRemoved = result.withdrawnDeletedComments
            outcome.eventsRemoved = result.purgedEvents
            return outcome
        }
    }
}

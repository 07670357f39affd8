import Foundation
import GRDB
import ParleyCore
import ParleyReports

/// Which sessions a query covers: the given ones (ids or unique prefixes), or all.
public struct Scope: Sendable {
    public var sessions: [String]?
    public var deck: String?
    public init(sessions: [String]? = nil, deck: String? = nil) { self.sessions = sessions; self.deck = deck }
    public static let all = Scope()
}

extension Store {
    /// Full session ids in scope, in (started_at, id) order.
    func sessionIDs(_ scope: Scope, db: any StoreSQL) throws -> [String] {
        var ids = try db.strings("SELECT id FROM sessions ORDER BY started_at, id")
        if let wanted = scope.sessions, !wanted.isEmpty {
            let resolved = Set(try wanted.map { try Self.resolveSession($0, db: db) })
            ids = ids.filter { resolved.contains($0) }
        }
        if let deck = scope.deck {
            let matching = Set(try db.strings("SELECT id FROM sessions WHERE deck_id = ?", [deck]))
            if matching.isEmpty {
                let decks = try db.strings("SELECT DISTINCT deck_id FROM sessions ORDER BY deck_id")
                throw UserError("no session of deck \"\(deck)\" in the store; decks are: \(decks.joined(separator: ", "))")
            }
            ids = ids.filter { matching.contains($0) }
        }
        return ids
    }

    /// Runs `body` on the rows of the sessions in `scope`, in one read transaction.
    func readScope<T>(_ scope: Scope, _ body: (ScopeRows) throws -> T) throws -> T {
        try read { db in try body(ScopeRows(db, ids: try sessionIDs(scope, db: db))) }
    }

    /// Every session, oldest first.
    public func sessions() throws -> [SessionSummary] {
        try readScope(.all) { try $0.summaries() }
    }

    /// Every live comment in scope, in (session start, session id, comment order) order.
    public func comments(_ scope: Scope = .all) throws -> [CommentRecord] {
        try readScope(scope) { try $0.comments() }
    }

    /// The codes of the sessions in scope (each session's codebook, then its emergent tags).
    public func codes(_ scope: Scope = .all) throws -> [CodeRow] {
        try readScope(scope) { try $0.codes() }
    }
}

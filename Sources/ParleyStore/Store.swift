import Foundation
import GRDB
import PostgresNIO
import ParleyCore

/// The analysis store: every merged event (the source of truth) and tables derived from them, in one
/// SQLite file (default `parley.sqlite`, mode 0600) or a shared PostgreSQL database. See docs/store.md.
/// Every operation is written once, against `StoreSQL`; `StoreDatabase` is the database under it.
public final class Store {
    public static let defaultPath = "parley.sqlite"

    /// What error messages call the store: its file, or its PostgreSQL location without a password.
    public let path: String
    let database: any StoreDatabase
    /// Stamps withdrawals.
    let clock: any Clock
    /// The schema migrations opening the store applied (none for a store already up to date).
    public private(set) var migrated: [String] = []
    /// What opening the store found worth a warning (a team store made by someone other than its owner).
    public private(set) var warnings: [String] = []

    public enum Mode: Sendable {
        /// Create the store if it does not exist (merge).
        case create
        /// The store must exist (every other command).
        case existing
    }

    /// Which database holds the store.
    public var engine: StoreEngine { database.engine }

    /// Opens (or creates) the store file and brings its schema up to date.
    public convenience init(path: String = Store.defaultPath, mode: Mode = .existing, clock: any Clock = SystemClock()) throws {
        let (database, readOnly) = try SQLiteStoreDatabase.open(path: path, mode: mode)
        if readOnly {
            try database.checkReadOnly()
            self.init(opened: database, path: path, clock: clock)
        } else {
            try database.prepare()
            self.init(opened: database, path: path, clock: clock)
            migrated = database.migrated
        }
    }

    /// A store over a database GRDB has opened (`DatabaseQueue()` for one in memory), its schema brought
    /// up to date. `name` stands for the store in error messages.
    public convenience init(database: any DatabaseWriter, name: String, clock: any Clock = SystemClock()) throws {
        let sqlite = SQLiteStoreDatabase(writer: database, name: name)
        try sqlite.prepare()
        self.init(opened: sqlite, path: name, clock: clock)
    }

    /// The store at `location`: a file, or a PostgreSQL database (created by its administrator; its
    /// tables are made on first use). `mode` matters for a file only.
    public convenience init(location: StoreLocation, mode: Mode = .existing, clock: any Clock = SystemClock()) throws {
        switch location {
        case .sqlite(let path):
            try self.init(path: path, mode: mode, clock: clock)
        case .postgres(let postgres):
            try self.init(postgres: postgres, clock: clock)
        }
    }

    /// A store in a PostgreSQL database, its schema brought up to date (migrations applied are in
    /// `migrated`). Messages name it by its location without the password.
    public convenience init(postgres location: PostgresLocation, clock: any Clock = SystemClock()) throws {
        let name = location.redacted
        let database: PostgresStoreDatabase
        do {
            database = try PostgresStoreDatabase.connect(try location.connectionConfiguration(), name: name)
        } catch let error as PostgresStoreDatabase.ConnectFailure {
            throw location.connectionFailure(error.underlying)
        }
        let prepared = try database.prepare()
        self.init(opened: database, path: name, clock: clock)
        migrated = prepared.migrated
        warnings = prepared.warnings
    }

    private init(opened database: any StoreDatabase, path: String, clock: any Clock) {
        self.database = database
        self.path = path
        self.clock = clock
    }

    /// Runs `body` in one write transaction.
    func write<T>(_ body: (any StoreSQL) throws -> T) throws -> T {
        try database.write(erasing: false, body)
    }

    /// Runs `body` in one read transaction (one snapshot).
    func read<T>(_ body: (any StoreSQL) throws -> T) throws -> T {
        try database.read(body)
    }

    /// The database's own integrity checks: "ok" when the store is sound.
    public func integrityCheck() throws -> String {
        try database.integrityCheck()
    }

    /// Runs a read-only SQL query, for tests and ad-hoc inspection: rows of text cells.
    public func query(_ sql: String) throws -> [[String]] {
        try read { db in
            try db.values(sql).map { row in
                row.map { value in
                    switch value.storage {
                    case .null: return ""
                    case .int64(let v): return String(v)
                    case .double(let v): return String(v)
                    case .string(let s): return s
                    case .blob(let d): return d.map { String(format: "%02x", $0) }.joined()
                    }
                }
            }
        }
    }

    /// The full id of the session `text` names: its whole id or a unique prefix (at least 4 characters).
    public func resolveSession(_ text: String) throws -> String {
        try read { db in try Self.resolveSession(text, db: db) }
    }

    static func resolveSession(_ text: String, db: any StoreSQL) throws -> String {
        let typed = text.trimmingCharacters(in: .whitespaces), wanted = typed.lowercased()
        let ids = try db.strings("SELECT id FROM sessions ORDER BY started_at, id")
        // Ids are matched ignoring case (they are typed), but an id given exactly is that session even when
        // another differs from it only in case; two that do, given in neither's case, are ambiguous.
        if ids.contains(typed) { return typed }
        let sameButCase = ids.filter { $0.lowercased() == wanted }
        if sameButCase.count == 1 { return sameButCase[0] }
        if sameButCase.count > 1 {
            throw UserError("session \"\(text)\" is ambiguous: \(sameButCase.joined(separator: " and ")) differ only in case; give one exactly")
        }
        let matches = wanted.count >= 4 ? ids.filter { $0.lowercased().hasPrefix(wanted) } : []
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw UserError("session \"\(text)\" is ambiguous: it starts \(matches.count) sessions; give more of the id")
        }
        if ids.isEmpty { throw UserError("no session \"\(text)\": the store has no sessions yet; merge logs first") }
        let list = ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
        let short = wanted.count < 4 ? " (a prefix needs 4 or more characters)" : ""
        throw UserError("no session \"\(text)\" in the store\(short); sessions are: \(list) (see parley sessions)")
    }

    /// Every event of one session in replay order: (at, writer, seq, id). Withdrawn events are gone.
    public func events(session: String) throws -> [Event] {
        try read { db in
            let id = try Self.resolveSession(session, db: db)
            return EventOrder.sorted(try StoredLines.read(db, session: id).events())
        }
    }
}

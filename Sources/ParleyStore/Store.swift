import Foundation
import GRDB
import ParleyCore

/// The analysis store: one SQLite file (default `parley.sqlite`, mode 0600) holding every merged
/// event (the source of truth) and tables derived from them. See docs/store.md.
/// It runs over any GRDB `DatabaseWriter` (a file, or a `DatabaseQueue()` in memory for tests).
public final class Store {
    public static let defaultPath = "parley.sqlite"
    /// `PRAGMA application_id` of a Parley store ("PRLY").
    static let applicationID: Int32 = 0x5052_4C59

    /// What error messages call the store: its file, or a name given to an in-memory one.
    public let path: String
    let database: any DatabaseWriter
    /// Stamps withdrawals.
    let clock: any Clock

    public enum Mode: Sendable {
        /// Create the store if it does not exist (merge).
        case create
        /// The store must exist (every other command).
        case existing
    }

    /// Opens (or creates) the store file and brings its schema up to date.
    public convenience init(path: String = Store.defaultPath, mode: Mode = .existing, clock: any Clock = SystemClock()) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue { throw UserError("\(path) is a folder, not a store; pass --store FILE") }
        if !exists {
            guard mode == .create else {
                throw UserError("no store at \(path); merge session logs first (parley merge LOG…) or pass --store PATH")
            }
            try Self.createOwnerOnly(path)
        }
        // A store we may not write (a colleague's copy, a read-only share) can still be read.
        let readOnly = exists && mode == .existing && !manager.isWritableFile(atPath: path)
        var configuration = Configuration()
        configuration.label = "parley-store"
        configuration.readonly = readOnly
        // Another parley command using the store: wait for it rather than fail at once.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw UserError(Self.describe(error, path: path))
        }
        if readOnly {
            try Self.checkReadOnly(queue, path: path)
            self.init(opened: queue, path: path, clock: clock)
        } else {
            try self.init(database: queue, name: path, clock: clock)
        }
    }

    /// A store over a database GRDB has opened (`DatabaseQueue()` for one in memory), its schema brought
    /// up to date. `name` stands for the store in error messages.
    public convenience init(database: any DatabaseWriter, name: String, clock: any Clock = SystemClock()) throws {
        do {
            // Most opens find the store up to date and write nothing, so they never wait for a merge.
            if try !database.read(Self.isCurrent) { try Self.setUp(database, path: name) }
        } catch let error as DatabaseError {
            throw UserError(Self.describe(error, path: name))
        }
        self.init(opened: database, path: name, clock: clock)
    }

    private init(opened database: any DatabaseWriter, path: String, clock: any Clock) {
        self.database = database
        self.path = path
        self.clock = clock
    }

    /// Participants' words: owner-only from the first byte.
    private static func createOwnerOnly(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw UserError("cannot create the store \(path): folder \(directory) does not exist")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        // Another parley created it a moment ago: it is that one's new store, set up under SQLite's lock.
        if descriptor < 0 && errno == EEXIST { return }
        guard descriptor >= 0 else { throw UserError("cannot create the store \(path): \(String(cString: strerror(errno)))") }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// A store opened read-only is read as it is: it must be a Parley store of this schema version.
    private static func checkReadOnly(_ queue: DatabaseQueue, path: String) throws {
        do {
            try queue.read { db in
                guard try Int32.fetchOne(db, sql: "PRAGMA application_id") == applicationID else {
                    throw UserError("\(path) is not a Parley store (an SQLite database made by another program)")
                }
                if try Schema.migrator.hasBeenSuperseded(db) {
                    throw UserError("\(path) was written by a newer Parley; update Parley to read it")
                }
                if try !Schema.migrator.hasCompletedMigrations(db) {
                    throw UserError("\(path) was written by an older Parley and must be upgraded, but it is read-only")
                }
            }
        } catch let error as DatabaseError {
            throw UserError(describe(error, path: path))
        }
    }

    static func describe(_ error: DatabaseError, path: String) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB: return "\(path) is not a Parley store (not an SQLite database)"
        case .SQLITE_CORRUPT: return "\(path) is damaged (\(error.message ?? "corrupt")); merge the logs into a new store"
        case .SQLITE_READONLY: return "\(path) is read-only"
        case .SQLITE_CANTOPEN: return "cannot open \(path)"
        case .SQLITE_FULL: return "disk full while writing \(path); nothing was changed"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "\(path) is in use by another parley command; try again when it has finished"
        default: return "\(path): \(error.message ?? "\(error.resultCode)")"
        }
    }

    /// A Parley store whose schema and derived tables are those of this version: opening it writes nothing.
    private static func isCurrent(_ db: Database) throws -> Bool {
        try Int32.fetchOne(db, sql: "PRAGMA application_id") == applicationID
            && Schema.migrator.hasCompletedMigrations(db) && !Schema.migrator.hasBeenSuperseded(db)
            && Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 >= Derive.version
    }

    /// Gives a new store its identity and schema, or brings an older one up to date, holding SQLite's
    /// lock from the first check to the last write: another parley opening the same store at the same
    /// moment (two merges creating it) waits, then finds it complete, rather than migrating it twice.
    private static func setUp(_ database: any DatabaseWriter, path: String) throws {
        // Larger pages: fewer page writes for the merge's long rows. Only possible on a new file, and
        // only before the transaction that first writes it.
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA page_size = 16384") }
        defer {
            try? database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA locking_mode = NORMAL")
                // The lock is let go at the next access.
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
            }
        }
        try database.write { db in
            // Once this transaction has the write lock, keep it after the commit, until set back above.
            // (Set before the lock is won, a waiting connection would keep its read lock and deadlock.)
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            try checkIdentity(db, path: path)
        }
        if try database.read({ try Schema.migrator.hasBeenSuperseded($0) }) {
            throw UserError("\(path) was written by a newer Parley; update Parley to read it")
        }
        try Schema.migrator.migrate(database)
        // A read-only store keeps what it was derived with; a writable one is brought up to date.
        try database.write { try Derive.upgrade(db: $0) }
    }

    /// Refuses an SQLite database that some other program made.
    private static func checkIdentity(_ db: Database, path: String) throws {
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        if id == 0 && tables == 0 {
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        } else if id != applicationID {
            throw UserError("\(path) is not a Parley store (an SQLite database made by another program)")
        }
    }

    /// Runs `body` in one write transaction, turning SQLite failures into one-line user errors.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as DatabaseError {
            throw UserError(Self.describe(error, path: path))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw UserError(Self.describe(error, path: path))
        }
    }

    /// `PRAGMA integrity_check` and the full-text index's own check: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        let sqlite = try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
        guard sqlite == "ok" else { return sqlite }
        do {
            try database.write { db in try db.execute(sql: "INSERT INTO comments_fts (comments_fts) VALUES ('integrity-check')") }
        } catch let error as DatabaseError {
            return "full-text index: \(error.message ?? "damaged")"
        }
        return "ok"
    }

    /// Runs a read-only SQL query, for tests and ad-hoc inspection: rows of text cells.
    public func query(_ sql: String) throws -> [[String]] {
        try read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                row.databaseValues.map { value in
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

    static func resolveSession(_ text: String, db: Database) throws -> String {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        let ids = try String.fetchAll(db, sql: "SELECT id FROM sessions ORDER BY started_at, id")
        if let exact = ids.first(where: { $0.lowercased() == wanted }) { return exact }
        let matches = wanted.count >= 4 ? ids.filter { $0.lowercased().hasPrefix(wanted) } : []
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw UserError("session \"\(text)\" is ambiguous: it starts \(matches.count) sessions; give more of the id")
        }
        if ids.isEmpty { throw UserError("no session \"\(text)\": the store has no sessions yet; merge logs first") }
        let list = ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
        throw UserError("no session \"\(text)\" in the store; sessions are: \(list) (see parley sessions)")
    }

    /// Every event of one session in replay order: (at, writer, seq, id). Withdrawn events are gone.
    public func events(session: String) throws -> [Event] {
        try read { db in
            let id = try Self.resolveSession(session, db: db)
            let rows = try String.fetchAll(db, sql: "SELECT json FROM events WHERE session = ?", arguments: [id])
            return EventOrder.sorted(Derive.decodeStored(rows))
        }
    }
}

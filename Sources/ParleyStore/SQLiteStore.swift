import Foundation
import GRDB
import ParleyCore

/// A store in one SQLite file (GRDB): the default, for one researcher's laptop.
final class SQLiteStoreDatabase: StoreDatabase {
    /// `PRAGMA application_id` of a Parley store ("PRLY").
    static let applicationID: Int32 = 0x5052_4C59

    let writer: any DatabaseWriter
    /// What error messages call the store.
    let name: String
    var engine: StoreEngine { .sqlite }

    init(writer: any DatabaseWriter, name: String) {
        self.writer = writer
        self.name = name
    }

    /// Opens (or creates) the store file. `readOnly` when the file may be read but not written.
    static func open(path: String, mode: Store.Mode) throws -> (database: SQLiteStoreDatabase, readOnly: Bool) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue { throw UserError("\(path) is a folder, not a store; pass --store FILE") }
        if !exists {
            guard mode == .create else {
                throw UserError("no store at \(path); merge session logs first (parley merge LOG…) or pass --store PATH")
            }
            try createOwnerOnly(path)
        }
        // A store we may not write (a colleague's copy, a read-only share) can still be read.
        let readOnly = exists && mode == .existing && !manager.isWritableFile(atPath: path)
        var configuration = Configuration()
        configuration.label = "parley-store"
        configuration.readonly = readOnly
        // Another parley command changing the store: wait for it rather than fail (a merge of a
        // whole study takes a minute or two; changes take turns, as if run one after the other).
        configuration.busyMode = .timeout(600)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            return (SQLiteStoreDatabase(writer: queue, name: path), readOnly)
        } catch let error as DatabaseError {
            throw UserError(describe(error, path: path))
        }
    }

    /// Participants' words: owner-only from the first byte.
    private static func createOwnerOnly(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw UserError("cannot create the store \(path): folder \(directory) does not exist")
        }
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        // Another parley created it a moment ago: it is that one's new store, set up under SQLite's lock.
        if descriptor < 0 && errno == EEXIST { return }
        guard descriptor >= 0 else { throw UserError("cannot create the store \(path): \(String(cString: strerror(errno)))") }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// Brings the schema and derived tables up to date (refusing databases of other programs and of newer
    /// Parleys). Most opens find the store current and write nothing, so they never wait for a merge.
    func prepare() throws {
        do {
            if try !writer.read(isCurrent) { try setUp() }
        } catch let error as DatabaseError {
            throw UserError(Self.describe(error, path: name))
        }
    }

    /// A Parley store whose schema and derived tables are those of this version: opening it writes nothing.
    private func isCurrent(_ db: Database) throws -> Bool {
        try Int32.fetchOne(db, sql: "PRAGMA application_id") == Self.applicationID
            && Schema.migrator.hasCompletedMigrations(db) && !Schema.migrator.hasBeenSuperseded(db)
            && SQLiteSQL(db).derivedVersion() >= Derive.version
    }

    /// Gives a new store its identity and schema, or brings an older one up to date, holding SQLite's
    /// lock from the first check to the last write: another parley opening the same store at the same
    /// moment (two merges creating it) waits, then finds it complete, rather than migrating it twice.
    private func setUp() throws {
        // Larger pages: fewer page writes for the merge's long rows. Only possible on a new file, and
        // only before the transaction that first writes it.
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA page_size = 16384") }
        defer {
            try? writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA locking_mode = NORMAL")
                // The lock is let go at the next access.
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
            }
        }
        try writer.write { db in
            // Once this transaction has the write lock, keep it after the commit, until set back above.
            // (Set before the lock is won, a waiting connection would keep its read lock and deadlock.)
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            try checkIdentity(db)
        }
        if try writer.read({ try Schema.migrator.hasBeenSuperseded($0) }) {
            throw UserError("\(name) was written by a newer Parley; update Parley to read it")
        }
        let applied = try writer.read { try Schema.migrator.appliedIdentifiers($0) }
        try Schema.migrator.migrate(writer)
        if !applied.isEmpty {
            migrated = try writer.read { try Schema.migrator.appliedIdentifiers($0) }.subtracting(applied).sorted()
        }
        try writer.write { try Derive.upgrade(db: SQLiteSQL($0)) }
    }

    /// The migrations `prepare` applied to a store that had some already (none for a new store).
    private(set) var migrated: [String] = []

    /// A store opened read-only is read as it is: it must be a Parley store of this schema version.
    func checkReadOnly() throws {
        do {
            try writer.read { db in
                guard try Int32.fetchOne(db, sql: "PRAGMA application_id") == Self.applicationID else {
                    throw UserError("\(name) is not a Parley store (an SQLite database made by another program)")
                }
                if try Schema.migrator.hasBeenSuperseded(db) {
                    throw UserError("\(name) was written by a newer Parley; update Parley to read it")
                }
                if try !Schema.migrator.hasCompletedMigrations(db) {
                    throw UserError("\(name) was written by an older Parley and must be upgraded, but it is read-only")
                }
            }
        } catch let error as DatabaseError {
            throw UserError(Self.describe(error, path: name))
        }
    }

    /// Refuses an SQLite database that some other program made.
    private func checkIdentity(_ db: Database) throws {
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        if id == 0 && tables == 0 {
            try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
        } else if id != Self.applicationID {
            throw UserError("\(name) is not a Parley store (an SQLite database made by another program)")
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

    func write<T>(erasing: Bool, _ body: (any StoreSQL) throws -> T) throws -> T {
        do {
            guard erasing else { return try writer.write { try body(SQLiteSQL($0)) } }
            // Deleted content is overwritten with zeros in the file, not only unlinked.
            try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
            defer { try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = OFF") } }
            return try writer.write { db in try body(SQLiteSQL(db)) }
        } catch let error as DatabaseError {
            throw UserError(Self.describe(error, path: name))
        }
    }

    func read<T>(_ body: (any StoreSQL) throws -> T) throws -> T {
        do {
            return try writer.read { try body(SQLiteSQL($0)) }
        } catch let error as DatabaseError {
            throw UserError(Self.describe(error, path: name))
        }
    }

    /// `PRAGMA integrity_check` and the full-text index's own check.
    func integrityCheck() throws -> String {
        let sqlite = try read { db in try db.strings("PRAGMA integrity_check").joined(separator: "; ") }
        guard sqlite == "ok" else { return sqlite }
        do {
            try writer.write { db in try db.execute(sql: "INSERT INTO comments_fts (comments_fts) VALUES ('integrity-check')") }
        } catch let error as DatabaseError {
            return "full-text index: \(error.message ?? "damaged")"
        }
        return "ok"
    }
}

/// A GRDB connection inside a transaction, as the store's code sees it.
final class SQLiteSQL: StoreSQL {
    let db: Database
    var engine: StoreEngine { .sqlite }
    var columnsInQueryOrder: Bool { true }
    var storesSearchWords: Bool { false }

    init(_ db: Database) { self.db = db }

    func execute(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws {
        if arguments.isEmpty {
            try db.execute(sql: sql)
        } else {
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(StoredText.storable(arguments)))
        }
    }

    func rows(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(StoredText.storable(arguments)))
    }

    func values(_ sql: String) throws -> [[DatabaseValue]] {
        try rows(sql, []).map { Array($0.databaseValues) }
    }

    /// Decoded straight from the statement, without copying each row first.
    func records<T: FetchableRecord>(_ type: T.Type, _ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> [T] {
        try T.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(StoredText.storable(arguments)))
    }

    func eachRow(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?], _ body: (Row) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(StoredText.storable(arguments)))
        while let row = try cursor.next() { try body(row) }
    }

    func bulkInsertComments(session: String, columns: [String], total: Int) throws -> any RowBatch {
        try bulkInsert("comments", columns: columns, total: total)
    }

    func bulkInsert(_ table: String, columns: [String], total: Int) throws -> any RowBatch {
        BatchInsert(db, head: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES", columns: columns.count, total: total)
    }

    func indexComments(session: String, add: Bool) throws {
        // The full-text index takes its text from `comments`: remove exactly what was added.
        if add {
            try execute("INSERT INTO comments_fts (rowid, text) SELECT n, text FROM comments WHERE session = ? AND deleted = 0", [session])
        } else {
            try execute("""
                INSERT INTO comments_fts (comments_fts, rowid, text) SELECT 'delete', n, text FROM comments WHERE session = ? AND deleted = 0
                """, [session])
        }
    }

    /// FTS5 keeps new entries in memory up to `hashsize` bytes (1 MiB by default), then writes them as a
    /// segment and merges segments as they pile up. A merge indexes every comment in one transaction:
    /// with room for all of it, the index is written once, at the commit, and nothing is merged twice
    /// (a fifth less time for the index). Set back to the default once the merge has indexed its comments.
    func eraseWithdrawn(session: String) throws {
        // The whole index's segments merged into one: FTS5 keeps no part of it per session.
        try execute("INSERT INTO comments_fts (comments_fts) VALUES ('optimize')")
    }

    func indexCommentsInBulk(_ bulk: Bool) throws {
        try execute("INSERT INTO comments_fts (comments_fts, rank) VALUES ('hashsize', ?)", [bulk ? 256 << 20 : 1 << 20])
    }

    func derivedVersion() throws -> Int { try int("PRAGMA user_version") ?? 0 }

    func setDerivedVersion(_ version: Int) throws { try db.execute(sql: "PRAGMA user_version = \(version)") }
}

extension BatchInsert: RowBatch {
    /// Every batch has run by the last row (the total was given up front).
    mutating func finish() throws {}
}

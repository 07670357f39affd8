import Foundation
import GRDB
import Logging
import NIOCore
import NIOPosix
import ParleyCore
import PostgresNIO

/// A store in a PostgreSQL database, shared by a research team. One connection per process; every
/// write transaction first takes one advisory lock, so writers (merges, withdrawals, alignments from
/// several laptops) run one after the other and each sees all that the ones before it committed —
/// exactly as if they had run in turn. Reads run in REPEATABLE READ: one snapshot per document.
final class PostgresStoreDatabase: StoreDatabase {
    /// The advisory lock every writer holds ("PRLY").
    static let writerLock: Int64 = 0x5052_4C59
    /// How often a transaction the server aborted for a conflict (serialization failure, deadlock)
    /// is tried again before the error is shown.
    static let attempts = 5

    let name: String
    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    private let logger: Logger
    /// One transaction at a time on the one connection.
    private let lock = NSLock()
    var engine: StoreEngine { .postgres }

    private init(name: String, group: MultiThreadedEventLoopGroup, connection: PostgresConnection, logger: Logger) {
        self.name = name
        self.group = group
        self.connection = connection
        self.logger = logger
    }

    /// The connection dropped under a transaction: postgres-nio may hold a COPY it never finishes.
    private var lost = false

    deinit {
        try? connection.close().wait()
        // A COPY postgres-nio never finished (its connection dropped) would be scheduled on the stopped loop,
        // and NIO and Swift's runtime print their complaints over the one line that says what happened: the
        // loop's thread is left to the process's end instead.
        if !lost { try? group.syncShutdownGracefully() }
    }

    /// Connects; `name` is what messages call the store (its location without a password).
    static func connect(_ configuration: PostgresConnection.Configuration, name: String) throws -> PostgresStoreDatabase {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var logger = Logger(label: "parley-store")
        logger.logLevel = .critical
        do {
            let connection = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1, logger: logger).wait()
            return PostgresStoreDatabase(name: name, group: group, connection: connection, logger: logger)
        } catch {
            try? group.syncShutdownGracefully()
            throw ConnectFailure(underlying: error)
        }
    }

    /// Connecting failed: `PostgresLocation.connectionFailure` says why in a researcher's words.
    struct ConnectFailure: Error {
        var underlying: any Error
    }

    /// A server's or the network's error in one line.
    static func describe(_ error: any Error) -> String {
        if PostgresConnectionLost.says(error) { return PostgresConnectionLost().description }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + state + (error.serverInfo?[.detail].map { "; \($0)" } ?? "")
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// `erasing` asks nothing more here: what a withdrawal removed is cleared from the server's files after
    /// its commit (`eraseWithdrawn`).
    func write<T>(erasing: Bool, _ body: (any StoreSQL) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL READ COMMITTED", locked: true, body)
    }

    func read<T>(_ body: (any StoreSQL) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", locked: false, body)
    }

    /// Runs `body` in a transaction, tried again when the server aborted it for a conflict.
    private func transaction<T>(_ begin: String, locked: Bool, _ body: (any StoreSQL) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let sql = PostgresSQL(connection: connection, logger: logger)
        var attempt = 1
        while true {
            var committing = false
            sql.afterCommit = []
            do {
                try sql.execute(begin)
                if locked { try sql.execute("SELECT pg_advisory_xact_lock(\(Self.writerLock))") }
                let result = try body(sql)
                try sql.settle()
                committing = true
                try sql.execute("COMMIT")
                try sql.settle()
                try runAfterCommit(sql)
                return result
            } catch let error as AfterCommitFailure {
                throw error.userError
            } catch {
                if PostgresConnectionLost.says(error) { lost = true }
                // Once COMMIT is sent, a lost connection leaves unknown whether the server committed.
                if committing, locked, PostgresConnectionLost.says(error) {
                    throw UserError("\(name): \(Self.describe(error)) while the change was being saved: it may or may not have been; "
                                    + "run the command again to be sure (it does nothing more if it was)")
                }
                try? sql.settle()
                try? sql.execute("ROLLBACK")
                try? sql.settle()
                let state = Self.sqlState(error)
                if (state == "40001" || state == "40P01"), attempt < Self.attempts {
                    attempt += 1
                    continue
                }
                if error is UserError { throw error }
                throw UserError("\(name): \(Self.describe(error)); nothing was changed")
            }
        }
    }

    /// What a transaction left to run once it committed (`PostgresSQL.afterCommit`), still holding the
    /// connection; a failure there is said as one that left the change saved.
    private func runAfterCommit(_ sql: PostgresSQL) throws {
        let statements = sql.afterCommit
        guard !statements.isEmpty else { return }
        do {
            // Under the writers' lock (held by this session, as no transaction is open): a merge that came in
            // meanwhile would otherwise deadlock with the REINDEX (measured: the race test hit it).
            try sql.execute("SELECT pg_advisory_lock(\(Self.writerLock))")
            defer { try? sql.execute("SELECT pg_advisory_unlock(\(Self.writerLock))"); try? sql.settle() }
            for statement in statements { try sql.execute(statement) }
            try sql.settle()
        } catch {
            throw AfterCommitFailure(userError: UserError("\(name): the change was saved, but clearing what it removed from the server's files "
                + "failed: \(Self.describe(error)); a database administrator can run: \(statements.joined(separator: "; "))"))
        }
    }

    private struct AfterCommitFailure: Error { var userError: UserError }

    func integrityCheck() throws -> String {
        // The server keeps its own files consistent; check what Parley relies on: every table there.
        let missing = try read { db in
            try Set(PostgresSchema.tables).subtracting(db.strings("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
        }
        return missing.isEmpty ? "ok" : "missing tables: " + missing.sorted().joined(separator: ", ")
    }

    /// Brings the schema and derived tables up to date under the writers' lock; returns the migrations
    /// applied to a store that had some already (none for a new store), and what to warn of.
    func prepare() throws -> (migrated: [String], warnings: [String]) {
        // Most opens find the store current and take no lock, so they never wait for a merge.
        if try read(PostgresSchema.isCurrent) { return ([], []) }
        return try write(erasing: false) { db in
            let created = try db.string("SELECT to_regclass('parley_migrations')::text") == nil
            let migrated = try PostgresSchema.migrate(db)
            try Derive.upgrade(db: db)
            return (migrated, created ? try Self.ownerWarning(db) : [])
        }
    }

    /// Tables belong to whoever creates them: made by someone other than the database's owner (a team
    /// not set up as docs/store-postgres.md says), the others are refused and that person cannot leave.
    private static func ownerWarning(_ db: any StoreSQL) throws -> [String] {
        let row = try db.rows("""
            SELECT current_user::text AS creator, pg_get_userbyid(datdba)::text AS owner FROM pg_database WHERE datname = current_database()
            """)
        guard let row = row.first else { return [] }
        let creator: String = row["creator"], owner: String = row["owner"]
        guard creator != owner else { return [] }
        return ["the store's tables were made by \(creator), not by the database's owner \(owner), so they belong to \(creator): "
                + "others may be refused (permission denied). For a team, each researcher acts as the owner's role "
                + "(docs/store-postgres.md, Setting up a team store)"]
    }
}

/// The one connection inside a transaction. SQL written with `?` is sent with `$1, $2, …`.
final class PostgresSQL: StoreSQL {
    let connection: PostgresConnection
    let logger: Logger
    var engine: StoreEngine { .postgres }
    var columnsInQueryOrder: Bool { false }
    var storesSearchWords: Bool { true }
    /// Statements to run once the transaction has committed, outside it (see `eraseWithdrawn`).
    var afterCommit: [String] = []

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// A script's statements: each ends a line with `;`, but not inside a `$body$ … $body$` function body.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        for piece in script.components(separatedBy: ";\n") {
            if let last = statements.last, last.components(separatedBy: "$body$").count % 2 == 0 {
                statements[statements.count - 1] = last + ";\n" + piece
            } else {
                statements.append(piece)
            }
        }
        return statements
    }

    /// `sql` with its `?` numbered (outside quoted text), and the arguments as binds.
    static func query(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> PostgresQuery {
        var text = ""
        text.reserveCapacity(sql.utf8.count + 8)
        var number = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                text += "$\(number)"
            } else {
                text.append(character)
            }
        }
        precondition(number == arguments.count, "\(number) placeholders, \(arguments.count) arguments: \(sql)")
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch (argument?.databaseValue ?? .null).storage {
            case .null: binds.appendNull()
            case .int64(let value): binds.append(value)
            case .double(let value): binds.append(value)
            case .string(let value): binds.append(StoredText.storable(value))
            case .blob(let data): binds.append(ByteBuffer(bytes: data))
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }

    /// Writes sent and not answered yet, in the order sent. A write nothing reads the answer of is sent
    /// without waiting, so the server works while this process goes on (a merge works out and formats
    /// the next rows); the next read, or the end of the transaction, waits for them all, and the first
    /// error among them fails it, so the transaction rolls back as ever.
    private var unanswered: [EventLoopFuture<Void>] = []
    /// The bytes the unanswered writes hold, and how many may be held (a chunk of events is a MiB).
    private var unansweredBytes = 0
    private static let mostUnansweredBytes = 64 << 20

    /// Sends a statement through `Blocking`'s queue, which every statement and COPY goes through, so the
    /// server gets them in the order they were made.
    private func send(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> EventLoopFuture<PostgresQueryResult> {
        // postgres-nio drops a query sent on a closed connection without answering it.
        guard !connection.isClosed else { throw PostgresConnectionLost() }
        let query = try Self.query(sql, arguments)
        let promise = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        Blocking.enqueue { [connection, logger] in connection.query(query, logger: logger).cascade(to: promise) }
        return promise.futureResult
    }

    /// Waits for every write sent; throws the first one's error.
    func settle() throws {
        guard !unanswered.isEmpty else { return }
        let waiting = unanswered
        unanswered = []
        unansweredBytes = 0
        var first: (any Error)?
        for answer in waiting {
            do { try connection.answer(answer) } catch { if first == nil { first = error } }
        }
        if let first { throw first }
    }

    /// A write to wait for later (see `unanswered`), holding `bytes`.
    func answerLater(_ answer: EventLoopFuture<Void>, bytes: Int = 0) throws {
        unanswered.append(answer)
        unansweredBytes += bytes
        if unansweredBytes >= Self.mostUnansweredBytes { try settle() }
    }

    @discardableResult
    private func run(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> PostgresQueryResult {
        try settle()
        let answer = try send(sql, arguments)
        return try connection.answer(answer)
    }

    func execute(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws {
        if arguments.isEmpty {
            // One statement per message (the schema's scripts hold several, each ending a line with `;`).
            for statement in Self.statements(sql) where statement.contains(where: { !$0.isWhitespace }) {
                try answerLater(send(statement, []).map { _ in })
            }
        } else {
            let bytes = arguments.reduce(0) { bytes, argument in
                switch argument?.databaseValue.storage {
                case .blob(let data): bytes + data.count
                case .string(let text): bytes + text.utf8.count
                default: bytes + 8
                }
            }
            try answerLater(send(sql, arguments).map { _ in }, bytes: bytes)
        }
    }

    func rows(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> [Row] {
        try run(sql, arguments).rows.map(Self.row)
    }

    func values(_ sql: String) throws -> [[DatabaseValue]] {
        try run(sql, []).rows.map { row in row.map { Self.value($0)?.databaseValue ?? .null } }
    }

    func records<T: FetchableRecord>(_ type: T.Type, _ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> [T] {
        try rows(sql, arguments).map { try T(row: $0) }
    }

    func eachRow(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?], _ body: (Row) throws -> Void) throws {
        for row in try run(sql, arguments).rows { try body(Self.row(row)) }
    }

    /// A server row as a GRDB row: integers and booleans as integers (as SQLite has them), text, bytes;
    /// its columns in no order (read them by name).
    static func row(_ row: PostgresRow) -> Row {
        var values: [String: (any DatabaseValueConvertible)?] = [:]
        for cell in row {
            values[cell.columnName] = value(cell)
        }
        return Row(values)
    }

    private static func value(_ cell: PostgresCell) -> (any DatabaseValueConvertible)? {
        guard cell.bytes != nil else { return nil }
        switch cell.dataType {
        case .int2, .int4, .int8: return try? cell.decode(Int64.self)
        case .bool: return (try? cell.decode(Bool.self)).map { $0 ? 1 : 0 } as Int64?
        case .float4, .float8: return try? cell.decode(Double.self)
        case .bytea: return (try? cell.decode(ByteBuffer.self)).map { Data($0.readableBytesView) }
        default: return try? cell.decode(String.self)
        }
    }

    func bulkInsert(_ table: String, columns: [String], total: Int) throws -> any RowBatch {
        PostgresCopy(connection: connection, logger: logger, table: table, columns: columns) { [unowned self] in try answerLater($0) }
    }

    /// Into a table of their own, then put in place by `parley_place_comments` (PostgresSchema's v5): a new
    /// session's become its partition, indexed in one go.
    func bulkInsertComments(session: String, columns: [String], total: Int) throws -> any RowBatch {
        let (part, written) = PostgresSchema.commentTables(session: session)
        try execute("CREATE TABLE \(written) (LIKE comments)")
        return PostgresCopy(connection: connection, logger: logger, table: written, columns: columns,
                            answerLater: { [unowned self] in try answerLater($0) },
                            then: { [unowned self] in try execute("SELECT parley_place_comments(?, ?, ?)", [written, part, session]) })
    }

    /// The search index follows `comments` by itself.
    func indexComments(session: String, add: Bool) throws {}

    /// A new session's comments are indexed in one go already (`bulkInsertComments`).
    func indexCommentsInBulk(_ bulk: Bool) throws {}

    func eraseWithdrawn(session: String) throws {
        // Both after the commit: VACUUM cannot run in a transaction, and a rebuild inside the one that
        // deleted the rows would index them still (they are not dead to everyone yet).
        afterCommit.append("VACUUM event_chunks, comments, participants, comment_groups, tag_counts, tag_pairs, codes")
        // A GIN index never drops a word once entered, even with no row left that has it: only a rebuild does.
        let part = PostgresSchema.commentTables(session: session).part
        if try string("SELECT to_regclass(?)::text", [part]) != nil { afterCommit.append("REINDEX TABLE \(part)") }
    }

    func derivedVersion() throws -> Int {
        Int(try string("SELECT value FROM parley_meta WHERE key = 'derived_version'") ?? "0") ?? 0
    }

    func setDerivedVersion(_ version: Int) throws {
        try execute("""
            INSERT INTO parley_meta (key, value) VALUES ('derived_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, [String(version)])
    }
}

#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif
import GRDB

/// A prepared statement executed by binding values straight to SQLite, for the merge's bulk inserts
/// (hundreds of thousands of rows), where building GRDB `StatementArguments` per row costs more than
/// SQLite's own work. Used only inside a GRDB write transaction, on GRDB's connection; the statement
/// is private (not GRDB's cached one), so GRDB never sees it half-bound.
struct FastStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    private let arena = TextArena()

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection!
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Text is copied into the statement's arena and bound without SQLite copying it again (a copy it
    /// would make with a memory allocation per value); text too long for what is left is copied by SQLite.
    @inline(__always) func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { buffer in
            if buffer.contains(0) {
                bind(index, StoredText.storable(String(decoding: buffer, as: UTF8.self)))
                return
            }
            if let copy = arena.copy(UnsafeRawBufferPointer(buffer)) {
                _ = sqlite3_bind_text(handle, index, copy.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil)
            } else {
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text in
                    _ = sqlite3_bind_text(handle, index, text, Int32(buffer.count), Self.transient)
                }
            }
        }
    }

    @inline(__always) func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    @inline(__always) func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    @inline(__always) func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    @inline(__always) func bind(_ index: Int32, _ value: Int?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    @inline(__always) func bind(_ index: Int32, _ value: Bool) {
        sqlite3_bind_int64(handle, index, value ? 1 : 0)
    }

    /// Steps the statement to completion and resets it; returns the number of rows it changed.
    @discardableResult
    func run() throws -> Int {
        let code = sqlite3_step(handle)
        if code != SQLITE_DONE && code != SQLITE_ROW {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        let changes = Int(sqlite3_changes(connection))
        sqlite3_reset(handle)
        arena.clear()
        return changes
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }
}

/// Bytes the text bound to one statement is copied to, valid until the statement has run (then reused).
private final class TextArena {
    private static let capacity = 1 << 20
    private let base = UnsafeMutableRawPointer.allocate(byteCount: TextArena.capacity, alignment: 8)
    private var used = 0

    deinit { base.deallocate() }

    /// Where `bytes` were copied to; nil if they do not fit in what is left.
    @inline(__always) func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer? {
        guard used + bytes.count <= Self.capacity else { return nil }
        let target = base + used
        if let source = bytes.baseAddress { target.copyMemory(from: source, byteCount: bytes.count) }
        used += bytes.count
        return UnsafeRawPointer(target)
    }

    func clear() { used = 0 }
}

/// Inserts rows in multi-row `INSERT … VALUES (…), (…), …` statements of up to `batch` rows, so
/// SQLite's per-statement cost is paid once per batch rather than once per row. The number of rows
/// must be known in advance (the last statement is prepared for the remainder).
@_spi(Benchmarks) public struct BatchInsert {
    private let db: Database
    private let head: String
    private let tail: String
    private let rowSQL: String
    let columns: Int32
    public let batch: Int
    private var remaining: Int
    private var statement: FastStatement?
    private var size = 0
    /// Rows bound into the current statement so far.
    private(set) var rowsInBatch = 0

    /// `head` is `INSERT INTO t (a, b, c) VALUES`, `tail` e.g. `ON CONFLICT (id) DO NOTHING`.
    public init(_ db: Database, head: String, columns: Int, tail: String = "", total: Int, batch: Int = 64) {
        self.db = db
        self.head = head
        self.tail = tail
        self.columns = Int32(columns)
        self.batch = batch
        rowSQL = "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")"
        remaining = total
    }

    private mutating func prepareIfNeeded() throws {
        guard statement == nil || rowsInBatch == size else { return }
        let wanted = min(batch, remaining)
        precondition(wanted > 0, "more rows than announced")
        if statement == nil || wanted != size {
            let values = Array(repeating: rowSQL, count: wanted).joined(separator: ",")
            statement = try FastStatement(db, sql: "\(head) \(values) \(tail)")
            size = wanted
        }
        rowsInBatch = 0
    }

    private var offset: Int32 { Int32(rowsInBatch) * columns }

    public mutating func bind(_ column: Int32, _ value: String) throws { try prepareIfNeeded(); statement!.bind(offset + column, value) }
    public mutating func bind(_ column: Int32, _ value: String?) throws { try prepareIfNeeded(); statement!.bind(offset + column, value) }
    public mutating func bind(_ column: Int32, _ value: Int) throws { try prepareIfNeeded(); statement!.bind(offset + column, value) }
    public mutating func bind(_ column: Int32, _ value: Int64) throws { try prepareIfNeeded(); statement!.bind(offset + column, value) }
    public mutating func bind(_ column: Int32, _ value: Int?) throws { try prepareIfNeeded(); statement!.bind(offset + column, value) }
    public mutating func bind(_ column: Int32, _ value: Bool) throws { try prepareIfNeeded(); statement!.bind(offset + column, value) }

    /// Ends the row; when it completes a batch, runs it and returns (rows in the batch, rows changed).
    public mutating func endRow() throws -> (rows: Int, changed: Int)? {
        rowsInBatch += 1
        remaining -= 1
        guard rowsInBatch == size else { return nil }
        let changed = try statement!.run()
        return (size, changed)
    }
}

import Foundation
import GRDB
import ParleyCore
import ParleyLog

/// Which database holds a store.
public enum StoreEngine: String, Sendable {
    case sqlite
    case postgres
}

/// One connection inside one transaction, on whichever database holds the store: the seam every store
/// operation (merge, derive, queries, withdrawal) is written against, so SQLite and PostgreSQL run the
/// same code and the same SQL text. SQL uses `?` placeholders and the subset both databases share
/// (`ON CONFLICT … DO NOTHING`, `IN (…)` lists, integer flags); what differs between them (the
/// full-text index, the schema's DDL, file-level settings) sits behind the methods below.
/// Rows come back as GRDB `Row`s, so the row structs decode by column name the same way from both.
protocol StoreSQL: AnyObject {
    var engine: StoreEngine { get }
    /// Whether every row of one query lists its columns in the same order (SQLite's do; PostgreSQL's,
    /// made from dictionaries, may not), so columns can be found by name once per query.
    var columnsInQueryOrder: Bool { get }
    /// Whether comment rows carry their search words (`comments.words`, see `SearchWords`): PostgreSQL
    /// indexes those; SQLite's FTS5 finds the words in the text itself.
    var storesSearchWords: Bool { get }
    func execute(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws
    /// Every row of a query.
    func rows(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> [Row]
    /// Every row of a query, decoded by column name.
    func records<T: FetchableRecord>(_ type: T.Type, _ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> [T]
    /// Every row of a query as its values in the query's column order (a `Row` made from a PostgreSQL
    /// row has its columns in no order: code reads them by name).
    func values(_ sql: String) throws -> [[DatabaseValue]]
    /// The rows of a query one at a time (not kept).
    func eachRow(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?], _ body: (Row) throws -> Void) throws
    /// A bulk insert of `total` rows into `table`; call `finish()` after the last row.
    func bulkInsert(_ table: String, columns: [String], total: Int) throws -> any RowBatch
    /// A bulk insert of `session`'s comments into `comments` (whose rows of that session are gone).
    func bulkInsertComments(session: String, columns: [String], total: Int) throws -> any RowBatch
    /// Adds the live comments of `session` to the full-text index (after they were written), or removes
    /// them (before they are deleted). A no-op where the index follows the table by itself.
    func indexComments(session: String, add: Bool) throws
    /// Before (true) and after (false) a merge writes many sessions' comments: where the full-text index
    /// can be built for all of them at once (SQLite's FTS5), it is.
    func indexCommentsInBulk(_ bulk: Bool) throws
    /// After a withdrawal rewrote `session`: clears what the database keeps of the removed rows that it
    /// can clear — the search index's entries for removed words (FTS5's segments and PostgreSQL's GIN
    /// index keep them until they are merged or rebuilt) and, in PostgreSQL, the dead rows (VACUUM).
    func eraseWithdrawn(session: String) throws
    /// The version of `Derive` the derived tables were last built with.
    func derivedVersion() throws -> Int
    func setDerivedVersion(_ version: Int) throws
}

/// Rows written one value at a time (1-based columns), sent in batches.
protocol RowBatch {
    mutating func bind(_ column: Int32, _ value: String) throws
    mutating func bind(_ column: Int32, _ value: String?) throws
    mutating func bind(_ column: Int32, _ value: Int) throws
    mutating func bind(_ column: Int32, _ value: Int64) throws
    mutating func bind(_ column: Int32, _ value: Int?) throws
    mutating func bind(_ column: Int32, _ value: Bool) throws
    /// Ends the row. The answer (rows sent, rows changed) only says something where a batch was sent.
    @discardableResult mutating func endRow() throws -> (rows: Int, changed: Int)?
    /// Sends what is left.
    mutating func finish() throws
}

extension StoreSQL {
    func execute(_ sql: String) throws { try execute(sql, []) }

    /// A tokenizer for the comments' search words, where rows carry them.
    func searchWords() throws -> SearchWords? {
        storesSearchWords ? try SearchWords() : nil
    }

    func rows(_ sql: String) throws -> [Row] { try rows(sql, []) }

    func strings(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> [String] {
        try rows(sql, arguments).map { $0[0] }
    }

    func string(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> String? {
        try rows(sql, arguments).first?[0]
    }

    func int64(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> Int64? {
        try rows(sql, arguments).first?[0]
    }

    func int(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> Int? {
        try int64(sql, arguments).map { Int($0) }
    }

    /// A query's one boolean (`EXISTS (…)`): SQLite answers 0 or 1, PostgreSQL true or false.
    func bool(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> Bool {
        try int64(sql, arguments).map { $0 != 0 } ?? false
    }

    func records<T: FetchableRecord>(_ type: T.Type, _ sql: String) throws -> [T] {
        try records(type, sql, [])
    }
}

/// `?, ?, ?` for an `IN (…)` list of `count` values (at least one, so `IN (NULL)` matches nothing).
func placeholders(_ count: Int) -> String {
    count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ", ")
}

/// The database under a store: writes are serialised, one transaction each; a read sees one snapshot.
protocol StoreDatabase: AnyObject {
    var engine: StoreEngine { get }
    /// Runs `body` in one write transaction (retried where the database asks for it). With `erasing`,
    /// what the transaction deletes is erased from the database's files too, as far as it can.
    func write<T>(erasing: Bool, _ body: (any StoreSQL) throws -> T) throws -> T
    /// Runs `body` in one read-only transaction: one consistent snapshot.
    func read<T>(_ body: (any StoreSQL) throws -> T) throws -> T
    /// The database's own checks: "ok" when sound.
    func integrityCheck() throws -> String
}

/// Text as the stores keep it in rows: PostgreSQL's text cannot hold a NUL, and SQLite's comes back cut
/// off at one, so in both a NUL (which the raw line keeps) is U+FFFD, in what is stored and in what is
/// looked up, and both give the same results.
enum StoredText {
    static let nulStandIn = "\u{FFFD}"

    static func storable(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: nulStandIn) : text
    }

    static func storable(_ arguments: [(any DatabaseValueConvertible)?]) -> [(any DatabaseValueConvertible)?] {
        arguments.map { argument in (argument as? String).map(storable) ?? argument }
    }
}

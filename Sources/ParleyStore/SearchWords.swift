#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif
import Foundation

/// The words a comment is found by, as SQLite's full-text index finds them: FTS5's own `unicode61`
/// tokenizer (`remove_diacritics 2`), asked through SQLite's C interface, not a copy of it. A PostgreSQL
/// store indexes these words (a `tsvector` written with each comment) and asks for them (a `tsquery`
/// built here), and matches are marked by FTS5's `highlight()`, so a search finds and marks the same
/// words in both databases, URLs, e-mail addresses and hyphens included.
/// Used by one thread at a time (a merge hands one to the thread working out a session's rows): it
/// holds a private in-memory SQLite connection.
final class SearchWords: @unchecked Sendable {
    /// The tokenizer of the SQLite store's `comments_fts` (Schema's migrations spell it out too).
    static let tokenize = "unicode61 remove_diacritics 2"

    private var connection: OpaquePointer?
    private var tokenizer = fts5_tokenizer()
    private var instance: OpaquePointer?
    private var highlightTable = false

    init() throws {
        guard sqlite3_open_v2(":memory:", &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            sqlite3_close(connection)
            throw SearchWordsError("cannot open an in-memory SQLite database")
        }
        var api: UnsafeMutablePointer<fts5_api>?
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(connection, "SELECT fts5(?1)", -1, &statement, nil) == SQLITE_OK else {
            throw SearchWordsError("this SQLite has no FTS5")
        }
        _ = withUnsafeMutablePointer(to: &api) { pointer in
            sqlite3_bind_pointer(statement, 1, pointer, UnsafeRawPointer(Self.apiPointerType.utf8Start).assumingMemoryBound(to: CChar.self), nil)
            return sqlite3_step(statement)
        }
        let arguments = Self.tokenize.split(separator: " ").dropFirst().map { strdup(String($0)) }
        defer { arguments.forEach { free($0) } }
        var constArguments = arguments.map { UnsafePointer<CChar>($0) }
        var context: UnsafeMutableRawPointer?
        guard let api, let find = api.pointee.xFindTokenizer,
              find(api, "unicode61", &context, &tokenizer) == SQLITE_OK,
              let create = tokenizer.xCreate,
              create(context, &constArguments, Int32(constArguments.count), &instance) == SQLITE_OK, instance != nil
        else { throw SearchWordsError("cannot make SQLite's unicode61 tokenizer") }
    }

    deinit {
        if let instance { tokenizer.xDelete?(instance) }
        sqlite3_close(connection)
    }

    /// `sqlite3_bind_pointer` keeps this type name's address: its text must outlive the statement.
    private static let apiPointerType: StaticString = "fts5_api_ptr"

    /// Calls `body` with each word of `text` in order: its bytes (folded to lower case, accents
    /// removed) and its byte range in `text`.
    func forEachWord(in text: String, query: Bool = false, prefix: Bool = false,
                     _ body: (UnsafeRawBufferPointer, Range<Int>) -> Void) {
        withoutActuallyEscaping(body) { body in
            var body = body
            var text = text
            text.withUTF8 { bytes in
                withUnsafeMutablePointer(to: &body) { context in
                    let flags = query ? (FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0)) : FTS5_TOKENIZE_DOCUMENT
                    let start = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
                    _ = tokenizer.xTokenize?(instance, context, Int32(flags), start, Int32(bytes.count)) { context, _, token, count, from, to in
                        let body = context!.assumingMemoryBound(to: ((UnsafeRawBufferPointer, Range<Int>) -> Void).self)
                        body.pointee(UnsafeRawBufferPointer(start: token, count: Int(count)), Int(from) ..< Int(to))
                        return SQLITE_OK
                    }
                }
            }
        }
    }

    /// The words of `text` as PostgreSQL's `tsvector` input: each word once, with the positions it is at
    /// (1-based, as FTS5 counts words), so phrases match as in FTS5. Within PostgreSQL's limits, which
    /// a typed comment never reaches: positions past 16,383 are kept as 16,383 and at most 256 per word;
    /// words over 2,046 bytes are left out, and what would take the `tsvector` past a MiB.
    func tsvector(_ text: String) -> String {
        var entries: [(lexeme: String, positions: [Int])] = []
        var entryOf: [String: Int] = [:]
        var position = 0
        // What PostgreSQL counts against its limit: each word (to an even length), its count of positions, its positions.
        var size = 0
        forEachWord(in: text) { word, _ in
            position += 1
            guard word.count <= Self.longestWord else { return }
            let lexeme = String(decoding: word, as: UTF8.self)
            if let index = entryOf[lexeme] {
                guard entries[index].positions.count < Self.positionsPerWord, size + 2 <= Self.largestSize else { return }
                size += 2
                entries[index].positions.append(min(position, Self.lastPosition))
            } else {
                let added = (word.count + 1) / 2 * 2 + 4
                guard size + added <= Self.largestSize else { return }
                size += added
                entryOf[lexeme] = entries.count
                entries.append((lexeme, [min(position, Self.lastPosition)]))
            }
        }
        var result = ""
        result.reserveCapacity(size + entries.count * 4)
        for entry in entries {
            if !result.isEmpty { result += " " }
            result += Self.quoted(entry.lexeme) + ":" + entry.positions.map(String.init).joined(separator: ",")
        }
        return result
    }

    static let longestWord = 2046
    /// PostgreSQL's is 1 MiB less one byte.
    static let largestSize = 1 << 20 - 1
    static let positionsPerWord = 256
    static let lastPosition = 16_383

    /// The PostgreSQL `tsquery` for terms (each a word's spellings, any of which will do, and whether it
    /// is a prefix): as FTS5 reads the query `Store.ftsQuery` makes of them, each spelling a phrase of its
    /// words, the last one a prefix where asked. Nil when it can match nothing: a term none of whose
    /// spellings has a word (FTS5's empty phrase matches nothing).
    func tsquery(_ terms: [(spellings: [String], prefix: Bool)]) -> String? {
        var parts: [String] = []
        for term in terms {
            var phrases: [String] = []
            for spelling in term.spellings {
                var words: [String] = []
                var tooLong = false
                forEachWord(in: spelling, query: true, prefix: term.prefix) { word, _ in
                    if word.count > Self.longestWord { tooLong = true }
                    words.append(Self.quoted(String(decoding: word, as: UTF8.self)))
                }
                // A word PostgreSQL cannot index is in no comment's `tsvector`.
                guard !words.isEmpty, !tooLong else { continue }
                if term.prefix { words[words.count - 1] += ":*" }
                phrases.append(words.joined(separator: " <-> "))
            }
            guard !phrases.isEmpty else { return nil }
            parts.append(phrases.count == 1 ? "(" + phrases[0] + ")" : "(" + phrases.map { "(" + $0 + ")" }.joined(separator: " | ") + ")")
        }
        return parts.joined(separator: " & ")
    }

    /// A lexeme in `tsvector`/`tsquery` input: quoted, its quotes and backslashes escaped.
    private static func quoted(_ lexeme: String) -> String {
        guard lexeme.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\\") }) else { return "'" + lexeme + "'" }
        return "'" + lexeme.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Each text with the words an FTS5 `query` matches between `\u{1}` and `\u{2}`: FTS5's own
    /// `highlight()` over the texts in a table of this connection, as a SQLite store marks them.
    func highlighted(_ texts: [String], query: String) throws -> [String] {
        if !highlightTable {
            try execute("CREATE VIRTUAL TABLE marked USING fts5(text, tokenize = '\(Self.tokenize)', columnsize = 0)")
            highlightTable = true
        }
        try execute("DELETE FROM marked")
        for (index, text) in texts.enumerated() {
            try run("INSERT INTO marked (rowid, text) VALUES (?1, ?2)", bind: { statement in
                sqlite3_bind_int64(statement, 1, Int64(index))
                return Self.bind(text, to: statement, at: 2)
            })
        }
        var result = texts
        try run("SELECT rowid, highlight(marked, 0, char(1), char(2)) FROM marked WHERE marked MATCH ?1", bind: { statement in
            Self.bind(query, to: statement, at: 1)
        }, row: { statement in
            let marked = UnsafeRawBufferPointer(start: sqlite3_column_text(statement, 1), count: Int(sqlite3_column_bytes(statement, 1)))
            result[Int(sqlite3_column_int64(statement, 0))] = String(decoding: marked, as: UTF8.self)
        })
        return result
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds all of `text`'s bytes (a NUL in a comment included).
    private static func bind(_ text: String, to statement: OpaquePointer?, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            guard let start = bytes.baseAddress else { return sqlite3_bind_text(statement, index, "", 0, nil) }
            return sqlite3_bind_text(statement, index, UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
        }
    }

    private func execute(_ sql: String) throws {
        try run(sql, bind: { _ in 0 })
    }

    private func run(_ sql: String, bind: (OpaquePointer?) -> Int32, row: (OpaquePointer?) -> Void = { _ in }) throws {
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK else { throw error() }
        _ = bind(statement)
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: row(statement)
            case SQLITE_DONE: return
            default: throw error()
            }
        }
    }

    private func error() -> SearchWordsError {
        SearchWordsError(String(cString: sqlite3_errmsg(connection)))
    }
}

struct SearchWordsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = "search words: " + description }
}

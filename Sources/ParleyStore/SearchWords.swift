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

    /// Calls `body` with each word of `text` in order: its bytes, folded to lower case, accents removed.
    func forEachWord(in text: String, query: Bool = false, prefix: Bool = false, _ body: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(body) { body in
            var body = body
            var text = text
            text.withUTF8 { bytes in
                withUnsafeMutablePointer(to: &body) { context in
                    let flags = query ? (FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0)) : FTS5_TOKENIZE_DOCUMENT
                    let start = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
                    _ = tokenizer.xTokenize?(instance, context, Int32(flags), start, Int32(bytes.count)) { context, _, token, count, _, _ in
                        let body = context!.assumingMemoryBound(to: ((UnsafeRawBufferPointer) -> Void).self)
                        body.pointee(UnsafeRawBufferPointer(start: token, count: Int(count)))
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
    /// Built in reused byte buffers: a merge makes one per comment.
    func tsvector(_ text: String) -> String {
        scratch.clear()
        var position = 0
        // What PostgreSQL counts against its limit: each word (to an even length), its count of positions, its positions.
        var size = 0
        forEachWord(in: text) { word in
            position += 1
            guard word.count <= Self.longestWord else { return }
            let place = min(position, Self.lastPosition)
            if let entry = scratch.entry(of: word) {
                guard scratch.positionCount[entry] < Self.positionsPerWord, size + 2 <= Self.largestSize else { return }
                size += 2
                scratch.addPosition(place, to: entry)
            } else {
                let added = (word.count + 1) / 2 * 2 + 4
                guard size + added <= Self.largestSize else { return }
                size += added
                scratch.addEntry(word, at: place)
            }
        }
        return scratch.tsvector()
    }

    private var scratch = TsvectorScratch()

    static let longestWord = 2046
    /// PostgreSQL's is 1 MiB less one byte.
    static let largestSize = 1 << 20 - 1
    static let positionsPerWord = 256
    static let lastPosition = 16_383

    /// The PostgreSQL `tsquery` for terms (each a word's spellings, any of which will do, and whether it
    /// is a prefix): as FTS5 reads the query `Store.ftsQuery` makes of them, each spelling a phrase of its
    /// words, the last one a prefix where asked. Nil when it can match nothing: a term none of whose
    /// spellings PostgreSQL can hold (a word over 2,046 bytes is in no `tsvector`).
    func tsquery(_ terms: [(spellings: [String], prefix: Bool)]) -> String? {
        var parts: [String] = []
        for term in terms {
            var phrases: [String] = []
            for spelling in term.spellings {
                var words: [String] = []
                var tooLong = false
                forEachWord(in: spelling, query: true, prefix: term.prefix) { word in
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

/// A comment's words while its `tsvector` is built: the distinct words' bytes end to end, each word's
/// positions as a list threaded through one array, a hash table finding a word's entry.
private struct TsvectorScratch {
    var bytes: [UInt8] = []
    var wordStart: [Int] = [], wordCount: [Int] = []
    var firstPosition: [Int] = [], lastPosition: [Int] = [], positionCount: [Int] = []
    /// Per position: its value and the index of the word's next position (-1 at the end).
    var positions: [Int] = [], nextPosition: [Int] = []
    /// Open addressing: entry index + 1, 0 where empty.
    var table = [Int](repeating: 0, count: 64)
    var order: [Int] = []
    var output: [UInt8] = []

    mutating func clear() {
        if wordStart.count * 2 > 64 || table.count > 64 {
            table = [Int](repeating: 0, count: 64)
        } else {
            for index in wordStart.indices { table[slot(hash(word(index)), index)] = 0 }
        }
        bytes.removeAll(keepingCapacity: true)
        wordStart.removeAll(keepingCapacity: true); wordCount.removeAll(keepingCapacity: true)
        firstPosition.removeAll(keepingCapacity: true); lastPosition.removeAll(keepingCapacity: true)
        positionCount.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true); nextPosition.removeAll(keepingCapacity: true)
    }

    private func word(_ entry: Int) -> ArraySlice<UInt8> { bytes[wordStart[entry] ..< wordStart[entry] + wordCount[entry]] }

    private func hash<C: Collection<UInt8>>(_ word: C) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash >> 1)
    }

    /// The slot holding `entry` (whose hash is `hash`).
    private func slot(_ hash: Int, _ entry: Int) -> Int {
        var slot = hash & (table.count - 1)
        while table[slot] != entry + 1 { slot = (slot + 1) & (table.count - 1) }
        return slot
    }

    func entry(of word: UnsafeRawBufferPointer) -> Int? {
        var slot = hash(word) & (table.count - 1)
        while table[slot] != 0 {
            let entry = table[slot] - 1
            if wordCount[entry] == word.count, bytes.withUnsafeBytes({ memcmp($0.baseAddress! + wordStart[entry], word.baseAddress!, word.count) == 0 }) {
                return entry
            }
            slot = (slot + 1) & (table.count - 1)
        }
        return nil
    }

    mutating func addEntry(_ word: UnsafeRawBufferPointer, at place: Int) {
        if (wordStart.count + 1) * 2 > table.count { grow() }
        let entry = wordStart.count
        wordStart.append(bytes.count); wordCount.append(word.count)
        bytes.append(contentsOf: word)
        firstPosition.append(positions.count); lastPosition.append(positions.count); positionCount.append(1)
        positions.append(place); nextPosition.append(-1)
        var slot = hash(word) & (table.count - 1)
        while table[slot] != 0 { slot = (slot + 1) & (table.count - 1) }
        table[slot] = entry + 1
    }

    mutating func addPosition(_ place: Int, to entry: Int) {
        nextPosition[lastPosition[entry]] = positions.count
        lastPosition[entry] = positions.count
        positions.append(place); nextPosition.append(-1)
        positionCount[entry] += 1
    }

    private mutating func grow() {
        table = [Int](repeating: 0, count: table.count * 2)
        for entry in wordStart.indices {
            var slot = hash(word(entry)) & (table.count - 1)
            while table[slot] != 0 { slot = (slot + 1) & (table.count - 1) }
            table[slot] = entry + 1
        }
    }

    /// `'other':2 'word':1,4`, quotes and backslashes in a word doubled and escaped as `tsvector` input
    /// wants; the words in byte order, PostgreSQL's own, which its input then need not sort.
    mutating func tsvector() -> String {
        output.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: wordStart.indices)
        bytes.withUnsafeBytes { bytes in
            order.sort { a, b in
                let common = min(wordCount[a], wordCount[b])
                let compared = memcmp(bytes.baseAddress! + wordStart[a], bytes.baseAddress! + wordStart[b], common)
                return compared != 0 ? compared < 0 : wordCount[a] < wordCount[b]
            }
        }
        for entry in order {
            if output.count > 0 { output.append(UInt8(ascii: " ")) }
            output.append(UInt8(ascii: "'"))
            for byte in word(entry) {
                // A quote is doubled and a backslash escaped by another: either way, written twice.
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\\") { output.append(byte) }
                output.append(byte)
            }
            output.append(UInt8(ascii: "'"))
            var next = firstPosition[entry]
            var separator = UInt8(ascii: ":")
            while next >= 0 {
                output.append(separator)
                separator = UInt8(ascii: ",")
                appendDecimal(positions[next])
                next = nextPosition[next]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private mutating func appendDecimal(_ value: Int) {
        var divisor = 1
        while divisor * 10 <= value { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

struct SearchWordsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = "search words: " + description }
}

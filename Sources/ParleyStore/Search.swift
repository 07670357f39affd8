import Foundation
import GRDB
import ParleyCore

/// One search result.
public struct SearchHit: Sendable, Equatable {
    public var sessionID: String
    public var commentID: String
    public var at: String
    public var promptID: String
    public var promptTitle: String
    public var participant: String?
    public var writer: String
    public var tags: [String]
    /// The comment's text with each matched word between `\u{1}` and `\u{2}`.
    public var marked: String

    /// The text with matches shown by `open` and `close` (e.g. bold on a terminal, brackets elsewhere),
    /// its line breaks (CR LF, a lone CR…) as LF, so a terminal never gets a raw `\r`.
    public func highlighted(open: String, close: String) -> String {
        DocumentText.unifyingLineBreaks(marked).replacingOccurrences(of: "\u{1}", with: open).replacingOccurrences(of: "\u{2}", with: close)
    }
}

extension SearchHit {
    /// From a search row: a comment's columns, its prompt's `title` and the `marked` text.
    init(row: Row) {
        self.init(sessionID: row["session"], commentID: row["comment_id"], at: row["at"], promptID: row["prompt_id"],
                  promptTitle: row["title"] ?? "", participant: row["participant"], writer: row["writer"],
                  tags: tagList(row["tags"]), marked: row["marked"])
    }
}

public struct SearchResult: Sendable {
    public var hits: [SearchHit]
    /// Matches in total (hits holds at most the limit).
    public var total: Int
}

public struct SearchFilter: Sendable {
    public var sessions: [String]?
    public var tag: String?
    public var participant: String?
    public var prompt: String?
    public var limit: Int
    public init(sessions: [String]? = nil, tag: String? = nil, participant: String? = nil, prompt: String? = nil, limit: Int = 100) {
        self.sessions = sessions; self.tag = tag; self.participant = participant; self.prompt = prompt; self.limit = limit
    }
}

extension Store {
    /// A filter naming a prompt, code or participant the store does not have is a typo, said as such (it
    /// found nothing, as if the words were not there).
    static func checkFilter(_ filter: SearchFilter, db: any StoreSQL) throws {
        func check(_ given: String?, _ what: String, _ sql: String, same: (String, String) -> Bool = { $0 == $1 }) throws {
            guard let given else { return }
            let known = try db.strings(sql)
            guard !known.contains(where: { same($0, given) }) else { return }
            let list = known.prefix(12).joined(separator: ", ") + (known.count > 12 ? ", …" : "")
            throw UserError("no \(what) \"\(given)\" in the store\(Suggestion.hint(for: given, in: known)); \(what)s are: \(known.isEmpty ? "none" : list)")
        }
        try check(filter.prompt, "prompt", "SELECT DISTINCT prompt_id FROM prompts ORDER BY 1")
        try check(filter.tag.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }, "code",
                  "SELECT tag FROM codes UNION SELECT tag FROM tag_counts ORDER BY 1") { $0 == $1.lowercased() }
        try check(filter.participant, "participant",
                  "SELECT participant FROM participants UNION SELECT participant FROM comments WHERE participant IS NOT NULL ORDER BY 1") {
            asciiLowercased($0) == asciiLowercased($1)
        }
    }

    /// Case folded in ASCII letters only, as both databases' lower() folds these columns.
    static func asciiLowercased(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }))
    }

    /// Full-text search over live comments. Words are matched whole (a trailing `*` matches a prefix),
    /// ignoring case and accents; every word must occur. Results in session and time order.
    public func search(_ text: String, filter: SearchFilter = SearchFilter()) throws -> SearchResult {
        return try read { db in
            try Self.checkFilter(filter, db: db)
            let match = try SearchMatch(db, text)
            guard let query = match.query else { return SearchResult(hits: [], total: 0) }
            // A session's comments have consecutive row numbers in session order (see Derive), so the
            // index can be walked session by session in row order and stop at the limit.
            var conditions: [String] = []
            var extra: [(any DatabaseValueConvertible)?] = []
            if let tag = filter.tag {
                // `tags` is the comment's tags joined by `;` (which no tag holds).
                let wanted = tag.hasPrefix("#") ? String(tag.dropFirst()).lowercased() : tag.lowercased()
                conditions.append(wanted.contains(";") ? "1 = 0" : match.containsTag)
                if !wanted.contains(";") { extra.append(";" + wanted + ";") }
            }
            if let participant = filter.participant {
                // Case ignored in ASCII letters only, as both databases' lower() does on these columns
                // (PostgreSQL's lower() of a parameter would follow the server's locale: É to é).
                conditions.append("lower(c.participant) = ?")
                extra.append(Self.asciiLowercased(participant))
            }
            if let prompt = filter.prompt {
                conditions.append("c.prompt_id = ?")
                extra.append(prompt)
            }
            let filters = conditions.map { " AND " + $0 }.joined()
            var hits: [SearchHit] = []
            var total = 0
            do {
                for session in try sessionIDs(Scope(sessions: filter.sessions), db: db) {
                    guard let low = try db.int64("SELECT n FROM comments WHERE session = ? ORDER BY ordinal LIMIT 1", [session]),
                          let high = try db.int64("SELECT n FROM comments WHERE session = ? ORDER BY ordinal DESC LIMIT 1", [session])
                    else { continue }
                    let range: [(any DatabaseValueConvertible)?] = [query, low, high]
                    total += try db.int(match.count(filtered: !conditions.isEmpty) + filters, range + extra) ?? 0
                    let wanted = max(0, filter.limit) - hits.count
                    guard wanted > 0 else { continue }
                    hits += try db.rows("""
                        SELECT c.session, c.comment_id, c.at, c.prompt_id, p.title, c.participant, c.writer, c.tags,
                               \(match.marked) AS marked
                        FROM \(match.from)
                        LEFT JOIN prompts p ON p.session = c.session AND p.prompt_id = c.prompt_id
                        WHERE \(match.condition)\(filters)
                        ORDER BY c.n LIMIT ?
                        """, range + extra + [wanted]).map(SearchHit.init(row:))
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                throw UserError("cannot search for \"\(text)\": \(error.message ?? "bad query")")
            }
            return SearchResult(hits: try match.marking(hits), total: total)
        }
    }

    /// What a researcher types, as words to find: each in its spellings, and whether it is a prefix
    /// (a trailing `*`). What the index would hold no word of (punctuation, a mark alone) is left out.
    /// unicode61's own tables decide: many emoji are words to it (`🙂` finds the comments with one),
    /// some are not (`😡`: nothing to search for), and the index holds them the same way.
    static func searchTerms(_ text: String, words: SearchWords) throws -> [(spellings: [String], prefix: Bool)] {
        var terms: [(spellings: [String], prefix: Bool)] = []
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            var token = String(word)
            let prefix = token.hasSuffix("*")
            token = token.replacingOccurrences(of: "*", with: "")
            var hasWord = false
            words.forEachWord(in: token, query: true) { _ in hasWord = true }
            guard hasWord else { continue }
            terms.append((spellings(of: token), prefix))
        }
        guard !terms.isEmpty else { throw UserError("nothing to search for in \"\(text)\"; give at least one word") }
        return terms
    }

    /// Turns what a researcher types into an FTS5 query: every word quoted (so punctuation and FTS
    /// syntax are plain text), a trailing `*` kept as a prefix match, words ANDed. A word is also
    /// looked for in its spellings with ł, ø and đ, which the tokenizer does not fold (they are
    /// letters of their own, not letters with accents): `lodz` finds "Łódź", `łódź` finds "Lodz".
    static func ftsQuery(_ terms: [(spellings: [String], prefix: Bool)]) -> String {
        terms.map { term in
            let phrases = term.spellings.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (term.prefix ? "*" : "") }
            return phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
    }

    /// Letters the tokenizer keeps apart from their look-alikes, and those look-alikes.
    static let strokeLetters: [Character: Character] = ["l": "ł", "o": "ø", "d": "đ"]

    /// `word` lower-cased with ł, ø, đ written plainly, then every way of writing up to six of its
    /// l, o, d with the stroke (at most 64 spellings; later letters are left as typed).
    static func spellings(of word: String) -> [String] {
        let plainOf = Dictionary(uniqueKeysWithValues: strokeLetters.map { ($1, $0) })
        let plain = word.lowercased().map { plainOf[$0] ?? $0 }
        var spellings = [""]
        var expanded = 0
        for character in plain {
            if let stroke = strokeLetters[character], expanded < 6 {
                expanded += 1
                spellings = spellings.flatMap { [$0 + String(character), $0 + String(stroke)] }
            } else {
                spellings = spellings.map { $0 + String(character) }
            }
        }
        return spellings
    }

}

/// How each database's full-text index is asked: FTS5 in SQLite; in PostgreSQL, a `tsvector` index of
/// the words SQLite's tokenizer finds (`SearchWords`), matches marked by FTS5 too. Both give the rows of
/// `comments` as `c`; the first `?` is the query, then the row range.
struct SearchMatch {
    let engine: StoreEngine
    /// The FTS5 query of what was typed: SQLite's, and what marks PostgreSQL's matches.
    let ftsQuery: String
    /// The query bound first; nil when nothing can match.
    let query: String?
    private let words: SearchWords?

    init(_ db: any StoreSQL, _ text: String) throws {
        engine = db.engine
        let tokenizer = try SearchWords()
        let terms = try Store.searchTerms(text, words: tokenizer)
        ftsQuery = Store.ftsQuery(terms)
        words = db.storesSearchWords ? tokenizer : nil
        query = words.map { $0.tsquery(terms) } ?? ftsQuery
    }

    var from: String {
        switch engine {
        case .sqlite: return "comments_fts JOIN comments c ON c.n = comments_fts.rowid"
        case .postgres: return "comments c"
        }
    }

    var condition: String {
        switch engine {
        case .sqlite: return "comments_fts MATCH ? AND comments_fts.rowid BETWEEN ? AND ?"
        case .postgres: return "c.deleted = 0 AND c.words @@ CAST(? AS tsquery) AND c.n BETWEEN ? AND ?"
        }
    }

    /// Whether the comment's `;`-joined tags hold the one bound (given as `;tag;`).
    var containsTag: String {
        switch engine {
        case .sqlite: return "instr(';' || c.tags || ';', ?) > 0"
        case .postgres: return "strpos(';' || c.tags || ';', ?) > 0"
        }
    }

    /// The comment's text with each match between `\u{1}` and `\u{2}` (SQLite), or the text, marked
    /// afterwards by `marking` (PostgreSQL).
    var marked: String {
        switch engine {
        case .sqlite: return "highlight(comments_fts, 0, char(1), char(2))"
        case .postgres: return "c.text"
        }
    }

    /// `hits` with their matches marked, where the query left them plain.
    func marking(_ hits: [SearchHit]) throws -> [SearchHit] {
        guard let words, !hits.isEmpty else { return hits }
        var hits = hits
        for (index, marked) in try words.highlighted(hits.map(\.marked), query: ftsQuery).enumerated() { hits[index].marked = marked }
        return hits
    }

    /// Counts the matches of a session's range; filters are appended after it.
    func count(filtered: Bool) -> String {
        if engine == .sqlite && !filtered {
            // The index alone, without reading the comments.
            return "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ? AND rowid BETWEEN ? AND ?"
        }
        return "SELECT count(*) FROM \(from) WHERE \(condition)"
    }
}

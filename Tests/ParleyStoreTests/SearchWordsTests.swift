import Foundation
import GRDB
import ParleyCore
import Testing
@testable import ParleyStore

/// `SearchWords` is SQLite's own tokenizer, asked from Swift: its words are the words FTS5 indexes.
@Suite("Search words")
struct SearchWordsTests {
    static let texts = [
        "Moved from Łódź, the café app never loads", "Don't go, don't!", "see https://nhs.uk/app-login?x=1 or me@example.org",
        "self-referral at the co-op", "3.5 stars, v2.1, 10:30, £20", "日本語のテキスト", "ΣΊΣΥΦΟΣ straße İstanbul naïve coöperate",
        "x\u{301}y emoji🙂word ＡＰＰ ٣٤ اردو میں ایپ", "", "🙂 — …", "tab\there\nnew line\r\nCRLF",
    ]

    /// The words and their places, as an FTS5 table with the store's tokenizer indexes them (fts5vocab).
    static func indexed(_ texts: [String]) throws -> [[String]] {
        let db = try DatabaseQueue()
        return try db.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(text, tokenize = '\(SearchWords.tokenize)')")
            for (index, text) in texts.enumerated() { try db.execute(sql: "INSERT INTO t (rowid, text) VALUES (?, ?)", arguments: [index, text]) }
            try db.execute(sql: "CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
            var words = [[String]](repeating: [], count: texts.count)
            for row in try Row.fetchAll(db, sql: "SELECT term, doc, \"offset\" FROM v ORDER BY doc, \"offset\"") {
                words[row["doc"]].append("\(row["term"] as String)@\(row["offset"] as Int)")
            }
            return words
        }
    }

    @Test func theWordsAreTheOnesFTS5Indexes() throws {
        let words = try SearchWords()
        let ours = Self.texts.map { text in
            var found: [String] = []
            words.forEachWord(in: text) { word in found.append("\(String(decoding: word, as: UTF8.self))@\(found.count)") }
            return found
        }
        #expect(ours == (try Self.indexed(Self.texts)))
        #expect(ours[0] == ["moved@0", "from@1", "łodz@2", "the@3", "cafe@4", "app@5", "never@6", "loads@7"])
    }

    @Test func theTokenizerIsTheStoresOwn() throws {
        let folder = TempFolder()
        let store = try folder.store()
        let sql = try store.query("SELECT sql FROM sqlite_master WHERE name = 'comments_fts'")
        #expect(sql.first?.first?.contains("tokenize = '\(SearchWords.tokenize)'") == true)
    }

    @Test func aTsvectorHasEachWordOnceWithItsPlaces() throws {
        let words = try SearchWords()
        #expect(words.tsvector("Don't go, don't!") == "'don':1,4 'go':3 't':2,5")
        // unicode61 takes characters past the Basic Multilingual Plane for letters: an emoji is a word.
        #expect(words.tsvector("🙂 …") == "'🙂':1")
        #expect(words.tsvector("— … !") == "")
        // A NUL does not end the text (nor does it in the SQLite store's index).
        #expect(words.tsvector("before\u{0}after") == "'after':2 'before':1")
        #expect(words.tsvector("Łódź café") == "'cafe':2 'łodz':1")
    }

    /// The same `tsvector`, written plainly: each distinct word in byte order, with its places.
    static func plainTsvector(_ words: SearchWords, _ text: String) -> String {
        var order: [String] = [], places: [String: [Int]] = [:], place = 0
        words.forEachWord(in: text) { word in
            place += 1
            let lexeme = String(decoding: word, as: UTF8.self)
            if places[lexeme] == nil { order.append(lexeme) }
            places[lexeme, default: []].append(place)
        }
        return order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { "'\($0)':" + places[$0]!.map(String.init).joined(separator: ",") }.joined(separator: " ")
    }

    @Test func aTsvectorIsTheWordsWithTheirPlaces() throws {
        let words = try SearchWords()
        var generator = SystemRandomNumberGenerator()
        let vocabulary = ["app", "App", "nhs", "łódź", "café", "cafe", "x", "日本", "don't", "a-b", "🙂", "trust", "GP", "records"]
        for round in 0 ..< 400 {
            let count = round < 300 ? Int.random(in: 0 ... 20, using: &generator) : Int.random(in: 30 ... 300, using: &generator)
            let text = (0 ..< count).map { _ in vocabulary.randomElement(using: &generator)! + (Bool.random(using: &generator) ? "\(Int.random(in: 0 ... 99, using: &generator))" : "") }
                .joined(separator: [" ", ", ", "\n", "—"].randomElement(using: &generator)!)
            #expect(words.tsvector(text) == Self.plainTsvector(words, text), "\(text)")
        }
    }

    @Test func aTsvectorStaysWithinPostgreSQLsLimits() throws {
        let words = try SearchWords()
        // A word over 2,046 bytes is left out; the words around it keep their places.
        #expect(words.tsvector("a " + String(repeating: "b", count: 2047) + " c") == "'a':1 'c':3")
        #expect(words.tsvector(String(repeating: "b", count: 2046)) == "'\(String(repeating: "b", count: 2046))':1")
        // At most 256 places a word; places past 16,383 are 16,383.
        let repeated = words.tsvector(Array(repeating: "again", count: 300).joined(separator: " "))
        #expect(repeated.split(separator: ",").count == 256)
        let long = words.tsvector(Array(repeating: "w", count: 16_400).joined(separator: " ") + " last")
        #expect(long.hasPrefix("'last':16383 "))
        // Words and places stop at a MiB, as PostgreSQL counts it.
        let many = (0 ..< 150_000).map { "word\($0)" }.joined(separator: " ")
        let entries = words.tsvector(many).split(separator: " ")
        let size = entries.reduce(0) { size, entry in
            let parts = entry.split(separator: ":")
            return size + (parts[0].utf8.count - 2 + 1) / 2 * 2 + 2 + 2 * parts[1].split(separator: ",").count
        }
        #expect(size <= SearchWords.largestSize && size > SearchWords.largestSize - 20)
    }

    @Test func aTsqueryAsksWhatTheFTS5QueryAsks() throws {
        let words = try SearchWords()
        #expect(words.tsquery(try Store.searchTerms("Café", words: words)) == "('cafe')")
        // Each spelling with and without ł, ø, đ (see Store.spellings) is a phrase; the last word may be a prefix.
        #expect(words.tsquery(try Store.searchTerms("LZ app*", words: words)) == "(('lz') | ('łz')) & ('app':*)")
        #expect(words.tsquery(try Store.searchTerms("can't*", words: words)) == "('can' <-> 't':*)")
        #expect(words.tsquery(try Store.searchTerms("mr@nhs.uk", words: words)) == "('mr' <-> 'nhs' <-> 'uk')")
        // A mark alone is no word to FTS5: nothing to search for. An emoji is one.
        #expect(throws: UserError.self) { try Store.searchTerms("\u{301} — !", words: words) }
        #expect(words.tsquery(try Store.searchTerms("🙂", words: words)) == "('🙂')")
        #expect(words.tsquery(try Store.searchTerms(String(repeating: "b", count: 3000), words: words)) == nil)
    }

    @Test func matchesAreMarkedAsFTS5Marks() throws {
        let words = try SearchWords()
        let query = Store.ftsQuery(try Store.searchTerms("lodz don't", words: words))
        #expect(try words.highlighted(["Moved from Łódź; don't go", "no match here"], query: query)
            == ["Moved from \u{1}Łódź\u{2}; \u{1}don't\u{2} go", "no match here"])
        // Used again, it marks only the new texts.
        #expect(try words.highlighted(["lodz"], query: Store.ftsQuery(try Store.searchTerms("lodz", words: words))) == ["\u{1}lodz\u{2}"])
    }
}

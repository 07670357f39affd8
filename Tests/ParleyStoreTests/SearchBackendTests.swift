import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// A search finds and marks the same comments in a PostgreSQL store as in an SQLite one, on the words
/// PostgreSQL's own text parser would have split another way (URLs, e-mail addresses, hyphens,
/// numbers, scripts without spaces, emoji, marks).
@Suite("Search in both backends", .postgresServer)
struct SearchBackendTests {
    static let session = "dddddddd-4444-4444-8444-444444444444"
    static let texts = [
        "see https://nhs.uk/app-login?x=1 or mail me@example.org", "self-referral at the co-op pharmacy",
        "3.5 stars, v2.1, 10:30, £20 a month", "日本語のテキスト and 中文", "ΣΊΣΥΦΟΣ straße STRASSE İstanbul naïve coöperate",
        "x\u{301}y emoji🙂word 🙂 ＡＰＰ ٣٤ اردو میں ایپ", "Don't go, don't! can't won't", "Łódź Zürich Ærø Đakovo façade",
        "the app the app the app", "wi-fi and wifi, e-mail and email",
    ]
    static let queries = [
        "https", "nhs", "nhs.uk", "app-login", "login", "me@example.org", "example", "self-referral", "referral", "co-op", "co*",
        "3.5", "5", "v2", "v2.1", "10:30", "£20", "20", "日本語のテキスト", "日本語*", "中文", "σισυφοσ", "ΣΊΣΥΦΟΣ", "straße", "strasse",
        "istanbul", "i̇stanbul", "naive", "cooperate", "xy", "x", "emoji🙂word", "emoji*", "ａｐｐ", "app", "٣٤", "اردو", "ایپ",
        "don't", "don't*", "t", "won't go", "lodz", "łódź", "zurich", "aerø", "ærø", "dakovo", "facade", "the app", "app the",
        "wi-fi", "wifi", "e-mail", "mail", "🙂", "zzzz", "st*", "a*",
    ]

    /// A log of the session, on its first prompt, with what `add` adds.
    static func writeLog(in folder: TempFolder, session: String = session, _ add: (inout Fixture.Log) -> Void) throws -> String {
        var log = Fixture.Log(session: session, writer: "facilitator")
        log.add(.sessionStarted(SessionStart(workshop: Fixture.workshop())), at: 0)
        log.add(.promptShown(prompt: "meet-amir"), at: 10)
        add(&log)
        try log.write(to: folder.file("search.jsonl"))
        return folder.file("search.jsonl")
    }

    @Test func everyQueryFindsAndMarksTheSameInBoth() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        let path = try Self.writeLog(in: folder) { log in
            for (index, text) in Self.texts.enumerated() { log.add(Fixture.comment("t\(index)", "meet-amir", "P1", text, []), at: 20 + index) }
        }
        let sqlite = try folder.store(), postgres = try Store(postgres: location)
        for store in [sqlite, postgres] { #expect(try store.merge(paths: [path]).problems == []) }
        var found = 0
        for query in Self.queries {
            let (a, b) = (try sqlite.search(query), try postgres.search(query))
            #expect(a.total == b.total, "\(query)")
            #expect(a.hits == b.hits, "\(query)")
            found += a.total
        }
        #expect(found > 50)
        // The words as PostgreSQL keeps them are the words as sent, in its order already (so it need not sort them).
        let words = try SearchWords()
        #expect(try postgres.query("SELECT words::text FROM comments ORDER BY n").map { $0[0] } == Self.texts.map(words.tsvector))
        #expect(try sqlite.search("nhs.uk").hits.map { $0.highlighted(open: "[", close: "]") } == ["see https://[nhs.uk]/app-login?x=1 or mail me@example.org"])
    }

    @Test func aHugeCommentIsMergedAndFoundByItsFirstWords() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        // Past what a tsvector holds: 150,000 distinct words, one of 3,000 letters, 20,000 repeats.
        let huge = "opening " + String(repeating: "b", count: 3000) + " " + (0 ..< 150_000).map { "w\($0)" }.joined(separator: " ")
            + " " + Array(repeating: "again", count: 20_000).joined(separator: " ") + " closing"
        let path = try Self.writeLog(in: folder) { log in
            log.add(Fixture.comment("h1", "meet-amir", "P1", huge, []), at: 20)
            log.add(Fixture.comment("h2", "meet-amir", "P1", "closing words", []), at: 21)
        }
        let postgres = try Store(postgres: location)
        #expect(try postgres.merge(paths: [path]).newEvents == 4)
        #expect(try postgres.search("opening").hits.map(\.commentID) == ["h1"])
        #expect(try postgres.search("w100").hits.map(\.commentID) == ["h1"])
        // Words past PostgreSQL's limits are not found there (docs/store-postgres.md says so).
        #expect(try postgres.search("closing").hits.map(\.commentID) == ["h2"])
    }
}

extension SearchBackendTests {
    /// PostgreSQL's text cannot hold a NUL, and SQLite's comes back cut off at one: in both the merge goes
    /// on, the text has U+FFFD in its place, the words on both sides of it are found, and both give the
    /// same exports. (PostgreSQL used to refuse the whole merge, and SQLite showed "before".) An id with a
    /// NUL is a line that is refused: no store could find its rows again by it.
    @Test func aNULInATextIsTheSameInBoth() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        let path = try Self.writeLog(in: folder) { log in
            log.add(.participantAdded(participant: "P9", attributes: ["role": "carer\u{0}"]), at: 1)
            log.add(Fixture.comment("n1", "meet-amir", "P9", "before\u{0}after", ["trust"]), at: 20)
            log.add(Fixture.comment("n2", "meet-amir", "P\u{0}9", "unkeyable", []), at: 21)
        }
        let sqlite = try folder.store(), postgres = try Store(postgres: location)
        for store in [sqlite, postgres] {
            let outcome = try store.merge(paths: [path])
            #expect(outcome.problems.count == 1 && outcome.problems[0].contains(#"bad participant "P\09" (a control character in an id)"#),
                    "\(outcome.problems)")
            #expect(try store.query("SELECT text, participant FROM comments") == [["before\u{FFFD}after", "P9"]])
            #expect(try store.search("after").hits.map { $0.highlighted(open: "[", close: "]") } == ["before\u{FFFD}[after]"])
            #expect(try store.search("before", filter: SearchFilter(participant: "p9")).total == 1)
        }
        #expect(try Fixture.everything(sqlite) == Fixture.everything(postgres))
    }

    /// A session's id is whatever its log says: its comments' partition is named by a digest of it, and
    /// the id is quoted where the partition is made, so an id written as SQL stays an id.
    @Test func aSessionIdThatLooksLikeSQLIsOnlyAnId() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        let hostile = "x'); DROP TABLE comments; -- Łódź \"%I\""
        let path = try Self.writeLog(in: folder, session: hostile) { log in
            log.add(Fixture.comment("q1", "meet-amir", "P1", "still here", []), at: 20)
        }
        let postgres = try Store(postgres: location)
        #expect(try postgres.merge(paths: [path]).problems == [])
        #expect(try postgres.search("still").hits.map(\.sessionID) == [hostile])
        #expect(try postgres.query("SELECT count(*) FROM pg_inherits WHERE inhparent = 'comments'::regclass") == [["1"]])
        // Merged again and withdrawn from: the partition is found and kept.
        _ = try postgres.withdraw(session: hostile, participant: "P1")
        #expect(try postgres.search("still").total == 0)
    }
}

extension SearchBackendTests {
    /// A withdrawn participant's words leave the search index's files too, in both stores: FTS5's segments
    /// and PostgreSQL's GIN index keep a deleted word as an entry until they are merged or rebuilt (the
    /// GIN index kept them for good: vacuum does not remove its keys).
    @Test func withdrawnWordsLeaveTheSearchIndexFiles() async throws {
        let location = try await PostgresTestServer.database()
        let server = try #require(PostgresTestServer.current)
        let folder = TempFolder()
        let path = try Self.writeLog(in: folder) { log in
            log.add(Fixture.comment("g1", "meet-amir", "P1", "quuxstreet xylophonistname", []), at: 20)
            log.add(Fixture.comment("g2", "meet-amir", "P2", "stays here", []), at: 21)
        }
        let sqlite = try folder.store(), postgres = try Store(postgres: location)
        for store in [sqlite, postgres] {
            _ = try store.merge(paths: [path])
            #expect(try store.search("quuxstreet").total == 1)
            _ = try store.withdraw(session: Self.session, participant: "P1")
            #expect(try store.search("quuxstreet").total == 0 && store.search("stays").total == 1)
        }
        let file = try Data(contentsOf: URL(fileURLWithPath: folder.file("parley.sqlite")))
        #expect(file.range(of: Data("xylophonistname".utf8)) == nil, "the SQLite file still holds the word")
        _ = try postgres.query("CHECKPOINT")
        let index = PostgresSchema.commentTables(session: Self.session).part + "_words_idx"
        let relative = try #require(try postgres.query("SELECT pg_relation_filepath('\(index)')").first?.first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: server.data + "/" + relative))
        #expect(!bytes.isEmpty && bytes.range(of: Data("xylophonistname".utf8)) == nil, "the GIN index still holds the word")
    }
}

extension SearchBackendTests {
    /// `--participant` ignores case in ASCII letters, in both stores alike: PostgreSQL lowered the typed
    /// name by the server's locale (É to é) but the stored one in ASCII only, and found nothing.
    @Test func aParticipantFilterFindsTheSameInBoth() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        let path = try Self.writeLog(in: folder) { log in
            log.add(Fixture.comment("e1", "meet-amir", "Émile", "bonjour from Émile", []), at: 20)
            log.add(Fixture.comment("e2", "meet-amir", "P1", "bonjour from P1", []), at: 21)
        }
        let sqlite = try folder.store(), postgres = try Store(postgres: location)
        for store in [sqlite, postgres] { _ = try store.merge(paths: [path]) }
        for typed in ["Émile", "ÉMILE", "p1", "P1"] {
            let found = try [sqlite, postgres].map { try $0.search("bonjour", filter: SearchFilter(participant: typed)).hits.map(\.commentID) }
            #expect(found[0] == found[1], "\(typed): SQLite \(found[0]), PostgreSQL \(found[1])")
        }
        #expect(try postgres.search("bonjour", filter: SearchFilter(participant: "ÉMILE")).hits.map(\.commentID) == ["e1"])
        // A participant the store does not have is said to be a typo, in both (it found nothing, silently).
        for store in [sqlite, postgres] {
            for typed in ["x", "émile"] {
                let error = #expect(throws: UserError.self) { try store.search("bonjour", filter: SearchFilter(participant: typed)) }
                #expect(error?.description == "no participant \"\(typed)\" in the store\(typed == "émile" ? " (did you mean \"Émile\"?)" : ""); participants are: P1, Émile")
            }
            #expect(throws: UserError.self) { try store.search("bonjour", filter: SearchFilter(prompt: "meet_amir")) }
            #expect(throws: UserError.self) { try store.search("bonjour", filter: SearchFilter(tag: "nosuch")) }
        }
    }
}

import Foundation
import GRDB
import ParleyCore
import Testing
@testable import ParleyStore

/// An older store is brought up to date on first use, says so, and keeps what it held.
@Suite("Migrations")
struct MigrationTests {
    @Test func anOlderSQLiteStoreIsUpgradedOnceAndSaysSo() throws {
        let folder = TempFolder()
        let paths = try Fixture.writeAll(in: folder)
        let current = try folder.store("current.sqlite")
        _ = try current.merge(paths: paths)
        // A store as Parley left it before remarks were derived: migrations up to v2 only.
        let path = folder.file("old.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "PRAGMA application_id = \(SQLiteStoreDatabase.applicationID)") }
            try Schema.migrator.migrate(queue, upTo: "v2: recordings")
        }
        let old = try Store(path: path)
        let names = try DatabaseQueue(path: path).read { try Schema.migrator.appliedIdentifiers($0) }
        #expect(old.migrated == Array(names.subtracting(["v1: events, tombstones, derived tables, full-text search", "v2: recordings"])).sorted())
        #expect(old.migrated.contains("v3: remarks counted when derived"))
        _ = try old.merge(paths: paths)
        #expect(try Fixture.everything(old) == Fixture.everything(current))
        // Opened again, there is nothing to do.
        #expect(try Store(path: path).migrated.isEmpty)
        // A new store's own migrations are not news.
        #expect(current.migrated.isEmpty)
    }
}

@Suite("Migrations in PostgreSQL", .postgresServer)
struct PostgresMigrationTests {
    @Test func aStoreMissingALaterMigrationGetsItOnFirstUse() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        let paths = try Fixture.writeAll(in: folder)
        let store = try Store(postgres: location)
        #expect(store.migrated.isEmpty)
        _ = try store.merge(paths: paths)
        let before = try Fixture.everything(store)
        // Undo v3 as an older Parley would have left the store: no remark tables, no remark column.
        try store.write { db in
            try db.execute("""
                DROP TABLE remark_groups, remark_tag_counts, remark_tag_pairs, remark_writers, remark_sessions;
                ALTER TABLE comments DROP COLUMN remark_id;
                DELETE FROM parley_migrations WHERE name = 'v3: remarks counted when derived';
                UPDATE parley_meta SET value = '2' WHERE key = 'derived_version'
                """)
        }
        let reopened = try Store(postgres: location)
        #expect(reopened.migrated == ["v3: remarks counted when derived"])
        #expect(try Fixture.everything(reopened) == before)
        #expect(try Store(postgres: location).migrated.isEmpty)
    }

    /// v5 moved search from PostgreSQL's parser to SQLite's tokenizer: an older store's comments get their words.
    @Test func anOlderStoreGetsItsSearchWords() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        let store = try Store(postgres: location)
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        func searches(_ store: Store) throws -> [String] {
            try ["app*", "trust", "zazolc", "اردو", "GP app"].map { query in "\(query): \(try store.search(query).hits)" }
        }
        let before = try Fixture.everything(store), found = try searches(store)
        #expect(found.allSatisfy { !$0.hasSuffix(": []") })
        // As v4 left it: one comments table, searched through PostgreSQL's own parser.
        try store.write { db in
            try db.execute("""
                CREATE TABLE comments_v4 (LIKE comments INCLUDING DEFAULTS);
                INSERT INTO comments_v4 SELECT * FROM comments;
                DROP TABLE comments;
                DROP FUNCTION parley_place_comments;
                ALTER TABLE comments_v4 RENAME TO comments;
                ALTER TABLE comments DROP COLUMN words;
                ALTER TABLE comments ADD PRIMARY KEY (n);
                CREATE INDEX comments_by_session_ordinal ON comments (session, ordinal);
                CREATE EXTENSION IF NOT EXISTS unaccent;
                CREATE TEXT SEARCH CONFIGURATION parley (COPY = simple);
                ALTER TEXT SEARCH CONFIGURATION parley ALTER MAPPING FOR asciiword, word WITH unaccent, simple;
                CREATE INDEX comments_search ON comments USING gin (to_tsvector('parley', text)) WHERE deleted = 0;
                DELETE FROM parley_migrations WHERE name LIKE 'v5:%'
                """)
        }
        let reopened = try Store(postgres: location)
        #expect(reopened.migrated == ["v5: search words from SQLite's tokenizer, comments partitioned by session"])
        #expect(try Fixture.everything(reopened) == before)
        #expect(try searches(reopened) == found)
        #expect(try reopened.query("SELECT count(*) FROM comments WHERE deleted = 0 AND words IS NULL") == [["0"]])
        // Each session's comments are a partition of their own.
        #expect(try reopened.query("SELECT count(*) FROM pg_inherits WHERE inhparent = 'comments'::regclass")
            == (try reopened.query("SELECT count(DISTINCT session) FROM comments")))
    }

    @Test func aStoreFromANewerParleyIsRefused() async throws {
        let location = try await PostgresTestServer.database()
        let store = try Store(postgres: location)
        try store.write { db in try db.execute("INSERT INTO parley_migrations (name, applied_at) VALUES ('v99: the future', 'x')") }
        let error = #expect(throws: UserError.self) { try Store(postgres: location) }
        #expect("\(error!)".contains("newer Parley"))
    }
}

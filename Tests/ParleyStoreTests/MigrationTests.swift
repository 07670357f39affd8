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

    @Test func aStoreFromANewerParleyIsRefused() async throws {
        let location = try await PostgresTestServer.database()
        let store = try Store(postgres: location)
        try store.write { db in try db.execute("INSERT INTO parley_migrations (name, applied_at) VALUES ('v99: the future', 'x')") }
        let error = #expect(throws: UserError.self) { try Store(postgres: location) }
        #expect("\(error!)".contains("newer Parley"))
    }
}

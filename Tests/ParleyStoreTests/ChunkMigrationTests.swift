import Foundation
import GRDB
import ParleyCore
import ParleyLog
import Testing
@testable import ParleyStore

/// A store made before events were packed in chunks (v3: a row per event in `events`) is migrated on
/// first use: its events move into `event_chunks` byte for byte, and it gives what merging the same
/// logs into a new store gives.
@Suite("Events table to chunks")
struct ChunkMigrationTests {
    static let v3 = "v3: remarks counted when derived"

    /// Writes the logs' events as v3 kept them: a row each, with fingerprints in `line_hashes`; the
    /// derived tables are left empty (a store derived by an older Parley is rebuilt when opened).
    static func insertAsV3(_ paths: [String], db: any StoreSQL) throws -> [String] {
        var lines: [String] = []
        var hashes: [LineHash] = []
        var ids: Set<String> = []
        for path in paths {
            let file = try LogFile(path: path)
            for (line, decoded) in zip(file.lines, file.decodeAll()) {
                guard case .event(let event) = decoded, ids.insert(event.id).inserted else { continue }
                let json = file.data.withUnsafeBytes { String(decoding: $0[line.start ..< line.start + line.count], as: UTF8.self) }
                let hash = LineHash.of(json)
                try db.execute("""
                    INSERT INTO events (id, session, writer, seq, at, type, hash_high, hash_low, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [event.id, event.session, event.writer, event.seq, event.at, event.type, hash.storedHigh, hash.storedLow, json])
                lines.append(json)
                hashes.append(hash)
            }
        }
        try Store.saveLineHashes(hashes, db: db)
        return lines
    }

    @Test func anSQLiteStoreOfV3IsMigratedToChunks() throws {
        let folder = TempFolder()
        let paths = try BackendDifferentialTests.logs(folder)
        let fresh = try folder.store("fresh.sqlite")
        _ = try fresh.merge(paths: paths)

        let old = try DatabaseQueue(path: folder.file("old.sqlite"))
        try old.write { db in try db.execute(sql: "PRAGMA application_id = \(SQLiteStoreDatabase.applicationID)") }
        try Schema.migrator.migrate(old, upTo: Self.v3)
        let lines = try old.write { db in try Self.insertAsV3(paths, db: SQLiteSQL(db)) }
        try old.close()

        let migrated = try Store(path: folder.file("old.sqlite"))
        #expect(try Fixture.storedLines(migrated).sorted() == lines.sorted())
        #expect(try migrated.query("SELECT count(*) FROM sqlite_master WHERE name IN ('events', 'comment_tags')") == [["0"]])
        #expect(try Fixture.everything(migrated) == Fixture.everything(fresh))
        #expect(try migrated.integrityCheck() == "ok")
        // Merging the same logs again finds every line known.
        #expect(try migrated.merge(paths: paths).newEvents == 0)
    }

    @Test(.postgresServer) func aPostgreSQLStoreOfV3IsMigratedToChunks() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        let paths = try BackendDifferentialTests.logs(folder)
        let fresh = try folder.store("fresh.sqlite")
        _ = try fresh.merge(paths: paths)

        let lines = try await onOwnThread {
            let old = try PostgresStoreDatabase.connect(try location.connectionConfiguration(), name: "old")
            return try old.write(erasing: false) { db in
                _ = try PostgresSchema.migrate(db, through: Self.v3)
                return try Self.insertAsV3(paths, db: db)
            }
        }
        let migrated = try Store(postgres: location)
        #expect(migrated.migrated.contains { $0.hasPrefix("v4") })
        #expect(try Fixture.storedLines(migrated).sorted() == lines.sorted())
        #expect(try Fixture.everything(migrated) == Fixture.everything(fresh))
        #expect(try migrated.merge(paths: paths).newEvents == 0)
    }
}

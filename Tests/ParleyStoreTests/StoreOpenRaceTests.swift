import Foundation
import GRDB
import Synchronization
import Testing
@testable import ParleyStore

/// Several merges opening the same new store at once (each with its own SQLite connection, as separate
/// processes have): every one opens it, and it ends with one complete schema.
@Suite struct StoreOpenRaceTests {
    @Test func storesCreatedAtOnceAllOpenTheSameCompleteStore() throws {
        for round in 0..<20 {
            let folder = TempFolder()
            let path = folder.file("race.sqlite")
            let failures = Self.openAtOnce(path, count: 4)
            #expect(failures.isEmpty, "round \(round): \(failures)")
            try Self.expectComplete(path)
        }
    }

    /// The file exists but is empty (another merge has created it and not yet given it a schema):
    /// those opening it at once wait for each other and all find the finished schema.
    @Test func anEmptyStoreFileOpenedAtOnceGetsOneSchema() throws {
        for round in 0..<20 {
            let folder = TempFolder()
            let path = folder.write("", to: "empty.sqlite")
            let failures = Self.openAtOnce(path, count: 4)
            #expect(failures.isEmpty, "round \(round): \(failures)")
            try Self.expectComplete(path)
        }
    }

    /// Setting a store up holds SQLite's lock throughout; once open, the store lets go of it.
    @Test func aStoreOnceSetUpLeavesTheFileToOthers() throws {
        let folder = TempFolder()
        let path = folder.file("shared.sqlite")
        let first = try Store(path: path, mode: .create)
        let second = try Store(path: path)
        #expect(try second.merge(paths: []).newEvents == 0)
        #expect(try first.merge(paths: []).newEvents == 0)
    }

    static func expectComplete(_ path: String) throws {
        let store = try Store(path: path)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.query("SELECT count(*) FROM grdb_migrations") == [[String(Schema.migrator.migrations.count)]])
        #expect(try store.query("PRAGMA page_size") == [["16384"]])
    }

    /// Opens `count` stores on `path` from as many threads released together; the errors they threw.
    static func openAtOnce(_ path: String, count: Int) -> [String] {
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let failures = Mutex<[String]>([])
        for _ in 0..<count {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                start.wait()
                do { _ = try Store(path: path, mode: .create) } catch { failures.withLock { $0.append("\(error)") } }
            }
        }
        for _ in 0..<count { start.signal() }
        done.wait()
        return failures.withLock { $0 }
    }
}

import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

/// Opening a store, and what it answers about sessions once logs are merged in.
@Suite("Store")
struct StoreTests {
    @Test func storeFileIsOwnerOnly() throws {
        let folder = TempFolder()
        let store = try folder.store()
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func commandsOtherThanMergeNeedAnExistingStore() throws {
        let folder = TempFolder()
        let error = #expect(throws: UserError.self) { try Store(path: folder.file("none.sqlite")) }
        #expect(error?.description.hasPrefix("no store at ") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("none.sqlite")))
    }

    @Test func aFileThatIsNotAStoreIsRefused() throws {
        let folder = TempFolder()
        let path = folder.write("hello, I am a text file, not a database, and I am long enough to be read" + String(repeating: "x", count: 200), to: "x.sqlite")
        let error = #expect(throws: UserError.self) { try Store(path: path) }
        #expect(error?.description.contains("is not a Parley store") == true)
    }

    @Test func sessionPrefixesResolve() throws {
        let folder = TempFolder()
        let store = try folder.store()
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        #expect(try store.resolveSession("aaaa") == Fixture.sessionA)
        #expect(try store.resolveSession("BBBBBBBB-2222") == Fixture.sessionB)
        #expect(throws: UserError.self) { try store.resolveSession("abc") }
        #expect(throws: UserError.self) { try store.resolveSession("cccc") }
    }

    @Test func replayOrderOfASessionsEvents() throws {
        let folder = TempFolder()
        let store = try folder.store()
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        let events = try store.events(session: "aaaa")
        #expect(events.count == 21)
        #expect(events.prefix(3).map(\.id) == ["aaaaaaaa-facilitator-1", "aaaaaaaa-note-taker-1-1", "aaaaaaaa-facilitator-2"])
    }
}

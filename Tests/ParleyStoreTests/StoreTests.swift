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

    /// Two sessions whose ids differ only in case: each given exactly is itself (a withdrawal from the
    /// second used to remove the participant from the first); given in neither's case, it is ambiguous.
    @Test func anIdGivenExactlyWinsOverOneThatDiffersInCase() throws {
        let folder = TempFolder()
        let store = try folder.store()
        var paths: [String] = []
        for (index, id) in ["case-sess-01", "CASE-SESS-01"].enumerated() {
            var log = Fixture.Log(session: id, writer: "facilitator", startMilliseconds: 1_741_082_400_000 + Int64(index) * 86_400_000)
            log.add(.sessionStarted(SessionStart(workshop: Fixture.workshop())), at: 0)
            log.add(Fixture.comment("c1", "meet-amir", "P3", "words of \(id)", []), at: 10)
            paths.append(folder.file("\(index).jsonl"))
            try log.write(to: paths.last!)
        }
        _ = try store.merge(paths: paths)
        #expect(try store.resolveSession("case-sess-01") == "case-sess-01")
        #expect(try store.resolveSession("CASE-SESS-01") == "CASE-SESS-01")
        let ambiguous = #expect(throws: UserError.self) { try store.resolveSession("Case-Sess-01") }
        #expect(ambiguous?.description.contains("differ only in case") == true)
        #expect(throws: UserError.self) { try store.resolveSession("case-sess") }
        _ = try store.withdraw(session: "CASE-SESS-01", participant: "P3")
        #expect(try store.search("words").hits.map(\.sessionID) == ["case-sess-01"])
    }

    /// `store copy` tells a source that changed under it (a merge or withdrawal into a shared store) from a
    /// copy that is not faithful by this mark.
    @Test func theChangeMarkMovesWithEveryChangeToTheTruth() throws {
        let folder = TempFolder()
        let store = try folder.store()
        let paths = try Fixture.writeAll(in: folder)
        func mark() throws -> [String] { try store.read { try Store.changeMark($0) } }
        let empty = try mark()
        _ = try store.merge(paths: [paths[0]])
        let one = try mark()
        _ = try store.merge(paths: [paths[0]])
        #expect(try mark() == one, "nothing new: the same mark")
        _ = try store.merge(paths: Array(paths[1...]))
        let all = try mark()
        _ = try store.withdraw(session: "aaaa", participant: "P1")
        #expect(Set([empty, one, all, try mark()]).count == 4)
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

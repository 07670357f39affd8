import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// Agreement of a merged session: what the store feeds the maths.
@Suite("Agreement in the store")
struct AgreementTests {
    static let session = "dddddddd-4444-4444-8444-444444444444"

    /// The two-writer session of the hand-computed example in docs/agreement.md.
    static func logs() -> [Fixture.Log] {
        let workshop = Fixture.workshop(deckID: "agree-test", sha: "sha-agree")
        var a = Fixture.Log(session: session, writer: "facilitator")
        a.add(.sessionStarted(SessionStart(workshop: workshop)), at: 0)
        a.add(Fixture.comment("a1", "meet-amir", "P1", "Amir needs his son to log in", ["access", "proxy"]), at: 10)
        a.add(Fixture.comment("a2", "meet-amir", "P2", "I trust my GP more than the app", ["trust"]), at: 100)
        a.add(Fixture.comment("a3", "meet-amir", "P2", "Worried about who sees it", ["privacy"]), at: 130)
        a.add(Fixture.comment("a4", "meet-amir", "P3", "Letters are easier", ["letters"]), at: 200)
        a.add(Fixture.comment("a5", "meet-amir", "P4", "withdrawn person's remark", ["access"]), at: 210)
        var b = Fixture.Log(session: session, writer: "note-taker-1")
        b.add(.sessionStarted(SessionStart(workshop: workshop)), at: 1)
        b.add(Fixture.comment("b1", "meet-amir", "P1", "needs son to log in for him", ["proxy"]), at: 40)
        b.add(Fixture.comment("b2", "meet-amir", "P2", "trusts GP more than app", ["trust"]), at: 190)
        b.add(Fixture.comment("b3", "meet-amir", "P3", "prefers paper letters", ["letters", "access"]), at: 205)
        b.add(Fixture.comment("b4", "meet-amir", "P4", "withdrawn person's remark", ["privacy"]), at: 211)
        b.add(Fixture.comment("b5", "q-trust", nil, "Room laughs", []), at: 300)
        return [a, b]
    }

    static func store(_ folder: TempFolder) throws -> Store {
        var paths: [String] = []
        for (index, log) in logs().enumerated() {
            let path = folder.file("agree-\(index).jsonl")
            try log.write(to: path)
            paths.append(path)
        }
        let store = try folder.store()
        _ = try store.merge(paths: paths)
        _ = try store.withdraw(session: session, participant: "P4")
        return store
    }

    /// What the store adds to the maths (ParleyReportsTests): the session's comments without the withdrawn
    /// speaker's, and its prompts in deck order.
    @Test func theStoreLeavesWithdrawnSpeakersOutAndListsPromptsInDeckOrder() throws {
        let folder = TempFolder()
        let result = try Self.store(folder).agreement(session: "dddd")
        #expect(result.session == Self.session)
        #expect(result.writers == ["facilitator", "note-taker-1"])
        #expect(result.units.count == 5)
        #expect(!result.units.contains { $0.participant == "P4" })
        #expect(result.overall.table! == (both: 3, firstOnly: 1, secondOnly: 1, neither: 10))
        #expect(result.prompts.map(\.key) == ["meet-amir", "q-trust"])
    }

    @Test func oneWriterIsAUserError() throws {
        let folder = TempFolder()
        let store = try folder.store()
        let path = folder.file("one.jsonl")
        try Self.logs()[0].write(to: path)
        _ = try store.merge(paths: [path])
        #expect(throws: UserError.self) { try store.agreement(session: Self.session) }
    }
}

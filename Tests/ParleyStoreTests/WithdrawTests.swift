import Foundation
import GRDB
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

@Suite("Withdrawal")
struct WithdrawTests {
    static let p1Words = ["Amir would need his son", "frightening"]

    func mergedStore(_ folder: TempFolder) throws -> (Store, [String]) {
        let paths = try Fixture.writeAll(in: folder)
        let store = try folder.store()
        _ = try store.merge(paths: paths)
        return (store, paths)
    }

    /// Everything exported, in every format, and the raw tables, must be free of P1's words.
    func expectGone(_ store: Store, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let exports = try ExportFormat.allCases.map { try store.export($0, scope: Scope(sessions: [Fixture.sessionA])) }
            + [ReportRenderer.text(try store.report()), ReportRenderer.csv(try store.report()), ReportRenderer.markdown(try store.report())]
        for text in exports {
            for words in Self.p1Words { #expect(!text.contains(words), "\(words) still exported", sourceLocation: sourceLocation) }
        }
        #expect(try !store.comments(Scope(sessions: [Fixture.sessionA])).contains { $0.participant == "P1" }, sourceLocation: sourceLocation)
        #expect(try store.search("frightening").total == 0, sourceLocation: sourceLocation)
        #expect(try store.search("passwords").total == 0, sourceLocation: sourceLocation)
        for words in Self.p1Words {
            let pattern = "%" + words + "%"
            #expect(try Fixture.storedLines(store, containing: words) == 0, sourceLocation: sourceLocation)
            #expect(try store.query("SELECT count(*) FROM comments WHERE text LIKE '\(pattern)'") == [["0"]], sourceLocation: sourceLocation)
        }
        #expect(try store.query("SELECT count(*) FROM participants WHERE session = '\(Fixture.sessionA)' AND participant = 'P1'") == [["0"]],
                sourceLocation: sourceLocation)
        #expect(try store.query("SELECT count(*) FROM tag_counts WHERE dimension = 'participant' AND key = 'P1' AND session = '\(Fixture.sessionA)'") == [["0"]],
                sourceLocation: sourceLocation)
        #expect(try store.query("SELECT count(*) FROM comment_groups WHERE participant = 'P1' AND session = '\(Fixture.sessionA)'") == [["0"]],
                sourceLocation: sourceLocation)
        #expect(try store.integrityCheck() == "ok", sourceLocation: sourceLocation)
    }

    @Test func withdrawalRemovesTheParticipantEverywhere() throws {
        let folder = TempFolder()
        let (store, _) = try mergedStore(folder)
        #expect(try store.search("frightening").total == 1)
        let outcome = try store.withdraw(session: "aaaa", participant: "p1")
        #expect(outcome.participant == "P1")
        #expect(outcome.session == Fixture.sessionA)
        #expect(outcome.commentsRemoved == 2)
        #expect(outcome.deletedCommentsRemoved == 0)
        // c1 and its untag, c3 and its edit, P1's participant.added.
        #expect(outcome.eventsRemoved == 5)
        try expectGone(store)
        // Other participants and the other session are untouched.
        #expect(try store.comments(Scope(sessions: [Fixture.sessionA])).map(\.commentID) == ["n1", "c2", "n2", "n3"])
        #expect(try store.comments(Scope(sessions: [Fixture.sessionB])).count == 4)
        #expect(try store.sessions().first?.withdrawn == ["P1"])
        #expect(try store.sessions().first?.participants == 3)
    }

    @Test func withdrawalSurvivesMergingTheSameLogsAgain() throws {
        let folder = TempFolder()
        let (store, paths) = try mergedStore(folder)
        _ = try store.withdraw(session: Fixture.sessionA, participant: "P1")
        let before = try Fixture.everything(store)
        let again = try store.merge(paths: paths.reversed())
        #expect(again.newEvents == 0)
        #expect(again.knownEvents == 30)
        #expect(again.withdrawnEvents == 5)
        #expect(again.summary == "Merged 3 logs: 0 events new, 30 already in the store (5 of them withdrawn).")
        try expectGone(store)
        #expect(try Fixture.everything(store) == before)
    }

    @Test func logsMergedAfterAWithdrawalDoNotBringThemBack() throws {
        let folder = TempFolder()
        let (facilitator, noteTaker) = Fixture.knownSession()
        try noteTaker.write(to: folder.file("n.jsonl"))
        let store = try folder.store()
        _ = try store.merge(paths: [folder.file("n.jsonl")])
        // P2 spoke in the note-taker's log; withdraw before the facilitator's log arrives.
        let outcome = try store.withdraw(session: Fixture.sessionA, participant: "P2")
        #expect(outcome.commentsRemoved == 1)
        try facilitator.write(to: folder.file("f.jsonl"))
        let merged = try store.merge(paths: [folder.file("f.jsonl")])
        #expect(merged.droppedForWithdrawal == 2)   // c2's comment.added and its comment.tagged
        #expect(try !store.comments().contains { $0.participant == "P2" && $0.sessionID == Fixture.sessionA })
        #expect(try Fixture.storedLines(store, containing: "I trust the GP") == 0)
        #expect(try Fixture.storedLines(store, containing: "\"comment\":\"c2\"") == 0)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func withdrawingTwiceOrSomeoneUnknown() throws {
        let folder = TempFolder()
        let (store, _) = try mergedStore(folder)
        _ = try store.withdraw(session: Fixture.sessionA, participant: "P3")
        #expect(try store.withdraw(session: Fixture.sessionA, participant: "P3").alreadyWithdrawn)
        let error = #expect(throws: UserError.self) { try store.withdraw(session: Fixture.sessionA, participant: "P9") }
        #expect(error?.description == "no participant \"P9\" in session \(Fixture.sessionA); its participants are: P1, P2, P3, P4")
        #expect(throws: UserError.self) { try store.withdraw(session: "nope", participant: "P1") }
    }

    @Test func withdrawingSomeoneWhoseOnlyCommentWasDeleted() throws {
        let folder = TempFolder()
        let (store, _) = try mergedStore(folder)
        let outcome = try store.withdraw(session: Fixture.sessionA, participant: "P3")
        #expect(outcome.commentsRemoved == 0)
        #expect(outcome.deletedCommentsRemoved == 1)
        #expect(try store.query("SELECT count(*) FROM comments WHERE comment_id = 'c4'") == [["0"]])
        #expect(try Fixture.storedLines(store, containing: "typo line") == 0)
    }

    /// A clock stopped at one instant.
    struct StoppedClock: Clock {
        var date: Date
        func now() -> Date { date }
        func monotonicMilliseconds() -> Int { 0 }
    }

    @Test func aWithdrawalIsStampedWithTheStoresClock() throws {
        let folder = TempFolder()
        let stopped = Date(timeIntervalSince1970: 1_741_086_000.25)
        let store = try Store(database: DatabaseQueue(), name: "memory", clock: StoppedClock(date: stopped))
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        _ = try store.withdraw(session: Fixture.sessionA, participant: "P1")
        #expect(try store.query("SELECT session, participant, withdrawn_at FROM tombstones")
            == [[Fixture.sessionA, "P1", "2025-03-04T11:00:00.250Z"]])
        // Nothing was written next to the logs: the store lives in memory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { $0.hasSuffix(".jsonl") })
    }
}

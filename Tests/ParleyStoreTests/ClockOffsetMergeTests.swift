import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// A note-taker's laptop 5 minutes fast: with the `clock.offset` their log recorded, the store puts
/// every note where it was said on the facilitator's time line, exactly as a true clock would.
@Suite("Merge across clocks")
struct ClockOffsetMergeTests {
    /// The logs of `Fixture.clockSession`, merged into a fresh store.
    func merged(_ logs: (facilitator: Fixture.Log, noteTaker: Fixture.Log), in folder: TempFolder, name: String) throws -> Store {
        try logs.facilitator.write(to: folder.file("\(name)-f.jsonl"))
        try logs.noteTaker.write(to: folder.file("\(name)-n.jsonl"))
        let store = try folder.store("\(name).sqlite")
        let outcome = try store.merge(paths: [folder.file("\(name)-n.jsonl"), folder.file("\(name)-f.jsonl")])
        #expect(outcome.problems.isEmpty)
        return store
    }

    func markers(_ store: Store) throws -> [[String]] {
        try store.query("SELECT label, prompt_id, at FROM markers ORDER BY ordinal")
    }

    static func at(_ seconds: Int) -> String { Timestamp.string(milliseconds: 1_741_082_400_000 + seconds * 1000) }

    @Test func aMeasuredOffsetPutsEveryNoteInTrueTimeOrder() throws {
        let folder = TempFolder()
        let fast = try merged(Fixture.clockSession(noteTakerAhead: 300, measured: -300_000), in: folder, name: "fast")

        // Every note between the right prompt changes, interleaved with the facilitator's comments…
        let comments = try fast.comments()
        #expect(comments.map(\.commentID) == ["c1", "n1", "c2", "n2", "c3", "n3", "c4", "n4", "c5"])
        #expect(comments.first { $0.commentID == "n1" }?.at == Self.at(25))
        #expect(comments.first { $0.commentID == "n3" }?.at == Self.at(65))
        // …and markers: the note-taker's marker lies between the facilitator's two, on the prompt the
        // room showed then.
        #expect(try markers(fast) == [["strong quote", "nhs-results", Self.at(55)],
                                      ["note-taker: P1 upset", "nhs-results", Self.at(58)],
                                      ["wrap up Amir", "meet-amir", Self.at(95)]])
        let session = try #require(try fast.sessions().first)
        #expect(session.durationMilliseconds == 200_000)
        #expect(try fast.query("SELECT writer, first_at, last_at FROM session_writers ORDER BY writer")
                == [["facilitator", Self.at(0), Self.at(200)], ["note-taker-1", Self.at(2), Self.at(105)]])

        // Exports print the placed times: the CSV's `at`, the transcript's clock times.
        let csv = try CSVReader.parse(try fast.export(.csv))
        #expect(csv.dropFirst().map { [$0[0], $0[4]] }.first { $0[0] == "n2" } == ["n2", Self.at(45)])
        let md = try fast.export(.md)
        let amir = try #require(md.range(of: "(`meet-amir`)"))
        let lines = md[amir.upperBound...].split(separator: "\n").prefix(6).map(String.init)
        #expect(lines.filter { $0.hasPrefix("- ") }.map { String($0.prefix(10)) }
                == ["- 10:00:20", "- 10:00:25", "- 10:00:30", "- 10:01:05", "- 10:01:15"])

        // Everything a researcher can get out of the store is what a laptop with a true clock gives.
        let trueClock = try merged(Fixture.clockSession(noteTakerAhead: 0, measured: 0), in: folder, name: "true")
        #expect(try Fixture.everything(fast) == Fixture.everything(trueClock))
    }

    /// The same logs without the `clock.offset` line: the note-taker's notes all land after the
    /// facilitator's last comment, and their marker on the wrong prompt. The rule is what fixes it.
    @Test func withoutTheOffsetTheSameLogsMisorder() throws {
        let folder = TempFolder()
        let unmeasured = try merged(Fixture.clockSession(noteTakerAhead: 300, measured: nil), in: folder, name: "unmeasured")
        #expect(try unmeasured.comments().map(\.commentID) == ["c1", "c2", "c3", "c4", "c5", "n1", "n2", "n3", "n4"])
        #expect(try markers(unmeasured).map { Array($0.prefix(2)) }
                == [["strong quote", "nhs-results"], ["wrap up Amir", "meet-amir"], ["note-taker: P1 upset", "q-trust"]])
        #expect(try #require(try unmeasured.sessions().first).durationMilliseconds == 405_000)
    }

    /// The offset depends only on the note-taker's own events, so merging the note-taker's log before
    /// the facilitator's, a part without the `clock.offset` first, or everything twice, ends the same.
    @Test func mergingInPartsAndInAnyOrderAgrees() throws {
        let folder = TempFolder()
        let (f, n) = Fixture.clockSession(noteTakerAhead: 300, measured: -300_000)
        try f.write(to: folder.file("f.jsonl"))
        try n.write(to: folder.file("n.jsonl"))
        var early = Fixture.Log(session: Fixture.sessionA, writer: "note-taker-1")
        early.events = Array(n.events.prefix(2))
        #expect(!early.events.contains { $0.type == "clock.offset" })
        try early.write(to: folder.file("n-early.jsonl"))
        var start = Fixture.Log(session: Fixture.sessionA, writer: "facilitator")
        start.events = Array(f.events.prefix(4))
        try start.write(to: folder.file("f-early.jsonl"))

        // The early part alone is not placed yet (nothing measured); the full log places it.
        let store = try folder.store("parts.sqlite")
        _ = try store.merge(paths: [folder.file("n-early.jsonl"), folder.file("f.jsonl")])
        #expect(try store.comments().map(\.commentID) == ["c1", "c2", "c3", "c4", "c5", "n1"])
        _ = try store.merge(paths: [folder.file("n.jsonl")])
        #expect(try store.comments().map(\.commentID) == ["c1", "n1", "c2", "n2", "c3", "n3", "c4", "n4", "c5"])

        try MergeTests.expectEveryMergeOrderAgrees([folder.file("f.jsonl"), folder.file("n.jsonl"), folder.file("n-early.jsonl"),
                                                    folder.file("f-early.jsonl")], in: folder, rounds: 12)
    }
}

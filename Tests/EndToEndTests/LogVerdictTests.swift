import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
@testable import ParleyLog
import ParleyStore

/// Every command that reads a log judges its lines the same way: the same hostile lines give the
/// same events and the same reported lines through resume, replay, transcript, merge and present.
@Suite(.serialized) struct LogVerdictTests {
    static let session = "5e55e55e-0000-4000-8000-00000000bad0"

    /// What a reader said about one line: `line: message`, without the file's path (each entry
    /// point reads its own copy).
    static func verdict(_ line: String, path: String) -> String {
        line.hasPrefix(path + ":") ? String(line.dropFirst(path.count + 1)) : line
    }

    /// A demo-deck log with a hostile line of every kind in the middle and a torn tail.
    func hostileLog(in t: Tmux) throws -> String {
        let (workshop, deckPath) = try ContentLoader.loadWorkshop(ParleyBuild.repository.appendingPathComponent("Decks/demo.yaml").path)
        let path = t.path("hostile.jsonl")
        let clock = ScriptClock()
        let recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: Self.session, writer: "facilitator", clock: clock)
        func comment(_ id: String, _ text: String, _ tags: [String] = []) -> EventBody {
            .commentAdded(CommentPayload(comment: id, prompt: "welcome", participant: "P1", text: text, tags: tags))
        }
        try recorder.record(.sessionStarted(SessionStart(workshop: workshop, deckPath: deckPath)))
        try recorder.record(.promptShown(prompt: "welcome"))
        clock.seconds = 10
        try recorder.record(comment("c1", "before the hostile lines", ["trust"]))
        let at = #""at":"2025-11-25T12:00:20.000Z""#
        let rest = #""mono":1,"session":"\#(Self.session)","v":1,"writer":"facilitator""#
        for raw in [
            "this is not JSON at all",                                                                       // line 4
            "[1, 2, 3]",                                                                                     // line 5
            #"{\#(at),"id":"x1","seq":"four",\#(rest),"type":"marker","label":"l"}"#,                       // 6: wrong type
            #"{\#(at),"id":"x2","seq":4,\#(rest),"type":"comment.exploded"}"#,                              // 7: unknown type
            #"{"at":"yesterday","id":"x3","seq":4,\#(rest),"type":"marker","label":"l"}"#,                  // 8: bad time
            #"{\#(at),"id":"x4","seq":4,"mono":1,"session":"\#(Self.session)","v":2,"writer":"facilitator","type":"marker","label":"l"}"#, // 9: newer
            #"{\#(at),"id":"x5","seq":4,\#(rest),"type":"comment.tagged","comment":"c1","tag":"a;b"}"#,     // 10: bad tag
            #"{\#(at),"id":"x6","seq":4,\#(rest),"type":"comment.added","comment":"x6","prompt":"welcome","participant":"P9","text":"tagged badly","tags":["Not A Tag"]}"#, // 11
        ] {
            try recorder.log(rawLine: raw + "\n")
        }
        clock.seconds = 30
        try recorder.record(comment("c2", "after the hostile lines"))
        try recorder.log(rawLine: #"{"at":"2025-11-25T12:0"#)
        recorder.close()
        return path
    }

    @Test func hostileLinesGetTheSameVerdictFromEveryEntryPoint() throws {
        let t = try Tmux()
        let original = try hostileLog(in: t)
        func copy(_ name: String) throws -> String {
            let path = t.path(name)
            try FileManager.default.copyItem(atPath: original, toPath: path)
            return path
        }
        let expectedComments = ["before the hostile lines", "after the hostile lines"]

        // The reader itself: the reference.
        let read = try LogReader.read(path: original)
        let expected = read.issues.map { Self.verdict($0.description, path: original) }
        #expect(read.issues.map(\.line) == [4, 5, 6, 7, 8, 9, 10, 11, 13])
        #expect(read.issues.map(\.kind) == [.unreadableLine, .unreadableLine, .unreadableLine, .unreadableLine,
                                            .unusableValue, .unusableValue, .unusableValue, .unusableValue, .tornTail])
        #expect(SessionState(events: read.events).liveComments.map(\.text) == expectedComments)

        // Resume (`parley run --resume`): reports the same lines, then cuts the torn tail.
        let resumed = try copy("resume.jsonl")
        let prepared = try CaptureSetup.prepare(.init(deck: nil, logPath: nil, writer: "facilitator", sessionID: nil, resume: resumed))
        #expect(prepared.notices.map { Self.verdict($0, path: resumed) }.prefix(expected.count) == expected[...])
        #expect(prepared.model.state.liveComments.map(\.text) == expectedComments)

        // Replay and transcript.
        let replayed = try copy("replay.jsonl")
        let replay = try ReplaySession.load(paths: [replayed])
        #expect(replay.issues.map { Self.verdict($0, path: replayed) } == expected)
        #expect(replay.state(afterEvents: replay.count).liveComments.map(\.text) == expectedComments)
        let transcript = Transcript(replay).render(.txt)
        #expect(expectedComments.allSatisfy { transcript.contains($0) } && !transcript.contains("tagged badly"))

        // Merge.
        let merged = try copy("merge.jsonl")
        let store = try Store(path: t.path("parley.sqlite"), mode: .create)
        let outcome = try store.merge(paths: [merged])
        #expect(outcome.problems.map { Self.verdict($0, path: merged) } == expected)
        #expect(SessionState(events: try store.events(session: Self.session)).liveComments.map(\.text) == expectedComments)

        // Present follows the log as it is written: the same lines stepped over; the unterminated
        // tail is a line still being written, not yet a problem.
        let followed = try copy("present.jsonl")
        let follower = LogFollower(path: followed)
        let followedEvents = follower.poll()
        #expect(follower.issues.map { Self.verdict($0.description, path: followed) } == expected.dropLast())
        #expect(followedEvents.map(\.id) == read.events.map(\.id))
        var present = PresentModel(logPath: followed)
        _ = present.update(try #require(LogFollower(path: followed).read()))
        #expect(present.state.liveComments.map(\.text) == expectedComments)
    }

    @Test func aFileThatIsNotALogIsRefusedByEveryEntryPoint() throws {
        let t = try Tmux()
        let path = t.path("notes.jsonl")
        try Data("Meeting notes\nP3 said things\n".utf8).write(to: URL(fileURLWithPath: path))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let refusal = "\(path): not a Parley session log (line 1 is not a Parley event); expected a .jsonl file written by `parley run`"

        #expect(throws: LogError.self) { try LogReader.read(path: path) }
        #expect(throws: UserError.self) { try CaptureSetup.prepare(.init(deck: nil, logPath: nil, writer: "facilitator", sessionID: nil, resume: path)) }
        do {
            _ = try ReplaySession.load(paths: [path])
            Issue.record("replay read a file that is not a log")
        } catch {
            #expect("\(error)" == refusal)
        }
        let outcome = try Store(path: t.path("parley.sqlite"), mode: .create).merge(paths: [path])
        #expect(outcome.refused == [refusal])
        let follower = LogFollower(path: path)
        #expect(follower.poll().isEmpty)
        #expect(follower.refusal?.description == refusal)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}

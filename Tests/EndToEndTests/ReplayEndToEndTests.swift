import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// A clock the test sets: events get exactly the times the script gives.
final class ScriptClock: ParleyCore.Clock, @unchecked Sendable {
    static let start = 1_764_072_000.0
    var seconds = 0.0
    func now() -> Date { Date(timeIntervalSince1970: Self.start + seconds) }
    func monotonicMilliseconds() -> Int { Int(seconds * 1000) }
}

/// The real binary replaying logs written the way `parley run` writes them.
@Suite(.serialized) struct ReplayEndToEndTests {
    static let sessionID = "5e55e55e-0000-4000-8000-00000000e2e0"

    /// Two writers' logs of one 15-minute session on the demo deck; returns their paths.
    func writeSession(in t: Tmux) throws -> [String] {
        let (workshop, deckPath) = try ContentLoader.loadWorkshop(Tmux.repository.appendingPathComponent("Decks/demo.yaml").path)
        let clock = ScriptClock()
        let paths = [t.path("facilitator.jsonl"), t.path("ana.jsonl")]
        let facilitator = SessionRecorder(log: try LogWriter(path: paths[0]), sessionID: Self.sessionID, writer: "facilitator", clock: clock)
        let ana = SessionRecorder(log: try LogWriter(path: paths[1]), sessionID: Self.sessionID, writer: "ana", clock: clock)
        func at(_ seconds: Double, _ recorder: SessionRecorder, _ body: EventBody) throws {
            clock.seconds = seconds
            try recorder.record(body)
        }
        func comment(_ id: String, _ prompt: String, _ who: String?, _ text: String, _ tags: [String] = []) -> EventBody {
            .commentAdded(CommentPayload(comment: id, prompt: prompt, participant: who, text: text, tags: tags))
        }
        try at(0, facilitator, .sessionStarted(SessionStart(workshop: workshop, deckPath: deckPath)))
        try at(0, facilitator, .promptShown(prompt: "welcome"))
        try at(30, facilitator, comment("c1", "welcome", "P1", "Happy to be here"))
        try at(40, ana, .sessionStarted(SessionStart(workshop: workshop, deckPath: deckPath)))
        try at(40, ana, .promptShown(prompt: "welcome"))
        try at(120, facilitator, .promptShown(prompt: "meet-amir"))
        try at(150, facilitator, comment("c2", "meet-amir", "P3", "I'd never know which app to open", ["fragmentation"]))
        try at(165, ana, comment("c3", "meet-amir", "P2", "میں ایپ استعمال نہیں کرتا Zażółć 漢字 😩"))
        try at(180, ana, comment("c4", "meet-amir", "P2", "typo lnie"))
        try at(185, ana, .commentEdited(comment: "c4", participant: "P2", text: "the letters come late", tags: ["trust"]))
        try at(200, facilitator, .marker(label: "tea break"))
        try at(400, facilitator, .promptShown(prompt: "nhs-app-results"))
        try at(430, ana, comment("c5", "nhs-app-results", "P4", "what is HbA1c"))
        try at(440, ana, .commentDeleted(comment: "c5"))
        try at(600, facilitator, comment("c6", "nhs-app-results", "P5", "my daughter reads them for me"))
        try at(900, facilitator, .sessionEnded(reason: "quit"))
        facilitator.close(); ana.close()
        return paths
    }

    func snapshot(_ paths: [String]) throws -> [Data] { try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } }

    @Test func playSeekSearchAndQuitLeaveTheLogsUntouched() throws {
        let t = try Tmux()
        let logs = try writeSession(in: t)
        let before = try snapshot(logs)
        try t.start(["replay"] + logs, width: 100, height: 30)
        try t.waitFor("00:00:00 / 00:15:00")
        try t.waitFor("Welcome and consent")
        // Play at 64×: the clock runs, comments appear at their times.
        try t.keys("Space")
        try t.waitFor("▶ 1×")
        for _ in 0..<6 { try t.keys("+") }
        try t.waitFor("64×")
        try t.waitFor("I'd never know which app to open", seconds: 15)
        try t.keys("Space")
        try t.waitFor("⏸ 64×")
        // Seek to a clock time: the edit has happened, the typo is gone.
        try t.keys("g"); try t.type("00:03:10"); try t.keys("Enter")
        var screen = try t.waitFor("00:03:10 / 00:15:00")
        #expect(screen.contains("the letters come late"))
        #expect(screen.contains("(edited)"))
        #expect(screen.contains("Zażółć 漢字 😩"))
        #expect(!screen.contains("typo lnie"))
        // Back 10 s: before the edit.
        try t.keys("Left")
        screen = try t.waitFor("00:03:00 / 00:15:00")
        #expect(screen.contains("typo lnie"))
        // Next prompt, next comment, then the deleted one shows as deleted.
        try t.keys("PageDown")
        screen = try t.waitFor("00:06:40 / 00:15:00")
        // The screenshot is drawn from the deck's folder, as the room saw it.
        #expect(screen.contains("[screenshot]") && !screen.contains("Image not shown"))
        try t.keys("n")
        try t.waitFor("what is HbA1c")
        try t.keys("Right")
        try t.waitFor("(deleted) what is HbA1c")
        // Search wraps back to the persona prompt.
        try t.keys("/"); try t.type("never know"); try t.keys("Enter")
        // Wait for the footer, drawn after the header: a capture can land between the two.
        screen = try t.waitFor("Wrapped to the start")
        #expect(screen.contains("00:02:30 / 00:15:00"))
        try t.keys("?")
        try t.waitFor("Replay keys (F1 or ?)")
        try t.keys("Escape", "q")
        try t.waitFor("EXITED 0")
        #expect(try snapshot(logs) == before)
    }

    @Test func ctrlQResizeAndSigtermQuitCleanly() throws {
        let t = try Tmux()
        let logs = try writeSession(in: t)
        try t.start(["replay", "--at", "10:00"] + logs, width: 80, height: 24)
        try t.waitFor("00:10:00 / 00:15:00")
        try t.waitFor("my daughter reads them for me")
        try t.keys("C-q")
        try t.waitFor("EXITED 0")

        // Monochrome, a resize storm through sizes too small to draw, then SIGTERM.
        let u = try Tmux()
        let more = try writeSession(in: u)
        try u.start(["replay"] + more, environment: "NO_COLOR=1 TERM=vt100")
        try u.waitFor("00:00:00 / 00:15:00")
        try u.keys("Space")
        for (w, h) in [(30, 10), (200, 60), (1, 1), (60, 20)] { try u.tmux(["resize-window", "-x", "\(w)", "-y", "\(h)"]) }
        try u.waitFor("please enlarge it")
        try u.tmux(["resize-window", "-x", "90", "-y", "26"])
        try u.waitFor("/ 00:15:00")
        try u.signal(SIGTERM)
        try u.waitFor("EXITED 0")
    }

    @Test func transcriptFromLogsAndFromTheStoreWithoutChangingEither() throws {
        let t = try Tmux()
        let logs = try writeSession(in: t)
        let before = try snapshot(logs)
        let md = try Tmux.runWithStatus([Tmux.binary, "transcript"] + logs.reversed())
        #expect(md.status == 0, "\(md.error)")
        #expect(md.output.hasPrefix("# Parley demo: health records on your phone"))
        #expect(md.output.contains("- **00:02:30** **P3**: I'd never know which app to open `#fragmentation` — facilitator"))
        #expect(md.output.contains("the letters come late `#trust` *(edited)* — ana"))
        #expect(!md.output.contains("what is HbA1c"))
        #expect(md.output.contains("◆ *Marker: tea break*"))
        let txt = try Tmux.runWithStatus([Tmux.binary, "transcript", "--format", "txt", "-o", t.path("t.txt")] + logs)
        #expect(txt.status == 0)
        let written = try String(contentsOfFile: t.path("t.txt"), encoding: .utf8)
        #expect(written.contains("00:03:00  P2: the letters come late  #trust  (edited)  [ana]"))
        #expect(try FileManager.default.attributesOfItem(atPath: t.path("t.txt"))[.posixPermissions] as? Int == 0o600)
        #expect(txt.output == "Wrote \(t.path("t.txt")).\n")
        // `-o -` is standard output, with nothing else on it.
        #expect(try Tmux.runWithStatus([Tmux.binary, "transcript", "--format", "txt", "-o", "-"] + logs).output == written)
        let json = try Tmux.runWithStatus([Tmux.binary, "transcript", "--format", "json"] + logs)
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(object?["session"] as? String == Self.sessionID)
        #expect(try snapshot(logs) == before)

        // Through the store: merge, then transcript and replay by session id; the store is unchanged by them.
        let store = t.path("parley.sqlite")
        let merge = try Tmux.runWithStatus([Tmux.binary, "merge", "--store", store] + logs)
        #expect(merge.status == 0, "\(merge.error)")
        let storeBefore = try Data(contentsOf: URL(fileURLWithPath: store))
        let fromStore = try Tmux.runWithStatus([Tmux.binary, "transcript", "--session", "5e55e55e-0000-4000-8000-00000000e2e0", "--store", store])
        #expect(fromStore.status == 0, "\(fromStore.error)")
        #expect(fromStore.output == md.output)
        try t.start(["replay", "--session", "5e55e55e", "--store", store])
        try t.waitFor("00:00:00 / 00:15:00")
        try t.keys("End")
        try t.waitFor("00:15:00 / 00:15:00")
        try t.keys("q")
        try t.waitFor("EXITED 0")
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == storeBefore)
    }

    @Test func mistakesAreOneLineErrors() throws {
        let t = try Tmux()
        let logs = try writeSession(in: t)
        let none = try Tmux.runWithStatus([Tmux.binary, "replay"])
        #expect(none.status == 2)
        let both = try Tmux.runWithStatus([Tmux.binary, "transcript", "--session", "x"] + logs)
        #expect(both.status == 2)
        let format = try Tmux.runWithStatus([Tmux.binary, "transcript", "--format", "pdf"] + logs)
        #expect(format.status == 2)
        let missing = try Tmux.runWithStatus([Tmux.binary, "transcript", t.path("nope.jsonl")])
        #expect(missing.status == 1 && missing.error.hasPrefix("parley: ") && missing.error.split(separator: "\n").count == 1)
        try "hello\n".write(toFile: t.path("notes.txt"), atomically: true, encoding: .utf8)
        let notLog = try Tmux.runWithStatus([Tmux.binary, "replay", t.path("notes.txt")])
        #expect(notLog.status == 1 && notLog.error.contains("not a Parley session log"))
        let folder = try Tmux.runWithStatus([Tmux.binary, "transcript", t.directory.path])
        #expect(folder.status == 1 && folder.error.contains("is a folder"))
        let badTime = try Tmux.runWithStatus([Tmux.binary, "replay", "--at", "soon"] + logs)
        #expect(badTime.status == 1 && badTime.error.contains("not a time"))
    }
}

import Foundation
import Testing

/// The real binary replaying logs written the way `parley run` writes them.
@Suite(.serialized) struct ReplayEndToEndTests {
    @Test func playSeekSearchAndQuitLeaveTheLogsUntouched() throws {
        let t = try Tmux()
        let logs = try ScriptedSession.write(in: t)
        let before = try ScriptedSession.contents(logs)
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
        #expect(try ScriptedSession.contents(logs) == before)
    }

    @Test func ctrlQResizeAndSigtermQuitCleanly() throws {
        let t = try Tmux()
        let logs = try ScriptedSession.write(in: t)
        try t.start(["replay", "--at", "10:00"] + logs, width: 80, height: 24)
        try t.waitFor("00:10:00 / 00:15:00")
        try t.waitFor("my daughter reads them for me")
        try t.keys("C-q")
        try t.waitFor("EXITED 0")

        // Monochrome, a resize storm through sizes too small to draw, then SIGTERM.
        let u = try Tmux()
        let more = try ScriptedSession.write(in: u)
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

    @Test func replayFromTheStoreLeavesItUnchanged() throws {
        let t = try Tmux()
        let store = try ScriptedSession.mergedStore(try ScriptedSession.write(in: t), in: t)
        let storeBefore = try Data(contentsOf: URL(fileURLWithPath: store))
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
        let logs = try ScriptedSession.write(in: t)
        let none = try Program.runWithStatus([ParleyBuild.binary, "replay"])
        #expect(none.status == 2)
        try "hello\n".write(toFile: t.path("notes.txt"), atomically: true, encoding: .utf8)
        let notLog = try Program.runWithStatus([ParleyBuild.binary, "replay", t.path("notes.txt")])
        #expect(notLog.status == 1 && notLog.error.contains("not a Parley session log"))
        let badTime = try Program.runWithStatus([ParleyBuild.binary, "replay", "--at", "soon"] + logs)
        #expect(badTime.status == 1 && badTime.error.contains("not a time"))
    }
}

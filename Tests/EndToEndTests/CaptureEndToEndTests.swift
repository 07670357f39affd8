import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// The real binary in tmux: what a note-taker does, and what must survive.
@Suite(.serialized) struct CaptureEndToEndTests {
    func events(_ path: String) throws -> [Event] { try LogReader.read(path: path).events }
    func comments(_ path: String) throws -> [String] {
        SessionState(events: try events(path)).liveComments.map { "\($0.participant ?? "-")|\($0.text)|\($0.tags.joined(separator: ","))" }
    }

    /// A paste of several lines is one comment (bracketed paste): its line breaks used to be Enter, saving
    /// each line as a comment of its own and leaving the last in the composer. A pasted Ctrl-Q is text too.
    @Test func aPasteOfSeveralLinesIsOneComment() throws {
        let t = try Tmux()
        let log = t.path("a.jsonl")
        try t.start(["run", "demo", "--log", log])
        try t.waitFor("✔ 0 saved")
        _ = try t.tmux(["set-buffer", "--", "P4: first pasted line\nsecond pasted line #usability\r\nthird line\u{11}"])
        _ = try t.tmux(["paste-buffer", "-p"])
        try t.waitFor("third line")
        try t.type(" and typed"); try t.keys("Enter")
        try t.waitFor("✔ 1 saved")
        try t.keys("C-q")
        try t.waitFor("EXITED 0")
        #expect(try comments(log) == ["P4|first pasted line second pasted line third line and typed|usability"])
    }

    @Test func captureUnicodeTagsMovePromptsUndoAndQuit() throws {
        let t = try Tmux()
        let log = t.path("a.jsonl")
        try t.start(["run", "demo", "--log", log])
        try t.waitFor("✔ 0 saved")
        try t.type("P3: I'd never know which app to open #fragmentation"); try t.keys("Enter")
        try t.waitFor("✔ 1 saved")
        try t.type("P2: میں ایپ استعمال نہیں کرتا 😩 Zażółć 漢字 #language #brand-new"); try t.keys("Enter")
        let screen = try t.waitFor("✔ 2 saved")
        #expect(screen.contains("#brand-new*"))
        #expect(screen.contains("Zażółć 漢字"))
        try t.keys("PageDown")
        try t.waitFor("2/6")
        try t.type("typo comment"); try t.keys("Enter")
        try t.waitFor("✔ 3 saved")
        try t.keys("C-z")
        try t.waitFor("Undone: comment removed.")
        try t.type("-: the room laughs"); try t.keys("M-f")
        try t.waitFor("the room laughs #fragmentation")
        try t.keys("Enter")
        try t.waitFor("✔ 3 saved")
        try t.keys("C-q")
        try t.waitFor("EXITED 0")
        #expect(try comments(log) == [
            "P3|I'd never know which app to open|fragmentation",
            "P2|میں ایپ استعمال نہیں کرتا 😩 Zażółć 漢字|language,brand-new",
            "-|the room laughs|fragmentation",
        ])
        let all = try events(log)
        #expect(all.first?.type == "session.started")
        #expect(all.last?.type == "session.ended")
        #expect(all.map(\.seq) == Array(1...all.count))
        let mode = try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func killNineThenResumeLosesNothingShownAsSaved() throws {
        let t = try Tmux()
        let log = t.path("k.jsonl")
        try t.start(["run", "demo", "--log", log])
        try t.waitFor("✔ 0 saved")
        for n in 1...5 {
            try t.type("P\(n): comment number \(n) 😩"); try t.keys("Enter")
            try t.waitFor("✔ \(n) saved")
        }
        try t.type("P6: half typed when the power went")
        try t.waitFor("half typed")
        try t.signal(SIGKILL)
        try t.waitFor("EXITED 137")
        let before = try comments(log)
        #expect(before.count == 5)
        let sessionID = try events(log).first?.session

        let r = try Tmux()
        try r.start(["run", "--resume", log])
        let resumed = try r.waitFor("✔ 5 saved")
        #expect(resumed.contains("comment number 5"))
        try r.type("after the restart"); try r.keys("Enter")
        try r.waitFor("✔ 6 saved")
        try r.keys("C-q")
        try r.waitFor("EXITED 0")
        let all = try events(log)
        #expect(Set(all.map(\.session)) == [sessionID!])
        #expect(all.map(\.seq) == Array(1...all.count))
        #expect(all.contains { $0.type == "session.resumed" })
        // The unprefixed line kept the last speaker across the restart.
        #expect(try comments(log).last == "P5|after the restart|")
    }

    @Test func sigtermAndSighupEndCleanly() throws {
        for signal in [SIGTERM, SIGHUP] {
            let t = try Tmux()
            let log = t.path("s.jsonl")
            try t.start(["run", "demo", "--log", log])
            try t.waitFor("✔ 0 saved")
            try t.type("P1: saved before the signal"); try t.keys("Enter")
            try t.waitFor("✔ 1 saved")
            try t.signal(signal)
            let screen = try t.waitFor("EXITED 0")
            #expect(screen.contains("1 comment in"))
            let last = try events(log).last
            #expect(last?.body == .sessionEnded(reason: "signal"))
        }
    }

    /// Also with pictures drawn by the terminal: the storm places and removes them on a screenshot prompt.
    @Test(arguments: ["cells", "kitty", "sixel"])
    func tooSmallTerminalThenResizeRecovers(_ images: String) throws {
        let t = try Tmux()
        try t.start(["run", "demo", "--log", t.path("r.jsonl")], width: 60, height: 20, environment: "PARLEY_IMAGES=\(images)")
        try t.waitFor("please enlarge it")
        try t.tmux(["resize-window", "-x", "100", "-y", "30"])
        try t.waitFor("✔ 0 saved")
        try t.keys("PageDown", "PageDown", "PageDown")
        try t.waitFor("[screenshot]")
        for (w, h) in [(30, 10), (200, 60), (1, 1), (80, 24), (120, 40)] {
            try t.tmux(["resize-window", "-x", "\(w)", "-y", "\(h)"])
        }
        try t.type("P1: after the storm"); try t.keys("Enter")
        try t.waitFor("✔ 1 saved")
        try t.keys("C-q")
        try t.waitFor("EXITED 0")
    }

    @Test func noColorStillRuns() throws {
        let t = try Tmux()
        try t.start(["run", "demo", "--log", t.path("n.jsonl")], environment: "NO_COLOR=1 TERM=vt100")
        try t.waitFor("✔ 0 saved")
        try t.keys("F1")
        try t.waitFor("Keys (F1 or ? on an empty line)")
        try t.keys("Escape", "C-q")
        try t.waitFor("EXITED 0")
    }

    @Test func unwritableLogIsAClearErrorBeforeTheScreenOpens() throws {
        let result = try Program.runWithStatus([ParleyBuild.binary, "run", "demo", "--log", "/proc/parley-cannot-write/x.jsonl"], directory: ParleyBuild.repository.path)
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("parley: "))
        #expect(!result.error.contains("Fatal error"))
    }
}

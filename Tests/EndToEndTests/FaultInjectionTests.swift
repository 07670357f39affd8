import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// Attacks on "no saved note is ever lost". PARLEY_LONG=1 runs the long (nightly) sizes;
/// PARLEY_SEED=N repeats a run whose seed a failure printed.
@Suite(.serialized) struct FaultInjectionTests {
    static let long = ProcessInfo.processInfo.environment["PARLEY_LONG"] == "1"
    static let seed = ProcessInfo.processInfo.environment["PARLEY_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)

    func savedCount(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"✔ (\d+) saved"#, options: .regularExpression) else { return nil }
        return Int(screen[range].dropFirst(2).prefix { $0.isNumber })
    }

    @Test func killNineAtRandomMomentsNeverLosesWhatWasShownAsSaved() throws {
        let rounds = Self.long ? 100 : 4
        print("FaultInjectionTests: seed \(Self.seed) (PARLEY_SEED=\(Self.seed) repeats this run)")
        var rng = SeededGenerator(seed: Self.seed)
        let t = try Tmux()
        let log = t.path("kill.jsonl")
        var shownSaved = 0
        for round in 0..<rounds {
            try t.start(round == 0 ? ["run", "demo", "--log", log] : ["run", "--resume", log])
            try t.waitFor("✔ \(shownSaved) saved")
            // Type a burst of comments without waiting, then kill at a random moment.
            for n in 0..<Int.random(in: 1...6, using: &rng) { try t.type("P\(n + 1): round \(round) note \(n) 😩 #trust"); try t.keys("Enter") }
            Thread.sleep(forTimeInterval: Double.random(in: 0...0.15, using: &rng))
            let screen = try t.screen()
            try t.signal(SIGKILL)
            try t.waitFor("EXITED 137")
            // What the screen showed as saved just before the kill must be in the log.
            let result = try LogReader.read(path: log)
            let onDisk = SessionState(events: result.events).liveComments.count
            let shown = try #require(savedCount(screen), "seed \(Self.seed) round \(round): no \"✔ N saved\" on the screen:\n\(screen)")
            #expect(onDisk >= shown, "seed \(Self.seed) round \(round): screen showed \(shown) saved, log has \(onDisk)")
            #expect(result.issues.allSatisfy { $0.message.hasPrefix("torn last line") }, "seed \(Self.seed): \(result.issues)")
            shownSaved = onDisk
            try t.tmux(["kill-server"])
        }
        let events = try LogReader.read(path: log).events
        #expect(Set(events.map(\.session)).count == 1)
        #expect(events.map(\.seq) == Array(1...events.count))
    }

    @Test func fileSizeLimitShowsABannerAndKeepsTheDraft() throws {
        let t = try Tmux()
        let log = t.path("full.jsonl")
        // ulimit -f counts 512-byte blocks: the session start fits, a few comments more do not.
        try t.tmux(["new-session", "-d", "-x", "100", "-y", "30",
                    "sh -c \"cd \(ParleyBuild.repository.path) && ulimit -f 60 && \(ParleyBuild.binary) run demo --log \(log); echo EXITED \\$?; sleep 30\""])
        try t.waitFor("✔ 0 saved")
        var failed = false
        for n in 1...80 {
            try t.type("P1: filling the disk, note \(n) " + String(repeating: "x", count: 300)); try t.keys("Enter")
            let screen = try t.screen()
            if screen.contains("NOT SAVED") { failed = true; break }
        }
        #expect(failed, "the file-size limit was never hit")
        let screen = try t.waitFor("your line is kept, Enter retries")
        #expect(screen.contains("✖ NOT SAVED"))
        #expect(screen.contains("filling the disk, note"))  // the draft is still in the composer
        let result = try LogReader.read(path: log)
        #expect(result.issues.isEmpty, "a failed write left a partial line: \(result.issues)")
        let saved = SessionState(events: result.events).liveComments.count
        #expect(saved > 0)
        try t.keys("C-u", "C-q")
        try t.waitFor("EXITED")
    }

    @Test func pasteOfTenThousandCharactersAndEveryFunctionKey() throws {
        let t = try Tmux()
        let log = t.path("paste.jsonl")
        try t.start(["run", "demo", "--log", log], width: 80, height: 24)
        try t.waitFor("✔ 0 saved")
        let paste = "P2: " + String(repeating: "Zażółć 漢字 😩 paste ", count: 560)
        try t.type(paste)
        try t.keys("Enter")
        try t.waitFor("✔ 1 saved", seconds: 20)
        for n in 1...12 { try t.keys("F\(n)"); try t.keys("Escape") }
        try t.keys("Home", "End", "Insert", "Delete", "BTab", "PageUp", "Up", "Down", "Left", "Right")
        try t.keys("Escape", "C-u", "C-q")
        try t.waitFor("EXITED 0")
        let comments = SessionState(events: try LogReader.read(path: log).events).liveComments
        #expect(comments.count == 1)
        #expect(comments.first?.text == String(paste.dropFirst(4)).trimmingCharacters(in: .whitespaces))
    }
}

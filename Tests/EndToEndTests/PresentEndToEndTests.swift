import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// `parley present` in tmux following a log that this test appends to, as `parley run` would.
@Suite(.serialized) struct PresentEndToEndTests {
    @Test func followsPromptChangesQuicklyAndSurvivesARestart() throws {
        let t = try Tmux()
        let log = t.path("live.jsonl")
        let deck = ParleyBuild.repository.appendingPathComponent("Decks/demo.yaml").path
        let (workshop, _) = try ContentLoader.loadWorkshop(deck)
        let recorder = SessionRecorder(log: try LogWriter(path: log), sessionID: UUID().uuidString.lowercased(), writer: "facilitator", clock: SystemClock())
        try recorder.record(.sessionStarted(SessionStart(workshop: workshop, deckPath: deck)))
        try recorder.record(.promptShown(prompt: workshop.deck.prompts[0].id))
        try recorder.record(.commentAdded(CommentPayload(comment: "c1", prompt: workshop.deck.prompts[0].id, participant: "P9", text: "PRIVATE REMARK", tags: [])))
        try t.start(["present", log], width: 120, height: 40)
        try t.waitFor(workshop.deck.prompts[0].title)
        // Asking the terminal about pictures leaves tmux's pane title alone (tmux takes APC strings for titles).
        #expect(!(try t.tmux(["display-message", "-p", "#{pane_title}"])).contains("Gi="))

        // Each move must show within 100 ms of the write (plus the harness's own polling).
        for prompt in workshop.deck.prompts.dropFirst() {
            let written = Date()
            try recorder.record(.promptShown(prompt: prompt.id))
            let screen = try t.waitFor(prompt.title, seconds: 5)
            let latency = Date().timeIntervalSince(written)
            #expect(latency < 0.5, "took \(latency) s to show \(prompt.id)")
            #expect(!screen.contains("PRIVATE REMARK") && !screen.contains("P9"))
            // Half blocks in colour, shades under NO_COLOR (which a CI environment may set).
            if prompt.kind == .screenshot { #expect(screen.contains("▀") || screen.contains("▓")) }
        }
        // The run is killed and the log replaced (rotated): the view starts over from the new file.
        recorder.close()
        try FileManager.default.removeItem(atPath: log)
        let again = SessionRecorder(log: try LogWriter(path: log), sessionID: recorder.sessionID, writer: "facilitator", clock: SystemClock())
        try again.record(.sessionStarted(SessionStart(workshop: workshop, deckPath: deck)))
        try again.record(.promptShown(prompt: workshop.deck.prompts[1].id))
        try t.waitFor(workshop.deck.prompts[1].title)
        try t.tmux(["resize-window", "-x", "80", "-y", "24"])
        try t.waitFor(workshop.deck.prompts[1].title)
        try t.keys("q")
        try t.waitFor("EXITED 0")
    }

    /// With an inline-image protocol the screenshot goes to the terminal as a picture over blank
    /// cells; tmux's pipe-pane records the bytes the program wrote, which are checked here.
    @Test(arguments: ["kitty", "sixel"])
    func screenshotsGoToTheTerminalAsPictures(_ kind: String) throws {
        let t = try Tmux()
        let log = t.path("live.jsonl"), output = t.path("output.bin")
        let deck = ParleyBuild.repository.appendingPathComponent("Decks/demo.yaml").path
        let (workshop, _) = try ContentLoader.loadWorkshop(deck)
        let prompts = workshop.deck.prompts
        let screenshot = try #require(prompts.first { $0.kind == .screenshot })
        let recorder = SessionRecorder(log: try LogWriter(path: log), sessionID: UUID().uuidString.lowercased(), writer: "facilitator", clock: SystemClock())
        try recorder.record(.sessionStarted(SessionStart(workshop: workshop, deckPath: deck)))
        try recorder.record(.promptShown(prompt: prompts[0].id))
        try t.start(["present", log], width: 120, height: 40, environment: "PARLEY_IMAGES=\(kind)")
        try t.waitFor(prompts[0].title)
        try t.tmux(["pipe-pane", "-o", "cat >> '\(output)'"])

        try recorder.record(.promptShown(prompt: screenshot.id))
        let screen = try t.waitFor(screenshot.title)
        #expect(!screen.contains("▀") && !screen.contains("▓"), "the picture replaces the half-block cells")
        let shown = try waitForOutput(output, containing: kind == "kitty" ? "a=p," : "\u{1B}\\")
        if kind == "kitty" {
            // The file itself, base64 in chunks, then a placement scaled into cells.
            let png = try Data(contentsOf: URL(fileURLWithPath: "\(ParleyBuild.repository.path)/Decks/\(screenshot.image!)"))
            #expect(kittyPayload(shown, id: 1) == png)
            #expect(shown.contains("\u{1B}_Ga=p,i=1,"))
        } else {
            #expect(shown.contains("\u{1B}P") && shown.contains("\"1;1;"), "a sixel image with its raster size")
        }

        // Moving on takes the picture away: a kitty delete, or the cells rewritten over the sixel.
        try recorder.record(.promptShown(prompt: prompts[0].id))
        try t.waitFor(prompts[0].title)
        if kind == "kitty" { _ = try waitForOutput(output, containing: "\u{1B}_Ga=d,d=i,i=1") }
        try t.keys("q")
        try t.waitFor("EXITED 0")
        if kind == "kitty" { _ = try waitForOutput(output, containing: "\u{1B}_Ga=d,d=A") }
    }

    private func waitForOutput(_ path: String, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(10)
        var output = ""
        while Date() < deadline {
            output = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data(), as: UTF8.self)
            if output.contains(text) { return output }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("the program never wrote \(text.debugDescription)", sourceLocation: sourceLocation)
        return output
    }

    /// The payload of the kitty transmission of image `id`: its chunks' base64 joined and decoded.
    private func kittyPayload(_ output: String, id: Int) -> Data? {
        var base64 = "", inTransmission = false
        for command in output.components(separatedBy: "\u{1B}_G").dropFirst() {
            guard let end = command.range(of: "\u{1B}\\") else { continue }
            let body = command[..<end.lowerBound]
            let keys = body.prefix { $0 != ";" }, payload = body.drop { $0 != ";" }.dropFirst()
            if keys.contains("a=t") { inTransmission = keys.contains("i=\(id)") }
            guard inTransmission else { continue }
            base64 += payload
            if keys.contains("m=0") || !keys.contains("m=1") { break }
        }
        return Data(base64Encoded: base64)
    }
}

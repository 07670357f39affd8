import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// `parley present` in tmux following a log that this test appends to, as `parley run` would.
@Suite(.serialized) struct PresentEndToEndTests {
    @Test func followsPromptChangesQuicklyAndSurvivesARestart() throws {
        let t = try Tmux()
        let log = t.path("live.jsonl")
        let deck = Tmux.repository.appendingPathComponent("Decks/demo.yaml").path
        let (workshop, _) = try ContentLoader.loadWorkshop(deck)
        let recorder = SessionRecorder(log: try LogWriter(path: log), sessionID: UUID().uuidString.lowercased(), writer: "facilitator", clock: SystemClock())
        try recorder.record(.sessionStarted(SessionStart(workshop: workshop, deckPath: deck)))
        try recorder.record(.promptShown(prompt: workshop.deck.prompts[0].id))
        try recorder.record(.commentAdded(CommentPayload(comment: "c1", prompt: workshop.deck.prompts[0].id, participant: "P9", text: "PRIVATE REMARK", tags: [])))
        try t.start(["present", log], width: 120, height: 40)
        try t.waitFor(workshop.deck.prompts[0].title)

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
}

import Foundation
@testable import ParleyCore
@testable import ParleyLog

/// Two writers' logs of one 15-minute session on the demo deck, written the way `parley run` writes them.
enum ScriptedSession {
    static let sessionID = "5e55e55e-0000-4000-8000-00000000e2e0"

    /// Writes them into the test's folder; returns their paths.
    static func write(in t: Tmux) throws -> [String] {
        let (workshop, deckPath) = try ContentLoader.loadWorkshop(ParleyBuild.repository.appendingPathComponent("Decks/demo.yaml").path)
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

    /// The files' bytes, to show that a command left them as they were.
    static func contents(_ paths: [String]) throws -> [Data] { try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } }

    /// Merges the logs into a new store in the test's folder with `parley merge`; returns its path.
    static func mergedStore(_ logs: [String], in t: Tmux) throws -> String {
        let store = t.path("parley.sqlite")
        let merge = try Program.runWithStatus([ParleyBuild.binary, "merge", "--store", store] + logs)
        guard merge.status == 0 else { throw TestError(description: "parley merge failed: \(merge.error)") }
        return store
    }
}

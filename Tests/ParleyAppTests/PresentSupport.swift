import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
@testable import ParleyLog

struct StepClock: Clock {
    func now() -> Date { Date(timeIntervalSince1970: 1_764_072_000) }
    func monotonicMilliseconds() -> Int { 0 }
}

/// The audience view following a log as the loop does: what the log gained is sent on each tick.
struct PresentFeed {
    let follower: LogFollower
    var screen: Driven<PresentModel>

    init(logPath: String) {
        follower = LogFollower(path: logPath)
        screen = Driven(model: PresentModel(logPath: logPath), loop: TestLoop())
        tick()
    }

    /// Reads the log; true if it gained something (the view changed).
    @discardableResult
    mutating func tick() -> Bool {
        guard let read = follower.read() else { return false }
        screen.send(read)
        return true
    }
}

/// A live log of the demo deck on its first prompt, and the audience view following it.
struct DemoLog {
    let folder: String, path: String
    let screenshot: Prompt
    let recorder: SessionRecorder
    let model: PresentFeed

    init() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        folder = repository.appendingPathComponent("Decks").path
        let deck = (folder as NSString).appendingPathComponent("demo.yaml")
        let (workshop, _) = try ContentLoader.loadWorkshop(deck)
        screenshot = try #require(workshop.deck.prompts.first { $0.kind == .screenshot })
        path = FileManager.default.temporaryDirectory.appendingPathComponent("present-\(UUID().uuidString).jsonl").path
        recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: "s", writer: "facilitator", clock: StepClock())
        try recorder.record(.sessionStarted(SessionStart(workshop: workshop, deckPath: deck)))
        try recorder.record(.promptShown(prompt: workshop.deck.prompts[0].id))
        model = PresentFeed(logPath: path)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

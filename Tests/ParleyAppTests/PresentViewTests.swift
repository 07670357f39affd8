import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
@testable import ParleyLog
import TerminalGraphics
import TerminalUI

struct StepClock: Clock {
    func now() -> Date { Date(timeIntervalSince1970: 1_764_072_000) }
    func monotonicMilliseconds() -> Int { 0 }
}

@Suite struct PresentViewTests {
    func logWithComments() throws -> (String, SessionRecorder) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("present-\(UUID().uuidString).jsonl").path
        let recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: "s", writer: "facilitator", clock: StepClock())
        try recorder.record(.sessionStarted(SessionStart(workshop: Fixture.workshop, deckPath: "/nonexistent/Decks/demo.yaml")))
        try recorder.record(.promptShown(prompt: "welcome"))
        try recorder.record(.commentAdded(CommentPayload(comment: "c1", prompt: "welcome", participant: "P7", text: "SECRET WORDS", tags: ["trust"])))
        return (path, recorder)
    }

    func screen(_ model: PresentModel, width: Int = 80, height: Int = 24) -> Screen {
        var screen = Screen(width: width, height: height)
        model.draw(into: &screen)
        return screen
    }

    func render(_ model: PresentModel, width: Int = 80, height: Int = 24) -> String { screen(model, width: width, height: height).text() }

    @Test func followsTheLogAndNeverShowsWhatIsPrivate() throws {
        let (path, recorder) = try logWithComments()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = PresentModel(logPath: path)
        #expect(render(model).contains("Who is here today?"))
        try recorder.record(.promptShown(prompt: "meet-amir"))
        #expect(model.tick())
        #expect(!model.tick())
        assertSnapshot(screen(model, width: 100, height: 30), named: "present-persona-100x30")
        try recorder.record(.promptShown(prompt: "results"))
        _ = model.tick()
        assertSnapshot(screen(model), named: "present-screenshot-missing-80x24")
        for step in [render(model), render(model, width: 160, height: 48)] {
            #expect(!step.contains("SECRET WORDS") && !step.contains("P7") && !step.contains("consent"))
        }
    }

    @Test func waitsForAStartAndStartsAgainWhenTheLogIsReplaced() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("present-\(UUID().uuidString).jsonl").path
        FileManager.default.createFile(atPath: path, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = PresentModel(logPath: path)
        #expect(render(model).contains("Waiting for the session to start…"))
        let (other, _) = try logWithComments()
        defer { try? FileManager.default.removeItem(atPath: other) }
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: other, toPath: path)
        _ = model.tick()
        #expect(render(model).contains("Who is here today?"))
    }

    @Test func oOpensTheScreenshotOnScreenUntilThePromptChanges() throws {
        let demo = try DemoLog()
        defer { demo.remove() }
        let (screenshot, recorder, model) = (demo.screenshot, demo.recorder, demo.model)
        var opened: [String] = []
        model.openExternally = { opened.append($0); return nil }
        #expect(model.handleKey(.character("o")))
        #expect(opened.isEmpty && model.notice == "This prompt has no screenshot to open.")
        try recorder.record(.promptShown(prompt: screenshot.id))
        #expect(model.tick() && model.notice == nil)
        _ = model.handleKey(.character("o"))
        #expect(opened == [(demo.folder as NSString).appendingPathComponent(screenshot.image!)])
        var screen = Screen(width: 100, height: 30)
        model.draw(into: &screen)
        #expect(screen.line(29).hasPrefix(" Opened ") && screen.line(29).contains("in the viewer"))
        model.openExternally = { _ in "xdg-open is not installed" }
        _ = model.handleKey(.character("o"))
        #expect(model.notice == "Cannot open the screenshot: xdg-open is not installed")
    }

    @Test func presentViewHandsTheScreenshotToAnInlineImageTerminal() throws {
        let demo = try DemoLog()
        defer { demo.remove() }
        let (screenshot, model) = (demo.screenshot, demo.model)
        try demo.recorder.record(.promptShown(prompt: screenshot.id))
        _ = model.tick()
        model.imageSupport = ImageSupport(depth: .trueColor, inline: .sixel, cellPixels: Size(width: 9, height: 18))
        var screen = Screen(width: 120, height: 40)
        model.draw(into: &screen)
        let placement = try #require(screen.images.first)
        #expect(screen.images.count == 1)
        #expect(placement.path.hasSuffix(screenshot.image!))
        #expect(!screen.text().contains("▀"))
        // The questions still sit beside the picture.
        #expect(screen.text().contains(screenshot.questions[0].prefix(20)))
        #expect(placement.rect.maxX < 120 * 3 / 5 + 1)
        // The same view without the protocol draws cells and no placement.
        model.imageSupport = ImageSupport(depth: .trueColor)
        var cells = Screen(width: 120, height: 40)
        model.draw(into: &cells)
        #expect(cells.images.isEmpty && cells.text().contains("▀"))
    }
}

/// A live log of the demo deck on its first prompt, and the audience view following it.
struct DemoLog {
    let folder: String, path: String
    let screenshot: Prompt
    let recorder: SessionRecorder
    let model: PresentModel

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
        model = PresentModel(logPath: path)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

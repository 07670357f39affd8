import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
@testable import ParleyLog
import TerminalGraphics
import TerminalUI

@Suite struct PresentViewTests {
    func logWithComments() throws -> (String, SessionRecorder) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("present-\(UUID().uuidString).jsonl").path
        let recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: "s", writer: "facilitator", clock: StepClock())
        try recorder.record(.sessionStarted(SessionStart(workshop: Fixture.workshop, deckPath: "/nonexistent/Decks/demo.yaml")))
        try recorder.record(.promptShown(prompt: "welcome"))
        try recorder.record(.commentAdded(CommentPayload(comment: "c1", prompt: "welcome", participant: "P7", text: "SECRET WORDS", tags: ["trust"])))
        return (path, recorder)
    }

    func screen(_ model: Driven<PresentModel>, width: Int = 80, height: Int = 24) -> Screen {
        var screen = Screen(width: width, height: height)
        PresentView.draw(model.model, into: &screen)
        return screen
    }

    func render(_ model: Driven<PresentModel>, width: Int = 80, height: Int = 24) -> String { screen(model, width: width, height: height).text() }

    @Test func followsTheLogAndNeverShowsWhatIsPrivate() throws {
        let (path, recorder) = try logWithComments()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var model = PresentFeed(logPath: path)
        var text = render(model.screen)
        #expect(text.contains("Who is here today?"))
        try recorder.record(.promptShown(prompt: "meet-amir"))
        let changed = model.tick(), again = model.tick()
        #expect(changed && !again)
        text = render(model.screen, width: 100, height: 30)
        assertSnapshot(screen(model.screen, width: 100, height: 30), named: "present-persona-100x30")
        try recorder.record(.promptShown(prompt: "results"))
        _ = model.tick()
        assertSnapshot(screen(model.screen), named: "present-screenshot-missing-80x24")
        for step in [render(model.screen), render(model.screen, width: 160, height: 48)] {
            #expect(!step.contains("SECRET WORDS") && !step.contains("P7") && !step.contains("consent"))
        }
    }

    /// A persona card too long for the screen gives way to the questions, which the room answers (they
    /// were what got cut, behind "… 6 more lines").
    @Test func theQuestionsStayWholeUnderALongPersonaCard() {
        var amir = Fixture.amir
        amir.goals = (1...40).map { "Goal number \($0) that takes a line of its own" }
        var workshop = Fixture.workshop
        workshop.personas = [amir]
        workshop.deck.prompts[1].questions = ["Would Amir use a health app?", "Who would he ask for help?"]
        var model = Driven(model: PresentModel(logPath: "/nonexistent"), loop: TestLoop())
        let at = "2025-11-25T12:00:00.000Z"
        model.send(.logRead([Event(id: "s", session: "s", writer: "f", seq: 1, at: at, mono: 0, body: .sessionStarted(SessionStart(workshop: workshop))),
                             Event(id: "p", session: "s", writer: "f", seq: 2, at: at, mono: 1, body: .promptShown(prompt: "meet-amir"))], restarted: false))
        let text = render(model, width: 100, height: 30)
        #expect(text.contains("more lines"), "the card is cut")
        #expect(text.contains("• Would Amir use a health app?") && text.contains("• Who would he ask for help?"), "\(text)")
    }

    /// Once the facilitator ends the session the projector says so (it used to show the room lost and
    /// retrying for ever); resumed, it follows again.
    @Test func saysWhenTheSessionHasEnded() throws {
        let (path, recorder) = try logWithComments()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var model = PresentFeed(logPath: path)
        #expect(!render(model.screen).contains("the session has ended"))
        try recorder.record(.sessionEnded(reason: "quit"))
        _ = model.tick()
        #expect(render(model.screen).contains("the session has ended · q quits"))
        try recorder.record(.sessionResumed)
        _ = model.tick()
        #expect(!render(model.screen).contains("the session has ended"))
    }

    @Test func waitsForAStartAndStartsAgainWhenTheLogIsReplaced() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("present-\(UUID().uuidString).jsonl").path
        FileManager.default.createFile(atPath: path, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: path) }
        var model = PresentFeed(logPath: path)
        #expect(render(model.screen).contains("Waiting for the session to start…"))
        let (other, _) = try logWithComments()
        defer { try? FileManager.default.removeItem(atPath: other) }
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: other, toPath: path)
        model.tick()
        #expect(render(model.screen).contains("Who is here today?"))
    }

    @Test func screenshotsRenderFromTheDeckFolder() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var library = Screenshots(deckPath: repository.appendingPathComponent("Decks/demo.yaml").path)
        let prompt = Prompt(id: "x", kind: .screenshot, title: "X", image: "screens/nhs-results.png", alt: "alt")
        for case .loadImage(let path) in library.load(prompt) { library.receive(EffectRunner.loadImage(path), for: path) }
        guard case .success(let image) = library.image(for: prompt) else { Issue.record("demo screenshot did not decode"); return }
        #expect(image.width == 390 && image.height == 844)
        var screen = Screen(width: 200, height: 60)
        guard case .success(let used) = ScreenshotPane.draw(prompt, from: library, into: &screen, rect: screen.bounds, support: ImageSupport(depth: .trueColor)) else {
            Issue.record("not drawn"); return
        }
        #expect(used.height == 60 && abs(used.width - 55) <= 1)
        let colours = Set((0..<used.height).flatMap { y in (0..<used.width).map { screen[used.x + $0, used.y + y].style.foreground } })
        #expect(colours.count > 5)
        #expect(screen.images.isEmpty)
    }

    @Test func oOpensTheScreenshotOnScreenUntilThePromptChanges() throws {
        let demo = try DemoLog()
        defer { demo.remove() }
        let (screenshot, recorder) = (demo.screenshot, demo.recorder)
        var model = demo.model
        #expect(model.screen.press(.character("o")).isEmpty)
        #expect(model.screen.loop.opened.isEmpty && model.screen.notice == "This prompt has no screenshot to open.")
        try recorder.record(.promptShown(prompt: screenshot.id))
        let changed = model.tick()
        #expect(changed && model.screen.notice == nil)
        let path = (demo.folder as NSString).appendingPathComponent(screenshot.image!)
        #expect(model.screen.press(.control("o")) == [.openViewer(path: path)])
        #expect(model.screen.loop.opened == [path])
        var screen = Screen(width: 100, height: 30)
        PresentView.draw(model.screen.model, into: &screen)
        #expect(screen.line(29).hasPrefix(" Opened ") && screen.line(29).contains("in the viewer"))
        model.screen.loop.viewerProblem = "xdg-open is not installed"
        model.screen.press(.character("o"))
        #expect(model.screen.notice == "Cannot open the screenshot: xdg-open is not installed")
        #expect(model.screen.press(.character("q")) == [.quit] && model.screen.press(.terminate) == [.quit])
    }

    @Test func presentViewHandsTheScreenshotToAnInlineImageTerminal() throws {
        let demo = try DemoLog()
        defer { demo.remove() }
        let screenshot = demo.screenshot
        var model = demo.model
        try demo.recorder.record(.promptShown(prompt: screenshot.id))
        model.tick()
        model.screen.model.imageSupport = ImageSupport(depth: .trueColor, inline: .sixel, cellPixels: Size(width: 9, height: 18))
        var screen = Screen(width: 120, height: 40)
        PresentView.draw(model.screen.model, into: &screen)
        let placement = try #require(screen.images.first)
        #expect(screen.images.count == 1)
        #expect(placement.path.hasSuffix(screenshot.image!))
        #expect(!screen.text().contains("▀"))
        // The questions still sit beside the picture.
        #expect(screen.text().contains(screenshot.questions[0].prefix(20)))
        #expect(placement.rect.maxX < 120 * 3 / 5 + 1)
        // The same view without the protocol draws cells and no placement.
        model.screen.model.imageSupport = ImageSupport(depth: .trueColor)
        var cells = Screen(width: 120, height: 40)
        PresentView.draw(model.screen.model, into: &cells)
        #expect(cells.images.isEmpty && cells.text().contains("▀"))
    }
}

import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

@Suite struct CaptureViewTests {
    /// A session with comments in several scripts on the persona prompt.
    func busyModel() -> Driven<CaptureModel> {
        var s = Fixture.capture()
        s.press(.pageDown)
        s.loop.mono = 65_000
        s.enter("P3: I'd never know which app to open #fragmentation")
        s.loop.mono = 80_000
        s.enter("P2: میں ایپ استعمال نہیں کرتا #language")
        s.loop.mono = 95_000
        s.enter("P5: Zażółć gęślą jaźń 😩 漢字も #trust #new-idea")
        s.type("P1: and typing now #fr")
        return s
    }

    @Test func capture80x24() {
        assertSnapshot(busyModel().screen(width: 80, height: 24, mono: 125_000), named: "capture-80x24")
    }

    @Test func capture160x48() {
        assertSnapshot(busyModel().screen(width: 160, height: 48, mono: 725_000), named: "capture-160x48")
    }

    @Test func selectionAndEmptyPrompt() {
        var model = busyModel()
        model.press(.control("u"))
        model.press(.up); model.press(.up)
        assertSnapshot(model.screen(width: 80, height: 24, mono: 125_000), named: "capture-selected-80x24")
        model.press(.escape)
        model.press(.pageDown)
        assertSnapshot(model.screen(width: 80, height: 24, mono: 125_000), named: "capture-screenshot-prompt-80x24")
    }

    @Test func helpAndJumpList() {
        var model = busyModel()
        model.press(.control("u"))
        model.press(.function(1))
        assertSnapshot(model.screen(width: 80, height: 24), named: "help-80x24")
        model.press(.escape)
        model.press(.control("g"))
        assertSnapshot(model.screen(width: 80, height: 24), named: "jump-80x24")
    }

    @Test func tooSmallTerminalSaysSo() {
        let text = busyModel().render(width: 60, height: 20)
        #expect(text.contains("Parley needs a terminal of at least 80×24."))
        #expect(text.contains("This one is 60×20: please enlarge it."))
        #expect(text.contains("Nothing is lost: \(busyModel().state.liveCommentCount) saved, all in the log."))
        // Degenerate sizes do not crash.
        for (w, h) in [(1, 1), (0, 0), (2, 30), (300, 1)] { _ = busyModel().render(width: w, height: h) }
    }

    @Test func longCommentsWrapAndEveryRowFits() {
        var model = Fixture.capture()
        let long = String(repeating: "Zażółć 漢字 😩 ", count: 170) // about 2,000 characters
        model.enter("P1: " + long)
        model.type(long)
        for (w, h) in [(80, 24), (160, 48), (300, 90)] {
            let screen = model.screen(width: w, height: h, mono: 0)
            for y in 0..<h { #expect(screen.line(y).displayWidth <= w) }
            #expect(screen.cursor != nil)
        }
        #expect(model.state.liveComments.first?.text.count ?? 0 > 1_900)
    }

    @Test func aLongDraftWrapsAndTheComposerGrows() {
        var model = busyModel()
        model.type(" because the hospital letters say one thing, the NHS App says another and my daughter reads them all to me on her phone")
        assertSnapshot(model.screen(width: 80, height: 24, mono: 125_000), named: "capture-long-draft-80x24")
        // The cursor sits after the last character typed, on the composer's last row.
        var screen = model.screen(width: 80, height: 24, mono: 125_000)
        let cursor = try! #require(screen.cursor)
        #expect(cursor.y == 23 && screen.line(23).hasSuffix("phone") && cursor.x == screen.line(23).displayWidth)
        // Up to a quarter of the screen, then the rows around the cursor.
        model.type(String(repeating: " and again", count: 60))
        screen = model.screen(width: 80, height: 24, mono: 125_000)
        #expect((18..<24).allSatisfy { screen.line($0).contains("and again") || $0 == 18 })
        #expect(screen.line(17).contains("Enter save") || screen.line(17).contains("Tab"))
    }

    @Test func overTimeBoxTurnsTheClockMagenta() {
        let screen = Fixture.capture().screen(mono: 6 * 60_000)
        let clockCell = screen[79 - 3, 0]
        #expect(clockCell.style.background == .magenta)
    }

    /// The view reads no file: a screenshot coming on screen asks for `.loadImage`, and what comes
    /// back (`.imageLoaded`) is drawn.
    @Test func screenshotsAreLoadedByAnEffectNotByTheView() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var workshop = Fixture.workshop
        workshop.deck.prompts[2].image = "screens/nhs-results.png"
        var s = Fixture.capture(workshop, deckPath: repository.appendingPathComponent("Decks/demo.yaml").path)
        s.press(.pageDown)
        var model = s.model
        model.imageSupport = ImageSupport(depth: .trueColor)
        #expect(model.update(.key(.pageDown)) == [.record(.promptShown(prompt: "results"))])
        let shown = try #require(s.loop.answer(.record(.promptShown(prompt: "results"))))
        let path = repository.appendingPathComponent("Decks/screens/nhs-results.png").path
        #expect(model.update(shown) == [.loadImage(path: path)])
        var screen = Screen(width: 80, height: 24)
        CaptureView.draw(model, into: &screen)
        #expect(screen.text().contains("Image not shown (not loaded yet)"))
        #expect(model.update(.imageLoaded(path: path, EffectRunner.loadImage(path))).isEmpty)
        screen = Screen(width: 80, height: 24)
        CaptureView.draw(model, into: &screen)
        #expect(!screen.text().contains("Image not shown") && screen.text().contains("▀"))
    }
}

import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalGraphics
import TerminalUI

/// A deck's screenshots: found beside the deck file and drawn in cells.
@Suite struct ScreenshotsTests {
    @Test func screenshotsRenderFromTheDeckFolder() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let library = ScreenshotLibrary(deckPath: repository.appendingPathComponent("Decks/demo.yaml").path)
        let prompt = Prompt(id: "x", kind: .screenshot, title: "X", image: "screens/nhs-results.png", alt: "alt")
        guard case .success(let image) = library.image(for: prompt) else { Issue.record("demo screenshot did not decode"); return }
        #expect(image.width == 390 && image.height == 844)
        var screen = Screen(width: 200, height: 60)
        guard case .success(let used) = ScreenshotPane.draw(prompt, library: library, into: &screen, rect: screen.bounds, support: ImageSupport(depth: .trueColor)) else {
            Issue.record("not drawn"); return
        }
        #expect(used.height == 60 && abs(used.width - 55) <= 1)
        let colours = Set((0..<used.height).flatMap { y in (0..<used.width).map { screen[used.x + $0, used.y + y].style.foreground } })
        #expect(colours.count > 5)
        #expect(screen.images.isEmpty)
    }
}

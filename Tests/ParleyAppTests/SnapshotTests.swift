import Foundation
import Testing
@testable import ParleyApp
import TerminalUI

/// The snapshot comparison itself: a change of style alone, with the text the same, is a mismatch.
@Suite(.disabled(if: Snapshot.recording, "recording rewrites the files this compares against"))
struct SnapshotTests {
    func recorded(_ name: String) throws -> String { try String(contentsOf: Snapshot.url(name), encoding: .utf8) }

    @Test func aStyleChangeAloneIsAMismatch() throws {
        let model = CaptureViewTests().busyModel()
        let expected = try recorded("capture-80x24")
        var screen = model.screen(width: 80, height: 24, mono: 125_000)
        #expect(Snapshot.difference(Snapshot.encode(screen) + "\n", expected) == nil)
        // The first comment's speaker, bold as well: same characters, another style.
        let row = try #require((0..<24).first { screen.line($0).contains("P3   I'd never know") })
        screen[7, row].style.bold.toggle()
        let difference = try #require(Snapshot.difference(Snapshot.encode(screen) + "\n", expected))
        #expect(difference.contains("\(row): ") && !difference.contains("line \(row + 1):"), "only the styles block differs:\n\(difference)")
    }

    @Test func stylesAreWrittenAsRunsPerRow() {
        var screen = Screen(width: 12, height: 3)
        screen.put("saved", x: 1, y: 0, style: Style(foreground: .green, bold: true))
        screen.put("late", x: 0, y: 2, style: Style(background: .rgb(255, 0, 16), reverse: true))
        screen.put("x", x: 11, y: 2, style: Style(foreground: .indexed(236), underline: true, dim: true))
        #expect(Snapshot.encode(screen) == """
             saved

            late       x
            \(Snapshot.stylesHeading)
            0: 1-5 fg=green bold
            2: 0-3 bg=#ff0010 reverse; 11 fg=236 dim underline
            """)
    }
}

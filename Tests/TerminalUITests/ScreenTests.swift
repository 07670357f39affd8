import Testing
@testable import TerminalUI

@Suite struct ScreenTests {
    @Test func wideCharactersClipAndOverwriteCleanly() {
        var screen = Screen(width: 5, height: 1)
        let end = screen.put("漢字x", x: 0, y: 0)
        #expect(end == 5 && screen.text() == "漢字x")
        screen.put("a", x: 1, y: 0)   // lands on the right half of 漢
        #expect(screen.text() == " a字x")
        var narrow = Screen(width: 3, height: 1)
        narrow.put("a漢字", x: 0, y: 0) // 字 would straddle the edge
        #expect(narrow.text() == "a漢")
        narrow.put("\u{7}bell", x: 0, y: 0)
        #expect(narrow.line(0).hasPrefix("�be"))
    }
}

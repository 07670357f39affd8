import Testing
@testable import TerminalUI

@Suite struct TextLayoutTests {
    @Test func wrapKeepsIndentAndBreaksLongWords() {
        #expect(TextLayout.wrap("  a b c", width: 4) == ["  a", "b c"])
        #expect(TextLayout.wrap("abcdefgh", width: 3) == ["abc", "def", "gh"])
        #expect(TextLayout.wrap("漢字漢字", width: 5) == ["漢字", "漢字"])
        #expect(TextLayout.truncate("Zażółć gęślą", width: 6) == "Zażół…")
    }
}

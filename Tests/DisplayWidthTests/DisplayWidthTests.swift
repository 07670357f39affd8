import Testing
@testable import DisplayWidth

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("hello", 5), ("漢字", 4), ("한국어", 6), ("ｶ", 1), ("ＡＢ", 4),
        ("😩", 2), ("👎🏽", 2), ("👨‍👩‍👧", 2), ("🇬🇧", 2), ("❤️", 2),
        ("e\u{301}", 1), ("Zażółć", 6), ("میں", 3), ("\u{200B}", 0), ("\u{7}", 0), ("", 0),
    ])
    func widths(_ text: String, _ width: Int) {
        #expect(text.displayWidth == width)
    }

    @Test func truncationCountsColumnsNotCharacters() {
        #expect(DisplayWidth.truncate("漢字漢字漢字", width: 7) == "漢字漢…")
        #expect(DisplayWidth.truncate("Zażółć", width: 6) == "Zażółć")
        #expect(DisplayWidth.truncate("👨‍👩‍👧 family", width: 4) == "👨‍👩‍👧 …")
    }
}

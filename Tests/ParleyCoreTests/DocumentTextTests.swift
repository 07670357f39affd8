import Testing
@testable import ParleyCore

@Suite("Document text")
struct DocumentTextTests {
    @Test func everyLineBreakBecomesOneLF() {
        #expect(DocumentText.unifyingLineBreaks("a\r\nb\rc\nd\u{2028}e\u{2029}f\u{85}g\u{0B}h\u{0C}i") == "a\nb\nc\nd\ne\nf\ng\nh\ni")
        #expect(DocumentText.unifyingLineBreaks("a\r\r\nb\tc") == "a\n\nb\tc")
        #expect(DocumentText.unifyingLineBreaks("zażółć 🙂") == "zażółć 🙂")
    }

    @Test func oneLineTurnsEveryBreakAndControlIntoOneSpace() {
        #expect(DocumentText.oneLine("Great app\r\n# heading\r- bullet") == "Great app # heading - bullet")
        #expect(DocumentText.oneLine("tab\there\u{1B}[31m") == "tab here [31m")
        #expect(DocumentText.oneLine("اردو\r\nمیں") == "اردو میں")
    }

    @Test func markdownInlineEscapesStructureAnywhereAndAtTheStart() {
        #expect(DocumentText.markdownInline("  # Heading\r\n> quote") == "\\# Heading \\> quote")
        #expect(DocumentText.markdownInline("- item") == "\\- item")
        #expect(DocumentText.markdownInline("+ item") == "\\+ item")
        #expect(DocumentText.markdownInline("=== ") == "\\===")
        #expect(DocumentText.markdownInline("1984. A year") == "1984\\. A year")
        #expect(DocumentText.markdownInline("3) three") == "3\\) three")
        #expect(DocumentText.markdownInline("well-known in 2024. Fine") == "well-known in 2024. Fine")
        #expect(DocumentText.markdownInline("a|b `c` *d* _e_ [f] <g> ~h~ &amp; \\") == "a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\] \\<g\\> \\~h\\~ \\&amp; \\\\")
        #expect(DocumentText.markdownInline("   ") == "")
        #expect(DocumentText.markdownInline("zażółć 🙂 漢字") == "zażółć 🙂 漢字")
    }
}

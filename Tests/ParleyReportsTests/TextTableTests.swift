import Testing
@testable import ParleyReports

@Suite("Text tables")
struct TextTableTests {
    @Test func columnsLineUpByDisplayWidthWithFiguresRight() {
        let text = TextTable.render(header: ["tag", "n", "note"], rows: [["漢字", "7", ""], ["trust", "12", "🙂 ok"]],
                                    rightAligned: { $0 == 1 }, rule: true)
        #expect(text == """
            tag     n  note
            -----  --  -----
            漢字    7
            trust  12  🙂 ok

            """)
    }

    @Test func withoutARuleOrRows() {
        #expect(TextTable.render(header: ["a", "b"], rows: [], rightAligned: { _ in false }) == "a  b\n")
    }
}

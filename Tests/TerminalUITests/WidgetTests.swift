import Testing
import TerminalUI

@Suite struct HintLineTests {
    enum Action: Sendable, Equatable { case save, up, down, help }

    let keymap = Keymap<Action>([
        Binding([.enter], .save, "Save", group: "Keys"),
        Binding([.up], .up, "Up", group: "Keys"),
        Binding([.down], .down, "Down", group: "Keys"),
        Binding([.function(1), .character("?")], .help, "Help", group: "Keys"),
    ])

    @Test func hintsNameTheKeysTheKeymapBinds() {
        #expect(keymap.hintLine([.keys(.save, "save"), .keys([.up, .down], "move"), .text("Alt-key tag"), .keys(.help, key: 1, "help")])
                == "Enter save · Up/Down move · Alt-key tag · ? help")
        #expect(keymap.hintLine([.keys([.up, .down], joiner: "", "move"), .keys(.help, "help")], short: true, separator: "  ") == "↑↓ move  F1 help")
        // Bound to another key, the hint says so: the hint and the table cannot disagree.
        let rebound = Keymap<Action>([Binding([.control("s")], .save, "Save", group: "Keys")])
        #expect(rebound.hintLine([.keys(.save, "save")], short: true) == "^S save")
        #expect(rebound.hintLine([.keys(.save, "save")]) == "Ctrl-S save")
    }

    @Test func helpPaneScrollsByItsKeysAndClampsToTheText() {
        let keys = HelpPane.keymap(quit: [.control("q")])
        #expect(keys.action(for: .character("j")) == .lineDown && keys.action(for: .character(" ")) == .pageDown)
        #expect(keys.action(for: .control("q")) == .quit && keys.action(for: .character("x")) == nil)
        #expect(HelpPane.scroll(0, by: .lineUp) == 0 && HelpPane.scroll(3, by: .pageDown) == 13 && HelpPane.scroll(3, by: .pageUp) == 0)
        var screen = Screen(width: 20, height: 3)
        HelpPane.draw(["Title", "one", "two", "three"], scroll: 99, into: &screen, rect: screen.bounds)
        #expect(screen.text() == " one\n two\n three")
        #expect(keys.hintLine(HelpPane.hints) == "Up/Down scroll · any other key closes the help")
    }
}

@Suite struct CommentListTests {
    func draw(count: Int, anchor: Int, height: Int = 5, labelWidth: Int? = nil) -> Screen {
        var screen = Screen(width: 30, height: height)
        CommentList.draw(title: "List (\(count))", emptyHint: " nothing yet", count: count, anchor: anchor, labelWidth: labelWidth,
                         into: &screen, rect: screen.bounds) { index, width in
            [CommentList.Row("entry \(index) in \(width)", label: "w\(index)")]
        }
        return screen
    }

    @Test func newestAtTheBottomUnlessTheAnchorIsHigher() {
        #expect(draw(count: 10, anchor: 9).text() == "─ List (10) ──────────────────\nentry 6 in 30\nentry 7 in 30\nentry 8 in 30\nentry 9 in 30")
        #expect(draw(count: 10, anchor: 2).text().split(separator: "\n").dropFirst() == ["entry 2 in 30", "entry 3 in 30", "entry 4 in 30", "entry 5 in 30"])
        #expect(draw(count: 0, anchor: -1).line(1) == " nothing yet")
    }

    @Test func labelsSitInTheirOwnColumn() {
        let screen = draw(count: 2, anchor: 1, labelWidth: 3)
        #expect(screen.line(1) == "entry 0 in 26               w0")
        #expect(screen.line(2).hasSuffix("w1"))
    }
}

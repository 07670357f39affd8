import DisplayWidth
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

    @Test func wrapKeepsIndentAndBreaksLongWords() {
        #expect(TextLayout.wrap("  a b c", width: 4) == ["  a", "b c"])
        #expect(TextLayout.wrap("abcdefgh", width: 3) == ["abc", "def", "gh"])
        #expect(TextLayout.wrap("漢字漢字", width: 5) == ["漢字", "漢字"])
        #expect(TextLayout.truncate("Zażółć gęślą", width: 6) == "Zażół…")
    }

    @Test func lineEditorJoinsCombiningMarksAndScrolls() {
        var editor = LineEditor()
        editor.insert("e")
        editor.insert("\u{301}")
        #expect(editor.characters.count == 1 && editor.text == "e\u{301}")
        editor.insert("x\ny")
        #expect(editor.text == "e\u{301}x y")
        editor.set(String(repeating: "漢", count: 50))
        var screen = Screen(width: 20, height: 1)
        editor.draw(into: &screen, rect: screen.bounds)
        #expect(screen.cursor!.x <= 19)
        #expect(screen.line(0).displayWidth <= 20)
    }

    @Test func lineEditorWrapsAtSpacesInSeveralRows() {
        var editor = LineEditor("I'd never know which app to open for my kidney results")
        // 20 columns: break after the last space that fits; a word longer than a row is cut.
        #expect(editor.rows(width: 20).map { String(editor.characters[$0]) }
                == ["I'd never know which ", "app to open for my ", "kidney results"])
        var screen = Screen(width: 20, height: 3)
        editor.draw(into: &screen, rect: screen.bounds)
        #expect(screen.text() == "I'd never know which\napp to open for my\nkidney results")
        #expect(screen.cursor! == (14, 2))
        // Only two rows: the ones around the cursor; moving home shows the start again.
        var two = Screen(width: 20, height: 2)
        editor.draw(into: &two, rect: two.bounds)
        #expect(two.text() == "app to open for my\nkidney results")
        editor.moveHome()
        editor.draw(into: &two, rect: two.bounds)
        #expect(two.text() == "I'd never know which\napp to open for my" && two.cursor! == (0, 0))
        // A word longer than the row; wide characters never straddle the edge; a full last row puts
        // the cursor on a row of its own.
        editor.set(String(repeating: "x", count: 25))
        #expect(editor.rows(width: 10).map(\.count) == [10, 10, 5])
        editor.set(String(repeating: "漢", count: 5))
        #expect(editor.rows(width: 4).map(\.count) == [2, 2, 1])
        editor.set("abcd")
        #expect(editor.rows(width: 4) == [0..<4, 4..<4])
        var full = Screen(width: 4, height: 3)
        editor.draw(into: &full, rect: full.bounds)
        #expect(full.cursor! == (0, 1))
    }

    @Test func keymapHelpAlignsKeys() {
        enum A: Sendable { case a, b }
        let map = Keymap<A>([Binding([.control("q")], .a, "Quit", group: "G"), Binding([.function(1), .character("?")], .b, "Help", group: "G", whenComposerEmpty: true)])
        #expect(map.helpLines() == ["G", "  Ctrl-Q" + String(repeating: " ", count: 15) + "Quit", "  F1, ? (empty line)   Help"])
        #expect(map.action(for: .character("?"), composerEmpty: false) == nil)
        #expect(map.action(for: .character("?"), composerEmpty: true) == .b)
    }
}

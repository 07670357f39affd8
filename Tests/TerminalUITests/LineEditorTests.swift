import DisplayWidth
import Testing
@testable import TerminalUI

@Suite struct LineEditorTests {
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
}

import Foundation
import Testing
import PNGDecoder
@testable import TerminalUI

func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
}

func pixel(_ image: RGBAImage, _ x: Int, _ y: Int) -> [UInt8] {
    let i = (y * image.width + x) * 4
    return Array(image.pixels[i..<i + 4])
}

@Suite struct PNGDecoderTests {
    @Test(arguments: ["rgb.png", "palette.png", "interlaced.png"])
    func decodesColourTypesToTheSamePixels(_ name: String) throws {
        let image = try PNGDecoder.decode(path: fixture(name))
        #expect(image.width == 4 && image.height == 4)
        #expect(pixel(image, 0, 0) == [255, 0, 0, 255])
        #expect(pixel(image, 3, 0) == [0, 255, 0, 255])
        #expect(pixel(image, 0, 3) == [0, 0, 255, 255])
        #expect(pixel(image, 3, 3) == [255, 255, 255, 255])
    }

    @Test func greyAndAlpha() throws {
        let grey = try PNGDecoder.decode(path: fixture("grey.png"))
        #expect(pixel(grey, 0, 0) == [0, 0, 0, 255])
        #expect(pixel(grey, 3, 2) == [240, 240, 240, 255])
        let alpha = try PNGDecoder.decode(path: fixture("alpha.png"))
        #expect(pixel(alpha, 0, 0)[3] == 255)
        #expect(pixel(alpha, 1, 0)[3] == 0)
    }

    @Test(arguments: ["truncated.png", "badcrc.png", "huge.png", "notpng.png", "missing.png"])
    func hostileFilesGiveAMessage(_ name: String) {
        let path = name == "missing.png" ? "/nonexistent/missing.png" : fixture(name)
        #expect(throws: PNGError.self) { try PNGDecoder.decode(path: path) }
        do { _ = try PNGDecoder.decode(path: path) } catch { #expect("\(error)".contains(name)) }
    }
}

@Suite struct ImageCellsTests {
    @Test func fitsWithAspectRatio() {
        let phone = RGBAImage(width: 1170, height: 2532, pixels: [UInt8](repeating: 0, count: 1170 * 2532 * 4))
        let size = ImageCells.fittedSize(image: phone, in: Size(width: 200, height: 60))
        #expect(size.height == 60)
        // 120 pixel rows tall: 120 × 1170/2532 ≈ 55 columns wide.
        #expect(size.width == 55)
        #expect(ImageCells.fittedSize(image: phone, in: Size(width: 0, height: 10)) == Size(width: 0, height: 0))
    }

    @Test func quadrantsBecomeHalfBlocksWithTheRightColours() throws {
        let image = try PNGDecoder.decode(path: fixture("rgb.png"))
        var screen = Screen(width: 4, height: 2)
        let used = ImageCells.draw(image, path: "rgb.png", into: &screen, rect: screen.bounds, support: ImageSupport(depth: .trueColor))
        #expect(used == Rect(x: 0, y: 0, width: 4, height: 2))
        #expect(screen.text() == "▀▀▀▀\n▀▀▀▀")
        #expect(screen[0, 0].style.foreground == .rgb(255, 0, 0))
        #expect(screen[3, 0].style.background == .rgb(0, 255, 0))
        #expect(screen[0, 1].style.foreground == .rgb(0, 0, 255))
        var indexed = Screen(width: 4, height: 2)
        ImageCells.draw(image, path: "rgb.png", into: &indexed, rect: indexed.bounds, support: ImageSupport(depth: .indexed256))
        #expect(indexed[0, 0].style.foreground == .indexed(196))
        var grey = Screen(width: 4, height: 2)
        ImageCells.draw(image, path: "rgb.png", into: &grey, rect: grey.bounds, support: ImageSupport(depth: .none))
        #expect(grey[3, 1].character == " ")       // white: no ink
        #expect(grey[0, 1].character != " ")       // blue: dark, dense
        #expect(grey[0, 0].style == .plain)
    }
}

@Suite struct InlinePictureTests {
    @Test func inlinePicturesLeaveBlankCellsAndAPlacement() throws {
        let image = try PNGDecoder.decode(path: fixture("rgb.png"))
        var screen = Screen(width: 20, height: 10)
        screen.fill(screen.bounds, character: "x")
        // 4×4 pixels in cells of 10×20 pixels: as wide as tall on screen means twice as many columns as rows.
        let support = ImageSupport(depth: .trueColor, inline: .kitty, cellPixels: Size(width: 10, height: 20))
        let used = ImageCells.draw(image, path: "rgb.png", into: &screen, rect: Rect(x: 0, y: 0, width: 20, height: 8), support: support)
        #expect(used == Rect(x: 2, y: 0, width: 16, height: 8))
        #expect(screen.images == [ImagePlacement(path: "rgb.png", rect: used, image: image)])
        #expect((0..<8).allSatisfy { screen.line($0) == "xx" + String(repeating: " ", count: 16) + "xx" })
        #expect(screen.line(8) == String(repeating: "x", count: 20))
    }

    @Test func aSixelStaysOffTheLastRow() throws {
        // The cursor moves below a sixel; on the last row that would scroll the whole screen.
        let image = try PNGDecoder.decode(path: fixture("rgb.png"))
        var screen = Screen(width: 40, height: 10)
        let support = ImageSupport(depth: .trueColor, inline: .sixel, cellPixels: Size(width: 10, height: 20))
        let used = ImageCells.draw(image, path: "rgb.png", into: &screen, rect: Rect(x: 0, y: 2, width: 40, height: 8), support: support)
        #expect(used.maxY == 9 && used.height == 7)
        var kitty = Screen(width: 40, height: 10)
        #expect(ImageCells.draw(image, path: "rgb.png", into: &kitty, rect: Rect(x: 0, y: 2, width: 40, height: 8), support: ImageSupport(inline: .kitty)).maxY == 10)
    }

    @Test func theCellSizeDecidesTheAspect() {
        let phone = RGBAImage(width: 1170, height: 2532, pixels: [UInt8](repeating: 0, count: 1170 * 2532 * 4))
        // 60 rows of 20 px = 1200 px tall; 1170/2532 of that is 554 px = 55 columns of 10 px, 69 of 8 px.
        #expect(ImageCells.fittedSize(image: phone, in: Size(width: 200, height: 60), cell: Size(width: 10, height: 20)) == Size(width: 55, height: 60))
        #expect(ImageCells.fittedSize(image: phone, in: Size(width: 200, height: 60), cell: Size(width: 8, height: 20)) == Size(width: 69, height: 60))
        #expect(ImageCells.fittedSize(image: phone, in: Size(width: 10, height: 60), cell: Size(width: 10, height: 20)).width == 10)
    }
}

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

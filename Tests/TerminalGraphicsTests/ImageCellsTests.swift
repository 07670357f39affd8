import Foundation
import Testing
import PNGDecoder
import TerminalGraphics
import TerminalUI

/// Pictures as cells: half blocks in colour, shades without, or blank cells under an inline picture.
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

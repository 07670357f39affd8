import Foundation
import Testing
import PNGDecoder
import TerminalGraphics

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

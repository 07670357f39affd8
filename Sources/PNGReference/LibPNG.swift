// PNGReference: libpng, for tests and benchmarks only, so the shipped `parley` does not link it.

import CLibPNG
import Foundation
import PNGDecoder
import TerminalGraphics

/// libpng through its simplified API (which reports errors in `message` instead of longjmp, which
/// Swift cannot cross): the reference `PNGDecoder` is tested and benchmarked against, and the
/// encoder tests and benchmarks make their images with.
public enum LibPNG {
    public static func decode(_ data: Data, name: String = "image") throws -> RGBAImage {
        // libpng reads from the buffer until finish_read: keep it pinned for the whole decode.
        try data.withUnsafeBytes { buffer in
            var image = png_image()
            image.version = parley_png_image_version()
            guard png_image_begin_read_from_memory(&image, buffer.baseAddress, buffer.count) != 0 else {
                throw PNGError(description: "\(name): not a readable PNG (\(message(&image)))")
            }
            defer { png_image_free(&image) }
            let width = Int(image.width), height = Int(image.height)
            guard width > 0, height > 0, width * height <= PNGDecoder.maximumPixels else {
                throw PNGError(description: "\(name): image is \(width)×\(height) pixels")
            }
            image.format = parley_png_format_rgba()
            var pixels = [UInt8](repeating: 0, count: width * height * 4)
            let finished = pixels.withUnsafeMutableBytes { out in png_image_finish_read(&image, nil, out.baseAddress, 0, nil) }
            guard finished != 0 else { throw PNGError(description: "\(name): damaged PNG (\(message(&image)))") }
            return RGBAImage(width: width, height: height, pixels: pixels)
        }
    }

    /// Encodes RGBA pixels as PNG.
    public static func encode(_ image: RGBAImage) throws -> Data {
        var png = png_image()
        png.version = parley_png_image_version()
        png.width = UInt32(image.width)
        png.height = UInt32(image.height)
        png.format = parley_png_format_rgba()
        var size = 0
        let pixels = image.pixels
        // First call measures, second writes.
        guard pixels.withUnsafeBytes({ png_image_write_to_memory(&png, nil, &size, 0, $0.baseAddress, 0, nil) }) != 0 else {
            throw PNGError(description: "cannot encode: \(message(&png))")
        }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes { png_image_write_to_memory(&png, out.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        guard written != 0 else { throw PNGError(description: "cannot encode: \(message(&png))") }
        return Data(output.prefix(size))
    }

    private static func message(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}

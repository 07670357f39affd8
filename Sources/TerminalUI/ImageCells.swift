/// An image as 8-bit RGBA pixels, row by row.
public struct RGBAImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 4, "RGBA buffer does not match the size")
        self.width = width; self.height = height; self.pixels = pixels
    }
}

/// How many colours the terminal can show, which decides how image cells are coloured.
public enum ColorDepth: Sendable, Equatable {
    /// NO_COLOR or a monochrome terminal: shades drawn with ░▒▓█.
    case none
    case indexed256
    case trueColor
}

/// Renders images as half-block cells: "▀" with the upper pixel as foreground and the lower as
/// background, two pixels per cell, area-averaged so a phone screenshot scales down cleanly.
public enum ImageCells {
    /// The largest size in cells that fits `bounds` with the image's aspect ratio (cells are two pixels tall).
    public static func fittedSize(image: RGBAImage, in bounds: Size) -> Size {
        guard image.width > 0, image.height > 0, bounds.width > 0, bounds.height > 0 else { return Size(width: 0, height: 0) }
        let scale = min(Double(bounds.width) / Double(image.width), Double(bounds.height * 2) / Double(image.height))
        let width = max(1, min(bounds.width, Int((Double(image.width) * scale).rounded())))
        let height = max(1, min(bounds.height, Int((Double(image.height) * scale / 2).rounded())))
        return Size(width: width, height: height)
    }

    /// Draws `image` centred in `rect`; returns the rectangle it used.
    @discardableResult
    public static func draw(_ image: RGBAImage, into screen: inout Screen, rect: Rect, depth: ColorDepth) -> Rect {
        let size = fittedSize(image: image, in: Size(width: rect.width, height: rect.height))
        guard size.width > 0 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let origin = (x: rect.x + (rect.width - size.width) / 2, y: rect.y + (rect.height - size.height) / 2)
        let sampled = downsample(image, width: size.width, height: size.height * 2)
        for row in 0..<size.height {
            for column in 0..<size.width {
                let top = sampled[(row * 2) * size.width + column]
                let bottom = sampled[(row * 2 + 1) * size.width + column]
                let x = origin.x + column, y = origin.y + row
                guard x >= 0, y >= 0, x < screen.width, y < screen.height else { continue }
                screen[x, y] = cell(top: top, bottom: bottom, depth: depth)
            }
        }
        return Rect(x: origin.x, y: origin.y, width: size.width, height: size.height)
    }

    typealias Pixel = (r: UInt8, g: UInt8, b: UInt8)

    static func cell(top: Pixel, bottom: Pixel, depth: ColorDepth) -> Cell {
        switch depth {
        case .trueColor:
            return Cell("▀", style: Style(foreground: .rgb(top.r, top.g, top.b), background: .rgb(bottom.r, bottom.g, bottom.b)))
        case .indexed256:
            return Cell("▀", style: Style(foreground: .indexed(ColorApproximation.indexed(r: top.r, g: top.g, b: top.b)),
                                         background: .indexed(ColorApproximation.indexed(r: bottom.r, g: bottom.g, b: bottom.b))))
        case .none:
            let light = (luminance(top) + luminance(bottom)) / 2
            let shades: [Character] = [" ", "░", "▒", "▓", "█"]
            // Dark pixels get dense glyphs on a light-on-dark terminal.
            return Cell(shades[min(4, Int((255 - light) * 5 / 256))])
        }
    }

    static func luminance(_ p: Pixel) -> Int { (Int(p.r) * 299 + Int(p.g) * 587 + Int(p.b) * 114) / 1000 }

    /// Area-average resampling onto a white background (alpha composited), to `width`×`height` pixels.
    static func downsample(_ image: RGBAImage, width: Int, height: Int) -> [Pixel] {
        var result = [Pixel](repeating: (255, 255, 255), count: width * height)
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<height {
                let y0 = y * image.height / height, y1 = max(y0 + 1, (y + 1) * image.height / height)
                for x in 0..<width {
                    let x0 = x * image.width / width, x1 = max(x0 + 1, (x + 1) * image.width / width)
                    var (r, g, b, n) = (0, 0, 0, 0)
                    // Large reductions sample a grid of at most 4×4 per cell: the look is the same, the cost bounded.
                    let stepY = max(1, (y1 - y0) / 4), stepX = max(1, (x1 - x0) / 4)
                    var sy = y0
                    while sy < y1 {
                        var sx = x0
                        while sx < x1 {
                            let i = (sy * image.width + sx) * 4
                            let a = Int(pixels[i + 3])
                            r += (Int(pixels[i]) * a + 255 * (255 - a)) / 255
                            g += (Int(pixels[i + 1]) * a + 255 * (255 - a)) / 255
                            b += (Int(pixels[i + 2]) * a + 255 * (255 - a)) / 255
                            n += 1
                            sx += stepX
                        }
                        sy += stepY
                    }
                    result[y * width + x] = (UInt8(r / n), UInt8(g / n), UInt8(b / n))
                }
            }
        }
        return result
    }
}

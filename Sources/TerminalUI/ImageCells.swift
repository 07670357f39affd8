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

/// How the terminal can show a picture: as half-block cells in its colour depth, or — when it speaks an
/// inline-image protocol — as the picture itself, drawn by the terminal over blank cells.
public struct ImageSupport: Sendable, Equatable {
    public var depth: ColorDepth
    public var inline: ImageProtocol?
    /// One cell in pixels: gives inline pictures their aspect ratio, and sixels their size.
    public var cellPixels: Size

    public init(depth: ColorDepth = .indexed256, inline: ImageProtocol? = nil, cellPixels: Size = Size(width: 10, height: 20)) {
        self.depth = depth; self.inline = inline; self.cellPixels = cellPixels
    }
}

/// A picture the terminal draws itself (kitty, sixel) over `rect`, which the screen leaves blank.
/// Two placements are the same when they show the same file in the same cells.
public struct ImagePlacement: Sendable, Hashable {
    public var path: String
    public var rect: Rect
    public var image: RGBAImage

    public init(path: String, rect: Rect, image: RGBAImage) { self.path = path; self.rect = rect; self.image = image }

    public static func == (lhs: ImagePlacement, rhs: ImagePlacement) -> Bool { lhs.path == rhs.path && lhs.rect == rhs.rect }
    public func hash(into hasher: inout Hasher) { hasher.combine(path); hasher.combine(rect) }
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

    /// The largest size in cells that fits `bounds` with the image's aspect ratio, for a picture the
    /// terminal scales itself (cells are `cell` pixels).
    public static func fittedSize(image: RGBAImage, in bounds: Size, cell: Size) -> Size {
        guard image.width > 0, image.height > 0, bounds.width > 0, bounds.height > 0, cell.width > 0, cell.height > 0 else { return Size(width: 0, height: 0) }
        let scale = min(Double(bounds.width * cell.width) / Double(image.width), Double(bounds.height * cell.height) / Double(image.height))
        return Size(width: max(1, min(bounds.width, Int((Double(image.width) * scale / Double(cell.width)).rounded()))),
                    height: max(1, min(bounds.height, Int((Double(image.height) * scale / Double(cell.height)).rounded()))))
    }

    /// Draws `image` (read from `path`) centred in `rect`: as a placement the terminal draws when it
    /// speaks an inline-image protocol, else as half-block cells. Returns the rectangle it used.
    @discardableResult
    public static func draw(_ image: RGBAImage, path: String, into screen: inout Screen, rect: Rect, support: ImageSupport) -> Rect {
        var bounds = Size(width: rect.width, height: rect.height)
        // A sixel that reaches the last row scrolls the whole screen up when the cursor moves below it.
        if support.inline == .sixel { bounds.height = min(bounds.height, screen.height - 1 - rect.y) }
        let size = support.inline == nil ? fittedSize(image: image, in: bounds) : fittedSize(image: image, in: bounds, cell: support.cellPixels)
        guard size.width > 0 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let origin = (x: rect.x + (rect.width - size.width) / 2, y: rect.y + (bounds.height - size.height) / 2)
        let used = Rect(x: origin.x, y: origin.y, width: size.width, height: size.height)
        if support.inline != nil {
            screen.fill(used)
            screen.images.append(ImagePlacement(path: path, rect: used, image: image))
            return used
        }
        let depth = support.depth
        let sampled = downsample(image, width: size.width, height: size.height * 2)
        func pixel(_ i: Int) -> Pixel { (sampled[i * 3], sampled[i * 3 + 1], sampled[i * 3 + 2]) }
        for row in 0..<size.height {
            for column in 0..<size.width {
                let top = pixel((row * 2) * size.width + column)
                let bottom = pixel((row * 2 + 1) * size.width + column)
                let x = origin.x + column, y = origin.y + row
                guard x >= 0, y >= 0, x < screen.width, y < screen.height else { continue }
                screen[x, y] = cell(top: top, bottom: bottom, depth: depth)
            }
        }
        return used
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

    /// Area-average resampling onto a white background (alpha composited), to `width`×`height` pixels,
    /// as RGB bytes. Large reductions sample a grid of at most 4×4 source pixels per pixel: the look is
    /// the same, the cost bounded.
    static func downsample(_ image: RGBAImage, width: Int, height: Int) -> [UInt8] {
        var result = [UInt8](repeating: 255, count: width * height * 3)
        guard width > 0, height > 0, image.width > 0, image.height > 0 else { return result }
        // Per column: first source column, step and number of samples (at most 4×4 per pixel … up to 7 when the
        // range is under 8 wide).
        var columnStart = [Int](repeating: 0, count: width)
        var columnStep = [Int](repeating: 1, count: width)
        var columnSamples = [Int](repeating: 1, count: width)
        for x in 0..<width {
            let x0 = x * image.width / width, x1 = max(x0 + 1, (x + 1) * image.width / width)
            let stepX = max(1, (x1 - x0) / 4)
            columnStart[x] = x0; columnStep[x] = stepX; columnSamples[x] = (x1 - x0 + stepX - 1) / stepX
        }
        // ⌊v / n⌋ as (v · ⌈2³²/n⌉) >> 32: exact for v < 2¹⁶ and n ≤ 64 (v ≤ 255 · 7 · 7 here).
        let reciprocal: [UInt64] = (0...64).map { $0 == 0 ? 0 : ((UInt64(1) << 32) + UInt64($0) - 1) / UInt64($0) }
        image.pixels.withUnsafeBufferPointer { pixels in
            result.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let y0 = y * image.height / height, y1 = max(y0 + 1, (y + 1) * image.height / height)
                    let stepY = max(1, (y1 - y0) / 4)
                    let rowSamples = (y1 - y0 + stepY - 1) / stepY
                    for x in 0..<width {
                        let x0 = columnStart[x], stepX = columnStep[x], samplesX = columnSamples[x]
                        var r = 0, g = 0, b = 0
                        var sy = y0
                        for _ in 0..<rowSamples {
                            var i = (sy * image.width + x0) * 4
                            for _ in 0..<samplesX {
                                let a = Int(pixels[i + 3])
                                if a == 255 {
                                    r += Int(pixels[i]); g += Int(pixels[i + 1]); b += Int(pixels[i + 2])
                                } else {
                                    r += (Int(pixels[i]) * a + 255 * (255 - a)) / 255
                                    g += (Int(pixels[i + 1]) * a + 255 * (255 - a)) / 255
                                    b += (Int(pixels[i + 2]) * a + 255 * (255 - a)) / 255
                                }
                                i += stepX * 4
                            }
                            sy += stepY
                        }
                        let m = reciprocal[rowSamples * samplesX]
                        let o = (y * width + x) * 3
                        out[o] = UInt8(truncatingIfNeeded: (UInt64(r) &* m) >> 32)
                        out[o + 1] = UInt8(truncatingIfNeeded: (UInt64(g) &* m) >> 32)
                        out[o + 2] = UInt8(truncatingIfNeeded: (UInt64(b) &* m) >> 32)
                    }
                }
            }
        }
        return result
    }
}

import TerminalGraphics

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
extension ImageCells {
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
}

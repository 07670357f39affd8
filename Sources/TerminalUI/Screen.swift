import DisplayWidth
import TerminalGraphics

/// Terminal colours: the eight basic ones, the 256-colour palette, or 24-bit.
public enum Color: Hashable, Sendable {
    case black, red, green, yellow, blue, magenta, cyan, white
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

public struct Style: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false

    public init(foreground: Color? = nil, background: Color? = nil, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground; self.background = background; self.bold = bold
        self.reverse = reverse; self.underline = underline; self.dim = dim
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)
}

/// One terminal cell. A wide character fills its own cell and marks the next as a continuation.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style
    /// The right half of a wide character: drawn by the cell to its left.
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.character = character; self.style = style; self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxY: Int { y + height }
    public var maxX: Int { x + width }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// Splits off `rows` rows at the top; returns (top, rest).
    public func splitTop(_ rows: Int) -> (Rect, Rect) {
        let top = min(max(rows, 0), height)
        return (Rect(x: x, y: y, width: width, height: top), Rect(x: x, y: y + top, width: width, height: height - top))
    }

    /// Splits off `rows` rows at the bottom; returns (rest, bottom).
    public func splitBottom(_ rows: Int) -> (Rect, Rect) {
        let bottom = min(max(rows, 0), height)
        return (Rect(x: x, y: y, width: width, height: height - bottom), Rect(x: x, y: maxY - bottom, width: width, height: bottom))
    }

    public func splitLeft(_ columns: Int) -> (Rect, Rect) {
        let left = min(max(columns, 0), width)
        return (Rect(x: x, y: y, width: left, height: height), Rect(x: x + left, y: y, width: width - left, height: height))
    }

    public func inset(_ dx: Int, _ dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }
}

/// A grid of cells that views draw into. Pure: tests read it back as text.
public struct Screen: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should sit after drawing (nil: hidden).
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0
    /// Pictures the terminal draws itself over blank cells (inline-image protocols); drawn after the cells.
    public var images: [ImagePlacement] = []

    public init(width: Int, height: Int) {
        size = Size(width: max(0, width), height: max(0, height))
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    public var width: Int { size.width }
    public var height: Int { size.height }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public mutating func fill(_ rect: Rect, style: Style = .plain, character: Character = " ") {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { self[x, y] = Cell(character, style: style) }
        }
    }

    /// Writes `text` from (x, y), clipped to `maxX` (default: the screen edge). A wide character
    /// that would straddle the edge is not drawn. Returns the column after the last drawn cell.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, style: Style = .plain, maxX: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(maxX ?? width, width)
        var column = x
        for character in text {
            var shown = character
            var cellWidth = DisplayWidth.of(character)
            if cellWidth == 0 {
                // Control characters would corrupt the terminal; show them as a visible placeholder.
                guard character.unicodeScalars.first.map({ $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) ?? false else { continue }
                shown = "�"; cellWidth = 1
            }
            if column + cellWidth > limit { break }
            if column >= 0 {
                clearWide(at: column, y: y)
                self[column, y] = Cell(shown, style: style)
                if cellWidth == 2 {
                    clearWide(at: column + 1, y: y)
                    self[column + 1, y] = Cell(" ", style: style, isContinuation: true)
                }
            }
            column += cellWidth
        }
        return column
    }

    /// Overwriting half of a wide character blanks its other half so no stray glyph remains.
    private mutating func clearWide(at x: Int, y: Int) {
        let cell = self[x, y]
        if cell.isContinuation, x > 0 { self[x - 1, y] = Cell(" ", style: self[x - 1, y].style) }
        if !cell.isContinuation, x + 1 < width, self[x + 1, y].isContinuation { self[x + 1, y] = Cell(" ", style: cell.style) }
    }

    /// The screen as text, one line per row, trailing spaces removed — what snapshot tests compare.
    public func text() -> String {
        (0..<height).map { line($0) }.joined(separator: "\n")
    }

    public func line(_ y: Int) -> String {
        var result = ""
        for x in 0..<width where !self[x, y].isContinuation { result.append(self[x, y].character) }
        while result.last == " " { result.removeLast() }
        return result
    }

    public static func == (lhs: Screen, rhs: Screen) -> Bool {
        lhs.size == rhs.size && lhs.cells == rhs.cells && lhs.cursorX == rhs.cursorX && lhs.cursorY == rhs.cursorY && lhs.images == rhs.images
    }
}

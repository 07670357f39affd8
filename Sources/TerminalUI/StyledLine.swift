/// A line of styled text, the unit views stack into panes (a prompt card, a help page).
public struct StyledLine: Equatable, Sendable {
    public var text: String
    public var style: Style
    /// Columns the line's continuation rows are indented by when it wraps.
    public var indent: Int
    public init(_ text: String, _ style: Style = .plain, indent: Int = 0) { self.text = text; self.style = style; self.indent = indent }

    /// Word-wraps styled lines to `width`, keeping each line's indent on its continuation rows.
    public static func wrap(_ lines: [StyledLine], width: Int) -> [StyledLine] {
        lines.flatMap { line -> [StyledLine] in
            let hanging = line.indent
            return TextLayout.wrap(line.text, width: max(1, width - hanging)).enumerated().map { index, part in
                StyledLine(part, line.style, indent: index == 0 ? 0 : hanging)
            }
        }
    }

    /// Draws wrapped lines top-down in `rect`; when they do not fit, the last row says how many are hidden.
    public static func draw(_ lines: [StyledLine], into screen: inout Screen, rect: Rect) {
        for (row, line) in lines.prefix(rect.height).enumerated() {
            if row == rect.height - 1, lines.count > rect.height {
                screen.put("… \(lines.count - rect.height + 1) more lines", x: rect.x, y: rect.y + row, style: .dim)
                break
            }
            screen.put(line.text, x: rect.x + line.indent, y: rect.y + row, style: line.style, maxX: rect.maxX)
        }
    }
}

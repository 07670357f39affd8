// TerminalUI: a terminal toolkit without a terminal — Screen, keys and keymaps, the line editor,
// and the widgets the screens share.

/// A list of entries of one or more rows each under a rule that names it, newest at the bottom
/// like a chat log, scrolled so that an anchor entry (the selection) stays on screen. Each entry's
/// first row may carry a label in a right-hand column (who noted it).
public enum CommentList {
    public struct Row: Equatable, Sendable {
        public var text: String
        public var style: Style
        /// Shown right-aligned in the label column; only on an entry's first row.
        public var label: String?
        public init(_ text: String, _ style: Style = .plain, label: String? = nil) { self.text = text; self.style = style; self.label = label }
    }

    public static let labelStyle = Style(dim: true)

    /// `rows(index, width)` lays out entry `index` (0 is the oldest) in `width` columns; it is only
    /// asked for the entries the pane and the anchor need, newest first.
    public static func draw(title: String, emptyHint: String, count: Int, anchor: Int, labelWidth: Int? = nil,
                            into screen: inout Screen, rect: Rect, rows: (_ index: Int, _ width: Int) -> [Row]) {
        let (rule, list) = rect.splitTop(1)
        let ruleTitle = "─ \(title) "
        screen.put(ruleTitle + String(repeating: "─", count: max(0, rule.width - ruleTitle.displayWidth)), x: rule.x, y: rule.y, style: .dim)
        guard !list.isEmpty else { return }
        if count == 0 {
            screen.put(emptyHint, x: list.x, y: list.y, style: HintLine.style, maxX: list.maxX)
            return
        }
        let textWidth = labelWidth.map { list.width - $0 - 1 } ?? list.width
        // Lay out from the newest backwards, only as far as the pane and the anchor need.
        var laidOut: [Row] = []
        var anchorStart = 0
        var index = count - 1
        while index >= 0, laidOut.count < list.height || index >= anchor {
            let block = rows(index, textWidth)
            laidOut.insert(contentsOf: block, at: 0)
            if index < anchor { anchorStart += block.count }
            index -= 1
        }
        // Newest rows at the bottom, unless that would push the anchor off the top.
        let window = laidOut.count - anchorStart <= list.height ? Array(laidOut.suffix(list.height)) : Array(laidOut[anchorStart..<(anchorStart + list.height)])
        for (row, item) in window.enumerated() {
            let y = list.y + row
            screen.put(item.text, x: list.x, y: y, style: item.style, maxX: list.x + textWidth)
            if let labelWidth, let label = item.label {
                let shown = TextLayout.truncate(label, width: labelWidth)
                screen.put(shown, x: list.maxX - shown.displayWidth, y: y, style: labelStyle)
            }
        }
    }
}

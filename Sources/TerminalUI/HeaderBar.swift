/// The bar across the top of a screen: what is shown on the left (cut with "…" when the row is
/// short), the clocks and status on the right (never cut by the left part).
public enum HeaderBar {
    /// Not bold: xterm and others draw bold basic colours bright, and bright black on cyan is grey on cyan.
    public static let style = Style(foreground: .black, background: .cyan)

    public static func draw(left: String, right: String, rightStyle: Style = style, into screen: inout Screen, rect: Rect) {
        screen.fill(rect, style: style)
        let rightWidth = right.displayWidth
        screen.put(TextLayout.truncate(left, width: max(0, rect.width - rightWidth - 1)), x: rect.x, y: rect.y, style: style)
        screen.put(right, x: max(rect.x, rect.maxX - rightWidth), y: rect.y, style: rightStyle, maxX: rect.maxX)
    }
}

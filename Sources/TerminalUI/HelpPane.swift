/// The help page over a screen's body: lines from the keymap and the screen, wrapped, scrolled by
/// keys; any key not in its table closes it.
public enum HelpPane {
    public enum Action: Sendable, Equatable { case lineDown, lineUp, pageDown, pageUp, quit }

    /// The scrolling keys, and `quit` for the keys that quit the program from the help.
    public static func keymap(quit: [Key]) -> Keymap<Action> {
        Keymap([
            Binding([.down, .character("j")], .lineDown, "Scroll down a line", group: "Help"),
            Binding([.up, .character("k")], .lineUp, "Scroll up a line", group: "Help"),
            Binding([.pageDown, .character(" ")], .pageDown, "Scroll down a page", group: "Help"),
            Binding([.pageUp], .pageUp, "Scroll up a page", group: "Help"),
            Binding(quit, .quit, "Quit", group: "Help"),
        ])
    }

    public static let hints: [Hint<Action>] = [.keys([.lineUp, .lineDown], "scroll"), .text("any other key closes the help")]

    /// The scroll position after `action` (the pane clamps it to the text when drawing).
    public static func scroll(_ scroll: Int, by action: Action) -> Int {
        switch action {
        case .lineDown: scroll + 1
        case .lineUp: max(0, scroll - 1)
        case .pageDown: scroll + 10
        case .pageUp: max(0, scroll - 10)
        case .quit: scroll
        }
    }

    /// Draws `lines` from `scroll`, the first line (the title) bold.
    public static func draw(_ lines: [String], scroll: Int, into screen: inout Screen, rect: Rect) {
        let wrapped = lines.flatMap { TextLayout.wrap($0, width: max(1, rect.width - 2)) }
        let start = min(scroll, max(0, wrapped.count - rect.height))
        for (row, line) in wrapped.dropFirst(start).prefix(rect.height).enumerated() {
            screen.put(line, x: rect.x + 1, y: rect.y + row, style: row == 0 && start == 0 ? .bold : .plain)
        }
    }
}

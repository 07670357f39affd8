import TerminalGraphics

/// What a screen shows instead of itself when the terminal is smaller than it needs: the size it
/// needs, the size it has, and a reassurance, centred and wrapped to whatever room there is.
public enum TooSmallPane {
    /// `what`: the program's name ("Parley replay"); `note`: a last line such as what is saved.
    public static func draw(into screen: inout Screen, what: String, minimum: Size, note: String? = nil) {
        let message = [
            "\(what) needs a terminal of at least \(minimum.width)×\(minimum.height).",
            "This one is \(screen.width)×\(screen.height): please enlarge it.",
            note ?? "",
        ]
        var y = max(0, screen.height / 2 - 1)
        for line in message where !line.isEmpty {
            for part in TextLayout.wrap(line, width: max(1, screen.width)) where y < screen.height {
                screen.put(part, x: max(0, (screen.width - part.displayWidth) / 2), y: y, style: .bold)
                y += 1
            }
        }
    }
}

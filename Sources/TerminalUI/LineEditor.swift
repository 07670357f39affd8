import ParleyCore

/// A one-line text editor: the composer. Cursor positions count grapheme clusters, so a
/// combining mark or an emoji sequence is one step.
public struct LineEditor: Sendable, Equatable {
    public private(set) var characters: [Character] = []
    public private(set) var cursor = 0

    public init(_ text: String = "") { set(text) }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    public mutating func set(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    public mutating func clear() { set("") }

    public mutating func insert(_ character: Character) {
        // Newlines and tabs pasted into one line become spaces.
        let c: Character = (character == "\n" || character == "\r" || character == "\t") ? " " : character
        if DisplayWidth.of(c) == 0, c.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .enclosingMark }), cursor > 0 {
            // A combining mark typed on its own joins the character before it.
            let joined = String(characters[cursor - 1]) + String(c)
            characters[cursor - 1] = Character(joined)
            return
        }
        characters.insert(c, at: cursor)
        cursor += 1
    }

    public mutating func insert(_ text: String) { for c in text { insert(c) } }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func deleteWordBackward() {
        while cursor > 0, characters[cursor - 1] == " " { backspace() }
        while cursor > 0, characters[cursor - 1] != " " { backspace() }
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// The word that ends at the cursor (for tag completion).
    public var wordBeforeCursor: String {
        var start = cursor
        while start > 0, characters[start - 1] != " " { start -= 1 }
        return String(characters[start..<cursor])
    }

    /// Replaces the word that ends at the cursor.
    public mutating func replaceWordBeforeCursor(with replacement: String) {
        var start = cursor
        while start > 0, characters[start - 1] != " " { start -= 1 }
        characters.replaceSubrange(start..<cursor, with: Array(replacement))
        cursor = start + replacement.count
    }

    /// Draws the line into `rect` (one row), scrolled so the cursor stays visible; places the screen cursor.
    public func draw(into screen: inout Screen, rect: Rect, style: Style = .plain) {
        guard rect.width > 1, rect.height > 0 else { return }
        var widths = characters.map { DisplayWidth.of($0) }
        widths = widths.map { $0 == 0 ? 1 : $0 }
        // Scroll: keep the cursor within the visible width, preferring to show the start.
        var start = 0
        var widthToCursor = widths[0..<cursor].reduce(0, +)
        while widthToCursor >= rect.width - 1, start < cursor {
            widthToCursor -= widths[start]
            start += 1
        }
        let visible = String(characters[start...])
        screen.put(visible, x: rect.x, y: rect.y, style: style, maxX: rect.maxX)
        screen.cursor = (rect.x + widthToCursor, rect.y)
    }
}

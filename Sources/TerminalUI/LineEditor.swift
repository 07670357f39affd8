import DisplayWidth

/// A one-line text editor: the composer. Cursor positions count grapheme clusters, so a
/// combining mark or an emoji sequence is one step. Drawn in one row it scrolls sideways; in
/// several it wraps at spaces, like the comment it becomes.
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

    /// The text wrapped to `width` columns: each row's range of characters, breaking after the last
    /// space that fits (inside a word longer than the row when there is none; a space that does not
    /// fit stays at the row's end, unseen). The cursor at the end of a full last row gets a row of its own.
    public func rows(width: Int) -> [Range<Int>] {
        guard width > 1 else { return [0..<characters.count] }
        var rows: [Range<Int>] = []
        var start = 0, used = 0, lastSpace: Int?
        var i = 0
        while i < characters.count {
            let w = max(1, DisplayWidth.of(characters[i]))
            if used + w > width, i > start {
                // A space that does not fit hangs at the end of its row, as in any text editor.
                let end = characters[i] == " " ? i + 1 : lastSpace.map { $0 + 1 } ?? i
                rows.append(start..<end)
                start = end; used = 0; lastSpace = nil
                i = start
                continue
            }
            if characters[i] == " " { lastSpace = i }
            used += w
            i += 1
        }
        rows.append(start..<characters.count)
        if used >= width, cursor == characters.count { rows.append(characters.count..<characters.count) }
        return rows
    }

    /// Draws the line into `rect`: one row scrolls sideways so the cursor stays visible; more rows
    /// wrap, showing the rows around the cursor. Places the screen cursor.
    public func draw(into screen: inout Screen, rect: Rect, style: Style = .plain) {
        guard rect.width > 1, rect.height > 0 else { return }
        let widths = characters.map { max(1, DisplayWidth.of($0)) }
        if rect.height == 1 {
            // Scroll: keep the cursor within the visible width, preferring to show the start.
            var start = 0
            var widthToCursor = widths[0..<cursor].reduce(0, +)
            while widthToCursor >= rect.width - 1, start < cursor {
                widthToCursor -= widths[start]
                start += 1
            }
            screen.put(String(characters[start...]), x: rect.x, y: rect.y, style: style, maxX: rect.maxX)
            screen.cursor = (rect.x + widthToCursor, rect.y)
            return
        }
        let rows = rows(width: rect.width)
        let cursorRow = rows.lastIndex { $0.lowerBound <= cursor } ?? 0
        let first = max(0, min(cursorRow - rect.height + 1, rows.count - rect.height))
        for (offset, row) in rows[first..<min(rows.count, first + rect.height)].enumerated() {
            screen.put(String(characters[row]), x: rect.x, y: rect.y + offset, style: style, maxX: rect.maxX)
        }
        let row = rows[cursorRow]
        screen.cursor = (rect.x + widths[row.lowerBound..<cursor].reduce(0, +), rect.y + cursorRow - first)
    }
}

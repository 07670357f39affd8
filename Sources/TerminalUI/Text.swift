import DisplayWidth

/// Text layout by display width: word wrap, truncation with an ellipsis, padding.
public enum TextLayout {
    /// Wraps `text` into lines no wider than `width` columns, breaking at spaces where it can
    /// and inside a word only when the word alone is too wide. Newlines in `text` are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            // Words keep the spaces before them (indentation, alignment); a break drops them.
            for (gap, word) in words(paragraph) {
                let gapWidth = lineWidth == 0 && !lines.isEmpty && line.isEmpty ? 0 : gap.count
                let wordWidth = word.displayWidth
                if lineWidth + gapWidth + wordWidth <= width {
                    line += String(repeating: " ", count: gapWidth) + word
                    lineWidth += gapWidth + wordWidth
                    continue
                }
                if lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
                for character in word {
                    let w = DisplayWidth.of(character)
                    if lineWidth + w > width, lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
                    line.append(character); lineWidth += w
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// Splits a paragraph into (spaces before, word) pairs.
    static func words(_ paragraph: Substring) -> [(Substring, Substring)] {
        var result: [(Substring, Substring)] = []
        var index = paragraph.startIndex
        while index < paragraph.endIndex {
            let wordStart = paragraph[index...].firstIndex(where: { $0 != " " }) ?? paragraph.endIndex
            guard wordStart < paragraph.endIndex else { break }
            let wordEnd = paragraph[wordStart...].firstIndex(of: " ") ?? paragraph.endIndex
            result.append((paragraph[index..<wordStart], paragraph[wordStart..<wordEnd]))
            index = wordEnd
        }
        return result
    }

    /// Cuts `text` to `width` columns, ending in "…" when anything was cut.
    public static func truncate(_ text: String, width: Int) -> String { DisplayWidth.truncate(text, width: width) }

    /// The last `width` columns of `text` (for a composer line scrolled to its end).
    public static func tail(_ text: String, width: Int) -> String {
        var result: [Character] = []
        var used = 0
        for character in text.reversed() {
            let w = DisplayWidth.of(character)
            if used + w > width { break }
            result.append(character); used += w
        }
        return String(result.reversed())
    }
}

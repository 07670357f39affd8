import DisplayWidth

/// A table in plain text for a terminal: columns as wide as their widest cell (by display width, so
/// CJK and emoji line up), two spaces between them, chosen columns right-aligned, no trailing spaces.
/// The one way the report, agreement and `parley sessions` draw their tables.
public enum TextTable {
    /// `header`, a rule of dashes under it when `rule`, then `rows`; each line ends with a line feed.
    public static func render(header: [String], rows: [[String]], rightAligned: (Int) -> Bool, rule: Bool = false) -> String {
        var widths = header.map { DisplayWidth.of($0) }
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(cell)))
                return rightAligned(i) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        var out = line(header)
        if rule { out += line(widths.map { String(repeating: "-", count: $0) }) }
        for row in rows { out += line(row) }
        return out
    }
}

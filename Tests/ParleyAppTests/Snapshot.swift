import Foundation
import Testing
import TerminalUI

/// Snapshot files under `Snapshots/`: a screen is its text grid, then its styles as runs per row,
/// so a diff of the file shows a changed colour or attribute as plainly as a changed word.
enum Snapshot {
    static let recording = ProcessInfo.processInfo.environment["PARLEY_RECORD_SNAPSHOTS"] == "1"
    static let stylesHeading = "--- styles: row: first-last column style; cells not listed are plain ---"

    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
    }

    /// The file's contents for a screen: every row's text, the heading, then one line per row
    /// that has a styled cell, e.g. `0: 0-45 reverse; 46-52 bg=magenta bold`.
    static func encode(_ screen: Screen) -> String {
        var rows: [String] = []
        for y in 0..<screen.height {
            var runs: [String] = []
            var x = 0
            while x < screen.width {
                let style = screen[x, y].style
                var end = x
                while end + 1 < screen.width, screen[end + 1, y].style == style { end += 1 }
                if style != .plain { runs.append((end == x ? "\(x)" : "\(x)-\(end)") + " " + describe(style)) }
                x = end + 1
            }
            if !runs.isEmpty { rows.append("\(y): " + runs.joined(separator: "; ")) }
        }
        return ([screen.text(), stylesHeading] + rows).joined(separator: "\n")
    }

    static func describe(_ style: Style) -> String {
        var parts: [String] = []
        if let colour = style.foreground { parts.append("fg=" + describe(colour)) }
        if let colour = style.background { parts.append("bg=" + describe(colour)) }
        for (on, name) in [(style.bold, "bold"), (style.dim, "dim"), (style.underline, "underline"), (style.reverse, "reverse")] where on {
            parts.append(name)
        }
        return parts.joined(separator: " ")
    }

    static func describe(_ colour: Color) -> String {
        switch colour {
        case .indexed(let n): "\(n)"
        case .rgb(let r, let g, let b): "#" + [r, g, b].map { String(format: "%02x", $0) }.joined()
        default: "\(colour)"
        }
    }

    /// Where `actual` and `expected` differ, line by line (nil when they are the same).
    static func difference(_ actual: String, _ expected: String) -> String? {
        guard actual != expected else { return nil }
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        let lines = (0..<max(a.count, e.count)).filter { $0 >= a.count || $0 >= e.count || a[$0] != e[$0] }
        return lines.prefix(12).map { n in
            "line \(n + 1):\n  expected: \(n < e.count ? e[n] : "(none)")\n  actual:   \(n < a.count ? a[n] : "(none)")"
        }.joined(separator: "\n") + (lines.count > 12 ? "\n… and \(lines.count - 12) more lines" : "")
    }
}

/// Compares a drawn screen, text and styles, with `Snapshots/<name>.txt`.
func assertSnapshot(_ screen: Screen, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    assertTextSnapshot(Snapshot.encode(screen), named: name, sourceLocation: sourceLocation)
}

/// Compares text with `Snapshots/<name>.txt`. With PARLEY_RECORD_SNAPSHOTS=1 it writes the file
/// instead (then review it by eye and commit it); a missing snapshot fails.
func assertTextSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = Snapshot.url(name)
    let contents = text.hasSuffix("\n") ? text : text + "\n"
    if Snapshot.recording {
        try? contents.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("missing snapshot \(url.path); run with PARLEY_RECORD_SNAPSHOTS=1 and review it", sourceLocation: sourceLocation)
        return
    }
    if let difference = Snapshot.difference(contents, expected) {
        Issue.record("differs from Snapshots/\(name).txt\n\(difference)", sourceLocation: sourceLocation)
    }
}

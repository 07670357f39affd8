// ParleyCore: the pure model — content, events, session state, the capture line, time and order.

/// What a note-taker types: `P3: I'd never know which app to open #fragmentation`.
///
/// - `P3:` (any case, optional spaces before the colon) names the speaker; `-:` says "no one in
///   particular"; no prefix keeps the last speaker.
/// - `T2:` before everything else sets the World Café table (`T2: P3: text`, or `T2:` alone).
/// - `#tag` at the start of a word is a tag (`[a-z0-9-]+`, lowercased) and leaves the text; `##`
///   writes a literal `#`; a `#` inside a word (a URL's fragment) is text.
public struct CaptureLine: Sendable, Equatable {
    public enum Speaker: Sendable, Equatable {
        case unchanged
        case nobody
        case participant(String)
    }

    public var speaker: Speaker
    public var text: String
    public var tags: [String]
    public var table: String?

    public init(speaker: Speaker, text: String, tags: [String], table: String? = nil) {
        self.speaker = speaker; self.text = text; self.tags = tags; self.table = table
    }

    public static func parse(_ line: String) -> CaptureLine {
        var rest = Substring(line.trimmingWhitespace())
        let table = takeNumberedPrefix("T", &rest)
        let speaker = takeNumberedPrefix("P", &rest).map(Speaker.participant) ?? takeNobody(&rest)
        let (text, tags) = extractTags(rest)
        return CaptureLine(speaker: speaker, text: text, tags: tags, table: table)
    }

    /// The line a note-taker would type to get this comment back (used to edit a saved comment).
    public static func format(participant: String?, text: String, tags: [String]) -> String {
        let escaped = text.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("#") ? "#" + $0 : String($0) }.joined(separator: " ")
        var line = participant.map { "\($0): " } ?? "-: "
        line += escaped
        for tag in tags { line += (line.hasSuffix(" ") || line.isEmpty ? "" : " ") + "#" + tag }
        return line
    }

    static func takeNobody(_ rest: inout Substring) -> Speaker {
        guard rest.hasPrefix("-:") else { return .unchanged }
        rest = rest.dropFirst(2).drop(while: \.isWhitespace)
        return .nobody
    }

    /// `P3:` / `t02 :` → "P3" / "T2", consumed from `rest`; nil (nothing consumed) otherwise.
    static func takeNumberedPrefix(_ letter: Character, _ rest: inout Substring) -> String? {
        guard let first = rest.first, first.uppercased() == String(letter) else { return nil }
        let digits = rest.dropFirst().prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 6 else { return nil }
        let after = rest.dropFirst(1 + digits.count).drop(while: { $0 == " " })
        guard after.first == ":" else { return nil }
        rest = after.dropFirst().drop(while: \.isWhitespace)
        return String(letter) + String(Int(digits) ?? 0)
    }

    static func isTagCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-")
    }

    static func extractTags(_ input: Substring) -> (String, [String]) {
        var output = ""
        var tags: [String] = []
        var index = input.startIndex
        var atWordStart = true
        while index < input.endIndex {
            let c = input[index]
            if c == "#", atWordStart {
                let next = input.index(after: index)
                if next < input.endIndex, input[next] == "#" {
                    output.append("#")
                    index = input.index(after: next)
                    atWordStart = false
                    continue
                }
                let tagEnd = input[next...].firstIndex(where: { !isTagCharacter($0) }) ?? input.endIndex
                let boundary = tagEnd == input.endIndex || !input[tagEnd].isLetter && !input[tagEnd].isNumber && input[tagEnd] != "#"
                if tagEnd > next, boundary {
                    let tag = input[next..<tagEnd].lowercased()
                    if !tags.contains(tag) { tags.append(tag) }
                    while output.last == " " { output.removeLast() }
                    index = tagEnd
                    atWordStart = false
                    continue
                }
            }
            output.append(c)
            atWordStart = c.isWhitespace || c == "(" || c == "["
            index = input.index(after: index)
        }
        return (collapseSpaces(output), tags)
    }

    static func collapseSpaces(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for c in text {
            if c.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(c)
                lastWasSpace = false
            }
        }
        return result.trimmingWhitespace()
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? start
        return String(self[start..<Swift.max(start, end)])
    }
}

/// What a note-taker types: `P3: I'd never know which app to open #fragmentation`.
///
/// - `P3:` (any case, optional spaces before the colon) names the speaker; `-:` says "no one in
///   particular"; no prefix keeps the last speaker.
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

    public init(speaker: Speaker, text: String, tags: [String]) {
        self.speaker = speaker; self.text = text; self.tags = tags
    }

    public static func parse(_ line: String) -> CaptureLine {
        var rest = Substring(line.trimmingWhitespace())
        let speaker = takeSpeaker(&rest)
        let (text, tags) = extractTags(rest)
        return CaptureLine(speaker: speaker, text: text, tags: tags)
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

    static func takeSpeaker(_ rest: inout Substring) -> Speaker {
        if rest.hasPrefix("-:") {
            rest = rest.dropFirst(2).drop(while: \.isWhitespace)
            return .nobody
        }
        guard let first = rest.first, first == "P" || first == "p" else { return .unchanged }
        let digits = rest.dropFirst().prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 6 else { return .unchanged }
        var after = rest.dropFirst(1 + digits.count)
        after = after.drop(while: { $0 == " " })
        guard after.first == ":" else { return .unchanged }
        rest = after.dropFirst().drop(while: \.isWhitespace)
        return .participant("P" + String(Int(digits) ?? 0))
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

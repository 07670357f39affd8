/// Participants' words on their way into a document. A note typed or pasted on Windows carries
/// CR LF, an old Mac's a lone CR, a word processor's U+2028; Swift reads CR LF as one `Character`,
/// so splitting on "\n" misses it. Every text, Markdown and transcript renderer reads words through
/// here, so a remark stays one line, never becomes a fake heading or bullet, and leaves no raw `\r`.
public enum DocumentText {
    /// Every line break (CR LF, CR, LF, VT, FF, NEL, U+2028, U+2029) as one LF; other text unchanged.
    public static func unifyingLineBreaks(_ text: String) -> String {
        guard needsWork(text, controls: false) else { return text }
        return rewrite(text) { scalar in isLineBreak(scalar) ? "\n" : nil }
    }

    /// The text on one line: every line break (CR LF counts as one) and every other control character
    /// (tab, escape…) as one space, so it fits a bullet, a table cell or a terminal line.
    public static func oneLine(_ text: String) -> String {
        guard needsWork(text, controls: true) else { return text }
        return rewrite(text) { scalar in isLineBreak(scalar) || isControl(scalar) ? " " : nil }
    }

    /// The text as inline Markdown that renders as exactly these words: on one line, without
    /// leading or trailing spaces (at the start of a line they would be an indented code block), every
    /// character Markdown reads as structure anywhere (`\ ` * _ [ ] < > # | ~ &`) backslash-escaped,
    /// and what makes a block at the start of a line (`-`, `+`, `=`, `1.`, `1)`) too, so the words
    /// stay words wherever the caller puts them.
    public static func markdownInline(_ text: String) -> String {
        let flat = oneLine(text)
        guard let first = flat.firstIndex(where: { $0 != " " }), let last = flat.lastIndex(where: { $0 != " " }) else { return "" }
        let words = flat[first...last]
        guard words.utf8.contains(where: isMarkdownPunctuation) else { return String(words) }
        var out = ""
        out.reserveCapacity(words.utf8.count + 8)
        var position = 0, leadingDigits = 0
        for character in words {
            if "\\`*_[]<>#|~&".contains(character) || (position == 0 && "-+=".contains(character))
                || (leadingDigits > 0 && leadingDigits == position && ".)".contains(character)) {
                out.append("\\")
            }
            if leadingDigits == position && character.isASCII && character.isNumber { leadingDigits += 1 }
            out.append(character)
            position += 1
        }
        return out
    }

    // MARK: -

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The ASCII punctuation `markdownInline` may escape (a superset: the rest is checked by character).
    private static func isMarkdownPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "&"),
             UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "."), UInt8(ascii: ")"): true
        default: false
        }
    }

    /// Whether any scalar needs rewriting; most texts have none and come back as they are.
    private static func needsWork(_ text: String, controls: Bool) -> Bool {
        text.unicodeScalars.contains { isLineBreak($0) || (controls && isControl($0)) }
    }

    /// The text with each scalar `replacement` names replaced; CR LF is one break.
    private static func rewrite(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }
            if let replaced = replacement(scalar) { out += replaced } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}

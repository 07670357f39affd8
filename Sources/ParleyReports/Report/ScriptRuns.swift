/// What HTML can say about text Parley did not write (participants' words, deck titles, codebook labels):
/// a run of letters in a right-to-left script (Urdu, Arabic, Hebrew…) reads right to left, and a run in
/// any script but Latin is not the page's English. Which language it is, nobody recorded (the content
/// files do not say), so such a run is marked `lang=""`, "unknown", rather than given a guessed code.
enum ScriptRuns {
    enum Script { case latin, rightToLeft, other }

    /// The script of a letter; nil for what has none of its own (spaces, digits, punctuation, emoji).
    static func script(_ character: Character) -> Script? {
        guard let scalar = character.unicodeScalars.first, scalar.properties.isAlphabetic else { return nil }
        let v = scalar.value
        if rightToLeft.contains(where: { $0.contains(v) }) { return .rightToLeft }
        return v < 0x370 || latin.contains(where: { $0.contains(v) }) ? .latin : .other
    }

    /// Blocks whose letters are right to left (Bidi_Class R or AL): Hebrew to Arabic Extended-A, their
    /// presentation forms, and the historic and Adlam blocks of planes 1.
    static let rightToLeft: [ClosedRange<UInt32>] = [0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF]
    /// Latin beyond U+0370: phonetic extensions, Latin Extended Additional, -C, -D, -E, ligatures, full width.
    static let latin: [ClosedRange<UInt32>] = [0x1D00...0x1DBF, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F,
                                               0xFB00...0xFB06, 0xFF21...0xFF5A]

    /// Whether the first letter of `text` is in a right-to-left script: how a paragraph of it is laid out.
    static func startsRightToLeft(_ text: String) -> Bool {
        text.lazy.compactMap(script).first == .rightToLeft
    }

    /// `text` escaped for HTML, each run in another script in a span saying so. A run is letters of one
    /// script with the spaces and punctuation between them; what lies between runs stays outside.
    static func html(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return ReportRenderer.htmlEscape(text) }
        var out = ""
        var run = "", runScript = Script.latin, between = ""
        func endRun() {
            switch runScript {
            case .latin: out += ReportRenderer.htmlEscape(run)
            case .rightToLeft: out += "<span dir=\"rtl\" lang=\"\">\(ReportRenderer.htmlEscape(run))</span>"
            case .other: out += "<span lang=\"\">\(ReportRenderer.htmlEscape(run))</span>"
            }
            out += ReportRenderer.htmlEscape(between)
            run = ""; between = ""
        }
        for character in text {
            guard let script = script(character) else {
                if run.isEmpty { out += ReportRenderer.htmlEscape(String(character)) } else { between.append(character) }
                continue
            }
            if !run.isEmpty, script == runScript {
                run += between; between = ""
            } else {
                endRun()
                runScript = script
            }
            run.append(character)
        }
        endRun()
        return out
    }
}

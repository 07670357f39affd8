import CNcursesw
import TerminalUI

/// What one read from ncurses (`get_wch`) gave: a character, or a key code (KEY_UP, KEY_F(1), …).
public enum RawKey: Equatable, Sendable {
    case character(UInt32)
    case code(Int32)
}

/// Turns what ncurses reads into `Key`s. Pure, so it is tested without a terminal: `NcursesTerminal`
/// reads, this decides.
public enum KeyDecoder {
    /// Whether `raw` is decoded together with what comes right after it: ESC alone is Esc, ESC and
    /// a character within the escape delay is Alt plus that character.
    public static func needsNext(_ raw: RawKey) -> Bool { raw == .character(27) }

    /// Decodes `raw`; after ESC, `next` is what came within the escape delay (nil: nothing).
    /// `usedNext` false: `next` is a key of its own, to be read again (Esc then Ctrl-Q).
    public static func decode(_ raw: RawKey, next: RawKey? = nil) -> (key: Key?, usedNext: Bool) {
        switch raw {
        case .code(let code):
            return (keyCodes[code], false)
        case .character(27):
            if case .character(let value)? = next, value >= 32, let scalar = Unicode.Scalar(value) { return (.alt(Character(scalar)), true) }
            return (.escape, false)
        case .character(let value):
            return (character(value), false)
        }
    }

    static func character(_ value: UInt32) -> Key? {
        switch value {
        case 13, 10: .enter
        case 9: .tab
        case 8, 127: .backspace
        case 0: .control(" ")
        case 1...26: .control(Character(Unicode.Scalar(value + 96)!))
        case 28...31: nil
        default: Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    // MARK: - bracketed paste

    /// Whether the characters after ESC [ are a bracketed paste's start (`200~`: true) or end (`201~`:
    /// false); nil for anything else. The terminal brackets pasted text so (xterm's mode 2004, asked for
    /// by `NcursesTerminal`), so a paste's line breaks are told from Enter.
    public static func pasteMarker(_ tail: [RawKey]) -> Bool? {
        let digits: [RawKey] = "20".unicodeScalars.map { .character($0.value) }
        guard tail.count == 4, Array(tail.prefix(2)) == digits, tail[3] == .character(126) else { return nil }
        switch tail[2] {
        case .character(48): return true   // "0"
        case .character(49): return false  // "1"
        default: return nil
        }
    }

    /// Whether `tail` (read after ESC [) may still grow into a paste marker.
    public static func mayBePasteMarker(_ tail: [RawKey]) -> Bool {
        let longest: [RawKey] = "200~".unicodeScalars.map { .character($0.value) }
        return tail.count <= 4 && zip(tail, longest).enumerated().allSatisfy { index, pair in
            pair.0 == pair.1 || (index == 2 && pair.0 == .character(49))
        }
    }

    /// A key read inside a paste: text. A comment is one paragraph, so a line break or tab is a space (a run
    /// of line breaks, CR LF or blank lines, one space, after `previous`); other control characters and key
    /// codes are dropped (nil), so a pasted Ctrl-Q or a line break never quits or saves.
    public static func pasted(_ raw: RawKey, after previous: RawKey?) -> Key? {
        switch raw {
        case .character(10) where isLineBreak(previous), .character(13) where isLineBreak(previous): nil
        case .character(9), .character(10), .character(13): .character(" ")
        case .character(let value) where value < 32 || value == 127: nil
        case .character(let value): character(value)
        case .code: nil
        }
    }

    private static func isLineBreak(_ raw: RawKey?) -> Bool { raw == .character(10) || raw == .character(13) }

    /// ncurses's key codes and the keys they are.
    static let keyCodes: [Int32: Key] = {
        var table: [Int32: Key] = [
            KEY_RESIZE: .resize, KEY_UP: .up, KEY_DOWN: .down, KEY_LEFT: .left, KEY_RIGHT: .right,
            KEY_HOME: .home, KEY_END: .end, KEY_PPAGE: .pageUp, KEY_NPAGE: .pageDown, KEY_DC: .delete,
            KEY_IC: .insert, KEY_BACKSPACE: .backspace, KEY_BTAB: .backTab, KEY_ENTER: .enter,
        ]
        for n in 1...24 { table[parley_key_f(Int32(n))] = .function(n) }
        return table
    }()
}

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

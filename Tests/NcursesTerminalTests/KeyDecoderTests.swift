import NcursesTerminal
import Testing
import TerminalUI

/// Key decoding without a terminal: what ncurses reads (characters and key codes) in, `Key`s out.
@Suite struct KeyDecoderTests {
    func key(_ value: UInt32) -> Key? { KeyDecoder.decode(.character(value)).key }

    @Test func charactersIncludingEveryScript() {
        for text in ["a", "Z", "?", " ", "ż", "漢", "ی", "😩"] {
            #expect(key(text.unicodeScalars.first!.value) == .character(Character(text)), "\(text)")
        }
    }

    @Test func controlCharacters() {
        #expect(key(13) == .enter && key(10) == .enter)
        #expect(key(9) == .tab)
        #expect(key(8) == .backspace && key(127) == .backspace)
        #expect(key(0) == .control(" "))
        #expect(key(1) == .control("a") && key(17) == .control("q") && key(26) == .control("z"))
        #expect((28...31).allSatisfy { key($0) == nil })
    }

    @Test func escapeAloneAndAltAsEscapeThenACharacter() {
        #expect(KeyDecoder.needsNext(.character(27)))
        #expect(!KeyDecoder.needsNext(.character(102)) && !KeyDecoder.needsNext(.code(0o403)))
        #expect(KeyDecoder.decode(.character(27), next: nil) == (.escape, false))
        #expect(KeyDecoder.decode(.character(27), next: .character(102)) == (.alt("f"), true))
        #expect(KeyDecoder.decode(.character(27), next: .character(0x17C)) == (.alt("ż"), true))
        // Esc then Ctrl-Q or an arrow: two keys; the second is kept to be read again.
        #expect(KeyDecoder.decode(.character(27), next: .character(17)) == (.escape, false))
        #expect(KeyDecoder.decode(.character(27), next: .code(0o403)) == (.escape, false))
    }

    /// The codes are ncurses's (curses.h), so a wrong name in the table fails here.
    @Test func ncursesKeyCodes() {
        let codes: [Int32: Key] = [
            0o402: .down, 0o403: .up, 0o404: .left, 0o405: .right, 0o406: .home, 0o407: .backspace,
            0o512: .delete, 0o513: .insert, 0o522: .pageDown, 0o523: .pageUp, 0o527: .enter,
            0o541: .backTab, 0o550: .end, 0o632: .resize,
        ]
        for (code, expected) in codes { #expect(KeyDecoder.decode(.code(code)).key == expected, "code \(code)") }
        for n in 1...24 { #expect(KeyDecoder.decode(.code(0o410 + Int32(n))).key == .function(n)) }
        #expect(KeyDecoder.decode(.code(0o777)).key == nil)
    }
}

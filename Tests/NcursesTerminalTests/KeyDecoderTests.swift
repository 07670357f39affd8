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

    func raw(_ text: String) -> [RawKey] { text.unicodeScalars.map { .character($0.value) } }

    /// ESC [ 200~ and ESC [ 201~ bracket a paste; anything else after ESC [ is not a marker, and stops
    /// being read as soon as it cannot become one.
    @Test func pasteMarkers() {
        #expect(KeyDecoder.pasteMarker(raw("200~")) == true)
        #expect(KeyDecoder.pasteMarker(raw("201~")) == false)
        for other in ["202~", "200", "2000", "A", "", "20~~", "1~"] { #expect(KeyDecoder.pasteMarker(raw(other)) == nil, "\(other)") }
        #expect(["", "2", "20", "200", "201", "200~", "201~"].allSatisfy { KeyDecoder.mayBePasteMarker(raw($0)) })
        #expect(!["A", "3", "21", "202", "200x", "200~x"].contains { KeyDecoder.mayBePasteMarker(raw($0)) })
        #expect(!KeyDecoder.mayBePasteMarker([.code(0o403)]))
    }

    /// Inside a paste, text stays text: line breaks and tabs are spaces (CR LF one), other control
    /// characters and key codes are dropped, so a pasted line break never saves half the paste.
    @Test func pastedTextIsText() {
        func paste(_ text: String) -> String {
            var previous: RawKey?
            var out = ""
            for key in raw(text) {
                if case .character(let c)? = KeyDecoder.pasted(key, after: previous) { out.append(c) }
                previous = key
            }
            return out
        }
        #expect(paste("first line\nsecond\r\nthird\rfourth\tend") == "first line second third fourth end")
        #expect(paste("a paragraph\n\nanother\r\r\nlast") == "a paragraph another last", "a run of line breaks is one space")
        #expect(paste("quit\u{11}? save\u{0D}no \u{7F}ż😩") == "quit? save no ż😩")
        #expect(KeyDecoder.pasted(.code(0o403), after: nil) == nil)
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

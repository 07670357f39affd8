import Testing
@testable import TerminalUI

@Suite struct KeymapTests {
    @Test func keymapHelpAlignsKeys() {
        enum A: Sendable { case a, b }
        let map = Keymap<A>([Binding([.control("q")], .a, "Quit", group: "G"), Binding([.function(1), .character("?")], .b, "Help", group: "G", whenComposerEmpty: true)])
        #expect(map.helpLines() == ["G", "  Ctrl-Q" + String(repeating: " ", count: 15) + "Quit", "  F1, ? (empty line)   Help"])
        #expect(map.action(for: .character("?"), composerEmpty: false) == nil)
        #expect(map.action(for: .character("?"), composerEmpty: true) == .b)
    }
}

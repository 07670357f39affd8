@testable import NcursesTerminal
import Testing

@Suite struct ClipboardOutputTests {
    /// OSC 52 to the clipboard selection, the text base64-encoded, ended by BEL.
    @Test func osc52CarriesTheTextInBase64() {
        #expect(ClipboardOutput.sequence("00:12:31") == Array("\u{1B}]52;c;MDA6MTI6MzE=\u{07}".utf8))
    }
}

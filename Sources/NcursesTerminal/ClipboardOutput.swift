import Foundation
import SystemIO
import TerminalUI

/// The clipboard through the terminal: OSC 52 (`ESC ] 52 ; c ; <base64> BEL`), which kitty, WezTerm,
/// foot and Windows Terminal accept (iTerm2 and xterm when allowed), and tmux with `set-clipboard on`.
/// Whether it arrived cannot be known, so callers also show the text.
enum ClipboardOutput {
    static func sequence(_ text: String) -> [UInt8] {
        Array("\u{1B}]52;c;".utf8) + Array(Data(text.utf8).base64EncodedData()) + [0x07]
    }
}

extension NcursesTerminal {
    public func copyToClipboard(_ text: String) {
        // Written beside ncurses (as the inline images are): it moves no cell, so nothing needs repainting.
        _ = writeAll(STDOUT_FILENO, ClipboardOutput.sequence(text))
    }
}

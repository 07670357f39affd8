import TerminalUI

/// Everything a key can ask the capture screen to do.
public enum CaptureAction: Sendable, Equatable {
    case save, nextPrompt, previousPrompt, jumpToPrompt
    case selectOlder, selectNewer, editSelected, deleteSelected, undo
    case marker, completeTag, help, quit, cancel, redraw, openImage, harvest
    case cursorLeft, cursorRight, cursorHome, cursorEnd, backspace, deleteForward, deleteWord, clearLine
}

/// The one table of capture-screen bindings. Dispatch and the help screen both read it.
/// Codebook hotkeys (Alt+key) come from the codebook and are listed after these.
public let captureKeymap = Keymap<CaptureAction>([
    Binding([.enter], .save, "Save the line (saved = written and fsynced)", group: "Capture"),
    Binding([.tab], .completeTag, "Complete the #tag being typed", group: "Capture"),
    Binding([.control("k")], .marker, "Facilitator marker (label: the line, or \"marker\")", group: "Capture"),
    Binding([.control("z")], .undo, "Undo the last add, edit, tag or delete", group: "Capture"),
    Binding([.up], .selectOlder, "Select an earlier comment", group: "Comments"),
    Binding([.down], .selectNewer, "Select a later comment (past the last: none)", group: "Comments"),
    Binding([.control("e"), .function(2)], .editSelected, "Edit the selected comment (or the last one)", group: "Comments"),
    Binding([.control("d")], .deleteSelected, "Delete the selected comment", group: "Comments"),
    Binding([.pageDown, .control("n")], .nextPrompt, "Next prompt", group: "Prompts"),
    Binding([.pageUp, .control("p")], .previousPrompt, "Previous prompt", group: "Prompts"),
    Binding([.control("g")], .jumpToPrompt, "Jump to a prompt from the list", group: "Prompts"),
    Binding([.control("o")], .openImage, "Open the screenshot in $PARLEY_VIEWER or xdg-open", group: "Prompts"),
    Binding([.function(4)], .harvest, "World Café harvest: codes per table across rounds", group: "Prompts"),
    Binding([.left], .cursorLeft, "Move the cursor left", group: "Editing the line"),
    Binding([.right], .cursorRight, "Move the cursor right", group: "Editing the line"),
    Binding([.home, .control("a")], .cursorHome, "Start of the line", group: "Editing the line"),
    Binding([.end], .cursorEnd, "End of the line", group: "Editing the line"),
    Binding([.backspace], .backspace, "Delete the character before the cursor", group: "Editing the line"),
    Binding([.delete], .deleteForward, "Delete the character under the cursor", group: "Editing the line"),
    Binding([.control("w")], .deleteWord, "Delete the word before the cursor", group: "Editing the line"),
    Binding([.control("u")], .clearLine, "Clear the line", group: "Editing the line"),
    Binding([.function(1), .character("?")], .help, "This help", group: "Screen", whenComposerEmpty: true),
    Binding([.escape], .cancel, "Close a list or help, cancel an edit, clear the selection", group: "Screen"),
    Binding([.control("l")], .redraw, "Redraw the screen", group: "Screen"),
    Binding([.control("q")], .quit, "Quit (asks first if the line is not empty)", group: "Screen"),
])

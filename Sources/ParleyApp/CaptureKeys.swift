import TerminalUI

/// Everything a key can ask the capture screen to do.
public enum CaptureAction: Sendable, Equatable {
    case save, nextPrompt, previousPrompt, jumpToPrompt
    case selectOlder, selectNewer, editSelected, deleteSelected, undo
    case marker, recordingStarted, completeTag, help, quit, cancel, redraw, openImage, harvest
    case followRoom, toggleFeed, howToQuit, togglePause
    case edit(EditAction)
}

/// The one table of capture-screen bindings. Dispatch, the help screen and the hint line all read it.
/// Codebook hotkeys (Alt+key) come from the codebook and are listed after these.
public let captureKeymap = Keymap<CaptureAction>([
    Binding([.enter], .save, "Save the line (saved = written and fsynced)", group: "Capture"),
    Binding([.tab], .completeTag, "Complete the #tag being typed", group: "Capture"),
    Binding([.control("k")], .marker, "Facilitator marker (label: the line, or \"marker\")", group: "Capture"),
    Binding([.control("r")], .recordingStarted, "Recording started now (label: the line, e.g. a file)", group: "Capture"),
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
    Binding([.function(5)], .togglePause, "Pause the session (a break), or go on after one", group: "Prompts"),
    Binding([.control("f")], .followRoom, "Follow the facilitator's prompt again (a note-taker in a room)", group: "Room"),
    Binding([.function(3)], .toggleFeed, "Live feed: everyone's notes in the room, with who wrote them", group: "Room"),
] + lineEditingBindings.map { $0.map(CaptureAction.edit) } + [
    Binding([.function(1), .character("?")], .help, "This help", group: "Screen", whenComposerEmpty: true),
    Binding([.escape], .cancel, "Close a list or help, cancel an edit, clear the selection", group: "Screen"),
    Binding([.control("l")], .redraw, "Redraw the screen", group: "Screen"),
    Binding([.control("q")], .quit, "Quit (asks first if the line is not empty)", group: "Screen"),
    Binding([.control("c")], .howToQuit, "Says how to quit (a stray Ctrl-C does not end a workshop)", group: "Screen"),
])

/// The hint line while typing, and while a comment is selected.
let captureHints: [Hint<CaptureAction>] = [
    .keys(.save, "save"), .keys(.nextPrompt, "next"), .keys(.jumpToPrompt, "jump"), .text("Alt-key tag"),
    .keys(.undo, "undo"), .keys(.help, "help"), .keys(.quit, "quit"),
]
let selectionHints: [Hint<CaptureAction>] = [
    .keys(.editSelected, "edit"), .keys(.deleteSelected, "delete"), .text("Alt-key tag"),
    .keys([.selectOlder, .selectNewer], "move"), .keys(.cancel, "done"),
]

/// The help page's keys; Ctrl-Q quits from it as from the screen.
let captureHelpKeymap = HelpPane.keymap(quit: [.control("q")])

/// What a key does in the list of prompts (Ctrl-G); any other key closes it.
enum JumpAction: Sendable, Equatable { case up, down, pageUp, pageDown, first, last, go, back, quit }

let jumpKeymap = Keymap<JumpAction>([
    Binding([.up], .up, "Previous prompt in the list", group: "Jump"),
    Binding([.down], .down, "Next prompt in the list", group: "Jump"),
    Binding([.pageUp], .pageUp, "Ten prompts up", group: "Jump"),
    Binding([.pageDown], .pageDown, "Ten prompts down", group: "Jump"),
    Binding([.home], .first, "First prompt", group: "Jump"),
    Binding([.end], .last, "Last prompt", group: "Jump"),
    Binding([.enter], .go, "Show the chosen prompt", group: "Jump"),
    Binding([.escape], .back, "Close the list", group: "Jump"),
    Binding([.control("q")], .quit, "Quit", group: "Jump"),
])

let jumpHints: [Hint<JumpAction>] = [.keys([.up, .down], "choose"), .keys(.go, "go to the prompt"), .keys(.back, "back")]

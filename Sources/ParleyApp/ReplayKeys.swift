import TerminalUI

/// Everything a key can ask the replay player to do.
public enum ReplayAction: Sendable, Equatable {
    case playPause, faster, slower
    case back, forward, previousPrompt, nextPrompt, start, end
    case nextComment, previousComment, nextMarker, previousMarker
    case goToTime, search, openImage, copyRecordingTime
    case help, cancel, redraw, quit
}

/// The one table of replay bindings. Dispatch, the help screen and the hint line read it.
public let replayKeymap = Keymap<ReplayAction>([
    Binding([.character(" ")], .playPause, "Play / pause", group: "Playing"),
    Binding([.character("+"), .character("="), .character("]")], .faster, "Faster: 1×, 2×, 4× … 64×", group: "Playing"),
    Binding([.character("-"), .character("[")], .slower, "Slower", group: "Playing"),
    Binding([.left], .back, "Back 10 seconds", group: "Moving"),
    Binding([.right], .forward, "Forward 10 seconds", group: "Moving"),
    Binding([.pageUp, .up], .previousPrompt, "Start of this prompt, again: the previous prompt", group: "Moving"),
    Binding([.pageDown, .down], .nextPrompt, "Next prompt", group: "Moving"),
    Binding([.character("n")], .nextComment, "Jump to the next comment", group: "Moving"),
    Binding([.character("N")], .previousComment, "Jump to the previous comment", group: "Moving"),
    Binding([.character("m")], .nextMarker, "Jump to the next facilitator marker", group: "Moving"),
    Binding([.character("M")], .previousMarker, "Jump to the previous marker", group: "Moving"),
    Binding([.home], .start, "Start of the session", group: "Moving"),
    Binding([.end], .end, "End of the session", group: "Moving"),
    Binding([.character("g")], .goToTime, "Go to a session time: g 01:12:30 Enter (also 12:30, or 45 for minutes)", group: "Finding"),
    Binding([.character("/")], .search, "Search comments, #tags, speakers (P3) and markers; / Enter again: next match", group: "Finding"),
    Binding([.character("o")], .openImage, "Open the screenshot on screen in the system viewer ($PARLEY_VIEWER or xdg-open)", group: "Screen"),
    Binding([.character("c")], .copyRecordingTime, "Copy the recording's time here (OSC 52), to paste into a media player's seek box", group: "Screen"),
    Binding([.function(1), .character("?")], .help, "This help", group: "Screen"),
    Binding([.escape], .cancel, "Close help or input, clear the highlight", group: "Screen"),
    Binding([.control("l")], .redraw, "Redraw the screen", group: "Screen"),
    Binding([.character("q"), .control("q")], .quit, "Quit (replay never changes the log or the store)", group: "Screen"),
    // Replay writes nothing, so Ctrl-C loses nothing (the capture screen keeps it from quitting).
    Binding([.control("c")], .quit, "Quit too", group: "Screen"),
])

/// The hint line: all of it on a wide terminal, the essentials on a narrow one.
let replayHints: [Hint<ReplayAction>] = [
    .keys(.playPause, "play"), .keys([.faster, .slower], "speed"), .keys([.back, .forward], "10s"), .keys([.previousPrompt, .nextPrompt], "prompt"),
    .keys(.nextComment, "comment"), .keys(.goToTime, "time"), .keys(.search, "find"), .keys(.help, key: 1, "help"), .keys(.quit, "quit"),
]
let narrowReplayHints: [Hint<ReplayAction>] = [
    .keys(.playPause, "play"), .keys([.faster, .slower], "speed"), .keys([.back, .forward], joiner: "", "10s"), .keys(.nextPrompt, "prompt"),
    .keys(.nextComment, "comment"), .keys(.goToTime, "time"), .keys(.search, "find"), .keys(.help, key: 1, "help"),
]

/// The help page's keys; q, Ctrl-Q and Ctrl-C quit from it as from the player.
let replayHelpKeymap = HelpPane.keymap(quit: [.control("q"), .character("q"), .control("c")])

/// What a key does while a time (after g) or a search (after /) is typed; other characters are typed.
enum InputAction: Sendable, Equatable { case submit, cancel, quit, edit(EditAction) }

let inputKeymap = Keymap<InputAction>([
    Binding([.enter], .submit, "Go to the time, or find the next match", group: "Input"),
    Binding([.escape], .cancel, "Cancel", group: "Input"),
    Binding([.control("q"), .control("c")], .quit, "Quit", group: "Input"),
] + lineEditingBindings.map { $0.map(InputAction.edit) })

let goToHints: [Hint<InputAction>] = [.keys(.submit, "go"), .keys(.cancel, "cancel")]
let searchHints: [Hint<InputAction>] = [.keys(.submit, "find the next match"), .keys(.cancel, "cancel")]

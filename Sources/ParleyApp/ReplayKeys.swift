import TerminalUI

/// Everything a key can ask the replay player to do.
public enum ReplayAction: Sendable, Equatable {
    case playPause, faster, slower
    case back, forward, previousPrompt, nextPrompt, start, end
    case nextComment, previousComment, nextMarker, previousMarker
    case goToTime, search, openImage
    case help, cancel, redraw, quit
}

/// The one table of replay bindings. Dispatch and the help screen both read it.
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
    Binding([.function(1), .character("?")], .help, "This help", group: "Screen"),
    Binding([.escape], .cancel, "Close help or input, clear the highlight", group: "Screen"),
    Binding([.control("l")], .redraw, "Redraw the screen", group: "Screen"),
    Binding([.character("q"), .control("q")], .quit, "Quit (replay never changes the log or the store)", group: "Screen"),
])

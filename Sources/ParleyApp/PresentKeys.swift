import TerminalUI

/// Everything a key can ask the audience view to do.
public enum PresentAction: Sendable, Equatable { case openImage, quit }

/// The one table of audience-view bindings: dispatch and `parley present --help` read it.
public let presentKeymap = Keymap<PresentAction>([
    Binding([.character("o"), .control("o")], .openImage, "Open the screenshot on screen in $PARLEY_VIEWER or xdg-open", group: "Keys"),
    // Ctrl-C too: the audience view writes nothing, so nothing is lost (the capture screen keeps Ctrl-C from quitting).
    Binding([.character("q"), .control("q"), .control("c")], .quit, "Quit", group: "Keys"),
])

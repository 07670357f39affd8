import DisplayWidth
import TerminalGraphics

/// A key press, as the terminal layer decodes it.
public enum Key: Hashable, Sendable {
    case character(Character)
    /// Ctrl plus a letter, lowercased: `.control("q")` is Ctrl-Q.
    case control(Character)
    /// Alt (Meta) plus a character: sent by terminals as ESC then the character.
    case alt(Character)
    case function(Int)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown, insert
    /// The terminal changed size.
    case resize
    /// SIGTERM or SIGHUP arrived: finish cleanly.
    case terminate

    /// How the help screen names this key.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "Ctrl-\(c.uppercased())"
        case .alt(let c): "Alt-\(c)"
        case .function(let n): "F\(n)"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .escape: "Esc"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .insert: "Insert"
        case .resize: "(resize)"
        case .terminate: "(signal)"
        }
    }
}

/// One row of the key table: the keys, what they do, and the words the help screen shows.
public struct Binding<Action: Sendable>: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    /// Heading under which the help screen lists it.
    public var group: String
    /// A binding that only applies when the composer is empty (printable keys are text otherwise).
    public var whenComposerEmpty: Bool

    public init(_ keys: [Key], _ action: Action, _ help: String, group: String, whenComposerEmpty: Bool = false) {
        self.keys = keys; self.action = action; self.help = help; self.group = group; self.whenComposerEmpty = whenComposerEmpty
    }

    /// The same row for a screen whose actions wrap these (line editing inside the capture screen's actions).
    public func map<Other: Sendable>(_ transform: (Action) -> Other) -> Binding<Other> {
        Binding<Other>(keys, transform(action), help, group: group, whenComposerEmpty: whenComposerEmpty)
    }
}

/// The single table of key bindings: it dispatches keys and draws the help screen, so the two never disagree.
public struct Keymap<Action: Sendable>: Sendable {
    public let bindings: [Binding<Action>]

    public init(_ bindings: [Binding<Action>]) { self.bindings = bindings }

    public func action(for key: Key, composerEmpty: Bool = true) -> Action? {
        bindings.first { $0.keys.contains(key) && (composerEmpty || !$0.whenComposerEmpty) }?.action
    }

    /// Help lines grouped by heading: "  PgDn, Ctrl-N   Next prompt".
    public func helpLines() -> [String] {
        var lines: [String] = []
        var groups: [String] = []
        for binding in bindings where !groups.contains(binding.group) { groups.append(binding.group) }
        let keyColumn = bindings.map { keyLabel($0).displayWidth }.max() ?? 0
        for group in groups {
            if !lines.isEmpty { lines.append("") }
            lines.append(group)
            for binding in bindings where binding.group == group {
                let keys = keyLabel(binding)
                lines.append("  " + keys + String(repeating: " ", count: keyColumn - keys.displayWidth + 3) + binding.help)
            }
        }
        return lines
    }

    func keyLabel(_ binding: Binding<Action>) -> String {
        binding.keys.map(\.label).joined(separator: ", ") + (binding.whenComposerEmpty ? " (empty line)" : "")
    }
}

/// A terminal to draw on and read keys from: ncurses in the app, a fake in tests.
public protocol Terminal: AnyObject {
    var size: Size { get }
    func draw(_ screen: Screen)
    /// The next key, or nil when `timeoutMilliseconds` passed without one.
    func readKey(timeoutMilliseconds: Int) -> Key?
    /// How pictures can be shown: the colours that may be used (none under NO_COLOR or on a
    /// monochrome terminal) and the inline-image protocol the terminal speaks, if any.
    var imageSupport: ImageSupport { get }
    /// Puts `text` on the clipboard, if the terminal lets programs do that.
    func copyToClipboard(_ text: String)
}

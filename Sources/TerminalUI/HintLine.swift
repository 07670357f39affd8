/// One item of a hint line: the keys bound to one or more actions, named as the keymap binds
/// them, then what they do; or plain words ("any other key closes the help").
public struct Hint<Action: Sendable & Equatable>: Sendable {
    let actions: [Action]
    /// Which of each binding's keys to name (0: the first).
    let keyIndex: Int
    /// Between the keys of several actions: "Up/Down".
    let joiner: String
    let words: String

    /// `key`: which of the binding's keys to name.
    public static func keys(_ action: Action, key keyIndex: Int = 0, _ words: String) -> Hint {
        Hint(actions: [action], keyIndex: keyIndex, joiner: "", words: words)
    }

    /// Several actions' first keys, joined: "PgUp/PgDn prompt".
    public static func keys(_ actions: [Action], joiner: String = "/", _ words: String) -> Hint {
        Hint(actions: actions, keyIndex: 0, joiner: joiner, words: words)
    }

    public static func text(_ words: String) -> Hint { Hint(actions: [], keyIndex: 0, joiner: "", words: words) }
}

extension Keymap where Action: Equatable {
    /// A hint line such as "Enter save · PgDn next · ^G jump": the key names come from this table,
    /// so a hint never names a key that does something else. `short` names keys as ^G and ←.
    public func hintLine(_ hints: [Hint<Action>], short: Bool = false, separator: String = " · ") -> String {
        hints.map { hint in
            let keys = hint.actions.map { action -> String in
                guard let binding = bindings.first(where: { $0.action == action }), binding.keys.indices.contains(hint.keyIndex) else {
                    preconditionFailure("a hint names \(action), which has no key \(hint.keyIndex) in the keymap")
                }
                let key = binding.keys[hint.keyIndex]
                return short ? key.shortLabel : key.label
            }
            return keys.isEmpty ? hint.words : keys.joined(separator: hint.joiner) + " " + hint.words
        }.joined(separator: separator)
    }
}

extension Key {
    /// How a hint line names this key where room is short: ^G, ←.
    public var shortLabel: String {
        switch self {
        case .control(let c): "^\(c.uppercased())"
        case .left: "←"
        case .right: "→"
        case .up: "↑"
        case .down: "↓"
        default: label
        }
    }
}

/// The dim row at the foot of a screen that says which keys do what now.
public enum HintLine {
    public static let style = Style(dim: true)

    public static func draw(_ hint: String, into screen: inout Screen, rect: Rect) {
        screen.put(" " + TextLayout.truncate(hint, width: rect.width - 1), x: rect.x, y: rect.y, style: style)
    }
}

/// What a key can do to a line being typed (the composer, a search): the same keys wherever a line is edited.
public enum EditAction: Sendable, Equatable {
    case cursorLeft, cursorRight, cursorHome, cursorEnd, backspace, deleteForward, deleteWord, clearLine
}

/// The line-editing rows of a screen's keymap (and so of its help).
public let lineEditingBindings: [Binding<EditAction>] = [
    Binding([.left], .cursorLeft, "Move the cursor left", group: "Editing the line"),
    Binding([.right], .cursorRight, "Move the cursor right", group: "Editing the line"),
    Binding([.home, .control("a")], .cursorHome, "Start of the line", group: "Editing the line"),
    Binding([.end], .cursorEnd, "End of the line", group: "Editing the line"),
    Binding([.backspace], .backspace, "Delete the character before the cursor", group: "Editing the line"),
    Binding([.delete], .deleteForward, "Delete the character under the cursor", group: "Editing the line"),
    Binding([.control("w")], .deleteWord, "Delete the word before the cursor", group: "Editing the line"),
    Binding([.control("u")], .clearLine, "Clear the line", group: "Editing the line"),
]

extension LineEditor {
    public mutating func apply(_ action: EditAction) {
        switch action {
        case .cursorLeft: moveLeft()
        case .cursorRight: moveRight()
        case .cursorHome: moveHome()
        case .cursorEnd: moveEnd()
        case .backspace: backspace()
        case .deleteForward: deleteForward()
        case .deleteWord: deleteWordBackward()
        case .clearLine: clear()
        }
    }
}

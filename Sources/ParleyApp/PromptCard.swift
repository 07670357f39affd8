import ParleyCore
import TerminalUI

/// A line of styled text, the unit views stack into panes.
public struct StyledLine: Equatable, Sendable {
    public var text: String
    public var style: Style
    public var indent: Int
    public init(_ text: String, _ style: Style = .plain, indent: Int = 0) { self.text = text; self.style = style; self.indent = indent }
}

/// What a prompt shows: persona card, screenshot description, questions. Shared by the
/// capture screen (with facilitator notes) and the audience view (without).
public enum PromptCard {
    public static func lines(for prompt: Prompt, in workshop: Workshop?, includeNotes: Bool) -> [StyledLine] {
        var lines: [StyledLine] = []
        if !prompt.questions.isEmpty {
            for question in prompt.questions { lines.append(StyledLine("• " + question, .bold, indent: 2)) }
        }
        switch prompt.kind {
        case .persona:
            if let persona = workshop?.persona(prompt.persona) {
                lines += personaLines(persona)
            } else {
                lines.append(StyledLine("(persona \"\(prompt.persona ?? "?")\" is not in this session's content)", .dim))
            }
        case .screenshot:
            lines.append(StyledLine("Screenshot: " + (prompt.image ?? "?"), .dim))
            if let alt = prompt.alt { lines.append(StyledLine(unfold(alt), .plain, indent: 2)) }
        case .section, .question:
            break
        }
        if includeNotes, let notes = prompt.notes, !notes.isEmpty {
            lines.append(StyledLine("Notes (facilitator only): " + unfold(notes), Style(foreground: .cyan, dim: true)))
        }
        return lines
    }

    /// YAML block text keeps its line breaks; a single break is only layout, a blank line is a paragraph.
    public static func unfold(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { $0.split(separator: "\n").joined(separator: " ") }.joined(separator: "\n")
    }

    static func personaLines(_ persona: Persona) -> [StyledLine] {
        var lines = [StyledLine("\(persona.name), \(persona.age) — \(persona.summary)", .bold)]
        let fields: [(String, [String])] = [
            ("Conditions", persona.conditions), ("Languages", persona.languages), ("Support", [persona.support]),
            ("Devices", persona.devices), ("Apps", persona.apps), ("Goals", persona.goals), ("Worries", persona.worries),
        ]
        for (label, values) in fields where !values.isEmpty && !(values.count == 1 && values[0].isEmpty) {
            lines.append(StyledLine("\(label): " + values.joined(separator: "; "), .plain, indent: 2))
        }
        if !persona.quote.isEmpty { lines.append(StyledLine("“\(persona.quote)”", Style(foreground: .yellow), indent: 2)) }
        return lines
    }

    /// Word-wraps styled lines to `width`, keeping each line's indent on its continuation rows.
    public static func wrap(_ lines: [StyledLine], width: Int) -> [StyledLine] {
        lines.flatMap { line -> [StyledLine] in
            let hanging = line.indent
            return TextLayout.wrap(line.text, width: max(1, width - hanging)).enumerated().map { index, part in
                StyledLine(part, line.style, indent: index == 0 ? 0 : hanging)
            }
        }
    }
}

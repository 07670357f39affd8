import ParleyCore
import TerminalUI

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
        var lines = [StyledLine(persona.cardHeadline, .bold)]
        for field in persona.cardFields { lines.append(StyledLine("\(field.label): \(field.text)", .plain, indent: 2)) }
        if let quote = persona.cardQuote { lines.append(StyledLine(quote, Style(foreground: .yellow), indent: 2)) }
        return lines
    }

    /// The prompt pane: "[kind] title  (n min)", then the card; `imageProblem` says why a
    /// screenshot is not drawn, before its description.
    static func pane(_ prompt: Prompt, in workshop: Workshop?, includeNotes: Bool, imageProblem: String?, width: Int) -> [StyledLine] {
        let title = StyledLine("[\(prompt.kind.rawValue)] \(prompt.title)" + (prompt.minutes.map { "  (\($0) min)" } ?? ""), .bold)
        var body = lines(for: prompt, in: workshop, includeNotes: includeNotes)
        if let imageProblem { body.insert(StyledLine("Image not shown (\(imageProblem)); its description:", Style(foreground: .yellow)), at: 0) }
        return StyledLine.wrap([title] + body, width: width)
    }
}

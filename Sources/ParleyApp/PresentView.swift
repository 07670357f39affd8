import ParleyCore
import TerminalUI

/// Draws the audience view: the prompt full-screen — the persona card or the screenshot, title
/// and questions. Pure: the same model gives the same cells.
public enum PresentView {
    public static func draw(_ model: PresentModel, into screen: inout Screen) {
        guard screen.width >= 20, screen.height >= 6 else {
            screen.put("Enlarge", x: 0, y: 0, style: .bold)
            return
        }
        guard let workshop = model.state.workshop, let prompt = model.state.currentPrompt else {
            centred(["Waiting for the session to start…", "following \(model.logPath)"], into: &screen, rect: screen.bounds)
            return
        }
        let (header, rest) = screen.bounds.splitTop(2)
        // After `o`, the last row says what happened; nothing is drawn under it.
        let notice = model.notice ?? model.roomNotice
        let (body, noticeRow) = rest.splitBottom(notice == nil ? 0 : 1)
        if let notice { screen.put(TextLayout.truncate(" " + notice, width: noticeRow.width - 1), x: 0, y: noticeRow.y, style: .dim) }
        screen.put(TextLayout.truncate(" " + prompt.title, width: header.width - 1), x: 0, y: 0, style: Style(bold: true, underline: true))
        var top = " \(workshop.deck.title)"
        if let round = model.state.round { top += " · Round \(round)" }
        screen.put(TextLayout.truncate(top, width: header.width - 1), x: 0, y: 1, style: .dim)
        let questions = prompt.questions.map { StyledLine("• " + $0, .bold, indent: 2) }
        switch prompt.kind {
        case .screenshot:
            drawScreenshot(model, prompt: prompt, questions: questions, into: &screen, rect: body)
        case .persona:
            if let persona = workshop.persona(prompt.persona) {
                drawPersonaCard(persona, questions: questions, into: &screen, rect: body)
            }
        case .section, .question:
            let wrapped = StyledLine.wrap(questions, width: min(body.width - 4, 100))
            let height = min(wrapped.count, body.height)
            StyledLine.draw(wrapped, into: &screen, rect: Rect(x: max(2, (body.width - min(body.width - 4, 100)) / 2), y: body.y + max(0, (body.height - height) / 2), width: min(body.width - 4, 100), height: height))
        }
    }

    static func drawScreenshot(_ model: PresentModel, prompt: Prompt, questions: [StyledLine], into screen: inout Screen, rect: Rect) {
        // The image takes the height; questions sit to its right when there is room, else below.
        let side = rect.width >= 70
        let imageRect = side ? Rect(x: rect.x, y: rect.y, width: rect.width * 3 / 5, height: rect.height)
                             : Rect(x: rect.x, y: rect.y, width: rect.width, height: max(0, rect.height - min(questions.count + 1, rect.height / 3)))
        switch ScreenshotPane.draw(prompt, from: model.screenshots, into: &screen, rect: imageRect, support: model.imageSupport) {
        case .success(let used):
            let textRect = side ? Rect(x: used.maxX + 3, y: rect.y + 1, width: rect.maxX - used.maxX - 4, height: rect.height - 1)
                                : Rect(x: rect.x + 2, y: used.maxY + 1, width: rect.width - 4, height: rect.maxY - used.maxY - 1)
            StyledLine.draw(StyledLine.wrap(questions, width: textRect.width), into: &screen, rect: textRect)
        case .failure(let error):
            let lines = [StyledLine("(Image not shown: \(error.description))", .dim), StyledLine(PromptCard.unfold(prompt.alt ?? ""))] + [StyledLine("")] + questions
            let textRect = rect.inset(2, 1)
            StyledLine.draw(StyledLine.wrap(lines, width: textRect.width), into: &screen, rect: textRect)
        }
    }

    /// A persona laid out like a printed card: a box, the name large, then the sections.
    static func drawPersonaCard(_ persona: Persona, questions: [StyledLine], into screen: inout Screen, rect: Rect) {
        let width = min(rect.width - 2, 110)
        let card = StyledLine.wrap([StyledLine("\(persona.name), \(persona.age)", .bold), StyledLine(persona.summary), StyledLine("")]
                                   + PromptCard.personaLines(persona).dropFirst(), width: width - 4)
        let asked = questions.isEmpty ? [] : [StyledLine("")] + StyledLine.wrap(questions, width: width - 4)
        let height = min(card.count + asked.count + 2, rect.height)
        let box = Rect(x: rect.x + (rect.width - width) / 2, y: rect.y + max(0, (rect.height - height) / 2), width: width, height: height)
        drawBox(box, into: &screen)
        // The questions are what the room answers: on a small screen the card gives way, not them.
        let (top, bottom) = box.inset(2, 1).splitBottom(min(asked.count, box.inset(2, 1).height))
        StyledLine.draw(card, into: &screen, rect: top)
        StyledLine.draw(asked, into: &screen, rect: bottom)
    }

    static func drawBox(_ box: Rect, into screen: inout Screen) {
        guard box.width >= 2, box.height >= 2 else { return }
        screen.put("╭" + String(repeating: "─", count: box.width - 2) + "╮", x: box.x, y: box.y)
        for y in (box.y + 1)..<(box.maxY - 1) {
            screen.put("│", x: box.x, y: y)
            screen.put("│", x: box.maxX - 1, y: y)
        }
        screen.put("╰" + String(repeating: "─", count: box.width - 2) + "╯", x: box.x, y: box.maxY - 1)
    }

    static func centred(_ lines: [String], into screen: inout Screen, rect: Rect) {
        for (index, line) in lines.enumerated() {
            let text = TextLayout.truncate(line, width: rect.width)
            screen.put(text, x: rect.x + (rect.width - text.displayWidth) / 2, y: rect.y + rect.height / 2 - 1 + index, style: index == 0 ? .bold : .dim)
        }
    }
}

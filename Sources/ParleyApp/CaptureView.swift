import ParleyCore
import TerminalGraphics
import TerminalUI

/// Draws the capture screen. Pure: the same model and time give the same cells.
public enum CaptureView {
    public static let minimumSize = Size(width: 80, height: 24)

    /// Not bold: xterm and others draw bold basic colours bright, and bright black on cyan is grey on cyan.
    public static let headerStyle = Style(foreground: .black, background: .cyan)
    static let selectedStyle = Style(reverse: true)
    static let tagStyle = Style(foreground: .cyan)
    static let emergentStyle = Style(foreground: .yellow)
    static let errorStyle = Style(foreground: .white, background: .red, bold: true)
    static let hintStyle = Style(dim: true)

    public static func draw(_ model: CaptureModel, into screen: inout Screen, nowMono: Int) {
        screen.cursor = nil
        if screen.width < minimumSize.width || screen.height < minimumSize.height {
            drawTooSmall(into: &screen, what: "Parley", model: model)
            return
        }
        let (header, rest) = screen.bounds.splitTop(1)
        drawHeader(model, into: &screen, rect: header, nowMono: nowMono)
        // The composer grows with the draft, up to a quarter of the screen, then scrolls.
        let composerRows = min(max(1, model.composer.rows(width: screen.width - composerLabel(model).displayWidth).count), screen.height / 4)
        let (body, footer) = rest.splitBottom(1 + composerRows)
        switch model.mode {
        case .help(let scroll):
            drawHelp(model, into: &screen, rect: body, scroll: scroll)
        case .jump(let index):
            drawJumpList(model, into: &screen, rect: body, selected: index)
        case .harvest(let scroll):
            drawHarvest(model, into: &screen, rect: body, scroll: scroll)
        default:
            drawPromptAndComments(model, into: &screen, rect: body)
        }
        drawFooter(model, into: &screen, rect: footer)
    }

    public static func drawTooSmall(into screen: inout Screen, what: String, model: CaptureModel?) {
        let message = [
            "\(what) needs a terminal of at least \(minimumSize.width)×\(minimumSize.height).",
            "This one is \(screen.width)×\(screen.height): please enlarge it.",
            model.map { "Nothing is lost: \($0.savedCount) saved this run, all in the log." } ?? "",
        ]
        var y = max(0, screen.height / 2 - 1)
        for line in message where !line.isEmpty {
            for part in TextLayout.wrap(line, width: max(1, screen.width)) where y < screen.height {
                screen.put(part, x: max(0, (screen.width - part.displayWidth) / 2), y: y, style: .bold)
                y += 1
            }
        }
    }

    static func drawHeader(_ model: CaptureModel, into screen: inout Screen, rect: Rect, nowMono: Int) {
        screen.fill(rect, style: headerStyle)
        let state = model.state
        let title = state.workshop?.deck.title ?? "Parley"
        var right = ""
        if let round = state.round { right += "Round \(round) " }
        if let table = state.table { right += "Table \(table) " }
        right += "⏱ \(ElapsedTime.format(milliseconds: nowMono))"
        if let prompt = model.currentPrompt {
            let promptElapsed = ElapsedTime.format(milliseconds: nowMono - model.promptShownAtMono)
            right += "  ▸ \(promptElapsed)" + (prompt.minutes.map { "/" + ElapsedTime.format(milliseconds: $0 * 60_000) } ?? "")
        }
        right += model.lastSaveFailed ? "  ✖ NOT SAVED " : "  ✔ \(state.liveCommentCount) saved "
        let position = "\(state.promptIndex + 1)/\(max(1, state.prompts.count))"
        let left = " \(title) · \(position) "
        let rightWidth = right.displayWidth
        screen.put(TextLayout.truncate(left, width: rect.width - rightWidth - 1), x: rect.x, y: rect.y, style: headerStyle)
        var rightStyle = headerStyle
        if model.lastSaveFailed { rightStyle = errorStyle }
        else if let minutes = model.currentPrompt?.minutes, nowMono - model.promptShownAtMono > minutes * 60_000 {
            rightStyle = Style(foreground: .white, background: .magenta, bold: true) // over the time box
        }
        screen.put(right, x: rect.maxX - rightWidth, y: rect.y, style: rightStyle)
    }

    static func drawPromptAndComments(_ model: CaptureModel, into screen: inout Screen, rect body: Rect) {
        guard let prompt = model.currentPrompt else {
            screen.put("This deck has no prompts.", x: body.x + 1, y: body.y, style: .dim)
            return
        }
        let isScreenshot = prompt.kind == .screenshot
        var notShown: String?
        if isScreenshot, case .failure(let error) = model.screenshots.image(for: prompt) { notShown = error.description }
        // A screenshot gets a quarter of the width on the left, and rows enough to be recognisable.
        let imageWidth = isScreenshot && notShown == nil ? body.width / 4 : 0
        var textRect = Rect(x: body.x + 1 + imageWidth, y: body.y, width: body.width - 2 - imageWidth, height: body.height)
        var lines = promptLines(prompt, model: model, imageProblem: notShown, width: textRect.width)
        // The prompt takes what it needs, leaving the comments at least a third of the body.
        let commentRows = min(model.visibleCommentIndices.count + 1, body.height / 3)
        let wanted = isScreenshot && notShown == nil ? max(lines.count + 1, body.height / 2) : lines.count + 1
        let promptHeight = max(3, min(wanted, body.height - max(5, commentRows)))
        let (promptRect, commentsRect) = body.splitTop(promptHeight)
        if isScreenshot, notShown == nil {
            let imageRect = Rect(x: promptRect.x + 1, y: promptRect.y, width: imageWidth - 1, height: promptRect.height - 1)
            if case .failure(let error) = ScreenshotPane.draw(prompt, library: model.screenshots, into: &screen, rect: imageRect, support: model.imageSupport) {
                lines = promptLines(prompt, model: model, imageProblem: error.description, width: textRect.width)
            }
        }
        textRect.height = promptRect.height
        draw(lines, into: &screen, rect: textRect)
        drawComments(model, into: &screen, rect: commentsRect)
    }

    /// The prompt pane's wrapped lines. A prompt never changes during a session, so they are laid out
    /// once per prompt and width, not on every key press (a persona card is a few thousand characters).
    static func promptLines(_ prompt: Prompt, model: CaptureModel, imageProblem: String?, width: Int) -> [StyledLine] {
        let key = "\(prompt.id)\u{0}\(width)\u{0}\(imageProblem ?? "")"
        if let cached = model.layoutCache.promptLines[key] { return cached }
        let lines = layOutPromptLines(prompt, model: model, imageProblem: imageProblem, width: width)
        model.layoutCache.promptLines[key] = lines
        return lines
    }

    static func layOutPromptLines(_ prompt: Prompt, model: CaptureModel, imageProblem: String?, width: Int) -> [StyledLine] {
        let titleLine = StyledLine("[\(prompt.kind.rawValue)] \(prompt.title)" + (prompt.minutes.map { "  (\($0) min)" } ?? ""), .bold)
        var body = PromptCard.lines(for: prompt, in: model.state.workshop, includeNotes: true)
        if let imageProblem { body.insert(StyledLine("Image not shown (\(imageProblem)); its description:", Style(foreground: .yellow)), at: 0) }
        return PromptCard.wrap([titleLine] + body, width: width)
    }

    static func drawHarvest(_ model: CaptureModel, into screen: inout Screen, rect: Rect, scroll: Int) {
        var lines = [StyledLine("Harvest: codes per table across rounds (any key closes)", .bold), StyledLine("")]
        let harvest = Harvest(state: model.state)
        if harvest.tables.isEmpty {
            lines.append(StyledLine("No tagged comments with a table yet. Set the table with a line such as \"T2:\".", .dim))
        }
        for table in harvest.tables {
            lines.append(StyledLine(table.name, .bold))
            for code in table.codes {
                let rounds = code.perRound.map { "R\($0.round): \($0.count)" }.joined(separator: "  ")
                lines.append(StyledLine("  #\(code.tag)".padding(toWidth: 28) + "\(code.total)".padding(toWidth: 5) + rounds))
            }
        }
        draw(Array(lines.dropFirst(min(scroll, max(0, lines.count - rect.height)))), into: &screen, rect: rect.inset(1, 0))
    }

    /// Draws lines top-down; when they do not fit, the last row says how many are hidden.
    static func draw(_ lines: [StyledLine], into screen: inout Screen, rect: Rect) {
        for (row, line) in lines.prefix(rect.height).enumerated() {
            if row == rect.height - 1, lines.count > rect.height {
                screen.put("… \(lines.count - rect.height + 1) more lines", x: rect.x, y: rect.y + row, style: .dim)
                break
            }
            screen.put(line.text, x: rect.x + line.indent, y: rect.y + row, style: line.style, maxX: rect.maxX)
        }
    }

    static func drawComments(_ model: CaptureModel, into screen: inout Screen, rect: Rect) {
        // Positions into the prompt's live comments; `comment(at:)` reads one without copying the list.
        let indices = model.visibleCommentIndices
        func comment(at position: Int) -> Comment { model.state.comments[indices[position]] }
        let (rule, list) = rect.splitTop(1)
        let ruleTitle = "─ Comments on this prompt (\(indices.count)) "
        screen.put(ruleTitle + String(repeating: "─", count: max(0, rule.width - ruleTitle.displayWidth)), x: rule.x, y: rule.y, style: .dim)
        guard !list.isEmpty else { return }
        if indices.isEmpty {
            screen.put(" Type what people say, e.g.  P3: I'd never know which app to open #fragmentation", x: list.x, y: list.y, style: hintStyle, maxX: list.maxX)
            return
        }
        let selectedIndex = model.selectedCommentID.flatMap { id in indices.indices.last { comment(at: $0).id == id } }
        let anchor = selectedIndex ?? indices.count - 1
        // Lay out from the newest backwards, only as far as the pane and the selection need.
        var rows: [(String, Style)] = []
        var anchorStart = 0
        var index = indices.count - 1
        while index >= 0, rows.count < list.height || index >= anchor {
            let block = commentRows(comment(at: index), codebook: model.codebook, width: list.width, selected: index == selectedIndex)
            rows.insert(contentsOf: block, at: 0)
            if index == anchor { anchorStart = 0 } else if index < anchor { anchorStart += block.count }
            index -= 1
        }
        // Newest rows at the bottom, unless that would push the selected comment off the top.
        let window = rows.count - anchorStart <= list.height ? Array(rows.suffix(list.height)) : Array(rows[anchorStart..<(anchorStart + list.height)])
        for (row, item) in window.enumerated() {
            screen.put(item.0, x: list.x, y: list.y + row, style: item.1, maxX: list.maxX)
        }
    }

    /// One comment as rows of text: "12:34 P3  text #tag #new*", wrapped with a hanging indent.
    static func commentRows(_ comment: Comment, codebook: Codebook?, width: Int, selected: Bool) -> [(String, Style)] {
        let time = ElapsedTime.format(milliseconds: comment.mono)
        let who = comment.participant ?? "—"
        // A gutter mark, so the selection shows without colour or reverse video too.
        let prefix = (selected ? "▶" : " ") + "\(time) \(who.padding(toWidth: 4)) "
        let tags = comment.tags.map { tag in "#" + tag + (codebook?.code(tag: tag) == nil ? "*" : "") }
        var text = comment.text
        if !tags.isEmpty { text += "  " + tags.joined(separator: " ") }
        if comment.edited { text += "  (edited)" }
        let wrapped = TextLayout.wrap(text, width: max(10, width - prefix.displayWidth))
        let style: Style = selected ? selectedStyle : .plain
        return wrapped.enumerated().map { row, part in
            ((row == 0 ? prefix : String(repeating: " ", count: prefix.displayWidth)) + part, style)
        }
    }

    static func drawFooter(_ model: CaptureModel, into screen: inout Screen, rect: Rect) {
        let (status, composerRow) = rect.splitTop(1)
        if model.mode == .confirmQuit {
            screen.fill(status, style: errorStyle)
            screen.put(" The line is not saved. Quit anyway? y = quit, any other key = stay", x: status.x, y: status.y, style: errorStyle)
        } else if let banner = model.banner {
            let style = model.lastSaveFailed ? errorStyle : Style(bold: true)
            if model.lastSaveFailed { screen.fill(status, style: style) }
            screen.put(" " + TextLayout.truncate(banner, width: status.width - 1), x: status.x, y: status.y, style: style)
        } else {
            screen.put(" " + TextLayout.truncate(hint(for: model), width: status.width - 1), x: status.x, y: status.y, style: hintStyle)
        }
        let x = screen.put(composerLabel(model), x: composerRow.x, y: composerRow.y, style: .bold)
        model.composer.draw(into: &screen, rect: Rect(x: x, y: composerRow.y, width: composerRow.maxX - x, height: composerRow.height))
    }

    /// What stands before the draft: the speaker it will be saved under, or that a comment is being edited.
    static func composerLabel(_ model: CaptureModel) -> String {
        model.editingCommentID != nil ? "edit › " : (model.currentSpeaker ?? "—") + " › "
    }

    static func hint(for model: CaptureModel) -> String {
        switch model.mode {
        case .help: return "Up/Down scroll · any other key closes the help"
        case .jump: return "Up/Down choose · Enter go to the prompt · Esc back"
        case .harvest: return "Any key closes the harvest"
        default: break
        }
        let word = model.composer.wordBeforeCursor
        if word.hasPrefix("#"), let codebook = model.codebook {
            let prefix = String(word.dropFirst()).lowercased()
            let candidates = model.tagCandidates(prefix: prefix, in: codebook)
            if candidates.isEmpty { return "#\(prefix): not in the codebook; it will be kept as a new (emergent) code *" }
            return "Tab: " + candidates.prefix(8).map { "#" + $0 }.joined(separator: " ")
        }
        if model.selectedCommentID != nil {
            return "Ctrl-E edit · Ctrl-D delete · Alt-key tag · Up/Down move · Esc done"
        }
        return "Enter save · PgDn next · ^G jump · Alt-key tag · ^Z undo · F1 help · ^Q quit"
    }

    static func drawHelp(_ model: CaptureModel, into screen: inout Screen, rect: Rect, scroll: Int) {
        var lines = ["Keys (F1 or ? on an empty line)", ""] + captureKeymap.helpLines()
        if let codebook = model.codebook {
            lines += ["", "Codebook hotkeys (toggle a tag on the line, the selected comment or the newest one)"]
            for code in codebook.codes {
                if let key = code.key { lines.append("  Alt-\(key)    #\(code.tag)  \(code.label)") }
            }
            lines += ["", "Typing: \"P3: text #tag\" — P3 is the speaker (kept for the next lines; \"-:\" for nobody),",
                      "#tag tags from the codebook (Tab completes; unknown tags are kept as new codes, shown with *), ## is a literal #."]
        }
        lines += ["", "Session \(model.recorder.sessionID)  writer \(model.recorder.writer)",
                  "Log \(model.recorder.path)",
                  "A note-taker joins this session with:  parley run DECK --session \(model.recorder.sessionID) --writer NAME"]
        let wrapped = lines.flatMap { TextLayout.wrap($0, width: rect.width - 2) }
        let start = min(scroll, max(0, wrapped.count - rect.height))
        for (row, line) in wrapped.dropFirst(start).prefix(rect.height).enumerated() {
            screen.put(line, x: rect.x + 1, y: rect.y + row, style: row == 0 && start == 0 ? .bold : .plain)
        }
    }

    static func drawJumpList(_ model: CaptureModel, into screen: inout Screen, rect: Rect, selected: Int) {
        let prompts = model.state.prompts
        screen.put("Jump to prompt (Enter go, Esc back)", x: rect.x + 1, y: rect.y, style: .bold)
        let list = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        let start = max(0, min(selected - list.height / 2, prompts.count - list.height))
        for (row, index) in (start..<prompts.count).prefix(list.height).enumerated() {
            let prompt = prompts[index]
            let current = index == selected ? "›" : index == model.state.promptIndex ? "▶" : " "
            let count = model.state.liveCommentIndices(onPrompt: prompt.id).count
            let text = "\(current)\(String(index + 1).padding(toWidth: 3)) [\(prompt.kind.rawValue)] \(prompt.title)" + (count > 0 ? "  (\(count))" : "")
            screen.put(TextLayout.truncate(text, width: list.width - 2), x: list.x + 1, y: list.y + row, style: index == selected ? selectedStyle : .plain)
        }
    }
}

extension String {
    /// Pads with spaces to a display width (never cuts).
    func padding(toWidth width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - displayWidth))
    }
}

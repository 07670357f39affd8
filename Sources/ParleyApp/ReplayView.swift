import ParleyCore
import TerminalUI

/// Draws the replay player. Pure: the same model gives the same cells. The same look as the
/// capture screen (header bar, prompt card, comment rows) plus a timeline at the bottom.
public enum ReplayView {
    static let markerStyle = Style(foreground: .yellow, bold: true)
    static let playheadStyle = Style(bold: true, reverse: true)
    static let boundaryStyle = Style(foreground: .cyan)
    static let writerStyle = Style(dim: true)
    static let deletedStyle = Style(dim: true)
    /// How long after it happened an event is described on the status line (session time).
    static let activityWindow = 15_000
    static let densityLevels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func draw(_ model: ReplayModel, into screen: inout Screen) {
        screen.cursor = nil
        let minimum = CaptureView.minimumSize
        if screen.width < minimum.width || screen.height < minimum.height {
            CaptureView.drawTooSmall(into: &screen, what: "Parley replay", model: nil)
            return
        }
        let (header, rest) = screen.bounds.splitTop(1)
        drawHeader(model, into: &screen, rect: header)
        let (main, footer) = rest.splitBottom(2)
        let (body, timeline) = main.splitBottom(2)
        if case .help(let scroll) = model.mode {
            drawHelp(model, into: &screen, rect: body, scroll: scroll)
        } else {
            drawBody(model, into: &screen, rect: body)
        }
        drawTimeline(model, into: &screen, rect: timeline)
        drawFooter(model, into: &screen, rect: footer)
    }

    // MARK: Header

    static func drawHeader(_ model: ReplayModel, into screen: inout Screen, rect: Rect) {
        let style = CaptureView.headerStyle
        screen.fill(rect, style: style)
        let state = model.state
        let title = model.workshop?.deck.title ?? "Parley replay"
        let position = "\(model.currentPrompt == nil ? 0 : model.promptIndex + 1)/\(model.prompts.count)"
        var right = ""
        if let round = state.round { right += "Round \(round) · " }
        if let table = state.table { right += "Table \(table) · " }
        if state.ended { right += "session ended · " } else if state.paused { right += "session paused · " }
        if let change = model.promptChange, let prompt = model.currentPrompt {
            right += "▸ " + ElapsedTime.format(milliseconds: model.position - change.time)
                + (prompt.minutes.map { "/" + ElapsedTime.format(milliseconds: $0 * 60_000) } ?? "") + "  "
        }
        right += (model.playing ? "▶" : "⏸") + " \(model.speed)×  "
        right += ReplayClock.format(model.position) + " / " + ReplayClock.format(model.session.duration) + " "
        let left = " \(title) · \(position) "
        let rightWidth = right.displayWidth
        screen.put(TextLayout.truncate(left, width: max(0, rect.width - rightWidth - 1)), x: rect.x, y: rect.y, style: style)
        screen.put(right, x: max(rect.x, rect.maxX - rightWidth), y: rect.y, style: style, maxX: rect.maxX)
    }

    // MARK: Prompt and comments

    /// The prompt pane over the comments, as on the capture screen: a screenshot gets a quarter of
    /// the width on the left (or its description, saying why the image is not shown).
    static func drawBody(_ model: ReplayModel, into screen: inout Screen, rect: Rect) {
        let prompt = model.currentPrompt
        var imageProblem: String?
        if let prompt, prompt.kind == .screenshot, case .failure(let error) = model.screenshots.image(for: prompt) { imageProblem = error.description }
        let withImage = prompt?.kind == .screenshot && imageProblem == nil
        let imageWidth = withImage ? rect.width / 4 : 0
        var textRect = Rect(x: rect.x + 1 + imageWidth, y: rect.y, width: rect.width - 2 - imageWidth, height: rect.height)
        var lines = promptLines(model, imageProblem: imageProblem, width: textRect.width)
        let comments = model.commentsOnCurrentPrompt()
        // The prompt takes what it needs, the comments at least a third of the body.
        let commentRows = min(comments.count + 1, rect.height / 3)
        let wanted = withImage ? max(lines.count + 1, rect.height / 2) : lines.count + 1
        let promptHeight = max(3, min(wanted, rect.height - max(5, commentRows)))
        let (promptRect, commentsRect) = rect.splitTop(promptHeight)
        if withImage, let prompt {
            let imageRect = Rect(x: promptRect.x + 1, y: promptRect.y, width: imageWidth - 1, height: promptRect.height - 1)
            if case .failure(let error) = ScreenshotPane.draw(prompt, library: model.screenshots, into: &screen, rect: imageRect, support: model.imageSupport) {
                lines = promptLines(model, imageProblem: error.description, width: textRect.width)
            }
        }
        textRect.height = promptRect.height
        CaptureView.draw(lines, into: &screen, rect: textRect)
        drawComments(model, comments.comments, count: comments.count, into: &screen, rect: commentsRect)
    }

    /// The prompt as the room saw it: the card without the facilitator's notes.
    static func promptLines(_ model: ReplayModel, imageProblem: String? = nil, width: Int) -> [StyledLine] {
        guard let prompt = model.currentPrompt else {
            let text = model.state.workshop == nil ? "The session has not started yet at this time." : "This deck has no prompts."
            return [StyledLine(text, .dim)]
        }
        let title = StyledLine("[\(prompt.kind.rawValue)] \(prompt.title)" + (prompt.minutes.map { "  (\($0) min)" } ?? ""), .bold)
        var body = PromptCard.lines(for: prompt, in: model.workshop, includeNotes: false)
        if let imageProblem { body.insert(StyledLine("Image not shown (\(imageProblem)); its description:", Style(foreground: .yellow)), at: 0) }
        return PromptCard.wrap([title] + body, width: width)
    }

    /// Comments on the prompt so far, newest at the bottom, each with its writer in a right-hand
    /// column (who noted what reads like a chat log). Deleted ones stay, dimmed, marked "(deleted)".
    static func drawComments(_ model: ReplayModel, _ comments: ReplaySession.PromptComments, count: Int, into screen: inout Screen, rect: Rect) {
        let (rule, list) = rect.splitTop(1)
        let ruleTitle = "─ Comments on this prompt so far (\(count)) "
        screen.put(ruleTitle + String(repeating: "─", count: max(0, rule.width - ruleTitle.displayWidth)), x: rule.x, y: rule.y, style: .dim)
        guard !list.isEmpty else { return }
        if count == 0 {
            screen.put(" No comments on this prompt yet at this time.", x: list.x, y: list.y, style: CaptureView.hintStyle, maxX: list.maxX)
            return
        }
        let writerWidth = min(18, model.session.writers.map(\.displayWidth).max() ?? 0)
        let textWidth = list.width - writerWidth - 1
        let ids = comments.ids[..<count]
        let anchor = model.highlightedCommentID.flatMap { ids.lastIndex(of: $0) } ?? count - 1
        // Lay out from the newest backwards, only as far as the pane and the highlighted comment need.
        var rows: [(text: String, style: Style, writer: String?)] = []
        var anchorStart = 0
        var index = count - 1
        while index >= 0, rows.count < list.height || index >= anchor {
            if let comment = model.state.comment(ids[index]) {
                let block = rowsFor(comment, at: model.session.times[comments.eventIndices[index]], model: model, width: textWidth)
                rows.insert(contentsOf: block, at: 0)
                if index < anchor { anchorStart += block.count }
            }
            index -= 1
        }
        let window = rows.count - anchorStart <= list.height ? Array(rows.suffix(list.height)) : Array(rows[anchorStart..<(anchorStart + list.height)])
        for (row, item) in window.enumerated() {
            let y = list.y + row
            screen.put(item.text, x: list.x, y: y, style: item.style, maxX: list.x + textWidth)
            if let writer = item.writer {
                let label = TextLayout.truncate(writer, width: writerWidth)
                screen.put(label, x: list.maxX - label.displayWidth, y: y, style: writerStyle)
            }
        }
    }

    /// One comment as the capture screen draws it, at `time` on the session clock (not the writer's
    /// own clock: a note-taker's log starts when they join).
    static func rowsFor(_ comment: Comment, at time: Int, model: ReplayModel, width: Int) -> [(text: String, style: Style, writer: String?)] {
        var shown = comment
        shown.mono = time
        if comment.deleted { shown.text = "(deleted) " + comment.text }
        let selected = comment.id == model.highlightedCommentID
        let block = CaptureView.commentRows(shown, codebook: model.workshop?.codebook, width: width, selected: selected)
        return block.enumerated().map { row, item in
            (item.0, comment.deleted && !selected ? deletedStyle : item.1, row == 0 ? comment.writer : nil)
        }
    }

    // MARK: Timeline

    /// Two rows: comment density above, prompt boundaries (┼ and the prompt number), markers (◆)
    /// and the playhead (●) below. The part already played is drawn bright, the rest dim.
    static func drawTimeline(_ model: ReplayModel, into screen: inout Screen, rect: Rect) {
        guard rect.height >= 2, rect.width > 4 else { return }
        let x0 = rect.x + 1
        let width = rect.width - 2
        let session = model.session
        let density = model.density(columns: width)
        let peak = max(1, density.max() ?? 1)
        let head = column(of: model.position, duration: session.duration, width: width)
        var densityRow = ""
        for count in density { densityRow.append(densityLevels[count == 0 ? 0 : 1 + (count * 8 - 1) / peak]) }
        let played = String(densityRow.prefix(head + 1))
        screen.put(played, x: x0, y: rect.y)
        screen.put(String(densityRow.dropFirst(head + 1)), x: x0 + head + 1, y: rect.y, style: .dim)

        let barY = rect.y + 1
        var bar = [Character](repeating: "─", count: width)
        var styles = [Style](repeating: .dim, count: width)
        for i in 0...min(head, width - 1) { styles[i] = .plain }
        // Markers first, so prompt boundaries and their numbers stay readable where markers are dense.
        for index in session.markerIndices {
            let c = column(of: session.times[index], duration: session.duration, width: width)
            bar[c] = "◆"; styles[c] = markerStyle
        }
        for (number, change) in session.promptChanges.enumerated() {
            let c = column(of: change.time, duration: session.duration, width: width)
            bar[c] = "┼"; styles[c] = boundaryStyle
            // The deck position of the prompt, if it fits before the next boundary.
            let label = Array(String(change.promptIndex + 1))
            let next = number + 1 < session.promptChanges.count
                ? column(of: session.promptChanges[number + 1].time, duration: session.duration, width: width) : width
            if c + 1 + label.count < next {
                for (i, ch) in label.enumerated() { bar[c + 1 + i] = ch; styles[c + 1 + i] = boundaryStyle }
            }
        }
        bar[head] = "●"; styles[head] = playheadStyle
        screen.put("├", x: rect.x, y: barY, style: .dim)
        for i in 0..<width { screen.put(String(bar[i]), x: x0 + i, y: barY, style: styles[i]) }
        screen.put("┤", x: x0 + width, y: barY, style: .dim)
    }

    /// The column (0..<width) that session time `time` falls in.
    static func column(of time: Int, duration: Int, width: Int) -> Int {
        guard duration > 0, width > 0 else { return 0 }
        return min(width - 1, max(0, Int(Int64(time) * Int64(width) / Int64(duration))))
    }

    // MARK: Footer

    static func drawFooter(_ model: ReplayModel, into screen: inout Screen, rect: Rect) {
        let (status, hints) = rect.splitTop(1)
        switch model.mode {
        case .goTo, .search:
            let label = model.mode == .goTo ? " Go to session time (01:12:30, 12:30 or minutes): " : " Search (text, #tag, P3, marker): "
            let x = screen.put(label, x: status.x, y: status.y, style: .bold)
            model.input.draw(into: &screen, rect: Rect(x: x, y: status.y, width: status.maxX - x, height: 1))
        default:
            if let banner = model.banner {
                screen.put(" " + TextLayout.truncate(banner, width: status.width - 1), x: status.x, y: status.y, style: .bold)
            } else if let activity = activity(model) {
                screen.put(" " + TextLayout.truncate(activity, width: status.width - 1), x: status.x, y: status.y)
            }
        }
        let hint: String = switch model.mode {
        case .help: "Up/Down scroll · any other key closes the help"
        case .goTo: "Enter go · Esc cancel"
        case .search: "Enter find the next match · Esc cancel"
        case .normal: hints.width >= 100 ? "Space play · +/- speed · ←/→ 10s · PgUp/PgDn prompt · n comment · g time · / find · ? help · q quit"
                                         : "Space play  +/- speed  ←→ 10s  PgDn prompt  n comment  g time  / find  ? help"
        }
        screen.put(" " + TextLayout.truncate(hint, width: hints.width - 1), x: hints.x, y: hints.y, style: CaptureView.hintStyle)
    }

    /// What the latest event did, while it is recent: "00:12:31 note-taker-2 edited P3's comment: …".
    static func activity(_ model: ReplayModel) -> String? {
        guard let (event, time) = model.lastEvent, model.position - time <= activityWindow else { return nil }
        return ReplayClock.format(time) + " " + event.writer + " " + describe(event, in: model)
    }

    static func describe(_ event: Event, in model: ReplayModel) -> String {
        let state = model.state
        func quote(_ id: String) -> String {
            guard let comment = state.comment(id) else { return "a comment" }
            return "\(comment.participant.map { "\($0)'s" } ?? "a") comment “\(TextLayout.truncate(comment.text, width: 40))”"
        }
        switch event.body {
        case .sessionStarted(let start): return "started the session (deck \(start.deckID))"
        case .promptShown(let id):
            let index = model.prompts.firstIndex { $0.id == id }
            return "showed prompt \(index.map { String($0 + 1) } ?? "?"): " + (index.map { model.prompts[$0].title } ?? id)
        case .participantAdded(let participant, let attributes):
            return "added participant \(participant)" + (attributes.isEmpty ? "" : " (" + attributes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
        case .commentAdded(let payload): return "noted \(payload.participant ?? "—"): \(payload.text)"
        case .commentEdited(let id, _, _, _): return "edited " + quote(id)
        case .commentTagged(let id, let tag): return "tagged #\(tag) on " + quote(id)
        case .commentUntagged(let id, let tag): return "took #\(tag) off " + quote(id)
        case .commentDeleted(let id): return "deleted " + quote(id)
        case .commentRestored(let id): return "restored (undo) " + quote(id)
        case .marker(let label): return "◆ marker: \(label)"
        case .roundStarted(let round): return "started round \(round)"
        case .tableSet(let table): return "moved to table \(table)"
        case .sessionPaused: return "paused the session"
        case .sessionResumed: return "resumed the session"
        case .sessionEnded(let reason): return "ended the session" + (reason.isEmpty ? "" : " (\(reason))")
        }
    }

    // MARK: Help

    static func drawHelp(_ model: ReplayModel, into screen: inout Screen, rect: Rect, scroll: Int) {
        let session = model.session
        var lines = ["Replay keys (F1 or ?)", ""] + replayKeymap.helpLines()
        lines += ["", "Timeline (bottom): the upper row is how many comments were noted when (▁ few … █ most);",
                  "on the lower row ┼2 is where prompt 2 came on the room's screen, ◆ a facilitator marker, ● now.",
                  "The prompt is shown as the room saw it (no facilitator notes). Deleted comments stay, dimmed,",
                  "marked (deleted); a restore (undo) brings them back. The status line says what just happened.",
                  "",
                  "Session \(session.sessionID) · started \(session.startedAt) · \(session.count) events",
                  "Writers: " + session.writers.joined(separator: ", ") + " (prompts follow \(session.roomWriter))"]
        let wrapped = lines.flatMap { TextLayout.wrap($0, width: max(1, rect.width - 2)) }
        let start = min(scroll, max(0, wrapped.count - rect.height))
        for (row, line) in wrapped.dropFirst(start).prefix(rect.height).enumerated() {
            screen.put(line, x: rect.x + 1, y: rect.y + row, style: row == 0 && start == 0 ? .bold : .plain)
        }
    }
}

extension ReplayModel {
    /// Comments noted per timeline column (cached per width: the timeline is redrawn every frame).
    func density(columns: Int) -> [Int] {
        if let cached = densityCache, cached.columns == columns { return cached.counts }
        var counts = [Int](repeating: 0, count: max(0, columns))
        if columns > 0 {
            for index in session.commentAdds {
                counts[ReplayView.column(of: session.times[index], duration: session.duration, width: columns)] += 1
            }
        }
        densityCache = (columns, counts)
        return counts
    }
}

import ParleyCore
import TerminalGraphics
import TerminalUI

/// Draws the replay player. Pure: the same model gives the same cells (the timeline's counts are
/// remembered between frames in a `FrameMemo` the loop keeps). The same look as the capture screen
/// (header bar, prompt card, comment rows) plus a timeline at the bottom.
public enum ReplayView {
    public static let minimumSize = Size(width: 80, height: 24)
    static let markerStyle = Style(foreground: .yellow, bold: true)
    static let playheadStyle = Style(bold: true, reverse: true)
    static let boundaryStyle = Style(foreground: .cyan)
    static let deletedStyle = Style(dim: true)
    /// How long after it happened an event is described on the status line (session time).
    static let activityWindow = 15_000
    static let densityLevels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func draw(_ model: ReplayModel, into screen: inout Screen, memo: FrameMemo = FrameMemo()) {
        screen.cursor = nil
        if screen.width < minimumSize.width || screen.height < minimumSize.height {
            TooSmallPane.draw(into: &screen, what: "Parley replay", minimum: minimumSize)
            return
        }
        let (header, rest) = screen.bounds.splitTop(1)
        drawHeader(model, into: &screen, rect: header)
        let (main, footer) = rest.splitBottom(2)
        let (body, timeline) = main.splitBottom(2)
        if case .help(let scroll) = model.mode {
            HelpPane.draw(helpLines(model), scroll: scroll, into: &screen, rect: body)
        } else {
            drawBody(model, into: &screen, rect: body)
        }
        drawTimeline(model, into: &screen, rect: timeline, memo: memo)
        drawFooter(model, into: &screen, rect: footer)
    }

    // MARK: Header

    static func drawHeader(_ model: ReplayModel, into screen: inout Screen, rect: Rect) {
        let state = model.state
        let title = model.workshop?.deck.title ?? "Parley replay"
        let position = "\(model.currentPrompt == nil ? 0 : model.promptIndex + 1)/\(model.prompts.count)"
        var right = ""
        if let round = state.round { right += "Round \(round) · " }
        if let table = state.table { right += "Table \(table) · " }
        // One note-taker quitting ends their log, not the session.
        if state.sessionEnded { right += "session ended · " } else if state.paused { right += "session paused · " }
        if let change = model.promptChange, let prompt = model.currentPrompt {
            right += "▸ " + ElapsedTime.format(milliseconds: model.position - change.time)
                + (prompt.minutes.map { "/" + ElapsedTime.format(milliseconds: $0 * 60_000) } ?? "") + "  "
        }
        right += (model.playing ? "▶" : "⏸") + " \(model.speed)×  "
        right += ReplayClock.format(model.position) + " / " + ReplayClock.format(model.session.duration) + " "
        if let recording = model.recordingReading.header { right += "· \(recording) " }
        HeaderBar.draw(left: " \(title) · \(position) ", right: right, into: &screen, rect: rect)
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
            if case .failure(let error) = ScreenshotPane.draw(prompt, from: model.screenshots, into: &screen, rect: imageRect, support: model.imageSupport) {
                lines = promptLines(model, imageProblem: error.description, width: textRect.width)
            }
        }
        textRect.height = promptRect.height
        StyledLine.draw(lines, into: &screen, rect: textRect)
        drawComments(model, comments.comments, count: comments.count, into: &screen, rect: commentsRect)
    }

    /// The prompt as the room saw it: the card without the facilitator's notes.
    static func promptLines(_ model: ReplayModel, imageProblem: String? = nil, width: Int) -> [StyledLine] {
        guard let prompt = model.currentPrompt else {
            let text = model.state.workshop == nil ? "The session has not started yet at this time." : "This deck has no prompts."
            return [StyledLine(text, .dim)]
        }
        return PromptCard.pane(prompt, in: model.workshop, includeNotes: false, imageProblem: imageProblem, width: width)
    }

    /// Comments on the prompt so far, newest at the bottom, each with its writer in a right-hand
    /// column (who noted what reads like a chat log). Deleted ones stay, dimmed, marked "(deleted)".
    static func drawComments(_ model: ReplayModel, _ comments: ReplaySession.PromptComments, count: Int, into screen: inout Screen, rect: Rect) {
        let ids = comments.ids[..<count]
        CommentList.draw(title: "Comments on this prompt so far (\(count))", emptyHint: " No comments on this prompt yet at this time.",
                         count: count, anchor: model.highlightedCommentID.flatMap { ids.lastIndex(of: $0) } ?? count - 1,
                         labelWidth: min(18, model.session.writers.map(\.displayWidth).max() ?? 0), into: &screen, rect: rect) { index, width in
            guard let comment = model.state.comment(ids[index]) else { return [] }
            return rows(comment, at: model.session.times[comments.eventIndices[index]], model: model, width: width)
        }
    }

    /// One comment as the capture screen draws it, at `time` on the session clock (not the writer's
    /// own clock: a note-taker's log starts when they join), with its writer as the label.
    static func rows(_ comment: Comment, at time: Int, model: ReplayModel, width: Int) -> [CommentList.Row] {
        var shown = comment
        shown.mono = time
        if comment.deleted { shown.text = "(deleted) " + comment.text }
        let selected = comment.id == model.highlightedCommentID
        return CommentRows.rows(shown, codebook: model.workshop?.codebook, width: width, selected: selected).enumerated().map { row, item in
            CommentList.Row(item.text, comment.deleted && !selected ? deletedStyle : item.style, label: row == 0 ? comment.writer : nil)
        }
    }

    // MARK: Timeline

    /// Two rows: comment density above, prompt boundaries (┼ and the prompt number), markers (◆)
    /// and the playhead (●) below. The part already played is drawn bright, the rest dim.
    static func drawTimeline(_ model: ReplayModel, into screen: inout Screen, rect: Rect, memo: FrameMemo) {
        guard rect.height >= 2, rect.width > 4 else { return }
        let x0 = rect.x + 1
        let width = rect.width - 2
        let session = model.session
        let density = memo.value(DensityKey(columns: width)) { Self.density(session, columns: width) }
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

    struct DensityKey: Hashable { let columns: Int }

    /// Comments noted per timeline column.
    static func density(_ session: ReplaySession, columns: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: max(0, columns))
        guard columns > 0 else { return counts }
        for index in session.commentAdds {
            counts[column(of: session.times[index], duration: session.duration, width: columns)] += 1
        }
        return counts
    }

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
        case .help: replayHelpKeymap.hintLine(HelpPane.hints)
        case .goTo: inputKeymap.hintLine(goToHints)
        case .search: inputKeymap.hintLine(searchHints)
        case .normal: hints.width >= 100 ? replayKeymap.hintLine(replayHints, short: true)
                                         : replayKeymap.hintLine(narrowReplayHints, short: true, separator: "  ")
        }
        HintLine.draw(hint, into: &screen, rect: hints)
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
        // Each writer's log ends so: the session has ended when every log has (the header says so).
        case .sessionEnded(let reason): return reason == "quit" ? "quit" : "ended their log" + (reason.isEmpty ? "" : " (\(reason))")
        case .clockOffset(let offset, let roundTrip, let reference):
            let off = ElapsedTime.format(milliseconds: abs(offset))
            return "measured its clock: \(off) \(offset > 0 ? "behind" : "ahead of") \(reference)'s (round trip \(roundTrip) ms)"
        case .recordingStarted(let start):
            let what = start.label.map { "● recording “\($0)”" } ?? "● a recording"
            return (start.replaces == nil ? "marked \(what) started" : "moved \(what) to start") + " here"
        }
    }

    // MARK: Help

    /// The help page: every binding from the keymap, how to read the timeline, and the session.
    static func helpLines(_ model: ReplayModel) -> [String] {
        let session = model.session
        return ["Replay keys (F1 or ?)", ""] + replayKeymap.helpLines() + [
            "", "Timeline (bottom): the upper row is how many comments were noted when (▁ few … █ most);",
            "on the lower row ┼2 is where prompt 2 came on the room's screen, ◆ a facilitator marker, ● now.",
            "The prompt is shown as the room saw it (no facilitator notes). Deleted comments stay, dimmed,",
            "marked (deleted); a restore (undo) brings them back. The status line says what just happened.",
            "With a recording, the header shows its time beside the session time (rec 1 00:12:31); c copies it.",
            "",
            "Session \(session.sessionID) · started \(session.startedAt) · \(session.count) events",
            "Writers: " + session.writers.joined(separator: ", ") + " (prompts follow \(session.roomWriter))",
        ]
    }
}

import ParleyCore
import TerminalGraphics
import TerminalUI

/// Draws the capture screen: a pure function of the model (the clocks read its time), with
/// prompt layouts remembered between frames in a `FrameMemo` the loop keeps.
public enum CaptureView {
    public static let minimumSize = Size(width: 80, height: 24)

    static let errorStyle = Style(foreground: .white, background: .red, bold: true)

    public static func draw(_ model: CaptureModel, into screen: inout Screen, memo: FrameMemo = FrameMemo()) {
        screen.cursor = nil
        if screen.width < minimumSize.width || screen.height < minimumSize.height {
            TooSmallPane.draw(into: &screen, what: "Parley", minimum: minimumSize,
                              note: "Nothing is lost: \(model.state.liveCommentCount) saved, all in the log.")
            return
        }
        let (header, rest) = screen.bounds.splitTop(1)
        drawHeader(model, into: &screen, rect: header)
        // The composer grows with the draft, up to a quarter of the screen, then scrolls.
        let composerRows = min(max(1, model.composer.rows(width: screen.width - composerLabel(model).displayWidth).count), screen.height / 4)
        let (body, footer) = rest.splitBottom(1 + composerRows)
        switch model.mode {
        case .help(let scroll):
            HelpPane.draw(helpLines(model), scroll: scroll, into: &screen, rect: body)
        case .jump(let index):
            drawJumpList(model, into: &screen, rect: body, selected: index)
        case .harvest(let scroll):
            drawHarvest(model, into: &screen, rect: body, scroll: scroll)
        default:
            drawPromptAndComments(model, into: &screen, rect: body, memo: memo)
        }
        drawFooter(model, into: &screen, rect: footer)
    }

    static func drawHeader(_ model: CaptureModel, into screen: inout Screen, rect: Rect) {
        let state = model.state
        let title = state.workshop?.deck.title ?? "Parley"
        var right = (model.paused ? (model.isJoiner ? "⏸ PAUSED  " : "⏸ PAUSED · F5 goes on  ") : "") + recordingLine(model, width: rect.width)
        if let round = state.round { right += "Round \(round) " }
        if let table = state.table { right += "Table \(table) " }
        right += "⏱ \(ElapsedTime.format(milliseconds: model.sessionNow))"
        let promptElapsed = model.promptElapsed
        if let prompt = model.currentPrompt {
            right += "  ▸ \(ElapsedTime.format(milliseconds: promptElapsed))" + (prompt.minutes.map { "/" + ElapsedTime.format(milliseconds: $0 * 60_000) } ?? "")
        }
        right += model.lastSaveFailed ? "  ✖ NOT SAVED " : "  ✔ \(state.liveCommentCount) saved "
        let position = "\(state.promptIndex + 1)/\(max(1, state.prompts.count))"
        var rightStyle = HeaderBar.style
        if model.lastSaveFailed { rightStyle = errorStyle }
        else if let minutes = model.currentPrompt?.minutes, promptElapsed > minutes * 60_000 {
            rightStyle = Style(foreground: .white, background: .magenta, bold: true) // over the time box
        }
        // In a room its state comes first: the code is read aloud, a lost link must be seen; then where in
        // the deck; the title gives way to both.
        let roomPart = model.room.map { " " + roomLine($0, model: model) + " ·" } ?? ""
        let titleWidth = rect.width - right.displayWidth - 1 - (roomPart + " · \(position) ").displayWidth - 1
        let left = roomPart + (titleWidth >= 6 ? " \(TextLayout.truncate(title, width: titleWidth)) · \(position) " : " \(position) ")
        HeaderBar.draw(left: left, right: right, rightStyle: rightStyle, into: &screen, rect: rect)
    }

    /// "● REC 12:31 " while recording: time since the latest recording started (by Ctrl-R on this
    /// laptop), with its label where the header has room for it.
    static func recordingLine(_ model: CaptureModel, width: Int) -> String {
        guard let recording = model.state.recordings.last else { return "" }
        let label = width >= 120 ? recording.label.map { TextLayout.truncate($0, width: 24) + " " } ?? "" : ""
        // On the wall clock: a resume's downtime counts (the recorder ran on).
        let since = model.sessionTime(at: recording.at).map { model.sessionNow - $0 } ?? model.now - recording.mono
        return "● REC \(label)\(ElapsedTime.format(milliseconds: since))  "
    }

    /// The room's part of the header: its code and who joined (with notes per writer), or a
    /// joiner's link and whether it follows.
    static func roomLine(_ room: CaptureRoom, model: CaptureModel) -> String {
        switch room.status.role {
        case .host(let code, _):
            let counts = room.notesPerWriter.map { "\($0.writer) \($0.count)" }.joined(separator: " ")
            return "room \(code) · \(room.status.joined.count) joined" + (counts.isEmpty ? "" : " · notes: \(counts)")
        case .joiner(let facilitator, _):
            if room.facilitatorEnded { return "ROOM ENDED · \(facilitator) ended the session; your notes are saved, Ctrl-Q quits" }
            switch room.status.link {
            case .open: break
            // The screen opens joined: connecting again means the room was lost.
            case .connecting: return "ROOM LOST · reconnecting"
            case .lost(_, let retry):
                let left = retry - (model.now - room.linkChangedAt)
                return left > 0 ? "ROOM LOST · retry in \((left + 999) / 1000) s" : "ROOM LOST · reconnecting"
            case .refused(let why): return "ROOM REFUSED: \(why)"
            }
            guard room.following else {
                return "LOOKING BACK (room on \(room.roomPrompt.map { "\(model.state.prompts.firstIndex(of: $0).map { $0 + 1 } ?? 0)" } ?? "?")), Ctrl-F follows"
            }
            return "following \(facilitator)"
        }
    }

    static func drawPromptAndComments(_ model: CaptureModel, into screen: inout Screen, rect body: Rect, memo: FrameMemo) {
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
        var lines = promptLines(prompt, model: model, imageProblem: notShown, width: textRect.width, memo: memo)
        // The prompt takes what it needs, leaving the comments at least a third of the body.
        let commentRows = min(model.visibleCommentIndices.count + 1, body.height / 3)
        let wanted = isScreenshot && notShown == nil ? max(lines.count + 1, body.height / 2) : lines.count + 1
        let promptHeight = max(3, min(wanted, body.height - max(5, commentRows)))
        let (promptRect, commentsRect) = body.splitTop(promptHeight)
        if isScreenshot, notShown == nil {
            let imageRect = Rect(x: promptRect.x + 1, y: promptRect.y, width: imageWidth - 1, height: promptRect.height - 1)
            if case .failure(let error) = ScreenshotPane.draw(prompt, from: model.screenshots, into: &screen, rect: imageRect, support: model.imageSupport) {
                lines = promptLines(prompt, model: model, imageProblem: error.description, width: textRect.width, memo: memo)
            }
        }
        textRect.height = promptRect.height
        StyledLine.draw(lines, into: &screen, rect: textRect)
        drawComments(model, into: &screen, rect: commentsRect)
    }

    struct PromptLinesKey: Hashable {
        let prompt: String, width: Int, imageProblem: String?
    }

    /// The prompt pane's wrapped lines. A prompt never changes during a session, so they are laid out
    /// once per prompt and width while the memo keeps them, not on every key press (a persona card is
    /// a few thousand characters).
    static func promptLines(_ prompt: Prompt, model: CaptureModel, imageProblem: String?, width: Int, memo: FrameMemo) -> [StyledLine] {
        memo.value(PromptLinesKey(prompt: prompt.id, width: width, imageProblem: imageProblem)) {
            PromptCard.pane(prompt, in: model.state.workshop, includeNotes: true, imageProblem: imageProblem, width: width)
        }
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
        StyledLine.draw(Array(lines.dropFirst(min(scroll, max(0, lines.count - rect.height)))), into: &screen, rect: rect.inset(1, 0))
    }

    static func drawComments(_ model: CaptureModel, into screen: inout Screen, rect: Rect) {
        // Positions into the prompt's live comments; `comment(at:)` reads one without copying the list.
        if let room = model.room, room.showingFeed { return drawFeed(room, codebook: model.codebook, into: &screen, rect: rect) }
        let indices = model.visibleCommentIndices
        func comment(at position: Int) -> Comment { model.state.comments[indices[position]] }
        // Each at its session time, as replay and reports show it (a joiner's own clock starts when they joined).
        func shown(_ position: Int) -> Comment {
            var shown = comment(at: position)
            if let time = model.sessionTime(at: shown.at) { shown.mono = time }
            return shown
        }
        let selectedIndex = model.selectedCommentID.flatMap { id in indices.indices.last { comment(at: $0).id == id } }
        CommentList.draw(title: "Comments on this prompt (\(indices.count))",
                         emptyHint: " Type what people say, e.g.  P3: I'd never know which app to open #fragmentation",
                         count: indices.count, anchor: selectedIndex ?? indices.count - 1, into: &screen, rect: rect) { index, width in
            CommentRows.rows(shown(index), codebook: model.codebook, width: width, selected: index == selectedIndex)
        }
    }

    /// The live feed: everyone's notes in the room as they are saved, newest last, with who wrote them.
    static func drawFeed(_ room: CaptureRoom, codebook: Codebook?, into screen: inout Screen, rect: Rect) {
        let comments = room.feed
        CommentList.draw(title: "Room feed: everyone's notes (\(comments.count)) · F3 back to this prompt",
                         emptyHint: " Notes saved on any laptop of the room show here.",
                         count: comments.count, anchor: comments.count - 1, into: &screen, rect: rect) { index, width in
            CommentRows.rows(comments[index], codebook: codebook, width: width, selected: false, writer: true)
        }
    }

    static func drawFooter(_ model: CaptureModel, into screen: inout Screen, rect: Rect) {
        let (status, composerRow) = rect.splitTop(1)
        if model.mode == .confirmQuit {
            screen.fill(status, style: errorStyle)
            screen.put(" " + TextLayout.truncate(quitQuestion(model), width: status.width - 1), x: status.x, y: status.y, style: errorStyle)
        } else if let banner = model.banner {
            let style = model.lastSaveFailed ? errorStyle : Style(bold: true)
            if model.lastSaveFailed { screen.fill(status, style: style) }
            screen.put(" " + TextLayout.truncate(banner, width: status.width - 1), x: status.x, y: status.y, style: style)
        } else {
            HintLine.draw(hint(for: model), into: &screen, rect: status)
        }
        let x = screen.put(composerLabel(model), x: composerRow.x, y: composerRow.y, style: .bold)
        model.composer.draw(into: &screen, rect: Rect(x: x, y: composerRow.y, width: composerRow.maxX - x, height: composerRow.height))
    }

    /// What Ctrl-Q asks before quitting: about the unsaved line, and a facilitator about the laptops
    /// still in the room (quitting ends the session for them).
    static func quitQuestion(_ model: CaptureModel) -> String {
        var reasons: [String] = []
        if !model.composer.isEmpty { reasons.append("The line is not saved.") }
        let joined = model.laptopsInTheRoom
        if joined > 0 { reasons.append("\(joined) laptop\(joined == 1 ? " is" : "s are") in the room: quitting ends the session for them too.") }
        return reasons.joined(separator: " ") + " Quit? y or Ctrl-Q = quit, any other key = stay"
    }

    /// What stands before the draft: the speaker it will be saved under, or that a comment is being edited.
    /// A joiner's draft begun before the room moved on names the prompt it will be saved on.
    static func composerLabel(_ model: CaptureModel) -> String {
        if model.editingCommentID != nil { return "edit › " }
        let elsewhere = model.notePrompt.flatMap { $0.id == model.currentPrompt?.id ? nil : "for “\(TextLayout.truncate($0.title, width: 20))” " } ?? ""
        return elsewhere + (model.currentSpeaker ?? "—") + " › "
    }

    static func hint(for model: CaptureModel) -> String {
        switch model.mode {
        case .help: return captureHelpKeymap.hintLine(HelpPane.hints)
        case .jump: return jumpKeymap.hintLine(jumpHints)
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
        if model.selectedCommentID != nil { return captureKeymap.hintLine(selectionHints) }
        return captureKeymap.hintLine(captureHints, short: true)
    }

    /// The help page: every binding from the keymap, the codebook's hotkeys, and how to join this session.
    static func helpLines(_ model: CaptureModel) -> [String] {
        // In a room, how to join comes first: it is what the facilitator opens F1 for.
        var lines = (model.room == nil ? [] : Array(joinLines(model).dropFirst()) + [""]) + ["Keys (F1 or ? on an empty line)", ""] + captureKeymap.helpLines()
        if let codebook = model.codebook {
            lines += ["", "Codebook hotkeys (toggle a tag on the line, the selected comment or the newest one)"]
            for code in codebook.codes {
                if let key = code.key { lines.append("  Alt-\(key)    #\(code.tag)  \(code.label)") }
            }
            lines += ["", "Typing: \"P3: text #tag\" — P3 is the speaker (kept for the next lines; \"-:\" for nobody),",
                      "#tag tags from the codebook (Tab completes; unknown tags are kept as new codes, shown with *), ## is a literal #."]
        }
        let log = model.log
        return lines + ["", "Session \(log.sessionID)  writer \(log.writer)", "Log \(log.path)"] + (model.room == nil ? joinLines(model) : [])
    }

    /// How others join: the room's code and addresses, or (without a room) the session id.
    static func joinLines(_ model: CaptureModel) -> [String] {
        switch model.room?.status.role {
        case .host(let code, let addresses)?:
            let joined = model.room!.status.joined
            return ["", "Room code: \(code)   (read it aloud; note-takers type it)",
                    "Note-takers join with:  parley join \(code) --writer NAME",
                    "The projector joins with:  parley present --join \(code)",
                    "Without discovery on this network, add --host " + (addresses.isEmpty ? "ADDRESS" : addresses.joined(separator: " or --host ")),
                    "Joined now: " + (joined.isEmpty ? "nobody" : joined.joined(separator: ", "))]
        case .joiner(let facilitator, let address)?:
            return ["", "In the room at \(address), led by \(facilitator). Your notes stay in your log; the room gets a copy."]
        case nil:
            return ["A note-taker joins this session with:  parley run DECK --session \(model.log.sessionID) --writer NAME",
                    "(or open a room: parley run DECK --room, and they: parley join CODE)"]
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
            screen.put(TextLayout.truncate(text, width: list.width - 2), x: list.x + 1, y: list.y + row, style: index == selected ? CommentRows.selectedStyle : .plain)
        }
    }
}

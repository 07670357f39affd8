import Foundation
import ParleyCore
import TerminalUI

/// The capture screen's model: session state plus what is on screen (composer, selection,
/// overlays). `update` is the only way it changes: keys, time and the answers to its effects come
/// in; what must happen outside (write an event, open the viewer, load an image, quit) goes out as
/// `Effect`s. A change to the session is an event applied when `.recorded` says it is written and
/// fsynced, so nothing counts as saved before it is. `CaptureView` draws it.
public struct CaptureModel {
    public enum Mode: Equatable {
        case normal
        case help(scroll: Int)
        case jump(index: Int)
        case harvest(scroll: Int)
        case confirmQuit
    }

    /// Which log the events go to: the help screen shows it, for note-takers to join.
    public struct LogIdentity: Equatable, Sendable {
        public var sessionID: String
        public var writer: String
        public var path: String
        public init(sessionID: String, writer: String, path: String) { self.sessionID = sessionID; self.writer = writer; self.path = path }
        public init(_ recorder: EventRecording) { self.init(sessionID: recorder.sessionID, writer: recorder.writer, path: recorder.path) }
    }

    /// What undo takes back, newest last.
    enum UndoEntry: Equatable {
        case added(String)
        case deleted(String)
        case edited(String, participant: String?, text: String, tags: [String])
        case tagged(String, String)
        case untagged(String, String)
    }

    /// What to do once an event the model asked for is saved.
    enum AfterSave: Equatable {
        case nothing
        case promptShown
        /// "T2:" alone: once the table is set, the line has done its job.
        case lineUsed
        case commentAdded(String)
        case commentEdited(undo: UndoEntry)
        case commentDeleted(String)
        case tagChanged(undo: UndoEntry)
        case undone(String)
        case marker(String)
        case recordingStarted
        case sessionEnded
    }

    public private(set) var state: SessionState
    public private(set) var composer = LineEditor()
    public private(set) var mode: Mode = .normal
    /// The selected comment (an id on the current prompt), if any.
    public private(set) var selectedCommentID: String?
    /// Set while the composer holds a saved comment being edited.
    public private(set) var editingCommentID: String?
    public private(set) var banner: String?
    public private(set) var lastSaveFailed = false
    /// Session time (ms) of the last tick: what the clocks show.
    public private(set) var now = 0
    /// Who an unprefixed line is saved under: the last speaker named, or nobody.
    public private(set) var currentSpeaker: String?
    /// Tag completion cycle: the prefix typed and the index of the candidate offered last.
    private var completion: (prefix: String, index: Int)?
    private var undoStack: [UndoEntry] = []
    /// A joiner's clock against the facilitator's, as last measured: added to its times.
    private(set) var clockOffset = 0
    /// Records asked for and not answered yet, oldest first: what to do when each is saved.
    private var awaiting: [AfterSave] = []
    public let log: LogIdentity
    public private(set) var screenshots: Screenshots
    /// What the terminal can colour; set by the app from the terminal.
    public var imageSupport = ImageSupport()
    /// The room this laptop is in (`parley run --room`, `parley join`); nil on its own.
    public private(set) var room: CaptureRoom?
    /// The prompt on screen when the draft's first character was typed: a note-taker's note stays
    /// there when the room moves on while it is typed, unless they changed prompt themselves.
    public private(set) var draftPromptID: String?
    /// Comment ids are UUIDs, so comments from several writers never collide in the store.
    var makeCommentID: () -> String = { UUID().uuidString.lowercased() }

    /// `clockOffset`: the log's last `clock.offset` (a resumed joiner's clock, until it is measured again).
    public init(state: SessionState, log: LogIdentity, clockOffset: Int = 0) {
        self.state = state
        self.log = log
        self.clockOffset = clockOffset
        screenshots = Screenshots(deckPath: state.deckPath)
        currentSpeaker = state.lastSpeaker
    }

    public var codebook: Codebook? { state.workshop?.codebook }
    public var currentPrompt: Prompt? { state.currentPrompt }
    public var visibleComments: [Comment] { visibleCommentIndices.map { state.comments[$0] } }
    /// Indices into `state.comments` of the current prompt's comments: what a frame reads, without copying them.
    public var visibleCommentIndices: [Int] { currentPrompt.map { state.liveCommentIndices(onPrompt: $0.id) } ?? [] }

    // MARK: Update

    public mutating func update(_ message: Message) -> [Effect] {
        let effects: [Effect]
        switch message {
        case .key(let key): effects = handle(key)
        case .tick(let time): now = time; effects = []
        case .recorded(let event): effects = shared(event) + saved(event)
        case .recordFailed(let why): effects = notSaved(why)
        case .viewerOpened, .viewerFailed: banner = Screenshots.viewerLine(message); effects = []
        case .imageLoaded(let path, let image): screenshots.receive(image, for: path); effects = []
        case .logRead, .playerFailed: effects = []
        case .roomEvents(let events): effects = roomEvents(events)
        case .roomStatus(let status):
            if room?.status.link != status.link { room?.linkChangedAt = now }
            room?.status = status
            effects = []
        case .roomClock(let offset, let roundTrip):
            guard case .joiner(let facilitator, _)? = room?.status.role else { effects = []; break }
            effects = record([(.clockOffset(offset: offset, roundTrip: roundTrip, reference: facilitator), .nothing)])
        }
        return screenshots.load(currentPrompt) + effects
    }

    /// The first events of a new session: its start, with the content, and the first prompt (a
    /// joiner shows the room's instead, once it is in the room).
    public mutating func startSession(_ workshop: Workshop, deckPath: String? = nil, showFirstPrompt: Bool = true) -> [Effect] {
        let first = showFirstPrompt ? workshop.deck.prompts.first.map(promptSteps) ?? [] : []
        return record([(.sessionStarted(SessionStart(workshop: workshop, deckPath: deckPath)), .nothing)] + first)
    }

    /// Puts the screen in a room. `events`: what the room holds already (a resumed facilitator's
    /// log, or what a joiner was sent before its screen opened).
    public mutating func enterRoom(_ status: RoomStatus, events: [Event]) -> [Effect] {
        room = CaptureRoom(status: status)
        return roomEvents(events)
    }

    /// The first event when an interrupted session goes on.
    public mutating func resumeSession() -> [Effect] {
        screenshots.load(currentPrompt) + record([(.sessionResumed, .nothing)])
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if key == .terminate { return endSession(reason: "signal") }
        if key == .resize { return [] }
        switch mode {
        case .help(let scroll): return handleHelp(key, scroll: scroll)
        case .harvest: mode = .normal; return key == .control("q") ? perform(.quit) : []
        case .jump(let index): return handleJump(key, index: index)
        case .confirmQuit:
            if key == .character("y") || key == .character("Y") || key == .control("q") { return endSession(reason: "quit") }
            mode = .normal
            return []
        case .normal: break
        }
        if case .alt(let character) = key, let code = codebook?.code(key: character) { return toggleTag(code.tag) }
        if let action = captureKeymap.action(for: key, composerEmpty: composer.isEmpty) { return perform(action) }
        if case .character(let character) = key {
            if composer.isEmpty { draftPromptID = currentPrompt?.id }
            composer.insert(character)
            completion = nil
            if banner != nil, !lastSaveFailed { banner = nil }
        }
        return []
    }

    private mutating func perform(_ action: CaptureAction) -> [Effect] {
        if action != .completeTag { completion = nil }
        // Under an open edit, what would change another comment, or take the edited line as a label, waits.
        if editingCommentID != nil, [.undo, .deleteSelected, .marker, .recordingStarted, .selectOlder, .selectNewer, .editSelected].contains(action) {
            banner = Self.finishEditFirst
            return []
        }
        // Selecting works on this prompt's comments, which the feed hides: back to them first, visibly.
        if room?.showingFeed == true, [.selectOlder, .selectNewer, .editSelected, .deleteSelected].contains(action) {
            room!.showingFeed = false
            banner = "Back on this prompt's comments: Up selects one (F3 shows the feed again)."
            return []
        }
        switch action {
        case .save: return save()
        case .nextPrompt: return choosePrompt(state.promptIndex + 1)
        case .previousPrompt: return choosePrompt(state.promptIndex - 1)
        case .followRoom: return followRoom()
        case .toggleFeed:
            guard room != nil else { banner = CaptureRoom.notInARoom; break }
            room!.showingFeed.toggle()
        case .jumpToPrompt: mode = .jump(index: state.promptIndex)
        case .selectOlder: moveSelection(-1)
        case .selectNewer: moveSelection(+1)
        case .editSelected: beginEdit()
        case .deleteSelected: return deleteSelected()
        case .undo: return undo()
        case .marker: return addMarker()
        case .recordingStarted: return markRecording()
        case .completeTag: completeTag()
        case .help: mode = .help(scroll: 0)
        case .harvest: mode = .harvest(scroll: 0)
        case .openImage:
            if let open = screenshots.viewerEffect(for: currentPrompt) { return [open] }
            banner = Screenshots.nothingToOpen
        case .cancel:
            if editingCommentID != nil { editingCommentID = nil; composer.clear() }
            selectedCommentID = nil
            if !lastSaveFailed { banner = nil }
        case .quit:
            if composer.isEmpty && laptopsInTheRoom == 0 { return endSession(reason: "quit") }
            mode = .confirmQuit
        case .howToQuit: banner = Self.howToQuit
        case .togglePause:
            // The session is the facilitator's to pause: a note-taker's pause would mark only their log.
            guard !isJoiner else { banner = "The facilitator pauses the session (F5 on their laptop)."; break }
            return record([(state.paused ? .sessionResumed : .sessionPaused, .nothing)])
        case .redraw: break
        case .edit(let edit): composer.apply(edit)
        }
        return []
    }

    private mutating func handleHelp(_ key: Key, scroll: Int) -> [Effect] {
        mode = .normal
        guard let action = captureHelpKeymap.action(for: key) else { return [] }
        if action == .quit { return perform(.quit) }
        mode = .help(scroll: HelpPane.scroll(scroll, by: action))
        return []
    }

    private mutating func handleJump(_ key: Key, index: Int) -> [Effect] {
        mode = .normal
        let last = state.prompts.count - 1
        switch jumpKeymap.action(for: key) {
        case .up: mode = .jump(index: max(0, index - 1))
        case .down: mode = .jump(index: min(last, index + 1))
        case .pageUp: mode = .jump(index: max(0, index - 10))
        case .pageDown: mode = .jump(index: min(last, index + 10))
        case .first: mode = .jump(index: 0)
        case .last: mode = .jump(index: last)
        case .go: return choosePrompt(index)
        case .quit: return perform(.quit)
        case .back, nil: break
        }
        return []
    }

    // MARK: Saving

    /// Asks for events to be recorded in order, each with what to do once it is saved.
    private mutating func record(_ steps: [(EventBody, AfterSave)]) -> [Effect] {
        awaiting += steps.map(\.1)
        return steps.map { .record($0.0) }
    }

    /// An event is durable: apply it, and do what it was asked for.
    private mutating func saved(_ event: Event) -> [Effect] {
        state.apply(event)
        if case .clockOffset(let offset, _, _) = event.body { clockOffset = offset }
        if case .sessionStarted = event.body { screenshots = Screenshots(deckPath: state.deckPath) }
        if lastSaveFailed { banner = nil }
        lastSaveFailed = false
        guard !awaiting.isEmpty else { return [] }
        switch awaiting.removeFirst() {
        case .nothing: break
        case .promptShown:
            selectedCommentID = nil
        case .lineUsed: composer.clear()
        case .commentAdded(let id):
            undoStack.append(.added(id))
            composer.clear()
            selectedCommentID = nil
        case .commentEdited(let undo):
            undoStack.append(undo)
            editingCommentID = nil
            selectedCommentID = nil
            composer.clear()
        case .commentDeleted(let id):
            undoStack.append(.deleted(id))
            selectedCommentID = nil
            if editingCommentID == id { editingCommentID = nil; composer.clear() }
        case .tagChanged(let undo): undoStack.append(undo)
        case .undone(let what):
            undoStack.removeLast()
            banner = "Undone: \(what)."
        case .marker(let label):
            banner = "Marker saved: \(label) at \(ElapsedTime.format(milliseconds: event.mono))."
            composer.clear()
        case .recordingStarted:
            let label = state.recordings.last?.label.map { " (\($0))" } ?? ""
            banner = "Recording \(state.recordings.count)\(label) started at \(ElapsedTime.format(milliseconds: event.mono)). Restarted? Ctrl-R again."
            composer.clear()
        case .sessionEnded: return [.quit]
        }
        return []
    }

    /// A record failed: say so and keep the input for Enter to retry. The loop skipped the records
    /// asked for after it, so nothing else is awaited.
    private mutating func notSaved(_ why: String) -> [Effect] {
        lastSaveFailed = true
        // The action first: a long log path must not push it off a narrow screen.
        banner = "NOT SAVED: your line is kept, Enter retries — \(why)"
        let ending = awaiting.first == .sessionEnded
        awaiting.removeAll()
        return ending ? [.quit] : []
    }

    /// `prompt.shown`, and `round.started` for a World Café prompt that belongs to a new round.
    private func promptSteps(_ prompt: Prompt) -> [(EventBody, AfterSave)] {
        var steps: [(EventBody, AfterSave)] = [(.promptShown(prompt: prompt.id), .promptShown)]
        if let round = prompt.round, round != state.round { steps.append((.roundStarted(round: round), .nothing)) }
        return steps
    }

    private mutating func showPrompt(_ index: Int) -> [Effect] {
        guard state.prompts.indices.contains(index), index != state.promptIndex else { return [] }
        return record(promptSteps(state.prompts[index]))
    }

    /// `participant.added` for someone new to the session, with the table they sit at.
    private func participantSteps(_ participant: String?, table: String?) -> [(EventBody, AfterSave)] {
        guard let participant, !state.participants.contains(participant) else { return [] }
        var attributes: [String: String] = [:]
        if let table { attributes["table"] = table }
        return [(.participantAdded(participant: participant, attributes: attributes), .nothing)]
    }

    private mutating func save() -> [Effect] {
        let line = CaptureLine.parse(composer.text)
        if let editing = editingCommentID, let original = state.comment(editing) {
            let participant: String? = switch line.speaker {
            case .unchanged: original.participant
            case .nobody: nil
            case .participant(let p): p
            }
            guard !line.text.isEmpty else { banner = "An edited comment needs text; Esc cancels the edit."; return [] }
            let undo = UndoEntry.edited(editing, participant: original.participant, text: original.text, tags: original.tags)
            return record(participantSteps(participant, table: state.table)
                + [(.commentEdited(comment: editing, participant: participant, text: line.text, tags: line.tags), .commentEdited(undo: undo))])
        }
        guard let prompt = notePrompt else { return [] }
        var steps: [(EventBody, AfterSave)] = []
        var table = state.table
        if let newTable = line.table, newTable != table {
            steps.append((.tableSet(table: newTable), .nothing))
            table = newTable
        }
        switch line.speaker {
        case .unchanged: break
        case .nobody: currentSpeaker = nil
        case .participant(let p): currentSpeaker = p
        }
        // "P4:" or "T2:" alone only changes who speaks next or the table.
        guard !line.text.isEmpty else {
            guard !steps.isEmpty else { composer.clear(); return [] }
            steps[steps.count - 1].1 = .lineUsed
            return record(steps)
        }
        steps += participantSteps(currentSpeaker, table: table)
        let payload = CommentPayload(comment: makeCommentID(), prompt: prompt.id, participant: currentSpeaker, text: line.text,
                                     tags: line.tags, table: table, round: state.round)
        steps.append((.commentAdded(payload), .commentAdded(payload.comment)))
        return record(steps)
    }

    // MARK: The room

    /// A saved event goes to the room too, and its notes to the feed (not its prompt changes: the
    /// room's prompt is the facilitator's).
    private mutating func shared(_ event: Event) -> [Effect] {
        guard room != nil else { return [] }
        // Its own clock.offset too: the feed places this laptop's notes by it.
        if event.body.commentID != nil || event.type == "clock.offset" { room!.take(event) }
        return [.share(event)]
    }

    private mutating func roomEvents(_ events: [Event]) -> [Effect] {
        guard room != nil else { return [] }
        for event in events { room!.take(event) }
        return follow()
    }

    // MARK: The session clock

    /// The session's start on the room's clock, in ms since 1970: the facilitator's start, for a joiner.
    private var sessionOrigin: Int? {
        Timestamp.milliseconds((isJoiner ? room?.state.startedAt : nil) ?? state.startedAt ?? "")
    }

    /// A time on this laptop's clock as session time, as replay and reports read it: from the room's
    /// start, on the facilitator's clock (a joiner's own log starts when they joined).
    public func sessionTime(at: String) -> Int? {
        guard let origin = sessionOrigin, let milliseconds = Timestamp.milliseconds(at) else { return nil }
        return milliseconds + clockOffset - origin
    }

    /// Now as session time: the last event's wall time moved on by the monotonic clock, so the time a
    /// laptop was off (before a resume) counts, as it does in replay.
    public var sessionNow: Int {
        guard let at = state.lastAt, let time = sessionTime(at: at) else { return now }
        return time + (now - state.lastMono)
    }

    /// How long the prompt shown has been up: the room's, for a joiner following it.
    public var promptElapsed: Int {
        if isJoiner, room?.following == true, let at = room?.roomPromptShownAt, let shown = sessionTime(at: at) {
            return sessionNow - (shown - clockOffset)
        }
        // From this log's own prompt.shown: after a resume too, the time the laptop was off counts.
        guard let at = state.promptShownAt, let shown = sessionTime(at: at) else { return 0 }
        return sessionNow - shown
    }

    /// The session is paused (F5): by this laptop, or for a joiner by the facilitator.
    public var paused: Bool { isJoiner ? room?.state.paused == true : state.paused }

    /// What `run` and `join` print once the screen has closed: the session, its comments and the log.
    public var closingLine: String {
        let comments = state.liveComments.count
        return "Session \(log.sessionID): \(comments) comment\(comments == 1 ? "" : "s") in \(log.path)"
    }

    /// The host's count of laptops joined now (0 elsewhere): its quitting ends the session for them.
    public var laptopsInTheRoom: Int { room.map { $0.status.isHost ? $0.status.joined.count : 0 } ?? 0 }

    /// Whether this laptop joined a room (and so may follow its facilitator).
    public var isJoiner: Bool { room.map { !$0.status.isHost } ?? false }

    /// A following joiner moves to the facilitator's prompt.
    private mutating func follow() -> [Effect] {
        guard isJoiner, room!.following, let target = room!.roomPrompt?.id,
              let index = state.prompts.firstIndex(where: { $0.id == target }) else { return [] }
        return showPrompt(index)
    }

    /// A prompt chosen by a key: a joiner looks back (or follows again, on the room's prompt).
    private mutating func choosePrompt(_ index: Int) -> [Effect] {
        if isJoiner, state.prompts.indices.contains(index) { room!.following = state.prompts[index].id == room!.roomPrompt?.id }
        draftPromptID = nil
        return showPrompt(index)
    }

    private mutating func followRoom() -> [Effect] {
        guard isJoiner else { banner = room == nil ? CaptureRoom.notInARoom : "You lead this room: note-takers follow you."; return [] }
        room!.following = true
        draftPromptID = nil
        return follow()
    }

    /// The prompt a new note goes to: the one its draft was begun on, for a joiner the room moved.
    public var notePrompt: Prompt? {
        if isJoiner, !composer.isEmpty, let id = draftPromptID, let prompt = state.prompts.first(where: { $0.id == id }) { return prompt }
        return currentPrompt
    }

    // MARK: Comments

    private mutating func moveSelection(_ step: Int) {
        let comments = visibleCommentIndices
        guard !comments.isEmpty else { return }
        let current = selectedCommentID.flatMap { id in comments.firstIndex { state.comments[$0].id == id } }
        let next: Int? = switch (current, step < 0) {
        case (nil, true): comments.count - 1
        case (nil, false): nil
        case (let index?, true): max(0, index - 1)
        case (let index?, false): index + 1 < comments.count ? index + 1 : nil
        }
        selectedCommentID = next.map { state.comments[comments[$0]].id }
    }

    /// The comment an action applies to: the selection, else the newest on this prompt.
    private var targetComment: Comment? {
        if let id = selectedCommentID, let comment = state.comment(id), !comment.deleted { return comment }
        return visibleCommentIndices.last.map { state.comments[$0] }
    }

    private mutating func beginEdit() {
        guard let comment = targetComment else { banner = "No comment to edit on this prompt."; return }
        editingCommentID = comment.id
        selectedCommentID = comment.id
        composer.set(CaptureLine.format(participant: comment.participant, text: comment.text, tags: comment.tags))
    }

    private mutating func deleteSelected() -> [Effect] {
        guard let id = selectedCommentID, state.comment(id) != nil else {
            banner = "Select a comment with Up first, then Ctrl-D deletes it."
            return []
        }
        return record([(.commentDeleted(comment: id), .commentDeleted(id))])
    }

    private mutating func toggleTag(_ tag: String) -> [Effect] {
        if selectedCommentID == nil, !composer.isEmpty {
            // On the draft: add or remove "#tag" in the text itself.
            let line = CaptureLine.parse(composer.text)
            if line.tags.contains(tag) {
                let words = composer.text.split(separator: " ", omittingEmptySubsequences: false).filter { $0.lowercased() != "#" + tag }
                composer.set(words.joined(separator: " "))
            } else {
                composer.set(composer.text + (composer.text.hasSuffix(" ") ? "" : " ") + "#" + tag + " ")
            }
            return []
        }
        guard let comment = targetComment else { banner = "No comment to tag: type one, or select one with Up."; return [] }
        if comment.tags.contains(tag) {
            return record([(.commentUntagged(comment: comment.id, tag: tag), .tagChanged(undo: .untagged(comment.id, tag)))])
        }
        return record([(.commentTagged(comment: comment.id, tag: tag), .tagChanged(undo: .tagged(comment.id, tag)))])
    }

    static let howToQuit = "Ctrl-Q quits (Ctrl-C does not: a stray press must not end a workshop)."

    /// Ctrl-Z or Ctrl-D under an open edit could remove the very comment being edited, and the edit would then
    /// be saved into a removed comment, out of sight.
    static let finishEditFirst = "Save the edit with Enter, or cancel it with Esc, first."

    private mutating func undo() -> [Effect] {
        guard let entry = undoStack.last else { banner = "Nothing to undo."; return [] }
        let body: EventBody
        let what: String
        switch entry {
        case .added(let id): body = .commentDeleted(comment: id); what = "comment removed"
        case .deleted(let id): body = .commentRestored(comment: id); what = "comment restored"
        case .edited(let id, let participant, let text, let tags):
            body = .commentEdited(comment: id, participant: participant, text: text, tags: tags); what = "edit taken back"
        case .tagged(let id, let tag): body = .commentUntagged(comment: id, tag: tag); what = "#\(tag) removed"
        case .untagged(let id, let tag): body = .commentTagged(comment: id, tag: tag); what = "#\(tag) put back"
        }
        return record([(body, .undone(what))])
    }

    private mutating func addMarker() -> [Effect] {
        let typed = composer.text.trimmingCharacters(in: .whitespaces)
        let label = typed.isEmpty ? "marker" : typed
        return record([(.marker(label: label), .marker(label))])
    }

    /// The recording started now, named by the line if anything is typed; again for a recorder restarted.
    private mutating func markRecording() -> [Effect] {
        let typed = composer.text.trimmingCharacters(in: .whitespaces)
        return record([(.recordingStarted(RecordingStart(label: typed.isEmpty ? nil : typed)), .recordingStarted)])
    }

    private mutating func completeTag() {
        let word = composer.wordBeforeCursor
        guard word.hasPrefix("#"), let codebook else { return }
        let prefix = completion?.prefix ?? String(word.dropFirst()).lowercased()
        let candidates = tagCandidates(prefix: prefix, in: codebook)
        guard !candidates.isEmpty else { banner = "No codebook tag starts with \"\(prefix)\"; it will be kept as a new (emergent) code."; return }
        let index = completion.map { ($0.index + 1) % candidates.count } ?? 0
        composer.replaceWordBeforeCursor(with: "#" + candidates[index])
        completion = (prefix, index)
    }

    /// Codebook tags starting with `prefix`, then those containing it.
    public func tagCandidates(prefix: String, in codebook: Codebook) -> [String] {
        let tags = codebook.codes.map(\.tag)
        return tags.filter { $0.hasPrefix(prefix) } + tags.filter { !$0.hasPrefix(prefix) && !prefix.isEmpty && $0.contains(prefix) }
    }

    private mutating func endSession(reason: String) -> [Effect] {
        record([(.sessionEnded(reason: reason), .sessionEnded)])
    }
}

extension CaptureModel: InteractiveScreen {
    public func draw(into screen: inout Screen, memo: FrameMemo) { CaptureView.draw(self, into: &screen, memo: memo) }
    /// Until the second shown on the clocks changes.
    public var tickMilliseconds: Int { 1000 - now % 1000 }
}

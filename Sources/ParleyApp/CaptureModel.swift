import Foundation
import ParleyCore
import TerminalUI

/// Writes a payload as a stamped event and returns it once it is durable (fsynced).
/// `SessionRecorder` in the app; an in-memory or failing one in tests.
public protocol EventRecording: AnyObject {
    var sessionID: String { get }
    var writer: String { get }
    var path: String { get }
    /// Milliseconds since the session started, on the monotonic clock.
    var mono: Int { get }
    func record(_ body: EventBody) throws -> Event
}

/// The capture screen's model: session state plus what is on screen (composer, selection,
/// overlays). `handle` is the update function; `CaptureView` draws it.
public final class CaptureModel {
    public enum Mode: Equatable {
        case normal
        case help(scroll: Int)
        case jump(index: Int)
        case harvest(scroll: Int)
        case confirmQuit
    }

    public enum Outcome: Equatable { case keepRunning, quit }

    /// Layouts that depend only on content, kept between frames.
    final class LayoutCache {
        var promptLines: [String: [StyledLine]] = [:]
    }
    let layoutCache = LayoutCache()

    /// What undo takes back, newest last.
    enum UndoEntry {
        case added(String)
        case deleted(String)
        case edited(String, participant: String?, text: String, tags: [String])
        case tagged(String, String)
        case untagged(String, String)
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
    public private(set) var savedCount = 0
    /// Tag completion cycle: the prefix typed and the index of the candidate offered last.
    private var completion: (prefix: String, index: Int)?
    private var undoStack: [UndoEntry] = []
    private(set) var promptShownAtMono = 0
    var lastDrawnSecond = -1
    public let recorder: EventRecording
    /// Screenshots of the deck, decoded on first use.
    public var screenshots: ScreenshotLibrary
    /// What the terminal can colour; set by the app from the terminal.
    public var imageSupport = ImageSupport()
    /// Opens a file in the system viewer; returns an error message or nil. Injected: the model does no I/O itself.
    public var openExternally: (String) -> String? = { _ in "no viewer configured" }

    public init(state: SessionState, recorder: EventRecording) {
        self.state = state
        self.recorder = recorder
        screenshots = ScreenshotLibrary(deckPath: state.deckPath)
        promptShownAtMono = recorder.mono
        currentSpeaker = state.lastSpeaker
    }

    public var codebook: Codebook? { state.workshop?.codebook }
    public var currentPrompt: Prompt? { state.currentPrompt }
    public var visibleComments: [Comment] { visibleCommentIndices.map { state.comments[$0] } }
    /// Indices into `state.comments` of the current prompt's comments: what a frame reads, without copying them.
    public var visibleCommentIndices: [Int] { currentPrompt.map { state.liveCommentIndices(onPrompt: $0.id) } ?? [] }

    // MARK: Update

    /// Applies one key. Returns `.quit` once the session has ended and the app should exit.
    @discardableResult
    public func handle(_ key: Key) -> Outcome {
        if key == .terminate {
            endSession(reason: "signal")
            return .quit
        }
        if key == .resize { return .keepRunning }
        switch mode {
        case .help(let scroll): return handleHelp(key, scroll: scroll)
        case .harvest: mode = .normal; return key == .control("q") ? perform(.quit) : .keepRunning
        case .jump(let index): return handleJump(key, index: index)
        case .confirmQuit:
            if key == .character("y") || key == .character("Y") || key == .control("q") {
                endSession(reason: "quit")
                return .quit
            }
            mode = .normal
            return .keepRunning
        case .normal: break
        }
        if case .alt(let character) = key, let code = codebook?.code(key: character) {
            toggleTag(code.tag)
            return .keepRunning
        }
        if let action = captureKeymap.action(for: key, composerEmpty: composer.isEmpty) {
            return perform(action)
        }
        if case .character(let character) = key {
            composer.insert(character)
            completion = nil
            if banner != nil, !lastSaveFailed { banner = nil }
        }
        return .keepRunning
    }

    private func perform(_ action: CaptureAction) -> Outcome {
        if action != .completeTag { completion = nil }
        switch action {
        case .save: save()
        case .nextPrompt: showPrompt(state.promptIndex + 1)
        case .previousPrompt: showPrompt(state.promptIndex - 1)
        case .jumpToPrompt: mode = .jump(index: state.promptIndex)
        case .selectOlder: moveSelection(-1)
        case .selectNewer: moveSelection(+1)
        case .editSelected: beginEdit()
        case .deleteSelected: deleteSelected()
        case .undo: undo()
        case .marker: addMarker()
        case .completeTag: completeTag()
        case .help: mode = .help(scroll: 0)
        case .harvest: mode = .harvest(scroll: 0)
        case .openImage:
            banner = screenshots.open(currentPrompt, with: openExternally)
        case .cancel:
            if editingCommentID != nil { editingCommentID = nil; composer.clear() }
            selectedCommentID = nil
            if !lastSaveFailed { banner = nil }
        case .quit:
            if composer.isEmpty {
                endSession(reason: "quit")
                return .quit
            }
            mode = .confirmQuit
        case .redraw: break
        case .cursorLeft: composer.moveLeft()
        case .cursorRight: composer.moveRight()
        case .cursorHome: composer.moveHome()
        case .cursorEnd: composer.moveEnd()
        case .backspace: composer.backspace()
        case .deleteForward: composer.deleteForward()
        case .deleteWord: composer.deleteWordBackward()
        case .clearLine: composer.clear()
        }
        return .keepRunning
    }

    private func handleHelp(_ key: Key, scroll: Int) -> Outcome {
        switch key {
        case .down, .character("j"): mode = .help(scroll: scroll + 1)
        case .up, .character("k"): mode = .help(scroll: max(0, scroll - 1))
        case .pageDown, .character(" "): mode = .help(scroll: scroll + 10)
        case .pageUp: mode = .help(scroll: max(0, scroll - 10))
        case .control("q"): mode = .normal; return perform(.quit)
        default: mode = .normal
        }
        return .keepRunning
    }

    private func handleJump(_ key: Key, index: Int) -> Outcome {
        let count = state.prompts.count
        switch key {
        case .up: mode = .jump(index: max(0, index - 1))
        case .down: mode = .jump(index: min(count - 1, index + 1))
        case .pageUp: mode = .jump(index: max(0, index - 10))
        case .pageDown: mode = .jump(index: min(count - 1, index + 10))
        case .home: mode = .jump(index: 0)
        case .end: mode = .jump(index: count - 1)
        case .enter:
            mode = .normal
            showPrompt(index)
        case .control("q"): mode = .normal; return perform(.quit)
        default: mode = .normal
        }
        return .keepRunning
    }

    // MARK: Actions

    /// Records an event and applies it; on failure shows why and returns nil (the caller keeps its input).
    @discardableResult
    private func record(_ body: EventBody) -> Event? {
        do {
            let event = try recorder.record(body)
            state.apply(event)
            if lastSaveFailed { banner = nil }
            lastSaveFailed = false
            return event
        } catch {
            lastSaveFailed = true
            // The action first: a long log path must not push it off a narrow screen.
            banner = "NOT SAVED: your line is kept, Enter retries — \(error)"
            return nil
        }
    }

    func startSession(_ workshop: Workshop, deckPath: String? = nil) {
        record(.sessionStarted(SessionStart(workshop: workshop, deckPath: deckPath)))
        if !workshop.deck.prompts.isEmpty { showPrompt(0, initial: true) }
    }

    func resumeSession() {
        record(.sessionResumed)
        promptShownAtMono = recorder.mono
    }

    /// `initial`: the first prompt of a new session, shown although the index does not change.
    private func showPrompt(_ index: Int, initial: Bool = false) {
        guard state.prompts.indices.contains(index), index != state.promptIndex || initial else { return }
        let prompt = state.prompts[index]
        if record(.promptShown(prompt: prompt.id)) != nil {
            // A World Café prompt that belongs to a round starts it.
            if let round = prompt.round, round != state.round { record(.roundStarted(round: round)) }
            promptShownAtMono = recorder.mono
            selectedCommentID = nil
        }
    }

    private func save() {
        let line = CaptureLine.parse(composer.text)
        if let editing = editingCommentID, let original = state.comment(editing) {
            let participant: String? = switch line.speaker {
            case .unchanged: original.participant
            case .nobody: nil
            case .participant(let p): p
            }
            guard !line.text.isEmpty else { banner = "An edited comment needs text; Esc cancels the edit."; return }
            ensureParticipant(participant)
            if record(.commentEdited(comment: editing, participant: participant, text: line.text, tags: line.tags)) != nil {
                undoStack.append(.edited(editing, participant: original.participant, text: original.text, tags: original.tags))
                editingCommentID = nil
                selectedCommentID = nil
                composer.clear()
                savedCount += 1
            }
            return
        }
        guard let prompt = currentPrompt else { return }
        if let table = line.table, table != state.table {
            guard record(.tableSet(table: table)) != nil else { return }
        }
        switch line.speaker {
        case .unchanged: break
        case .nobody: currentSpeaker = nil
        case .participant(let p): currentSpeaker = p
        }
        // "P4:" or "T2:" alone only changes who speaks next or the table.
        guard !line.text.isEmpty else { composer.clear(); return }
        ensureParticipant(currentSpeaker)
        let payload = CommentPayload(comment: makeCommentID(), prompt: prompt.id, participant: currentSpeaker, text: line.text,
                                     tags: line.tags, table: state.table, round: state.round)
        if record(.commentAdded(payload)) != nil {
            undoStack.append(.added(payload.comment))
            composer.clear()
            selectedCommentID = nil
            savedCount += 1
        }
    }

    /// Who an unprefixed line is saved under: the last speaker named, or nobody.
    public private(set) var currentSpeaker: String?

    private func ensureParticipant(_ participant: String?) {
        guard let participant, !state.participants.contains(participant) else { return }
        var attributes: [String: String] = [:]
        if let table = state.table { attributes["table"] = table }
        record(.participantAdded(participant: participant, attributes: attributes))
    }

    /// Comment ids are UUIDs, so comments from several writers never collide in the store.
    var makeCommentID: () -> String = { UUID().uuidString.lowercased() }

    private func moveSelection(_ step: Int) {
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

    private func beginEdit() {
        guard let comment = targetComment else { banner = "No comment to edit on this prompt."; return }
        editingCommentID = comment.id
        selectedCommentID = comment.id
        composer.set(CaptureLine.format(participant: comment.participant, text: comment.text, tags: comment.tags))
    }

    private func deleteSelected() {
        guard let id = selectedCommentID, state.comment(id) != nil else {
            banner = "Select a comment with Up first, then Ctrl-D deletes it."
            return
        }
        if record(.commentDeleted(comment: id)) != nil {
            undoStack.append(.deleted(id))
            selectedCommentID = nil
            if editingCommentID == id { editingCommentID = nil; composer.clear() }
        }
    }

    private func toggleTag(_ tag: String) {
        if selectedCommentID == nil, !composer.isEmpty {
            // On the draft: add or remove "#tag" in the text itself.
            let line = CaptureLine.parse(composer.text)
            if line.tags.contains(tag) {
                let words = composer.text.split(separator: " ", omittingEmptySubsequences: false).filter { $0.lowercased() != "#" + tag }
                composer.set(words.joined(separator: " "))
            } else {
                composer.set(composer.text + (composer.text.hasSuffix(" ") ? "" : " ") + "#" + tag + " ")
            }
            return
        }
        guard let comment = targetComment else { banner = "No comment to tag: type one, or select one with Up."; return }
        if comment.tags.contains(tag) {
            if record(.commentUntagged(comment: comment.id, tag: tag)) != nil { undoStack.append(.untagged(comment.id, tag)) }
        } else {
            if record(.commentTagged(comment: comment.id, tag: tag)) != nil { undoStack.append(.tagged(comment.id, tag)) }
        }
    }

    private func undo() {
        guard let entry = undoStack.last else { banner = "Nothing to undo."; return }
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
        if record(body) != nil {
            undoStack.removeLast()
            banner = "Undone: \(what)."
        }
    }

    private func addMarker() {
        let label = composer.text.trimmingCharacters(in: .whitespaces)
        if record(.marker(label: label.isEmpty ? "marker" : label)) != nil {
            banner = "Marker saved: \(label.isEmpty ? "marker" : label) at \(ElapsedTime.format(milliseconds: recorder.mono))."
            composer.clear()
        }
    }

    private func completeTag() {
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

    private func endSession(reason: String) {
        record(.sessionEnded(reason: reason))
    }
}

/// Formats elapsed time as the header shows it.
public enum ElapsedTime {
    public static func format(milliseconds: Int) -> String {
        let seconds = max(0, milliseconds / 1000)
        let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60)
        return h > 0 ? "\(h):\(pad(m)):\(pad(s))" : "\(pad(m)):\(pad(s))"
    }
    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension CaptureModel: InteractiveScreen {
    public func handleKey(_ key: Key) -> Bool { handle(key) == .keepRunning }
    public func draw(into screen: inout Screen) { CaptureView.draw(self, into: &screen, nowMono: recorder.mono) }
    /// Redraw when the second shown on the clocks changes.
    public func tick() -> Bool {
        let second = recorder.mono / 1000
        defer { lastDrawnSecond = second }
        return second != lastDrawnSecond
    }
    public var tickMilliseconds: Int { 250 }
}

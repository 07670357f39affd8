import Foundation
import ParleyCore
import TerminalUI

/// The replay player's model: a position on the session clock, the state of the session at that
/// moment, and what is on screen (playing, speed, overlays, input). `update` is the only way it
/// changes; what must happen outside (open the viewer, load an image, quit) it returns as
/// `Effect`s. `ReplayView` draws it. Nothing here writes anywhere.
public struct ReplayModel {
    public enum Mode: Equatable {
        case normal
        case help(scroll: Int)
        /// Typing a session time after `g`.
        case goTo
        /// Typing a search after `/`.
        case search
    }

    public static let speeds = [1, 2, 4, 8, 16, 32, 64]
    /// Left / Right step.
    public static let seekStep = 10_000
    /// PgUp within this long of a prompt's start goes to the previous prompt instead of this one's start.
    static let promptRestartGrace = 3_000

    public let session: ReplaySession
    /// Session time shown, in ms since the session started.
    public private(set) var position = 0
    /// The state after `appliedCount` events: every event with time ≤ `position`.
    public private(set) var state: SessionState
    public private(set) var appliedCount: Int
    public private(set) var playing = false
    public private(set) var speedIndex = 0
    public private(set) var mode: Mode = .normal
    public private(set) var input = LineEditor()
    public private(set) var banner: String?
    /// The comment a jump or search landed on, drawn highlighted.
    public private(set) var highlightedCommentID: String?
    public private(set) var lastSearch: String?
    /// Event index of the last search match.
    private var lastMatch: Int?
    /// The monotonic clock (ms) that drives playing; injected so tests control time.
    let clock: () -> Int
    private var lastTick: Int
    /// The deck's screenshots (read from beside the deck file; nothing is written).
    public private(set) var screenshots: Screenshots
    /// What the terminal can colour; set by the app from the terminal.
    public var imageSupport = ImageSupport()
    /// The session's recordings, for the recording time beside the session time.
    public let recordings: ReplayRecordings
    /// A media player plays the recording alongside: `update` asks it to follow every play, pause, speed and seek.
    public var drivesPlayer = false

    /// `contentOverride`: the folder holding the deck file, if it moved since the session.
    public init(session: ReplaySession, contentOverride: String? = nil, clock: @escaping () -> Int = { SystemClock().monotonicMilliseconds() }) {
        self.session = session
        self.clock = clock
        screenshots = Screenshots(deckPath: session.deckPath, contentOverride: contentOverride)
        recordings = ReplayRecordings(session)
        appliedCount = session.eventCount(atTime: 0)
        state = session.state(afterEvents: appliedCount)
        lastTick = clock()
        if !session.issues.isEmpty {
            banner = "\(session.issues.count) problem\(session.issues.count == 1 ? "" : "s") in the logs (listed when you quit): " + session.issues[0]
        }
    }

    public var speed: Int { Self.speeds[speedIndex] }
    public var workshop: Workshop? { state.workshop ?? session.workshop }
    public var prompts: [Prompt] { workshop?.deck.prompts ?? [] }

    /// The prompt on the room's screen now: the facilitator's latest `prompt.shown`.
    public var promptChange: ReplaySession.PromptChange? {
        session.promptChangeIndex(afterEvents: appliedCount).map { session.promptChanges[$0] }
    }
    public var promptIndex: Int { promptChange?.promptIndex ?? 0 }
    public var currentPrompt: Prompt? {
        guard state.workshop != nil, prompts.indices.contains(promptIndex) else { return nil }
        return prompts[promptIndex]
    }

    /// The comments said on the current prompt so far: the first `count` of `comments`, in the
    /// order they appeared (deleted ones included: the view shows them as deleted).
    public func commentsOnCurrentPrompt() -> (comments: ReplaySession.PromptComments, count: Int) {
        guard let prompt = currentPrompt, let all = session.commentsByPrompt[prompt.id] else { return (.init(), 0) }
        return (all, ReplaySession.firstAtOrAfter(appliedCount, in: all.eventIndices))
    }

    /// Where the position is in the session's recordings.
    public var recordingReading: ReplayRecordings.Reading { recordings.reading(at: position) }

    /// The most recent event at or before the position.
    public var lastEvent: (event: Event, time: Int)? {
        appliedCount > 0 ? (session.events[appliedCount - 1], session.times[appliedCount - 1]) : nil
    }

    // MARK: Update

    public mutating func update(_ message: Message) -> [Effect] {
        // A key acts at the moment it came, not at the last tick (up to a tick × the speed before it):
        // a pause, a speed change or a seek while playing starts from where the playing really is, as mpv's does.
        if case .key = message, playing { advancePlayback(now: clock()) }
        var effects: [Effect] = []
        let before = (playing: playing, speed: speed, position: position)
        switch message {
        case .key(let key): effects = handle(key)
        case .tick(let now): advancePlayback(now: now)
        case .viewerOpened, .viewerFailed: banner = Screenshots.viewerLine(message)
        case .imageLoaded(let path, let image): screenshots.receive(image, for: path)
        case .playerFailed(let why): banner = why
        case .recorded, .recordFailed, .logRead, .roomEvents, .roomStatus, .roomClock: break
        }
        // Playing moves the position on each tick, and the player plays on by itself: only a key moves it.
        var moved = false
        if case .key = message { moved = position != before.position }
        return screenshots.load(currentPrompt) + effects + playerCommands(wasPlaying: before.playing, wasSpeed: before.speed, moved: moved)
    }

    /// The position in the media player's file, in seconds: the time into the recording that holds
    /// it (its start before the first one, its end past it).
    public var mediaSeconds: Double {
        switch recordingReading {
        case .noRecording, .before: 0
        case .inside(_, let milliseconds): Double(milliseconds) / 1000
        case .pastEnd(_, let length): Double(length) / 1000
        }
    }

    /// What the media player must do to stay in step after a change: only changes are sent.
    private func playerCommands(wasPlaying: Bool, wasSpeed: Int, moved: Bool) -> [Effect] {
        guard drivesPlayer, !recordings.all.isEmpty else { return [] }
        var commands: [PlayerCommand] = []
        if speed != wasSpeed { commands.append(.speed(Double(speed))) }
        if playing != wasPlaying {
            commands.append(playing ? .play(at: mediaSeconds) : .pause(at: mediaSeconds))
        } else if moved {
            commands.append(.seek(mediaSeconds))
        }
        return commands.map(Effect.player)
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if key == .terminate { return [.quit] }
        if key == .resize { return [] }
        // Nothing here uses Alt: an Alt-key is Esc typed quickly before a key.
        if case .alt(let character) = key { return handle(.escape) + handle(.character(character)) }
        switch mode {
        case .help(let scroll):
            mode = .normal
            guard let action = replayHelpKeymap.action(for: key) else { return [] }
            if action == .quit { return [.quit] }
            mode = .help(scroll: HelpPane.scroll(scroll, by: action))
            return []
        case .goTo, .search:
            return handleInput(key)
        case .normal:
            break
        }
        guard let action = replayKeymap.action(for: key) else { return [] }
        return perform(action)
    }

    private mutating func perform(_ action: ReplayAction) -> [Effect] {
        if action != .redraw { banner = nil }
        switch action {
        case .playPause:
            if playing { playing = false } else {
                if position >= session.duration { seek(to: 0) }
                playing = true
                lastTick = clock()
            }
        case .faster: speedIndex = min(Self.speeds.count - 1, speedIndex + 1); banner = "Speed \(speed)×"
        case .slower: speedIndex = max(0, speedIndex - 1); banner = "Speed \(speed)×"
        case .back: seek(to: position - Self.seekStep)
        case .forward: seek(to: position + Self.seekStep)
        case .previousPrompt: previousPrompt()
        case .nextPrompt: nextPrompt()
        case .start: seek(to: 0)
        case .end: seek(to: session.duration)
        case .nextComment: jump(in: session.commentAdds, forward: true, what: "comment")
        case .previousComment: jump(in: session.commentAdds, forward: false, what: "comment")
        case .nextMarker: jump(in: session.markerIndices, forward: true, what: "marker")
        case .previousMarker: jump(in: session.markerIndices, forward: false, what: "marker")
        case .goToTime: mode = .goTo; input.clear()
        case .search: mode = .search; input.set(lastSearch ?? "")
        case .openImage:
            if let open = screenshots.viewerEffect(for: currentPrompt) { return [open] }
            banner = Screenshots.nothingToOpen
        case .copyRecordingTime:
            let copy = recordingReading.copy
            banner = copy.banner
            if let time = copy.time { return [.copyToClipboard(time)] }
        case .help: mode = .help(scroll: 0)
        case .cancel: highlightedCommentID = nil
        case .redraw: break
        case .quit: return [.quit]
        }
        return []
    }

    private mutating func handleInput(_ key: Key) -> [Effect] {
        guard let action = inputKeymap.action(for: key) else {
            if case .character(let c) = key { input.insert(c) }
            return []
        }
        switch action {
        case .submit:
            let text = input.text.trimmingCharacters(in: .whitespaces)
            let wasSearch = mode == .search
            mode = .normal
            input.clear()
            if wasSearch { search(text) } else { goTo(text) }
        case .cancel: mode = .normal; input.clear()
        case .quit: return [.quit]
        // Backspace on an empty line closes it.
        case .edit(.backspace) where input.isEmpty: mode = .normal
        case .edit(let edit): input.apply(edit)
        }
        return []
    }

    // MARK: Moving

    /// Puts the player at session time `time` (clamped to the session); the state follows exactly.
    public mutating func seek(to time: Int) {
        let time = min(max(0, time), session.duration)
        let count = session.eventCount(atTime: time)
        session.advance(&state, from: appliedCount, to: count)
        appliedCount = count
        position = time
        // A highlight lasts while its comment is on screen and recent.
        if let id = highlightedCommentID {
            let added = state.comment(id).flatMap { session.time(of: $0.at) }
            if added.map({ $0 > time || time - $0 > 60_000 }) ?? true { highlightedCommentID = nil }
        }
    }

    private mutating func nextPrompt() {
        let changes = session.promptChanges
        guard let next = changes.first(where: { $0.time > position }) else {
            banner = "This is the last prompt shown in the session."
            return
        }
        seek(to: next.time)
    }

    private mutating func previousPrompt() {
        let changes = session.promptChanges
        guard let current = session.promptChangeIndex(afterEvents: appliedCount) else { seek(to: 0); return }
        if position - changes[current].time > Self.promptRestartGrace || current == 0 {
            seek(to: changes[current].time)
        } else {
            seek(to: changes[current - 1].time)
        }
    }

    /// Jumps to the first event in `indices` after the position (forward), or the last one before it.
    private mutating func jump(in indices: [Int], forward: Bool, what: String) {
        // Events after the position are those past `appliedCount`; before it, those with time < position.
        let i = forward ? ReplaySession.firstAtOrAfter(appliedCount, in: indices)
                        : ReplaySession.firstAtOrAfter(session.eventCount(atTime: position - 1), in: indices) - 1
        guard indices.indices.contains(i) else {
            banner = forward ? "No later \(what) in the session." : "No earlier \(what) in the session."
            return
        }
        seek(to: session.times[indices[i]])
        highlightedCommentID = session.events[indices[i]].body.commentID
    }

    /// `g 01:12:30`: session time h:mm:ss, mm:ss, or a number of minutes.
    private mutating func goTo(_ text: String) {
        guard !text.isEmpty else { return }
        guard let time = ReplayClock.parse(text) else {
            banner = "\"\(text)\" is not a time; type h:mm:ss (01:12:30), mm:ss (12:30) or minutes (45)."
            return
        }
        if time > session.duration {
            banner = "The session lasted \(ReplayClock.format(session.duration)); went to its end."
        }
        seek(to: time)
    }

    /// Finds the next event after the position (or after the last match, when still there) whose
    /// text, tags, speaker or label contains `text`, ignoring case and accents; wraps round once.
    private mutating func search(_ text: String) {
        guard !text.isEmpty else { return }
        if text != lastSearch { lastMatch = nil }
        lastSearch = text
        let needle = ReplaySearch(text)
        let events = session.events
        var start = appliedCount
        if let last = lastMatch, session.times[last] == position { start = last + 1 }
        var found = (start..<events.count).first { needle.matches(events[$0]) }
        let wrapped = found == nil
        if found == nil { found = (0..<min(start, events.count)).first { needle.matches(events[$0]) } }
        guard let found else {
            banner = "No match for \"\(text)\" in this session."
            return
        }
        seek(to: session.times[found])
        lastMatch = found
        highlightedCommentID = events[found].body.commentID
        let total = events.reduce(0) { $0 + (needle.matches($1) ? 1 : 0) }
        banner = (wrapped ? "Wrapped to the start. " : "") +
            "\"\(text)\" at \(ReplayClock.format(session.times[found])), \(total) match\(total == 1 ? "" : "es") in the session; / Enter: next"
    }

    // MARK: Playing

    /// Advances the position by the time passed since the last tick (`now` on the injected clock), times the speed.
    mutating func advancePlayback(now: Int) {
        defer { lastTick = now }
        guard playing else { return }
        let target = position + max(0, now - lastTick) * speed
        if target >= session.duration {
            seek(to: session.duration)
            playing = false
            banner = "End of the session. Space plays it again from the start."
        } else {
            seek(to: target)
        }
    }
}

/// Matches a search against events: comment text (added or edited), tags (`#trust`), speakers
/// (`P3`), marker labels. Case- and accent-insensitive.
struct ReplaySearch {
    let needle: String
    let tag: String?

    init(_ text: String) {
        needle = text
        tag = text.hasPrefix("#") ? String(text.dropFirst()).lowercased() : nil
    }

    func contains(_ haystack: String) -> Bool {
        haystack.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    func matches(_ event: Event) -> Bool {
        switch event.body {
        case .commentAdded(let c):
            if let tag { return c.tags.contains(tag) }
            return contains(c.text) || c.participant.map { $0.caseInsensitiveCompare(needle) == .orderedSame } ?? false
        case .commentEdited(_, let participant, let text, let tags):
            if let tag { return tags.contains(tag) }
            return contains(text) || participant.map { $0.caseInsensitiveCompare(needle) == .orderedSame } ?? false
        case .commentTagged(_, let t):
            return tag == t
        case .marker(let label):
            return tag == nil && contains(label)
        default:
            return false
        }
    }
}

/// Session-clock times as the player shows and reads them: `01:12:30`.
public enum ReplayClock {
    public static func format(_ milliseconds: Int) -> String {
        let seconds = max(0, milliseconds) / 1000
        return String(format: "%02d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60)
    }

    /// `01:12:30`, `1:12:30`, `12:30`, `45` (minutes); nil for anything else.
    public static func parse(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 4, part.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(part) else { return nil }
            numbers.append(n)
        }
        switch numbers.count {
        case 1: return numbers[0] * 60_000
        case 2: guard numbers[1] < 60 else { return nil }; return (numbers[0] * 60 + numbers[1]) * 1000
        default: guard numbers[1] < 60, numbers[2] < 60 else { return nil }; return (numbers[0] * 3600 + numbers[1] * 60 + numbers[2]) * 1000
        }
    }
}

extension ReplayModel: InteractiveScreen {
    public func draw(into screen: inout Screen, memo: FrameMemo) { ReplayView.draw(self, into: &screen, memo: memo) }
    /// About 20 frames a second while playing; idle otherwise.
    public var tickMilliseconds: Int { playing ? 50 : 1000 }
}

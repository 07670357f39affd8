import ParleyCore

/// The room as a screen knows it, told by the wiring from the network's reports. Screens never
/// see the network: only this, `.roomEvents`, and the `.share` effect.
public struct RoomStatus: Equatable, Sendable {
    public enum Role: Equatable, Sendable {
        /// This laptop opened the room: its code, and the addresses to join by hand.
        case host(code: String, addresses: [String])
        /// This laptop joined the room at `address`, led by `facilitator`.
        case joiner(facilitator: String, address: String)
    }

    public enum Link: Equatable, Sendable {
        case open
        case connecting
        /// Lost; trying again in `retryInMilliseconds`.
        case lost(reason: String, retryInMilliseconds: Int)
        /// The room will not take this laptop; no more tries.
        case refused(String)
    }

    public var role: Role
    public var link: Link
    /// Host: the writers connected now.
    public var joined: [String]

    public init(role: Role, link: Link = .open, joined: [String] = []) {
        self.role = role; self.link = link; self.joined = joined
    }

    public var isHost: Bool { if case .host = role { true } else { false } }
}

/// What the capture screen keeps of the room: everyone's events as they arrive (so the feed and the
/// per-writer counts are a `SessionState` like any other), and whether a joiner follows the
/// facilitator's prompt or is looking back.
public struct CaptureRoom {
    public var status: RoomStatus
    /// Every event seen in the room, this laptop's included; the facilitator leads its prompt.
    public private(set) var state = SessionState()
    private var seen: Set<String> = []
    /// Joiner: whether the screen moves with the facilitator (false while looking back).
    public var following = true
    /// Whether the live feed of everyone's notes replaces this prompt's comments.
    public var showingFeed = false
    /// Session time (ms) the link last changed: a retry's countdown runs from it.
    public var linkChangedAt = 0
    /// What places notes on the room's time line for the feed: each writer's clock.offsets, and the seq
    /// each comment was added at.
    private var clockEvents: [Event] = []
    private var addedSeq: [String: Int] = [:]

    public init(status: RoomStatus) { self.status = status }

    static let notInARoom = "Not in a room: the feed and following are for `parley run --room` and `parley join`."


    /// Takes an event in once (the room delivers at least once). Only the facilitator moves the
    /// room's prompt, whatever the others are named.
    mutating func take(_ event: Event) {
        switch event.body {
        case .promptShown, .roundStarted:
            guard case .joiner(let facilitator, _) = status.role, event.writer == facilitator else { return }
        default: break
        }
        guard seen.insert(event.id).inserted else { return }
        state.apply(event)
        switch event.body {
        case .clockOffset: clockEvents.append(event)
        case .commentAdded(let payload): addedSeq[payload.comment] = event.seq
        default: break
        }
    }

    /// Joiner: the facilitator ended the session (and has not resumed it): the room is gone for good, not
    /// lost. Only the facilitator's prompts are taken in, so the state's room writer is the facilitator.
    public var facilitatorEnded: Bool {
        guard case .joiner = status.role else { return false }
        return state.sessionEnded
    }

    /// Joiner: when the facilitator showed the room's prompt (the facilitator's clock).
    public var roomPromptShownAt: String? { state.promptShownAt }

    /// Everyone's live notes on the room's time line, oldest first: they arrive in no such order (a laptop
    /// back from a lost link sends its whole log at once).
    public var feed: [Comment] {
        let clocks = WriterClocks(clockEvents)
        return state.comments.filter { !$0.deleted }
            .map { comment in (comment, clocks.milliseconds(at: comment.at, writer: comment.writer, seq: addedSeq[comment.id] ?? 0) ?? 0) }
            .sorted { ($0.1, $0.0.writer, $0.0.id) < ($1.1, $1.0.writer, $1.0.id) }
            .map(\.0)
    }

    /// The prompt the facilitator shows now.
    public var roomPrompt: Prompt? { state.currentPrompt }

    /// Live notes per writer, most first then by name: the facilitator's header shows them.
    public var notesPerWriter: [(writer: String, count: Int)] {
        var counts: [String: Int] = [:]
        for comment in state.comments where !comment.deleted { counts[comment.writer, default: 0] += 1 }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }
}

import ParleyCore
import TerminalGraphics
import TerminalUI

/// The audience view's model: the session as the followed log tells it (`.logRead`), and the
/// line saying how `o` went. `PresentView` draws it: the current prompt full-screen, never
/// comments, participants or notes.
public struct PresentModel {
    public private(set) var state = SessionState()
    public private(set) var screenshots: Screenshots
    private let contentOverride: String?
    public var imageSupport = ImageSupport()
    public let logPath: String
    /// A line at the bottom after `o`, until the prompt changes.
    public private(set) var notice: String?
    /// Fed over a room: how the link is (the view says so, discreetly, when it is not open).
    public private(set) var roomLink: RoomStatus.Link?

    /// A dim line while the room is away, so whoever runs the projector knows it is not frozen by choice;
    /// and once the facilitator ended the session (the projector hears only the facilitator), that it has.
    public var roomNotice: String? {
        if state.ended { return "the session has ended · q quits" }
        if state.paused { return "paused" }
        return switch roomLink {
        case .lost(_, let retry)?: "room lost: reconnecting in \((retry + 999) / 1000) s"
        case .refused(let why)?: "room refused: \(why)"
        default: nil
        }
    }

    public init(logPath: String, contentOverride: String? = nil) {
        self.logPath = logPath
        self.contentOverride = contentOverride
        screenshots = Screenshots(deckPath: nil, contentOverride: contentOverride)
    }

    public mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .logRead(let events, let restarted): read(events, restarted: restarted)
        case .roomEvents(let events): read(events, restarted: false)
        case .roomStatus(let status): roomLink = status.link
        case .key(let key):
            switch key == .terminate ? PresentAction.quit : presentKeymap.action(for: key) {
            case .quit: return [.quit]
            case .openImage:
                if let open = screenshots.viewerEffect(for: state.currentPrompt) { return [open] }
                notice = Screenshots.nothingToOpen
            case nil: break
            }
        case .viewerOpened, .viewerFailed: notice = Screenshots.viewerLine(message)
        case .imageLoaded(let path, let image): screenshots.receive(image, for: path)
        case .tick, .recorded, .recordFailed, .roomClock, .playerFailed: break
        }
        return screenshots.load(state.currentPrompt)
    }

    /// Applies what the run appended (from the start again when the log was replaced).
    private mutating func read(_ events: [Event], restarted: Bool) {
        if restarted { state = SessionState() }
        let hadWorkshop = state.workshop != nil, before = state.promptIndex
        for event in events { state.apply(event) }
        if state.promptIndex != before || restarted { notice = nil }
        if !hadWorkshop, state.workshop != nil {
            screenshots = Screenshots(deckPath: state.deckPath, contentOverride: contentOverride)
        }
    }
}

extension PresentModel: InteractiveScreen {
    public func draw(into screen: inout Screen, memo: FrameMemo) { PresentView.draw(self, into: &screen) }
    /// How often the followed log is read: within the 100 ms a room notices.
    public var tickMilliseconds: Int { 40 }
}

import ParleyCore
import ParleyLog
import TerminalGraphics
import TerminalUI

// How each screen is wired to the loop: the I/O its effects need and what time brings it.

/// The room as the loop sees it (a host or a joiner; the network lives behind it): saved events
/// go out, what arrived comes in as messages. No call may wait for the network.
public protocol RoomConnection: AnyObject {
    /// Hands a saved event to the room: kept until `flush`, so a key's frame never waits on the
    /// room's thread (waking it and sealing costs a few tenths of a millisecond on a busy laptop).
    func share(_ event: Event)
    /// Sends what `share` kept; the loop calls it once the frame is drawn.
    func flush()
    /// What arrived since the last call.
    func arrivals() -> [Message]
}

/// How often a screen in a room looks for what arrived: well inside the 100 ms a follower has.
let roomWakeMilliseconds = 10

extension CaptureSetup.Prepared {
    /// Runs the capture screen on `terminal` until the session ends; returns the model as it ended.
    public func run(on terminal: Terminal, room: RoomConnection? = nil) -> CaptureModel {
        var model = self.model
        model.imageSupport = terminal.imageSupport
        let recorder = self.recorder
        let effects = EffectRunner(recorder: recorder, share: { room?.share($0) })
        guard let room else {
            AppLoop.run(&model, on: terminal, effects: effects) { [.tick(now: recorder.mono)] }
            return model
        }
        // Woken often for the room, but redrawn only when something came or the clocks' second changed.
        var shownSecond = -1
        AppLoop.run(&model, on: terminal, effects: effects, wakeEvery: roomWakeMilliseconds, afterFrame: room.flush) {
            let now = recorder.mono, arrivals = room.arrivals()
            guard !arrivals.isEmpty || now / 1000 != shownSecond else { return [] }
            shownSecond = now / 1000
            return [.tick(now: now)] + arrivals
        }
        return model
    }
}

extension PresentModel {
    /// Runs the audience view on `terminal`, following `feed`'s log, until `q`.
    public static func run(following feed: LogFeed, contentOverride: String?, on terminal: Terminal) {
        var model = PresentModel(logPath: feed.follower.path, contentOverride: contentOverride)
        model.imageSupport = terminal.imageSupport
        let effects = EffectRunner()
        if let first = feed.first { _ = effects.send(first, to: &model) }
        AppLoop.run(&model, on: terminal, effects: effects) { feed.follower.read().map { [$0] } ?? [] }
    }

    /// Runs the audience view on `terminal`, fed by a room, until `q`. `assets`: where the room's
    /// copies of the deck's screenshots are kept.
    public static func run(joined room: RoomConnection, first: [Message], assets: String, on terminal: Terminal) {
        var model = PresentModel(logPath: "room", contentOverride: assets)
        model.imageSupport = terminal.imageSupport
        let effects = EffectRunner()
        guard AppLoop.send(first, &model, effects) else { return }
        AppLoop.run(&model, on: terminal, effects: effects, wakeEvery: roomWakeMilliseconds, tick: room.arrivals)
    }
}

/// A log to follow, read once already: a file that is not a session log is refused by that first
/// read (as every reader refuses it), before a terminal is opened.
public struct LogFeed {
    public let follower: LogFollower
    let first: Message?

    public init(path: String) throws {
        follower = LogFollower(path: path)
        first = follower.read()
        if let refusal = follower.refusal { throw refusal }
    }
}

extension ReplayModel {
    /// Runs the player on `terminal` until `q`, keeping `mediaPlayer` (if any) in step from where it stands now.
    public mutating func run(on terminal: Terminal, mediaPlayer: MPVPlayer? = nil) {
        imageSupport = terminal.imageSupport
        let clock = self.clock
        let effects = EffectRunner(clipboard: terminal.copyToClipboard, player: mediaPlayer)
        if let mediaPlayer {
            drivesPlayer = true
            if let why = mediaPlayer.send(.seek(mediaSeconds)) { _ = update(.playerFailed(why)) }
        }
        AppLoop.run(&self, on: terminal, effects: effects) { [.tick(now: clock())] }
    }
}

extension LogFollower {
    /// What the followed log gained since the last read, as a message; nil when nothing changed.
    public func read() -> Message? {
        let events = poll()
        guard !events.isEmpty || restarted else { return nil }
        return .logRead(events, restarted: restarted)
    }
}

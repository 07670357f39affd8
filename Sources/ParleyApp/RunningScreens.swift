import ParleyCore
import ParleyLog
import TerminalGraphics
import TerminalUI

// How each screen is wired to the loop: the I/O its effects need and what time brings it.

extension CaptureSetup.Prepared {
    /// Runs the capture screen on `terminal` until the session ends; returns the model as it ended.
    public func run(on terminal: Terminal) -> CaptureModel {
        var model = self.model
        model.imageSupport = terminal.imageSupport
        let recorder = self.recorder
        AppLoop.run(&model, on: terminal, effects: EffectRunner(recorder: recorder)) { .tick(now: recorder.mono) }
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
        AppLoop.run(&model, on: terminal, effects: effects, tick: feed.follower.read)
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
    /// Runs the player on `terminal` until `q`.
    public mutating func run(on terminal: Terminal) {
        imageSupport = terminal.imageSupport
        let clock = self.clock
        AppLoop.run(&self, on: terminal, effects: EffectRunner()) { .tick(now: clock()) }
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

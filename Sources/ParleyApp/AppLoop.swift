// ParleyApp: the screens (capture, present, replay) as model + update(message) -> [Effect] + view,
// and the loop that performs the effects.

import TerminalUI

/// A screen the loop can drive (the capture screen, the audience view, the replay player): a
/// model changed only by `update`, drawn by a pure view.
public protocol InteractiveScreen {
    /// Applies a message; returns what must happen outside, for the loop to do.
    mutating func update(_ message: Message) -> [Effect]
    func draw(into screen: inout Screen, memo: FrameMemo)
    /// How long to wait for a key before asking what time brought (ms).
    var tickMilliseconds: Int { get }
}

/// The edge of every screen: read keys, update, do the effects, draw. Keys that are already
/// waiting (a paste) are applied together before one redraw, so a 10,000-character paste stays fast.
public enum AppLoop {
    /// `tick` says what time brought: a clock's new time, lines a followed log gained, what the
    /// room sent, or nothing (no redraw). It is asked when no key came within the tick (or within
    /// `wakeEvery` ms, for a room's messages to show promptly), and before each frame.
    /// `afterFrame` runs once a frame is on the terminal, and on the way out: work a key caused
    /// that its frame need not wait for (handing saved events to the room).
    public static func run<S: InteractiveScreen>(_ screen: inout S, on terminal: Terminal, effects: EffectRunner, wakeEvery: Int? = nil,
                                                 afterFrame: () -> Void = {}, tick: () -> [Message]) {
        let memo = FrameMemo()
        defer { afterFrame() }
        guard frame(&screen, terminal, effects, memo, tick) else { return }
        afterFrame()
        while true {
            guard let key = terminal.readKey(timeoutMilliseconds: min(screen.tickMilliseconds, wakeEvery ?? .max)) else {
                let messages = tick()
                guard !messages.isEmpty else { continue }
                guard send(messages, &screen, effects) else { return }
                redraw(screen, terminal, memo)
                afterFrame()
                continue
            }
            guard effects.send(.key(key), to: &screen) else { return }
            var pending = 0
            while pending < 4096, let next = terminal.readKey(timeoutMilliseconds: 0) {
                guard effects.send(.key(next), to: &screen) else { return }
                pending += 1
            }
            guard frame(&screen, terminal, effects, memo, tick) else { return }
            afterFrame()
        }
    }

    /// Brings the screen up to the time, then draws it; false if it asked to quit.
    static func frame<S: InteractiveScreen>(_ screen: inout S, _ terminal: Terminal, _ effects: EffectRunner, _ memo: FrameMemo, _ tick: () -> [Message]) -> Bool {
        guard send(tick(), &screen, effects) else { return false }
        redraw(screen, terminal, memo)
        return true
    }

    /// Sends each message in turn; false once one asked to quit.
    static func send<S: InteractiveScreen>(_ messages: [Message], _ screen: inout S, _ effects: EffectRunner) -> Bool {
        messages.allSatisfy { effects.send($0, to: &screen) }
    }

    static func redraw<S: InteractiveScreen>(_ app: S, _ terminal: Terminal, _ memo: FrameMemo) {
        let size = terminal.size
        var screen = Screen(width: size.width, height: size.height)
        memo.startFrame()
        app.draw(into: &screen, memo: memo)
        terminal.draw(screen)
    }
}

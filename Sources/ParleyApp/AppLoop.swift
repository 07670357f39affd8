import TerminalUI

/// A screen the loop can drive: the capture screen, the audience view, the replay player.
public protocol InteractiveScreen: AnyObject {
    /// Applies a key; false once the screen is finished.
    func handleKey(_ key: Key) -> Bool
    func draw(into screen: inout Screen)
    /// Called when no key came within the tick; true if the screen changed (a clock, a followed log).
    func tick() -> Bool
    /// How long to wait for a key before `tick` (ms).
    var tickMilliseconds: Int { get }
}

/// The effect edge of every screen: read keys, update, draw. Keys that are already waiting
/// (a paste) are applied together before one redraw, so a 10,000-character paste stays fast.
public enum AppLoop {
    public static func run(_ app: InteractiveScreen, on terminal: Terminal) {
        redraw(app, terminal)
        while true {
            guard let key = terminal.readKey(timeoutMilliseconds: app.tickMilliseconds) else {
                if app.tick() { redraw(app, terminal) }
                continue
            }
            guard app.handleKey(key) else { return }
            var pending = 0
            while pending < 4096, let next = terminal.readKey(timeoutMilliseconds: 0) {
                guard app.handleKey(next) else { return }
                pending += 1
            }
            redraw(app, terminal)
        }
    }

    static func redraw(_ app: InteractiveScreen, _ terminal: Terminal) {
        let size = terminal.size
        var screen = Screen(width: size.width, height: size.height)
        app.draw(into: &screen)
        terminal.draw(screen)
    }
}

import BenchReport
import Foundation
import TerminalGraphics
import TerminalUI

/// A 160×48 terminal in memory for a screen run by the real loop on its own thread: keys are
/// pressed from the benchmark's thread, and each frame is timed as the loop hands it over.
final class BenchTerminal: Terminal, @unchecked Sendable {
    let size = Size(width: 160, height: 48)
    let imageSupport = ImageSupport()
    /// Told of every frame, with the time the loop handed it over (on the loop's thread).
    private let onDraw: (Screen, Double) -> Void
    private let condition = NSCondition()
    private var keys: [Key] = []
    private var pressed = 0, taken = 0, framed = 0, frames = 0
    private var keyFrameTime = 0.0
    private var closing = false

    init(onDraw: @escaping (Screen, Double) -> Void = { _, _ in }) { self.onDraw = onDraw }

    func copyToClipboard(_ text: String) {}

    func readKey(timeoutMilliseconds: Int) -> Key? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: Double(timeoutMilliseconds) / 1000)
        while keys.isEmpty, !closing, condition.wait(until: deadline) {}
        if closing { return .terminate }
        guard !keys.isEmpty else { return nil }
        taken += 1
        return keys.removeFirst()
    }

    func draw(_ screen: Screen) {
        let time = now()
        onDraw(screen, time)
        condition.lock()
        frames += 1
        // The loop draws once after the keys it took: that frame is theirs.
        if taken > framed { framed = taken; keyFrameTime = time }
        condition.broadcast()
        condition.unlock()
    }

    /// Presses `key` and waits (at most 2 s) for its frame; the seconds from press to frame, nil if none came.
    func press(_ key: Key) -> Double? {
        condition.lock()
        defer { condition.unlock() }
        let start = now()
        keys.append(key)
        pressed += 1
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: 2)
        while framed < pressed, condition.wait(until: deadline) {}
        return framed < pressed ? nil : keyFrameTime - start
    }

    /// Waits (at most `seconds`) until the loop drew its first frame.
    func awaitFirstFrame(seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: seconds)
        while frames == 0, condition.wait(until: deadline) {}
        return frames > 0
    }

    /// The loop's next key is a terminate, as on SIGTERM: the screen ends its session and returns.
    func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        condition.unlock()
    }
}

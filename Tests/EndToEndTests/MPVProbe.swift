import Foundation
@testable import ParleyApp

/// A second client on a real mpv's JSON IPC socket (mpv takes several): on a thread of its own it asks
/// mpv, again and again, where it is (`time-pos`), whether it is paused and at what speed, and keeps
/// each answer with the moment it came. Every wait is bounded.
final class MPVProbe: @unchecked Sendable {
    struct Sample {
        /// When the answers came, in seconds on the monotonic clock (`MPVProbe.now`).
        var at: Double
        var position: Double?
        var paused: Bool?
        var speed: Double?
    }

    static var now: Double { ProcessInfo.processInfo.systemUptime }

    private let fd: Int32
    private let lock = NSLock()
    private var taken: [Sample] = []
    private var stopped = false
    private var closed = false
    private var unread: [UInt8] = []
    private var lastRequest = 0

    init(socket path: String) throws {
        fd = try MPVPlayer.connect(path, within: 5)
        Thread.detachNewThread { [self] in run() }
    }

    /// Stops asking; the connection closes.
    func stop() { lock.withLock { stopped = true } }

    /// True once mpv closed the connection (it quit).
    var isGone: Bool { lock.withLock { closed } }

    /// Whether mpv quits within `seconds`.
    func quits(within seconds: Double) -> Bool {
        let deadline = Self.now + seconds
        while !isGone && Self.now < deadline { usleep(20_000) }
        return isGone
    }

    var samples: [Sample] { lock.withLock { taken } }

    /// The first sample taken after `since` that `matches`, waiting up to `seconds` for it.
    func first(after since: Double, within seconds: Double, where matches: (Sample) -> Bool) -> Sample? {
        let deadline = Self.now + seconds
        while true {
            if let found = samples.first(where: { $0.at > since && matches($0) }) { return found }
            if Self.now > deadline || isGone { return nil }
            usleep(5_000)
        }
    }

    /// Where mpv came to rest, paused, after `since`: a paused position that has not moved for 0.2 s.
    func restingPosition(after since: Double, within seconds: Double = 5) -> Double? {
        let deadline = Self.now + seconds
        while Self.now < deadline, !isGone {
            let recent = samples.filter { $0.at > since }
            if let last = recent.last, last.paused == true, let position = last.position,
               let settledFrom = recent.last(where: { $0.paused != true || $0.position != position }).map(\.at) ?? recent.first?.at,
               last.at - settledFrom >= 0.2 {
                return position
            }
            usleep(20_000)
        }
        return nil
    }

    private func run() {
        defer { lock.withLock { closed = true }; close(fd) }
        let deadline = Self.now + 180
        while Self.now < deadline, !lock.withLock({ stopped }) {
            guard let position = ask("time-pos"), let paused = ask("pause"), let speed = ask("speed") else { return }
            let sample = Sample(at: Self.now, position: position as? Double, paused: paused as? Bool, speed: speed as? Double)
            lock.withLock { taken.append(sample) }
            usleep(3_000)
        }
    }

    /// mpv's answer for `property` (NSNull while it has none, e.g. mid-seek); nil once mpv is gone or silent for 2 s.
    private func ask(_ property: String) -> Any? {
        lastRequest += 1
        let bytes = Array(#"{"command":["get_property","\#(property)"],"request_id":\#(lastRequest)}"#.utf8 + [10])
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else { return nil }
        let deadline = Self.now + 2
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Self.now < deadline {
            while let newline = unread.firstIndex(of: 10) {
                let line = Data(unread[..<newline])
                unread.removeSubrange(...newline)
                guard let reply = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any],
                      reply["request_id"] as? Int == lastRequest else { continue }
                return reply["data"] ?? NSNull()
            }
            guard FakeMPV.wait(fd, seconds: 0.5) else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EAGAIN { continue }
            guard n > 0 else { return nil }
            unread += buffer[0..<n]
        }
        return nil
    }
}

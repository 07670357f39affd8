import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// Replay keeping mpv in step, against a fake mpv: a Unix socket that records the IPC lines it gets.
@Suite(.serialized) struct ReplayMediaPlayerTests {
    @Test func playPauseSpeedAndSeeksReachThePlayerAtTheRecordingsTime() throws {
        let t = try Tmux()
        // The recording started a minute into the session: session 02:00 is 60 s into it.
        let logs = try ScriptedSession.write(in: t) + [try Self.writeRecorderLog(in: t, recordingAt: 60)]
        let mpv = try FakeMPV(path: t.path("mpv.sock"))
        try t.start(["replay", "--at", "02:00", "--mpv-socket", mpv.path] + logs)
        try t.waitFor("00:02:00 / 00:15:00")
        try t.keys("Right"); try t.waitFor("00:02:10 / 00:15:00")
        try t.keys("+"); try t.waitFor("⏸ 2×")
        try t.keys("Space"); try t.waitFor("▶ 2×")
        try t.keys("Space"); try t.waitFor("⏸ 2×")
        try t.keys("g"); try t.type("00:05:00"); try t.keys("Enter")
        try t.waitFor("00:05:00 / 00:15:00")
        try t.keys("q"); try t.waitFor("EXITED 0")

        let lines = mpv.lines(atLeast: 8, seconds: 5)
        func seek(_ seconds: String) -> String { #"{"command":["seek",\#(seconds),"absolute+exact"]}"# }
        let pause = { (paused: Bool) in #"{"command":["set_property","pause",\#(paused)]}"# }
        #expect(lines.count == 8)
        guard lines.count == 8 else { return }
        #expect(Array(lines[0...4]) == [seek("60.000"), seek("70.000"), #"{"command":["set_property","speed",2.0]}"#, seek("70.000"), pause(false)])
        #expect(lines[5] == pause(true))
        // Paused where the replay stopped: a little after 70 s, at twice the time it played.
        let pausedAt = Self.seekSeconds(lines[6])
        #expect(pausedAt.map { $0 >= 70 && $0 < 90 } ?? false, "\(lines[6])")
        #expect(lines[7] == seek("240.000"))
    }

    @Test func aPlayerThatIsNotThereIsAnErrorBeforeTheScreenOpens() throws {
        let t = try Tmux()
        let logs = try ScriptedSession.write(in: t)
        let run = try Program.runWithStatus([try ParleyBuild.binary, "replay", "--mpv-socket", "/nonexistent/mpv.sock"] + logs)
        #expect(run.status != 0 && run.error.contains("cannot reach mpv at /nonexistent/mpv.sock"))
    }

    static func seekSeconds(_ line: String) -> Double? {
        guard line.hasPrefix(#"{"command":["seek","#) else { return nil }
        return Double(line.dropFirst(#"{"command":["seek","#.count).prefix { $0 != "," })
    }

    /// A third writer's log holding the `recording.started` at `recordingAt` seconds of the session.
    static func writeRecorderLog(in t: Tmux, recordingAt: Double) throws -> String {
        let (workshop, deckPath) = try ContentLoader.loadWorkshop(ParleyBuild.repository.appendingPathComponent("Decks/demo.yaml").path)
        let clock = ScriptClock()
        let path = t.path("recorder.jsonl")
        let recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: ScriptedSession.sessionID, writer: "recorder", clock: clock)
        try recorder.record(.sessionStarted(SessionStart(workshop: workshop, deckPath: deckPath)))
        clock.seconds = recordingAt
        try recorder.record(.recordingStarted(RecordingStart(label: "zoom_0001.m4a")))
        recorder.close()
        return path
    }
}

/// Listens where mpv's IPC socket would be, takes one connection and keeps every line it receives.
final class FakeMPV: @unchecked Sendable {
    let path: String
    private let listener: Int32
    private let lock = NSLock()
    private var received = ""
    private var stopped = false

    init(path: String) throws {
        self.path = path
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 1) == 0 else { throw TestError(description: "cannot listen at \(path)") }
        Thread.detachNewThread { [self] in serve() }
    }

    deinit {
        lock.withLock { stopped = true }
    }

    /// The lines received, once there are `count` of them or `seconds` passed.
    func lines(atLeast count: Int, seconds: Double) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let lines = lock.withLock { received.split(separator: "\n").map(String.init) }
            if lines.count >= count || Date() > deadline { return lines }
            usleep(20_000)
        }
    }

    /// Every wait is bounded: the test ends whatever replay does.
    private func serve() {
        defer { close(listener) }
        guard Self.wait(listener, seconds: 20) else { return }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !lock.withLock({ stopped }) {
            guard Self.wait(connection, seconds: 0.1) else { continue }
            let n = read(connection, &buffer, buffer.count)
            if n <= 0 { return }
            lock.withLock { received += String(decoding: buffer[0..<n], as: UTF8.self) }
        }
    }

    /// Whether `fd` has something to read within `seconds`.
    static func wait(_ fd: Int32, seconds: Double) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, Int32(seconds * 1000)) > 0
    }
}

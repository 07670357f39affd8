import Foundation
import Testing

/// `parley replay --media` driving a real mpv, headless (no window, no sound card): what mpv itself
/// says about its position, read over its IPC socket, against the replay's recording time, after
/// each kind of command. The goal (issue 17): within 100 ms. The numbers are printed
/// (`mpv drift:` lines) for docs/recordings.md.
@Suite(.serialized) struct ReplayRealMPVTests {
    static func installed(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let mpv = installed("mpv")
    static let ffmpeg = installed("ffmpeg")
    static let goal = 0.1
    /// One frame of the test video (100 frames a second): mpv's positions come in frames.
    static let frame = 0.01

    @Test(.enabled(if: mpv != nil && ffmpeg != nil,
                   "mpv or ffmpeg is not installed (make deps installs both): replay is not checked against a real mpv"))
    func mpvStaysWithin100MillisecondsOfTheReplay() throws {
        let t = try Tmux()
        let logs = try ScriptedSession.write(in: t) + [try ReplayMediaPlayerTests.writeRecorderLog(in: t, recordingAt: 60)]
        let media = try Self.video(in: t)
        let bin = try Self.headlessMPV(in: t)
        defer { Self.endMPV(t) }
        try t.start(["replay", "--at", "02:00", "--media", media] + logs,
                    environment: "PATH=\(bin):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")")
        try t.waitFor("00:02:00 / 00:15:00")
        let probe = try MPVProbe(socket: try Self.socketPath(t))
        defer { probe.stop() }
        var drift = Drift(t: t, probe: probe)

        // The recording started a minute into the session: session 02:00 is 60 s into it.
        drift.rest("start (--start)", since: 0, replay: 60)
        try drift.key("Right"); try t.waitFor("00:02:10 / 00:15:00")
        drift.rest("seek, paused (→)", since: drift.lastKey, replay: 70)

        try drift.play("play 1×", speed: 1, for: 3)
        try drift.key("+"); try t.waitFor("⏸ 2×")
        #expect(probe.first(after: drift.lastKey, within: 2) { $0.speed == 2 } != nil, "mpv's speed became 2")
        try drift.play("play 2×", speed: 2, for: 3)
        try drift.play("play 2×, then 1× (-), then a seek (→) while playing", speed: 2, for: 1.5, then: [
            { drift in try drift.key("-"); drift.line.change(at: drift.lastKey, speed: 1) },
            { drift in try drift.key("Right"); drift.line.change(at: drift.lastKey, jump: 10) },
        ])
        try drift.key("g"); try t.type("00:05:00"); try drift.key("Enter")
        try t.waitFor("00:05:00 / 00:15:00")
        drift.rest("seek, paused (g 00:05:00)", since: drift.lastKey, replay: 240)

        try t.keys("q"); try t.waitFor("EXITED 0")
        #expect(probe.quits(within: 3), "mpv quits with the replay that started it")
        for line in drift.report + ["tmux took up to \(Drift.ms(drift.keyWindow)) to send a key"] { print("mpv drift: " + line) }
    }

    /// A 300 s video of black frames, 100 a second, with a key frame every second.
    static func video(in t: Tmux) throws -> String {
        let path = t.path("zoom_0001.mp4")
        let run = try Program.runWithStatus([ffmpeg!, "-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=c=black:size=32x32:rate=100",
                                          "-t", "300", "-c:v", "mpeg4", "-g", "100", path])
        guard run.status == 0 else { throw TestError(description: "ffmpeg could not make the test video: \(run.error)") }
        return path
    }

    /// A folder whose `mpv` is the real one without a window or sound card (none here), which also
    /// says where its IPC socket is and its process id (exec keeps the script's).
    static func headlessMPV(in t: Tmux) throws -> String {
        let folder = t.path("bin")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            echo $$ > '\(t.path("mpv.pid"))'
            for word; do case "$word" in --input-ipc-server=*) printf '%s' "${word#--input-ipc-server=}" > '\(t.path("mpv.socket"))';; esac; done
            exec '\(mpv!)' --no-config --vo=null --ao=null "$@"

            """
        guard FileManager.default.createFile(atPath: folder + "/mpv", contents: Data(script.utf8), attributes: [.posixPermissions: 0o755]) else {
            throw TestError(description: "cannot write \(folder)/mpv")
        }
        return folder
    }

    /// The socket replay's mpv listens at, once the script has said it (up to 10 s).
    static func socketPath(_ t: Tmux) throws -> String {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let path = try? String(contentsOfFile: t.path("mpv.socket"), encoding: .utf8), !path.isEmpty { return path }
            usleep(20_000)
        }
        throw TestError(description: "replay did not start mpv; screen was:\n\((try? t.screen()) ?? "")")
    }

    /// Ends the mpv this test's replay started, if it outlived the replay: by its own process id, and only
    /// while that id is still an mpv.
    static func endMPV(_ t: Tmux) {
        guard let text = try? String(contentsOfFile: t.path("mpv.pid"), encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1,
              let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
              command.contains(t.directory.path) || command.contains("parley-mpv-") else { return }
        kill(pid, SIGTERM)
    }
}

/// The replay's recording time as a line in (monotonic) time, changed by the keys the test sends.
struct ReplayLine {
    var since: Double
    var position: Double
    var speed: Double

    func at(_ time: Double) -> Double { position + (time - since) * speed }

    mutating func change(at time: Double, speed newSpeed: Double? = nil, jump: Double = 0) {
        position = at(time) + jump
        since = time
        speed = newSpeed ?? speed
    }
}

/// The measurements, each checked against the goal and kept for the report.
struct Drift {
    let t: Tmux
    let probe: MPVProbe
    var report: [String] = []
    /// When the test asked tmux to send the last key, and when tmux had sent it: the replay acts on it
    /// somewhere between the two.
    var lastKeyAsked = 0.0
    var lastKey = 0.0
    /// The longest tmux took to send a key: the replay's time at a key is known to within it.
    var keyWindow = 0.0
    var line = ReplayLine(since: 0, position: 0, speed: 1)

    static func ms(_ seconds: Double) -> String { String(format: "%+.0f ms", seconds * 1000) }

    mutating func key(_ name: String) throws {
        lastKeyAsked = MPVProbe.now
        try t.keys(name)
        lastKey = MPVProbe.now
        keyWindow = max(keyWindow, lastKey - lastKeyAsked)
    }

    /// mpv at rest, paused, at `replay` seconds into the recording.
    mutating func rest(_ what: String, since: Double, replay: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let position = probe.restingPosition(after: since) else {
            Issue.record("\(what): mpv did not come to rest", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(position - replay) <= ReplayRealMPVTests.frame + 0.001, "\(what): mpv at \(position) s, replay at \(replay) s",
                sourceLocation: sourceLocation)
        report.append("\(what): mpv \(Self.ms(position - replay)) from the replay")
    }

    /// Plays at `speed` from where both rest, doing each of `then` after `seconds` more, and pauses
    /// `seconds` after the last. While playing, mpv against the replay's time counted from when tmux had
    /// sent the keys (from when a key is asked for until 50 ms after tmux has sent it, readings are left out: the key is
    /// on its way, and mpv may already be where it sends it); at the pause, how far mpv was from the
    /// position the replay paused at (mpv is sent there: the jump a listener hears).
    mutating func play(_ what: String, speed: Double, for seconds: Double, then steps: [(inout Drift) throws -> Void] = [],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let start = probe.samples.last?.position ?? 0
        var keys: [Double] = []
        var asked: [Double] = []
        try key("Space")
        keys.append(lastKey)
        asked.append(lastKeyAsked)
        line = ReplayLine(since: lastKey, position: start, speed: speed)
        var lines = [line]
        for step in steps {
            usleep(UInt32(seconds * 1_000_000))
            try step(&self)
            keys.append(lastKey)
            asked.append(lastKeyAsked)
            lines.append(line)
        }
        usleep(UInt32(seconds * 1_000_000))
        try key("Space")
        let pauseKey = lastKey
        asked.append(lastKeyAsked)
        guard let rest = probe.restingPosition(after: pauseKey) else {
            Issue.record("\(what): mpv did not pause", sourceLocation: sourceLocation)
            return
        }
        let samples = probe.samples.filter { $0.at > keys[0] }
        var playing: [Double] = []
        for sample in samples where sample.paused == false {
            guard let position = sample.position, let index = keys.lastIndex(where: { $0 <= sample.at }),
                  sample.at - keys[index] >= 0.05, sample.at < asked[index + 1] else { continue }
            playing.append(position - lines[index].at(sample.at))
        }
        let worst = playing.max { abs($0) < abs($1) } ?? .infinity
        #expect(abs(worst) <= ReplayRealMPVTests.goal + keyWindow * lines.map(\.speed).max()!,
                "\(what): while playing mpv was \(Self.ms(worst)) from the replay (keys took up to \(Self.ms(keyWindow)) to send)",
                sourceLocation: sourceLocation)
        // mpv's position when the pause came: between its last playing answer and its first paused one.
        let firstPaused = samples.firstIndex { $0.at > pauseKey && $0.paused == true }
        let lastPlaying = firstPaused.flatMap { index in samples[..<index].last { $0.paused == false && $0.position != nil } }
        guard let firstPaused, let lastPlaying else {
            Issue.record("\(what): no answer from mpv around the pause", sourceLocation: sourceLocation)
            return
        }
        let atPause = lastPlaying.position! + (samples[firstPaused].at - lastPlaying.at) / 2 * line.speed
        #expect(abs(atPause - rest) <= ReplayRealMPVTests.goal, "\(what): at the pause mpv was \(Self.ms(atPause - rest)) from the replay",
                sourceLocation: sourceLocation)
        let mean = playing.isEmpty ? 0 : playing.reduce(0, +) / Double(playing.count)
        report.append("\(what): while playing mpv \(Self.ms(mean)) on average, worst \(Self.ms(worst)) (\(playing.count) readings);"
                      + " at the pause \(Self.ms(atPause - rest)); the replay paused \(Self.ms(rest - line.at(pauseKey))) from its time at the key")
    }
}

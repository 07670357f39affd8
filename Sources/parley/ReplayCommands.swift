import ArgumentParser
import Foundation
import NcursesTerminal
import ParleyApp
import ParleyCore
import ParleyStore
import TerminalUI

/// Where a replayed session comes from: log files, or a session in the store. Read only.
struct ReplaySource: ParsableArguments {
    @Argument(help: ArgumentHelp("Session logs (.jsonl) of one session: every writer's log, in any order.", valueName: "log"))
    var logs: [String] = []

    @Option(help: ArgumentHelp("A session in the store instead of logs (its id or a unique prefix of 4+ characters).", valueName: "id"))
    var session: String?

    @OptionGroup var store: StoreOption

    @Option(name: .customLong("checkpoint-every"), help: ArgumentHelp("Events between seek checkpoints (for measuring).", visibility: .hidden))
    var checkpointInterval: Int?

    func validate() throws {
        if logs.isEmpty && session == nil { throw ValidationError("give the session's logs (LOG…) or --session ID") }
        if !logs.isEmpty && session != nil { throw ValidationError("give either logs or --session, not both") }
    }

    func load() throws -> ReplaySession {
        let (events, issues) = try readEvents()
        return try ReplaySession(events: events, issues: issues, checkpointInterval: checkpointInterval)
    }

    /// The events, unordered, and what was stepped over.
    func readEvents() throws -> (events: [Event], issues: [String]) {
        if let session {
            // Withdrawn participants' events are not in the store, so they are not replayed either.
            return (try Store(path: store.path).events(session: session), [])
        }
        return try ReplaySession.readLogs(logs)
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a session in time order: the prompt the room saw, comments as they were noted.",
        discussion: """
        Reconstructs the session from its events alone (the deck is in the log). Several writers' logs \
        of one session interleave by time. Space plays and pauses, +/- change the speed (1× to 64×), n \
        jumps to the next comment, Left/Right seek 10 s, PgUp/PgDn by prompt, g 01:12:30 Enter goes to a \
        time, / searches; ? shows every key. Replay never writes to the logs or the store. See docs/replay.md.
        """
    )

    @OptionGroup var source: ReplaySource

    @Option(help: ArgumentHelp("Start at this session time (01:12:30, 12:30 or minutes).", valueName: "time"))
    var at: String?

    @Option(help: "Folder holding the deck file, if screenshots moved since the session.")
    var content: String?

    @Flag(help: ArgumentHelp("Print how long opening and seeking take, without opening the player.", visibility: .hidden))
    var measure = false

    func run() throws {
        if measure { return try runMeasurement() }
        let session = try source.load()
        var model = ReplayModel(session: session, contentOverride: content)
        if let at {
            guard let time = ReplayClock.parse(at) else { throw UserError("--at \(at) is not a time; expected 01:12:30, 12:30 or minutes") }
            model.seek(to: time)
        }
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal() } catch { throw UserError("\(error)") }
        model.run(on: terminal)
        terminal.close()
        for issue in session.issues { FileHandle.standardError.write(Data("parley: \(issue)\n".utf8)) }
    }

    /// `--measure`: the numbers docs/replay.md reports (use a release build).
    func runMeasurement() throws {
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e6 }
        // CPU time of the whole process (all threads): what the wall time would be on idle cores, summed.
        func cpu() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1e6
        }
        let (t0, c0) = (now(), cpu())
        let (events, issues) = try source.readEvents()
        let (t1, c1) = (now(), cpu())
        let session = try ReplaySession(events: events, issues: issues, checkpointInterval: source.checkpointInterval)
        let t2 = now()
        var model = ReplayModel(session: session)
        let memo = FrameMemo()
        func frame() { var screen = Screen(width: 160, height: 48); memo.startFrame(); model.draw(into: &screen, memo: memo) }
        frame()
        let t3 = now()
        _ = session.state(afterEvents: session.count)
        let (t4, c4) = (now(), cpu())
        var generator = SystemRandomNumberGenerator()
        var times: [Double] = []
        for _ in 0..<500 {
            let target = Int.random(in: 0...max(0, session.duration), using: &generator)
            let s = now()
            model.seek(to: target)
            // And the next event, as playing on would: that pays for copying the checkpoint.
            model.seek(to: session.times[min(session.count - 1, model.appliedCount)])
            times.append(now() - s)
        }
        times.sort()
        // The slowest kind of seek: from the end back to just before a checkpoint (a copy and the most
        // events to apply), then one step of playing, which pays for copying the checkpoint.
        var worst = 0.0
        for m in stride(from: 2, to: session.count / session.checkpointInterval, by: 1).suffix(5) {
            let k = m * session.checkpointInterval - 2
            model.seek(to: session.duration)
            let s = now()
            model.seek(to: session.times[k])
            model.seek(to: session.times[k + 1])
            worst = max(worst, now() - s)
        }
        var frames: [Double] = []
        model.seek(to: 0)
        for _ in 0..<6 { _ = model.update(.key(.character("+"))) }
        for step in 1...200 {
            let s = now()
            model.seek(to: step * 50 * model.speed)
            frame()
            frames.append(now() - s)
        }
        frames.sort()
        print("events \(session.count), writers \(session.writers.count), session \(ReplayClock.format(session.duration)), checkpoints every \(session.checkpointInterval) events")
        print(String(format: "open: read logs %.0f ms + order and index %.0f ms + first frame %.0f ms = %.0f ms; all checkpoints built %.0f ms later",
                     t1 - t0, t2 - t1, t3 - t2, t3 - t0, t4 - t3))
        print(String(format: "CPU time (all cores): reading the logs %.0f ms; everything until the checkpoints were built %.0f ms (%d cores)",
                     c1 - c0, c4 - c0, ProcessInfo.processInfo.activeProcessorCount))
        print(String(format: "seek, 500 random (and one event on): median %.2f ms, 95th %.2f ms, max %.2f ms; end to just before a checkpoint: %.2f ms",
                     times[times.count / 2], times[times.count * 95 / 100], times.last!, worst))
        print(String(format: "playing at 64×, 160×48 frame (advance + draw): median %.2f ms, max %.2f ms", frames[frames.count / 2], frames.last!))
    }
}

extension Transcript.Format: ExpressibleByArgument {}

struct TranscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "Write a session as a document: prompt by prompt, with times, participants, tags and markers.",
        discussion: """
        In time order, one section per prompt the room was shown (again if it came back to one). Deleted \
        comments are left out; edited ones appear in their final text, marked (edited). Times are elapsed \
        from the start of the session. Formats: md (default), txt, json. See docs/replay.md.
        """
    )

    @OptionGroup var source: ReplaySource

    @Option(help: ArgumentHelp("How to write the transcript.", valueName: "format"))
    var format = Transcript.Format.md

    @OptionGroup var output: OutputOption

    func run() throws {
        let session = try source.load()
        for issue in session.issues { FileHandle.standardError.write(Data("parley: \(issue)\n".utf8)) }
        try output.write(Transcript(session).render(format))
    }
}

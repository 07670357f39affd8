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
            return (try store.open().events(session: session), [])
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

    @Option(help: ArgumentHelp("The session's recording: mpv plays it in step with the replay (play, pause, speed, seeks).", valueName: "file"))
    var media: String?

    @Option(name: .customLong("mpv-socket"), help: ArgumentHelp("Drive an mpv already listening at this IPC socket instead of starting one.", valueName: "path"))
    var mpvSocket: String?

    @Flag(help: ArgumentHelp("Print how long opening and seeking take, without opening the player.", visibility: .hidden))
    var measure = false

    func run() throws {
        if measure {
            // Reading the logs is part of what opening costs, so the measurement reads them itself.
            for line in try ReplayMeasurement.run(read: { try source.readEvents() }, checkpointInterval: source.checkpointInterval) { print(line) }
            return
        }
        let session = try source.load()
        var model = ReplayModel(session: session, contentOverride: content)
        if let at {
            guard let time = ReplayClock.parse(at) else { throw UserError("--at \(at) is not a time; expected 01:12:30, 12:30 or minutes") }
            model.seek(to: time)
        }
        if media != nil && mpvSocket != nil { throw UserError("give either --media or --mpv-socket, not both") }
        let player = try mpvSocket.map { try MPVPlayer(socket: $0) } ?? media.map { try MPVPlayer.start(media: $0, at: model.mediaSeconds) }
        defer { player?.close() }
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal() } catch { throw UserError("\(error)") }
        model.run(on: terminal, mediaPlayer: player)
        terminal.close()
        for issue in session.issues { FileHandle.standardError.write(Data("parley: \(issue)\n".utf8)) }
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

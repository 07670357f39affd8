import ArgumentParser
import Foundation
import NcursesTerminal
import ParleyApp
import ParleyCore
import RoomWiring

struct Present: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the audience view of a running session (for the projector).",
        discussion: "Follows the log that `parley run` writes and shows the current prompt full-screen: the persona card or the screenshot, the title and the questions. Never comments, participants or facilitator notes.\n\n" + presentKeymap.helpLines().joined(separator: "\n")
    )

    @Argument(help: "The session log written by `parley run` (the facilitator's).")
    var log: String?

    @Option(help: ArgumentHelp("Join a room instead of following a log: its code (on the facilitator's F1).", valueName: "CODE"))
    var join: String?

    @Option(help: ArgumentHelp("With --join: the facilitator's laptop, when the room is not found on the LAN by itself.", valueName: "ADDR[:PORT]"))
    var host: String?

    @Option(help: "Folder holding the deck file, if screenshots moved since the session started.")
    var content: String?

    func run() throws {
        if join != nil || host != nil { return try runJoined() }
        guard let log else { throw UserError("no log to follow; expected `parley present LOG`, or `parley present --join CODE` for a room") }
        guard FileManager.default.fileExists(atPath: log) else {
            throw UserError("\(log) does not exist; expected the session log that `parley run` shows in its help screen (F1)")
        }
        let feed: LogFeed
        do { feed = try LogFeed(path: log) } catch { throw UserError("\(error)") }
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal() } catch { throw UserError("\(error)") }
        PresentModel.run(following: feed, contentOverride: content, on: terminal)
        terminal.close()
    }

    /// The audience view fed by a room: nothing said in the room ever reaches this laptop.
    func runJoined() throws {
        do { try NcursesTerminal.requireTerminal() } catch { throw UserError("\(error)") }
        let (code, candidates) = try RoomTarget.resolve(code: join, host: host)
        let (room, first, assets) = try JoinedRoom.projector(code: code, at: candidates)
        defer { try? FileManager.default.removeItem(atPath: (assets as NSString).deletingLastPathComponent) }
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal() } catch { room.close(); throw UserError("\(error)") }
        PresentModel.run(joined: room, first: first, assets: assets, on: terminal)
        terminal.close()
        room.close()
    }
}

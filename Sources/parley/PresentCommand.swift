import ArgumentParser
import Foundation
import NcursesTerminal
import ParleyApp
import ParleyCore

struct Present: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the audience view of a running session (for the projector).",
        discussion: "Follows the log that `parley run` writes and shows the current prompt full-screen: the persona card or the screenshot, the title and the questions. Never comments, participants or facilitator notes.\n\n" + presentKeymap.helpLines().joined(separator: "\n")
    )

    @Argument(help: "The session log written by `parley run` (the facilitator's).")
    var log: String

    @Option(help: "Folder holding the deck file, if screenshots moved since the session started.")
    var content: String?

    func run() throws {
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
}

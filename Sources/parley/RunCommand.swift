import ArgumentParser
import Foundation
import NcursesTerminal
import ParleyApp
import ParleyCore

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a workshop: walk the deck and capture tagged comments into a session log.",
        discussion: """
        Type `P3: what they said #tag` and Enter. F1 shows every key. Without --log the log goes to
        sessions/ with a name holding the date, deck and writer. Re-running with an existing --log,
        or --resume LOG, continues that session.
        """
    )

    @Argument(help: "The deck: a path, or an id under Decks/ (such as demo).")
    var deck: String?

    @Option(help: "Where to write the session log.")
    var log: String?

    @Option(help: "Who writes this log (facilitator, or a note-taker's name).")
    var writer = "facilitator"

    @Option(help: "Join an existing session (its id is on the facilitator's help screen).")
    var session: String?

    @Option(help: "Continue an interrupted session from its log.")
    var resume: String?

    func run() throws {
        let prepared = try CaptureSetup.prepare(.init(deck: deck, logPath: log, writer: writer, sessionID: session, resume: resume))
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal() } catch { throw UserError("\(error)") }
        let model = prepared.run(on: terminal)
        terminal.close()
        for notice in prepared.notices { FileHandle.standardError.write(Data("parley: \(notice)\n".utf8)) }
        print("Session \(model.log.sessionID): \(model.state.liveComments.count) comments in \(model.log.path)")
        if model.lastSaveFailed { throw UserError("the last event could not be saved: \(model.banner ?? "")") }
    }
}

import ArgumentParser
import Foundation
import NcursesTerminal
import ParleyApp
import ParleyCore
import ParleyRoom
import RoomWiring

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a workshop: walk the deck and capture tagged comments into a session log.",
        discussion: """
        Type `P3: what they said #tag` and Enter. F1 shows every key. Without --log the log goes to \
        sessions/ with a name holding the date, deck and writer. Re-running with an existing --log, \
        or --resume LOG, continues that session.

        With --room the laptops of the room become one session over the LAN: note-takers join with \
        `parley join CODE` and follow your prompts, the projector with `parley present --join CODE`. \
        The code is in the header and on F1. `--resume LOG --room` reopens the same room.
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

    @Flag(help: "Open a room on the LAN for note-takers and the projector to join.")
    var room = false

    @Option(help: ArgumentHelp("The room's code (implies --room); by default four words are made up, or a resumed room keeps its own.", valueName: "CODE"))
    var roomCode: String?

    @Option(help: ArgumentHelp("Where the room listens (implies --room); default every address, port 7312 or the next free.", valueName: "ADDR:PORT"))
    var listen: String?

    @Option(help: ArgumentHelp("How many laptops may join the room at once (note-takers and the projector).", valueName: "N"))
    var maxJoiners = RoomHost.Limits().joiners

    func run() throws {
        var prepared = try CaptureSetup.prepare(.init(deck: deck, logPath: log, writer: writer, sessionID: session, resume: resume))
        var room: RoomBridge?
        if self.room || roomCode != nil || listen != nil {
            guard (1...64).contains(maxJoiners) else { throw UserError("--max-joiners \(maxJoiners) is out of range; expected 1 to 64") }
            let (opened, notes) = try HostedRoom.open(&prepared, code: roomCode, listen: listen, joiners: maxJoiners)
            room = opened
            prepared.notices += notes
        }
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal() } catch { room?.close(); throw UserError("\(error)") }
        let model = prepared.run(on: terminal, room: room)
        terminal.close()
        room?.close()
        for notice in prepared.notices { FileHandle.standardError.write(Data("parley: \(notice)\n".utf8)) }
        print(model.closingLine)
        if model.lastSaveFailed { throw UserError("the last event could not be saved: \(model.banner ?? "")") }
    }
}

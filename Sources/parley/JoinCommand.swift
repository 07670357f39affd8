import ArgumentParser
import Foundation
import NcursesTerminal
import ParleyApp
import ParleyCore
import ParleyRoom
import RoomWiring

struct JoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Join a room as a note-taker: follow the facilitator's prompts and write your own log.",
        discussion: """
        CODE is the room code on the facilitator's screen (header and F1). No deck is needed: the \
        room sends its deck and screenshots, kept beside your log (sessions/…), so it replays \
        without the facilitator. Your notes are saved on this laptop first; if the room drops, you \
        keep typing and it catches up by itself. Joining again continues your log of the session.
        """
    )

    @Argument(help: "The room code, such as maple-otter-cello-piano (or its words apart: maple otter cello piano).")
    var code: [String] = []

    @Option(help: ArgumentHelp("The facilitator's laptop, when the room is not found on the LAN by itself (F1 there shows it).", valueName: "ADDR[:PORT]"))
    var host: String?

    @Option(help: "Your name in the room and in your log (lowercase letters, digits, '-').")
    var writer: String = RoomTarget.defaultWriter()

    @Option(help: "Where to write your session log (default sessions/DATE-DECK-WRITER.jsonl).")
    var log: String?

    func run() throws {
        // Before joining: a note-taker's log and the room's screenshots would be written for nothing.
        do { try NcursesTerminal.requireTerminal() } catch { throw UserError("\(error)") }
        let (code, candidates) = try RoomTarget.resolve(code: code.isEmpty ? nil : code.joined(separator: " "), host: host)
        let (prepared, room) = try JoinedRoom.noteTaker(code: code, at: candidates, writer: writer, logPath: log)
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal() } catch { room.close(); throw UserError("\(error)") }
        let model = prepared.run(on: terminal, room: room)
        terminal.close()
        room.close()
        for notice in prepared.notices { FileHandle.standardError.write(Data("parley: \(notice)\n".utf8)) }
        print(model.closingLine)
        if model.lastSaveFailed { throw UserError("the last event could not be saved: \(model.banner ?? "")") }
    }
}

/// Which room to join: `--host`, or the rooms heard on the LAN (listed when no code is given).
enum RoomTarget {
    static func resolve(code: String?, host: String?) throws -> (String, [RoomAddress]) {
        if let host {
            guard let target = RoomAddress(host) else { throw UserError("--host \"\(host)\" is not an address; expected ADDR or ADDR:PORT, such as 192.168.1.20:7312") }
            guard let code else { throw UserError("no room code; expected `parley join CODE --host \(host)`, the code on the facilitator's screen (F1)") }
            return (code, [target])
        }
        let rooms: [FoundRoom]
        do { rooms = try RoomDiscoveryTarget.fromEnvironment().find() } catch { throw UserError("cannot listen for rooms on the LAN: \(error); expected --host ADDR (on the facilitator's F1)") }
        guard !rooms.isEmpty else {
            throw UserError("no room heard on this network within 5 s; expected the facilitator's `parley run --room` on the same Wi-Fi, or --host ADDR (on the facilitator's F1)")
        }
        guard let code else {
            let list = rooms.map { room in
                "  \(RoomAddress(host: room.host, port: room.port))  deck \(room.announcement.deck), led by \(room.announcement.facilitator), started \(localTime(room.announcement.started))"
            }
            throw UserError("no room code; expected `parley join CODE` with the code on the facilitator's screen (F1). Rooms heard:\n" + list.joined(separator: "\n"))
        }
        return (code, rooms.map { RoomAddress(host: $0.host, port: $0.port) })
    }

    /// "14:03" in this laptop's time zone: what the people in the room read on the wall clock.
    static func localTime(_ iso: String) -> String {
        guard let date = Timestamp.date(iso) else { return iso }
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }

    /// This laptop's login name made into a writer id, else "note-taker" (also for a name a writer may not
    /// have: the default always joins).
    static func defaultWriter() -> String {
        let name = (ProcessInfo.processInfo.environment["USER"] ?? "").lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let id = String(name).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return id != "root" && (try? CaptureSetup.checkWriter(id)) != nil ? id : "note-taker"
    }
}

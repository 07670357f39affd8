import Foundation
import ParleyApp
import ParleyCore
import ParleyLog
import ParleyRoom
import SystemIO

/// A note-taker or the projector joins a room (`parley join`, `parley present --join`).
public enum JoinedRoom {
    /// How long joining waits for the room's welcome before saying it found none.
    static let welcomeTimeout = Duration.seconds(10)

    /// Joins as a note-taker: connects, takes the room's deck and screenshots, and prepares a
    /// capture screen writing this laptop's own log of the room's session.
    public static func noteTaker(code: String, at candidates: [RoomAddress], writer: String, logPath: String?) throws -> (CaptureSetup.Prepared, RoomBridge) {
        // Said at once: the room drops a join without a valid writer, which looked like no room at all.
        try CaptureSetup.checkWriter(writer)
        let (client, arrived, welcome, start) = try connect(code: code, at: candidates, writer: writer, role: .noteTaker)
        let target = client.address
        do {
            // Joining again (the laptop restarted) continues this writer's log of the session: two
            // logs of one writer would collide in merge.
            let path = logPath ?? earlierLog(session: welcome.session, writer: writer)
                ?? CaptureSetup.defaultLogPath(deck: startBody(start).deckID, writer: writer, date: SystemClock().now())
            let files = RoomFiles(logPath: path)
            if let problem = makePrivateDirectory(files.assetsDirectory) { throw UserError("cannot make \(files.assetsDirectory): \(problem)") }
            for case .asset(let asset) in arrived { files.keep(asset) }
            var prepared = try CaptureSetup.prepareJoiner(start: startBody(start), session: welcome.session, writer: writer, logPath: path, deckPath: files.deckPath)
            let status = RoomStatus(role: .joiner(facilitator: welcome.facilitator, address: target.description), link: .open)
            try prepared.enterRoom(status, events: events(arrived))
            // Everything this log holds goes to the room (again after every reconnection): a
            // note-taker whose laptop restarted brings back what they noted before.
            do { client.share(try LogReader.read(path: path).events) } catch { throw UserError("\(error)") }
            return (prepared, RoomBridge(.client(client), status: status, files: files, pending: arrived.filter(\.isLeftOver)))
        } catch {
            client.close()
            throw error
        }
    }

    /// Joins as the projector: the first messages for the audience view, and a private folder for
    /// the screenshots (removed by `close`).
    public static func projector(code: String, at candidates: [RoomAddress]) throws -> (RoomBridge, first: [Message], assets: String) {
        let (client, arrived, welcome, _) = try connect(code: code, at: candidates, writer: Identifier.projectorWriter, role: .projector)
        let target = client.address
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-projector-\(UUID().uuidString.lowercased())").path
        let files = RoomFiles(logPath: folder + "/room.jsonl")
        if let problem = makePrivateDirectory(files.assetsDirectory) { client.close(); throw UserError("cannot make \(files.assetsDirectory): \(problem)") }
        for case .asset(let asset) in arrived { files.keep(asset) }
        let status = RoomStatus(role: .joiner(facilitator: welcome.facilitator, address: target.description), link: .open)
        return (RoomBridge(.client(client), status: status, files: files), [.roomEvents(events(arrived))], files.assetsDirectory)
    }

    /// Tries each room in turn (several may be heard on one network): the first that takes the code.
    static func connect(code typed: String, at candidates: [RoomAddress], writer: String, role: RoomMessage.Join.Role)
        throws -> (RoomClient, [RoomInbound], RoomMessage.Welcome, Event) {
        guard let code = RoomCode(typed) else { throw UserError("room code \"\(typed)\" is too short; expected the code on the facilitator's screen (F1), such as maple-otter-cello-piano") }
        let key = try RoomKey(code: code)
        var failures: [String] = []
        for target in candidates {
            do { return try connect(key: key, at: target, writer: writer, role: role) } catch { failures.append("\(error)") }
        }
        guard failures.count > 1 else { throw UserError(failures.first ?? "no room to join") }
        throw UserError("none of the \(failures.count) rooms heard took code \(code): " + failures.joined(separator: "; "))
    }

    static func connect(key: RoomKey, at target: RoomAddress, writer: String, role: RoomMessage.Join.Role)
        throws -> (RoomClient, [RoomInbound], RoomMessage.Welcome, Event) {
        let client = RoomClient(target: target, key: key, join: .init(writer: writer, role: role))
        client.rediscover = { facilitator, started in
            let rooms = (try? RoomDiscoveryTarget.fromEnvironment().find()) ?? []
            return rooms.first { $0.announcement.facilitator == facilitator && $0.announcement.started == started }.map { RoomAddress(host: $0.host, port: $0.port) }
        }
        client.start()
        do {
            let arrived = try client.awaitWelcome(timeout: welcomeTimeout)
            guard case .welcome(let welcome)? = arrived.first(where: { if case .welcome = $0 { true } else { false } }),
                  let start = events(arrived).first(where: { $0.writer == welcome.facilitator && $0.type == "session.started" }) else {
                throw UserError("the room at \(target) sent no session; expected a facilitator's session started with `parley run --room`")
            }
            return (client, arrived, welcome, start)
        } catch {
            client.close()
            throw error as? UserError ?? UserError("cannot join the room at \(target): \(error)")
        }
    }

    /// A log in `folder` that `writer` began for `session`, if there is one (named as
    /// `CaptureSetup.defaultLogPath` names them).
    static func earlierLog(session: String, writer: String, folder: String = "sessions") -> String? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return names.lazy.filter { $0.hasSuffix(".jsonl") && $0.contains("-\(writer)") }.map { folder + "/" + $0 }.first { path in
            guard let file = try? LogFile(path: path), !file.lines.isEmpty, case .event(let first)? = file.decode([0]).first else { return false }
            return first.session == session && first.writer == writer
        }
    }

    static func events(_ arrived: [RoomInbound]) -> [Event] {
        arrived.compactMap { if case .event(let event) = $0 { event } else { nil } }
    }

    static func startBody(_ event: Event) -> SessionStart {
        guard case .sessionStarted(let start) = event.body else { preconditionFailure("checked by connect") }
        return start
    }
}

extension RoomInbound {
    /// What joining took in itself (events, files, the welcome) versus what the screen still needs.
    var isLeftOver: Bool {
        switch self {
        case .event, .asset, .welcome: false
        case .joined, .link, .clock, .notice: true
        }
    }
}

import BenchReport
import Foundation
import ParleyApp
import ParleyCore
import ParleyLog
import ParleyRoom
import RoomWiring

/// A facilitator's room on 127.0.0.1 and its note-takers, all in this process. Each note-taker
/// joins as `parley join` does (a real RoomClient, its own fsynced log) and runs the real capture
/// screen in the real loop on a BenchTerminal, on a thread of its own.
final class BenchRoom: @unchecked Sendable {
    struct Joiner {
        let writer: String
        let terminal: BenchTerminal
        let connection: ObservedConnection
    }

    let host: RoomHost
    /// The facilitator's side: its log, and the deck's prompts it walks through.
    let facilitator: EventRecording
    let prompts: [Prompt]
    private(set) var joiners: [Joiner] = []
    private let running = DispatchGroup()

    /// `memoryLog`: the note-takers whose saves go to memory instead of their log (key-to-frame
    /// measures the screen, not the disk).
    init(deck: String, folder: String, joiners count: Int, sightings: Sightings, memoryLog: Set<Int> = []) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let prepared = try CaptureSetup.prepare(.init(deck: deck, logPath: folder + "/facilitator.jsonl", writer: "facilitator", sessionID: nil, resume: nil))
        facilitator = prepared.recorder
        prompts = prepared.model.state.prompts
        let code = RoomCode.generate()
        host = try RoomHost(code: code, key: try RoomKey(code: code), session: facilitator.sessionID, facilitator: facilitator.writer,
                            history: try LogReader.read(path: facilitator.path).events, assets: Self.screenshots(prompts, deck: deck),
                            listen: RoomAddress(host: "127.0.0.1", port: 0))
        for index in 0..<count {
            let writer = "note-taker-\(index + 1)"
            let (prepared, bridge) = try JoinedRoom.noteTaker(code: code.text, at: [RoomAddress(host: "127.0.0.1", port: host.port)],
                                                            writer: writer, logPath: "\(folder)/\(writer).jsonl")
            var joined = prepared
            if memoryLog.contains(index) { joined.recorder = MemoryRecorder(sessionID: facilitator.sessionID, writer: writer) }
            let terminal = BenchTerminal { sightings.drew($0, joiner: index, at: $1) }
            let connection = ObservedConnection(bridge, joiner: index, sightings: sightings)
            joiners.append(Joiner(writer: writer, terminal: terminal, connection: connection))
            runScreen(joined, on: terminal, room: connection, group: running)
        }
        for joiner in joiners where !joiner.terminal.awaitFirstFrame(seconds: 5) {
            throw BenchError(description: "\(joiner.writer) drew no frame within 5 s")
        }
    }

    /// The deck's screenshots, as the facilitator's room sends them to joiners.
    static func screenshots(_ prompts: [Prompt], deck: String) -> [RoomMessage.Asset] {
        let folder = (deck as NSString).deletingLastPathComponent
        return Set(prompts.compactMap(\.image)).sorted().compactMap { image in
            FileManager.default.contents(atPath: folder + "/" + image).map { RoomMessage.Asset(path: image, data: $0) }
        }
    }

    /// A note as a laptop saves it: on `prompt`, with `text`, by `writer`.
    func note(writer: String, seq: Int, prompt: String, text: String) -> Event {
        Event(id: UUID().uuidString.lowercased(), session: facilitator.sessionID, writer: writer, seq: seq, at: Timestamp.string(Date()),
              mono: seq, body: .commentAdded(CommentPayload(comment: UUID().uuidString.lowercased(), prompt: prompt, participant: "P3",
                                                            text: text, tags: ["trust"])))
    }

    /// Ends every screen's session (at most 10 s), then closes the joiners' connections and the room.
    func close() {
        for joiner in joiners { joiner.terminal.close() }
        if running.wait(timeout: .now() + 10) == .timedOut { FileHandle.standardError.write(Data("RoomBench: a screen did not end within 10 s\n".utf8)) }
        for joiner in joiners { joiner.connection.close() }
        host.close()
    }
}

/// Runs the capture screen `prepared` in the app's loop on a thread of its own, in `group` until its terminal closes.
func runScreen(_ prepared: CaptureSetup.Prepared, on terminal: BenchTerminal, room: RoomConnection?, group: DispatchGroup) {
    nonisolated(unsafe) let screen = prepared, room = room
    group.enter()
    let thread = Thread {
        _ = screen.run(on: terminal, room: room)
        group.leave()
    }
    thread.stackSize = 8 << 20
    thread.start()
}

/// A joiner's RoomBridge, telling the sightings when the loop takes in what arrived.
final class ObservedConnection: RoomConnection, @unchecked Sendable {
    private let bridge: RoomBridge
    private let joiner: Int
    private let sightings: Sightings

    init(_ bridge: RoomBridge, joiner: Int, sightings: Sightings) { self.bridge = bridge; self.joiner = joiner; self.sightings = sightings }

    /// As the app's share effect does: kept until the frame is drawn, then to the joiner's RoomClient.
    func share(_ event: Event) { bridge.share(event) }
    func flush() { bridge.flush() }
    /// A note from outside the screen's loop (another thread): straight to the network.
    func send(_ event: Event) { bridge.send([event]) }

    func arrivals() -> [Message] {
        let messages = bridge.arrivals()
        if !messages.isEmpty { sightings.drained(messages, joiner: joiner, at: now()) }
        return messages
    }

    func close() { bridge.close() }
}

/// Records into memory, stamped as a laptop of the room would (so the room takes its events).
final class MemoryRecorder: EventRecording {
    let sessionID: String, writer: String, path = "memory"
    private let started = now()
    private var seq = 1_000_000

    init(sessionID: String, writer: String) { self.sessionID = sessionID; self.writer = writer }

    var mono: Int { Int((now() - started) * 1000) }

    func record(_ body: EventBody) throws -> Event {
        seq += 1
        return Event(id: UUID().uuidString.lowercased(), session: sessionID, writer: writer, seq: seq, at: Timestamp.string(Date()), mono: mono, body: body)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

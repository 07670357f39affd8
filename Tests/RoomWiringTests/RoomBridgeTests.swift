import Foundation
import Testing
import ParleyApp
import ParleyCore
import SystemIO
@testable import ParleyRoom
@testable import RoomWiring

/// What the network reports, as the screen's messages, and the files a room keeps beside a log.
@Suite struct RoomBridgeTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-wiring-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    static let event = Event(id: "e1", session: "s", writer: "raj", seq: 1, at: "2026-11-25T12:00:00.000Z", mono: 1, body: .marker(label: "tea"))

    @Test func eventsComeTogetherFirstAndTheStatusOnceWhenItChanged() throws {
        let files = RoomFiles(logPath: try Self.folder() + "/ana.jsonl")
        var status = RoomStatus(role: .joiner(facilitator: "facilitator", address: "10.0.0.1:7312"))
        var second = Self.event
        second.id = "e2"
        let messages = RoomBridge.messages([.link(.lost(reason: "gone", retryInMilliseconds: 250)), .event(Self.event), .clock(ClockOffset(offset: -5, roundTrip: 2, probes: 8)),
                                            .link(.connected), .event(second)], status: &status, files: files)
        guard messages.count == 2, case .roomEvents(let events) = messages[0], case .roomClock(let offset, let roundTrip) = messages[1] else {
            Issue.record("unexpected \(messages)"); return
        }
        #expect(events.map(\.id) == ["e1", "e2"])
        #expect(offset == -5 && roundTrip == 2)
        #expect(status.link == .open, "lost then back: no status message, the link ends as it began")
        let changed = RoomBridge.messages([.joined(["ana"])], status: &status, files: files)
        guard case .roomStatus(let now)? = changed.first else { Issue.record("no status"); return }
        #expect(now.joined == ["ana"])
    }

    @Test func noticesAndScreenshotsAreKeptPrivately() throws {
        let folder = try Self.folder()
        let files = RoomFiles(logPath: folder + "/ana.jsonl")
        var status = RoomStatus(role: .joiner(facilitator: "facilitator", address: "10.0.0.1:7312"))
        _ = RoomBridge.messages([.notice("a laptop tried a wrong room code"), .asset(.init(path: "screens/a.png", data: Data([1, 2, 3])))],
                                status: &status, files: files)
        #expect(try String(contentsOfFile: folder + "/ana.room.log", encoding: .utf8).contains("a laptop tried a wrong room code"))
        #expect(try Self.mode(folder + "/ana.room.log") == 0o600)
        #expect(FileManager.default.contents(atPath: folder + "/ana.assets/screens/a.png") == Data([1, 2, 3]))
        #expect(try Self.mode(folder + "/ana.assets/screens/a.png") == 0o600)
        #expect(try Self.mode(folder + "/ana.assets/screens") == 0o700)
        #expect(files.deckPath == folder + "/ana.assets/deck.yaml", "screenshots named relative to the deck resolve into the assets folder")
    }

    @Test func aFileNamedOutsideTheFolderIsRefused() throws {
        let folder = try Self.folder()
        try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        let files = RoomFiles(logPath: folder + "/logs/ana.jsonl")
        files.keep(.init(path: "../../escaped.png", data: Data([1])))
        #expect(!FileManager.default.fileExists(atPath: folder + "/escaped.png"))
        #expect(try String(contentsOfFile: folder + "/logs/ana.room.log", encoding: .utf8).contains("unsafe path"))
    }

    @Test func theFacilitatorSendsOnlyScreenshotsUnderTheDeckThatFit() throws {
        let folder = try Self.folder()
        try FileManager.default.createDirectory(atPath: folder + "/screens", withIntermediateDirectories: true)
        try Data([0x89, 0x50]).write(to: URL(fileURLWithPath: folder + "/screens/ok.png"))
        try Data(count: HostedRoom.largestAsset + 1).write(to: URL(fileURLWithPath: folder + "/screens/huge.png"))
        func shot(_ id: String, _ image: String) -> Prompt { Prompt(id: id, kind: .screenshot, title: id, image: image, alt: "alt") }
        let workshop = Workshop(deck: Deck(id: "d", title: "D", codebook: "cb.yaml", prompts: [
            shot("a", "screens/ok.png"), shot("b", "screens/ok.png"), shot("c", "../outside.png"), shot("d", "screens/huge.png"), shot("e", "screens/missing.png"),
        ]), personas: [], codebook: Codebook(id: "cb", title: "cb", groups: []), sha256: String(repeating: "a", count: 64))
        let (assets, skipped) = HostedRoom.collectAssets(workshop, screenshots: Screenshots(deckPath: folder + "/deck.yaml"))
        #expect(assets.map(\.path) == ["screens/ok.png"], "each file once")
        #expect(skipped.count == 3)
        #expect(skipped[0].contains("outside the deck's folder") && skipped[1].contains("over the room's") && skipped[2].contains("cannot be read"))
    }
}

@Suite struct EarlierLogTests {
    static func start(session: String, writer: String) throws -> Data {
        let workshop = Workshop(deck: Deck(id: "demo", title: "D", codebook: "cb.yaml", prompts: [Prompt(id: "p", kind: .section, title: "P")]),
                                personas: [], codebook: Codebook(id: "cb", title: "cb", groups: []), sha256: String(repeating: "a", count: 64))
        let event = Event(id: UUID().uuidString.lowercased(), session: session, writer: writer, seq: 1, at: "2026-11-25T12:00:00.000Z", mono: 0,
                          body: .sessionStarted(SessionStart(workshop: workshop)))
        return try JSONEncoder().encode(event) + Data("\n".utf8)
    }

    /// Every folder a room makes for its screenshots is private, the `sessions/` above them too (it was
    /// 0755 when joining made it); a folder that existed above keeps its mode.
    @Test func foldersMadeForARoomArePrivate() throws {
        let base = try RoomBridgeTests.folder()
        chmod(base, 0o755)
        let assets = base + "/sessions/2026-11-25-demo-ana.assets"
        #expect(makePrivateDirectory(assets) == nil)
        #expect(try RoomBridgeTests.mode(base + "/sessions") == 0o700 && RoomBridgeTests.mode(assets) == 0o700)
        #expect(try RoomBridgeTests.mode(base) == 0o755)
        chmod(assets, 0o755)
        #expect(makePrivateDirectory(assets) == nil)
        #expect(try RoomBridgeTests.mode(assets) == 0o700, "made private again")
    }

    /// A resumed room listens where it listened before, `--listen`'s address included (it kept only the port,
    /// and a room opened on loopback came back on every address); a room saved before the address was kept
    /// still opens, on every address.
    @Test func aResumedRoomListensWhereItDid() throws {
        let folder = try RoomBridgeTests.folder()
        let files = RoomFiles(logPath: folder + "/fac.jsonl")
        try files.save(.init(code: "maple-otter-cello-piano", port: 47311, host: "127.0.0.1"))
        #expect(try HostedRoom.listenAddress(nil, saved: files.saved()) == RoomAddress(host: "127.0.0.1", port: 47311, portGiven: false))
        #expect(try HostedRoom.listenAddress("[::1]:47400", saved: files.saved()) == RoomAddress(host: "::1", port: 47400))
        try Data(#"{"code":"maple-otter-cello-piano","port":47311}"#.utf8).write(to: URL(fileURLWithPath: files.codeFile))
        #expect(try HostedRoom.listenAddress(nil, saved: files.saved()) == RoomAddress(host: "0.0.0.0", port: 47311, portGiven: false))
        #expect(try HostedRoom.listenAddress(nil, saved: nil) == RoomAddress(host: "0.0.0.0", port: RoomAddress.defaultPort, portGiven: false))
        #expect(throws: UserError.self) { try HostedRoom.listenAddress("not an address:x", saved: nil) }
    }

    /// A writer name the room would drop is said at once, before any connection (it used to wait for the
    /// room and then say no room answered). Nothing listens at the address: a connection would fail otherwise.
    @Test func aBadWriterIsSaidBeforeJoining() throws {
        let long = String(repeating: "a", count: 70)
        for (name, says) in [("Anna", "is not valid"), ("Carl Smith", "is not valid"), ("", "is not valid"),
                             ("projector", "is the projector's name in a room"), (long, "is 70 characters long; expected at most 64")] {
            let started = Date()
            let error = #expect(throws: UserError.self) {
                _ = try JoinedRoom.noteTaker(code: "comet-board", at: [RoomAddress(host: "127.0.0.1", port: 9)], writer: name, logPath: nil)
            }
            #expect(error?.description.contains(says) == true, "\(error?.description ?? "")")
            #expect(Date().timeIntervalSince(started) < 1)
        }
    }

    /// A note-taker whose laptop restarted joins again without --log: their log of this session goes on.
    @Test func joiningAgainFindsTheWritersLogOfTheSession() throws {
        let folder = try RoomBridgeTests.folder()
        let session = "5b0c7c5e-2f8e-4a53-9a60-5d6a3a3f1c11", other = "6b0c7c5e-2f8e-4a53-9a60-5d6a3a3f1c12"
        try Self.start(session: other, writer: "ana").write(to: URL(fileURLWithPath: folder + "/2026-11-25-1200-demo-ana.jsonl"))
        try Self.start(session: session, writer: "anabel").write(to: URL(fileURLWithPath: folder + "/2026-11-25-1300-demo-anabel.jsonl"))
        try Self.start(session: session, writer: "ana").write(to: URL(fileURLWithPath: folder + "/2026-11-25-1300-demo-ana-2.jsonl"))
        try Data("not a log\n".utf8).write(to: URL(fileURLWithPath: folder + "/2026-11-25-1100-demo-ana.jsonl"))
        #expect(JoinedRoom.earlierLog(session: session, writer: "ana", folder: folder) == folder + "/2026-11-25-1300-demo-ana-2.jsonl")
        #expect(JoinedRoom.earlierLog(session: session, writer: "raj", folder: folder) == nil)
        #expect(JoinedRoom.earlierLog(session: session, writer: "ana", folder: folder + "/missing") == nil)
    }
}

import Foundation
import NIOCore
import Synchronization
import Testing
import ParleyCore
@testable import ParleyRoom

/// A host and clients talking over loopback, as separate laptops would.
@Suite(.serialized) struct RoomNetworkTests {
    static let code = RoomCode("maple-otter-cello-piano")!
    static let key = SecureChannelTests.key
    static let session = "5b0c7c5e-2f8e-4a53-9a60-5d6a3a3f1c11"

    static func event(_ id: String, writer: String = "facilitator", seq: Int = 1, _ body: EventBody) -> Event {
        Event(id: id, session: session, writer: writer, seq: seq, at: "2026-11-25T12:00:00.000Z", mono: seq, body: body)
    }

    static let started = event("start", .sessionStarted(SessionStart(workshop: Workshop(
        deck: Deck(id: "demo", title: "Demo", codebook: "cb.yaml", prompts: [Prompt(id: "p1", kind: .section, title: "One", notes: "Check consent forms."),
                                                                           Prompt(id: "p2", kind: .section, title: "Two")]),
        personas: [], codebook: Codebook(id: "cb", title: "cb", groups: []), sha256: String(repeating: "a", count: 64)))))
    static func shown(_ prompt: String, seq: Int) -> Event { event("shown-\(seq)", seq: seq, .promptShown(prompt: prompt)) }
    static func note(_ id: String, writer: String, seq: Int, text: String = "I'd never know which app to open") -> Event {
        event(id, writer: writer, seq: seq, .commentAdded(CommentPayload(comment: "c-\(id)", prompt: "p1", participant: "P3", text: text, tags: ["trust"])))
    }

    static func host(history: [Event] = [started], limits: RoomHost.Limits = .init(), port: Int = 0) throws -> RoomHost {
        try RoomHost(code: code, key: key, session: session, facilitator: "facilitator", history: history,
                     assets: [.init(path: "screens/a.png", data: Data([1, 2, 3]))], listen: RoomAddress(host: "127.0.0.1", port: port), limits: limits)
    }

    static func client(_ host: RoomHost, writer: String, role: RoomMessage.Join.Role = .noteTaker, key: RoomKey = key,
                       clock: any Clock = SystemClock(), port: Int? = nil) -> RoomClient {
        var timing = RoomClient.Timing()
        timing.firstBackoff = 50
        timing.maximumBackoff = 200
        let client = RoomClient(target: RoomAddress(host: "127.0.0.1", port: port ?? host.port), key: key,
                                join: .init(writer: writer, role: role), clock: clock, timing: timing)
        client.start()
        return client
    }

    /// Drains `source` until `done` holds for what arrived, for at most 20 s (the whole test run
    /// shares 2 cores: a room's thread can wait seconds for its turn).
    @discardableResult
    static func collect(_ source: () -> [RoomInbound], until done: ([RoomInbound]) -> Bool) -> [RoomInbound] {
        var all: [RoomInbound] = []
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            all += source()
            if done(all) { return all }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return all
    }

    /// `make()` until it works, for at most 20 s: a closed room's port was once still taken after 5 s
    /// in a full run on a loaded machine ("port already in use").
    static func retrying<T>(_ make: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(20)
        while true {
            do { return try make() } catch where Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        }
    }

    static func events(_ items: [RoomInbound]) -> [Event] { items.compactMap { if case .event(let e) = $0 { e } else { nil } } }

    @Test func joinersCatchUpFollowAndSeeEachOthersNotes() throws {
        let host = try Self.host()
        defer { host.close() }
        let ana = Self.client(host, writer: "ana"), raj = Self.client(host, writer: "raj")
        defer { ana.close(); raj.close() }
        let anaFirst = try ana.awaitWelcome(timeout: Duration.seconds(20))
        #expect(anaFirst.contains(.asset(.init(path: "screens/a.png", data: Data([1, 2, 3])))))
        #expect(Self.events(anaFirst).map(\.id) == ["start"])
        _ = try raj.awaitWelcome(timeout: Duration.seconds(20))
        Self.collect(host.drain) { $0.contains(.joined(["ana", "raj"])) }

        host.share(Self.shown("p2", seq: 2))
        #expect(Self.events(Self.collect(ana.drain) { !Self.events($0).isEmpty }).map(\.id) == ["shown-2"])
        ana.share(Self.note("n1", writer: "ana", seq: 1))
        #expect(Self.events(Self.collect(raj.drain) { Self.events($0).count == 2 }).map(\.id) == ["shown-2", "n1"])
        #expect(Self.events(Self.collect(host.drain) { !Self.events($0).isEmpty }).map(\.id) == ["n1"])
        // Sent twice (a reconnection resends everything): arrives once.
        ana.share(Self.note("n1", writer: "ana", seq: 1))
        ana.share(Self.note("n2", writer: "ana", seq: 2))
        #expect(Self.events(Self.collect(raj.drain) { !Self.events($0).isEmpty }).map(\.id) == ["n2"])
    }

    @Test func theProjectorNeverReceivesWhatAnyoneSaid() throws {
        let host = try Self.host(history: [Self.started, Self.note("f1", writer: "facilitator", seq: 2)])
        defer { host.close() }
        let projector = Self.client(host, writer: "projector", role: .projector), ana = Self.client(host, writer: "ana")
        defer { projector.close(); ana.close() }
        let first = try projector.awaitWelcome(timeout: Duration.seconds(20))
        let anaFirst = try ana.awaitWelcome(timeout: Duration.seconds(20))
        ana.share(Self.note("n1", writer: "ana", seq: 1))
        host.share(Self.shown("p2", seq: 3))
        let later = Self.collect(projector.drain) { !Self.events($0).isEmpty }
        #expect(Self.events(first + later).map(\.id) == ["start", "shown-3"])
        guard case .sessionStarted(let start)? = Self.events(first).first?.body else { Issue.record("no start"); return }
        #expect(start.snapshot.deck.prompts.allSatisfy { $0.notes == nil }, "the projector gets no facilitator notes")
        guard case .sessionStarted(let full)? = Self.events(anaFirst).first?.body else { Issue.record("no start"); return }
        #expect(full.snapshot.deck.prompts.contains { $0.notes != nil }, "note-takers do")
    }

    @Test func aWrongCodeIsRefusedWithAReasonAndNoContent() throws {
        let host = try Self.host(history: [Self.started, Self.note("f1", writer: "facilitator", seq: 2)])
        defer { host.close() }
        let intruder = Self.client(host, writer: "eve", key: try RoomKey(code: RoomCode("wrong-code-typed")!))
        defer { intruder.close() }
        #expect { try intruder.awaitWelcome(timeout: Duration.seconds(20)) } throws: { "\($0)" == RoomError.wrongCode.description }
        #expect(Self.events(intruder.drain()).isEmpty)
        let notices = Self.collect(host.drain) { $0.contains { if case .notice(let n) = $0 { n.contains("wrong room code") } else { false } } }
        #expect(notices.contains { if case .notice = $0 { true } else { false } })
    }

    @Test func aFullRoomAndATakenNameAreRefused() throws {
        var limits = RoomHost.Limits()
        limits.joiners = 1
        let host = try Self.host(limits: limits)
        defer { host.close() }
        let ana = Self.client(host, writer: "ana")
        defer { ana.close() }
        _ = try ana.awaitWelcome(timeout: Duration.seconds(20))
        let secondAna = Self.client(host, writer: "ana"), raj = Self.client(host, writer: "raj"), fake = Self.client(host, writer: "facilitator")
        let notAProjector = Self.client(host, writer: "projector")
        defer { secondAna.close(); raj.close(); fake.close(); notAProjector.close() }
        #expect { try notAProjector.awaitWelcome(timeout: Duration.seconds(20)) } throws: { "\($0)".contains("projector is the projector's name") }
        #expect { try secondAna.awaitWelcome(timeout: Duration.seconds(20)) } throws: { "\($0)".contains("ana is already in the room") }
        #expect { try raj.awaitWelcome(timeout: Duration.seconds(20)) } throws: { "\($0)".contains("the room is full (1 joined)") }
        #expect { try fake.awaitWelcome(timeout: Duration.seconds(20)) } throws: { "\($0)".contains("is the facilitator's name") }
    }

    @Test func aJoinerCannotSpeakForAnotherWriterOrSession() throws {
        let host = try Self.host()
        defer { host.close() }
        let ana = Self.client(host, writer: "ana")
        defer { ana.close() }
        _ = try ana.awaitWelcome(timeout: Duration.seconds(20))
        ana.share(Self.note("forged", writer: "facilitator", seq: 9))
        var other = Self.note("other", writer: "ana", seq: 1)
        other.session = "another-session"
        ana.share(other)
        ana.share(Self.note("real", writer: "ana", seq: 2))
        let arrived = Self.collect(host.drain) { !Self.events($0).isEmpty }
        #expect(Self.events(arrived).map(\.id) == ["real"])
        #expect(arrived.filter { if case .notice = $0 { true } else { false } }.count == 2)
    }

    @Test func aJoinerReconnectsToARestartedRoomAndResendsWhatItSaved() throws {
        // A port below the kernel's ephemeral range: once the room closes, no other test's bind to
        // port 0 can be handed it before the room comes back (seen in full runs with port 0).
        var host = try Self.retrying { try Self.host(port: Int.random(in: 20_000..<32_000)) }
        let port = host.port
        let ana = Self.client(host, writer: "ana")
        defer { ana.close() }
        _ = try ana.awaitWelcome(timeout: Duration.seconds(20))
        ana.share(Self.note("n1", writer: "ana", seq: 1))
        Self.collect(host.drain) { !Self.events($0).isEmpty }
        host.close()
        let lost = Self.collect(ana.drain) { $0.contains { if case .link(.lost) = $0 { true } else { false } } }
        #expect(lost.contains { if case .link(.lost) = $0 { true } else { false } })
        // Saved while the room was away.
        ana.share(Self.note("n2", writer: "ana", seq: 2))
        // The same port again, as `--resume --room` asks for it.
        host = try Self.retrying { try Self.host(history: [Self.started, Self.shown("p2", seq: 2)], port: port) }
        defer { host.close() }
        let back = Self.collect(host.drain) { Set(Self.events($0).map(\.id)) == ["n1", "n2"] }
        #expect(Set(Self.events(back).map(\.id)) == ["n1", "n2"])
        let caughtUp = Self.collect(ana.drain) { !Self.events($0).isEmpty }
        #expect(Self.events(caughtUp).map(\.id) == ["shown-2"])
        #expect(caughtUp.contains(.link(.connected)))
    }

    @Test func aJoinerMeasuresItsClockOffset() throws {
        struct Shifted: Clock {
            func now() -> Date { Date().addingTimeInterval(300) }
            func monotonicMilliseconds() -> Int { SystemClock().monotonicMilliseconds() }
        }
        let host = try Self.host()
        defer { host.close() }
        let ana = Self.client(host, writer: "ana", clock: Shifted())
        defer { ana.close() }
        let items = Self.collect(ana.drain) { $0.contains { if case .clock = $0 { true } else { false } } }
        let offset = items.compactMap { if case .clock(let o) = $0 { o } else { nil } }.first
        #expect(offset.map { abs($0.offset + 300_000) <= max(50, $0.roundTrip) } == true, "good to about half the round trip: \(String(describing: offset))")
        #expect(offset?.probes == 8)
    }
}

extension RoomNetworkTests {
    /// The facilitator's laptop comes back elsewhere (a new address from the hotspot, another
    /// port): after a few failed tries the joiner asks where the room is now, and goes there.
    @Test func aJoinerFindsARoomThatCameBackElsewhere() throws {
        var host = try Self.host()
        let ana = RoomClient(target: RoomAddress(host: "127.0.0.1", port: host.port), key: Self.key, join: .init(writer: "ana", role: .noteTaker),
                             timing: { var t = RoomClient.Timing(); t.firstBackoff = 20; t.maximumBackoff = 50; return t }())
        let moved = Mutex<RoomAddress?>(nil)
        let asked = Mutex<[String]>([])
        ana.rediscover = { facilitator, started in
            asked.withLock { $0.append("\(facilitator) \(started)") }
            return moved.withLock { $0 }
        }
        ana.start()
        defer { ana.close() }
        _ = try ana.awaitWelcome(timeout: Duration.seconds(20))
        host.close()
        host = try Self.host(history: [Self.started, Self.shown("p2", seq: 2)])
        defer { host.close() }
        moved.withLock { $0 = RoomAddress(host: "127.0.0.1", port: host.port) }
        let back = Self.collect(ana.drain) { !Self.events($0).isEmpty }
        #expect(Self.events(back).map(\.id) == ["shown-2"])
        #expect(back.contains(.notice("the room is now at 127.0.0.1:\(host.port)")))
        #expect(asked.withLock { $0.first } == "facilitator \(Self.started.at)", "the room is known by its facilitator and start")
    }
}

import Foundation
import NIOCore
import NIOEmbedded
import Testing
import ParleyCore
import ParleyLog
@testable import ParleyRoom

/// What a hostile or broken peer can send a room: random bytes and mutations of real messages and
/// frames, through the message decoder, the sealed channel and the whole pipeline. Nothing may
/// crash, allocate without bound, or be taken as authentic. Seeded: a failure names its seed and
/// case, and the same run repeats it.
@Suite struct RoomFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["PARLEY_LONG"] == "1" ? 20_000 : 1_000
    static let key = SecureChannelTests.key

    /// Every kind of room message; the events are one of each type, written to a real log by the
    /// one writer and read back by the one reader, with the demo deck's snapshot.
    static let messages: [RoomMessage] = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (workshop, deckPath) = try! ContentLoader.loadWorkshop(repository.appendingPathComponent("Decks/demo.yaml").path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-room-fuzz-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ana.jsonl").path
        let recorder = SessionRecorder(log: try! LogWriter(path: path), sessionID: "5e55e55e-0000-4000-8000-00000000f022", writer: "ana", clock: SystemClock())
        let prompt = workshop.deck.prompts[1].id
        let bodies: [EventBody] = [
            .sessionStarted(SessionStart(workshop: workshop, deckPath: deckPath)), .promptShown(prompt: prompt),
            .participantAdded(participant: "P3", attributes: ["table": "T2"]),
            .commentAdded(CommentPayload(comment: "c1", prompt: prompt, participant: "P3", text: "میں ایپ 😩 \"never\" know\nwhich", tags: ["trust", "fragmentation"], table: "T2", round: 1)),
            .commentEdited(comment: "c1", participant: nil, text: "edited", tags: ["trust"]), .commentTagged(comment: "c1", tag: "access"),
            .commentUntagged(comment: "c1", tag: "trust"), .commentDeleted(comment: "c1"), .commentRestored(comment: "c1"),
            .marker(label: "tea break"), .roundStarted(round: 2), .tableSet(table: "T3"), .sessionPaused, .sessionResumed, .sessionEnded(reason: "quit"),
            .clockOffset(offset: -300_000, roundTrip: 3, reference: "facilitator"),
        ]
        for body in bodies { try! recorder.record(body) }
        recorder.close()
        let events = try! LogReader.read(path: path).events
        precondition(events.count == bodies.count)
        return [.join(.init(writer: "ana", role: .noteTaker)), .join(.init(writer: "projector-1", role: .projector)),
                .welcome(.init(session: recorder.sessionID, facilitator: "facilitator")),
                .clock(.init(sent: 1_764_072_000_000)), .clock(.init(sent: 1_764_072_000_000, received: 1_764_072_300_004, answered: 1_764_072_300_005)),
                .asset(.init(path: "screens/nhs-results.png", data: Data([0x89, 0x50, 0x4E, 0x47, 0, 255]))), .bye("the room is full (8 joined)")]
            + events.map(RoomMessage.event)
    }()

    static let encodedMessages: [[UInt8]] = messages.map { Array(try! $0.encoded()) }

    /// JSON fragments that make a mutation likely to stay JSON and reach the checks behind it.
    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "\\ud800", "null", "true", "0", "-1", "1e400", "9223372036854775808", "-0.5",
        "\"type\"", "\"join\"", "\"event\"", "\"welcome\"", "\"clock\"", "\"writer\"", "\"at\"", "\"tags\"", "\"v\"", "\"seq\"",
        "\"comment.added\"", "\"session.started\"", "\"2026-02-30T25:61:61.000Z\"", "\"Not Valid\"", "é", "😩",
    ].map { Array($0.utf8) } + [[0], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82]]

    /// Bit flips, byte changes, truncation, cut-outs, insertions and repeats: lengths change too.
    static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var data = bytes
        for _ in 0..<Int.random(in: 1...6, using: &rng) where !data.isEmpty {
            let at = Int.random(in: 0..<data.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: data[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 1: data[at] = UInt8.random(in: 0...255, using: &rng)
            case 2: data = Array(data.prefix(at))
            case 3: data.removeSubrange(at..<min(data.count, at + Int.random(in: 1...64, using: &rng)))
            case 4: data.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
            case 5: data.insert(contentsOf: randomBytes(&rng, upTo: 16), at: at)
            default:
                let end = min(data.count, at + Int.random(in: 1...256, using: &rng))
                data.insert(contentsOf: data[at..<end], at: end)
            }
        }
        return data
    }

    static func randomBytes(_ rng: inout SeededGenerator, upTo count: Int) -> [UInt8] {
        (0..<Int.random(in: 0...count, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// Random tokens strung together: JSON-shaped nonsense.
    static func tokenSoup(_ rng: inout SeededGenerator) -> [UInt8] {
        (0..<Int.random(in: 0...40, using: &rng)).flatMap { _ in tokens.randomElement(using: &rng)! }
    }

    /// As a slice that does not start at index 0, half the time: decoders must not assume it does.
    static func data(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> Data {
        Bool.random(using: &rng) ? Data(bytes) : Data([0x55, 0x55, 0x55] + bytes).dropFirst(3)
    }

    // MARK: the message decoder

    /// An accepted message must be one the room could have sent: it passes the same rules and
    /// survives its own round trip.
    static func checkDecoding(_ bytes: [UInt8], _ rng: inout SeededGenerator, _ context: String) -> Bool {
        let message: RoomMessage
        do { message = try RoomMessage.decode(data(bytes, &rng)) } catch { return false }
        switch message {
        case .join(let join): #expect(Identifier.isValid(join.writer), "\(context)")
        case .welcome(let welcome): #expect(Identifier.isValid(welcome.facilitator) && !welcome.session.isEmpty, "\(context)")
        case .event(let event): #expect(EventLine.validate(event) == nil, "\(context)")
        case .clock: break
        case .asset(let asset): #expect(RoomMessage.Asset.isSafe(asset.path), "\(context)")
        case .bye(let reason): #expect(reason.count <= 200, "\(context)")
        }
        #expect((try? RoomMessage.decode(message.encoded())) == message, "\(context): does not survive its round trip")
        return true
    }

    @Test func mutatedMessagesDecodeToValidMessagesOrAnError() {
        let seed: UInt64 = 20261201
        var rng = SeededGenerator(seed: seed)
        var accepted = 0
        for iteration in 0..<Self.iterations {
            let source = iteration % Self.encodedMessages.count
            let mutated = Self.mutate(Self.encodedMessages[source], &rng)
            if Self.checkDecoding(mutated, &rng, "seed \(seed) case \(iteration) (message \(source))") { accepted += 1 }
        }
        // Some mutations (in a text, an id) leave a valid message: the checks behind JSON are reached.
        #expect(accepted > 0 && accepted < Self.iterations, "seed \(seed): \(accepted) of \(Self.iterations) accepted")
    }

    @Test func randomBytesAndJSONShapedNonsenseAreAnError() {
        let seed: UInt64 = 17
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Self.iterations {
            let bytes = iteration % 2 == 0 ? Self.randomBytes(&rng, upTo: 300) : Self.tokenSoup(&rng)
            _ = Self.checkDecoding(bytes, &rng, "seed \(seed) case \(iteration)")
        }
    }

    @Test func deepNestingAndHugeMessagesAreAnErrorNotACrash() {
        let hostile: [[UInt8]] = [
            Array(repeating: UInt8(ascii: "["), count: 100_000), Array(repeating: UInt8(ascii: "{"), count: 100_000),
            Array(#"{"type":"event","event":"#.utf8) + Array(repeating: UInt8(ascii: "["), count: 50_000),
            Array(#"{"type":"join","join":{"writer":"ana","role":"note-taker","x":"#.utf8) + Array(repeating: UInt8(ascii: "a"), count: RoomMessage.maximumBytes),
            Array(#"{"type":"clock","clock":{"sent":1e999999}}"#.utf8), Array(#"{"type":"clock","clock":{"sent":-9223372036854775809}}"#.utf8),
        ]
        var rng = SeededGenerator(seed: 1)
        for (index, bytes) in hostile.enumerated() {
            #expect(!Self.checkDecoding(bytes, &rng, "hostile \(index)"), "hostile \(index) was accepted")
        }
    }

    // MARK: the sealed channel

    /// A client and a server with seeded nonces that have exchanged hellos.
    static func pair(_ rng: inout SeededGenerator) throws -> (client: SecureChannel, server: SecureChannel) {
        var client = SecureChannel(role: .client, key: key, nonce: Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }))
        var server = SecureChannel(role: .server, key: key, nonce: Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }))
        _ = try server.receive(client.hello)
        _ = try client.receive(server.hello)
        return (client, server)
    }

    @Test func aMutatedSealedFrameNeverOpensAndTheGenuineOneStillDoes() throws {
        let seed: UInt64 = 99
        var rng = SeededGenerator(seed: seed)
        var (client, server) = try Self.pair(&rng)
        for iteration in 0..<Self.iterations {
            let plaintext = Data(Self.encodedMessages[iteration % Self.encodedMessages.count].prefix(2_000))
            let frame = Array(try client.seal(plaintext))
            let mutated = Self.mutate(frame, &rng)
            if mutated != frame, let opened = try? server.receive(Self.data(mutated, &rng)) {
                Issue.record("seed \(seed) case \(iteration): a mutated frame opened (\(opened.count) bytes)")
            }
            // A refused frame does not move the channel on: the next genuine frame opens.
            #expect(try server.receive(Self.data(frame, &rng)) == plaintext, "seed \(seed) case \(iteration)")
        }
    }

    @Test func aMutatedHelloNeverLetsTheOtherSidesFramesOpen() throws {
        let seed: UInt64 = 7
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Self.iterations {
            var server = SecureChannel(role: .server, key: Self.key, nonce: Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }))
            var client = SecureChannel(role: .client, key: Self.key, nonce: Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }))
            let hello = Array(server.hello)
            let mutated = Self.mutate(hello, &rng)
            guard mutated != hello else { continue }
            // A hello travels in clear, so a changed one may be taken; the keys it gives are then not the server's.
            do { _ = try client.receive(Self.data(mutated, &rng)) } catch { continue }
            _ = try server.receive(client.hello)
            #expect(throws: RoomError.self, "seed \(seed) case \(iteration)") { try client.receive(try server.seal(Data("a note".utf8))) }
        }
    }

    @Test func randomFramesNeverOpenOnEitherSideBeforeOrAfterTheHellos() throws {
        let seed: UInt64 = 4242
        var rng = SeededGenerator(seed: seed)
        let (client, server) = try Self.pair(&rng)
        let fresh = [SecureChannel(role: .client, key: Self.key), SecureChannel(role: .server, key: Self.key)]
        for iteration in 0..<Self.iterations {
            // A first byte of hello, sealed or refusal most of the time, so each branch is reached.
            var frame = Self.randomBytes(&rng, upTo: 120)
            if !frame.isEmpty, iteration % 4 != 0 { frame[0] = UInt8(iteration % 3 + 1) }
            for var channel in [client, server] + fresh {
                // nil: refused, or taken as a hello (which carries no content).
                #expect((try? channel.receive(Self.data(frame, &rng))) == nil, "seed \(seed) case \(iteration): random bytes opened")
            }
        }
    }

    // MARK: the whole pipeline

    /// A connected pipeline of `role`, and what it has sent so far.
    static func pipeline(_ role: SecureChannel.Role) throws -> (channel: EmbeddedChannel, inbox: Inbox, hello: Data) {
        let channel = EmbeddedChannel(), inbox = Inbox()
        try channel.pipeline.syncOperations.addHandlers(RoomPipeline.handlers(role: role, key: key) + [inbox])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        var sent = Data()
        while let bytes = try channel.readOutbound(as: ByteBuffer.self) { sent += Data(bytes.readableBytesView) }
        return (channel, inbox, sent.dropFirst(4))
    }

    static func framed(_ frame: some Collection<UInt8>) -> [UInt8] {
        withUnsafeBytes(of: UInt32(frame.count).bigEndian, Array.init) + frame
    }

    /// Feeds `stream` in random pieces, as TCP may deliver it, until the channel closes.
    static func feed(_ stream: [UInt8], to channel: EmbeddedChannel, _ rng: inout SeededGenerator) {
        var rest = stream[...]
        while !rest.isEmpty, channel.isActive {
            let piece = rest.prefix(Int.random(in: 1...max(1, rest.count), using: &rng))
            rest = rest.dropFirst(piece.count)
            _ = try? channel.writeInbound(ByteBuffer(bytes: piece))
        }
    }

    @Test func garbageThroughThePipelineClosesItOrIsDroppedAndNothingIsDelivered() throws {
        let seed: UInt64 = 31337
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Self.iterations {
            let role: SecureChannel.Role = iteration % 2 == 0 ? .server : .client
            let (channel, inbox, hello) = try Self.pipeline(role)
            var peer = SecureChannel(role: role == .server ? .client : .server, key: Self.key)
            _ = try peer.receive(hello)
            var stream: [UInt8] = [], genuine: [UInt8] = []
            switch iteration % 4 {
            case 0: stream = Self.randomBytes(&rng, upTo: 400)
            case 1: // frames of random bytes, lengths right
                for _ in 0..<Int.random(in: 1...5, using: &rng) { stream += Self.framed(Self.randomBytes(&rng, upTo: 200)) }
            case 2: // the peer's real hello, then random sealed-looking frames
                stream = Self.framed(peer.hello)
                for _ in 0..<Int.random(in: 1...5, using: &rng) { stream += Self.framed([2] + Self.randomBytes(&rng, upTo: 200)) }
            default: // a real conversation, mutated anywhere, lengths included
                stream = Self.framed(peer.hello)
                for message in Self.encodedMessages.prefix(5) { stream += Self.framed(try peer.seal(Data(message))) }
                genuine = stream
                stream = Self.mutate(stream, &rng)
            }
            Self.feed(stream, to: channel, &rng)
            let context = "seed \(seed) case \(iteration)"
            if iteration % 4 == 3 {
                // What arrives before the first changed byte is genuine; nothing after it is taken.
                #expect(inbox.messages == Array(Self.messages.prefix(inbox.messages.count)), "\(context)")
                if !stream.starts(with: genuine) { #expect(inbox.messages.count < 5, "\(context): a mutated conversation was delivered whole") }
            } else {
                #expect(inbox.messages.isEmpty, "\(context): garbage delivered as a message")
            }
            #expect(inbox.notices.isEmpty, "\(context): garbage opened as a sealed frame")
            _ = try? channel.finish(acceptAlreadyClosed: true)
        }
    }

    @Test func authenticButMalformedMessagesAreDroppedAndTheConnectionGoesOn() throws {
        let seed: UInt64 = 2718
        var rng = SeededGenerator(seed: seed)
        let (channel, inbox, hello) = try Self.pipeline(.server)
        var peer = SecureChannel(role: .client, key: Self.key)
        _ = try peer.receive(hello)
        var stream = Self.framed(peer.hello)
        for iteration in 0..<Self.iterations {
            let plaintext = iteration % 3 == 0 ? Self.tokenSoup(&rng) : Self.mutate(Self.encodedMessages[iteration % Self.encodedMessages.count], &rng)
            stream += Self.framed(try peer.seal(Data(plaintext)))
        }
        Self.feed(stream, to: channel, &rng)
        #expect(channel.isActive, "seed \(seed): a malformed message closed the connection")
        #expect(inbox.messages.count + inbox.notices.count == Self.iterations, "seed \(seed)")
        #expect(!inbox.notices.isEmpty)
        for message in inbox.messages {
            if case .event(let event) = message { #expect(EventLine.validate(event) == nil, "seed \(seed)") }
        }
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }

    /// Bytes of address space the process has ever held (Linux), to catch an allocation sized by a
    /// declared length even when it is freed at once.
    static func peakVirtualBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmPeak:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes * 1024
    }

    /// 2^31 is past what the frame decoder takes at all: refused at once. 2^31 − 1 is waited for,
    /// but only up to one message's worth of buffered bytes. Neither allocates by the declared length.
    @Test(arguments: [UInt32(1) << 31, UInt32(1) << 31 - 1])
    func aDeclaredLengthOf2GiBAllocatesNothingAndIsCutOffAtTheLimit(length: UInt32) throws {
        let (channel, inbox, _) = try Self.pipeline(.server)
        let before = Self.peakVirtualBytes()
        var header = ByteBuffer()
        header.writeInteger(length)
        header.writeRepeatingByte(2, count: 1_000)
        _ = try? channel.writeInbound(header)
        if let before, let after = Self.peakVirtualBytes() {
            #expect(after - before < 1 << 30, "address space grew by \(after - before) bytes")
        }
        #expect(channel.isActive == (length < 1 << 31))
        var sent = 1_000
        while channel.isActive, sent <= RoomMessage.maximumBytes + 1 << 20 {
            var chunk = ByteBuffer()
            chunk.writeRepeatingByte(2, count: 64 << 10)
            _ = try? channel.writeInbound(chunk)
            sent += 64 << 10
        }
        #expect(!channel.isActive, "still open after \(sent) bytes of one frame")
        #expect(sent <= RoomMessage.maximumBytes + 64 + 64 << 10)
        #expect(inbox.messages.isEmpty)
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }
}

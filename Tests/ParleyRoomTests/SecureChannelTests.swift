import Foundation
import Testing
import ParleyCore
@testable import ParleyRoom

@Suite struct RoomCodeTests {
    @Test func typedCodesAreNormalisedAndShortOnesRefused() {
        #expect(RoomCode("Maple Otter  cello-PIANO")?.text == "maple-otter-cello-piano")
        #expect(RoomCode(" 4821 - 7730 ")?.text == "4821-7730")
        #expect(RoomCode("ab-cd") == nil)
        #expect(RoomCode("") == nil)
    }

    @Test func generatedCodesAreFourListedWordsAndVary() {
        var seen: Set<String> = []
        for _ in 0..<50 {
            let code = RoomCode.generate()
            let words = code.text.split(separator: "-").map(String.init)
            #expect(words.count == 4 && words.allSatisfy(RoomCode.words.contains))
            seen.insert(code.text)
        }
        #expect(seen.count > 45)
        #expect(Set(RoomCode.words).count == 256)
    }
}

@Suite struct SecureChannelTests {
    static let key = try! RoomKey(code: RoomCode("maple-otter-cello-piano")!)

    /// A client and a server that have exchanged hellos.
    static func pair(clientKey: RoomKey = key) throws -> (client: SecureChannel, server: SecureChannel) {
        var client = SecureChannel(role: .client, key: clientKey)
        var server = SecureChannel(role: .server, key: key)
        #expect(try server.receive(client.hello) == nil)
        #expect(try client.receive(server.hello) == nil)
        return (client, server)
    }

    @Test func bothDirectionsCarryMessagesInOrder() throws {
        var (client, server) = try Self.pair()
        for n in 0..<20 {
            let up = Data("P3: note \(n) #trust".utf8)
            #expect(try server.receive(try client.seal(up)) == up)
            let down = Data("prompt \(n)".utf8)
            #expect(try client.receive(try server.seal(down)) == down)
        }
        #expect(client.authenticated && server.authenticated)
    }

    @Test func aWrongCodeIsRefusedBeforeAnyContentOpens() throws {
        let other = try RoomKey(code: RoomCode("maple-otter-cello-pian0")!)
        var (client, server) = try Self.pair(clientKey: other)
        let frame = try client.seal(Data("P3: hello".utf8))
        #expect(throws: RoomError.wrongCode) { try server.receive(frame) }
        #expect(!server.authenticated)
    }

    @Test func tamperedReplayedAndReorderedFramesDoNotOpen() throws {
        var (client, server) = try Self.pair()
        let first = try client.seal(Data("one".utf8))
        let second = try client.seal(Data("two".utf8))
        #expect(throws: RoomError.wrongCode) { try server.receive(second) }   // out of order
        var tampered = first
        tampered[tampered.count - 1] ^= 0x01
        #expect(throws: RoomError.wrongCode) { try server.receive(tampered) }
        #expect(try server.receive(first) == Data("one".utf8))
        #expect(throws: RoomError.unexpectedFrame) { try server.receive(first) }  // replayed
    }

    @Test func framesOfOneConnectionDoNotOpenInAnother() throws {
        var (client, _) = try Self.pair()
        var (_, otherServer) = try Self.pair()
        #expect(throws: RoomError.wrongCode) { try otherServer.receive(try client.seal(Data("hi".utf8))) }
    }

    @Test func theWireCarriesNoContentInClear() throws {
        var (client, server) = try Self.pair()
        let secret = "P3: I'd never know which app to open #fragmentation"
        var wire = client.hello + server.hello
        for _ in 0..<3 { wire += try client.seal(Data(secret.utf8)) }
        // Long needles: a two-byte one turns up in random ciphertext by chance.
        for needle in ["P3: I'd", "never know", "fragmentation"] {
            #expect(wire.range(of: Data(needle.utf8)) == nil, "\(needle)")
        }
        _ = server
    }

    @Test func refusalsAndForeignFramesAreErrorsNotCrashes() throws {
        var client = SecureChannel(role: .client, key: Self.key)
        #expect(throws: RoomError.refused("the room is full (8 joined)")) { try client.receive(SecureChannel.refusal("the room is full (8 joined)")) }
        #expect(throws: RoomError.notAParleyRoom) { try client.receive(Data("HTTP/1.1 200 OK".utf8)) }
        #expect(throws: RoomError.notAParleyRoom) { try client.receive(Data()) }
        #expect(throws: RoomError.unexpectedFrame) { try client.receive(Data([2, 1, 2, 3])) }
        #expect(throws: RoomError.unexpectedFrame) { try client.seal(Data("too early".utf8)) }
    }
}

@Suite struct RoomMessageTests {
    static let event = Event(id: "e1", session: "s", writer: "ana", seq: 3, at: "2026-11-25T12:00:00.000Z", mono: 10,
                             body: .commentAdded(CommentPayload(comment: "c1", prompt: "p", participant: "P3", text: "a note", tags: ["trust"])))

    @Test func everyMessageRoundTrips() throws {
        for message: RoomMessage in [.join(.init(writer: "ana", role: .noteTaker)), .welcome(.init(session: "s", facilitator: "facilitator")),
                                     .event(Self.event), .clock(.init(sent: 1, received: 2, answered: 3))] {
            #expect(try RoomMessage.decode(message.encoded()) == message)
        }
    }

    @Test func hostileMessagesAreDroppedWithAReason() throws {
        var bad = Self.event
        bad.at = "yesterday"
        #expect(throws: RoomMessageError.self) { try RoomMessage.decode(RoomMessage.event(bad).encoded()) }
        #expect(throws: RoomMessageError.self) { try RoomMessage.decode(Data(#"{"type":"join","join":{"writer":"Not Valid","role":"projector"}}"#.utf8)) }
        #expect(throws: RoomMessageError.self) { try RoomMessage.decode(Data(#"{"type":"explode"}"#.utf8)) }
        #expect(throws: RoomMessageError.self) { try RoomMessage.decode(Data("[]".utf8)) }
        #expect(throws: RoomMessageError.self) { try RoomMessage.decode(Data(count: RoomMessage.maximumBytes + 1)) }
    }
}

@Suite struct ForwardSecrecyTests {
    /// Someone who recorded a connection and holds the right code (guessed, or read off a handout
    /// later) still cannot open it: the keys also need one side's X25519 private key, which never
    /// left that laptop. So a recording cannot even be used to test guesses of the code.
    @Test func theRightCodeDoesNotOpenARecording() throws {
        var (client, _) = try SecureChannelTests.pair()
        let recorded = try client.seal(Data("P3: I'd never know which app to open".utf8))
        var eavesdropper = SecureChannel(role: .server, key: SecureChannelTests.key)
        #expect(try eavesdropper.receive(client.hello) == nil)
        #expect(throws: RoomError.wrongCode) { try eavesdropper.receive(recorded) }
    }

    @Test func aHelloWithoutAUsableKeyIsNotARoom() throws {
        var server = SecureChannel(role: .server, key: SecureChannelTests.key)
        let client = SecureChannel(role: .client, key: SecureChannelTests.key)
        // The all-zero X25519 point gives no shared secret.
        let zeroKey = client.hello.dropLast(32) + Data(count: 32)
        #expect(throws: RoomError.notAParleyRoom) { try server.receive(zeroKey) }
        var another = SecureChannel(role: .server, key: SecureChannelTests.key)
        #expect(throws: RoomError.notAParleyRoom) { try another.receive(client.hello.dropLast()) }
    }
}

import Crypto
import Foundation

/// Why a room connection stopped.
public enum RoomError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The other side does not speak Parley's room protocol.
    case notAParleyRoom
    /// The other side's frames do not open with this code's key.
    case wrongCode
    /// The other side refused us, saying why (one of a few fixed reasons, never content).
    case refused(String)
    /// A frame that this state cannot take (a second hello, content before the hello).
    case unexpectedFrame

    public var description: String {
        switch self {
        case .notAParleyRoom: "that address is not a Parley room"
        case .wrongCode: "wrong room code; expected the code on the facilitator's screen (F1)"
        case .refused(let reason): "the room refused: \(reason)"
        case .unexpectedFrame: "the other side broke the room protocol"
        }
    }
}

/// One end of a room connection, without I/O: it turns frames received into plaintexts and
/// plaintexts into frames to send. Each side first sends a hello with a fresh random nonce and a
/// fresh X25519 public key; from the room key, the X25519 shared secret and both hellos each side
/// derives this connection's keys, and every later frame is sealed (`Sealer`). Nothing but the
/// hellos and a fixed refusal reason ever travels in clear. Without the code nothing opens; without
/// a connection's private key, a recording cannot even be used to test guesses of the code.
///
/// Frames (the transport adds a length in front of each): `1` magic nonce key · `2` sealed · `3` reason.
public struct SecureChannel {
    public enum Role: Sendable { case client, server }

    static let magic = Data("PARLEY-ROOM-2".utf8)
    static let nonceBytes = 32
    static let publicKeyBytes = 32

    enum Kind: UInt8 { case hello = 1, sealed = 2, refusal = 3 }

    public let role: Role
    private let key: RoomKey
    private let nonce: Data
    /// This connection's X25519 key: its half of the shared secret, never sent, gone with the connection.
    private let ephemeral = Curve25519.KeyAgreement.PrivateKey()
    private var sealer: Sealer?
    private var opener: Opener?
    /// Whether the other side has shown it holds the room key (a frame of theirs opened).
    public private(set) var authenticated = false

    public init(role: Role, key: RoomKey, nonce: Data? = nil) {
        self.role = role
        self.key = key
        self.nonce = nonce ?? Data((0..<Self.nonceBytes).map { _ in UInt8.random(in: 0...255) })
    }

    /// The first frame to send: the magic, a random nonce and this connection's X25519 public key.
    public var hello: Data { Data([Kind.hello.rawValue]) + Self.magic + nonce + ephemeral.publicKey.rawRepresentation }

    /// Whether the hellos have been exchanged, so `seal` can be used.
    public var isOpen: Bool { sealer != nil }

    /// A refusal frame, sent in clear just before closing: a fixed reason, never content.
    public static func refusal(_ reason: String) -> Data { Data([Kind.refusal.rawValue]) + Data(reason.utf8.prefix(200)) }

    /// Takes one received frame: nil for the hello, the plaintext for a sealed frame.
    public mutating func receive(_ frame: Data) throws(RoomError) -> Data? {
        guard let first = frame.first, let kind = Kind(rawValue: first) else { throw .notAParleyRoom }
        let body = frame.dropFirst()
        switch kind {
        case .hello:
            guard sealer == nil else { throw .unexpectedFrame }
            guard body.count == Self.magic.count + Self.nonceBytes + Self.publicKeyBytes, body.prefix(Self.magic.count) == Self.magic,
                  let theirKey = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: body.suffix(Self.publicKeyBytes)),
                  let shared = try? ephemeral.sharedSecretFromKeyAgreement(with: theirKey),
                  // A low-order point gives an all-zero secret: no contribution, so not a Parley room.
                  shared.withUnsafeBytes({ $0.contains { $0 != 0 } }) else { throw .notAParleyRoom }
            let theirs = Data(frame)
            let (clientHello, serverHello) = role == .client ? (hello, theirs) : (theirs, hello)
            let keys = key.channel(clientHello: clientHello, serverHello: serverHello, shared: shared, isClient: role == .client)
            sealer = Sealer(key: keys.sending)
            opener = Opener(key: keys.receiving)
            return nil
        case .sealed:
            guard opener != nil else { throw .unexpectedFrame }
            do {
                let plaintext = try opener!.open(Data(body))
                authenticated = true
                return plaintext
            } catch {
                // Before anything opened, a frame that does not open means the other side has another code.
                throw authenticated ? .unexpectedFrame : .wrongCode
            }
        case .refusal:
            throw .refused(String(decoding: body.prefix(200), as: UTF8.self))
        }
    }

    /// A frame carrying `plaintext`, sealed; only once the hellos are exchanged.
    public mutating func seal(_ plaintext: Data) throws(RoomError) -> Data {
        guard sealer != nil, let sealed = try? sealer!.seal(plaintext) else { throw .unexpectedFrame }
        return Data([Kind.sealed.rawValue]) + sealed
    }
}

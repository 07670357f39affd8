import Crypto
import _CryptoExtras
import Foundation

/// The secret every laptop of a room derives from its code. scrypt makes each guess of a code
/// cost tens of milliseconds of work, so a bystander who recorded the traffic cannot try every
/// code of a workshop's length quickly (docs/room.md has the numbers and the limits).
/// Sendable by hand: `SymmetricKey` is immutable but not marked so in this swift-crypto.
public struct RoomKey: @unchecked Sendable {
    let key: SymmetricKey

    /// scrypt's cost: N = 2^15, r = 8, p = 1 (32 MiB, tens of ms), once per process.
    public init(code: RoomCode) throws {
        key = try KDF.Scrypt.deriveKey(from: Array(code.text.utf8), salt: Array("parley-room-v1".utf8),
                                       outputByteCount: 32, rounds: 1 << 15, blockSize: 8, parallelism: 1)
    }

    /// A fresh pair of keys for one connection, one per direction, from the room key and the
    /// connection's X25519 shared secret, bound to both hellos: no frame of one connection can be
    /// replayed into another. The shared secret is why a recording of the traffic is no use to
    /// someone who learns (or guesses) the code later: each connection's keys also need a private
    /// key that never left its laptop and is gone when the connection ends.
    func channel(clientHello: Data, serverHello: Data, shared: SharedSecret, isClient: Bool) -> (sending: SymmetricKey, receiving: SymmetricKey) {
        let material = key.withUnsafeBytes { Data($0) } + shared.withUnsafeBytes { Data($0) }
        func derive(_ label: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: material), salt: clientHello + serverHello,
                                   info: Data("parley-room-v2 \(label)".utf8), outputByteCount: 32)
        }
        let toServer = derive("client to server"), toClient = derive("server to client")
        return isClient ? (toServer, toClient) : (toClient, toServer)
    }
}

/// Why a sealed frame was refused.
public enum SealError: Error, Equatable, Sendable {
    /// The frame was not sealed with this room's key (a wrong code), was changed on the way, or
    /// is not the next frame (replayed, dropped, reordered).
    case notAuthentic
}

/// Seals one direction of a connection: ChaCha20-Poly1305 with the frame's number as the nonce,
/// so the nonce never repeats under a key and never travels.
struct Sealer {
    private let key: SymmetricKey
    private var counter: UInt64 = 0
    init(key: SymmetricKey) { self.key = key }

    mutating func seal(_ plaintext: Data) throws -> Data {
        defer { counter += 1 }
        let box = try ChaChaPoly.seal(plaintext, using: key, nonce: Self.nonce(counter))
        return box.ciphertext + box.tag
    }

    static func nonce(_ counter: UInt64) -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: counter.bigEndian) { bytes.replaceSubrange(4..<12, with: $0) }
        return try! ChaChaPoly.Nonce(data: bytes)
    }
}

/// Opens the other direction: only the next frame in order, sealed with the same key, opens.
struct Opener {
    private let key: SymmetricKey
    private var counter: UInt64 = 0
    init(key: SymmetricKey) { self.key = key }

    mutating func open(_ frame: Data) throws(SealError) -> Data {
        guard frame.count >= 16,
              let box = try? ChaChaPoly.SealedBox(nonce: Sealer.nonce(counter), ciphertext: frame.dropLast(16), tag: frame.suffix(16)),
              let plaintext = try? ChaChaPoly.open(box, using: key) else { throw .notAuthentic }
        counter += 1
        return plaintext
    }
}

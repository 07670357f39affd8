import Foundation
import ParleyCore

/// What a facilitator's laptop says about its room on the LAN, once a second, by UDP broadcast.
/// In clear by design: only the TCP port, the deck id, the facilitator's writer id and when the
/// session started. Never participant data, never the code (docs/room.md).
public struct RoomAnnouncement: Codable, Sendable, Equatable {
    /// The TCP port the room listens on.
    public var port: Int
    /// The deck id, e.g. "demo".
    public var deck: String
    /// The facilitator's writer id.
    public var facilitator: String
    /// When the session started (`Timestamp.string`): tells two rooms of one deck apart.
    public var started: String

    public init(port: Int, deck: String, facilitator: String, started: String) {
        self.port = port; self.deck = deck; self.facilitator = facilitator; self.started = started
    }

    /// Whether every field is one a room could announce; anything else heard is ignored.
    public var isValid: Bool {
        (1...65535).contains(port) && Identifier.isValid(deck) && Identifier.isValid(facilitator) && Timestamp.milliseconds(started) != nil
    }

    /// Every datagram starts with this; the number is the format's version.
    static let magic = Array("PARLEY-ROOM-1 ".utf8)
    /// Longest datagram sent or heard: fits any LAN's MTU, and a finder reads no more.
    static let maximumPacketBytes = 512

    /// The datagram: the magic, then the announcement as compact JSON.
    func packet() throws(RoomDiscoveryError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard isValid, let json = try? encoder.encode(self) else { throw .invalidAnnouncement(self) }
        let packet = Self.magic + Array(json)
        guard packet.count <= Self.maximumPacketBytes else { throw .invalidAnnouncement(self) }
        return packet
    }

    /// The announcement a datagram carries; nil for anything that is not a valid one (another
    /// program's broadcast, a newer format, a hostile packet), which a finder ignores.
    init?(packet: some Collection<UInt8>) {
        guard packet.count <= Self.maximumPacketBytes, packet.starts(with: Self.magic),
              let announcement = try? JSONDecoder().decode(Self.self, from: Data(packet.dropFirst(Self.magic.count))),
              announcement.isValid else { return nil }
        self = announcement
    }
}

/// A room heard on the LAN: where to connect and what it announced.
public struct FoundRoom: Sendable, Equatable {
    /// The IP address the announcement came from.
    public var host: String
    /// The room's TCP port.
    public var port: Int
    public var announcement: RoomAnnouncement

    public init(host: String, port: Int, announcement: RoomAnnouncement) {
        self.host = host; self.port = port; self.announcement = announcement
    }
}

public enum RoomDiscoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An announcement with a field no finder would accept, or too long for one datagram.
    case invalidAnnouncement(RoomAnnouncement)

    public var description: String {
        switch self {
        case .invalidAnnouncement(let a): "cannot announce deck \"\(a.deck)\" of \"\(a.facilitator)\" on port \(a.port): not a valid room announcement"
        }
    }
}

import Foundation
import NIOCore
import NIOPosix
import ParleyCore
import ParleyRoom

/// Where rooms are announced and looked for: by default UDP broadcast on port 7312;
/// `PARLEY_ROOM_DISCOVERY=ADDR:PORT` keeps it to one address (tests use loopback, so nothing
/// they run is ever heard on the LAN).
public struct RoomDiscoveryTarget: Sendable {
    /// nil: every broadcast address.
    public var address: RoomAddress?

    public init(address: RoomAddress?) { self.address = address }

    public static func fromEnvironment() -> RoomDiscoveryTarget {
        RoomDiscoveryTarget(address: ProcessInfo.processInfo.environment["PARLEY_ROOM_DISCOVERY"].flatMap(RoomAddress.init))
    }

    var port: Int { address?.port ?? RoomFinder.defaultPort }

    /// `listening`: the address the room listens on (see `RoomAnnouncer.broadcastTargets`).
    func announceTargets(listening: String? = nil) throws -> [SocketAddress] {
        guard let address else { return try RoomAnnouncer.broadcastTargets(port: port, listening: listening) }
        return [try SocketAddress(ipAddress: address.host, port: address.port)]
    }

    /// The rooms heard, in the order first heard: waits for the first (at most `seconds`), then
    /// one announcement interval more, so every other room on the network is heard once too.
    public func find(seconds: Double = 5) throws -> [FoundRoom] {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        guard let first = try RoomFinder.find(port: port, within: .milliseconds(Int64(seconds * 1000)), firstMatching: { _ in true }, group: group) else {
            return []
        }
        let others = try RoomFinder.find(port: port, duration: .milliseconds(1200), group: group)
        return [first] + others.filter { $0.host != first.host || $0.port != first.port }
    }
}

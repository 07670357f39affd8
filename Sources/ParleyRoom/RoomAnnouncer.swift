import NIOCore
import NIOPosix

/// Says a room is here: sends its announcement to every target (IPv4 broadcast addresses, by
/// default) right away and then every `interval`, until `stop()` (releasing it does not stop it).
public final class RoomAnnouncer: Sendable {
    private let loop: any EventLoop
    private let task: RepeatedTask
    /// The socket, as a future: a send that fails hard (no route while the Wi-Fi is down) closes
    /// it, and the next round opens another, so the room is found again when the network is back.
    private let socket: NIOLoopBoundBox<EventLoopFuture<any Channel>>

    /// Blocks until the socket is open (a moment); throws for an announcement no finder would accept.
    public init(announcement: RoomAnnouncement, targets: [SocketAddress], interval: TimeAmount = .seconds(1), group: any EventLoopGroup) throws {
        let packet = try announcement.packet()
        let loop = group.next()
        let open: @Sendable () -> EventLoopFuture<any Channel> = {
            DatagramBootstrap(group: loop).channelOption(.socketOption(.so_broadcast), value: 1).bind(host: "0.0.0.0", port: 0)
        }
        let first = open()
        _ = try first.wait()
        let socket = NIOLoopBoundBox.makeBoxSendingValue(first, eventLoop: loop)
        self.loop = loop
        self.socket = socket
        task = loop.scheduleRepeatedTask(initialDelay: .zero, delay: interval) { _ in
            socket.value = socket.value.flatMap { $0.isActive ? loop.makeSucceededFuture($0) : open() }.flatMapError { _ in open() }
            socket.value.whenSuccess { channel in
                for target in targets {
                    channel.write(AddressedEnvelope(remoteAddress: target, data: ByteBuffer(bytes: packet)), promise: nil)
                }
                channel.flush()
            }
        }
    }

    /// Stops sending; when it returns (off the event loop), nothing more is sent.
    public func stop() {
        let closed = loop.flatSubmit { [task, socket] in
            task.cancel()
            return socket.value.flatMap { $0.close() }
        }
        if !loop.inEventLoop { _ = try? closed.wait() }
    }

    /// The default targets, port `port`: every IPv4 interface's broadcast address, then
    /// 255.255.255.255 (last: with no network it fails, and a failed send ends the round).
    /// `listening`: where the room listens. On one address only, the room is announced only where that
    /// address is: on the loopback to this machine, on a LAN address to that interface's broadcast, on an
    /// IPv6 address nowhere (an announcement's sender is what joiners connect to, and it would be another
    /// address: a resumed room on 127.0.0.1 sent its note-takers to the laptop's LAN address).
    public static func broadcastTargets(port: Int, listening: String? = nil) throws -> [SocketAddress] {
        try broadcastTargets(port: port, listening: listening, devices: System.enumerateDevices())
    }

    static func broadcastTargets(port: Int, listening: String? = nil, devices: [NIONetworkDevice]) throws -> [SocketAddress] {
        if let listening, !["0.0.0.0", "::", ""].contains(listening) {
            guard let address = try? SocketAddress(ipAddress: listening, port: port), address.protocol == .inet else { return [] }
            if listening.hasPrefix("127.") { return [try SocketAddress(ipAddress: "127.0.0.1", port: port)] }
            return try devices.filter { $0.address?.ipAddress == listening }.compactMap(\.broadcastAddress)
                .filter { $0.protocol == .inet }.compactMap(\.ipAddress).map { try SocketAddress(ipAddress: $0, port: port) }
        }
        var targets: [SocketAddress] = []
        for ip in devices.compactMap(\.broadcastAddress).filter({ $0.protocol == .inet }).compactMap(\.ipAddress) + ["255.255.255.255"] {
            let target = try SocketAddress(ipAddress: ip, port: port)
            if !targets.contains(target) { targets.append(target) }
        }
        return targets
    }
}

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
    public static func broadcastTargets(port: Int) throws -> [SocketAddress] {
        try broadcastTargets(port: port, devices: System.enumerateDevices())
    }

    static func broadcastTargets(port: Int, devices: [NIONetworkDevice]) throws -> [SocketAddress] {
        var targets: [SocketAddress] = []
        for ip in devices.compactMap(\.broadcastAddress).filter({ $0.protocol == .inet }).compactMap(\.ipAddress) + ["255.255.255.255"] {
            let target = try SocketAddress(ipAddress: ip, port: port)
            if !targets.contains(target) { targets.append(target) }
        }
        return targets
    }
}

import Foundation
import NIOCore
import NIOPosix

/// Listens for rooms announced on the LAN (`RoomAnnouncer`). Blocking, bounded in time: the
/// command line calls it before the terminal opens.
public enum RoomFinder {
    /// The UDP port rooms are announced on.
    public static let defaultPort = 7312
    /// Most rooms one listen keeps: a flood of made-up announcements cannot grow the list.
    static let maximumRooms = 64

    /// Listens on UDP `port` for `duration`; the distinct rooms heard, in the order first heard
    /// (host: where the announcement came from; port: the room's TCP port). Several finders on one
    /// machine can listen on one port at once.
    public static func find(port: Int = defaultPort, duration: TimeAmount, group: any EventLoopGroup) throws -> [FoundRoom] {
        try listen(port: port, duration: duration, group: group) { _ in false }
    }

    /// Listens on UDP `port` until a room `wanted` accepts is heard (returned at once), or for at
    /// most `duration` (nil).
    public static func find(port: Int = defaultPort, within duration: TimeAmount, firstMatching wanted: @escaping @Sendable (FoundRoom) -> Bool,
                            group: any EventLoopGroup) throws -> FoundRoom? {
        try listen(port: port, duration: duration, group: group, until: wanted).first(where: wanted)
    }

    private static func listen(port: Int, duration: TimeAmount, group: any EventLoopGroup,
                               until done: @escaping @Sendable (FoundRoom) -> Bool) throws -> [FoundRoom] {
        let loop = group.next()
        let heard = loop.makePromise(of: [FoundRoom].self)
        let channel = try DatagramBootstrap(group: loop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(NIOBSDSocket.Option(rawValue: SO_REUSEPORT)), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Listener(duration: duration, done: done, heard: heard))
                }
            }
            .bind(host: "0.0.0.0", port: port).wait()
        defer { _ = try? channel.close().wait() }
        return try heard.futureResult.wait()
    }

    /// Collects the valid announcements one socket hears, until `done` says so or `duration` passes.
    private final class Listener: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let duration: TimeAmount
        let done: @Sendable (FoundRoom) -> Bool
        let heard: EventLoopPromise<[FoundRoom]>
        var rooms: [FoundRoom] = []
        var finished = false

        init(duration: TimeAmount, done: @escaping @Sendable (FoundRoom) -> Bool, heard: EventLoopPromise<[FoundRoom]>) {
            self.duration = duration; self.done = done; self.heard = heard
        }

        func handlerAdded(context: ChannelHandlerContext) {
            context.eventLoop.assumeIsolated().scheduleTask(in: duration) { self.finish() }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let datagram = unwrapInboundIn(data)
            guard !finished, let host = datagram.remoteAddress.ipAddress,
                  let announcement = RoomAnnouncement(packet: datagram.data.readableBytesView) else { return }
            let room = FoundRoom(host: host, port: announcement.port, announcement: announcement)
            if !rooms.contains(room), rooms.count < RoomFinder.maximumRooms { rooms.append(room) }
            if done(room) { finish() }
        }

        /// Read errors (an ICMP reply to someone's datagram) change nothing: keep listening.
        func errorCaught(context: ChannelHandlerContext, error: Error) {}

        private func finish() {
            guard !finished else { return }
            finished = true
            heard.succeed(rooms)
        }
    }
}

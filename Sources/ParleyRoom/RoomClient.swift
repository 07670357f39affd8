import Foundation
import NIOCore
import NIOPosix
import ParleyCore

/// A note-taker's or the projector's side of a room: connects, joins, sends everything this laptop
/// saved (again after every reconnection: the room drops what it has by id), measures the clock
/// offset, and reconnects by itself with backoff when the link drops. Its state lives on its one
/// event loop; the app talks to it with `share` and `drain`, which never wait for the network.
public final class RoomClient: @unchecked Sendable {
    public struct Timing: Sendable {
        /// First retry after a drop, doubled each failure up to `maximumBackoff` (ms).
        public var firstBackoff = 250
        public var maximumBackoff = 5_000
        public var connectTimeout: TimeAmount = .seconds(2)
        /// Nothing heard this long: the link is dead (the room answers a ping every second).
        public var silence: TimeAmount = .seconds(4)
        /// Clock probes per connection; the one with the shortest round trip wins.
        public var probes = 8
        public init() {}
    }

    /// Where the room was first joined.
    public let address: RoomAddress
    /// Where the room is now looked for: `address`, until a rediscovery finds it elsewhere.
    private var target: RoomAddress
    /// Where to look when the room stops answering at `target` (a laptop back with a new address
    /// from the hotspot, or on another port), given the room's facilitator and session start (as
    /// its announcement says them): called off the event loop, must be bounded in time. Set before `start`.
    public var rediscover: (@Sendable (_ facilitator: String, _ started: String) -> RoomAddress?)?
    private var searching = false
    /// The room's facilitator and its session's start, once welcomed: what identifies it on the LAN.
    private var facilitator: String?
    private var started: String?
    private let key: RoomKey
    private let join: RoomMessage.Join
    private let clock: any Clock
    private let timing: Timing
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let inbox = RoomInbox()
    // Touched only on the event loop:
    private var channel: Channel?
    private var failures = 0
    private var stopped = false
    private var own: [Event] = []
    private var seen: Set<String> = []
    private var session: String?
    private var probes: [ClockOffset.Probe] = []

    public init(target: RoomAddress, key: RoomKey, join: RoomMessage.Join, clock: any Clock = SystemClock(), timing: Timing = Timing()) {
        address = target; self.target = target; self.key = key; self.join = join; self.clock = clock; self.timing = timing
    }

    private var loop: EventLoop { group.next() }

    /// Starts connecting (and reconnecting, until `close`).
    public func start() { loop.execute { self.connect() } }

    /// Events this laptop saved: to the room now if connected, and again after every reconnection.
    public func share(_ events: [Event]) {
        loop.execute { [self] in
            own += events
            guard let channel else { return }
            for event in events { channel.write(RoomMessage.event(event), promise: nil) }
            channel.flush()
        }
    }

    public func share(_ event: Event) { share([event]) }

    public func drain() -> [RoomInbound] { inbox.drain() }

    public func close() {
        let open = try? loop.submit { [self] in stopped = true; return channel }.wait()
        if let open = open ?? nil { _ = try? open.close().wait() }
        try? group.syncShutdownGracefully()
    }

    /// For `parley join` before its terminal opens: waits (at most `timeout`) until the room has
    /// welcomed us and sent its session's start. Returns everything that arrived, in order, for
    /// the app to take in; throws the reason when the room refused or could not be reached.
    public func awaitWelcome(timeout: Duration) throws -> [RoomInbound] {
        let deadline = ContinuousClock.now + timeout
        var arrived: [RoomInbound] = []
        var lastLoss: String?
        while ContinuousClock.now < deadline {
            arrived += drain()
            let welcomed = arrived.contains { if case .welcome = $0 { true } else { false } }
            let started = arrived.contains { if case .event(let e) = $0, case .sessionStarted = e.body { true } else { false } }
            if welcomed, started { return arrived }
            for item in arrived {
                if case .link(.refused(let reason)) = item { throw RoomJoinError(description: reason) }
                if case .link(.lost(let reason, _)) = item { lastLoss = reason }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw RoomJoinError(description: "no room answered at \(address) within \(timeout)" + (lastLoss.map { " (\($0))" } ?? "")
                            + "; expected the facilitator's `parley run --room` on that address (F1 there shows it)")
    }

    // MARK: On the event loop

    private func connect() {
        guard !stopped else { return }
        inbox.post(.link(.connecting))
        probes.removeAll()
        ClientBootstrap(group: group)
            .connectTimeout(timing.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        RoomPipeline.handlers(role: .client, key: key)
                            + [IdleStateHandler(readTimeout: timing.silence, writeTimeout: .seconds(1)), ClientConnection(client: self)])
                }
            }
            .connect(host: target.host, port: target.port)
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    guard !stopped else { channel.close(promise: nil); return }
                    // Knocking again and again at a port of this machine nobody listens on, TCP can in
                    // principle connect a socket to itself (simultaneous open): it would hold the port the
                    // room comes back on and answer our own hello, read as a wrong code. Let go, try again.
                    if let local = channel.localAddress, local == channel.remoteAddress {
                        channel.close(promise: nil)
                        return lost("no room there yet")
                    }
                    self.channel = channel
                    // Held by the sealed channel until the hellos are exchanged.
                    channel.write(RoomMessage.join(join), promise: nil)
                    for event in own { channel.write(RoomMessage.event(event), promise: nil) }
                    channel.flush()
                case .failure(let error):
                    lost(Self.reason(error))
                }
            }
    }

    func lost(_ reason: String, channel closed: Channel? = nil) {
        if let closed { guard closed === channel else { return } }
        channel = nil
        guard !stopped else { return }
        failures += 1
        let base = min(timing.maximumBackoff, timing.firstBackoff << min(failures - 1, 16))
        // Jitter: laptops that lost the room together do not all knock at once.
        let delay = base * Int.random(in: 80...120) / 100
        inbox.post(.link(.lost(reason: reason, retryInMilliseconds: delay)))
        loop.scheduleTask(in: .milliseconds(Int64(delay))) { [self] in connect() }
        if failures % 3 == 0 { lookElsewhere() }
    }

    /// After a few failed tries, asks `rediscover` where the room is now, once at a time.
    private func lookElsewhere() {
        guard let rediscover, !searching, let facilitator, let started else { return }
        searching = true
        Thread.detachNewThread { [self] in
            let found = rediscover(facilitator, started)
            loop.execute { [self] in
                searching = false
                guard let found, found != target else { return }
                target = found
                inbox.post(.notice("the room is now at \(found)"))
            }
        }
    }

    func refused(_ reason: String) {
        stopped = true
        inbox.post(.link(.refused(reason)))
        channel?.close(promise: nil)
    }

    func received(_ message: RoomMessage, on channel: Channel) {
        switch message {
        case .welcome(let welcome):
            if let session, session != welcome.session { return refused("the room now runs another session (\(welcome.session)); expected \(session)") }
            session = welcome.session
            facilitator = welcome.facilitator
            failures = 0
            inbox.post(.welcome(welcome))
            inbox.post(.link(.connected))
            for _ in 0..<timing.probes { sendProbe(on: channel) }
        case .event(let event):
            if case .sessionStarted = event.body, event.writer == facilitator, started == nil { started = event.at }
            guard event.writer != join.writer, seen.insert(event.id).inserted else { return }
            inbox.post(.event(event))
        case .clock(let probe):
            guard let received = probe.received, let answered = probe.answered, probes.count < timing.probes else { return }
            probes.append(.init(sent: probe.sent, received: received, answered: answered, returned: wallMilliseconds))
            if probes.count == timing.probes, let offset = ClockOffset.estimate(probes) { inbox.post(.clock(offset)) }
        case .asset(let asset):
            inbox.post(.asset(asset))
        case .bye(let reason):
            refused(reason)
        case .join:
            inbox.post(.notice("the room sent a join; dropped"))
        }
    }

    func sendProbe(on channel: Channel) {
        channel.writeAndFlush(RoomMessage.clock(.init(sent: wallMilliseconds)), promise: nil)
    }

    private var wallMilliseconds: Int { Int(clock.now().timeIntervalSince1970 * 1000) }

    static func reason(_ error: Error) -> String {
        if let error = error as? RoomError { return error.description }
        if let error = error as? ChannelError, case .connectTimeout = error { return "no answer" }
        if let error = error as? NIOConnectionError, let last = error.connectionErrors.last?.error { return reason(last) }
        if let error = error as? IOError { return error.description.contains("refused") ? "connection refused" : "\(error.errnoCode == ECONNREFUSED ? "connection refused" : "network error: \(error)")" }
        return "\(error)"
    }
}

/// Why joining failed, in a sentence for the note-taker.
public struct RoomJoinError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The client's connection, at the end of its pipeline: hands what arrives to the client.
final class ClientConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = RoomMessage
    private let client: RoomClient
    private var why = "the room closed the connection"
    init(client: RoomClient) { self.client = client }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { client.received(unwrapInboundIn(data), on: context.channel) }
    func channelInactive(context: ChannelHandlerContext) { client.lost(why, channel: context.channel) }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case IdleStateHandler.IdleStateEvent.write: client.sendProbe(on: context.channel)
        case IdleStateHandler.IdleStateEvent.read: why = "the room went silent"; context.close(promise: nil)
        case RoomNotice.dropped(let reason): why = "a message did not decode: \(reason)"
        default: context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        switch error as? RoomError {
        case .wrongCode?: client.refused(RoomError.wrongCode.description)
        case .refused(let reason)?: client.refused(reason == "wrong room code" ? RoomError.wrongCode.description : reason)
        case .notAParleyRoom?: client.refused(RoomError.notAParleyRoom.description)
        default: why = RoomClient.reason(error)
        }
    }
}

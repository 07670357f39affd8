import Foundation
import NIOCore
import NIOPosix
import ParleyCore

/// The facilitator's side of a room: listens, lets note-takers and a projector join, catches each
/// up (deck files, then every event the room has seen), relays the events saved on each laptop to
/// the others, and answers clock probes. Its state lives on its one event loop; the app talks to
/// it with `share` and `drain`, which never wait for the network.
public final class RoomHost: @unchecked Sendable {
    public struct Limits: Sendable {
        /// Laptops that may join at once.
        public var joiners = 8
        /// A connection's burst of messages, then its steady rate; beyond it messages are dropped.
        public var burst = 5_000
        public var perSecond = 200
        /// A joiner silent this long is gone (they ping every second).
        public var silentSeconds: Int64 = 6
        public init() {}
    }

    public let code: RoomCode
    /// The port the room listens on (the default one or the next free).
    public private(set) var port = 0
    public let listenHost: String
    private let key: RoomKey
    private let session: String
    private let facilitator: String
    private let clock: any Clock
    private let limits: Limits
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let inbox = RoomInbox()
    private var server: Channel?
    private var announcer: RoomAnnouncer?
    // Touched only on the event loop:
    private var connections: [ObjectIdentifier: Joiner] = [:]
    private var history: [Event]
    private var seen: Set<String>
    private let assets: [RoomMessage.Asset]

    struct Joiner {
        let channel: Channel
        var join: RoomMessage.Join?
        var limit: RateLimit
    }

    /// Opens the room. `history`: the facilitator's events so far (a resumed session has some);
    /// `assets`: the deck's screenshots. Throws a sentence when it cannot listen.
    public init(code: RoomCode, key: RoomKey, session: String, facilitator: String, history: [Event],
                assets: [RoomMessage.Asset], listen: RoomAddress, clock: any Clock = SystemClock(), limits: Limits = Limits()) throws {
        self.code = code; self.key = key; self.session = session; self.facilitator = facilitator
        self.history = history; seen = Set(history.map(\.id)); self.assets = assets
        self.clock = clock; self.limits = limits; listenHost = listen.host
        let candidates = listen.portGiven ? [listen.port] : Array(listen.port..<min(65536, listen.port + 20))
        var lastError: Error?
        var bound: Channel?
        for port in candidates {
            do { bound = try bootstrap().bind(host: listen.host, port: port).wait(); break } catch { lastError = error }
        }
        guard let bound, let port = bound.localAddress?.port else {
            try? group.syncShutdownGracefully()
            let tried = candidates.count == 1 ? "port \(listen.port)" : "ports \(candidates.first!)–\(candidates.last!)"
            throw RoomHostError(description: "cannot open the room on \(listen.host) (\(tried)): \(lastError.map { "\($0)" } ?? "no port"); expected a free port, such as --listen 0.0.0.0:7400")
        }
        server = bound
        self.port = port
    }

    private func bootstrap() -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 1 << 20, high: 16 << 20))
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        RoomPipeline.handlers(role: .server, key: key)
                            + [IdleStateHandler(readTimeout: .seconds(limits.silentSeconds)), HostConnection(host: self)])
                }
            }
    }

    /// The facilitator's events are saved: the room gets them (and keeps them for whoever joins later).
    public func share(_ events: [Event]) {
        group.next().execute { [self] in
            for event in events where seen.insert(event.id).inserted {
                history.append(event)
                relay(event, except: nil)
            }
        }
    }

    public func share(_ event: Event) { share([event]) }

    /// What came in since the last call: joiners' events, who is connected, notices.
    public func drain() -> [RoomInbound] { inbox.drain() }

    /// The addresses to join by hand (F1): this laptop's IPv4 addresses, or the one listened on.
    public var addresses: [String] {
        let hosts: [String]
        if listenHost == "0.0.0.0" || listenHost == "::" {
            hosts = ((try? System.enumerateDevices()) ?? []).compactMap { device in
                guard let address = device.address, case .v4 = address, let ip = address.ipAddress, !ip.hasPrefix("127.") else { return nil }
                return ip
            }
        } else {
            hosts = [listenHost]
        }
        return Array(Set(hosts)).sorted().map { RoomAddress(host: $0, port: port).description }
    }

    /// Says on the LAN that the room is here (deck, facilitator, start: never content), to `targets`
    /// (by default every broadcast address, on the discovery port), until `close`.
    public func announce(deck: String, started: String, to targets: [SocketAddress]) throws {
        announcer = try RoomAnnouncer(announcement: RoomAnnouncement(port: port, deck: deck, facilitator: facilitator, started: started),
                                      targets: targets, group: group)
    }

    public func close() {
        announcer?.stop()
        _ = try? server?.close().wait()
        let open = try? group.next().submit { [self] in connections.values.map(\.channel) }.wait()
        for channel in open ?? [] { _ = try? channel.close().wait() }
        try? group.syncShutdownGracefully()
    }

    // MARK: On the event loop

    func opened(_ channel: Channel) {
        // Past a few half-open connections per joiner place, hang up at once: a flood must not hold sockets.
        guard connections.count < limits.joiners * 2 + 4 else { channel.close(promise: nil); return }
        connections[ObjectIdentifier(channel)] = Joiner(channel: channel, limit: RateLimit(burst: limits.burst, perSecond: limits.perSecond))
    }

    func closed(_ channel: Channel) {
        guard let gone = connections.removeValue(forKey: ObjectIdentifier(channel)) else { return }
        if gone.join != nil { postJoined() }
    }

    func notice(_ text: String, from channel: Channel) {
        inbox.post(.notice("\(Self.describe(channel.remoteAddress)): \(text)"))
    }

    func received(_ message: RoomMessage, on channel: Channel) {
        let id = ObjectIdentifier(channel)
        guard var joiner = connections[id] else { return }
        guard joiner.limit.allow(now: clock.monotonicMilliseconds()) else {
            connections[id] = joiner
            return notice("dropped a message over the rate limit (\(limits.perSecond)/s)", from: channel)
        }
        connections[id] = joiner
        switch message {
        case .join(let join):
            guard joiner.join == nil else { return notice("a second join on one connection; dropped", from: channel) }
            if let reason = refusal(of: join) {
                notice("refused \(join.writer): \(reason)", from: channel)
                channel.writeAndFlush(RoomMessage.bye(reason)).whenComplete { _ in channel.close(promise: nil) }
                return
            }
            // The same laptop back after a drop: its old connection is dead, whatever TCP thinks.
            for (other, old) in connections where old.join?.writer == join.writer { connections[other] = nil; old.channel.close(promise: nil) }
            joiner.join = join
            connections[id] = joiner
            welcome(channel, role: join.role)
            postJoined()
        case .event(let event):
            guard let join = joiner.join, join.role == .noteTaker else { return notice("an event before joining as a note-taker; dropped", from: channel) }
            guard event.session == session, event.writer == join.writer else {
                return notice("an event of another session or writer (\(event.writer)); dropped", from: channel)
            }
            guard seen.insert(event.id).inserted else { return }
            history.append(event)
            inbox.post(.event(event))
            relay(event, except: id)
        case .clock(let probe):
            let now = Int(clock.now().timeIntervalSince1970 * 1000)
            channel.writeAndFlush(RoomMessage.clock(.init(sent: probe.sent, received: now, answered: now)), promise: nil)
        case .welcome, .asset, .bye:
            notice("a \(Self.kind(message)) message from a joiner; dropped", from: channel)
        }
    }

    private func refusal(of join: RoomMessage.Join) -> String? {
        if join.writer == facilitator { return "\(join.writer) is the facilitator's name; expected another --writer" }
        // The projector joins under this name: a note-taker who took it would keep it out.
        if join.role == .noteTaker, join.writer == Identifier.projectorWriter {
            return "\(join.writer) is the projector's name; expected another --writer"
        }
        let members = connections.values.compactMap(\.join)
        if members.contains(where: { $0.writer == join.writer && $0.instance != join.instance }) {
            return "\(join.writer) is already in the room; expected another --writer"
        }
        if members.filter({ $0.writer != join.writer }).count >= limits.joiners { return "the room is full (\(limits.joiners) joined)" }
        return nil
    }

    /// Catch-up: the deck's files, the welcome, then every event the role may see, in one flush.
    private func welcome(_ channel: Channel, role: RoomMessage.Join.Role) {
        for asset in assets { channel.write(RoomMessage.asset(asset), promise: nil) }
        channel.write(RoomMessage.welcome(.init(session: session, facilitator: facilitator)), promise: nil)
        for event in history where Self.mayReach(role, event, facilitator: facilitator) {
            channel.write(RoomMessage.event(Self.shown(event, to: role)), promise: nil)
        }
        channel.flush()
    }

    private func relay(_ event: Event, except sender: ObjectIdentifier?) {
        for (id, joiner) in connections where id != sender {
            guard let join = joiner.join, Self.mayReach(join.role, event, facilitator: facilitator) else { continue }
            // A laptop that stopped reading is dropped: it reconnects and catches up, and nobody else waits for it.
            guard joiner.channel.isWritable else {
                notice("\(join.writer) fell behind; dropped (it reconnects and catches up)", from: joiner.channel)
                joiner.channel.close(promise: nil)
                continue
            }
            joiner.channel.writeAndFlush(RoomMessage.event(Self.shown(event, to: join.role)), promise: nil)
        }
    }

    /// The projector gets the facilitator's walk through the deck and nothing anyone said.
    static func mayReach(_ role: RoomMessage.Join.Role, _ event: Event, facilitator: String) -> Bool {
        guard role == .projector else { return true }
        guard event.writer == facilitator else { return false }
        switch event.body {
        case .sessionStarted, .promptShown, .roundStarted, .sessionPaused, .sessionResumed, .sessionEnded: return true
        default: return false
        }
    }

    /// The projector's copy of the deck leaves out the facilitator's notes: a screen everyone sees
    /// never holds them, whatever the view draws.
    static func shown(_ event: Event, to role: RoomMessage.Join.Role) -> Event {
        guard role == .projector, case .sessionStarted(var start) = event.body else { return event }
        for index in start.snapshot.deck.prompts.indices { start.snapshot.deck.prompts[index].notes = nil }
        var shown = event
        shown.body = .sessionStarted(start)
        return shown
    }

    private func postJoined() {
        inbox.post(.joined(connections.values.compactMap(\.join?.writer).sorted()))
    }

    static func describe(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress else { return "a laptop" }
        return RoomAddress(host: ip, port: address.port ?? 0).description
    }

    static func kind(_ message: RoomMessage) -> String {
        switch message {
        case .join: "join"
        case .welcome: "welcome"
        case .event: "event"
        case .clock: "clock"
        case .asset: "asset"
        case .bye: "bye"
        }
    }
}

/// Why the room could not be opened.
public struct RoomHostError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// One joiner's connection, at the end of its pipeline: hands what arrives to the host.
final class HostConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = RoomMessage
    private let host: RoomHost
    init(host: RoomHost) { self.host = host }

    func channelActive(context: ChannelHandlerContext) { host.opened(context.channel); context.fireChannelActive() }
    func channelInactive(context: ChannelHandlerContext) { host.closed(context.channel); context.fireChannelInactive() }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { host.received(unwrapInboundIn(data), on: context.channel) }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case RoomNotice.dropped(let why): host.notice("dropped a message: \(why)", from: context.channel)
        case IdleStateHandler.IdleStateEvent.read: context.close(promise: nil)
        default: context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? RoomError, error == .wrongCode {
            host.notice("tried to join with a wrong room code", from: context.channel)
        } else if !(error is IOError) {
            host.notice("connection dropped: \(error)", from: context.channel)
        }
        // The sealed channel below closes (after telling a wrong code why).
    }
}

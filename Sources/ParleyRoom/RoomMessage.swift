import Foundation
import ParleyCore
import ParleyLog

/// What laptops of a room say to each other, inside sealed frames. JSON, so a message is read by
/// the same decoders (and checked by the same rules) as a log line.
public enum RoomMessage: Sendable, Equatable {
    /// Joiner → room, the first message: who joins, as what, and what of the session it has already.
    case join(Join)
    /// Room → joiner: the session, and who the facilitator is.
    case welcome(Welcome)
    /// An event saved on some laptop (relayed by the room to the others). Never written to another
    /// writer's log: each log holds its own writer's events.
    case event(Event)
    /// Joiner → room: a clock probe; room → joiner: the same, answered (NTP's four times). Sent
    /// every second while nothing else is, so both sides notice a dead link.
    case clock(ClockProbe)
    /// Room → joiner: a file the deck shows (a screenshot), by its path in the deck.
    case asset(Asset)
    /// Room → joiner, before closing: why it will not take this joiner (full, name taken).
    case bye(String)

    public struct Join: Codable, Sendable, Equatable {
        public enum Role: String, Codable, Sendable { case noteTaker = "note-taker", projector }
        public var writer: String
        public var role: Role
        /// Random per process: a laptop coming back after a drop replaces its old connection, while
        /// a second laptop under the same writer name is refused (two logs of one writer would collide).
        public var instance: String
        public init(writer: String, role: Role, instance: String = UUID().uuidString.lowercased()) {
            self.writer = writer; self.role = role; self.instance = instance
        }
    }

    public struct Asset: Codable, Sendable, Equatable {
        /// Relative to the deck file, as the deck names it.
        public var path: String
        public var data: Data
        public init(path: String, data: Data) { self.path = path; self.data = data }

        /// Whether `path` can be kept under a folder without leaving it: relative, no `..`, no empty parts.
        public static func isSafe(_ path: String) -> Bool {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            return !path.hasPrefix("/") && path.utf8.count <= 512 && !parts.isEmpty
                && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") }
        }
    }

    public struct Welcome: Codable, Sendable, Equatable {
        public var session: String
        public var facilitator: String
        public init(session: String, facilitator: String) { self.session = session; self.facilitator = facilitator }
    }

    /// Times in ms: `sent` by the joiner, `received` and `answered` by the room (its clock).
    public struct ClockProbe: Codable, Sendable, Equatable {
        public var sent: Int
        public var received: Int?
        public var answered: Int?
        public init(sent: Int, received: Int? = nil, answered: Int? = nil) { self.sent = sent; self.received = received; self.answered = answered }
    }
}

/// Why a received message was dropped (the connection goes on; the room logs it).
public struct RoomMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
}

extension RoomMessage {
    private struct Envelope: Codable {
        var type: String
        var join: Join?
        var welcome: Welcome?
        var event: Event?
        var clock: ClockProbe?
        var asset: Asset?
        var bye: String?
    }

    /// Largest message accepted: a deck snapshot is far smaller.
    public static let maximumBytes = 4 << 20

    public func encoded() throws -> Data {
        var envelope = Envelope(type: "")
        switch self {
        case .join(let join): envelope.type = "join"; envelope.join = join
        case .welcome(let welcome): envelope.type = "welcome"; envelope.welcome = welcome
        case .event(let event): envelope.type = "event"; envelope.event = event
        case .clock(let probe): envelope.type = "clock"; envelope.clock = probe
        case .asset(let asset): envelope.type = "asset"; envelope.asset = asset
        case .bye(let reason): envelope.type = "bye"; envelope.bye = reason
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(envelope)
    }

    /// Decodes and checks a message; events must pass the log's own line rules.
    public static func decode(_ data: Data) throws(RoomMessageError) -> RoomMessage {
        guard data.count <= maximumBytes else { throw RoomMessageError(description: "message too large (\(data.count) bytes)") }
        let envelope: Envelope
        do { envelope = try JSONDecoder().decode(Envelope.self, from: data) } catch {
            throw RoomMessageError(description: "not a room message")
        }
        switch envelope.type {
        case "join":
            guard let join = envelope.join, Identifier.isValid(join.writer), !join.instance.isEmpty, join.instance.utf8.count <= 64 else {
                throw RoomMessageError(description: "join without a valid writer")
            }
            return .join(join)
        case "welcome":
            guard let welcome = envelope.welcome, Identifier.isValid(welcome.facilitator), !welcome.session.isEmpty else {
                throw RoomMessageError(description: "welcome without a session")
            }
            return .welcome(welcome)
        case "event":
            guard let event = envelope.event else { throw RoomMessageError(description: "event message without an event") }
            if let problem = EventLine.validate(event) { throw RoomMessageError(description: "event dropped: \(problem)") }
            return .event(event)
        case "clock":
            guard let probe = envelope.clock else { throw RoomMessageError(description: "clock message without times") }
            return .clock(probe)
        case "asset":
            guard let asset = envelope.asset, Asset.isSafe(asset.path) else { throw RoomMessageError(description: "asset with an unsafe path") }
            return .asset(asset)
        case "bye":
            guard let reason = envelope.bye else { throw RoomMessageError(description: "bye without a reason") }
            return .bye(String(reason.prefix(200)))
        default:
            throw RoomMessageError(description: "unknown room message \"\(envelope.type.prefix(40))\"")
        }
    }
}

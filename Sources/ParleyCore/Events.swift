import Foundation

/// A comment as it is added to a session.
public struct CommentPayload: Codable, Sendable, Equatable {
    public var comment: String
    public var prompt: String
    public var participant: String?
    public var text: String
    public var tags: [String]
    public var table: String?
    public var round: Int?

    public init(comment: String, prompt: String, participant: String?, text: String, tags: [String], table: String? = nil, round: Int? = nil) {
        self.comment = comment; self.prompt = prompt; self.participant = participant; self.text = text
        self.tags = tags; self.table = table; self.round = round
    }
}

/// What `session.started` carries: the resolved content, so a log replays without the files.
public struct SessionStart: Codable, Sendable, Equatable {
    public var deckID: String
    public var title: String
    public var sha256: String
    public var snapshot: Workshop
    /// Absolute path of the deck file when the session started: where screenshots are found.
    public var deckPath: String?

    public init(workshop: Workshop, deckPath: String? = nil) {
        deckID = workshop.deck.id; title = workshop.deck.title; sha256 = workshop.sha256; snapshot = workshop
        self.deckPath = deckPath
    }

    enum CodingKeys: String, CodingKey { case deckID = "deck_id", title, sha256, snapshot, deckPath = "deck_path" }
}

/// What `recording.started` carries: the recording began at the event's `at` (on the room's time
/// line, like every time). A correction of an earlier alignment names the event it `replaces`.
public struct RecordingStart: Sendable, Equatable {
    /// What the recording is, e.g. the recorder's file name; nil when nothing was typed.
    public var label: String?
    /// The recording's length, when it was read from the file: notes past it are not in it.
    public var durationMilliseconds: Int?
    /// The id of the `recording.started` this one corrects (a nudged or re-labelled alignment).
    public var replaces: String?

    /// A recording longer than 7 days is not a workshop's: `EventLine` refuses such a length.
    public static let maximumDuration = 7 * 24 * 60 * 60 * 1000

    public init(label: String? = nil, durationMilliseconds: Int? = nil, replaces: String? = nil) {
        self.label = label; self.durationMilliseconds = durationMilliseconds; self.replaces = replaces
    }
}

/// The payload of an event, one case per `type`.
public enum EventBody: Sendable, Equatable {
    // Boxed: a deck snapshot is large, and every event would be as large as the largest case.
    indirect case sessionStarted(SessionStart)
    case promptShown(prompt: String)
    case participantAdded(participant: String, attributes: [String: String])
    case commentAdded(CommentPayload)
    /// A comment's new text, speaker and tags, as re-typed by the note-taker.
    case commentEdited(comment: String, participant: String?, text: String, tags: [String])
    case commentTagged(comment: String, tag: String)
    case commentUntagged(comment: String, tag: String)
    case commentDeleted(comment: String)
    /// Undo of a delete.
    case commentRestored(comment: String)
    case marker(label: String)
    case roundStarted(round: Int)
    case tableSet(table: String)
    case sessionPaused
    case sessionResumed
    case sessionEnded(reason: String)
    /// A joiner's measured clock offset: add `offset` ms to this writer's `at` times to read them on
    /// the `reference` writer's clock (the room's time line); `roundTrip` ms bounds its error.
    case clockOffset(offset: Int, roundTrip: Int, reference: String)
    /// A recording (audio or video) started at this event's time: Ctrl-R, or `parley recording` afterwards.
    case recordingStarted(RecordingStart)

    public var type: String {
        switch self {
        case .sessionStarted: "session.started"
        case .promptShown: "prompt.shown"
        case .participantAdded: "participant.added"
        case .commentAdded: "comment.added"
        case .commentEdited: "comment.edited"
        case .commentTagged: "comment.tagged"
        case .commentUntagged: "comment.untagged"
        case .commentDeleted: "comment.deleted"
        case .commentRestored: "comment.restored"
        case .marker: "marker"
        case .roundStarted: "round.started"
        case .tableSet: "table.set"
        case .sessionPaused: "session.paused"
        case .sessionResumed: "session.resumed"
        case .sessionEnded: "session.ended"
        case .clockOffset: "clock.offset"
        case .recordingStarted: "recording.started"
        }
    }

    /// The comment an event is about, if any.
    public var commentID: String? {
        switch self {
        case .commentAdded(let c): c.comment
        case .commentEdited(let id, _, _, _), .commentTagged(let id, _), .commentUntagged(let id, _),
             .commentDeleted(let id), .commentRestored(let id): id
        default: nil
        }
    }
}

/// One line of a session log. Common fields first, then the payload's fields, all flat in one JSON object.
public struct Event: Sendable, Equatable, Codable {
    public static let formatVersion = 1

    public var v: Int
    public var id: String
    public var session: String
    public var writer: String
    public var seq: Int
    public var at: String
    public var mono: Int
    public var body: EventBody

    public init(v: Int = Event.formatVersion, id: String, session: String, writer: String, seq: Int, at: String, mono: Int, body: EventBody) {
        self.v = v; self.id = id; self.session = session; self.writer = writer; self.seq = seq
        self.at = at; self.mono = mono; self.body = body
    }

    public var type: String { body.type }

    enum Key: String, CodingKey {
        case v, id, session, writer, seq, at, mono, type
        case prompt, participant, attributes, comment, text, tags, table, round, tag, label, reason
        case deckID = "deck_id", title, sha256, snapshot, deckPath = "deck_path"
        case offset = "offset_ms", roundTrip = "round_trip_ms", reference
        case duration = "duration_ms", replaces
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        v = try c.decode(Int.self, forKey: .v)
        id = try c.decode(String.self, forKey: .id)
        session = try c.decode(String.self, forKey: .session)
        writer = try c.decode(String.self, forKey: .writer)
        seq = try c.decode(Int.self, forKey: .seq)
        at = try c.decode(String.self, forKey: .at)
        mono = try c.decode(Int.self, forKey: .mono)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "session.started":
            body = .sessionStarted(try SessionStart(from: decoder))
        case "prompt.shown":
            body = .promptShown(prompt: try c.decode(String.self, forKey: .prompt))
        case "participant.added":
            body = .participantAdded(participant: try c.decode(String.self, forKey: .participant),
                                     attributes: try c.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:])
        case "comment.added":
            body = .commentAdded(try CommentPayload(from: decoder))
        case "comment.edited":
            body = .commentEdited(comment: try c.decode(String.self, forKey: .comment),
                                  participant: try c.decodeIfPresent(String.self, forKey: .participant),
                                  text: try c.decode(String.self, forKey: .text),
                                  tags: try c.decode([String].self, forKey: .tags))
        case "comment.tagged":
            body = .commentTagged(comment: try c.decode(String.self, forKey: .comment), tag: try c.decode(String.self, forKey: .tag))
        case "comment.untagged":
            body = .commentUntagged(comment: try c.decode(String.self, forKey: .comment), tag: try c.decode(String.self, forKey: .tag))
        case "comment.deleted":
            body = .commentDeleted(comment: try c.decode(String.self, forKey: .comment))
        case "comment.restored":
            body = .commentRestored(comment: try c.decode(String.self, forKey: .comment))
        case "marker":
            body = .marker(label: try c.decode(String.self, forKey: .label))
        case "round.started":
            body = .roundStarted(round: try c.decode(Int.self, forKey: .round))
        case "table.set":
            body = .tableSet(table: try c.decode(String.self, forKey: .table))
        case "session.paused":
            body = .sessionPaused
        case "session.resumed":
            body = .sessionResumed
        case "session.ended":
            body = .sessionEnded(reason: try c.decodeIfPresent(String.self, forKey: .reason) ?? "")
        case "clock.offset":
            body = .clockOffset(offset: try c.decode(Int.self, forKey: .offset), roundTrip: try c.decode(Int.self, forKey: .roundTrip),
                                reference: try c.decode(String.self, forKey: .reference))
        case "recording.started":
            body = .recordingStarted(RecordingStart(label: try c.decodeIfPresent(String.self, forKey: .label),
                                                    durationMilliseconds: try c.decodeIfPresent(Int.self, forKey: .duration),
                                                    replaces: try c.decodeIfPresent(String.self, forKey: .replaces)))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown event type \"\(type)\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(v, forKey: .v)
        try c.encode(id, forKey: .id)
        try c.encode(session, forKey: .session)
        try c.encode(writer, forKey: .writer)
        try c.encode(seq, forKey: .seq)
        try c.encode(at, forKey: .at)
        try c.encode(mono, forKey: .mono)
        try c.encode(type, forKey: .type)
        switch body {
        case .sessionStarted(let start): try start.encode(to: encoder)
        case .promptShown(let prompt): try c.encode(prompt, forKey: .prompt)
        case .participantAdded(let participant, let attributes):
            try c.encode(participant, forKey: .participant)
            try c.encode(attributes, forKey: .attributes)
        case .commentAdded(let payload): try payload.encode(to: encoder)
        case .commentEdited(let comment, let participant, let text, let tags):
            try c.encode(comment, forKey: .comment)
            try c.encode(participant, forKey: .participant)
            try c.encode(text, forKey: .text)
            try c.encode(tags, forKey: .tags)
        case .commentTagged(let comment, let tag), .commentUntagged(let comment, let tag):
            try c.encode(comment, forKey: .comment)
            try c.encode(tag, forKey: .tag)
        case .commentDeleted(let comment), .commentRestored(let comment): try c.encode(comment, forKey: .comment)
        case .marker(let label): try c.encode(label, forKey: .label)
        case .roundStarted(let round): try c.encode(round, forKey: .round)
        case .tableSet(let table): try c.encode(table, forKey: .table)
        case .sessionPaused, .sessionResumed: break
        case .sessionEnded(let reason): try c.encode(reason, forKey: .reason)
        case .clockOffset(let offset, let roundTrip, let reference):
            try c.encode(offset, forKey: .offset)
            try c.encode(roundTrip, forKey: .roundTrip)
            try c.encode(reference, forKey: .reference)
        case .recordingStarted(let start):
            try c.encodeIfPresent(start.label, forKey: .label)
            try c.encodeIfPresent(start.durationMilliseconds, forKey: .duration)
            try c.encodeIfPresent(start.replaces, forKey: .replaces)
        }
    }
}

/// Wall clock and monotonic time, injected so the core and its tests never read the real clock.
public protocol Clock: Sendable {
    func now() -> Date
    /// Milliseconds on a clock that never goes backwards.
    func monotonicMilliseconds() -> Int
}

public struct SystemClock: Clock {
    /// `PARLEY_TEST_CLOCK_OFFSET=SECONDS` (may be negative or fractional) sets this wall clock that
    /// far off, for every command: a test hook for a laptop whose clock is wrong. Monotonic time is
    /// not shifted.
    static let testOffset = testOffset(ProcessInfo.processInfo.environment)

    /// The shift `environment` asks for, in seconds: 0 unless a finite number.
    static func testOffset(_ environment: [String: String]) -> TimeInterval {
        environment["PARLEY_TEST_CLOCK_OFFSET"].flatMap(TimeInterval.init).flatMap { $0.isFinite ? $0 : nil } ?? 0
    }

    public init() {}
    public func now() -> Date { Date(timeIntervalSinceNow: Self.testOffset) }
    public func monotonicMilliseconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int(spec.tv_sec) * 1000 + Int(spec.tv_nsec) / 1_000_000
    }
}

/// ISO 8601 UTC with milliseconds, as every event's `at` is written.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        string(milliseconds: Int((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// What `string(_:)` writes for a time given in milliseconds since 1970.
    public static func string(milliseconds millis: Int) -> String {
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(millis % 1000))
    }

    /// Parses what `string(_:)` writes; nil for anything else.
    public static func date(_ text: String) -> Date? {
        milliseconds(text).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// Milliseconds since 1970 of what `string(_:)` writes (`2025-11-25T12:00:00.000Z`); nil for
    /// anything else. The one parser of event times: arithmetic only (days from the civil date),
    /// quick enough for a million events.
    public static func milliseconds(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { u -> Int? in
            guard u.count == 24, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58, u[19] == 46, u[23] == 90 else { return nil }
            func number(_ from: Int, _ to: Int) -> Int? {
                var value = 0
                for i in from..<to { guard u[i] >= 48, u[i] <= 57 else { return nil }; value = value * 10 + Int(u[i] - 48) }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 7), let day = number(8, 10), let hour = number(11, 13),
                  let minute = number(14, 16), let second = number(17, 19), let millis = number(20, 23),
                  (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
            // Howard Hinnant's days_from_civil.
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            let days = era * 146_097 + doe - 719_468
            return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis
        }
    }
}

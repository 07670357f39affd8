// ParleyLog: the session log — the one writer and the one reader.

import Foundation
import ParleyCore

/// What decoding one line of a log gave.
public enum DecodedLine: Sendable {
    case event(Event)
    /// A Parley event whose values cannot be used (bad time, newer format, bad tag…).
    case invalid(String)
    /// Not a Parley event at all (not JSON, missing fields, wrong types, unknown type).
    case failure(String)
}

/// The one definition of a valid log line, used by every reader of logs: the fast decoder for
/// everyday events, `JSONDecoder` (the authority) for the rest, then the checks JSON cannot make.
public enum EventLine {
    /// Longer lines are reported without being decoded. A whole deck snapshot is far smaller.
    public static let maximumBytes = 16 << 20

    /// Decodes one line's bytes (no newline).
    public static func decode(_ bytes: UnsafeRawBufferPointer, _ decoder: JSONDecoder) -> DecodedLine {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .failure("empty line") }
        if bytes.count > maximumBytes {
            return .failure("line too long (\(bytes.count) bytes; a Parley event is far shorter)")
        }
        let event: Event
        if let fast = FastEventDecoder.decode(bytes) {
            event = fast
        } else {
            do {
                let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none)
                event = try decoder.decode(Event.self, from: data)
            } catch {
                return .failure(describe(error))
            }
        }
        if let problem = validate(event) { return .invalid(problem) }
        return .event(event)
    }

    /// Decodes one line held as data.
    public static func decode(_ line: Data, _ decoder: JSONDecoder) -> DecodedLine {
        line.withUnsafeBytes { decode($0, decoder) }
    }

    /// Checks what JSON decoding cannot: values every reader sorts and keys by.
    public static func validate(_ event: Event) -> String? {
        if event.v > Event.formatVersion {
            return "written by a newer Parley (event format \(event.v); this one reads \(Event.formatVersion))"
        }
        if event.v < 1 { return "bad format version \(event.v)" }
        if event.id.isEmpty || event.id.utf8.count > 200 || hasControl(event.id) { return "bad event id" }
        if event.session.isEmpty || event.session.utf8.count > 200 || hasControl(event.session) { return "bad session id" }
        if event.writer.isEmpty || event.writer.utf8.count > 200 || hasControl(event.writer) { return "bad writer" }
        if let (field, value) = controlInID(event.body) {
            return "bad \(field) \(String(value.prefix(40)).debugDescription) (a control character in an id)"
        }
        if event.seq < 0 { return "bad seq \(event.seq)" }
        if Timestamp.milliseconds(event.at) == nil { return "bad time \"\(event.at.prefix(40))\" (expected ISO 8601 UTC with milliseconds)" }
        func badTag(_ tags: [String]) -> String? {
            tags.first { !Identifier.isValid($0) }.map { "bad tag \"\($0.prefix(40))\" (expected lowercase letters, digits and -)" }
        }
        switch event.body {
        case .commentAdded(let payload):
            if payload.comment.isEmpty { return "comment.added without a comment id" }
            return badTag(payload.tags)
        case .commentEdited(_, _, _, let tags): return badTag(tags)
        case .commentTagged(_, let tag), .commentUntagged(_, let tag): return badTag([tag])
        case .clockOffset(let offset, let roundTrip, let reference):
            if !Identifier.isValid(reference) {
                return "bad clock reference \"\(reference.prefix(40))\" (expected a writer: lowercase letters, digits and -)"
            }
            let limit = WriterClocks.maximumOffset
            if !(-limit...limit).contains(offset) { return "clock offset \(offset) ms is more than 7 days" }
            if !(0...limit).contains(roundTrip) { return "bad clock round trip \(roundTrip) ms (expected 0 to 7 days)" }
            return nil
        case .recordingStarted(let start):
            if let duration = start.durationMilliseconds, !(0...RecordingStart.maximumDuration).contains(duration) {
                return "bad recording length \(duration) ms (expected 0 to 7 days)"
            }
            if let replaces = start.replaces, replaces.isEmpty || replaces.utf8.count > 200 || replaces == event.id {
                return "bad recording correction (replaces \"\(replaces.prefix(40))\": expected another event's id)"
            }
            return nil
        default: return nil
        }
    }

    /// Whether `text` holds a control character (U+0000–U+001F, U+007F). Ids never do: the stores key rows
    /// by them, and a database gives back a NUL changed (PostgreSQL) or cut off (SQLite), so an id with one
    /// would no longer find its own rows (a withdrawal that withdraws nothing).
    static func hasControl(_ text: String) -> Bool { text.utf8.contains { $0 < 0x20 || $0 == 0x7F } }

    /// The first id in `body` holding a control character: what the field is, and its value.
    static func controlInID(_ body: EventBody) -> (String, String)? {
        let ids: [(String, String?)] = switch body {
        case .commentAdded(let payload): [("comment id", payload.comment), ("prompt id", payload.prompt),
                                          ("participant", payload.participant), ("table", payload.table)]
        case .commentEdited(let comment, let participant, _, _): [("comment id", comment), ("participant", participant)]
        case .commentTagged(let comment, _), .commentUntagged(let comment, _), .commentDeleted(let comment),
             .commentRestored(let comment): [("comment id", comment)]
        case .participantAdded(let participant, _): [("participant", participant)]
        case .promptShown(let prompt): [("prompt id", prompt)]
        case .tableSet(let table): [("table", table)]
        default: []
        }
        return ids.lazy.compactMap { field, value in value.flatMap { hasControl($0) ? (field, $0) : nil } }.first
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not a JSON object" : "wrong type for \"\(path)\""
        case DecodingError.dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return context.debugDescription
        default: return "\(error)"
        }
    }
}

import Foundation
import ParleyCore

/// Decodes the everyday event lines (everything but `session.started`) without `JSONDecoder`, which
/// costs most of a merge's time. It is deliberately narrow: it returns an event only for a clean,
/// flat JSON object whose keys and value types are exactly what `Event.init(from:)` reads, and nil for
/// anything else (escapes in keys, duplicate keys, unknown keys or types, floats, booleans, missing or
/// mistyped fields, invalid UTF-8…). On nil the caller decodes with `JSONDecoder`, which stays the
/// authority for what is an event and for every error message. Tests check both agree.
public enum FastEventDecoder {
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Event? {
        guard let base = bytes.baseAddress, bytes.count > 1 else { return nil }
        var parser = Parser(base: base.assumingMemoryBound(to: UInt8.self), end: bytes.count)
        return parser.event()
    }

    private enum Value {
        case string(String)
        case int(Int)
        case null
        case strings([String])
        case dictionary([String: String])
    }

    private struct Parser {
        let base: UnsafePointer<UInt8>
        let end: Int
        var i = 0

        // Fields of an event, by key.
        var v: Value?, id: Value?, session: Value?, writer: Value?, seq: Value?, at: Value?, mono: Value?, type: Value?
        var prompt: Value?, participant: Value?, attributes: Value?, comment: Value?, text: Value?, tags: Value?
        var table: Value?, round: Value?, tag: Value?, label: Value?, reason: Value?
        var offset: Value?, roundTrip: Value?, reference: Value?
        var duration: Value?, replaces: Value?

        init(base: UnsafePointer<UInt8>, end: Int) { self.base = base; self.end = end }

        @inline(__always) mutating func skipWhitespace() {
            while i < end {
                let b = base[i]
                if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { return }
            }
        }

        @inline(__always) mutating func take(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard i < end, base[i] == byte else { return false }
            i += 1
            return true
        }

        mutating func event() -> Event? {
            guard take(UInt8(ascii: "{")) else { return nil }
            if !take(UInt8(ascii: "}")) {
                repeat {
                    guard assignField() else { return nil }
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipWhitespace()
            guard i == end else { return nil }
            return build()
        }

        /// Reads `"key": value` into its slot; false for an unknown or repeated key or a bad value.
        mutating func assignField() -> Bool {
            skipWhitespace()
            // Keys are matched on their bytes (no string is made for them); one with an escape is not ours.
            guard i < end, base[i] == UInt8(ascii: "\"") else { return false }
            let start = i + 1
            guard let close = memchr(base + start, Int32(UInt8(ascii: "\"")), end - start) else { return false }
            let count = UnsafePointer<UInt8>(close.assumingMemoryBound(to: UInt8.self)) - (base + start)
            i = start + count + 1
            guard let slot = Self.slot(base + start, count), take(UInt8(ascii: ":")), let value = value() else { return false }
            func set(_ slot: inout Value?) -> Bool {
                if slot != nil { return false }
                slot = value
                return true
            }
            switch slot {
            case .v: return set(&v)
            case .id: return set(&id)
            case .session: return set(&session)
            case .writer: return set(&writer)
            case .seq: return set(&seq)
            case .at: return set(&at)
            case .mono: return set(&mono)
            case .type: return set(&type)
            case .prompt: return set(&prompt)
            case .participant: return set(&participant)
            case .attributes: return set(&attributes)
            case .comment: return set(&comment)
            case .text: return set(&text)
            case .tags: return set(&tags)
            case .table: return set(&table)
            case .round: return set(&round)
            case .tag: return set(&tag)
            case .label: return set(&label)
            case .reason: return set(&reason)
            case .offset: return set(&offset)
            case .roundTrip: return set(&roundTrip)
            case .reference: return set(&reference)
            case .duration: return set(&duration)
            case .replaces: return set(&replaces)
            }
        }

        /// The fields this decoder reads, by their keys.
        enum Slot: String, CaseIterable {
            case v, id, session, writer, seq, at, mono, type, prompt, participant, attributes, comment, text, tags, table, round
            case tag, label, reason, offset = "offset_ms", roundTrip = "round_trip_ms", reference, duration = "duration_ms", replaces
        }

        private static let slotsByLength: [[(key: [UInt8], slot: Slot)]] = {
            var byLength = [[(key: [UInt8], slot: Slot)]](repeating: [], count: 16)
            for slot in Slot.allCases { byLength[slot.rawValue.utf8.count].append((Array(slot.rawValue.utf8), slot)) }
            return byLength
        }()

        /// The field whose key is these bytes; nil for any other key (a backslash, too, is no key of ours).
        static func slot(_ key: UnsafePointer<UInt8>, _ count: Int) -> Slot? {
            guard count < slotsByLength.count else { return nil }
            for candidate in slotsByLength[count] where memcmp(key, candidate.key, count) == 0 { return candidate.slot }
            return nil
        }

        mutating func value() -> Value? {
            skipWhitespace()
            guard i < end else { return nil }
            switch base[i] {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer().map(Value.int)
            case UInt8(ascii: "n"):
                guard end - i >= 4, base[i + 1] == UInt8(ascii: "u"), base[i + 2] == UInt8(ascii: "l"), base[i + 3] == UInt8(ascii: "l") else { return nil }
                i += 4
                return .null
            case UInt8(ascii: "["):
                i += 1
                var items: [String] = []
                if take(UInt8(ascii: "]")) { return .strings(items) }
                repeat {
                    skipWhitespace()
                    guard let item = string() else { return nil }
                    items.append(item)
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "]")) ? .strings(items) : nil
            case UInt8(ascii: "{"):
                i += 1
                var items: [String: String] = [:]
                if take(UInt8(ascii: "}")) { return .dictionary(items) }
                repeat {
                    skipWhitespace()
                    guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
                    skipWhitespace()
                    guard let item = string(), items.updateValue(item, forKey: key) == nil else { return nil }
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "}")) ? .dictionary(items) : nil
            default:
                return nil
            }
        }

        /// A JSON integer without fraction or exponent that fits an Int.
        mutating func integer() -> Int? {
            var negative = false
            if base[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            let start = i
            var magnitude = 0
            while i < end, base[i] >= UInt8(ascii: "0"), base[i] <= UInt8(ascii: "9") {
                let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int(base[i] - UInt8(ascii: "0")))
                if o1 || o2 { return nil }
                magnitude = plus
                i += 1
            }
            let digits = i - start
            guard digits > 0, !(digits > 1 && base[start] == UInt8(ascii: "0")) else { return nil }
            if i < end, base[i] == UInt8(ascii: ".") || base[i] == UInt8(ascii: "e") || base[i] == UInt8(ascii: "E") { return nil }
            return negative ? -magnitude : magnitude
        }

        /// A JSON string starting at `i` (which holds the opening quote).
        mutating func string() -> String? {
            guard i < end, base[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            // Eight bytes at a time past plain ASCII (most of a note's text), then byte by byte.
            while end - i >= 8, !Self.needsLook(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i += 8 }
            var ascii = true
            while i < end {
                let b = base[i]
                if b == UInt8(ascii: "\"") {
                    let buffer = UnsafeBufferPointer(start: base + start, count: i - start)
                    i += 1
                    if ascii { return String(decoding: buffer, as: UTF8.self) }
                    return String(validating: buffer, as: UTF8.self)
                }
                if b == UInt8(ascii: "\\") { return escapedString(from: start) }
                if b < 0x20 { return nil }
                if b >= 0x80 { ascii = false }
                i += 1
            }
            return nil
        }

        /// Whether any of eight bytes is a quote, a backslash, a control character or not ASCII (the
        /// bit tricks of "Bit Twiddling Hacks": hasless and haszero).
        @inline(__always) static func needsLook(_ x: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
            let quote = hasZero(x ^ (ones &* 0x22)), backslash = hasZero(x ^ (ones &* 0x5C))
            let control = (x &- ones &* 0x20) & ~x & highs
            return (quote | backslash | control | (x & highs)) != 0
        }

        /// The slow path for a string holding escapes: rebuilds its bytes.
        mutating func escapedString(from start: Int) -> String? {
            var bytes = Array(UnsafeBufferPointer(start: base + start, count: i - start))
            while i < end {
                let b = base[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(validating: bytes, as: UTF8.self)
                }
                if b < 0x20 { return nil }
                if b != UInt8(ascii: "\\") { bytes.append(b); i += 1; continue }
                guard i + 1 < end else { return nil }
                let e = base[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""): bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "/"): bytes.append(0x2F)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        guard i + 1 < end, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") else { return nil }
                        i += 2
                        guard let low = hex4(), low >= 0xDC00, low <= 0xDFFF else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        return nil
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    bytes.append(contentsOf: UTF8.encode(unicode)!)
                default:
                    return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard end - i >= 4 else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let b = base[i]
                let digit: UInt8
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                i += 1
            }
            return value
        }

        // MARK: Building the event, as Event.init(from:) does

        static func required(_ value: Value?) -> String? {
            if case .string(let s)? = value { return s }
            return nil
        }

        static func requiredInt(_ value: Value?) -> Int? {
            if case .int(let n)? = value { return n }
            return nil
        }

        /// `decodeIfPresent(String.self)`: absent or null is nil; anything but a string fails (`.none`).
        static func optional(_ value: Value?) -> String?? {
            switch value {
            case nil, .null?: return .some(nil)
            case .string(let s)?: return .some(s)
            default: return .none
            }
        }

        static func optionalInt(_ value: Value?) -> Int?? {
            switch value {
            case nil, .null?: return .some(nil)
            case .int(let n)?: return .some(n)
            default: return .none
            }
        }

        func build() -> Event? {
            guard let v = Self.requiredInt(v), let id = Self.required(id), let session = Self.required(session),
                  let writer = Self.required(writer), let seq = Self.requiredInt(seq), let at = Self.required(at),
                  let mono = Self.requiredInt(mono), let type = Self.required(type) else { return nil }
            let body: EventBody
            switch type {
            case "prompt.shown":
                guard let prompt = Self.required(prompt) else { return nil }
                body = .promptShown(prompt: prompt)
            case "participant.added":
                guard let participant = Self.required(participant) else { return nil }
                var attributes: [String: String] = [:]
                switch self.attributes {
                case nil, .null?: break
                case .dictionary(let d)?: attributes = d
                default: return nil
                }
                body = .participantAdded(participant: participant, attributes: attributes)
            case "comment.added":
                guard let comment = Self.required(comment), let prompt = Self.required(prompt),
                      let participant = Self.optional(participant), let text = Self.required(text),
                      case .strings(let tags)? = tags, let table = Self.optional(table), let round = Self.optionalInt(round) else { return nil }
                body = .commentAdded(CommentPayload(comment: comment, prompt: prompt, participant: participant, text: text,
                                                    tags: tags, table: table, round: round))
            case "comment.edited":
                guard let comment = Self.required(comment), let participant = Self.optional(participant),
                      let text = Self.required(text), case .strings(let tags)? = tags else { return nil }
                body = .commentEdited(comment: comment, participant: participant, text: text, tags: tags)
            case "comment.tagged", "comment.untagged":
                guard let comment = Self.required(comment), let tag = Self.required(tag) else { return nil }
                body = type == "comment.tagged" ? .commentTagged(comment: comment, tag: tag) : .commentUntagged(comment: comment, tag: tag)
            case "comment.deleted", "comment.restored":
                guard let comment = Self.required(comment) else { return nil }
                body = type == "comment.deleted" ? .commentDeleted(comment: comment) : .commentRestored(comment: comment)
            case "marker":
                guard let label = Self.required(label) else { return nil }
                body = .marker(label: label)
            case "round.started":
                guard let round = Self.requiredInt(round) else { return nil }
                body = .roundStarted(round: round)
            case "table.set":
                guard let table = Self.required(table) else { return nil }
                body = .tableSet(table: table)
            case "session.paused": body = .sessionPaused
            case "session.resumed": body = .sessionResumed
            case "session.ended":
                guard let reason = Self.optional(reason) else { return nil }
                body = .sessionEnded(reason: reason ?? "")
            case "clock.offset":
                guard let offset = Self.requiredInt(offset), let roundTrip = Self.requiredInt(roundTrip),
                      let reference = Self.required(reference) else { return nil }
                body = .clockOffset(offset: offset, roundTrip: roundTrip, reference: reference)
            case "recording.started":
                guard let label = Self.optional(label), let duration = Self.optionalInt(duration),
                      let replaces = Self.optional(replaces) else { return nil }
                body = .recordingStarted(RecordingStart(label: label, durationMilliseconds: duration, replaces: replaces))
            default:
                return nil
            }
            return Event(v: v, id: id, session: session, writer: writer, seq: seq, at: at, mono: mono, body: body)
        }
    }
}

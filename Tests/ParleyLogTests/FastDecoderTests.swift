import Foundation
import ParleyCore
import Testing
@testable import ParleyLog

/// The merge decodes everyday events with its own narrow parser; JSONDecoder is the authority.
/// Whenever the fast parser answers, it must give exactly what JSONDecoder gives.
@Suite("Fast event decoder")
struct FastDecoderTests {
    static let texts = ["", "plain", "with \"quotes\" and \\ backslash", "new\nline\ttab\r", "slash / and </script>",
                        "اردو میں", "zażółć gęślą jaźń", "🙂👩‍👩‍👧 flags 🇵🇱", "中文字符", "control \u{01}\u{1F} chars", "\u{2028}\u{FEFF}"]

    static func randomText(_ g: inout SeededGenerator) -> String {
        texts[Int(g.next() % UInt64(texts.count))] + (g.next() % 2 == 0 ? "" : " " + texts[Int(g.next() % UInt64(texts.count))])
    }

    static func randomOptional(_ g: inout SeededGenerator) -> String? { g.next() % 3 == 0 ? nil : randomText(&g) }

    static func randomBody(_ g: inout SeededGenerator) -> EventBody {
        switch g.next() % 16 {
        case 0: return .promptShown(prompt: randomText(&g))
        case 1: return .participantAdded(participant: randomText(&g), attributes: g.next() % 2 == 0 ? [:] : ["table": randomText(&g), "role": randomText(&g)])
        case 2: return .commentAdded(CommentPayload(comment: randomText(&g), prompt: randomText(&g), participant: randomOptional(&g),
                                                    text: randomText(&g), tags: (0..<Int(g.next() % 4)).map { _ in randomText(&g) },
                                                    table: randomOptional(&g), round: g.next() % 2 == 0 ? nil : Int(g.next() % 5)))
        case 3: return .commentEdited(comment: randomText(&g), participant: randomOptional(&g), text: randomText(&g), tags: [randomText(&g)])
        case 4: return .commentTagged(comment: randomText(&g), tag: randomText(&g))
        case 5: return .commentUntagged(comment: randomText(&g), tag: randomText(&g))
        case 6: return .commentDeleted(comment: randomText(&g))
        case 7: return .commentRestored(comment: randomText(&g))
        case 8: return .marker(label: randomText(&g))
        case 9: return .roundStarted(round: Int(truncatingIfNeeded: g.next()) >> 8)
        case 10: return .tableSet(table: randomText(&g))
        case 11: return .sessionPaused
        case 12: return .sessionResumed
        case 13: return .clockOffset(offset: Int(truncatingIfNeeded: g.next()) >> 20, roundTrip: Int(g.next() % 1000), reference: randomText(&g))
        case 14: return .recordingStarted(RecordingStart(label: randomOptional(&g), durationMilliseconds: g.next() % 2 == 0 ? nil : Int(g.next() % 10_000_000),
                                                         replaces: randomOptional(&g)))
        default: return .sessionEnded(reason: randomText(&g))
        }
    }

    static func randomEvent(_ g: inout SeededGenerator) -> Event {
        Event(v: 1, id: UUID().uuidString, session: randomText(&g), writer: "w", seq: Int(g.next() % 100_000),
              at: "2025-03-04T10:00:00.000Z", mono: -Int(g.next() % 1000), body: randomBody(&g))
    }

    static func fast(_ bytes: [UInt8]) -> Event? {
        bytes.withUnsafeBytes { FastEventDecoder.decode($0) }
    }

    static func slow(_ bytes: [UInt8]) -> Event? {
        try? JSONDecoder().decode(Event.self, from: Data(bytes))
    }

    @Test func agreesWithJSONDecoderOnEveryKindOfEvent() throws {
        var g = SeededGenerator(seed: 42)
        let sorted = JSONEncoder()
        sorted.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let plain = JSONEncoder()
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted]
        var answered = 0
        for _ in 0..<2_000 {
            let event = Self.randomEvent(&g)
            for encoder in [sorted, plain, pretty] {
                let bytes = Array(try encoder.encode(event))
                let fast = Self.fast(bytes)
                #expect(fast == event, "\(String(decoding: bytes, as: UTF8.self))")
                #expect(Self.slow(bytes) == event)
                if fast != nil { answered += 1 }
            }
        }
        #expect(answered == 6_000)
    }

    @Test func mutatedLinesNeverDecodeDifferently() throws {
        var g = SeededGenerator(seed: 9)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let alphabet = Array("{}[]\",:\\0123456789-.eEnulltrfa u\u{00}".utf8) + [0xC3, 0xA9, 0xFF, 0x80]
        var fastAnswers = 0
        for _ in 0..<20_000 {
            var bytes = Array(try encoder.encode(Self.randomEvent(&g)))
            for _ in 0..<(1 + Int(g.next() % 3)) {
                let index = Int(g.next() % UInt64(bytes.count))
                switch g.next() % 3 {
                case 0: bytes.remove(at: index)
                case 1: bytes[index] = alphabet[Int(g.next() % UInt64(alphabet.count))]
                default: bytes.insert(alphabet[Int(g.next() % UInt64(alphabet.count))], at: index)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            guard let fast = Self.fast(bytes) else { continue }
            fastAnswers += 1
            #expect(Self.slow(bytes) == fast, "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(fastAnswers > 1_000)
    }

    @Test func unusualButValidJSONIsLeftToJSONDecoder() throws {
        let base = #"{"at":"2025-03-04T10:00:00.000Z","id":"e1","mono":5,"seq":1,"session":"s","type":"marker","v":1,"writer":"w","label":"L"}"#
        #expect(Self.fast(Array(base.utf8))?.body == .marker(label: "L"))
        let variants = [
            base.replacingOccurrences(of: #""seq":1"#, with: #""seq":1.0"#),
            base.replacingOccurrences(of: #""seq":1"#, with: #""seq":1e0"#),
            base.replacingOccurrences(of: #""seq":1"#, with: #""s\u0065q":1"#),
            base.replacingOccurrences(of: #""label":"L""#, with: #""label":"L","label":"M""#),
            base.replacingOccurrences(of: #""label":"L""#, with: #""label":"L","extra":true"#),
            "\u{FEFF}" + base,
        ]
        for variant in variants {
            #expect(Self.fast(Array(variant.utf8)) == nil, "\(variant)")
        }
        // Not events at all: both refuse.
        for text in ["", "{}", "[]", "null", #"{"v":1}"#, base + "x", String(base.dropLast())] {
            #expect(Self.fast(Array(text.utf8)) == nil)
            #expect(Self.slow(Array(text.utf8)) == nil)
        }
    }

    @Test func nullOptionalFieldsMatchJSONDecoder() throws {
        let line = #"{"at":"2025-03-04T10:00:00.000Z","comment":"c","id":"e1","mono":5,"participant":null,"prompt":"p","round":null,"seq":1,"session":"s","table":null,"tags":[],"text":"t","type":"comment.added","v":1,"writer":"w"}"#
        let fast = Self.fast(Array(line.utf8))
        #expect(fast != nil)
        #expect(fast == Self.slow(Array(line.utf8)))
        let attributes = #"{"at":"2025-03-04T10:00:00.000Z","attributes":null,"id":"e1","mono":5,"participant":"P1","seq":1,"session":"s","type":"participant.added","v":1,"writer":"w"}"#
        #expect(Self.fast(Array(attributes.utf8)) == Self.slow(Array(attributes.utf8)))
        #expect(Self.fast(Array(attributes.utf8))?.body == .participantAdded(participant: "P1", attributes: [:]))
    }
}

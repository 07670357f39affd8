import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// `clock.offset` lines are judged like every other line: both decoders agree, and values no clock
/// can have are refused as unusable.
@Suite struct ClockOffsetLineTests {
    static func line(offset: String = "-300000", roundTrip: String = "12", reference: String = #""facilitator""#) -> String {
        #"{"at":"2025-03-04T10:05:00.000Z","id":"e1","mono":5,"offset_ms":\#(offset),"reference":\#(reference),"round_trip_ms":\#(roundTrip),"seq":2,"session":"s","type":"clock.offset","v":1,"writer":"ana"}"#
    }

    static func verdict(_ line: String) -> DecodedLine { EventLine.decode(Data(line.utf8), JSONDecoder()) }

    @Test func aMeasuredOffsetDecodesTheSameBothWays() throws {
        let bytes = Array(Self.line().utf8)
        let fast = bytes.withUnsafeBytes { FastEventDecoder.decode($0) }
        #expect(fast?.body == .clockOffset(offset: -300_000, roundTrip: 12, reference: "facilitator"))
        #expect(fast == (try JSONDecoder().decode(Event.self, from: Data(bytes))))
        guard case .event(let event) = Self.verdict(Self.line()) else { Issue.record("not an event"); return }
        #expect(event == fast)
        let week = String(WriterClocks.maximumOffset)
        for edge in [Self.line(offset: week), Self.line(offset: "-" + week), Self.line(roundTrip: "0"), Self.line(reference: #""note-taker-2""#)] {
            guard case .event = Self.verdict(edge) else { Issue.record("refused: \(edge)"); continue }
        }
    }

    @Test func valuesNoClockCanHaveAreUnusable() {
        let cases = [
            (Self.line(reference: #""Facilitator!""#), "bad clock reference \"Facilitator!\""),
            (Self.line(reference: #""""#), "bad clock reference \"\""),
            (Self.line(roundTrip: "-1"), "bad clock round trip -1 ms"),
            (Self.line(offset: String(WriterClocks.maximumOffset + 1)), "clock offset 604800001 ms is more than 7 days"),
            (Self.line(offset: "-9000000000000"), "clock offset -9000000000000 ms is more than 7 days"),
        ]
        for (line, message) in cases {
            guard case .invalid(let problem) = Self.verdict(line) else { Issue.record("not refused: \(line)"); continue }
            #expect(problem.hasPrefix(message), "\(problem)")
        }
    }

    @Test func malformedLinesAreNotEvents() {
        let missing = Self.line().replacingOccurrences(of: #""reference":"facilitator","#, with: "")
        let fractional = Self.line(offset: "-300000.5")
        let text = Self.line(roundTrip: #""12""#)
        for line in [missing, fractional, text] {
            #expect(Array(line.utf8).withUnsafeBytes { FastEventDecoder.decode($0) } == nil)
            guard case .failure = Self.verdict(line) else { Issue.record("decoded: \(line)"); continue }
        }
        guard case .failure(let message) = Self.verdict(missing) else { return }
        #expect(message == "missing field \"reference\"")
    }
}

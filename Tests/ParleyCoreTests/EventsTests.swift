import Foundation
import Testing
@testable import ParleyCore

/// Events as JSON, and the timestamps they carry.
@Suite struct EventsTests {
    @Test func eventJSONRoundTripsEveryType() throws {
        var f = EventFactory()
        let bodies: [EventBody] = [
            .sessionStarted(SessionStart(workshop: EventFactory.workshop)), .promptShown(prompt: "one"),
            .participantAdded(participant: "P1", attributes: ["table": "T2"]),
            .commentAdded(CommentPayload(comment: "c", prompt: "one", participant: "P1", text: "😩 میں", tags: ["a"], table: "T2", round: 1)),
            .commentEdited(comment: "c", participant: nil, text: "t", tags: []), .commentTagged(comment: "c", tag: "a"),
            .commentUntagged(comment: "c", tag: "a"), .commentDeleted(comment: "c"), .commentRestored(comment: "c"),
            .marker(label: "fire alarm"), .roundStarted(round: 2), .tableSet(table: "T3"), .sessionPaused, .sessionResumed,
            .sessionEnded(reason: "quit"), .clockOffset(offset: -300_000, roundTrip: 12, reference: "facilitator"),
        ]
        for body in bodies {
            let event = f.make(body)
            let data = try JSONEncoder().encode(event)
            #expect(try JSONDecoder().decode(Event.self, from: data) == event)
            #expect(String(decoding: data, as: UTF8.self).contains("\"type\":\"\(body.type)\""))
        }
    }

    @Test func clockOffsetFieldsAreNamedWithTheirUnit() throws {
        var f = EventFactory()
        let event = f.make(.clockOffset(offset: -300_250, roundTrip: 7, reference: "facilitator"))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as? [String: Any]
        #expect(json?["type"] as? String == "clock.offset")
        #expect(json?["offset_ms"] as? Int == -300_250)
        #expect(json?["round_trip_ms"] as? Int == 7)
        #expect(json?["reference"] as? String == "facilitator")
    }

    @Test func testClockOffsetIsReadAsSeconds() {
        #expect(SystemClock.testOffset([:]) == 0)
        #expect(SystemClock.testOffset(["PARLEY_TEST_CLOCK_OFFSET": "300"]) == 300)
        #expect(SystemClock.testOffset(["PARLEY_TEST_CLOCK_OFFSET": "-90.25"]) == -90.25)
        for junk in ["", "five minutes", "nan", "inf"] {
            #expect(SystemClock.testOffset(["PARLEY_TEST_CLOCK_OFFSET": junk]) == 0, "\(junk)")
        }
        // These tests run without it: the wall clock is the real one.
        #expect(abs(SystemClock().now().timeIntervalSinceNow) < 5)
    }

    @Test func timestampsRoundTrip() {
        let date = Date(timeIntervalSince1970: 1_764_072_000.123)
        #expect(Timestamp.string(date) == "2025-11-25T12:00:00.123Z")
        #expect(Timestamp.date("2025-11-25T12:00:00.123Z").map(Timestamp.string) == "2025-11-25T12:00:00.123Z")
        #expect(Timestamp.date("yesterday") == nil)
        // Whole milliseconds print exactly (no trip through a floating-point Date).
        for millis in [1_764_072_000_123, 1_741_082_400_999, 951_782_400_001] {
            #expect(Timestamp.milliseconds(Timestamp.string(milliseconds: millis)) == millis)
        }
    }
}

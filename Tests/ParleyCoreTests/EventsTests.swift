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
            .sessionEnded(reason: "quit"),
        ]
        for body in bodies {
            let event = f.make(body)
            let data = try JSONEncoder().encode(event)
            #expect(try JSONDecoder().decode(Event.self, from: data) == event)
            #expect(String(decoding: data, as: UTF8.self).contains("\"type\":\"\(body.type)\""))
        }
    }

    @Test func timestampsRoundTrip() {
        let date = Date(timeIntervalSince1970: 1_764_072_000.123)
        #expect(Timestamp.string(date) == "2025-11-25T12:00:00.123Z")
        #expect(Timestamp.date("2025-11-25T12:00:00.123Z").map(Timestamp.string) == "2025-11-25T12:00:00.123Z")
        #expect(Timestamp.date("yesterday") == nil)
    }
}

import Foundation
import Testing
@testable import ParleyCore

/// Builds events with predictable ids and times.
struct EventFactory {
    var session = "00000000-0000-0000-0000-000000000001"
    var writer = "facilitator"
    var seq = 0

    mutating func make(_ body: EventBody) -> Event {
        seq += 1
        return Event(id: "e\(writer)-\(seq)", session: session, writer: writer, seq: seq,
                     at: Timestamp.string(Date(timeIntervalSince1970: 1_764_000_000 + Double(seq))), mono: seq * 1000, body: body)
    }

    static let workshop = Workshop(
        deck: Deck(id: "d", title: "Deck", codebook: "cb.yaml", prompts: [
            Prompt(id: "one", kind: .question, title: "One"), Prompt(id: "two", kind: .question, title: "Two"),
        ]),
        personas: [], codebook: Codebook(id: "cb", title: "CB", groups: []), sha256: String(repeating: "0", count: 64))
}

@Suite struct SessionStateTests {
    @Test func appliesCommentLifecycle() {
        var f = EventFactory()
        var state = SessionState()
        state.apply(f.make(.sessionStarted(SessionStart(workshop: EventFactory.workshop))))
        state.apply(f.make(.commentAdded(CommentPayload(comment: "c1", prompt: "one", participant: "P1", text: "hello", tags: ["trust"]))))
        state.apply(f.make(.promptShown(prompt: "two")))
        state.apply(f.make(.commentAdded(CommentPayload(comment: "c2", prompt: "two", participant: nil, text: "bye", tags: []))))
        state.apply(f.make(.commentTagged(comment: "c2", tag: "equity")))
        state.apply(f.make(.commentEdited(comment: "c1", participant: "P2", text: "hello again", tags: ["trust", "proxy"])))
        state.apply(f.make(.commentDeleted(comment: "c2")))
        #expect(state.currentPrompt?.id == "two")
        #expect(state.comments(onPrompt: "two").isEmpty)
        #expect(state.comment("c2")?.tags == ["equity"])
        #expect(state.comments(onPrompt: "one").map(\.text) == ["hello again"])
        #expect(state.comments(onPrompt: "one").first?.participant == "P2")
        #expect(state.participants == ["P1", "P2"])
        state.apply(f.make(.commentRestored(comment: "c2")))
        #expect(state.comments(onPrompt: "two").map(\.text) == ["bye"])
        state.apply(f.make(.sessionEnded(reason: "quit")))
        #expect(state.ended)
    }

    @Test func duplicateEventsDoNotDuplicateComments() {
        var f = EventFactory()
        let added = f.make(.commentAdded(CommentPayload(comment: "c1", prompt: "one", participant: "P1", text: "x", tags: [])))
        let state = SessionState(events: [f.make(.sessionStarted(SessionStart(workshop: EventFactory.workshop))), added, added])
        #expect(state.comments.count == 1)
    }

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

import Foundation
import Testing
@testable import ParleyCore

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

    // MARK: Several writers: the room's prompt and markers

    static let threePrompts = Workshop(
        deck: Deck(id: "d3", title: "Deck", codebook: "cb.yaml", prompts: [
            Prompt(id: "one", kind: .question, title: "One"), Prompt(id: "two", kind: .question, title: "Two"),
            Prompt(id: "three", kind: .question, title: "Three"),
        ]),
        personas: [], codebook: Codebook(id: "cb", title: "CB", groups: []), sha256: String(repeating: "0", count: 64))

    @Test func aLateNoteTakersPromptDoesNotMoveTheRoomOrTheFacilitatorsMarkers() {
        var f = EventFactory(writer: "facilitator"), n = EventFactory(writer: "notes-1")
        var state = SessionState()
        // The logs merged by time: the note-taker joins after the facilitator reached prompt three.
        state.apply(f.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        state.apply(f.make(.promptShown(prompt: "one")))
        state.apply(f.make(.promptShown(prompt: "two")))
        state.apply(f.make(.promptShown(prompt: "three")))
        state.apply(n.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        state.apply(n.make(.promptShown(prompt: "one")))
        #expect(state.roomWriter == "facilitator")
        #expect(state.promptIndex == 2)
        #expect(state.currentPrompt?.id == "three")
        state.apply(f.make(.marker(label: "fire alarm")))
        state.apply(n.make(.marker(label: "good quote")))
        #expect(state.markers.map(\.writer) == ["facilitator", "notes-1"])
        #expect(state.markers.map(\.promptID) == ["three", "one"])
        #expect(state.promptIndexByWriter == ["facilitator": 2, "notes-1": 0])
    }

    /// In a room every writer's log ends with session.ended when they quit: one note-taker leaving does not
    /// end the session (replay said "session ended" from then on); the facilitator ending it, or every log
    /// having ended, does.
    @Test func theSessionEndsWithTheFacilitatorsLogOrEveryLog() {
        var f = EventFactory(writer: "facilitator"), n = EventFactory(writer: "notes-1")
        var state = SessionState()
        state.apply(f.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        state.apply(f.make(.promptShown(prompt: "one")))
        state.apply(n.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        state.apply(n.make(.sessionEnded(reason: "quit")))
        #expect(!state.sessionEnded && state.openLogs == ["facilitator"])
        state.apply(n.make(.sessionResumed))
        state.apply(f.make(.sessionEnded(reason: "quit")))
        #expect(state.sessionEnded, "the facilitator ended it; the note-taker's log may lack its end")
        state.apply(f.make(.sessionResumed))
        #expect(!state.sessionEnded)
        // Without a facilitator's prompt (no room writer yet): when every log has ended.
        var lone = SessionState()
        lone.apply(n.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        #expect(!lone.sessionEnded)
        lone.apply(n.make(.sessionEnded(reason: "quit")))
        #expect(lone.sessionEnded)
    }

    /// A break is the room's: a note-taker's log resuming (a laptop back in the room) does not end it.
    @Test func onlyTheRoomsWriterPausesAndGoesOn() {
        var f = EventFactory(writer: "facilitator"), n = EventFactory(writer: "notes-1")
        var state = SessionState()
        state.apply(f.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        state.apply(f.make(.promptShown(prompt: "one")))
        state.apply(f.make(.sessionPaused))
        state.apply(n.make(.sessionResumed))
        #expect(state.paused, "a note-taker's resume does not end the facilitator's break")
        state.apply(f.make(.sessionResumed))
        #expect(!state.paused)
    }

    @Test func aWriterWhoShowedNoPromptMarksTheRoomsPrompt() {
        var f = EventFactory(writer: "facilitator"), n = EventFactory(writer: "notes-1")
        var state = SessionState()
        state.apply(f.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        state.apply(f.make(.promptShown(prompt: "two")))
        state.apply(n.make(.marker(label: "break")))
        #expect(state.markers.map(\.promptID) == ["two"])
    }

    @Test func aNoteTakersOwnLogFollowsThatWriter() {
        var n = EventFactory(writer: "notes-1")
        var state = SessionState()
        state.apply(n.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        state.apply(n.make(.promptShown(prompt: "three")))
        #expect(state.roomWriter == "notes-1")
        #expect(state.currentPrompt?.id == "three")
        state.apply(n.make(.marker(label: "m1")))
        state.apply(n.make(.promptShown(prompt: "one")))
        #expect(state.promptIndex == 0)
        state.apply(n.make(.marker(label: "m2")))
        #expect(state.markers.map(\.promptID) == ["three", "one"])
    }

    @Test func theFacilitatorsFirstPromptTakesTheRoomOver() {
        var f = EventFactory(writer: "facilitator"), n = EventFactory(writer: "notes-1")
        var state = SessionState()
        state.apply(n.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        state.apply(n.make(.promptShown(prompt: "two")))
        #expect(state.roomWriter == "notes-1")
        #expect(state.currentPrompt?.id == "two")
        state.apply(f.make(.sessionStarted(SessionStart(workshop: Self.threePrompts))))
        #expect(state.currentPrompt?.id == "two")      // a session.started alone does not take the room
        state.apply(f.make(.promptShown(prompt: "three")))
        #expect(state.roomWriter == "facilitator")
        #expect(state.currentPrompt?.id == "three")
        state.apply(n.make(.promptShown(prompt: "one")))
        #expect(state.currentPrompt?.id == "three")
        state.apply(n.make(.marker(label: "n")))
        state.apply(f.make(.marker(label: "f")))
        #expect(state.markers.map(\.promptID) == ["one", "three"])
    }

    @Test func theRoomWriterRule() {
        #expect(SessionState.roomWriterName == "facilitator")
        #expect(SessionState.roomWriter(among: ["ana", "facilitator"], otherwise: "ana") == "facilitator")
        #expect(SessionState.roomWriter(among: ["ana", "bob"], otherwise: "bob") == "bob")
        #expect(SessionState.roomWriter(among: [String](), otherwise: "ana") == "ana")
    }
}

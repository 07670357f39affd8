import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore

/// Replay and transcript place a note-taker whose laptop is 5 minutes fast on the facilitator's time
/// line by the `clock.offset` her log recorded.
@Suite struct ReplayClockOffsetTests {
    static func session(anaClockAhead: Double, anaMeasured: Int?) throws -> ReplaySession {
        try ReplaySession(events: ReplayScript.workshop(anaClockAhead: anaClockAhead, anaMeasured: anaMeasured).shuffled(),
                          checkpointInterval: 4)
    }

    /// Comments that appear while the room shows another prompt than theirs (in this script every
    /// comment was said on the prompt on screen).
    static func offTheRoomsPrompt(_ session: ReplaySession) -> [String] {
        let prompts = session.workshop?.deck.prompts ?? []
        return session.commentAdds.compactMap { index in
            guard case .commentAdded(let payload) = session.events[index].body,
                  let change = session.promptChangeIndex(afterEvents: index + 1) else { return nil }
            return prompts[session.promptChanges[change].promptIndex].id == payload.prompt ? nil : payload.comment
        }
    }

    @Test func aMeasuredOffsetReplaysAsATrueClockWould() throws {
        let fast = try Self.session(anaClockAhead: 300, anaMeasured: -300_000)
        let trueClock = try Self.session(anaClockAhead: 0, anaMeasured: 0)
        #expect(fast.events.map(\.id) == trueClock.events.map(\.id))
        #expect(fast.events.map(\.at) == trueClock.events.map(\.at))
        #expect(fast.times == trueClock.times)
        #expect(fast.promptChanges == trueClock.promptChanges)
        #expect(fast.startedAt == trueClock.startedAt)
        #expect(Self.offTheRoomsPrompt(fast).isEmpty)
        // Ana's first note, said 60 s in: the state and the model read its placed time.
        let state = fast.state(afterEvents: fast.count)
        #expect(state.comment("c2").flatMap { fast.time(of: $0.at) } == 60_000)
        for change in fast.promptChanges {
            #expect(fast.state(at: change.time).liveComments == trueClock.state(at: change.time).liveComments)
        }
        for format in Transcript.Format.allCases {
            #expect(Transcript(fast).render(format) == Transcript(trueClock).render(format), "\(format)")
        }
    }

    @Test func withoutTheOffsetAFastLaptopsNotesLandOnOtherPrompts() throws {
        let unmeasured = try Self.session(anaClockAhead: 300, anaMeasured: nil)
        let trueClock = try Self.session(anaClockAhead: 0, anaMeasured: nil)
        #expect(Self.offTheRoomsPrompt(trueClock).isEmpty)
        #expect(Self.offTheRoomsPrompt(unmeasured) == ["c2", "c7"])
        let ids = { (session: ReplaySession) in session.commentAdds.compactMap { session.events[$0].body.commentID } }
        #expect(ids(trueClock) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"])
        #expect(ids(unmeasured) == ["c1", "c3", "c5", "c2", "c4", "c6", "c8", "c9", "c7"])
        #expect(Transcript(unmeasured).render(.json) != Transcript(trueClock).render(.json))
    }
}

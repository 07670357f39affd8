import Foundation
import Testing
@testable import ParleyCore

/// A session's recordings as `SessionState` keeps them: one per mark, each placed by its latest correction.
@Suite struct RecordingsTests {
    static func mark(_ id: String, at second: Int, label: String? = nil, duration: Int? = nil, replaces: String? = nil,
                     writer: String = "facilitator", seq: Int = 1) -> Event {
        Event(id: id, session: "s", writer: writer, seq: seq, at: Timestamp.string(milliseconds: 1_764_000_000_000 + second * 1000),
              mono: second * 1000, body: .recordingStarted(RecordingStart(label: label, durationMilliseconds: duration, replaces: replaces)))
    }

    static func second(_ recording: Recording) -> Int { (Timestamp.milliseconds(recording.at)! - 1_764_000_000_000) / 1000 }

    @Test func eachMarkIsARecordingOldestFirst() {
        let state = SessionState(events: [Self.mark("r2", at: 900, seq: 2), Self.mark("r1", at: 10, label: "zoom_0001.m4a")])
        #expect(state.recordings.map(\.id) == ["r1", "r2"])
        #expect(state.recordings.map(\.label) == ["zoom_0001.m4a", nil])
        #expect(state.recordings.map(Self.second) == [10, 900])
    }

    @Test func aCorrectionMovesItsRecordingWhateverOrderTheyComeIn() {
        let marks = [Self.mark("r1", at: 100, label: "a"), Self.mark("c1", at: 98, label: "a", replaces: "r1", writer: "store"),
                     Self.mark("c2", at: 99, label: "a", duration: 60_000, replaces: "c1", writer: "store", seq: 2)]
        for order in [marks, marks.reversed(), [marks[1], marks[0], marks[2]]] {
            let state = SessionState(events: order)
            #expect(state.recordings.count == 1)
            #expect(state.recordings.first?.id == "r1")
            #expect(state.recordings.first?.eventID == "c2")
            #expect(state.recordings.first.map(Self.second) == 99)
            #expect(state.recordings.first?.durationMilliseconds == 60_000)
        }
        // The same event twice is one mark.
        #expect(SessionState(events: marks + marks).recordings.count == 1)
    }

    @Test func aForkKeepsTheLongerBranchThenTheGreaterID() {
        let base = [Self.mark("r1", at: 100), Self.mark("a", at: 90, replaces: "r1"), Self.mark("b", at: 110, replaces: "r1")]
        #expect(SessionState(events: base).recordings.map(\.eventID) == ["b"])
        #expect(SessionState(events: base + [Self.mark("a2", at: 91, replaces: "a")]).recordings.map(\.eventID) == ["a2"])
        // A correction of a mark the store does not hold is a recording of its own.
        #expect(SessionState(events: [Self.mark("x", at: 5, replaces: "gone")]).recordings.map(\.id) == ["x"])
    }
}

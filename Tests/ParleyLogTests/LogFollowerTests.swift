import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

@Suite struct LogFollowerTests {
    @Test func yieldsAppendedEventsAndWaitsForWholeLines() throws {
        let path = temporaryLogPath()
        let recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: "s", writer: "w", clock: FixedClock())
        let follower = LogFollower(path: path)
        #expect(follower.poll().isEmpty)
        try recorder.record(comment(1))
        #expect(follower.poll().map(\.body.commentID) == ["c1"])
        #expect(follower.poll().isEmpty)
        // Half a line is held back until its newline arrives.
        let line = try LogWriter.encodeLine(Event(id: "x", session: "s", writer: "w", seq: 2, at: "2025-11-25T12:00:00.000Z", mono: 1, body: comment(2)), encoder: JSONEncoder())
        try recorder.log(rawLine: String(decoding: line.prefix(20), as: UTF8.self))
        #expect(follower.poll().isEmpty)
        try recorder.log(rawLine: String(decoding: line.dropFirst(20), as: UTF8.self))
        #expect(follower.poll().map(\.body.commentID) == ["c2"])
    }

    @Test func startsAgainWhenTheFileIsReplaced() throws {
        let path = temporaryLogPath()
        let recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: "s", writer: "w", clock: FixedClock())
        let follower = LogFollower(path: path)
        try recorder.record(comment(1)); try recorder.record(comment(2))
        #expect(follower.poll().count == 2)
        try FileManager.default.removeItem(atPath: path)
        let replacement = SessionRecorder(log: try LogWriter(path: path), sessionID: "s", writer: "w", clock: FixedClock())
        try replacement.record(comment(3))
        let events = follower.poll()
        #expect(follower.restarted)
        #expect(events.map(\.body.commentID) == ["c3"])
    }
}

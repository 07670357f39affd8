import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// `PARLEY_TEST_CLOCK_OFFSET` makes the real binary behave like a laptop whose wall clock is off.
@Suite(.serialized) struct ClockOffsetEndToEndTests {
    @Test func aShiftedWallClockStampsEventsThatFarAheadButNotTheirMono() throws {
        let t = try Tmux()
        let log = t.path("fast-laptop.jsonl")
        let before = Timestamp.milliseconds(Timestamp.string(Date()))!
        try t.start(["run", "demo", "--log", log], environment: "PARLEY_TEST_CLOCK_OFFSET=300")
        try t.waitFor("✔ 0 saved")
        try t.type("P1: said on a laptop 5 minutes fast"); try t.keys("Enter")
        try t.waitFor("✔ 1 saved")
        try t.keys("C-q")
        try t.waitFor("EXITED 0")
        let after = Timestamp.milliseconds(Timestamp.string(Date()))!
        let events = try LogReader.read(path: log).events
        let comment = try #require(events.first { $0.type == "comment.added" })
        let at = try #require(Timestamp.milliseconds(comment.at))
        #expect((before + 300_000...after + 300_000).contains(at), "at \(comment.at), real time \(before)…\(after)")
        // Monotonic time is not shifted: the comment came seconds, not minutes, after the start.
        #expect((0..<60_000).contains(comment.mono))
    }
}

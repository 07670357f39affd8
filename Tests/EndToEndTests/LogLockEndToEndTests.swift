import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// One process writes a log at a time: a second `parley run` on it is refused and changes nothing;
/// a run killed with its lock held does not keep `--resume` out.
@Suite(.serialized) struct LogLockEndToEndTests {
    @Test func aSecondRunOnALiveLogIsRefusedAndTheKilledRunsLockDoesNotBlockResume() throws {
        let t = try Tmux()
        let log = t.path("shared.jsonl")
        try t.start(["run", "demo", "--log", log])
        try t.waitFor("✔ 0 saved")
        try t.type("P1: said before the second run"); try t.keys("Enter")
        try t.waitFor("✔ 1 saved")
        let holder = try t.pid()
        let before = try Data(contentsOf: URL(fileURLWithPath: log))

        let second = try Program.runWithStatus([ParleyBuild.binary, "run", "demo", "--log", log], directory: ParleyBuild.repository.path)
        #expect(second.status == 1)
        let message = second.error.split(separator: "\n")
        #expect(message.count == 1, "\(second.error)")
        #expect(second.error.hasPrefix("parley: \(log): is being written by another parley (pid \(holder))"), "\(second.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == before)
        let resumeWhileLive = try Program.runWithStatus([ParleyBuild.binary, "run", "--resume", log], directory: ParleyBuild.repository.path)
        #expect(resumeWhileLive.status == 1 && resumeWhileLive.error.contains("pid \(holder)"), "\(resumeWhileLive.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == before)

        // The first run carries on, alone.
        try t.type("P1: said after it"); try t.keys("Enter")
        try t.waitFor("✔ 2 saved")
        try t.signal(SIGKILL)
        try t.waitFor("EXITED 137")

        let r = try Tmux()
        try r.start(["run", "--resume", log])
        try r.waitFor("✔ 2 saved")
        try r.keys("C-q")
        try r.waitFor("EXITED 0")
        let events = try LogReader.read(path: log).events
        #expect(events.map(\.seq) == Array(1...events.count))
        #expect(SessionState(events: events).liveComments.map(\.text) == ["said before the second run", "said after it"])
    }
}

import Foundation
import Testing

/// The harness itself: signalling a parley that is not running fails the test and signals nothing.
@Suite struct TmuxTests {
    @Test func noParleyRunningIsAnErrorNotPidZero() throws {
        let t = try Tmux()
        #expect(throws: TestError.self) { try t.pid() }
        #expect(throws: TestError.self) { try t.signal(SIGTERM) }
    }
}

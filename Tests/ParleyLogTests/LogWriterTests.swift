import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

@Suite struct LogWriterTests {
    @Test func roundTripWithModeAndOneLinePerEvent() throws {
        let path = temporaryLogPath()
        let recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: "s1", writer: "facilitator", clock: FixedClock())
        let first = try recorder.record(.marker(label: "start"))
        let second = try recorder.record(comment(1, text: "میں 😩 \"quoted\"\nnewline"))
        recorder.close()
        let result = try LogReader.read(path: path)
        #expect(result.events == [first, second])
        #expect(result.issues.isEmpty)
        #expect(first.seq == 1 && second.seq == 2 && first.at == "2025-11-25T12:00:00.000Z")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.filter { $0 == 0x0A }.count == 2)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func fullDiskFailsLoudlyWithoutUsingUpASeq() throws {
        // /dev/full accepts the open and fails every write with ENOSPC.
        let writer = try LogWriter(path: "/dev/full")
        let recorder = SessionRecorder(log: writer, sessionID: "s", writer: "w", clock: FixedClock())
        #expect(throws: LogError.self) { try recorder.record(comment(1)) }
        // seq is not used up by a failed write.
        #expect(recorder.nextSequence == 1)
    }

    @Test func aSecondWriterOfALogIsRefusedUntilTheFirstCloses() throws {
        let path = temporaryLogPath()
        let first = SessionRecorder(log: try LogWriter(path: path), sessionID: "s", writer: "w", clock: FixedClock())
        try first.record(comment(1))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            _ = try LogWriter(path: path)
            Issue.record("a second writer opened a log that is being written")
        } catch let error as LogError {
            // The lock belongs to the first writer's open file, here in this very process.
            #expect(error.description == "\(path): is being written by another parley (pid \(getpid())); expected one process per log (each note-taker writes their own log; quit the other run, or give this one another --log)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        first.close()
        let second = SessionRecorder(log: try LogWriter(path: path), sessionID: "s", writer: "w", clock: FixedClock(), nextSeq: 2)
        try second.record(comment(2))
        #expect(try LogReader.read(path: path).events.map(\.seq) == [1, 2])
    }
}

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

    @Test func concurrentAppendsFromTwoDescriptorsInterleaveWholeLines() throws {
        let path = temporaryLogPath()
        let perWriter = 300
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let recorder = SessionRecorder(log: try! LogWriter(path: path), sessionID: "s", writer: "w\(index)", clock: FixedClock())
            for n in 0..<perWriter { _ = try! recorder.record(comment(index * 10_000 + n, text: String(repeating: "x", count: 500))) }
        }
        let result = try LogReader.read(path: path)
        let lines = try Data(contentsOf: URL(fileURLWithPath: path)).filter { $0 == 0x0A }.count
        #expect(lines == 2 * perWriter, "lines on disk")
        #expect(result.issues.isEmpty)
        #expect(result.events.count == 2 * perWriter)
        for writer in ["w0", "w1"] {
            #expect(result.events.filter { $0.writer == writer }.map(\.seq) == Array(1...perWriter))
        }
    }
}

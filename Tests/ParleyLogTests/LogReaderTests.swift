import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

@Suite struct LogReaderTests {
    @Test func tornTailIsReportedAndEverythingBeforeKept() throws {
        let path = temporaryLogPath()
        let recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: "s1", writer: "w", clock: FixedClock())
        for n in 1...3 { try recorder.record(comment(n)) }
        recorder.close()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data("{\"v\":1,\"id\":\"half-writ".utf8))
        try handle.close()
        let result = try LogReader.read(path: path)
        #expect(result.events.count == 3)
        #expect(result.tornTailOffset == size)
        #expect(result.issues.count == 1)
        #expect(result.issues[0].description.contains(":4:1: torn last line"))
    }

    @Test func garbageLineInTheMiddleIsSkippedAndReported() throws {
        let path = temporaryLogPath()
        let recorder = SessionRecorder(log: try LogWriter(path: path), sessionID: "s1", writer: "w", clock: FixedClock())
        try recorder.record(comment(1))
        try recorder.log(rawLine: "{\"v\":1,\"type\":\"comment.added\"}\n")
        try recorder.record(comment(2))
        let result = try LogReader.read(path: path)
        #expect(result.events.count == 2)
        #expect(result.issues.map(\.line) == [2])
        #expect(result.issues[0].message.contains("missing field"))
    }

    @Test func refusesFilesThatAreNotLogs() throws {
        let path = temporaryLogPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        for content in ["id,text\n1,hello\n", "{\"name\":\"package.json\"}\n{\"x\":1}\n", "\u{0}\u{1}binary"] {
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: LogError.self) { try LogReader.read(path: path) }
        }
        #expect(throws: LogError.self) { try LogReader.read(path: path + ".missing") }
    }
}

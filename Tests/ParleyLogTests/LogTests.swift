import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

struct FixedClock: Clock {
    var date = Date(timeIntervalSince1970: 1_764_072_000)
    func now() -> Date { date }
    func monotonicMilliseconds() -> Int { 5_000 }
}

func temporaryLogPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("parley-log-\(UUID().uuidString)/session.jsonl").path
}

func comment(_ n: Int, text: String = "P1 said something") -> EventBody {
    .commentAdded(CommentPayload(comment: "c\(n)", prompt: "p", participant: "P1", text: text, tags: ["trust"]))
}

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

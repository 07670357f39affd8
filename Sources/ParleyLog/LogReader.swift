import Foundation
import ParleyCore

/// Something wrong in a log that a reader stepped over.
public struct LogIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// An unterminated last line that is not an event: a crash mid-write.
        case tornTail
        /// A line that is not a Parley event (not JSON, wrong fields, unknown type, too long).
        case unreadableLine
        /// A Parley event whose values cannot be used (bad time, bad tag, newer format).
        case unusableValue
    }

    public var kind: Kind
    public var path: String
    public var line: Int
    public var byteOffset: Int
    public var message: String
    public var description: String { "\(path):\(line):1: \(message)" }
}

/// THE reader of session logs; every command that reads a log uses it (or, for a log still being
/// written, `LogFollower`, which applies the same line rules):
/// - a torn last line (a crash mid-write) is reported and everything before it kept;
/// - a bad line in the middle is reported and skipped, and so is an event with unusable values;
/// - a file whose first line is not a Parley event is refused whole.
public enum LogReader {
    public struct Result: Sendable {
        public var events: [Event]
        public var issues: [LogIssue]
        /// Byte offset where a torn (unterminated, unparseable) last line starts.
        public var tornTailOffset: Int?
    }

    public static func read(path: String) throws -> Result {
        try read(LogFile(path: path))
    }

    /// Several logs side by side (each is also decoded on every core): their serial parts overlap.
    /// Results in the order of `paths`; the first unreadable or foreign file is thrown.
    public static func read(paths: [String]) throws -> [Result] {
        let results = Slots<Swift.Result<Result, Error>>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            results.set(index, Swift.Result { try read(path: paths[index]) })
        }
        return try results.values.map { try $0.get() }
    }

    static func read(_ file: LogFile) throws -> Result {
        let decoded = file.decodeAll()
        if let first = decoded.first { try checkIsLog(file, firstLine: first) }
        var result = Result(events: [], issues: [])
        result.events.reserveCapacity(decoded.count)
        for (index, outcome) in decoded.enumerated() {
            if case .event(let event) = outcome {
                result.events.append(event)
            } else if let issue = issue(file, line: index, outcome) {
                if issue.kind == .tornTail { result.tornTailOffset = issue.byteOffset }
                result.issues.append(issue)
            }
        }
        return result
    }

    /// The first line decides what the file is: a Parley log starts with an event. Only a lone,
    /// unterminated `{…` may be a torn first event.
    public static func checkIsLog(_ file: LogFile, firstLine: DecodedLine) throws {
        guard case .failure = firstLine, let line = file.lines.first else { return }
        let tornFirstEvent = !line.terminated && file.lines.count == 1 && file.firstByte(of: line) == UInt8(ascii: "{")
        if !tornFirstEvent { throw LogError.notALog(path: file.path, line: line.number) }
    }

    /// What a line that gave no event is reported as (nil for an event).
    public static func issue(_ file: LogFile, line index: Int, _ decoded: DecodedLine) -> LogIssue? {
        let line = file.lines[index]
        let torn = index == file.lines.count - 1 && !line.terminated
        return LogIssue(decoded, path: file.path, line: line.number, byteOffset: line.start, bytes: line.count, torn: torn)
    }
}

extension LogIssue {
    /// The issue a decoded line is (nil for an event). `torn`: the line is the file's unterminated last.
    init?(_ decoded: DecodedLine, path: String, line: Int, byteOffset: Int, bytes: Int, torn: Bool) {
        switch decoded {
        case .event: return nil
        case .invalid(let message):
            self.init(kind: .unusableValue, path: path, line: line, byteOffset: byteOffset, message: "event skipped: \(message)")
        case .failure where torn:
            self.init(kind: .tornTail, path: path, line: line, byteOffset: byteOffset,
                      message: "torn last line (\(bytes) bytes, probably a crash mid-write) ignored; everything before it kept")
        case .failure(let message):
            self.init(kind: .unreadableLine, path: path, line: line, byteOffset: byteOffset,
                      message: "unreadable event skipped: \(message); expected one Parley event (a JSON object) per line")
        }
    }
}

/// Slots filled from `concurrentPerform`'s workers, each worker its own slot.
final class Slots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Value) { lock.lock(); slots[index] = value; lock.unlock() }
    var values: [Value] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}

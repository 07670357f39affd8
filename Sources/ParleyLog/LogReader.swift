import Foundation
import ParleyCore

/// Something wrong in a log that the reader stepped over.
public struct LogIssue: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var byteOffset: Int
    public var message: String
    public var description: String { "\(path):\(line):1: \(message) (byte \(byteOffset))" }
}

/// Reads session logs. A torn last line (a crash mid-write) is reported and everything before it
/// kept; a bad line in the middle is reported and skipped; a file that is not a Parley log is refused.
public enum LogReader {
    public struct Result: Sendable {
        public var events: [Event]
        public var issues: [LogIssue]
        /// Byte offset where a torn (unterminated, unparseable) last line starts.
        public var tornTailOffset: Int?
    }

    public static func read(path: String) throws -> Result {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LogError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws -> Result {
        let decoder = JSONDecoder()
        var events: [Event] = []
        var issues: [LogIssue] = []
        var torn: Int?
        var lineNumber = 0
        var sawParleyLine = false
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                lineNumber += 1
                let newline = bytes[start...].firstIndex(of: 0x0A)
                let end = newline ?? bytes.count
                defer { start = end + 1 }
                if end == start { continue }
                let slice = Data(bytes: buffer.baseAddress! + start, count: end - start)
                do {
                    let event = try decoder.decode(Event.self, from: slice)
                    events.append(event)
                    sawParleyLine = true
                } catch {
                    // Line 1 decides what the file is: only a lone, unterminated `{…` may be a torn first event.
                    if !sawParleyLine, lineNumber == 1, !(newline == nil && slice.first == UInt8(ascii: "{")) {
                        throw LogError(path: path, message: "not a Parley session log (line 1 is not a Parley event); expected a .jsonl file written by `parley run`")
                    }
                    if newline == nil {
                        torn = start
                        issues.append(LogIssue(path: path, line: lineNumber, byteOffset: start,
                                               message: "torn last line (\(end - start) bytes, probably a crash mid-write) ignored; everything before it kept"))
                    } else {
                        issues.append(LogIssue(path: path, line: lineNumber, byteOffset: start, message: "unreadable event skipped: \(reason(error))"))
                    }
                }
            }
        }
        return Result(events: events, issues: issues, tornTailOffset: torn)
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type for \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        default: return "\(error)"
        }
    }
}

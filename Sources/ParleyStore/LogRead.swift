import Foundation
import ParleyCore

/// Reads a whole log the way merge does (every core, the fast decoder, the same line rules as
/// `ParleyLog.LogReader`), for read-only commands that need all of a big log quickly: replay and
/// transcript. Nothing is written.
public enum FastLogReader {
    public struct Result: Sendable {
        public var events: [Event]
        /// One line per line stepped over: torn last line, unreadable or invalid event.
        public var issues: [String]
    }

    public static func read(path: String) throws -> Result {
        let scanner = try LogScanner(path: path)
        let lines = scanner.lines
        let decoded = scanner.decode(Array(lines.indices))
        // The first line decides what the file is; only a lone unterminated `{…` may be a torn first event.
        if let line = lines.first, case .failure = decoded[0],
           !(!line.terminated && lines.count == 1 && scanner.firstByte(of: line) == UInt8(ascii: "{")) {
            throw UserError("\(path): not a Parley session log (line \(line.number) is not a Parley event); expected a .jsonl file written by `parley run`")
        }
        var result = Result(events: [], issues: [])
        result.events.reserveCapacity(decoded.count)
        for (index, outcome) in decoded.enumerated() {
            let line = lines[index]
            switch outcome {
            case .event(let event): result.events.append(event)
            case .invalid(let message): result.issues.append("\(path):\(line.number): event skipped: \(message)")
            case .failure(let message):
                if index == lines.count - 1, !line.terminated {
                    result.issues.append("\(path):\(line.number): torn last line (\(line.count) bytes, probably a crash mid-write) ignored; everything before it kept")
                } else {
                    result.issues.append("\(path):\(line.number): unreadable event skipped: \(message)")
                }
            }
        }
        return result
    }
}

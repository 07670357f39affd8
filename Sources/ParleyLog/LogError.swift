import Foundation

/// Why a log cannot be read or written, as one line: `path: what is wrong; what was expected`.
public struct LogError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) { self.path = path; self.message = message }
    public var description: String { "\(path): \(message)" }

    /// The file is something else than a session log.
    static func notALog(path: String, line: Int) -> LogError {
        LogError(path: path, message: "not a Parley session log (line \(line) is not a Parley event); expected a .jsonl file written by `parley run`")
    }
}

import Foundation
import ParleyCore

/// Yields the events another process appends to a log. Poll it (the present view does every
/// few tens of ms); it keeps a partial last line until its newline arrives, and starts again
/// from the top when the file is replaced or truncated (rotation, a resumed run).
/// Lines are judged as `LogReader` judges them (`EventLine`), so a follower and a reader of the
/// same file agree on every event and every issue.
public final class LogFollower {
    public let path: String
    /// Bytes read so far; `pending` (a line not yet whole) starts at `pendingStart`.
    private var offset: UInt64 = 0
    private var pendingStart = 0
    private var inode: UInt64?
    private var pending = Data()
    private var lineNumber = 0
    private var sawFirstLine = false
    private let decoder = JSONDecoder()
    /// Set when the file was replaced: the caller should rebuild its state from the events that follow.
    public private(set) var restarted = false
    /// Lines stepped over so far (a line still being written is not one).
    public private(set) var issues: [LogIssue] = []
    /// Set when the file turned out not to be a session log; nothing more is read from it.
    public private(set) var refusal: LogError?

    public init(path: String) { self.path = path }

    /// New complete events since the last call ([] when nothing changed or the file is missing).
    public func poll() -> [Event] {
        restarted = false
        var status = stat()
        guard stat(path, &status) == 0 else { return [] }
        let currentInode = UInt64(status.st_ino)
        if let inode, inode != currentInode || UInt64(status.st_size) < offset {
            offset = 0
            pendingStart = 0
            pending.removeAll()
            lineNumber = 0
            sawFirstLine = false
            issues.removeAll()
            refusal = nil
            restarted = true
        }
        inode = currentInode
        guard refusal == nil, UInt64(status.st_size) > offset, let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: offset)
            guard let chunk = try handle.readToEnd() else { return [] }
            offset += UInt64(chunk.count)
            pending.append(chunk)
        } catch {
            return []
        }
        var events: [Event] = []
        while let newline = pending.firstIndex(of: 0x0A) {
            let start = pendingStart
            var line = pending[pending.startIndex..<newline]
            lineNumber += 1
            pendingStart += newline - pending.startIndex + 1
            pending.removeSubrange(pending.startIndex...newline)
            if line.last == 0x0D { line = line.dropLast() }
            guard !line.isEmpty else { continue }
            let decoded = EventLine.decode(Data(line), decoder)
            if case .event(let event) = decoded {
                events.append(event)
            } else if !sawFirstLine, case .failure = decoded {
                refusal = LogError.notALog(path: path, line: lineNumber)
                return events
            } else if let issue = LogIssue(decoded, path: path, line: lineNumber, byteOffset: start, bytes: line.count, torn: false) {
                issues.append(issue)
            }
            sawFirstLine = true
        }
        return events
    }
}

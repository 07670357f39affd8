import Foundation
import ParleyCore

/// Yields the events another process appends to a log. Poll it (the present view does every
/// few tens of ms); it keeps a partial last line until its newline arrives, and starts again
/// from the top when the file is replaced or truncated (rotation, a resumed run).
public final class LogFollower {
    public let path: String
    private var offset: UInt64 = 0
    private var inode: UInt64?
    private var pending = Data()
    private let decoder = JSONDecoder()
    /// Set when the file was replaced: the caller should rebuild its state from the events that follow.
    public private(set) var restarted = false

    public init(path: String) { self.path = path }

    /// New complete events since the last call ([] when nothing changed or the file is missing).
    public func poll() -> [Event] {
        restarted = false
        var status = stat()
        guard stat(path, &status) == 0 else { return [] }
        let currentInode = UInt64(status.st_ino)
        if let inode, inode != currentInode || UInt64(status.st_size) < offset {
            offset = 0
            pending.removeAll()
            restarted = true
        }
        inode = currentInode
        guard UInt64(status.st_size) > offset, let handle = FileHandle(forReadingAtPath: path) else { return [] }
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
            let line = pending[pending.startIndex..<newline]
            if let event = try? decoder.decode(Event.self, from: line) { events.append(event) }
            pending.removeSubrange(pending.startIndex...newline)
        }
        return events
    }
}

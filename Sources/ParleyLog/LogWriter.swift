import Foundation
import ParleyCore
import SystemIO

/// Appends events to a session log: one whole JSON line per event, `O_APPEND`, mode 0600,
/// `fsync` before `append` returns. A failed write is rolled back so the file never keeps half a line.
public final class LogWriter {
    public let path: String
    private var descriptor: Int32
    private let encoder: JSONEncoder

    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw LogError(path: path, message: "cannot create folder \(directory): \(error.localizedDescription)")
            }
        }
        // Past a file-size limit (ulimit -f) a write must fail with EFBIG and be reported, not kill us with SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw LogError(path: path, message: "cannot open for writing: \(String(cString: strerror(errno)))") }
        // One writer per log: a second `parley run` on it would interleave its seqs with ours. The
        // kernel drops the lock when its process dies, so a killed run never blocks `--resume`.
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            let holder = reason == EWOULDBLOCK ? LogLock.holder(of: descriptor) : nil
            _ = Foundation.close(descriptor)
            descriptor = -1
            guard reason == EWOULDBLOCK else {
                throw LogError(path: path, message: "cannot lock for writing: \(String(cString: strerror(reason)))")
            }
            let who = holder.map { "another parley (pid \($0))" } ?? "another parley"
            throw LogError(path: path, message: "is being written by \(who); expected one process per log (each note-taker writes their own log; quit the other run, or give this one another --log)")
        }
        // Participants' words: owner-only, even if the file existed with looser bits or the umask was odd.
        fchmod(descriptor, 0o600)
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    deinit { close() }

    public func close() {
        if descriptor >= 0 { _ = Foundation.close(descriptor); descriptor = -1 }
    }

    /// Cuts the file at `offset`: a torn last line, never shown as saved, so the next event starts
    /// on a clean line. Only the lock holder may, so it is done here.
    public func cut(at offset: Int) throws {
        guard ftruncate(descriptor, off_t(offset)) == 0, fsync(descriptor) == 0 else {
            throw LogError(path: path, message: "cannot cut the torn last line: \(String(cString: strerror(errno)))")
        }
    }

    public static func encodeLine(_ event: Event, encoder: JSONEncoder) throws -> Data {
        var line = try encoder.encode(event)
        line.append(0x0A)
        return line
    }

    /// Writes the event and flushes it to the disk. Throws with the system's reason if any step fails;
    /// then the file is as it was before the call.
    public func append(_ event: Event) throws {
        let line = try Self.encodeLine(event, encoder: encoder)
        try appendRaw(line)
    }

    func appendRaw(_ line: Data) throws {
        guard descriptor >= 0 else { throw LogError(path: path, message: "log is closed") }
        var status = stat()
        let before: off_t = fstat(descriptor, &status) == 0 ? status.st_size : -1
        var failure = writeAll(descriptor, line)
        if failure == nil, fsync(descriptor) != 0 { failure = "fsync failed: \(String(cString: strerror(errno)))" }
        if let failure {
            // Take back a partial line so the next event does not glue onto it.
            if before >= 0 { _ = ftruncate(descriptor, before) }
            throw LogError(path: path, message: "cannot save: \(failure)")
        }
    }
}

/// Stamps payloads into events (id, session, writer, seq, time) and writes them.
/// The UI calls `record` and shows a note as saved only once it returns.
public final class SessionRecorder {
    public let sessionID: String
    public let writer: String
    public let path: String
    private let log: LogWriter
    private let clock: any Clock
    private var nextSeq: Int
    /// Monotonic ms of the clock at this session's start (shifted on resume so `mono` continues).
    private let monoOrigin: Int
    private let makeID: () -> String

    public init(log: LogWriter, sessionID: String, writer: String, clock: any Clock, nextSeq: Int = 1, monoAtStart: Int = 0,
                makeID: @escaping () -> String = { UUID().uuidString.lowercased() }) {
        self.log = log
        self.path = log.path
        self.sessionID = sessionID
        self.writer = writer
        self.clock = clock
        self.nextSeq = nextSeq
        self.monoOrigin = clock.monotonicMilliseconds() - monoAtStart
        self.makeID = makeID
    }

    public var mono: Int { clock.monotonicMilliseconds() - monoOrigin }

    /// The seq the next event will get.
    public var nextSequence: Int { nextSeq }

    /// Writes bytes as they are: for tests and fault injection that need torn or foreign lines.
    func log(rawLine: String) throws { try log.appendRaw(Data(rawLine.utf8)) }

    @discardableResult
    public func record(_ body: EventBody) throws -> Event {
        let event = Event(id: makeID(), session: sessionID, writer: writer, seq: nextSeq,
                          at: Timestamp.string(clock.now()), mono: mono, body: body)
        try log.append(event)
        nextSeq += 1
        return event
    }

    public func close() { log.close() }
}

import Foundation
import ParleyCore

/// The media player a replay drives: mpv over its JSON IPC (one JSON command a line on a Unix
/// socket; mpv's docs/man/ipc.rst). Writing never waits: a command mpv cannot take at once is
/// dropped, and from then on the player counts as gone (the replay says so and carries on).
public final class MPVPlayer {
    private var socket: Int32
    /// The mpv this replay started, quit with it; nil when it was found at a socket.
    private let child: pid_t?

    /// Connects to an mpv listening at `path`, trying for `seconds` (mpv makes it a moment after it starts).
    public init(socket path: String, seconds: Double = 2, child: pid_t? = nil) throws {
        self.child = child
        socket = try Self.connect(path, within: seconds)
    }

    /// Starts `mpv` paused on `media` at `seconds` (no terminal of its own: replay has it), with its
    /// socket in a new private folder, and connects to it. The start is an option, not a seek: mpv
    /// can drop a seek that comes before the file is loaded.
    public static func start(media: String, at seconds: Double) throws -> MPVPlayer {
        guard FileManager.default.fileExists(atPath: media) else { throw UserError("--media \(media) does not exist") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-mpv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let path = folder + "/mpv.sock"
        let words = ["mpv", "--no-terminal", "--pause", "--keep-open=yes", String(format: "--start=%.3f", seconds), "--input-ipc-server=\(path)", "--", media]
        switch spawnDetached(words) {
        case .failure(let why): throw UserError("cannot start mpv (is it installed?): \(why)")
        case .success(let pid):
            do { return try MPVPlayer(socket: path, child: pid) } catch { kill(pid, SIGTERM); throw error }
        }
    }

    /// Tells mpv `command`; nil, or why it is out of step now (said once: later commands are dropped quietly).
    public func send(_ command: PlayerCommand) -> String? {
        guard socket >= 0 else { return nil }
        discardReplies()
        let bytes = Array(Self.lines(command).utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent == bytes.count { return nil }
        let why = sent < 0 && errno != EAGAIN ? "mpv is gone (\(String(cString: strerror(errno))))" : "mpv is not keeping up"
        Glibc.close(socket)
        socket = -1
        return why + "; the recording no longer follows the replay"
    }

    /// Quits the mpv this replay started; one found at a socket is left playing.
    public func close() {
        if child != nil, socket >= 0 { sendQuit() }
        if socket >= 0 { Glibc.close(socket); socket = -1 }
    }

    private func sendQuit() {
        let bytes = Array(#"{"command":["quit"]}"#.utf8 + [10])
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// mpv answers every command; nobody reads the answers, but they must not fill the socket.
    private func discardReplies() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT)) > 0 {}
    }

    /// The IPC lines for a command. Seeks are exact: a keyframe seek can land seconds away in a video.
    static func lines(_ command: PlayerCommand) -> String {
        func seek(_ seconds: Double) -> String { #"{"command":["seek",\#(String(format: "%.3f", seconds)),"absolute+exact"]}"# + "\n" }
        func pause(_ paused: Bool) -> String { #"{"command":["set_property","pause",\#(paused)]}"# + "\n" }
        switch command {
        case .play(let at): return seek(at) + pause(false)
        case .pause(let at): return pause(true) + seek(at)
        case .speed(let speed): return #"{"command":["set_property","speed",\#(speed)]}"# + "\n"
        case .seek(let at): return seek(at)
        }
    }

    /// A non-blocking connection to the socket at `path`, trying for `seconds`.
    static func connect(_ path: String, within seconds: Double) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw UserError("the mpv socket path \(path) is too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw UserError("cannot make a socket: \(String(cString: strerror(errno)))") }
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            if status == 0 {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                return fd
            }
            let why = errno
            Glibc.close(fd)
            guard Date() < deadline else { throw UserError("cannot reach mpv at \(path): \(String(cString: strerror(why)))") }
            usleep(50_000)
        }
    }
}

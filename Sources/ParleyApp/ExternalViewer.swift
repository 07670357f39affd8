import Foundation

/// Opens a file in `$PARLEY_VIEWER` or `xdg-open`: detached from the terminal (no input, output
/// discarded), and waited for on a thread of its own, so that a viewer that exits leaves no zombie.
public struct ExternalViewer: Sendable {
    /// A shell command; the file's path is appended as one argument.
    public var command: String

    public init(command: String) { self.command = command }

    public static func fromEnvironment() -> ExternalViewer {
        ExternalViewer(command: ProcessInfo.processInfo.environment["PARLEY_VIEWER"].flatMap { $0.isEmpty ? nil : $0 } ?? "xdg-open")
    }

    /// Starts the viewer on `path`; nil, or why it could not.
    public func open(_ path: String) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return "\(path) does not exist" }
        let words: [String] = ["/bin/sh", "-c", "exec \(command) \"$0\"", path]
        if case .failure(let why) = spawnDetached(words) { return "cannot start \(command): \(why)" }
        return nil
    }
}

/// Starts `words` (the program looked up on PATH) with no terminal (input from /dev/null, output
/// discarded), and waits for it on a thread of its own, so that it leaves no zombie when it exits.
func spawnDetached(_ words: [String]) -> Result<pid_t, SpawnError> {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let status = posix_spawnp(&pid, words[0], &actions, nil, argv, environ)
    guard status == 0 else { return .failure(SpawnError(description: String(cString: strerror(status)))) }
    // The program may run for the rest of the session: wait for it off the UI thread.
    let child = pid
    Thread.detachNewThread {
        var exitStatus: Int32 = 0
        while waitpid(child, &exitStatus, 0) == -1, errno == EINTR {}
    }
    return .success(pid)
}

struct SpawnError: Error, CustomStringConvertible { let description: String }

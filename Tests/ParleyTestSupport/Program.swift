import Foundation

/// Runs programs (parley, sqlite3, psql, tmux …) the way the tests need: to completion or several at once.
public enum Program {
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        try runWithStatus(arguments, environment: environment).output
    }

    /// Runs a program to completion with posix_spawn and waitpid (Foundation's Process can miss the exit
    /// of a short-lived child here), its output going to files, not pipes: a tmux server started here
    /// inherits them and would hold a pipe open forever.
    public static func runWithStatus(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> (output: String, error: String, status: Int32) {
        try spawn(arguments, environment: environment, directory: directory).wait()
    }

    /// A program started by `spawn`, running until `wait` is called.
    public struct Spawned: Sendable {
        public let pid: pid_t
        let base: String

        /// Waits for it to end: what it wrote and how it exited.
        public func wait() -> (output: String, error: String, status: Int32) {
            defer { unlink(base + ".out"); unlink(base + ".err") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
            let error = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
            return (output, error, exitStatus)
        }

        /// Waits at most `seconds` for it to end; one still running then is killed, and its error says so.
        public func wait(seconds: Double) -> (output: String, error: String, status: Int32) {
            let deadline = Date().addingTimeInterval(seconds)
            while !hasEnded, Date() < deadline { usleep(10_000) }
            let killed = !hasEnded && pid > 1 && kill(pid, SIGKILL) == 0
            var result = wait()
            if killed { result.error += "\n(still running after \(seconds) s: killed)" }
            return result
        }

        /// Whether it has ended (then `wait` returns at once).
        public var hasEnded: Bool {
            // Left zeroed while it runs; WNOWAIT leaves it to `wait` to collect.
            var info = siginfo_t()
            return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_signo == SIGCHLD
        }
    }

    /// Starts a program as `runWithStatus` does, without waiting for it (several at once, racing).
    public static func spawn(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Spawned {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("parley-run-\(UUID().uuidString)").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let command = directory.map { ["sh", "-c", "cd \"$0\" && exec \"$@\"", $0] + arguments } ?? arguments
        let argv = (["/usr/bin/env"] + command).map { strdup($0) } + [nil]
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + env).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, env)
        guard spawned == 0 else { throw TestError(description: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        return Spawned(pid: pid, base: base)
    }
}

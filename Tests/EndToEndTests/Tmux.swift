import Foundation
import Testing

/// Drives the real `parley` binary in a private tmux server, as a person at a terminal would.
final class Tmux {
    let socket = "parley-test-\(UUID().uuidString.prefix(8))"
    let directory: URL

    /// The checkout, for the bundled Decks/ and Personas/ the tests run against.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The build products directory `swift test` put this test binary in, whatever the
    /// configuration (`-c release`) or `--scratch-path`: `parley` is built beside it.
    static let products: URL = {
        #if os(macOS)
        Bundle(for: Tmux.self).bundleURL.deletingLastPathComponent()
        #else
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        #endif
    }()

    /// The `parley` built with these tests (EndToEndTests depends on it in Package.swift).
    static var binary: String {
        get throws {
            let path = products.appendingPathComponent("parley").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw TestError(description: "no parley executable at \(path): the end-to-end tests run the parley built beside them; build with `swift test`")
            }
            return path
        }
    }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        _ = try? Tmux.run(["tmux", "-L", socket, "kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Starts `parley ARGS` in a new session of the given size, from the repository root; when it
    /// exits the pane shows "EXITED <status>".
    func start(_ arguments: [String], width: Int = 100, height: Int = 30, environment: String = "") throws {
        let command = "cd \(Tmux.repository.path) && \(environment) \(try Tmux.binary) " + arguments.map { "'\($0)'" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "sh -c \"\(command); echo EXITED \\$?; sleep 30\""])
        _ = try tmux(["set-option", "-g", "remain-on-exit", "on"])
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Tmux.run(["tmux", "-u", "-f", "/dev/null", "-L", socket] + arguments, environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
    }

    /// Types text literally (Unicode and all).
    func type(_ text: String) throws { try tmux(["send-keys", "-l", "--", text]) }
    /// Sends tmux key names: Enter, PageDown, C-q, M-f, F1 …
    func keys(_ names: String...) throws { try tmux(["send-keys"] + names) }
    func screen() throws -> String { try tmux(["capture-pane", "-p"]) }
    /// parley's process id, found by its command line (the shells around it start with "sh").
    /// Not finding it throws: a pid of 0 or -1 given to kill() would signal the test runner's own
    /// process group, or every process the user owns.
    func pid() throws -> pid_t {
        let pattern = "^" + NSRegularExpression.escapedPattern(for: try Tmux.binary) + " .*" + NSRegularExpression.escapedPattern(for: directory.path)
        let found = try Tmux.run(["pgrep", "-f", pattern])
        guard let pid = found.split(separator: "\n").first.flatMap({ pid_t($0) }), pid > 1 else {
            throw TestError(description: "parley is not running (pgrep found \(found.debugDescription)); screen was:\n\((try? screen()) ?? "")")
        }
        return pid
    }

    /// Sends `signal` to parley, never to any other process.
    func signal(_ signal: Int32) throws {
        let pid = try pid()
        guard pid > 1, kill(pid, signal) == 0 else { throw TestError(description: "kill(\(pid), \(signal)): \(String(cString: strerror(errno)))") }
    }

    /// Waits until the screen contains `text` (up to `seconds`); returns the screen once it has
    /// stopped changing, so a capture taken while a frame is half written (the header new, the rows
    /// below not yet) is not what the test reads. A screen that keeps moving (replay playing fast)
    /// is returned after a few tries.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        var settling = 0
        while Date() < deadline {
            let current = try screen()
            if current.contains(text) {
                if current == last || settling == 8 { return current }
                settling += 1
                last = current
                Thread.sleep(forTimeInterval: 0.03)
                continue
            }
            last = current
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \"\(text)\"; screen was:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        try runWithStatus(arguments, environment: environment).output
    }

    /// Runs a program to completion with posix_spawn and waitpid (Foundation's Process can miss the exit
    /// of a short-lived child here), its output going to files, not pipes: a tmux server started here
    /// inherits them and would hold a pipe open forever.
    static func runWithStatus(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> (output: String, error: String, status: Int32) {
        try spawn(arguments, environment: environment, directory: directory).wait()
    }

    /// A program started by `spawn`, running until `wait` is called.
    struct Spawned {
        let pid: pid_t
        let base: String

        /// Waits for it to end: what it wrote and how it exited.
        func wait() -> (output: String, error: String, status: Int32) {
            defer { unlink(base + ".out"); unlink(base + ".err") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
            let error = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
            return (output, error, exitStatus)
        }

        /// Whether it has ended (then `wait` returns at once).
        var hasEnded: Bool {
            // Left zeroed while it runs; WNOWAIT leaves it to `wait` to collect.
            var info = siginfo_t()
            return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_signo == SIGCHLD
        }
    }

    /// Starts a program as `runWithStatus` does, without waiting for it (several at once, racing).
    static func spawn(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Spawned {
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

struct TestError: Error, CustomStringConvertible { var description: String }

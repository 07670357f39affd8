import Foundation
@_exported import ParleyTestSupport
import Testing

/// Drives the real `parley` binary in a private tmux server, as a person at a terminal would.
final class Tmux {
    let socket = "parley-test-\(UUID().uuidString.prefix(8))"
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        // The panes' processes (each pane's shell leads its own process group), then the server. tmux 3.3a's
        // server often outlived `kill-server` with a dead pane kept (remain-on-exit): hundreds were left
        // over from test runs, some with a room still announcing in their panes.
        let server = (try? tmux(["list-sessions", "-F", "#{pid}"]))?.split(separator: "\n").first.flatMap { Int32($0) }
        if let panes = try? tmux(["list-panes", "-a", "-F", "#{pane_pid}"]) {
            for pid in panes.split(separator: "\n").compactMap({ Int32($0) }) { kill(-pid, SIGKILL) }
        }
        _ = try? tmux(["kill-server"])
        if let server { kill(server, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Starts `parley ARGS` in a new session of the given size, from the repository root; when it
    /// exits the pane shows "EXITED <status>".
    func start(_ arguments: [String], width: Int = 100, height: Int = 30, environment: String = "") throws {
        let command = "cd \(ParleyBuild.repository.path) && \(environment) \(try ParleyBuild.binary) " + arguments.map { "'\($0)'" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "sh -c \"\(command); echo EXITED \\$?; sleep 30\""])
        _ = try tmux(["set-option", "-g", "remain-on-exit", "on"])
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Program.run(["tmux", "-u", "-f", "/dev/null", "-L", socket] + arguments, environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
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
        let pattern = "^" + NSRegularExpression.escapedPattern(for: try ParleyBuild.binary) + " .*" + NSRegularExpression.escapedPattern(for: directory.path)
        let found = try Program.run(["pgrep", "-f", pattern])
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
}

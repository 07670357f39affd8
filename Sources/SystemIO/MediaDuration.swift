import Foundation

/// A recording's length as `ffprobe` (part of ffmpeg) reads it from the file.
public enum MediaDuration {
    public enum Answer: Sendable, Equatable {
        case milliseconds(Int)
        /// ffprobe is not on the PATH.
        case noProbe
        /// ffprobe could not read a length from the file: its reason.
        case unreadable(String)
    }

    /// Asks `ffprobe` (found on `PATH`) for the file's length.
    public static func of(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Answer {
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let probe = folders.map({ "\($0)/ffprobe" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .noProbe
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: probe)
        process.arguments = ["-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .unreadable("cannot run \(probe): \(error.localizedDescription)") }
        // Read before waiting: a full pipe would block ffprobe.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let seconds = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              seconds.isFinite, seconds >= 0 else {
            let reason = problem.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no length in its answer"
            return .unreadable(reason)
        }
        return .milliseconds(Int((seconds * 1000).rounded()))
    }
}

import Foundation
import Testing
@testable import ParleyApp

@Suite struct ExternalViewerTests {
    /// This process's children (of any thread) whose command is `name`: running, or zombies not reaped.
    func children(named name: String) -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        let pids = tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/self/task/\(task)/children", encoding: .utf8)) ?? "").split(separator: " ")
        }
        return pids.compactMap { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), stat.contains("(\(name))") else { return nil }
            return "\(pid): \(stat.prefix(40))"
        }
    }

    /// Every Ctrl-O used to leave a zombie behind until Parley exited.
    @Test func aViewerThatExitsIsReaped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("viewer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = folder + "/opened.txt"
        let viewer = folder + "/fakeview"
        try "#!/bin/sh\necho \"$1\" >> '\(log)'\n".write(toFile: viewer, atomically: true, encoding: .utf8)
        chmod(viewer, 0o755)
        let image = folder + "/shot png.png"
        _ = FileManager.default.createFile(atPath: image, contents: Data())
        let open = ExternalViewer(command: viewer)
        for _ in 0..<5 { #expect(open.open(image) == nil) }
        func opened() -> [String] { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, opened().count < 5 || !children(named: "fakeview").isEmpty { Thread.sleep(forTimeInterval: 0.02) }
        #expect(opened() == Array(repeating: image, count: 5))
        #expect(children(named: "fakeview").isEmpty, "left behind: \(children(named: "fakeview"))")
    }

    @Test func saysWhyNothingOpened() {
        #expect(ExternalViewer(command: "true").open("/nonexistent/shot.png") == "/nonexistent/shot.png does not exist")
    }
}

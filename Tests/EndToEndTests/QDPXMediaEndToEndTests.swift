import Foundation
import ParleyReports
import Testing

/// `parley export --format qdpx --media PATH [--recording N]` through the real binary: the file is
/// the source of that recording of the one --session, as `--media` is for eaf.
@Suite struct QDPXMediaEndToEndTests {
    @Test func mediaNamesTheFileOfOneRecordingOfOneSession() throws {
        let t = try Tmux()
        let logs = try ScriptedSession.write(in: t) + [try ReplayMediaPlayerTests.writeRecorderLog(in: t, recordingAt: 60)]
        let store = try ScriptedSession.mergedStore(logs, in: t)
        func export(_ arguments: String...) throws -> (qde: String, error: String, status: Int32) {
            let path = t.path("p.qdpx")
            try? FileManager.default.removeItem(atPath: path)
            let run = try Program.runWithStatus([try ParleyBuild.binary, "export", "--store", store, "--format"] + arguments + ["-o", path])
            let qde = (try? REFIQDA.entries(of: Data(contentsOf: URL(fileURLWithPath: path)))["project.qde"]).flatMap { $0 }
            return (qde.map { String(decoding: $0, as: UTF8.self) } ?? "", run.error, run.status)
        }
        let session = String(ScriptedSession.sessionID.prefix(8))
        let labelled = try export("qdpx", "--session", session)
        #expect(labelled.status == 0 && labelled.qde.contains(#"path="relative:///zoom_0001.m4a""#))
        let given = try export("qdpx", "--session", session, "--media", "video/zoom 0001.mp4", "--recording", "1")
        #expect(given.status == 0, "\(given.error)")
        #expect(given.qde.contains("<VideoSource ") && given.qde.contains(#"path="relative:///video/zoom 0001.mp4""#))
        #expect(!given.qde.contains("relative:///zoom_0001.m4a"))

        let noSuchRecording = try export("qdpx", "--session", session, "--media", "b.m4a", "--recording", "2")
        #expect(noSuchRecording.status == 1 && noSuchRecording.error.contains("there is no recording 2"), "\(noSuchRecording.error)")
        // --media is one recording's file: one session; --recording means nothing for a qdpx without it; qdc links no media.
        #expect(try export("qdpx", "--media", "b.m4a").status == 2)
        #expect(try export("qdpx", "--session", session, "--recording", "1").status == 2)
        #expect(try export("qdc", "--session", session, "--media", "b.m4a").status == 2)
        #expect(try export("srt", "--session", session, "--media", "b.m4a").status == 2)
    }
}

import Foundation
import Testing

/// `parley transcript` from logs and from the store, through the real binary.
@Suite(.serialized) struct TranscriptEndToEndTests {
    @Test func transcriptFromLogsAndFromTheStoreWithoutChangingEither() throws {
        let t = try Tmux()
        let logs = try ScriptedSession.write(in: t)
        let before = try ScriptedSession.contents(logs)
        let md = try Program.runWithStatus([ParleyBuild.binary, "transcript"] + logs.reversed())
        #expect(md.status == 0, "\(md.error)")
        #expect(md.output.hasPrefix("# Parley demo: health records on your phone"))
        #expect(md.output.contains("- **00:02:30** **P3**: I'd never know which app to open `#fragmentation` — facilitator"))
        #expect(md.output.contains("the letters come late `#trust` *(edited)* — ana"))
        #expect(!md.output.contains("what is HbA1c"))
        #expect(md.output.contains("◆ *Marker: tea break*"))
        let txt = try Program.runWithStatus([ParleyBuild.binary, "transcript", "--format", "txt", "-o", t.path("t.txt")] + logs)
        #expect(txt.status == 0)
        let written = try String(contentsOfFile: t.path("t.txt"), encoding: .utf8)
        #expect(written.contains("00:03:00  P2: the letters come late  #trust  (edited)  [ana]"))
        #expect(try FileManager.default.attributesOfItem(atPath: t.path("t.txt"))[.posixPermissions] as? Int == 0o600)
        #expect(txt.output == "Wrote \(t.path("t.txt")).\n")
        // `-o -` is standard output, with nothing else on it.
        #expect(try Program.runWithStatus([ParleyBuild.binary, "transcript", "--format", "txt", "-o", "-"] + logs).output == written)
        let json = try Program.runWithStatus([ParleyBuild.binary, "transcript", "--format", "json"] + logs)
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(object?["session"] as? String == ScriptedSession.sessionID)
        #expect(try ScriptedSession.contents(logs) == before)

        // Through the store, by session id: the same transcript, and the store unchanged by it.
        let store = try ScriptedSession.mergedStore(logs, in: t)
        let storeBefore = try Data(contentsOf: URL(fileURLWithPath: store))
        let fromStore = try Program.runWithStatus([ParleyBuild.binary, "transcript", "--session", "5e55e55e-0000-4000-8000-00000000e2e0", "--store", store])
        #expect(fromStore.status == 0, "\(fromStore.error)")
        #expect(fromStore.output == md.output)
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == storeBefore)
    }

    @Test func mistakesAreOneLineErrors() throws {
        let t = try Tmux()
        let logs = try ScriptedSession.write(in: t)
        let both = try Program.runWithStatus([ParleyBuild.binary, "transcript", "--session", "x"] + logs)
        #expect(both.status == 2)
        let format = try Program.runWithStatus([ParleyBuild.binary, "transcript", "--format", "pdf"] + logs)
        #expect(format.status == 2)
        let missing = try Program.runWithStatus([ParleyBuild.binary, "transcript", t.path("nope.jsonl")])
        #expect(missing.status == 1 && missing.error.hasPrefix("parley: ") && missing.error.split(separator: "\n").count == 1)
        let folder = try Program.runWithStatus([ParleyBuild.binary, "transcript", t.directory.path])
        #expect(folder.status == 1 && folder.error.contains("is a folder"))
    }
}

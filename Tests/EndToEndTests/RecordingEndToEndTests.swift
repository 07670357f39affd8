import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// Recordings through the real binary: Ctrl-R in tmux, then merge, `parley recording` and the
/// subtitle exports; and a recording aligned afterwards.
@Suite(.serialized) struct RecordingEndToEndTests {
    static func parley(_ arguments: [String], environment: [String: String] = [:]) throws -> (output: String, error: String, status: Int32) {
        try Program.runWithStatus([ParleyBuild.binary] + arguments, environment: environment)
    }

    @Test func ctrlRInTheRoomThenSubtitlesOfTheNotesAfterIt() throws {
        let t = try Tmux()
        let log = t.path("a.jsonl"), store = t.path("s.sqlite")
        try t.start(["run", "demo", "--log", log])
        try t.waitFor("✔ 0 saved")
        try t.type("P1: said before the recorder ran #trust"); try t.keys("Enter")
        try t.waitFor("✔ 1 saved")
        try t.type("zoom_0001.m4a"); try t.keys("C-r")
        try t.waitFor("Recording 1 (zoom_0001.m4a) started at")
        #expect(try t.waitFor("● REC 00:0").split(separator: "\n")[0].contains("● REC 00:0"))
        try t.type("P2: on the recording #access"); try t.keys("Enter")
        try t.waitFor("✔ 2 saved")
        try t.keys("C-q")
        try t.waitFor("EXITED 0")
        let session = try LogReader.read(path: log).events[0].session

        #expect(try Self.parley(["merge", "--store", store, log]).status == 0)
        let listed = try Self.parley(["recording", "--store", store, "--session", session])
        #expect(listed.status == 0)
        #expect(listed.output.contains("  1  ") && listed.output.contains("zoom_0001.m4a  length unknown  1 note  (by facilitator)"))
        #expect(listed.output.contains("1 note before recording 1 started: in no recording."))
        let vtt = try Self.parley(["export", "--store", store, "--format", "vtt", "--session", String(session.prefix(8)), "-o", t.path("n.vtt")])
        #expect(vtt.status == 0 && vtt.output == "Wrote \(t.path("n.vtt")).\n")
        #expect(vtt.error == "1 note before recording 1 started left out (they are in no recording).\n")
        let text = try String(contentsOfFile: t.path("n.vtt"), encoding: .utf8)
        #expect(text.hasPrefix("WEBVTT\n") && text.contains("P2: on the recording #access") && !text.contains("before the recorder"))
        let srt = try Self.parley(["export", "--store", store, "--format", "srt", "--session", session])
        #expect(srt.status == 0 && srt.output.hasPrefix("1\n00:00:0") && srt.output.hasSuffix("P2: on the recording #access\n"))
        // ELAN: the recording's label links the media file.
        let eaf = try Self.parley(["export", "--store", store, "--format", "eaf", "--session", session])
        #expect(eaf.status == 0 && eaf.output.contains(#"RELATIVE_MEDIA_URL="./zoom_0001.m4a""#))
        #expect(eaf.output.contains("<ANNOTATION_VALUE>on the recording #access</ANNOTATION_VALUE>") && !eaf.output.contains("before the recorder"))
        #expect(try Self.parley(["export", "--store", store, "--format", "vtt", "--session", session, "--media", "a.m4a"]).status == 2)
        // One recording of one session, or a usage error.
        #expect(try Self.parley(["export", "--store", store, "--format", "srt"]).status == 2)
        #expect(try Self.parley(["export", "--store", store, "--format", "eaf"]).status == 2)
        #expect(try Self.parley(["export", "--store", store, "--format", "srt", "--session", session, "--recording", "2"]).status == 1)
    }

    @Test func alignedAfterwardsOnceNudgedAndMeasured() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-recording-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let deck = ParleyBuild.repository.appendingPathComponent("Decks/demo.yaml").path
        let (workshop, _) = try ContentLoader.loadWorkshop(deck)
        let session = UUID().uuidString.lowercased()
        let writer = try LogWriter(path: path("f.jsonl"))
        for (seq, (second, body)) in [(0, EventBody.sessionStarted(SessionStart(workshop: workshop, deckPath: deck))),
                                      (30, .commentAdded(CommentPayload(comment: "c-one", prompt: workshop.deck.prompts[0].id, participant: "P3",
                                                                        text: "at half a minute", tags: []))),
                                      (90, .commentAdded(CommentPayload(comment: "c-two", prompt: workshop.deck.prompts[0].id, participant: "P4",
                                                                        text: "after the file ends", tags: [])))].enumerated() {
            try writer.append(Event(id: "e\(seq)", session: session, writer: "facilitator", seq: seq + 1,
                                    at: Timestamp.string(milliseconds: 1_764_072_000_000 + second * 1000), mono: second * 1000, body: body))
        }
        writer.close()
        let store = path("s.sqlite")
        #expect(try Self.parley(["merge", "--store", store, path("f.jsonl")]).status == 0)
        #expect(try Self.parley(["recording", "--store", store, "--session", session]).output.contains("has no recording"))

        let started = ["recording", "--store", store, "--session", session, "--started", "2025-11-25T12:00:10Z"]
        let added = try Self.parley(started)
        #expect(added.status == 0 && added.output.hasPrefix("Recording 1 starts at 2025-11-25T12:00:10.000Z.\n"))
        #expect(try Self.parley(started).output.hasPrefix("Recording 1 already starts at 2025-11-25T12:00:10.000Z"))
        let nudged = try Self.parley(["recording", "--store", store, "--session", session, "--offset", "-2.5"])
        #expect(nudged.output.hasPrefix("Recording 1 moved 2.5 s earlier: it now starts at 2025-11-25T12:00:07.500Z.\n"), "\(nudged)")

        // Without ffprobe on the PATH the length stays unknown, and it says so.
        let media = path("rec.wav")
        FileManager.default.createFile(atPath: media, contents: Data("not really audio".utf8))
        let blind = try Self.parley(["recording", "--store", store, "--session", session, "--file", media], environment: ["PATH": folder.path])
        #expect(blind.status == 0 && blind.error.hasPrefix("ffprobe is not installed"))
        #expect(blind.output.contains("rec.wav  length unknown  2 notes  (by store)"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg") else { return }
        // A minute of silence: the note 82.5 s into the recording is past its end.
        _ = try Program.runWithStatus(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "60", media])
        let measured = try Self.parley(["recording", "--store", store, "--session", session, "--file", media])
        #expect(measured.output.contains("rec.wav  00:01:00.000 long  1 note  (by store)"), "\(measured)")
        #expect(measured.output.contains("1 note after the end of recording 1 (rec.wav), which lasts 00:01:00.000 (the first 00:00:22.500 past it): no export places them."))
        let vtt = try Self.parley(["export", "--store", store, "--format", "vtt", "--session", session])
        #expect(vtt.output.contains("00:00:22.500 --> 00:00:26.500\nP3: at half a minute") && !vtt.output.contains("after the file ends"))
        #expect(vtt.error.contains("1 note after the end of recording 1 (rec.wav)"))
    }
}

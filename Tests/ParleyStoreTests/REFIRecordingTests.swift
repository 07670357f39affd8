import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// The REFI-QDA project of a recorded session: each recording an audio or video source whose transcript's
/// sync points are the notes' moments, coded like the session text.
@Suite("REFI-QDA recordings")
struct REFIRecordingTests {
    /// The known session recorded from 22 s (an audio file) and again from 100 s (a video, by absolute
    /// path); P4 withdrew.
    static func project(_ folder: TempFolder) throws -> REFIQDA.Project {
        let store = try RecordingTests.store(folder, marks: [(22, "zoom_0001.m4a"), (100, "/data/cam 1.mp4")])
        _ = try store.withdraw(session: Fixture.sessionA, participant: "P4")
        return try store.refiProject()
    }

    /// The lines of the XML from the first one containing `start` to the first containing `end` after it.
    static func element(_ start: String, _ end: String, in xml: String) -> String {
        let lines = xml.split(separator: "\n").map(String.init)
        let from = lines.firstIndex { $0.contains(start) }!
        let to = lines[from...].firstIndex { $0.contains(end) }!
        return lines[from...to].joined(separator: "\n")
    }

    @Test func theProjectValidatesAgainstTheSchema() throws {
        let schema = REFIQDATests.schemaFolder + "/Project-mrt2019.xsd"
        guard REFIQDATests.canValidate(against: [schema], what: "REFI-QDA (recordings)") else { return }
        let folder = TempFolder()
        let qde = try Self.project(folder).qde
        let result = try REFIQDATests.xmllint(folder.write(qde, to: "project.qde"), schema: schema)
        #expect(result.status == 0, "xmllint: \(result.output)")
    }

    @Test func eachRecordingIsASourceByReferenceOfItsKind() throws {
        let qde = try Self.project(TempFolder()).qde
        let audio = qde.split(separator: "\n").filter { $0.contains("<AudioSource ") }
        let video = qde.split(separator: "\n").filter { $0.contains("<VideoSource ") }
        #expect(audio.count == 1 && video.count == 1)
        #expect(REFIQDATests.attributes(named: "path", in: String(audio[0])) == ["relative:///zoom_0001.m4a"])
        #expect(REFIQDATests.attributes(named: "name", in: String(audio[0])).first?.hasSuffix("recording 1 (zoom_0001.m4a)") == true)
        #expect(REFIQDATests.attributes(named: "path", in: String(video[0])) == ["absolute:///data/cam 1.mp4"])
        #expect(REFIQDATests.attributes(named: "creationDateTime", in: String(audio[0])) == [RecordingTests.at(22)])
        #expect(qde.contains("1 note of the session before it started or past its end"), "c1 (20 s) is before recording 1")
    }

    @Test func syncPointsAreTheNotesMomentsAtTheirLinesAndSelectionsCarryTheirCodes() throws {
        let project = try Self.project(TempFolder())
        let audio = Self.element("<AudioSource ", "</AudioSource>", in: project.qde)
        let transcriptPath = REFIQDATests.attributes(named: "plainTextPath", in: Self.element("<Transcript ", ">", in: audio))[0]
        let file = try #require(project.sources.first { "internal://" + $0.path.dropFirst("sources/".count) == transcriptPath })
        let expectedLines = ["[00:00:03] P2: Son helps with the letters, \"always\"", "[00:00:08] P2: I trust the GP more than the app",
                             "[00:00:28] P1: Results before the doctor calls are frightening"]
        #expect(file.text == expectedLines.map { $0 + "\n" }.joined())
        let points = audio.split(separator: "\n").filter { $0.contains("<SyncPoint ") }.map { line in
            (guid: REFIQDATests.attributes(named: "guid", in: String(line))[0],
             time: Int(REFIQDATests.attributes(named: "timeStamp", in: String(line))[0])!,
             position: Int(REFIQDATests.attributes(named: "position", in: String(line))[0])!)
        }
        var starts: [Int] = []
        var offset = 0
        for line in expectedLines { starts.append(offset); offset += line.unicodeScalars.count + 1 }
        // Start and end of each note: its moment since 22 s, its cue's end (cut at the next note).
        #expect(points.map(\.time) == [3_000, 7_000, 8_000, 12_000, 28_000, 32_000])
        #expect(points.map(\.position) == zip(starts, expectedLines).flatMap { [$0, $0 + $1.unicodeScalars.count] })
        let selections = audio.split(separator: "\n").filter { $0.contains("<TranscriptSelection ") }.map(String.init)
        #expect(selections.count == 3)
        #expect(selections.map { REFIQDATests.attributes(named: "fromSyncPoint", in: $0)[0] } == [points[0].guid, points[2].guid, points[4].guid])
        #expect(selections.map { REFIQDATests.attributes(named: "toSyncPoint", in: $0)[0] } == [points[1].guid, points[3].guid, points[5].guid])
        let codeOf = Dictionary(uniqueKeysWithValues: ["proxy", "letters", "trust", "privacy", "results-timing"].map { (REFIQDA.guid("code", $0), $0) })
        let codes = Self.element(selections[2], "</TranscriptSelection>", in: audio)
        #expect(REFIQDATests.attributes(named: "targetGUID", in: codes).map { codeOf[$0] } == ["trust", "results-timing"])
        let first = Self.element(selections[0], "</TranscriptSelection>", in: audio)
        #expect(REFIQDATests.attributes(named: "targetGUID", in: first).map { codeOf[$0] } == ["proxy", "letters"])
    }

    @Test func aWithdrawnParticipantNeverAppearsAndNoRecordingLeavesTheProjectAsItWas() throws {
        let folder = TempFolder()
        let project = try Self.project(folder)
        let video = Self.element("<VideoSource ", "</VideoSource>", in: project.qde)
        #expect(video.split(separator: "\n").filter { $0.contains("<TranscriptSelection ") }.count == 1, "n2 only: n3 was P4's")
        #expect(!project.sources.contains { $0.text.contains("Never used it") })
        let plain = try RecordingTests.store(TempFolder()).refiProject()
        #expect(!plain.qde.contains("AudioSource") && !plain.qde.contains("VideoSource") && !plain.qde.contains("Transcript"))
        #expect(plain.sources.count == project.sources.count - 2, "the two transcripts are the only extra files")
        let guids = REFIQDATests.attributes(named: "guid", in: project.qde)
        #expect(Set(guids).count == guids.count)
    }
}

import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// What QualCoder's importer (refi.py, docs/refi-qda.md) needs of a recording's source, found by running it:
/// it joins the project's `basePath` and a `relative://` path as strings (and stops the whole import when
/// there is no basePath), reads `absolute://` and no other scheme, decodes nothing, saves the media and the
/// transcript under the source's name (stopping at a "/" in it), and keeps no sync points: its player finds
/// times in the transcript's text.
@Suite("REFI-QDA recordings: what QualCoder's importer reads")
struct REFIRecordingImportTests {
    /// The media file a `path` names, as QualCoder's importer works it out; nil for a scheme it ignores.
    static func qualCoderFile(_ path: String, basePath: String?) -> String? {
        if path.hasPrefix("relative://") { return basePath.map { $0 + path.dropFirst("relative://".count) } }
        if path.hasPrefix("absolute://") { return String(path.dropFirst("absolute://".count)) }
        return nil
    }

    static func projectLine(_ qde: String) -> String { String(qde.split(separator: "\n").first { $0.contains("<Project ") }!) }

    @Test func relativeAndAbsoluteFilesAreFoundWhereAnImporterLooks() throws {
        let media = TempFolder()
        try FileManager.default.createDirectory(atPath: media.file("rec dir"), withIntermediateDirectories: true)
        _ = media.write("audio", to: "rec dir/zoom 1.m4a")
        _ = media.write("video", to: "cam 1.mp4")
        let folder = TempFolder()
        let store = try RecordingTests.store(folder, marks: [(22, "zoom_0001.m4a"), (100, "/data/cam 1.mp4")])
        let timeline = try store.recordingTimeline(session: "aaaa")
        let files = [try timeline.part(1).recording.recordingID: "rec dir/zoom 1.m4a", try timeline.part(2).recording.recordingID: media.file("cam 1.mp4")]
        let qde = try store.refiProject(options: REFIQDA.Options(media: files, mediaFolder: media.path)).qde
        let basePath = REFIQDATests.attributes(named: "basePath", in: Self.projectLine(qde)).first
        #expect(basePath == media.path)
        let sources = qde.split(separator: "\n").filter { $0.contains("<AudioSource ") || $0.contains("<VideoSource ") }.map(String.init)
        let paths = sources.map { REFIQDATests.attributes(named: "path", in: $0)[0] }
        #expect(paths == ["relative:///rec dir/zoom 1.m4a", "absolute://" + media.file("cam 1.mp4")])
        for path in paths {
            let file = Self.qualCoderFile(path, basePath: basePath)
            #expect(file.map { FileManager.default.fileExists(atPath: $0) } == true, "\(path) → \(file ?? "nothing")")
        }
        // Saved under their names: a label's folders stay out of them.
        let names = qde.split(separator: "\n").filter { $0.contains("<VideoSource ") || $0.contains("<Transcript ") }
            .map { REFIQDATests.attributes(named: "name", in: String($0))[0] }
        #expect(names.count == 3 && names.allSatisfy { $0.hasSuffix(")") && !$0.contains("/") }, "\(names)")
    }

    @Test func aProjectWithoutRelativeFilesHasNoBasePath() throws {
        let folders = (TempFolder(), TempFolder())
        let absolute = try RecordingTests.store(folders.0, marks: [(22, "/data/zoom_0001.m4a")]).refiProject(options: REFIQDA.Options(mediaFolder: "/work"))
        #expect(!Self.projectLine(absolute.qde).contains("basePath"))
        #expect(absolute.qde.contains(#"path="absolute:///data/zoom_0001.m4a""#))
        let plain = try RecordingTests.store(folders.1).refiProject(options: REFIQDA.Options(mediaFolder: "/work"))
        #expect(!Self.projectLine(plain.qde).contains("basePath"))
    }

    /// Each line starts with its time in the recording, `[hh:mm:ss]` (cut to the second, so playing from it
    /// never skips the note's moment), the time of its start sync point.
    @Test func eachTranscriptLineSaysTheTimeOfItsSyncPoint() throws {
        let folder = TempFolder()
        let store = try RecordingTests.store(folder)
        _ = try store.alignRecording(RecordingAlignment(session: "aaaa", start: RecordingStartTime("2025-03-04T10:00:21.400Z"), label: "zoom_0001.m4a"))
        let project = try store.refiProject()
        let transcript = REFIRecordingTests.element("<Transcript ", "</Transcript>", in: project.qde)
        let path = REFIQDATests.attributes(named: "plainTextPath", in: REFIRecordingTests.element("<Transcript ", ">", in: transcript))[0]
        let text = try #require(project.sources.first { "internal://" + $0.path.dropFirst("sources/".count) == path }).text
        let starts = transcript.split(separator: "\n").filter { $0.contains("<SyncPoint ") }.enumerated().filter { $0.offset % 2 == 0 }.map { String($0.element) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "[00:00:03] P2: Son helps with the letters, \"always\"", "n1, 3.6 s into the recording")
        #expect(lines.count == starts.count && lines.count > 1)
        var position = 0
        for (line, point) in zip(lines, starts) {
            let milliseconds = Int(REFIQDATests.attributes(named: "timeStamp", in: point)[0])!
            #expect(Int(REFIQDATests.attributes(named: "position", in: point)[0]) == position)
            #expect(line.hasPrefix("[\(Subtitles.timestamp(milliseconds / 1000 * 1000).prefix(8))] "), "\(line) at \(milliseconds) ms")
            position += line.unicodeScalars.count + 1
        }
    }
}

import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// `parley export --format qdpx --media PATH`: the file given is the recording's source, as for eaf,
/// in place of its label; the other recordings keep theirs.
@Suite("REFI-QDA recordings: --media")
struct REFIRecordingMediaTests {
    @Test func aGivenFileIsTheSourceOfItsRecordingOnly() throws {
        let folder = TempFolder()
        let store = try RecordingTests.store(folder, marks: [(22, "zoom_0001.m4a"), (100, "/data/cam 1.mp4")])
        let second = try store.recordingTimeline(session: "aaaa").part(2).recording.recordingID
        let qde = try store.refiProject(options: REFIQDA.Options(media: [second: "audio/cam 1.m4a"])).qde
        let sources = qde.split(separator: "\n").filter { $0.contains("<AudioSource ") }.map(String.init)
        #expect(!qde.contains("<VideoSource "), "recording 2's file is now audio")
        #expect(sources.map { REFIQDATests.attributes(named: "path", in: $0)[0] } == ["relative:///zoom_0001.m4a", "relative:///audio/cam 1.m4a"])
        #expect(REFIQDATests.attributes(named: "name", in: sources[1])[0].hasSuffix("recording 2 (cam 1.mp4)"), "still named by its label's file name")
        let absolute = try store.refiProject(options: REFIQDA.Options(media: [second: "/srv/rec/cam.mov"])).qde
        #expect(absolute.contains(#"<VideoSource guid="#) && absolute.contains(#"path="absolute:///srv/rec/cam.mov""#))
    }
}

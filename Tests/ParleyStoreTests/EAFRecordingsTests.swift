import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// The ELAN export of a session with two recordings, and of a recording whose length is known:
/// each document holds its own recording's notes at their times since its start, nothing past its
/// end, and says what it leaves out. Every document is validated against ELAN's schema.
@Suite("EAF export: recordings")
struct EAFRecordingsTests {
    static let date = "2026-12-01T12:00:00.000Z"

    /// Validates `xml` with xmllint against ELAN's XSD (skipped, saying so, without xmllint or the schema).
    static func expectValid(_ xml: String, _ folder: TempFolder, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let schema = REFIQDATests.sharedFolder("elan") + "/EAFv3.0.xsd"
        guard REFIQDATests.canValidate(against: [schema], what: "EAF (\(name))") else { return }
        let result = try REFIQDATests.xmllint(folder.write(xml, to: name), schema: schema)
        #expect(result.status == 0, "xmllint \(name): \(result.output)", sourceLocation: sourceLocation)
    }

    /// Per tier, "start-end value" of each annotation.
    static func spans(_ xml: String) -> [String: [String]] {
        EAFExportTests.tiers(xml).mapValues { $0.map { "\($0.0)-\($0.1) \($0.2)" } }
    }

    /// The latest time any annotation reaches.
    static func lastTime(_ xml: String) -> Int {
        EAFExportTests.tiers(xml).values.flatMap { $0.map(\.1) }.max() ?? 0
    }

    @Test func twoRecordingsEachHoldOnlyTheirNotesAtTheirOwnTimes() throws {
        let folder = TempFolder()
        // Recording 1 from the session's start, recording 2 (after the break) from 100 s; P4 withdrew.
        let store = try RecordingTests.store(folder, marks: [(0, "part-1.m4a"), (100, "part-2.mp4")])
        _ = try store.withdraw(session: Fixture.sessionA, participant: "P4")
        let first = try store.eaf(session: "aaaa", recording: 1, media: EAF.Media(path: "part-1.m4a", directory: "/w"), date: Self.date)
        let second = try store.eaf(session: "aaaa", recording: 2, media: EAF.Media(path: "part-2.mp4", directory: "/w"), date: Self.date)
        try Self.expectValid(first.text, folder, name: "part-1.eaf")
        try Self.expectValid(second.text, folder, name: "part-2.eaf")

        let one = Self.spans(first.text)
        #expect(one["notes by facilitator"] == ["20000-24000 P1: Amir would need his son to log in, he can't do passwords #access",
                                                "30000-34000 P2: I trust the GP more than the app #trust #privacy",
                                                "50000-54000 P1: Results before the doctor calls are frightening #trust #results-timing"])
        #expect(one["notes by note-taker-1"] == ["25000-29000 P2: Son helps with the letters, \"always\" #proxy #letters"])
        #expect(one["markers"] == ["95000-99000 good quote"])
        // Recording 1 has no known length: it ends where recording 2 starts.
        #expect(one["prompts"] == ["0-10000 Welcome", "10000-40000 Meet Amir", "40000-100000 NHS App results"])
        #expect(Self.lastTime(first.text) == 100_000)
        #expect(first.leftOut == ["1 note of recording 2 (part-2.mp4) left out (export it with --recording 2)"])

        let two = Self.spans(second.text)
        #expect(two["notes by note-taker-1"] == ["10000-14000 Room agrees: not sure who sees the data #privacy"])
        #expect(two["notes by facilitator"] == nil, "the facilitator noted nothing during recording 2")
        #expect(two["markers"] == [], "the marker (95 s) came before recording 2")
        #expect(two["prompts"] == ["0-14000 Who do you trust with your record?"])
        #expect(second.leftOut == ["4 notes of recording 1 (part-1.m4a) left out (export it with --recording 1)"])
        #expect(second.text.contains(#"MEDIA_URL="file:///w/part-2.mp4" MIME_TYPE="video/mp4""#))
    }

    @Test func notesPastTheEndOfARecordingAreReportedAndNothingIsPlacedPastIt() throws {
        let folder = TempFolder()
        let store = try RecordingTests.store(folder, marks: [(0, "rec.m4a")])
        _ = try store.alignRecording(RecordingAlignment(session: "aaaa", durationMilliseconds: 60_000))
        let file = try store.eaf(session: "aaaa", recording: 1, media: nil, date: Self.date)
        try Self.expectValid(file.text, folder, name: "rec.eaf")
        #expect(Self.lastTime(file.text) <= 60_000)
        #expect(!file.text.contains("Room agrees") && !file.text.contains("Never used it"), "n2 (110 s) and n3 (120 s) are past the end")
        let tiers = Self.spans(file.text)
        #expect(tiers["markers"] == [], "the marker (95 s) is past the end")
        #expect(tiers["prompts"] == ["0-10000 Welcome", "10000-40000 Meet Amir", "40000-60000 NHS App results"])
        #expect(tiers["P4"] == [])
        #expect(file.leftOut == ["2 notes after the end of recording 1 (rec.m4a), which lasts 00:01:00.000 (the first 00:00:50.000 past it): no export places them"])
    }

    /// Notes of one tier at the same instant are placed 1 ms apart; at the very end of a recording
    /// there is no room after them, so they move back instead of past the end.
    @Test func notesSharingTheLastInstantStayInsideTheRecording() {
        #expect(EAF.spans([10, 10], limit: nil) == [10..<11, 11..<4_011])
        #expect(EAF.spans([59_999, 59_999], limit: 60_000) == [59_998..<59_999, 59_999..<60_000])
        #expect(EAF.spans([50_000, 59_999, 59_999, 59_999], limit: 60_000) == [50_000..<54_000, 59_997..<59_998, 59_998..<59_999, 59_999..<60_000])
        #expect(EAF.spans([1_000, 2_000], limit: 60_000) == [1_000..<2_000, 2_000..<6_000])
    }
}

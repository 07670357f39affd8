import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// The ELAN export: schema validity (xmllint against ELAN's XSD), tiers, annotations and their times.
@Suite("EAF export")
struct EAFExportTests {
    /// The known session (two writers; P1, P2, P3 and P4, who withdraws; a marker; prompts shown at 10,
    /// 40 and 100 s), recorded from 22 s: its first note (c1, 20 s) is in no recording.
    static func document(_ folder: TempFolder, media: EAF.Media? = nil) throws -> Subtitles.File {
        let store = try RecordingTests.store(folder, marks: [(22, "zoom_0001.m4a")])
        _ = try store.withdraw(session: Fixture.sessionA, participant: "P4")
        return try store.eaf(session: "aaaa", recording: 1, media: media, date: "2026-12-01T12:00:00.000Z")
    }

    /// Per tier id, its annotations as (start ms, end ms, value), in document order.
    static func tiers(_ xml: String) -> [String: [(Int, Int, String)]] {
        let lines = xml.split(separator: "\n").map(String.init)
        var slots: [String: Int] = [:]
        for line in lines where line.contains("<TIME_SLOT ") {
            slots[REFIQDATests.attributes(named: "TIME_SLOT_ID", in: line)[0]] = Int(REFIQDATests.attributes(named: "TIME_VALUE", in: line)[0])
        }
        var tiers: [String: [(Int, Int, String)]] = [:]
        var tier = ""
        for (index, line) in lines.enumerated() {
            if line.contains("<TIER ") {
                tier = REFIQDATests.attributes(named: "TIER_ID", in: line)[0]
                tiers[tier] = []
            }
            guard line.contains("<ALIGNABLE_ANNOTATION ") else { continue }
            let value = lines[index + 1].replacingOccurrences(of: #"^\s*<ANNOTATION_VALUE>|</ANNOTATION_VALUE>$"#, with: "", options: .regularExpression)
            tiers[tier]!.append((slots[REFIQDATests.attributes(named: "TIME_SLOT_REF1", in: line)[0]]!,
                                 slots[REFIQDATests.attributes(named: "TIME_SLOT_REF2", in: line)[0]]!, REFIQDATests.unescape(value)))
        }
        return tiers
    }

    @Test func theDocumentValidatesAgainstELANsSchema() throws {
        let schema = REFIQDATests.sharedFolder("elan") + "/EAFv3.0.xsd"
        guard REFIQDATests.canValidate(against: [schema], what: "EAF") else { return }
        let folder = TempFolder()
        let file = try Self.document(folder, media: EAF.Media(path: "rec/zoom 0001.m4a", directory: "/data/workshop"))
        let result = try REFIQDATests.xmllint(folder.write(file.text, to: "notes.eaf"), schema: schema)
        #expect(result.status == 0, "xmllint: \(result.output)")
    }

    @Test func tiersHoldEachWritersAndParticipantsNotesAtTheirMomentsInTheRecording() throws {
        let folder = TempFolder()
        let file = try Self.document(folder)
        let tiers = Self.tiers(file.text)
        func spans(_ tier: String) -> [String] { (tiers[tier] ?? []).map { "\($0.0)-\($0.1) \($0.2)" } }
        #expect(spans("notes by facilitator") == ["8000-12000 P2: I trust the GP more than the app #trust #privacy",
                                                   "28000-32000 P1: Results before the doctor calls are frightening #trust #results-timing"])
        #expect(spans("notes by note-taker-1") == ["3000-7000 P2: Son helps with the letters, \"always\" #proxy #letters",
                                                    "88000-92000 Room agrees: not sure who sees the data #privacy"])
        #expect(spans("P1") == ["28000-32000 Results before the doctor calls are frightening #trust #results-timing"])
        #expect(spans("P2").count == 2)
        #expect(tiers["P3"]?.isEmpty == true)
        #expect(spans("code trust") == ["8000-12000 trust", "28000-32000 trust"])
        #expect(spans("code letters") == ["3000-7000 letters"])
        #expect(tiers["code access"] == nil, "a code no note of the recording carries has no tier")
        #expect(spans("markers") == ["73000-77000 good quote"])
        // Welcome (shown at the start, before the recording) gave way to Meet Amir before it began.
        #expect(spans("prompts") == ["0-18000 Meet Amir", "18000-78000 NHS App results", "78000-92000 Who do you trust with your record?"])
        #expect(file.leftOut == ["1 note before recording 1 started left out (they are in no recording)"])
    }

    @Test func codesAreAControlledVocabularyOfTheCodebookAndEmergentCodes() throws {
        let folder = TempFolder()
        let xml = try Self.document(folder).text
        #expect(xml.contains(#"<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="code" TIME_ALIGNABLE="true" GRAPHIC_REFERENCES="false" CONTROLLED_VOCABULARY_REF="codes"/>"#))
        let values = xml.split(separator: "\n").filter { $0.contains("<CVE_VALUE ") }
        #expect(values.contains { $0.contains(">access</CVE_VALUE>") && $0.contains(#"DESCRIPTION="Access: Getting in.""#) })
        #expect(values.contains { $0.contains(">letters</CVE_VALUE>") }, "an emergent code is in the vocabulary")
        #expect(xml.contains(#"<TIER TIER_ID="code trust" LINGUISTIC_TYPE_REF="code">"#))
        #expect(xml.contains(#"CVE_REF="cve"#))
    }

    @Test func aWithdrawnParticipantNeverAppears() throws {
        let folder = TempFolder()
        let xml = try Self.document(folder).text
        #expect(!xml.contains("Never used it"))
        #expect(!xml.contains(#"TIER_ID="P4""#))
    }

    @Test func theMediaIsLinkedAbsoluteAndRelative() throws {
        let media = EAF.Media(path: "rec/zoom 0001.m4a", directory: "/data/workshop")
        #expect([media.url, media.relative, media.mimeType] == ["file:///data/workshop/rec/zoom%200001.m4a", "./rec/zoom%200001.m4a", "audio/mp4"])
        #expect(EAF.Media(path: "/srv/a.WAV", directory: "/x").relative == nil)
        let folder = TempFolder()
        let xml = try Self.document(folder, media: media).text
        #expect(xml.contains(#"<MEDIA_DESCRIPTOR MEDIA_URL="file:///data/workshop/rec/zoom%200001.m4a" MIME_TYPE="audio/mp4" RELATIVE_MEDIA_URL="./rec/zoom%200001.m4a"/>"#))
    }
}

import Foundation
import Testing
@testable import ParleyCore
@testable import ParleyLog

/// The researcher's afternoon through the real binary: merge two writers' logs, look, search,
/// report, export, withdraw a participant, export again.
@Suite(.serialized) struct StoreEndToEndTests {
    @Test func mergeSearchReportExportAndWithdraw() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        func parley(_ arguments: String...) throws -> (output: String, error: String, status: Int32) {
            try Program.runWithStatus([ParleyBuild.binary] + arguments)
        }

        let deck = ParleyBuild.repository.appendingPathComponent("Decks/demo.yaml").path
        let (workshop, _) = try ContentLoader.loadWorkshop(deck)
        let prompt = workshop.deck.prompts[1].id
        let session = UUID().uuidString.lowercased()
        for (writer, lines) in [("facilitator", [("P3", "I'd never know which app to open", ["fragmentation"]),
                                                 ("P5", "Letters from Łódź come in Polish, results in English", ["language"])]),
                                ("note-taker-1", [("P3", "which app, which login", ["fragmentation"]), ("P6", "漢字のアプリ", [])])] {
            let recorder = SessionRecorder(log: try LogWriter(path: path("logs/\(writer).jsonl")), sessionID: session, writer: writer, clock: SystemClock())
            try recorder.record(.sessionStarted(SessionStart(workshop: workshop, deckPath: deck)))
            try recorder.record(.promptShown(prompt: prompt))
            for (speaker, text, tags) in lines {
                try recorder.record(.commentAdded(CommentPayload(comment: UUID().uuidString, prompt: prompt, participant: speaker, text: text, tags: tags)))
            }
            recorder.close()
        }
        let store = path("study.sqlite")

        let merged = try parley("merge", "--store", store, path("logs"))
        #expect(merged.status == 0 && merged.output.contains("Merged 2 logs"))
        #expect(try FileManager.default.attributesOfItem(atPath: store)[.posixPermissions] as? Int == 0o600)
        #expect(try parley("merge", "--store", store, path("logs")).output.contains("0 events new"))
        #expect(try parley("sessions", "--store", store).output.contains(String(session.prefix(8))))

        // Search: every word, accents and ł folded, highlighted in brackets off a terminal.
        let found = try parley("search", "--store", store, "lodz")
        #expect(found.status == 0 && found.output.contains("[Łódź]"))
        #expect(try parley("search", "--store", store, "which", "app").output.contains("[which] [app]"))
        // Text without spaces between words is one word to the index: the way to find part of it is said.
        #expect(try parley("search", "--store", store, "漢字").output
            == "No comments match \"漢字\". Text without spaces between words is one word to the search: 漢字* finds the words that start so.\n")
        #expect(try parley("search", "--store", store, "漢字*").output.contains("[漢字のアプリ]"))

        let report = try parley("report", "--store", store, "--format", "csv", "-o", path("report.csv"))
        #expect(report.status == 0 && report.output == "Wrote \(path("report.csv")).\n")
        #expect(try String(contentsOfFile: path("report.csv"), encoding: .utf8).contains("fragmentation"))

        let csv = try parley("export", "--store", store, "--format", "csv")
        #expect(csv.output.split(whereSeparator: \.isNewline).count == 5) // header + four comments (RFC 4180 CRLF)
        let qdpx = try parley("export", "--store", store, "--format", "qdpx", "-o", path("study.qdpx"))
        #expect(qdpx.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("study.qdpx"))).prefix(2) == Data("PK".utf8))

        // P3 withdraws: gone from search and export, and merging the logs again does not bring them back.
        let withdrawn = try parley("withdraw", "--store", store, "--session", String(session.prefix(8)), "--participant", "P3")
        #expect(withdrawn.status == 0)
        _ = try parley("merge", "--store", store, path("logs"))
        let after = try parley("export", "--store", store, "--format", "csv").output
        #expect(after.split(whereSeparator: \.isNewline).count == 3 && !after.contains("which app"))
        #expect(!(try parley("search", "--store", store, "app").output.contains("[app]")))

        // Mistakes get one line and exit 1; usage mistakes exit 2.
        let missing = try parley("report", "--store", path("nowhere.sqlite"))
        #expect(missing.status == 1 && missing.error.hasPrefix("parley: no store at ") && missing.error.split(separator: "\n").count == 1)
        #expect(try parley("export", "--store", store, "--format", "xls").status == 2)
    }
}

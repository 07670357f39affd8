import Foundation
import ParleyCore
import ParleyReports
import Testing
@testable import ParleyStore

/// The same logs and the same commands give the same results in an SQLite store and a PostgreSQL one:
/// every export, report and search compared byte for byte (the SQLite store is the authority).
@Suite("Both backends", .postgresServer)
struct BackendDifferentialTests {
    /// Everything a researcher can get out of a store, as one text.
    static func everything(_ store: Store) throws -> String {
        var out = try Fixture.everything(store)
        out += ReportRenderer.text(try store.report(counting: .comments))
        out += ReportRenderer.markdown(try store.report())
        out += try store.exportQDC()
        let project = try store.refiProject()
        out += project.qde
        for session in try store.sessions() {
            out += try store.events(session: session.id).map(\.id).joined(separator: ",")
            do {
                let result = try store.agreement(session: session.id)
                for format in Agreement.Format.allCases { out += Agreement.render(result, as: format) }
            } catch {
                out += "\(error)"
            }
            for recording in try store.recordingTimeline(session: session.id).parts.indices {
                for format in SubtitleFormat.allCases {
                    out += try store.subtitles(format, session: session.id, recording: recording + 1).text
                }
                out += try store.eaf(session: session.id, recording: recording + 1, media: nil, date: "2026-01-01T00:00:00Z").text
            }
        }
        // Accents, ł/ø/đ, prefixes, filters, and words no comment has.
        for (query, filter) in [("lodz", SearchFilter()), ("łódź", SearchFilter()), ("cafe", SearchFilter()), ("app*", SearchFilter()),
                                ("trust", SearchFilter(tag: "#trust")), ("the", SearchFilter(participant: "p1", limit: 3)),
                                ("never", SearchFilter(prompt: "nhs-results")), ("zzzz", SearchFilter())] {
            let result = try store.search(query, filter: filter)
            out += "\(query): \(result.total) \(result.hits)\n"
        }
        return out
    }

    static let sessionC = "cccccccc-3333-4333-8333-333333333333"

    /// The known fixture, plus a session with a recording, accents, ł and a re-attributed comment.
    static func logs(_ folder: TempFolder) throws -> [String] {
        var paths = try Fixture.writeAll(in: folder)
        var f = Fixture.Log(session: sessionC, writer: "facilitator", startMilliseconds: 1_741_255_200_000)
        f.add(.sessionStarted(SessionStart(workshop: Fixture.workshop())), at: 0)
        f.add(.participantAdded(participant: "P1", attributes: ["role": "carer"]), at: 1)
        f.add(.recordingStarted(RecordingStart(label: "zoom_0001.m4a")), at: 5)
        f.add(.promptShown(prompt: "meet-amir"), at: 10)
        f.add(Fixture.comment("d1", "meet-amir", "P2", "Moved from Łódź, the café app never loads", ["trust"]), at: 20)
        f.add(Fixture.comment("d2", "meet-amir", "P1", "LODZ and Cafe, spelt plainly; don't", []), at: 30)
        f.add(.commentEdited(comment: "d2", participant: "P3", text: "LODZ and Cafe, spelt plainly; don't", tags: ["access"]), at: 35)
        var n = Fixture.Log(session: sessionC, writer: "note-taker-1", startMilliseconds: 1_741_255_200_000)
        n.add(.sessionStarted(SessionStart(workshop: Fixture.workshop())), at: 2)
        n.add(Fixture.comment("e1", "meet-amir", "P2", "moved from lodz, cafe app never loads", ["trust", "access"]), at: 22)
        n.add(.marker(label: "good quote"), at: 40)
        let extra = [folder.file("c-facilitator.jsonl"), folder.file("c-note-taker.jsonl")]
        try f.write(to: extra[0])
        try n.write(to: extra[1])
        paths += extra
        return paths
    }

    @Test func sameLogsGiveTheSameStoreInBoth() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        let paths = try Self.logs(folder)
        let sqlite = try folder.store()
        let postgres = try Store(postgres: location)
        #expect(postgres.engine == .postgres)
        for store in [sqlite, postgres] {
            let outcome = try store.merge(paths: paths)
            #expect(outcome.problems.isEmpty)
        }
        try expectSame(sqlite, postgres, "after merging")
        // A withdrawal, then merging the same logs again: the words stay out of both.
        for store in [sqlite, postgres] {
            _ = try store.withdraw(session: Fixture.sessionA, participant: "P2")
            _ = try store.withdraw(session: Self.sessionC, participant: "P1")
            #expect(try store.merge(paths: paths).newEvents == 0)
        }
        try expectSame(sqlite, postgres, "after a withdrawal")
        // P2's words are gone from the raw events and the comments, not hidden.
        #expect(try Fixture.storedLines(postgres, containing: "I trust the GP") == 0)
        #expect(try postgres.query("SELECT count(*) FROM comments WHERE text LIKE '%I trust the GP%'") == [["0"]])
        #expect(try postgres.query("SELECT count(*) FROM comments WHERE text LIKE '%Łódź%'") == [["1"]])  // the other session's
        #expect(try postgres.integrityCheck() == "ok")
        // Aligning a recording afterwards works there too (its event id is new, so it is compared by time).
        let aligned = try postgres.alignRecording(RecordingAlignment(session: Fixture.sessionA, start: RecordingStartTime("2025-03-04T09:59:50Z"),
                                                                     label: "rec.wav", durationMilliseconds: 60_000))
        #expect(aligned.change == .added)
        #expect(try postgres.recordingTimeline(session: Fixture.sessionA).parts.map(\.recording.at) == ["2025-03-04T09:59:50.000Z"])
        #expect(try postgres.alignRecording(RecordingAlignment(session: Fixture.sessionA, start: RecordingStartTime("2025-03-04T09:59:50Z"),
                                                               label: "rec.wav", durationMilliseconds: 60_000)).change == .unchanged)
    }

    @Test func aStoreCopiedThereAndBackIsTheSame() async throws {
        let location = try await PostgresTestServer.database()
        let folder = TempFolder()
        let sqlite = try folder.store()
        _ = try sqlite.merge(paths: try Self.logs(folder))
        _ = try sqlite.withdraw(session: Fixture.sessionA, participant: "P1")
        let postgres = try Store(postgres: location)
        let there = try sqlite.copy(to: postgres)
        #expect(there.tombstones == 1)
        #expect(there.compared.contains("report"))
        let back = try folder.store("back.sqlite")
        _ = try postgres.copy(to: back)
        try expectSame(sqlite, postgres, "copied to PostgreSQL")
        try expectSame(sqlite, back, "copied back")
        // The copy kept what withdrawal remembers: the withdrawn words stay out of a later merge.
        #expect(try postgres.merge(paths: try Self.logs(folder)).newEvents == 0)
        try expectSame(sqlite, postgres, "merged again after the copy")
        // A store is copied only into an empty one.
        #expect(throws: UserError.self) { try sqlite.copy(to: postgres) }
    }

    private func expectSame(_ a: Store, _ b: Store, _ when: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let left = try Self.everything(a), right = try Self.everything(b)
        guard left != right else { return }
        let lines = (left.components(separatedBy: "\n"), right.components(separatedBy: "\n"))
        let first = zip(lines.0, lines.1).enumerated().first { $0.element.0 != $0.element.1 }
        Issue.record("\(when): the stores differ at line \(first?.offset ?? -1):\n  \(first?.element.0 ?? "")\n  \(first?.element.1 ?? "")",
                     sourceLocation: sourceLocation)
    }
}

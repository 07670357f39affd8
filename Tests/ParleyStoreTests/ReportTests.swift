import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// The report counting every comment (`--count comments`); RemarkReportTests count remarks.
@Suite("Report")
struct ReportTests {
    func report(_ scope: Scope = Scope(sessions: [Fixture.sessionA])) throws -> Report {
        let folder = TempFolder()
        let store = try folder.store()
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        return try store.report(scope, counting: .comments)
    }

    func number(_ cell: Report.Cell?) -> Int? {
        if case .number(let n)? = cell { return n }
        return nil
    }

    @Test func overviewOfTheKnownSession() throws {
        let report = try report()
        #expect(report.title == "Parley report: PHR test workshop")
        let overview = report.table("overview")!
        #expect(number(overview.row("sessions")?["value"]) == 1)
        #expect(number(overview.row("comments")?["value"]) == 6)
        #expect(number(overview.row("comments without a code")?["value"]) == 1)
        #expect(number(overview.row("comments without a participant")?["value"]) == 1)
        #expect(number(overview.row("participants")?["value"]) == 4)
        #expect(number(overview.row("writers")?["value"]) == 2)
        #expect(number(overview.row("codes used")?["value"]) == 6)
        #expect(number(overview.row("emergent codes")?["value"]) == 2)
    }

    @Test func commentsPerPromptPersonaAndScreenshot() throws {
        let report = try report()
        // Whole rows: what the store derived and read back, through the builder (ReportBuilderTests test it alone).
        #expect(report.table("prompts")!.rows.map { $0.map(\.plain) } == [
            ["welcome", "1", "section", "Welcome", "0", "0", "0", ""],
            ["meet-amir", "2", "persona", "Meet Amir", "3", "2", "0", "access (1), letters (1), privacy (1)"],
            ["nhs-results", "3", "screenshot", "NHS App results", "1", "1", "0", "results-timing (1), trust (1)"],
            ["q-trust", "4", "question", "Who do you trust with your record?", "2", "1", "1", "privacy (1)"],
        ])
        let personas = report.table("personas")!
        #expect(personas.rows.count == 1)
        #expect(personas.row("amir")?["name"]?.plain == "Amir")
        #expect(number(personas.row("amir")?["comments"]) == 3)
        let screens = report.table("screenshots")!
        #expect(screens.rows.count == 1)
        #expect(screens.row("nhs-results")?["image"]?.plain == "screens/nhs-results.png")
        #expect(number(screens.row("nhs-results")?["comments"]) == 1)
    }

    @Test func codeFrequenciesByCommentsAndParticipants() throws {
        let codes = try report().table("codes")!
        // Most used first; ties in codebook order, then emergent codes A–Z.
        #expect(codes.column("code").map(\.plain) == ["trust", "privacy", "access", "proxy", "letters", "results-timing"])
        #expect(codes.column("comments").map(\.plain) == ["2", "2", "1", "1", "1", "1"])
        #expect(codes.column("participants").map(\.plain) == ["2", "1", "1", "1", "1", "1"])
        #expect(codes.row("trust")?["% of comments"]?.plain == "33%")
        #expect(codes.row("letters")?["emergent"]?.plain == "yes")
        #expect(codes.row("trust")?["group"]?.plain == "Feelings")
    }

    @Test func codesByPromptsCoOccurrenceAndEmergentCodes() throws {
        let report = try report()
        let matrix = report.table("codes-by-prompt")!
        #expect(matrix.columns == ["code", "meet-amir", "nhs-results", "q-trust", "total"])
        func cells(_ key: String) -> [String]? {
            guard let row = matrix.row(key) else { return nil }
            return matrix.columns.map { row[$0]!.plain }
        }
        #expect(cells("privacy") == ["privacy", "1", "", "1", "2"])
        #expect(cells("trust") == ["trust", "1", "1", "", "2"])
        let pairs = report.table("co-occurrence")!.rows.map { $0.map(\.plain) }
        #expect(pairs == [["letters", "proxy", "1"], ["privacy", "trust", "1"], ["results-timing", "trust", "1"]])
        let emergent = report.table("emergent")!
        #expect(emergent.column("code").map(\.plain) == ["letters", "results-timing"])
        #expect(emergent.row("letters")?["first example"]?.plain == "P2: Son helps with the letters, \"always\"")
    }

    @Test func participantCoverageAndQuietParticipants() throws {
        let report = try report()
        let people = report.table("participants")!
        #expect(people.column("participant").map(\.plain) == ["P1", "P2", "P3", "P4"])
        #expect(people.column("comments").map(\.plain) == ["2", "2", "0", "1"])
        #expect(people.column("prompts spoken in").map(\.plain) == ["2", "1", "0", "1"])
        #expect(people.column("quiet").map(\.plain) == ["", "", "quiet", ""])
        #expect(report.section("participants")!.notes.contains("Quiet participants: P3."))
        let who = report.table("participants-by-prompt")!
        #expect(who.columns == ["participant", "meet-amir", "nhs-results", "q-trust"])
        #expect(who.rows.last?.map(\.plain) == ["(no participant)", "", "", "1"])
        // A single workshop session has no World Café section.
        #expect(report.section("world-cafe") == nil)
    }

    @Test func worldCafeTablesAndRounds() throws {
        let report = try report(Scope(sessions: [Fixture.sessionB]))
        let tables = report.table("tables")!
        #expect(tables.rows.map { $0.prefix(3).map(\.plain) } == [["1", "2", "1"], ["2", "2", "1"]])
        let rounds = report.table("rounds")!
        #expect(rounds.rows.map { $0.prefix(3).map(\.plain) } == [["1", "2", "2"], ["2", "2", "2"]])
        let grid = report.table("tables-by-round")!
        #expect(grid.rows.map { $0.map(\.plain) } == [["1", "1", "1"], ["2", "1", "1"]])
    }

    @Test func severalSessionsQualifyParticipants() throws {
        let report = try report(.all)
        #expect(report.title == "Parley report: 2 sessions (cafe-test, phr-test)")
        let people = report.table("participants")!.column("participant").map(\.plain)
        #expect(people == ["P1 @aaaaaaaa", "P2 @aaaaaaaa", "P3 @aaaaaaaa", "P4 @aaaaaaaa", "P1 @bbbbbbbb", "P2 @bbbbbbbb"])
        #expect(number(report.table("overview")!.row("comments")?["value"]) == 10)
        #expect(report.table("codes")!.columns.last == "sessions")
    }

    @Test func everyFormatRenders() throws {
        let report = try report(.all)
        let text = ReportRenderer.text(report)
        #expect(text.contains("Comments per prompt\n-------------------"))
        let md = ReportRenderer.markdown(report)
        #expect(md.contains("## Code frequencies"))
        #expect(md.contains("| code | label | group |"))
        let csv = try CSVReader.parse(ReportRenderer.csv(report))
        #expect(csv[0] == ["section", "table", "row", "column", "value"])
        #expect(csv.contains(["overview", "overview", "2", "value", "10"]))
        let html = ReportRenderer.html(report)
        #expect(html.contains("<h2>Participant coverage</h2>"))
        #expect(html.components(separatedBy: "<svg").count > 5)
    }

    @Test func anEmptyStoreReportsSo() throws {
        let folder = TempFolder()
        let report = try folder.store().report()
        #expect(report.sections.isEmpty)
        #expect(ReportRenderer.text(report).contains("No sessions in the store yet"))
    }
}

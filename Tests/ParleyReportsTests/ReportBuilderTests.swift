import ParleyCore
import Testing
@testable import ParleyReports

/// The report built from rows written by hand: what each section computes, with no database.
@Suite("Report building")
struct ReportBuilderTests {
    func number(_ cell: Report.Cell?) -> Int? {
        if case .number(let n)? = cell { return n }
        return nil
    }

    @Test func overviewCountsLiveCommentsPeopleAndCodes() {
        var rows = Rows.knownSession()
        rows.tombstones = [TombstoneRow(session: Rows.sessionA, participant: "P9")]
        let report = ReportBuilder.build(rows)
        #expect(report.title == "Parley report: PHR test workshop")
        #expect(report.subtitle == ["Sessions: \(Rows.sessionA)", "Started 2025-03-04 10:00 UTC"])
        let overview = report.table("overview")!
        let expected = ["sessions": 1, "comments": 6, "comments without a code": 1, "comments without a participant": 1,
                        "participants": 4, "writers": 2, "codes used": 6, "emergent codes": 2, "participants withdrawn": 1]
        for (measure, value) in expected { #expect(number(overview.row(measure)?["value"]) == value, "\(measure)") }
        #expect(report.table("sessions")!.rows.first?.map(\.plain) == [Rows.sessionA, "phr-test", "2025-03-04 10:00", "1h 00m", "2", "4", "6"])
    }

    @Test func promptsPersonasAndScreenshots() {
        let report = ReportBuilder.build(Rows.knownSession())
        let prompts = report.table("prompts")!
        #expect(prompts.column("prompt").map(\.plain) == ["welcome", "meet-amir", "nhs-results", "q-trust"])
        #expect(prompts.column("comments").map(\.plain) == ["0", "3", "1", "2"])
        #expect(prompts.column("speakers").map(\.plain) == ["0", "2", "1", "1"])
        #expect(prompts.column("untagged").map(\.plain) == ["0", "0", "0", "1"])
        #expect(prompts.row("meet-amir")?["top codes"]?.plain == "access (1), letters (1), privacy (1)")
        #expect(report.table("personas")!.rows.map { $0.map(\.plain) } == [["amir", "Amir", "meet-amir", "3", "2", "access (1), letters (1), privacy (1)"]])
        #expect(report.table("screenshots")!.row("nhs-results")?["image"]?.plain == "screens/nhs-results.png")
    }

    @Test func codesMostUsedFirstThenCodebookOrderThenEmergent() {
        let report = ReportBuilder.build(Rows.knownSession())
        let codes = report.table("codes")!
        #expect(codes.column("code").map(\.plain) == ["trust", "privacy", "access", "proxy", "letters", "results-timing"])
        #expect(codes.column("participants").map(\.plain) == ["2", "1", "1", "1", "1", "1"])
        #expect(codes.row("trust")?["% of comments"]?.plain == "33%")
        #expect(codes.row("trust")?["% of participants"]?.plain == "67%")
        #expect(codes.row("letters")?["group"]?.plain == "(emergent)")
        #expect(report.table("co-occurrence")!.rows.map { $0.map(\.plain) }
            == [["letters", "proxy", "1"], ["privacy", "trust", "1"], ["results-timing", "trust", "1"]])
        #expect(report.table("emergent")!.rows.map { $0.map(\.plain) } == [
            ["letters", "1", "1", "P2: Son helps with the letters, \"always\""],
            ["results-timing", "1", "1", "P1: Results before the doctor calls are frightening"],
        ])
        let matrix = report.table("codes-by-prompt")!
        #expect(matrix.columns == ["code", "meet-amir", "nhs-results", "q-trust", "total"])
        #expect(matrix.row("privacy").map { row in matrix.columns.map { row[$0]!.plain } } == ["privacy", "1", "", "1", "2"])
    }

    @Test func participantCoverageFlagsTheQuiet() {
        let report = ReportBuilder.build(Rows.knownSession())
        let people = report.table("participants")!
        #expect(people.column("comments").map(\.plain) == ["2", "2", "0", "1"])
        #expect(people.column("% of discussed prompts").map(\.plain) == ["67%", "33%", "0%", "33%"])
        #expect(people.column("quiet").map(\.plain) == ["", "", "quiet", ""])
        #expect(report.section("participants")!.notes.last == "Quiet participants: P3.")
        #expect(report.table("participants-by-prompt")!.rows.last?.map(\.plain) == ["(no participant)", "", "", "1"])
        #expect(report.section("world-cafe") == nil)
    }

    /// The seam's promise: a backend may hand the rows over in any order.
    @Test func rowsInAnyOrderGiveTheSameReport() {
        let rows = Rows.merged([Rows.knownSession(), Rows.knownSession(Rows.sessionB, startedAt: "2025-03-05T10:00:00.000Z")])
        var generator = SeededGenerator(seed: 14)
        var shuffled = rows
        shuffled.sessions.shuffle(using: &generator); shuffled.writers.shuffle(using: &generator)
        shuffled.prompts.shuffle(using: &generator); shuffled.participants.shuffle(using: &generator)
        shuffled.groups.shuffle(using: &generator); shuffled.tagCounts.shuffle(using: &generator)
        shuffled.tagPairs.shuffle(using: &generator); shuffled.codes.shuffle(using: &generator)
        shuffled.codeExamples.shuffle(using: &generator)
        #expect(ReportRenderer.text(ReportBuilder.build(shuffled)) == ReportRenderer.text(ReportBuilder.build(rows)))
    }

    @Test func severalSessionsNameTheirPeopleAndCountSessionsPerCode() {
        // The later session is given first: sessions are ordered by start time, not by row order.
        let report = ReportBuilder.build(Rows.merged([Rows.knownSession(Rows.sessionB, startedAt: "2025-03-05T10:00:00.000Z"),
                                                      Rows.knownSession()]))
        #expect(report.title == "Parley report: 2 sessions (phr-test)")
        #expect(report.subtitle == ["Sessions: aaaaaaaa, bbbbbbbb", "Started 2025-03-04 10:00 – 2025-03-05 10:00 UTC"])
        #expect(report.table("participants")!.column("participant").map(\.plain)
            == ["P1 @aaaaaaaa", "P2 @aaaaaaaa", "P3 @aaaaaaaa", "P4 @aaaaaaaa", "P1 @bbbbbbbb", "P2 @bbbbbbbb", "P3 @bbbbbbbb", "P4 @bbbbbbbb"])
        #expect(report.table("codes")!.row("trust")?["sessions"]?.plain == "2")
        #expect(report.table("co-occurrence")!.rows.first?.map(\.plain) == ["letters", "proxy", "2"])
    }

    @Test func aPromptNoDeckHoldsStillGetsARowLast() {
        var rows = Rows.knownSession()
        rows.groups.append(CommentGroupRow(session: Rows.sessionA, promptID: "improvised", participant: "P1", table: nil, round: nil,
                                           comments: 2, untagged: 2))
        let prompts = ReportBuilder.build(rows).table("prompts")!
        #expect(prompts.rows.last?.map(\.plain) == ["improvised", "5", "", "(not in the deck)", "2", "1", "2", ""])
    }

    @Test func worldCafeTablesAndRoundsInNaturalOrder() {
        let id = Rows.sessionB
        let groups = [("10", 1, "P1", 2), ("2", 1, "P2", 1), ("2", 2, "P1", 3)].map {
            CommentGroupRow(session: id, promptID: "q-trust", participant: $0.2, table: $0.0, round: $0.1, comments: $0.3, untagged: 0)
        }
        let rows = ReportRows(sessions: [Rows.session(id, deck: "cafe-test", format: .worldCafe)], prompts: Rows.prompts(id), groups: groups,
                              tagCounts: [TagCountRow(session: id, dimension: "table", key: "2", tag: "trust", comments: 4),
                                          TagCountRow(session: id, dimension: "round", key: "2", tag: "access", comments: 3)])
        let report = ReportBuilder.build(rows)
        #expect(report.table("tables")!.rows.map { $0.map(\.plain) } == [["2", "4", "2", "trust (4)"], ["10", "2", "1", ""]])
        #expect(report.table("rounds")!.rows.map { $0.map(\.plain) } == [["1", "3", "2", ""], ["2", "3", "1", "access (3)"]])
        #expect(report.table("tables-by-round")!.rows.map { $0.map(\.plain) } == [["2", "1", "3"], ["10", "2", ""]])
    }

    @Test func noSessionsSaySo() {
        let report = ReportBuilder.build(ReportRows())
        #expect(report.sections.isEmpty)
        #expect(ReportRenderer.text(report).contains("No sessions in the store yet"))
    }
}

import Testing
@testable import ParleyReports

/// The emergent-codes table names the speaker of each first example as every other table does.
@Suite("Emergent codes")
struct EmergentCodesTests {
    @Test func theFirstExampleNamesItsSpeakersSessionWhenTheReportSpansSessions() {
        let later = Rows.knownSession(Rows.sessionB, startedAt: "2025-03-05T10:00:00.000Z")
        let report = ReportBuilder.build(Rows.merged([later, Rows.knownSession()]))
        #expect(report.table("emergent")!.rows.map { $0[3].plain } == [
            "P2 @aaaaaaaa: Son helps with the letters, \"always\"",
            "P1 @aaaaaaaa: Results before the doctor calls are frightening",
        ])
        // One session: just the participant, as in the participants table.
        #expect(ReportBuilder.build(Rows.knownSession()).table("emergent")!.row("letters")?["first example"]?.plain
            == "P2: Son helps with the letters, \"always\"")
    }
}

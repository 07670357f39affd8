import Foundation
import ParleyCore
import Testing
@testable import ParleyReports

/// Remarks: several writers' comments of one remark joined by the agreement matcher, and the report
/// counting them once (rows written by hand, no database).
@Suite("Remarks")
struct RemarkTests {
    static let session = AgreementTests.session

    /// The hand example of docs/agreement.md: a1+b1, a2+b2, a4+b3 joined; a3 and b5 alone.
    static func comments() -> [CommentRecord] {
        [
            AgreementTests.record("a1", "facilitator", 10, "P1", "Amir needs his son to log in", ["access", "proxy"]),
            AgreementTests.record("a2", "facilitator", 100, "P2", "I trust my GP more than the app", ["trust"]),
            AgreementTests.record("a3", "facilitator", 130, "P2", "Worried about who sees it", ["privacy"]),
            AgreementTests.record("a4", "facilitator", 200, "P3", "Letters are easier", ["letters"]),
            AgreementTests.record("b1", "note-taker-1", 40, "P1", "needs son to log in for him", ["proxy"]),
            AgreementTests.record("b2", "note-taker-1", 190, "P2", "trusts GP more than app", ["trust"]),
            AgreementTests.record("b3", "note-taker-1", 205, "P3", "prefers paper letters", ["letters", "access"]),
            AgreementTests.record("b5", "note-taker-1", 300, nil, "Room laughs", [], prompt: "q-trust"),
        ]
    }

    /// The session's rows, counting the remarks of `comments` (nil: counting comments, from count rows).
    static func rows(_ comments: [CommentRecord]?) -> ReportRows {
        var remarks = RemarkCounts()
        remarks.add(comments ?? [])
        return ReportRows(sessions: [Rows.session(session, comments: comments?.count ?? 0)],
                          writers: [SessionWriterRow(session: session, writer: "facilitator", missingSeqs: 0),
                                    SessionWriterRow(session: session, writer: "note-taker-1", missingSeqs: 0)],
                          prompts: Rows.prompts(session), codes: Rows.codes(session), remarks: comments == nil ? nil : remarks)
    }

    func number(_ cell: Report.Cell?) -> Int? {
        if case .number(let n)? = cell { return n }
        return nil
    }

    @Test func remarksAreTheAgreementUnitsWithTheirCodesTogether() {
        let remarks = Remarks.group(Self.comments().shuffled())
        #expect(remarks.map { $0.comments.map(\.commentID) } == [["a1", "b1"], ["a2", "b2"], ["a3"], ["a4", "b3"], ["b5"]])
        #expect(remarks.map(\.id) == ["a1", "a2", "a3", "a4", "b5"])
        #expect(remarks[0].tags == ["access", "proxy"])
        #expect(remarks[3].tags == ["letters", "access"])
        let assigned = Remarks.assign(Self.comments())
        #expect(assigned.map(\.commentID) == Self.comments().map(\.commentID))
        #expect(assigned.map { $0.remarkID ?? "" } == ["a1", "a2", "a3", "a4", "a1", "a2", "a4", "b5"])
    }

    @Test func theReportCountsEachRemarkOnceWithAllItsCodes() throws {
        let report = ReportBuilder.build(Self.rows(Self.comments()))
        let overview = try #require(report.table("overview"))
        #expect(number(overview.row("comments")?["value"]) == 8)
        #expect(number(overview.row("remarks")?["value"]) == 5)
        #expect(number(overview.row("remarks without a code")?["value"]) == 1)
        #expect(number(overview.row("remarks without a participant")?["value"]) == 1)
        #expect(report.section("overview")!.notes.last!.contains("8 comments make 5 remarks: 6 comments, noted by different writers of the "
            + "same remark, were joined into 3 remarks. With --count comments, parley report counts every comment."))
        #expect(report.table("sessions")!.columns.suffix(2) == ["comments", "remarks"])
        #expect(report.table("sessions")!.rows[0].suffix(2).map(\.plain) == ["8", "5"])
        #expect(report.table("writers")!.rows.map { $0.map(\.plain) } == [["facilitator", "4", "3", "1"], ["note-taker-1", "4", "3", "1"]])
        let prompts = try #require(report.table("prompts"))
        #expect(prompts.columns[4] == "remarks")
        #expect(prompts.column("remarks").map(\.plain) == ["0", "4", "0", "1"])
        let codes = try #require(report.table("codes"))
        // access: a1+b1 (a1 has it) and a4+b3 (b3 has it): two remarks, where comments give two as well;
        // proxy is on both comments of a1+b1: one remark, not two.
        #expect(codes.row("proxy")?["remarks"]?.plain == "1")
        #expect(codes.row("access")?["remarks"]?.plain == "2")
        #expect(codes.row("access")?["% of remarks"]?.plain == "40%")
        #expect(report.table("co-occurrence")!.rows.map { $0.map(\.plain) } == [["access", "letters", "1"], ["access", "proxy", "1"]])
        #expect(report.table("participants")!.column("remarks").map(\.plain) == ["1", "2", "1"])
    }

    @Test func countingCommentsIsTodaysReport() {
        let byComment = ReportBuilder.build(Rows.knownSession())
        #expect(byComment.table("overview")!.row("remarks") == nil)
        #expect(byComment.table("writers") == nil)
        #expect(byComment.table("prompts")!.columns[4] == "comments")
    }

    /// With one writer there is nothing to join: counting remarks gives the numbers counting comments does.
    @Test func oneWritersRemarksAreItsComments() {
        var generator = SeededGenerator(seed: 16)
        let prompts = ["meet-amir", "nhs-results", "q-trust"], people: [String?] = ["P1", "P2", nil]
        let tags = ["access", "proxy", "trust", "privacy", "letters"]
        let comments = (0..<200).map { i in
            AgreementTests.record("c\(i)", "facilitator", Int.random(in: 0..<3600, using: &generator), people.randomElement(using: &generator)!,
                                  "words \(Int.random(in: 0..<5, using: &generator))",
                                  Array(tags.shuffled(using: &generator).prefix(Int.random(in: 0...3, using: &generator))),
                                  prompt: prompts.randomElement(using: &generator)!)
        }
        var counts = CountRows()
        for c in comments { counts.add(prompt: c.promptID, participant: c.participant, table: c.table, round: c.round, tags: c.tags) }
        var byComment = Self.rows(nil)
        byComment.groups = counts.groupRows(session: Self.session)
        byComment.tagCounts = counts.tagCountRows(session: Self.session)
        byComment.tagPairs = counts.pairRows(session: Self.session)
        let remarks = ReportBuilder.build(Self.rows(comments))
        let plain = ReportBuilder.build(byComment)
        for id in ["prompts", "codes", "codes-by-prompt", "co-occurrence", "participants", "participants-by-prompt"] {
            #expect(remarks.table(id)!.rows == plain.table(id)!.rows, "\(id)")
        }
    }

    /// The store counts a session at a time: the same report as counting every session at once.
    @Test func countingSessionBySessionIsCountingAllAtOnce() {
        let other = Self.comments().map { var c = $0; c.sessionID = Rows.sessionB; return c }
        var once = RemarkCounts(), bySession = RemarkCounts()
        once.add(Self.comments() + other)
        bySession.add(Self.comments())
        bySession.add(other)
        var rows = Self.rows(nil)
        rows.sessions.append(Rows.session(Rows.sessionB, startedAt: "2025-03-05T10:00:00.000Z"))
        rows.remarks = once
        let a = ReportRenderer.csv(ReportBuilder.build(rows))
        rows.remarks = bySession
        #expect(ReportRenderer.csv(ReportBuilder.build(rows)) == a)
        #expect(a.contains("overview,overview,3,value,10\r\n"))
    }
}

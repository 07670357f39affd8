import Testing
@testable import ParleyReports

/// `parley sessions`: a table, or a block per session where the table would wrap.
@Suite("Session listing")
struct SessionListingTests {
    static let sessions = [
        SessionSummary(session: Rows.session(Rows.sessionA, participants: 12, comments: 36_587), writers: ["facilitator", "note-taker-1"],
                       missing: ["note-taker-1": 3], withdrawn: []),
        SessionSummary(session: Rows.session(Rows.sessionB, deck: "", startedAt: "2025-03-05T09:30:00.000Z", participants: 1, comments: 1),
                       writers: ["facilitator"], missing: [:], withdrawn: ["P2"]),
    ]

    @Test func aTableWhereItFits() {
        let table = """
            session                               deck      started (UTC)     duration  writers                   participants  comments
            aaaaaaaa-1111-4111-8111-111111111111  phr-test  2025-03-04 10:00  1h 00m    facilitator,note-taker-1            12     36587
            bbbbbbbb-2222-4222-8222-222222222222  ?         2025-03-05 09:30  1h 00m    facilitator                          1         1
            aaaaaaaa: 3 events of note-taker-1's log missing (gaps in its numbering); merge the rest of that log
            bbbbbbbb: withdrawn: P2

            """
        #expect(SessionSummary.listing(Self.sessions) == table)
        #expect(SessionSummary.listing(Self.sessions, width: 130) == table)
    }

    @Test func aBlockPerSessionWhereTheTableWouldWrap() {
        let listing = SessionSummary.listing(Self.sessions, width: 80)
        #expect(listing == """
            aaaaaaaa-1111-4111-8111-111111111111  phr-test
              2025-03-04 10:00 UTC, 1h 00m; 12 participants, 36,587 comments
              writers: facilitator, note-taker-1
            bbbbbbbb-2222-4222-8222-222222222222  ?
              2025-03-05 09:30 UTC, 1h 00m; 1 participant, 1 comment
              writers: facilitator
            aaaaaaaa: 3 events of note-taker-1's log missing (gaps in its numbering); merge the rest of that log
            bbbbbbbb: withdrawn: P2

            """)
        // Only the notes can be longer than the terminal; no line of the sessions themselves is.
        #expect(listing.components(separatedBy: "\n").prefix(6).allSatisfy { $0.count <= 80 })
    }
}

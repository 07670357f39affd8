import Testing
@testable import ParleyReports

/// The REFI-QDA project built from rows written by hand (the store-level tests validate it against the schema).
@Suite("REFI-QDA project building")
struct REFIProjectTests {
    static let id = Rows.sessionA

    static func rows() -> REFIQDA.Rows {
        REFIQDA.Rows(
            sessions: [Rows.session(id)],
            writers: [SessionWriterRow(session: id, writer: "note-taker-1", missingSeqs: 0),
                      SessionWriterRow(session: id, writer: "facilitator", missingSeqs: 0)],
            participants: [ParticipantRow(session: id, participant: "P1", position: 1, table: "3", attributes: ["table": "3", "role": "carer"])],
            markers: [MarkerRow(session: id, ordinal: 1, at: "2025-03-04T10:01:00.000Z", writer: "facilitator", promptID: "meet-amir",
                                label: "good quote")],
            prompts: Rows.prompts(id), codes: Rows.codes(id),
            comments: [Rows.comment("c1", participant: "P1", text: "Zażółć 🙂", tags: ["access"], round: 2),
                       Rows.comment("c2", writer: "note-taker-2", participant: "P7", text: "A new voice", tags: ["brand-new"])])
    }

    static func line(_ qde: String, containing text: String) -> String? {
        qde.split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    @Test func speakersNeverAnnouncedAreCasesTooAndEachCaseRefersToItsComments() {
        let qde = REFIQDA.project(Self.rows()).qde
        let cases = qde.split(separator: "\n").filter { $0.contains("<Case ") }
        #expect(cases.count == 2)
        #expect(cases.last?.contains("name=\"P7\"") == true)
        let p1 = qde.components(separatedBy: "<Case ")[1].components(separatedBy: "</Case>")[0]
        #expect(p1.contains("<TextValue>carer</TextValue>"))
        #expect(p1.contains("<TextValue>3</TextValue>"))
        #expect(p1.contains("<TextValue>2</TextValue>"))
        #expect(p1.contains("targetGUID=\"\(REFIQDA.guid("selection", Self.id, "c1"))\""))
        #expect(!p1.contains(REFIQDA.guid("selection", Self.id, "c2")))
    }

    @Test func usersAreTheSessionWritersAToZThenOtherWriters() {
        let users = REFIQDA.project(Self.rows()).qde.split(separator: "\n").filter { $0.contains("<User ") }
        #expect(users.map { $0.contains("name=\"facilitator\"") } == [true, false, false])
        #expect(users.last?.contains("name=\"note-taker-2\"") == true)
    }

    @Test func selectionsCountUnicodeScalarsOfTheTranscript() throws {
        let project = REFIQDA.project(Self.rows())
        let source = try #require(project.sources.first)
        let scalars = Array(source.text.unicodeScalars)
        let selection = try #require(Self.line(project.qde, containing: "<PlainTextSelection guid=\"\(REFIQDA.guid("selection", Self.id, "c1"))\""))
        func position(_ name: String) -> Int? {
            selection.components(separatedBy: "\(name)=\"").dropFirst().first?.split(separator: "\"").first.flatMap { Int($0) }
        }
        let start = try #require(position("startPosition")), end = try #require(position("endPosition"))
        #expect(String(String.UnicodeScalarView(scalars[start..<end])) == "Zażółć 🙂")
        #expect(source.text.contains("\n## Meet Amir\n\nP1: Zażółć 🙂\n"))
    }

    @Test func aTagNoSessionListsIsAnEmergentCode() throws {
        let qdc = try REFIQDA.codebook(Self.rows())
        let emergent = try #require(qdc.components(separatedBy: "name=\"Emergent codes\"").last)
        #expect(emergent.contains("name=\"brand-new\""))
        #expect(qdc.contains("name=\"Using the apps\""))
    }
}

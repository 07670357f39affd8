import Foundation
import ParleyCore
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

    /// The session's deck as `session.started` carries it, the deck file at `/decks/phr.yaml`.
    static func start(writer: String = "facilitator", deckPath: String? = "/decks/phr.yaml") -> REFIQDA.StartRow {
        let prompts = [Prompt(id: "meet-amir", kind: .persona, title: "Meet Amir", persona: "amir"),
                       Prompt(id: "nhs-results", kind: .screenshot, title: "NHS App results", image: "screens/nhs-results.png",
                              alt: "The results page, with a red flag."),
                       Prompt(id: "q-trust", kind: .question, title: "Who do you trust with your record?")]
        let workshop = Workshop(deck: Deck(id: "phr-test", title: "PHR test workshop", codebook: "codebook/test.yaml", prompts: prompts),
                                personas: [Persona(id: "amir", name: "Amir", age: 58, summary: "Kidney patient.", languages: ["Urdu", "English"],
                                                   quote: "Samina reads it to me.")],
                                codebook: Codebook(id: "test", title: "Test", groups: []), sha256: "sha")
        return REFIQDA.StartRow(session: id, writer: writer, start: SessionStart(workshop: workshop, deckPath: deckPath))
    }

    /// `rows()` with the deck's start and a comment on the screenshot.
    static func rowsWithDeck() -> REFIQDA.Rows {
        var rows = rows()
        rows.starts = [start(writer: "note-taker-1", deckPath: "/laptop-2/phr.yaml"), start()]
        rows.comments.append(Rows.comment("c3", at: "2025-03-04T10:03:00.000Z", prompt: "nhs-results", participant: "P1", text: "Red is scary"))
        return rows
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])

    static func attribute(_ name: String, of line: String) -> String? {
        line.components(separatedBy: " \(name)=\"").dropFirst().first?.split(separator: "\"", omittingEmptySubsequences: false).first.map(String.init)
    }

    /// The text a selection line covers, in Unicode scalars of `text`.
    static func selected(_ line: String, in text: String) -> String? {
        guard let start = attribute("startPosition", of: line).flatMap({ Int($0) }), let end = attribute("endPosition", of: line).flatMap({ Int($0) })
        else { return nil }
        let scalars = Array(text.unicodeScalars)
        guard 0 <= start, start <= end, end <= scalars.count else { return nil }
        return String(String.UnicodeScalarView(scalars[start..<end]))
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

    @Test func aMarkerIsANoteOnItsLineInTheTextWhereItHappened() throws {
        var rows = Self.rows()
        rows.comments.append(Rows.comment("c3", at: "2025-03-04T10:02:00.000Z", participant: "P1", text: "After the marker"))
        let project = REFIQDA.project(rows)
        let text = try #require(project.sources.first?.text)
        let note = try #require(project.qde.components(separatedBy: "<Note ").dropFirst().first?.components(separatedBy: "</Note>").first)
        let selection = try #require(note.split(separator: "\n").first { $0.contains("<PlainTextSelection ") }.map(String.init),
                                     "a note without a selection is dropped by importers")
        #expect(Self.selected(selection, in: text) == "good quote")
        #expect(Self.attribute("creatingUser", of: selection) == REFIQDA.guid("user", "facilitator"))
        // The marker (10:01) sits between the comments noted before it and the one after it.
        let before = try #require(text.range(of: "P7: A new voice\n")), marker = try #require(text.range(of: "Marker (facilitator): good quote\n"))
        let after = try #require(text.range(of: "P1: After the marker\n"))
        #expect(before.upperBound == marker.lowerBound && marker.upperBound == after.lowerBound)
        // The comments' selections still select exactly their words.
        let c3 = try #require(Self.line(project.qde, containing: "<PlainTextSelection guid=\"\(REFIQDA.guid("selection", Self.id, "c3"))\""))
        #expect(Self.selected(c3, in: text) == "After the marker")
    }

    @Test func aMarkerOnAnotherPromptOpensThatPromptsHeading() throws {
        var rows = Self.rows()
        rows.markers[0].promptID = "q-trust"
        let text = try #require(REFIQDA.project(rows).sources.first?.text)
        #expect(text.hasSuffix("P7: A new voice\n\n## Who do you trust with your record?\n\nMarker (facilitator): good quote\n"))
    }

    @Test func speakersAsCodesCodeEachCommentWithItsSpeakerAndKeepTheCases() throws {
        let plain = REFIQDA.project(Self.rows()).qde
        #expect(!plain.contains("name=\"Participants\""))
        let qde = REFIQDA.project(Self.rows(), options: REFIQDA.Options(speakersAsCodes: true)).qde
        let group = try #require(Self.line(qde, containing: "name=\"Participants\""))
        #expect(group.contains("isCodable=\"false\""))
        let p1 = REFIQDA.guid("speaker-code", Self.id, "P1"), p7 = REFIQDA.guid("speaker-code", Self.id, "P7")
        #expect(Self.line(qde, containing: "<Code guid=\"\(p1)\" name=\"P1\" isCodable=\"true\"") != nil)
        #expect(Self.line(qde, containing: "<Code guid=\"\(p7)\" name=\"P7\" isCodable=\"true\"") != nil)
        let c1 = try #require(qde.components(separatedBy: "<PlainTextSelection guid=\"\(REFIQDA.guid("selection", Self.id, "c1"))\"").dropFirst().first?
            .components(separatedBy: "</PlainTextSelection>").first)
        #expect(c1.contains("<CodeRef targetGUID=\"\(p1)\"/>"))
        #expect(c1.contains("<CodeRef targetGUID=\"\(REFIQDA.guid("code", "access"))\"/>"))
        #expect(!c1.contains(p7))
        #expect(qde.split(separator: "\n").filter { $0.contains("<Case ") }.count == 2)
        // The speaker's coding is the writer's, like the tags'.
        #expect(c1.contains("<Coding guid=\"\(REFIQDA.guid("speaker-coding", Self.id, "c1"))\" creatingUser=\"\(REFIQDA.guid("user", "facilitator"))\""))
    }

    @Test func theSessionTextIsTheFacilitatorsAndEveryCreatorIsAUser() throws {
        let qde = REFIQDA.project(Self.rows()).qde
        let source = try #require(Self.line(qde, containing: "<TextSource "))
        #expect(Self.attribute("creatingUser", of: source) == REFIQDA.guid("user", "facilitator"))
        #expect(Self.attribute("creationDateTime", of: source) == "2025-03-04T10:00:00.000Z")
        let users = Set(qde.split(separator: "\n").filter { $0.contains("<User ") }.compactMap { Self.attribute("guid", of: String($0)) })
        let creators = qde.split(separator: "\n").compactMap { Self.attribute("creatingUser", of: String($0)) }
        #expect(creators.count > 3)
        for creator in creators { #expect(users.contains(creator)) }
    }

    @Test func withoutAFacilitatorTheFirstToStartTheSessionMadeItsText() throws {
        var rows = Self.rows()
        rows.writers = [SessionWriterRow(session: Self.id, writer: "note-taker-1", missingSeqs: 0),
                        SessionWriterRow(session: Self.id, writer: "zed", missingSeqs: 0)]
        rows.markers = []
        rows.starts = [Self.start(writer: "zed"), Self.start(writer: "note-taker-1")]
        let qde = REFIQDA.project(rows).qde
        #expect(Self.attribute("creatingUser", of: try #require(Self.line(qde, containing: "<TextSource "))) == REFIQDA.guid("user", "zed"))
    }

    @Test func aScreenshotIsAPictureSourceAndAPersonaCardATextSourceThatTheHeadingsLinkTo() throws {
        var asked: [String] = []
        let project = REFIQDA.project(Self.rowsWithDeck()) { path in
            asked.append(path)
            return path == "/decks/screens/nhs-results.png" ? Self.png : nil
        }
        // The facilitator's deck first.
        #expect(asked == ["/decks/screens/nhs-results.png"])
        let qde = project.qde, text = project.sources[0].text
        let picture = try #require(Self.line(qde, containing: "<PictureSource "))
        #expect(Self.attribute("name", of: picture) == "nhs-results.png")
        let path = try #require(Self.attribute("path", of: picture))
        #expect(path.hasPrefix("internal://") && path.hasSuffix(".png"))
        #expect(project.pictures == [REFIQDA.PictureFile(path: "sources/" + path.dropFirst("internal://".count), data: Self.png)])
        #expect(Self.attribute("creatingUser", of: picture) == REFIQDA.guid("user", "facilitator"))
        #expect(qde.contains("The results page, with a red flag."))
        let card = try #require(Self.line(qde, containing: "name=\"Persona card — Amir\""))
        let cardPath = try #require(Self.attribute("plainTextPath", of: card))
        let cardText = try #require(project.sources.first { "internal://" + $0.path.dropFirst("sources/".count) == cardPath }?.text)
        #expect(cardText == "Amir, 58 — Kidney patient.\nLanguages: Urdu; English\n“Samina reads it to me.”\n")
        // Each heading that showed them is a selection of its title, linked to the source.
        let links = qde.split(separator: "\n").filter { $0.contains("<Link ") }.map(String.init)
        #expect(links.count == 2)
        for (link, (title, target)) in zip(links, [("Meet Amir", card), ("NHS App results", picture)]) {
            let origin = try #require(Self.attribute("originGUID", of: link))
            let heading = try #require(Self.line(qde, containing: "<PlainTextSelection guid=\"\(origin)\""))
            #expect(Self.selected(heading, in: text) == title)
            #expect(Self.attribute("targetGUID", of: link) == Self.attribute("guid", of: target))
        }
        #expect(qde.contains("<Description>On screen: the picture source \"nhs-results.png\".</Description>"))
    }

    @Test func aScreenshotWhoseFileCannotBeReadIsItsDescription() throws {
        let project = REFIQDA.project(Self.rowsWithDeck())
        #expect(project.pictures.isEmpty)
        #expect(!project.qde.contains("<PictureSource "))
        let source = try #require(Self.line(project.qde, containing: "name=\"NHS App results (screenshot description)\""))
        let path = try #require(Self.attribute("plainTextPath", of: source))
        let text = try #require(project.sources.first { "internal://" + $0.path.dropFirst("sources/".count) == path }?.text)
        #expect(text.contains("screens/nhs-results.png") && text.hasSuffix("\n\nThe results page, with a red flag.\n"))
    }

    @Test func oneSourcePerPictureWhateverSessionsShowItAndNamesStayUnique() throws {
        var rows = Self.rowsWithDeck()
        let other = Rows.sessionB
        rows.sessions.append(Rows.session(other, startedAt: "2025-03-05T10:00:00.000Z"))
        rows.prompts += Rows.prompts(other)
        var start = Self.start()
        start.session = other
        rows.starts.append(start)
        rows.comments.append(Rows.comment("d1", session: other, prompt: "nhs-results", participant: "P1", text: "Same screen"))
        let project = REFIQDA.project(rows) { _ in Self.png }
        #expect(project.pictures.count == 1)
        #expect(project.qde.split(separator: "\n").filter { $0.contains("<Link ") }.count == 3)
        let names = project.qde.split(separator: "\n").filter { $0.contains("Source guid=") }.compactMap { Self.attribute("name", of: String($0)) }
        #expect(Set(names).count == names.count)
    }
}

import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// The REFI-QDA export: schema validity (xmllint), plus what the schema cannot check.
@Suite("REFI-QDA export")
struct REFIQDATests {
    static let sessionC = "cccccccc-3333-4333-8333-333333333333"

    /// The reference schemas: `../shared/refi-qda` beside the repository root.
    static var schemaFolder: String { sharedFolder("refi-qda") }

    /// A folder of reference data in `../shared` beside the repository root.
    static func sharedFolder(_ name: String) -> String {
        let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared/\(name)").path
    }

    /// Texts whose positions differ in bytes, UTF-16 units, scalars and graphemes.
    static let multibyteTexts = [
        "اردو میں بھی ہونا چاہیے 🙂 zażółć",
        "Family 👨‍👩‍👧 and flag 🇵🇰, thumbs 👎🏽",
        "日本語のテキスト、中文也可以。한국어",
        "Cafe\u{301} & <tags> \"quoted\"\nsecond line\ttab",
    ]

    /// The screenshot file of session C's deck (any bytes will do: the export copies them as they are).
    static let screenshot = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("not really a picture".utf8))

    /// A two-writer session with multi-byte text, a marker, a participant attribute, a withdrawn speaker, and a
    /// screenshot beside its deck file (the facilitator's deck at `deckPath`; the note-taker's copy is elsewhere).
    static func multibyteLogs(deckPath: String? = nil) -> [Fixture.Log] {
        let workshop = Fixture.workshop(deckID: "mb-test", sha: "sha-mb")
        var f = Fixture.Log(session: sessionC, writer: "facilitator", startMilliseconds: 1_741_255_200_000)
        f.add(.sessionStarted(SessionStart(workshop: workshop, deckPath: deckPath)), at: 0)
        f.add(.participantAdded(participant: "P1", attributes: ["table": "3", "role": "carer"]), at: 1)
        f.add(.participantAdded(participant: "P9", attributes: [:]), at: 2)
        f.add(.promptShown(prompt: "meet-amir"), at: 5)
        f.add(Fixture.comment("m1", "meet-amir", "P1", multibyteTexts[0], ["access", "new-tag"]), at: 10)
        f.add(Fixture.comment("m2", "meet-amir", "P2", multibyteTexts[1], ["trust"]), at: 20)
        f.add(Fixture.comment("secret", "meet-amir", "P9", "P9 withdrew: this must never be exported", ["privacy"]), at: 25)
        f.add(.marker(label: "Strong moment <here> & now"), at: 26)
        f.add(.promptShown(prompt: "nhs-results"), at: 27)
        f.add(Fixture.comment("m4", "nhs-results", "P1", "The red flag scares me", ["trust"]), at: 28)
        // Typed on Windows: a CR LF inside the words.
        f.add(Fixture.comment("m5", "nhs-results", "P1", "First line\r\nsecond line", []), at: 29)
        f.add(.promptShown(prompt: "q-trust"), at: 30)
        f.add(Fixture.comment("m3", "q-trust", nil, multibyteTexts[2], []), at: 40)
        var n = Fixture.Log(session: sessionC, writer: "note-taker-1", startMilliseconds: 1_741_255_200_000)
        n.add(.sessionStarted(SessionStart(workshop: workshop, deckPath: "/nowhere/mb.yaml")), at: 1)
        n.add(Fixture.comment("k1", "q-trust", "P1", multibyteTexts[3], ["privacy", "trust"]), at: 45)
        return [f, n]
    }

    static func store(_ folder: TempFolder, name: String = "parley.sqlite", reversed: Bool = false) throws -> Store {
        var paths = try Fixture.writeAll(in: folder)
        try FileManager.default.createDirectory(atPath: folder.file("Decks/screens"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder.file("Decks/screens/nhs-results.png"), contents: screenshot)
        for (index, log) in multibyteLogs(deckPath: folder.file("Decks/mb.yaml")).enumerated() {
            let path = folder.file("c-\(index).jsonl")
            if !FileManager.default.fileExists(atPath: path) { try log.write(to: path) }
            paths.append(path)
        }
        let store = try folder.store(name)
        _ = try store.merge(paths: reversed ? paths.reversed() : paths)
        _ = try store.withdraw(session: sessionC, participant: "P9")
        return store
    }

    // MARK: - small XML helpers (the exporter writes one element per line)

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&#10;", with: "\n").replacingOccurrences(of: "&#13;", with: "\r")
            .replacingOccurrences(of: "&#9;", with: "\t").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func attributes(named name: String, in xml: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "\\s\(name)=\"([^\"]*)\"")
        let ns = xml as NSString
        return regex.matches(in: xml, range: NSRange(location: 0, length: ns.length)).map { unescape(ns.substring(with: $0.range(at: 1))) }
    }

    /// `(guid, start, end)` of every PlainTextSelection, in order.
    static func selections(in xml: String) -> [(guid: String, start: Int, end: Int)] {
        xml.split(separator: "\n").filter { $0.contains("<PlainTextSelection ") }.map { line in
            let line = String(line)
            return (attributes(named: "guid", in: line)[0], Int(attributes(named: "startPosition", in: line)[0])!,
                    Int(attributes(named: "endPosition", in: line)[0])!)
        }
    }

    static func xmllint(_ file: String, schema: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xmllint", "--noout", "--schema", schema, file]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether the schemas (in `../shared`) and xmllint are here; when not, says the check was skipped.
    static func canValidate(against schemas: [String], what: String) -> Bool {
        if let missing = schemas.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
            print("\(what) schema validation SKIPPED: no schema at \(missing) (expected ../shared beside the repository)")
            return false
        }
        guard xmllintAvailable() else {
            print("\(what) schema validation SKIPPED: xmllint not found (apt install libxml2-utils)")
            return false
        }
        return true
    }

    static func xmllintAvailable() -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xmllint", "--version"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    // MARK: - tests

    @Test func projectAndCodebookValidateAgainstTheSchemas() throws {
        let schemas = Self.schemaFolder
        let project = schemas + "/Project-mrt2019.xsd", codebook = schemas + "/Codebook-mrt2019.xsd"
        guard Self.canValidate(against: [project, codebook], what: "REFI-QDA") else { return }
        let folder = TempFolder()
        let store = try Self.store(folder)
        let qde = folder.write(try store.refiProject().qde, to: "project.qde")
        let result = try Self.xmllint(qde, schema: project)
        #expect(result.status == 0, "xmllint: \(result.output)")
        let qdc = folder.write(try store.exportQDC(), to: "codebook.qdc")
        let book = try Self.xmllint(qdc, schema: codebook)
        #expect(book.status == 0, "xmllint: \(book.output)")
        // Speakers as codes too.
        let speakers = folder.write(try store.refiProject(options: REFIQDA.Options(speakersAsCodes: true)).qde, to: "speakers.qde")
        let withSpeakers = try Self.xmllint(speakers, schema: project)
        #expect(withSpeakers.status == 0, "xmllint: \(withSpeakers.output)")
        // One session alone (one Case name form, fewer elements) validates too.
        let one = folder.write(try store.refiProject(scope: Scope(sessions: [Self.sessionC])).qde, to: "one.qde")
        #expect(try Self.xmllint(one, schema: project).status == 0)
        // The reference example validates with the same call, so the check itself is meaningful.
        #expect(try Self.xmllint(schemas + "/example-minimal/project/project.qde", schema: project).status == 0)
    }

    @Test func guidsAreUniqueAndEveryReferenceResolves() throws {
        let folder = TempFolder()
        let qde = try Self.store(folder).refiProject().qde
        let guids = Self.attributes(named: "guid", in: qde)
        #expect(!guids.isEmpty)
        #expect(Set(guids).count == guids.count, "duplicate GUIDs")
        let pattern = try NSRegularExpression(pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        for guid in guids {
            #expect(pattern.firstMatch(in: guid, range: NSRange(location: 0, length: (guid as NSString).length)) != nil, "\(guid)")
        }
        let known = Set(guids)
        let references = Self.attributes(named: "targetGUID", in: qde) + Self.attributes(named: "originGUID", in: qde)
        #expect(!references.isEmpty)
        for reference in references { #expect(known.contains(reference), "dangling reference \(reference)") }
        // Every creator is one of the Users; every source and note says who made it and when.
        let users = Set(qde.split(separator: "\n").filter { $0.contains("<User ") }.map { Self.attributes(named: "guid", in: String($0))[0] })
        let creators = Self.attributes(named: "creatingUser", in: qde)
        #expect(!creators.isEmpty)
        for creator in creators { #expect(users.contains(creator), "creatingUser \(creator) is not a User") }
        for line in qde.split(separator: "\n") where ["<TextSource ", "<PictureSource ", "<Note "].contains(where: line.contains) {
            #expect(line.contains(" creatingUser=\"") && line.contains(" creationDateTime=\""), "\(line)")
        }
        // CodeRefs point at codable codes, VariableRefs at variables, SelectionRefs at selections.
        let codable = Set(qde.split(separator: "\n").filter { $0.contains("<Code ") && $0.contains("isCodable=\"true\"") }
            .map { Self.attributes(named: "guid", in: String($0))[0] })
        for line in qde.split(separator: "\n") where line.contains("<CodeRef ") {
            #expect(codable.contains(Self.attributes(named: "targetGUID", in: String(line))[0]))
        }
        let selectionGUIDs = Set(Self.selections(in: qde).map(\.guid))
        for line in qde.split(separator: "\n") where line.contains("<SelectionRef ") {
            #expect(selectionGUIDs.contains(Self.attributes(named: "targetGUID", in: String(line))[0]))
        }
    }

    @Test func selectionsAreInsideTheTextAndSelectExactlyTheComment() throws {
        let folder = TempFolder()
        let store = try Self.store(folder)
        let project = try store.refiProject()
        let comments = try store.comments()
        var byGUID: [String: CommentRecord] = [:]
        for comment in comments { byGUID[REFIQDA.guid("selection", comment.sessionID, comment.commentID)] = comment }
        // The comments' selections (the others are markers' and headings').
        let selections = Self.selections(in: project.qde).filter { byGUID[$0.guid] != nil }
        #expect(selections.count == comments.count)
        // Sources are written in session order; selections likewise, so split them by source.
        var checked = Set<String>()
        for source in project.sources {
            let scalars = Array(source.text.unicodeScalars)
            for selection in selections {
                guard let comment = byGUID[selection.guid],
                      "sources/" + REFIQDA.guid("source-file", comment.sessionID) + ".txt" == source.path else { continue }
                #expect(0 <= selection.start && selection.start <= selection.end && selection.end <= scalars.count)
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[selection.start..<selection.end])
                #expect(String(view) == DocumentText.unifyingLineBreaks(comment.text))
                checked.insert(comment.commentID)
            }
        }
        #expect(checked.count == comments.count)
        // LF line endings only (docs/refi-qda.md): a CR LF made a reader that joins them count every later place one short.
        #expect(project.sources.allSatisfy { !$0.text.unicodeScalars.contains("\r") })
        #expect(comments.contains { $0.text == "First line\r\nsecond line" })
        for text in Self.multibyteTexts { #expect(comments.contains { $0.text == text }) }
        // The README's counting trap: a scalar offset differs from graphemes and UTF-16 here.
        let c = project.sources.first { $0.path.contains(REFIQDA.guid("source-file", Self.sessionC)) }!.text
        let family = try #require(c.range(of: Self.multibyteTexts[1]))
        #expect(c.unicodeScalars.distance(from: c.startIndex, to: family.upperBound) != c.distance(from: c.startIndex, to: family.upperBound))
    }

    @Test func archiveHoldsProjectAndEveryInternalSource() throws {
        let folder = TempFolder()
        let store = try Self.store(folder)
        let entries = try REFIQDA.entries(of: try store.exportQDPX())
        let qde = String(decoding: try #require(entries["project.qde"]), as: UTF8.self)
        #expect(qde == (try store.refiProject().qde))
        let paths = Self.attributes(named: "plainTextPath", in: qde) + Self.attributes(named: "path", in: qde)
        // Three sessions, Amir's card (one for both decks that show it), session A's screenshot as its
        // description (its log names no deck file), session C's screenshot as a picture.
        #expect(paths.count == 6)
        for path in paths {
            #expect(path.hasPrefix("internal://"))
            let entry = "sources/" + path.dropFirst("internal://".count)
            #expect(entries[entry] != nil, "missing \(entry)")
        }
        #expect(Set(entries.keys) == Set(["project.qde"] + paths.map { "sources/" + $0.dropFirst("internal://".count) }))
        #expect(!entries.keys.contains { $0.hasPrefix("Sources/") })
        let picture = try #require(Self.attributes(named: "path", in: qde).first)
        #expect(entries["sources/" + picture.dropFirst("internal://".count)] == Self.screenshot)
    }

    @Test func withdrawnParticipantIsAbsent() throws {
        let folder = TempFolder()
        let store = try Self.store(folder)
        let project = try store.refiProject()
        let everything = project.qde + project.sources.map(\.text).joined()
        #expect(!everything.contains("P9"))
        #expect(!everything.contains("never be exported"))
        #expect(everything.contains("P1: " + Self.multibyteTexts[0]))
    }

    @Test func structureFollowsTheDesign() throws {
        let folder = TempFolder()
        let store = try Self.store(folder)
        let project = try store.refiProject(scope: Scope(sessions: [Self.sessionC]))
        let qde = project.qde
        // Users are the writers; the marker is a Note referenced from its source.
        #expect(Self.attributes(named: "name", in: qde).contains("note-taker-1"))
        #expect(qde.contains("<PlainTextContent>Strong moment &lt;here&gt; &amp; now</PlainTextContent>"))
        #expect(qde.contains("<NoteRef "))
        // Groups are non-codable parents; the emergent tag sits under its own parent.
        #expect(qde.contains("name=\"Using the apps\" isCodable=\"false\""))
        #expect(qde.contains("name=\"Emergent codes\" isCodable=\"false\""))
        #expect(Self.attributes(named: "name", in: qde).contains("new-tag"))
        // Cases with table, round, session and other attributes as variables.
        #expect(qde.contains("<TextValue>carer</TextValue>"))
        #expect(qde.contains("<TextValue>3</TextValue>"))
        #expect(qde.contains("<TextValue>\(Self.sessionC)</TextValue>"))
        // No empty container elements, schema order of the project's children.
        for container in ["Users", "CodeBook", "Codes", "Variables", "Cases", "Sources", "Notes"] {
            #expect(!qde.contains("<\(container)/>"))
            #expect(!qde.contains("<\(container)>\n</\(container)>"))
        }
        let order = ["<Users>", "<CodeBook>", "<Variables>", "<Cases>", "<Sources>", "<Notes>"].map { qde.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        // Transcript: prompt headings, then speaker lines.
        let text = try #require(project.sources.first?.text)
        #expect(text.contains("\n## Meet Amir\n\nP1: "))
        #expect(text.contains("\n## Who do you trust with your record?\n\nRoom: "))
    }

    @Test func markersAreNotesOnTheirPlaceInTheSessionText() throws {
        let folder = TempFolder()
        let project = try Self.store(folder).refiProject()
        let notes = project.qde.components(separatedBy: "<Note ").dropFirst().map { $0.components(separatedBy: "</Note>")[0] }
        #expect(notes.count == 2)
        for note in notes {
            let label = Self.unescape(try #require(note.components(separatedBy: "<PlainTextContent>").dropFirst().first?
                .components(separatedBy: "</PlainTextContent>").first))
            let selection = try #require(Self.selections(in: note).first, "a note without a selection is not imported as an annotation")
            // The session whose source refers to the note holds its text.
            let noteGUID = Self.attributes(named: "guid", in: " " + note)[0]
            let source = try #require(project.qde.components(separatedBy: "<TextSource ").dropFirst().first { $0.contains("<NoteRef targetGUID=\"\(noteGUID)\"") })
            let path = Self.attributes(named: "plainTextPath", in: source)[0].dropFirst("internal://".count)
            let text = Array(try #require(project.sources.first { $0.path == "sources/" + path }).text.unicodeScalars)
            #expect(String(String.UnicodeScalarView(text[selection.start..<selection.end])) == label)
        }
        let c = try #require(project.sources.first { $0.path.contains(REFIQDA.guid("source-file", Self.sessionC)) }?.text)
        #expect(c.contains("P2: \(Self.multibyteTexts[1])\nMarker (facilitator): Strong moment <here> & now\n"))
    }

    @Test func screenshotsAndPersonaCardsAreSourcesTheSessionTextLinksTo() throws {
        let folder = TempFolder()
        let store = try Self.store(folder)
        let qde = try store.refiProject(scope: Scope(sessions: [Self.sessionC])).qde
        let picture = try #require(qde.split(separator: "\n").first { $0.contains("<PictureSource ") }.map(String.init))
        #expect(Self.attributes(named: "name", in: picture) == ["nhs-results.png"])
        #expect(Self.attributes(named: "creatingUser", in: picture) == [REFIQDA.guid("user", "facilitator")])
        let card = try #require(qde.split(separator: "\n").first { $0.contains("name=\"Persona card — Amir\"") }.map(String.init))
        let targets = Set(qde.split(separator: "\n").filter { $0.contains("<Link ") }.map { Self.attributes(named: "targetGUID", in: String($0))[0] })
        #expect(targets == [Self.attributes(named: "guid", in: picture)[0], Self.attributes(named: "guid", in: card)[0]])
        // Session A's log says nothing of where its deck was: its screenshot is its description, not a failure.
        let a = try store.refiProject(scope: Scope(sessions: [Fixture.sessionA]))
        #expect(a.pictures.isEmpty)
        #expect(a.sources.contains { $0.text.hasSuffix("\n\nThe results page of the NHS App.\n") })
    }

    @Test func sameStoreGivesByteIdenticalFiles() throws {
        let folder = TempFolder()
        let a = try Self.store(folder, name: "a.sqlite")
        let b = try Self.store(folder, name: "b.sqlite", reversed: true)
        let first = try a.exportQDPX()
        #expect(first == (try a.exportQDPX()))
        #expect(first == (try b.exportQDPX()))
        #expect(try a.exportQDC() == (try b.exportQDC()))
    }

    @Test func emptyStoreGivesAValidProjectWithoutEmptyContainers() throws {
        let folder = TempFolder()
        let store = try folder.store()
        let project = try store.refiProject()
        #expect(project.sources.isEmpty)
        for container in ["<Users", "<CodeBook", "<Variables", "<Cases", "<Sources", "<Notes"] { #expect(!project.qde.contains(container)) }
        #expect(throws: UserError.self) { try store.exportQDC() }
        let entries = try REFIQDA.entries(of: try store.exportQDPX())
        #expect(Array(entries.keys) == ["project.qde"])
        let schema = Self.schemaFolder + "/Project-mrt2019.xsd"
        guard FileManager.default.fileExists(atPath: schema), Self.xmllintAvailable() else {
            print("REFI-QDA schema validation of the empty project SKIPPED: no schema at \(schema) or no xmllint")
            return
        }
        let file = folder.write(project.qde, to: "empty.qde")
        let result = try Self.xmllint(file, schema: schema)
        #expect(result.status == 0, "xmllint: \(result.output)")
    }

    @Test func guidsAreStableAndShaped() {
        #expect(REFIQDA.guid("code", "access") == REFIQDA.guid("code", "access"))
        #expect(REFIQDA.guid("code", "access") != REFIQDA.guid("group", "access"))
        #expect(REFIQDA.guid("case", "a", "bc") != REFIQDA.guid("case", "ab", "c"))
        #expect(REFIQDA.guid("x", "y").count == 36)
    }
}

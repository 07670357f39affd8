import Foundation
import Testing
@testable import ParleyCore

@Suite struct ContentLoaderTests {
    @Test func validDeckLoadsWithPersonasAndCodebook() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let path = try tree.write("Decks/d.yaml", ContentTree.deck)
        let (workshop, _) = try ContentLoader.loadWorkshop(path)
        #expect(workshop.deck.prompts.map(\.id) == ["welcome", "meet-amir", "home"])
        #expect(workshop.deck.prompts[0].minutes == 5)
        #expect(workshop.personas.map(\.id) == ["amir"])
        #expect(workshop.personas[0].quote.hasPrefix("جی ہاں"))
        #expect(workshop.codebook.code(key: "f")?.tag == "fragmentation")
        #expect(workshop.sha256.count == 64)
        #expect(ContentLoader.check(paths: [tree.path("Decks"), tree.path("Personas")]).diagnostics.isEmpty)
    }

    @Test func yamlSyntaxErrorIsLocated() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let problems = try tree.deckProblems("id: d\ntitle: [unclosed\ncodebook: x\n")
        #expect(problems == ["3:9: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence"])
    }

    @Test func missingRequiredFieldsAndWrongTypes() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let problems = try tree.deckProblems("""
        id: d
        codebook: codebook/cb.yaml
        prompts:
          - id: a
            kind: question
            title: A
            minutes: ten
          - id: b
            title: [not, text]
        """)
        #expect(problems.contains("1:1: the deck is missing required field \"title\"; expected text"))
        #expect(problems.contains("7:14: field \"minutes\" must be a whole number; found text \"ten\""))
        #expect(problems.contains("8:5: a prompt is missing required field \"kind\"; expected text"))
        #expect(problems.contains("9:12: field \"title\" must be text; found a list"))
    }

    @Test func duplicatePromptIdsAndBadIds() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let problems = try tree.deckProblems("""
        id: d
        title: T
        codebook: codebook/cb.yaml
        prompts:
          - {id: a, kind: question, title: A}
          - {id: a, kind: question, title: Again}
          - {id: Bad_Id, kind: question, title: B}
        """)
        #expect(problems.contains("6:10: duplicate prompt id \"a\" (first used at line 5); expected unique ids"))
        #expect(problems.contains("7:10: id \"Bad_Id\" is not valid; expected lowercase letters, digits and '-' ([a-z0-9-]+)"))
    }

    @Test func unknownPersonaSuggestsTheClosest() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let problems = try tree.deckProblems("""
        id: d
        title: T
        codebook: codebook/cb.yaml
        prompts:
          - id: p
            kind: persona
            title: Someone
            persona: amirr
        """)
        #expect(problems.count == 1)
        #expect(problems[0].hasPrefix("8:14: prompt \"p\" refers to persona \"amirr\", which is not in "))
        #expect(problems[0].contains("(did you mean \"amir\"?)"))
    }

    @Test func screenshotNeedsAltAndAnExistingImage() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let problems = try tree.deckProblems("""
        id: d
        title: T
        codebook: codebook/cb.yaml
        prompts:
          - id: s
            kind: screenshot
            title: Shot
            image: screens/missing.png
        """)
        #expect(problems.contains("5:5: screenshot prompt \"s\" has no \"alt\"; expected a full text description of the screenshot"))
        #expect(problems.contains("8:12: image \"screens/missing.png\" does not exist; expected a PNG path relative to the deck file"))
    }

    @Test func deckIdMustMatchItsFileName() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let problems = try tree.deckProblems("""
        id: workshop-two
        title: T
        codebook: codebook/cb.yaml
        prompts:
          - id: q
            kind: question
            title: Q
        """)
        #expect(problems == ["1:5: deck id \"workshop-two\" differs from its file name; expected the file to be named workshop-two.yaml"])
    }

    @Test func checkAsksWhetherAScreenshotCanBeShown() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        _ = try tree.write("Decks/screens/broken.png", "not really a PNG")
        let deck = try tree.write("Decks/d.yaml", """
        id: d
        title: T
        codebook: codebook/cb.yaml
        prompts:
          - id: s
            kind: screenshot
            title: Shot
            image: screens/broken.png
            alt: A phone screen.
        """)
        var asked: [String] = []
        let problems = ContentLoader.check(paths: [deck], checkingImages: { asked.append($0); return "damaged PNG: the CRC of the IDAT chunk at byte 33 is wrong" })
            .diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        #expect(asked.count == 1 && asked[0].hasSuffix("Decks/screens/broken.png"))
        #expect(problems == ["8:12: image \"screens/broken.png\" cannot be shown (damaged PNG: the CRC of the IDAT chunk at byte 33 is wrong); expected a PNG that opens — the room would see the alt text instead"])
        #expect(ContentLoader.check(paths: [deck]).diagnostics.isEmpty, "without the check the file only has to exist")
    }

    @Test func emptyDeckAndUnknownFieldAndBadKind() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let problems = try tree.deckProblems("""
        id: d
        titel: T
        codebook: codebook/cb.yaml
        prompts: []
        """)
        #expect(problems.contains { $0.hasPrefix("2:1: unknown field \"titel\" in the deck (did you mean \"title\"?)") })
        #expect(problems.contains("4:10: the deck has no prompts; expected at least one"))
        let kind = try tree.deckProblems("id: d\ntitle: T\ncodebook: codebook/cb.yaml\nprompts:\n  - {id: a, kind: persona-card, title: A}\n")
        #expect(kind.contains { $0.hasPrefix("5:19: kind \"persona-card\" is not known") })
    }

    @Test func codebookDuplicateHotkeysAndBadTags() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let file = try tree.write("Decks/codebook/bad.yaml", """
        id: bad
        title: Bad
        groups:
          - id: g
            label: G
            codes:
              - {tag: trust, label: T, description: D, key: t}
              - {tag: Trust Me, label: T, description: D, key: t}
              - {tag: trust, label: T, description: D, key: xy}
        """)
        let problems = ContentLoader.check(paths: [file]).diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        #expect(problems.contains("8:15: tag \"Trust Me\" is not valid; expected lowercase letters, digits and '-' ([a-z0-9-]+)"))
        #expect(problems.contains("8:56: duplicate hotkey \"t\", already used by \"trust\" at line 7; expected unique hotkeys"))
        #expect(problems.contains("9:15: duplicate tag \"trust\" (first used at line 7); expected unique tags"))
        #expect(problems.contains("9:53: hotkey \"xy\" is not valid; expected one lowercase letter or digit (pressed as Alt+key)"))
    }

    @Test func hostileFilesGiveMessagesNotCrashes() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        // Billion laughs: refused at the first anchor, never expanded.
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 { bomb += "\(Character(Unicode.Scalar(97 + level)!)): &\(Character(Unicode.Scalar(97 + level)!)) [" + Array(repeating: "*\(Character(Unicode.Scalar(96 + level)!))", count: 9).joined(separator: ",") + "]\n" }
        bomb += "id: d\ntitle: T\ncodebook: codebook/cb.yaml\nprompts: *j\n"
        let bombProblems = try tree.deckProblems(bomb)
        #expect(bombProblems.contains { $0.contains("anchors and aliases") })
        #expect(bombProblems.count < 50)

        let junk = tree.path("Decks/junk.yaml")
        try Data([0x00, 0xFF, 0xFE, 0x01, 0x02, 0x9F]).write(to: URL(fileURLWithPath: junk))
        let junkProblems = ContentLoader.check(paths: [junk]).diagnostics
        #expect(junkProblems.count == 1)
        #expect(junkProblems[0].description.hasPrefix(junk + ":1:2: invalid UTF-8"))

        let big = tree.path("Decks/big.yaml")
        FileManager.default.createFile(atPath: big, contents: Data(count: 6 * 1024 * 1024))
        #expect(ContentLoader.check(paths: [big]).diagnostics.first?.message.contains("too large") == true)

        let text = try tree.deckProblems("just a string")
        #expect(text == ["1:1: the deck must be a mapping of fields; found text \"just a string\""])
    }

    @Test func personaErrorsAreLocated() throws {
        let tree = try ContentTree(); defer { tree.remove() }
        let file = try tree.write("Personas/amir.yaml", ContentTree.persona.replacingOccurrences(of: "age: 74", with: "age: 300"))
        let problems = ContentLoader.check(paths: [file]).diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        #expect(problems == ["3:6: field \"age\" is 300; expected a number from 0 to 120"])
    }

    @Test func bundledContentPassesCheck() throws {
        // The repository's own Decks/ and Personas/: a broken edit fails CI.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = ContentLoader.check(paths: [repository.appendingPathComponent("Decks").path, repository.appendingPathComponent("Personas").path])
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.files >= 10)
        // Every persona and every screenshot is used by some deck.
        let decks = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("Decks").path).filter { $0.hasSuffix(".yaml") }
        var personas = Set<String>(), images = Set<String>()
        for deck in decks {
            let workshop = try ContentLoader.loadWorkshop(repository.appendingPathComponent("Decks/\(deck)").path).workshop
            personas.formUnion(workshop.deck.prompts.compactMap(\.persona))
            images.formUnion(workshop.deck.prompts.compactMap(\.image))
        }
        let personaFiles = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("Personas").path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(personaFiles.map { String($0.dropLast(5)) }) == personas)
        let screenFiles = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("Decks/screens").path).filter { $0.hasSuffix(".png") }
        #expect(Set(screenFiles.map { "screens/" + $0 }) == images)
        #expect(personas.count >= 6 && images.count >= 8)
    }
}

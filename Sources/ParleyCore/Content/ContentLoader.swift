import Crypto
import Foundation
import Yams

/// Loads and validates decks, personas and codebooks. Every problem becomes a `Diagnostic`
/// with `path:line:column`; nothing here traps on bad input.
public enum ContentLoader {
    // MARK: Single files

    public static func loadPersona(path: String) throws -> Persona {
        try parse(path: path) { source, reader in persona(from: source.root, reader: reader, path: path) }.0
    }

    public static func loadCodebook(path: String) throws -> Codebook {
        try parse(path: path) { source, reader in codebook(from: source.root, reader: reader) }.0
    }

    /// Loads a deck and everything it refers to. `deck` is a path, or an id looked up under `Decks/`
    /// of the current directory.
    /// Why an image file cannot be shown (nil: it can). `parley check` passes the PNG decoder, so a
    /// damaged screenshot is found before the workshop rather than in front of the room.
    public typealias ImageCheck = (_ path: String) -> String?

    public static func loadWorkshop(_ deck: String, checkingImages imageProblem: ImageCheck? = nil) throws -> (workshop: Workshop, deckPath: String) {
        let deckPath = resolveDeckArgument(deck)
        var digest = SHA256()
        let (deckValue, source, deckProblems) = try parseCollecting(path: deckPath) { source, reader in self.deck(from: source.root, reader: reader) }
        // A deck whose own fields are broken is still checked for what it refers to, so one run shows everything.
        guard let parsedDeck = deckValue else { throw Diagnostics(deckProblems) }
        digest.update(data: source.bytes)
        var problems = deckProblems
        let deckDirectory = (deckPath as NSString).deletingLastPathComponent
        let codebookPath = (deckDirectory as NSString).appendingPathComponent(parsedDeck.codebook)
        var codebook: Codebook?
        if !FileManager.default.fileExists(atPath: codebookPath) {
            let mark = source.root["codebook"]?.mark
            problems.append(Diagnostic(path: deckPath, line: mark?.line ?? 1, column: mark?.column ?? 1,
                message: "codebook \"\(parsedDeck.codebook)\" does not exist; expected a YAML path relative to the deck file (such as codebook/phr-gm.yaml)"))
        } else { do {
            let (book, bookSource) = try parse(path: codebookPath) { source, reader in self.codebook(from: source.root, reader: reader) }
            codebook = book
            digest.update(data: bookSource.bytes)
        } catch let error as Diagnostics {
            problems += error.items
        } }
        let personaDirectory = personasFolder(forDeckAt: deckPath)
        var personas: [Persona] = []
        for prompt in parsedDeck.prompts {
            guard let id = prompt.persona, !personas.contains(where: { $0.id == id }) else { continue }
            let personaPath = (personaDirectory as NSString).appendingPathComponent("\(id).yaml")
            guard FileManager.default.fileExists(atPath: personaPath) else { continue } // reported by references(of:)
            do {
                let (persona, personaSource) = try parse(path: personaPath) { source, reader in self.persona(from: source.root, reader: reader, path: personaPath) }
                personas.append(persona)
                digest.update(data: personaSource.bytes)
            } catch let error as Diagnostics {
                problems += error.items
            }
        }
        problems += references(of: parsedDeck, deckPath: deckPath, source: source, imageProblem: imageProblem)
        guard problems.isEmpty, let codebook else { throw Diagnostics(problems) }
        return (Workshop(deck: parsedDeck, personas: personas, codebook: codebook, sha256: digest.finalize().hex), deckPath)
    }

    /// `demo` → `Decks/demo.yaml` when no such file exists as given.
    public static func resolveDeckArgument(_ argument: String) -> String {
        if FileManager.default.fileExists(atPath: argument) { return argument }
        for candidate in ["Decks/\(argument).yaml", "Decks/\(argument).yml"] where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return argument
    }

    /// `Personas/` beside the `Decks/` folder that holds the deck (decks may sit in subfolders of `Decks/`).
    public static func personasFolder(forDeckAt deckPath: String) -> String {
        var directory = URL(fileURLWithPath: deckPath).deletingLastPathComponent().standardizedFileURL
        while directory.path != "/" {
            if directory.lastPathComponent == "Decks" {
                return directory.deletingLastPathComponent().appendingPathComponent("Personas").path
            }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: deckPath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Personas").path
    }

    // MARK: Checking a tree

    /// Validates every deck, persona and codebook at `paths` (files or folders). No paths: `Decks/` and `Personas/`.
    /// Returns every problem found and how many files were checked.
    public static func check(paths: [String], checkingImages imageProblem: ImageCheck? = nil) -> (diagnostics: [Diagnostic], files: Int) {
        let roots = paths.isEmpty ? ["Decks", "Personas"] : paths
        var diagnostics: [Diagnostic] = []
        var files = 0
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(path: root, line: 1, column: 1, message: "no such file or folder; expected a deck, persona or codebook YAML file or a folder of them"))
                continue
            }
            let yamlFiles = isDirectory.boolValue ? yamlFiles(under: root) : [root]
            for file in yamlFiles {
                files += 1
                diagnostics += checkFile(file, checkingImages: imageProblem)
            }
        }
        // A persona with a problem is reported by every deck that uses it too: say it once.
        var seen = Set<String>()
        return (diagnostics.filter { seen.insert($0.description).inserted }, files)
    }

    static func yamlFiles(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                found.append((root as NSString).appendingPathComponent(relative))
            }
        }
        return found.sorted()
    }

    enum FileRole { case deck, persona, codebook }

    /// Which kind of content a path holds, by where it lives (DESIGN.md: "Where things are found").
    static func role(of path: String) -> FileRole {
        let components = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        if let decks = components.lastIndex(of: "Decks") {
            return components[(decks + 1)...].dropLast().contains("codebook") ? .codebook : .deck
        }
        if components.contains("Personas") { return .persona }
        return .deck
    }

    static func checkFile(_ path: String, checkingImages imageProblem: ImageCheck?) -> [Diagnostic] {
        do {
            switch role(of: path) {
            case .persona: _ = try loadPersona(path: path)
            case .codebook: _ = try loadCodebook(path: path)
            case .deck: _ = try loadWorkshop(path, checkingImages: imageProblem)
            }
            return []
        } catch let error as Diagnostics {
            return error.items
        } catch {
            return [Diagnostic(path: path, line: 1, column: 1, message: "\(error)")]
        }
    }

    // MARK: Parsing

    /// Parses a file and builds a value, keeping every problem. Throws only when the file cannot be read or parsed at all.
    private static func parseCollecting<T>(path: String, _ build: (YAMLSource, FieldReader) -> T?) throws -> (T?, YAMLSource, [Diagnostic]) {
        let source = try YAMLSource.load(path: path)
        let reader = FieldReader(path: path)
        let value = build(source, reader)
        return (value, source, reader.diagnostics)
    }

    private static func parse<T>(path: String, _ build: (YAMLSource, FieldReader) -> T?) throws -> (T, YAMLSource) {
        let (value, source, diagnostics) = try parseCollecting(path: path, build)
        guard diagnostics.isEmpty, let value else {
            throw Diagnostics(diagnostics.isEmpty ? [Diagnostic(path: path, line: 1, column: 1, message: "invalid content")] : diagnostics)
        }
        return (value, source)
    }

    static let deckFields = ["id", "title", "codebook", "format", "rounds", "tables", "prompts"]
    static let promptFields = ["id", "kind", "title", "minutes", "questions", "notes", "persona", "image", "alt", "round"]
    static let personaFields = ["id", "name", "age", "summary", "conditions", "languages", "support", "devices", "apps", "goals", "worries", "quote", "portrait"]
    static let codebookFields = ["id", "title", "groups"]
    static let groupFields = ["id", "label", "description", "codes"]
    static let codeFields = ["tag", "label", "description", "key"]

    static func deck(from root: Node, reader: FieldReader) -> Deck? {
        guard let fields = reader.mapping(root, what: "the deck", allowed: deckFields) else { return nil }
        let id = fields.identifier("id")
        // `parley run ID` finds Decks/ID.yaml: an id that differs from the file name would find nothing, or another deck.
        if let id, id != URL(fileURLWithPath: reader.path).deletingPathExtension().lastPathComponent {
            reader.report(fields["id"], "deck id \"\(id)\" differs from its file name; expected the file to be named \(id).yaml")
        }
        let title = fields.string("title")
        let codebook = fields.string("codebook")
        let format = fields.enumeration("format", DeckFormat.self, required: false) ?? .workshop
        let rounds = fields.integer("rounds", range: 1...12)
        let tables = fields.integer("tables", range: 1...99)
        if format != .worldCafe {
            for key in ["rounds", "tables"] where fields[key] != nil {
                reader.report(fields[key], "\"\(key)\" is only for World Café decks; expected format: world-cafe or no \"\(key)\"")
            }
        }
        let promptNodes = fields.list("prompts")
        if fields["prompts"] != nil, promptNodes.isEmpty, case .sequence = fields["prompts"]! {
            reader.report(fields["prompts"], "the deck has no prompts; expected at least one")
        }
        var prompts: [Prompt] = []
        var seen: [String: Mark] = [:]
        for node in promptNodes {
            guard let prompt = self.prompt(from: node, reader: reader, format: format, rounds: rounds) else { continue }
            if let first = seen[prompt.id] {
                reader.report(node["id"] ?? node, "duplicate prompt id \"\(prompt.id)\" (first used at line \(first.line)); expected unique ids")
            } else {
                seen[prompt.id] = (node["id"] ?? node).mark
            }
            prompts.append(prompt)
        }
        guard let id, let title, let codebook else { return nil }
        return Deck(id: id, title: title, codebook: codebook, format: format, rounds: rounds, tables: tables, prompts: prompts)
    }

    static func prompt(from node: Node, reader: FieldReader, format: DeckFormat, rounds: Int?) -> Prompt? {
        guard let fields = reader.mapping(node, what: "a prompt", allowed: promptFields) else { return nil }
        let id = fields.identifier("id")
        let kind = fields.enumeration("kind", PromptKind.self, required: true)
        let title = fields.string("title")
        let minutes = fields.integer("minutes", range: 1...600)
        let questions = fields.strings("questions")
        let notes = fields.string("notes", required: false)
        var persona: String?, image: String?, alt: String?
        let round = fields.integer("round", range: 1...(rounds ?? 12))
        if round != nil, format != .worldCafe {
            reader.report(fields["round"], "\"round\" is only for World Café decks; expected format: world-cafe on the deck")
        }
        switch kind {
        case .persona?:
            persona = fields.identifier("persona")
        case .screenshot?:
            image = fields.string("image")
            if fields["alt"] == nil {
                reader.report(node, "screenshot prompt \"\(id ?? "?")\" has no \"alt\"; expected a full text description of the screenshot")
            } else {
                alt = fields.string("alt")
            }
        default:
            break
        }
        for key in ["persona", "image", "alt"] where fields[key] != nil {
            let allowedHere = (key == "persona" && kind == .persona) || (key != "persona" && kind == .screenshot)
            if !allowedHere, let kind {
                reader.report(fields[key], "\"\(key)\" does not belong on a \(kind.rawValue) prompt; expected it only on \(key == "persona" ? "persona" : "screenshot") prompts")
            }
        }
        guard let id, let kind, let title else { return nil }
        return Prompt(id: id, kind: kind, title: title, minutes: minutes, questions: questions, notes: notes,
                      persona: persona, image: image, alt: alt, round: round)
    }

    static func persona(from root: Node, reader: FieldReader, path: String) -> Persona? {
        guard let fields = reader.mapping(root, what: "the persona", allowed: personaFields) else { return nil }
        let id = fields.identifier("id")
        let name = fields.string("name")
        let age = fields.integer("age", required: true, range: 0...120)
        let summary = fields.string("summary")
        let support = fields.string("support")
        let quote = fields.string("quote")
        let portrait = fields.string("portrait", required: false)
        let lists = ["conditions", "languages", "devices", "apps", "goals", "worries"].map { fields.strings($0, required: true) }
        if let id, id != URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent {
            reader.report(fields["id"], "persona id \"\(id)\" differs from its file name; expected the file to be named \(id).yaml")
        }
        if let portrait, !portrait.isEmpty {
            let portraitPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(portrait).path
            if !FileManager.default.fileExists(atPath: portraitPath) {
                reader.report(fields["portrait"], "portrait \"\(portrait)\" does not exist; expected a PNG path relative to the persona file")
            }
        }
        guard let id, let name, let age, let summary, let support, let quote else { return nil }
        return Persona(id: id, name: name, age: age, summary: summary, conditions: lists[0], languages: lists[1],
                       support: support, devices: lists[2], apps: lists[3], goals: lists[4], worries: lists[5],
                       quote: quote, portrait: portrait)
    }

    static func codebook(from root: Node, reader: FieldReader) -> Codebook? {
        guard let fields = reader.mapping(root, what: "the codebook", allowed: codebookFields) else { return nil }
        let id = fields.identifier("id")
        let title = fields.string("title")
        var groups: [CodeGroup] = []
        var tags: [String: Mark] = [:]
        var keys: [String: (String, Mark)] = [:]
        for groupNode in fields.list("groups") {
            guard let groupFields = reader.mapping(groupNode, what: "a code group", allowed: groupFields) else { continue }
            let groupID = groupFields.identifier("id")
            let label = groupFields.string("label")
            let description = groupFields.string("description", required: false)
            var codes: [Code] = []
            for codeNode in groupFields.list("codes") {
                guard let codeFields = reader.mapping(codeNode, what: "a code", allowed: codeFields) else { continue }
                let tag = codeFields.identifier("tag")
                let codeLabel = codeFields.string("label")
                let codeDescription = codeFields.string("description")
                let key = codeFields.string("key", required: false)
                if let tag {
                    if let first = tags[tag] {
                        reader.report(codeNode["tag"], "duplicate tag \"\(tag)\" (first used at line \(first.line)); expected unique tags")
                    } else {
                        tags[tag] = codeNode["tag"]?.mark
                    }
                }
                if let key {
                    if key.count != 1 || !Identifier.isValid(key) || key == "-" {
                        reader.report(codeNode["key"], "hotkey \"\(key)\" is not valid; expected one lowercase letter or digit (pressed as Alt+key)")
                    } else if let (other, mark) = keys[key] {
                        reader.report(codeNode["key"], "duplicate hotkey \"\(key)\", already used by \"\(other)\" at line \(mark.line); expected unique hotkeys")
                    } else if let tag, let mark = codeNode["key"]?.mark {
                        keys[key] = (tag, mark)
                    }
                }
                if let tag, let codeLabel, let codeDescription {
                    codes.append(Code(tag: tag, label: codeLabel, description: codeDescription, key: key))
                }
            }
            if let groupID, let label {
                groups.append(CodeGroup(id: groupID, label: label, description: description, codes: codes))
            }
        }
        guard let id, let title else { return nil }
        return Codebook(id: id, title: title, groups: groups)
    }

    /// Checks what the deck refers to on disk: images (and, with `imageProblem`, whether they can be shown) and persona files.
    static func references(of deck: Deck, deckPath: String, source: YAMLSource, imageProblem: ImageCheck?) -> [Diagnostic] {
        let reader = FieldReader(path: deckPath)
        let directory = (deckPath as NSString).deletingLastPathComponent
        let personaDirectory = personasFolder(forDeckAt: deckPath)
        let known = ((try? FileManager.default.contentsOfDirectory(atPath: personaDirectory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        let promptNodes = source.root["prompts"].map { $0.array() } ?? []
        for (index, prompt) in deck.prompts.enumerated() {
            let node = index < promptNodes.count ? promptNodes[index] : source.root
            if let persona = prompt.persona, !known.contains(persona) {
                reader.report(node["persona"], "prompt \"\(prompt.id)\" refers to persona \"\(persona)\", which is not in \(personaDirectory)\(Suggestion.hint(for: persona, in: known)); expected a file \(persona).yaml there")
            }
            if let image = prompt.image {
                let imagePath = (directory as NSString).appendingPathComponent(image)
                if !FileManager.default.fileExists(atPath: imagePath) {
                    reader.report(node["image"], "image \"\(image)\" does not exist; expected a PNG path relative to the deck file")
                } else if let problem = imageProblem?(imagePath) {
                    reader.report(node["image"], "image \"\(image)\" cannot be shown (\(problem)); expected a PNG that opens — the room would see the alt text instead")
                }
            }
        }
        return reader.diagnostics
    }
}

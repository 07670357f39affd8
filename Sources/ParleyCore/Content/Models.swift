/// The workshop content as it is written in YAML (see docs/content.md). These values are also
/// snapshotted into every session log, so a log replays without the files.

public enum PromptKind: String, Codable, Sendable, CaseIterable {
    case section, persona, screenshot, question
}

public enum DeckFormat: String, Codable, Sendable, CaseIterable {
    case workshop
    case worldCafe = "world-cafe"
}

public struct Prompt: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var kind: PromptKind
    public var title: String
    public var minutes: Int?
    public var questions: [String]
    public var notes: String?
    public var persona: String?
    public var image: String?
    public var alt: String?
    public var round: Int?

    public init(id: String, kind: PromptKind, title: String, minutes: Int? = nil, questions: [String] = [],
                notes: String? = nil, persona: String? = nil, image: String? = nil, alt: String? = nil, round: Int? = nil) {
        self.id = id; self.kind = kind; self.title = title; self.minutes = minutes; self.questions = questions
        self.notes = notes; self.persona = persona; self.image = image; self.alt = alt; self.round = round
    }
}

public struct Deck: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var codebook: String
    public var format: DeckFormat
    public var rounds: Int?
    public var tables: Int?
    public var prompts: [Prompt]

    public init(id: String, title: String, codebook: String, format: DeckFormat = .workshop,
                rounds: Int? = nil, tables: Int? = nil, prompts: [Prompt]) {
        self.id = id; self.title = title; self.codebook = codebook; self.format = format
        self.rounds = rounds; self.tables = tables; self.prompts = prompts
    }
}

public struct Persona: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var age: Int
    public var summary: String
    public var conditions: [String]
    public var languages: [String]
    public var support: String
    public var devices: [String]
    public var apps: [String]
    public var goals: [String]
    public var worries: [String]
    public var quote: String
    public var portrait: String?

    public init(id: String, name: String, age: Int, summary: String, conditions: [String] = [], languages: [String] = [],
                support: String = "", devices: [String] = [], apps: [String] = [], goals: [String] = [],
                worries: [String] = [], quote: String = "", portrait: String? = nil) {
        self.id = id; self.name = name; self.age = age; self.summary = summary; self.conditions = conditions
        self.languages = languages; self.support = support; self.devices = devices; self.apps = apps
        self.goals = goals; self.worries = worries; self.quote = quote; self.portrait = portrait
    }
}

public struct Code: Codable, Sendable, Equatable {
    public var tag: String
    public var label: String
    public var description: String
    public var key: String?

    public init(tag: String, label: String, description: String, key: String? = nil) {
        self.tag = tag; self.label = label; self.description = description; self.key = key
    }
}

public struct CodeGroup: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var label: String
    public var description: String?
    public var codes: [Code]

    public init(id: String, label: String, description: String? = nil, codes: [Code]) {
        self.id = id; self.label = label; self.description = description; self.codes = codes
    }
}

public struct Codebook: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var groups: [CodeGroup]

    public init(id: String, title: String, groups: [CodeGroup]) {
        self.id = id; self.title = title; self.groups = groups
    }

    public var codes: [Code] { groups.flatMap(\.codes) }
    public func code(tag: String) -> Code? { codes.first { $0.tag == tag } }
    public func code(key: Character) -> Code? { codes.first { $0.key == String(key) } }
    public func group(of tag: String) -> CodeGroup? { groups.first { $0.codes.contains { $0.tag == tag } } }
}

/// A deck with everything it refers to resolved: what `parley run` needs and what a log snapshots.
public struct Workshop: Codable, Sendable, Equatable {
    public var deck: Deck
    public var personas: [Persona]
    public var codebook: Codebook
    /// sha256 of the deck, persona and codebook files' bytes, in that order.
    public var sha256: String

    public init(deck: Deck, personas: [Persona], codebook: Codebook, sha256: String) {
        self.deck = deck; self.personas = personas; self.codebook = codebook; self.sha256 = sha256
    }

    public func persona(_ id: String?) -> Persona? { id.flatMap { id in personas.first { $0.id == id } } }
}

/// Ids and tags share one alphabet: `[a-z0-9-]+`.
public enum Identifier {
    /// The writer name a room's projector joins under: no note-taker may take it.
    public static let projectorWriter = "projector"

    public static func isValid(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}

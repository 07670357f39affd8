import Foundation
@testable import ParleyCore

/// A throwaway content tree (Decks/, Decks/codebook/, Personas/) that tests write broken files into.
struct ContentTree {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("parley-content-\(UUID().uuidString)")
        for folder in ["Decks/codebook", "Decks/screens", "Personas"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try write("Decks/codebook/cb.yaml", Self.codebook)
        try write("Personas/amir.yaml", Self.persona)
        try write("Decks/screens/home.png", "not really a png")
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try text.write(to: root.appendingPathComponent(relative), atomically: true, encoding: .utf8)
        return path(relative)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Diagnostics for a deck written with `text`, as "line:column: message".
    func deckProblems(_ text: String) throws -> [String] {
        let file = try write("Decks/d.yaml", text)
        return ContentLoader.check(paths: [file]).diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
    }

    static let codebook = """
    id: cb
    title: Test codebook
    groups:
      - id: trust-control
        label: Trust and control
        codes:
          - tag: trust
            label: Trust and privacy
            description: Whether people trust the app.
            key: t
          - tag: fragmentation
            label: Several apps
            description: Many apps for the same thing.
            key: f
    """

    static let persona = """
    id: amir
    name: Amir Hussain
    age: 74
    summary: Retired, type 2 diabetes and CKD.
    conditions: [Type 2 diabetes, Chronic kidney disease]
    languages: [Urdu, Punjabi]
    support: His daughter Samina.
    devices: [An old Android phone]
    apps: [NHS App (never logged in)]
    goals: [Stay out of hospital]
    worries: [Getting it wrong]
    quote: "جی ہاں, my daughter does the phone."
    """

    static let deck = """
    id: d
    title: Test deck
    codebook: codebook/cb.yaml
    prompts:
      - id: welcome
        kind: section
        title: Welcome
        minutes: 5
        questions: [Who is here?]
      - id: meet-amir
        kind: persona
        title: Meet Amir
        persona: amir
      - id: home
        kind: screenshot
        title: Home screen
        image: screens/home.png
        alt: A phone home screen with four health apps.
    """
}

/// Builds events with predictable ids and times.
struct EventFactory {
    var session = "00000000-0000-0000-0000-000000000001"
    var writer = "facilitator"
    var seq = 0

    mutating func make(_ body: EventBody) -> Event {
        seq += 1
        return Event(id: "e\(writer)-\(seq)", session: session, writer: writer, seq: seq,
                     at: Timestamp.string(Date(timeIntervalSince1970: 1_764_000_000 + Double(seq))), mono: seq * 1000, body: body)
    }

    static let workshop = Workshop(
        deck: Deck(id: "d", title: "Deck", codebook: "cb.yaml", prompts: [
            Prompt(id: "one", kind: .question, title: "One"), Prompt(id: "two", kind: .question, title: "Two"),
        ]),
        personas: [], codebook: Codebook(id: "cb", title: "CB", groups: []), sha256: String(repeating: "0", count: 64))
}

import Foundation
import ParleyCore
import ParleyLog

/// One writer's log of a busy session on the demo deck, for the store race tests: comments by several
/// participants, tagged, some edited, retagged, deleted and restored. Written with LogWriter's line
/// encoding but in one go, so tens of thousands of events take no time. Every comment of P3 holds the
/// word "quokka" (and no one else's does), so a withdrawal of P3 can be looked for anywhere.
public struct RaceLog {
    public static let withdrawnWord = "quokka"
    static let (workshop, deckPath) = try! ContentLoader.loadWorkshop(ParleyBuild.repository.appendingPathComponent("Decks/demo.yaml").path)
    private static let words = ["app", "login", "letters", "results", "daughter", "trust", "Łódź", "Zażółć", "漢字", "😩",
                                "password", "GP", "kidney", "proxy", "wifi", "booking", "worry", "simple"]
    private static let tags = ["access", "trust", "privacy", "proxy", "language", "fragmentation", "wifi-cost"]

    public let session: String
    public let writer: String
    public private(set) var events: [Event] = []
    private var seconds: Double
    private var rng: SeededGenerator
    private var comments: [(id: String, speaker: String)] = []

    /// A log starting the session `seconds` after a fixed moment, with the deck snapshot.
    public init(session: String, writer: String, seed: UInt64, seconds: Double = 0) {
        self.session = session; self.writer = writer; self.seconds = seconds
        rng = SeededGenerator(seed: seed)
        add(.sessionStarted(SessionStart(workshop: Self.workshop, deckPath: Self.deckPath)))
    }

    public mutating func add(_ body: EventBody) {
        seconds += Double.random(in: 0.2...4, using: &rng)
        events.append(Event(id: UUID().uuidString.lowercased(), session: session, writer: writer, seq: events.count + 1,
                            at: Timestamp.string(Date(timeIntervalSince1970: ScriptClock.start + seconds)),
                            mono: Int(seconds * 1000), body: body))
    }

    /// `count` comments by `speakers` across the deck's prompts, with a note-taker's corrections.
    public mutating func addComments(_ count: Int, speakers: [String]) {
        let prompts = Self.workshop.deck.prompts.map(\.id)
        for speaker in speakers { add(.participantAdded(participant: speaker, attributes: [:])) }
        for n in 0..<count {
            if n % 25 == 0 { add(.promptShown(prompt: prompts[n / 25 % prompts.count])) }
            let speaker = speakers.randomElement(using: &rng)!
            let id = UUID().uuidString.lowercased()
            add(.commentAdded(CommentPayload(comment: id, prompt: prompts[n / 25 % prompts.count], participant: speaker,
                                             text: text(speaker), tags: pickTags())))
            comments.append((id, speaker))
            let earlier = comments.randomElement(using: &rng)!
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<8: add(.commentEdited(comment: earlier.id, participant: earlier.speaker, text: text(earlier.speaker), tags: pickTags()))
            case 8..<12: add(.commentTagged(comment: earlier.id, tag: Self.tags.randomElement(using: &rng)!))
            case 12..<14: add(.commentUntagged(comment: earlier.id, tag: Self.tags.randomElement(using: &rng)!))
            case 14..<17: add(.commentDeleted(comment: earlier.id))
            case 17: add(.commentRestored(comment: earlier.id))
            case 18: add(.marker(label: "quote"))
            default: break
            }
        }
    }

    private mutating func text(_ speaker: String) -> String {
        var text = (0..<Int.random(in: 3...12, using: &rng)).map { _ in Self.words.randomElement(using: &rng)! }
        if speaker == "P3" { text.insert(Self.withdrawnWord, at: Int.random(in: 0...text.count, using: &rng)) }
        return text.joined(separator: " ")
    }

    private mutating func pickTags() -> [String] {
        Array(Self.tags.shuffled(using: &rng).prefix(Int.random(in: 0...2, using: &rng)))
    }

    /// Writes the first `count` events (all by default), as a copy taken while the session was still running.
    public func write(to path: String, first count: Int? = nil) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for event in events.prefix(count ?? events.count) { data.append(try LogWriter.encodeLine(event, encoder: encoder)) }
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw TestError(description: "cannot write \(path)")
        }
    }
}

import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

/// Plays the loop's part for tests, in memory: a record becomes an event stamped here (or fails,
/// like a full disk), an image is decoded, the viewer is only noted. No recorder: a model's
/// effects are the seam, and the loop's rules for them are `EffectRunner.drive`'s.
final class TestLoop {
    static let sessionID = "5e55e55e-0000-4000-8000-000000000001"
    var writer = "facilitator"
    var mono = 0
    var events: [Event] = []
    /// Events the model gave to the room.
    var shared: [Event] = []
    var failing = false
    /// Files the viewer was asked to open, and why it cannot (nil: it opens them).
    var opened: [String] = []
    var viewerProblem: String?
    private(set) var copied: [String] = []
    /// What the media player was told.
    private(set) var told: [PlayerCommand] = []
    private(set) var quit = false

    func answer(_ effect: Effect) -> Message? {
        switch effect {
        case .record(let body):
            if failing { return .recordFailed("No space left on device") }
            let event = Event(id: "e\(events.count + 1)", session: Self.sessionID, writer: writer, seq: events.count + 1,
                              at: Timestamp.string(Date(timeIntervalSince1970: 1_764_072_000 + Double(mono) / 1000)), mono: mono, body: body)
            events.append(event)
            return .recorded(event)
        case .loadImage(let path): return .imageLoaded(path: path, EffectRunner.loadImage(path))
        case .openViewer(let path):
            opened.append(path)
            return viewerProblem.map(Message.viewerFailed) ?? .viewerOpened(path: path)
        case .share(let event):
            shared.append(event)
            return nil
        case .copyToClipboard(let text):
            copied.append(text)
            return nil
        case .player(let command):
            told.append(command)
            return nil
        case .quit:
            quit = true
            return nil
        }
    }

    /// Sends `message` to `model` and answers what it asks, as the loop does; returns what the model asked for first.
    @discardableResult
    func send<Model: InteractiveScreen>(_ message: Message, to model: inout Model) -> [Effect] {
        let effects = model.update(message)
        run(effects, on: &model)
        return effects
    }

    func run<Model: InteractiveScreen>(_ effects: [Effect], on model: inout Model) {
        _ = EffectRunner.drive(effects, on: &model, answer: answer)
    }
}

/// A screen's model with the loop's part played by a `TestLoop`; reads go to the model.
@dynamicMemberLookup
struct Driven<Model: InteractiveScreen> {
    var model: Model
    let loop: TestLoop

    subscript<Value>(dynamicMember path: KeyPath<Model, Value>) -> Value { model[keyPath: path] }

    @discardableResult
    mutating func send(_ message: Message) -> [Effect] { loop.send(message, to: &model) }

    @discardableResult
    mutating func press(_ key: Key) -> [Effect] { send(.key(key)) }

    mutating func type(_ text: String) { for character in text { press(.character(character)) } }
}

struct TestFailure: Error, CustomStringConvertible { var description: String }

enum Fixture {
    static let codebook = Codebook(id: "cb", title: "Codebook", groups: [
        CodeGroup(id: "system", label: "System", codes: [
            Code(tag: "fragmentation", label: "Several apps", description: "Many apps for one thing", key: "f"),
            Code(tag: "trust", label: "Trust", description: "Trust and privacy", key: "t"),
            Code(tag: "training", label: "Training", description: "Help to learn"),
        ]),
    ])

    static let amir = Persona(id: "amir", name: "Amir Hussain", age: 74, summary: "Retired bus driver with diabetes and kidney disease.",
                              conditions: ["Type 2 diabetes", "CKD stage 3b"], languages: ["Urdu", "Punjabi"],
                              support: "Daughter Samina", devices: ["Old Android phone"], apps: ["NHS App"],
                              goals: ["Stay well"], worries: ["Doing it wrong"], quote: "جی ہاں, Samina does the phone.")

    static let workshop = Workshop(
        deck: Deck(id: "demo", title: "PHR demo", codebook: "codebook/cb.yaml", prompts: [
            Prompt(id: "welcome", kind: .section, title: "Welcome", minutes: 5, questions: ["Who is here today?"], notes: "Check consent forms."),
            Prompt(id: "meet-amir", kind: .persona, title: "Meet Amir", minutes: 10, questions: ["Would Amir use a health app?"], persona: "amir"),
            Prompt(id: "results", kind: .screenshot, title: "Test results", questions: ["What does this number mean to you?"],
                   image: "screens/results.png", alt: "A results screen: HbA1c 58 mmol/mol, marked high, dated 3 October."),
        ]),
        personas: [amir], codebook: codebook, sha256: String(repeating: "a", count: 64))

    static let log = CaptureModel.LogIdentity(sessionID: TestLoop.sessionID, writer: "facilitator", path: "sessions/test.jsonl")

    /// A started session of `workshop` on its first prompt; comment ids are c1, c2… in the order they are made.
    static func capture(_ workshop: Workshop = workshop, deckPath: String? = nil) -> Driven<CaptureModel> {
        let loop = TestLoop()
        var model = CaptureModel(state: SessionState(), log: log)
        var made = 0
        model.makeCommentID = { made += 1; return "c\(made)" }
        let start = model.startSession(workshop, deckPath: deckPath)
        loop.run(start, on: &model)
        return Driven(model: model, loop: loop)
    }
}

extension Driven where Model == CaptureModel {
    mutating func enter(_ line: String) { type(line); press(.enter) }

    /// The screen at session time `mono` (default: the loop's clock).
    func render(width: Int = 80, height: Int = 24, mono: Int? = nil) -> String {
        screen(width: width, height: height, mono: mono).text()
    }

    func screen(width: Int = 80, height: Int = 24, mono: Int? = nil) -> Screen {
        var model = self.model
        _ = model.update(.tick(now: mono ?? loop.mono))
        var screen = Screen(width: width, height: height)
        CaptureView.draw(model, into: &screen)
        return screen
    }

}

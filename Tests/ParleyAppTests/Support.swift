import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

/// Records events in memory; can be told to fail like a full disk.
final class MemoryRecorder: EventRecording {
    let sessionID = "5e55e55e-0000-4000-8000-000000000001"
    let writer = "facilitator"
    let path = "sessions/test.jsonl"
    var mono = 0
    var events: [Event] = []
    var failing = false

    func record(_ body: EventBody) throws -> Event {
        if failing { throw TestFailure(description: "No space left on device") }
        let event = Event(id: "e\(events.count + 1)", session: sessionID, writer: writer, seq: events.count + 1,
                          at: Timestamp.string(Date(timeIntervalSince1970: 1_764_072_000 + Double(mono) / 1000)), mono: mono, body: body)
        events.append(event)
        return event
    }
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

    /// A started session on the first prompt.
    static func model() -> (CaptureModel, MemoryRecorder) {
        let recorder = MemoryRecorder()
        let model = CaptureModel(state: SessionState(), recorder: recorder)
        model.makeCommentID = { "c\(recorder.events.count + 1)" }
        model.startSession(workshop)
        return (model, recorder)
    }
}

extension CaptureModel {
    func type(_ text: String) { for character in text { handle(.character(character)) } }
    func enter(_ line: String) { type(line); handle(.enter) }

    func screen(width: Int = 80, height: Int = 24, mono: Int? = nil) -> Screen {
        var screen = Screen(width: width, height: height)
        CaptureView.draw(self, into: &screen, nowMono: mono ?? recorder.mono)
        return screen
    }

    func render(width: Int = 80, height: Int = 24, mono: Int? = nil) -> String { screen(width: width, height: height, mono: mono).text() }
}

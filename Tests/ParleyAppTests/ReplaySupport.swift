import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

/// Builds a session's events by hand: each writer numbers its own events, times are seconds after
/// a fixed start, and each writer's `mono` counts from when that writer joined.
struct ReplayScript {
    static let sessionID = "5e55e55e-0000-4000-8000-000000000001"
    static let start = 1_764_072_000.0
    var events: [Event] = []
    /// Per writer, how many seconds fast their laptop's clock is: every `at` they write is that far ahead.
    var clockAhead: [String: Double] = [:]
    private var seqs: [String: Int] = [:]
    private var joined: [String: Double] = [:]

    mutating func add(_ writer: String, _ seconds: Double, _ body: EventBody) {
        let seq = (seqs[writer] ?? 0) + 1
        seqs[writer] = seq
        if joined[writer] == nil { joined[writer] = seconds }
        events.append(Event(id: "\(writer)-\(seq)", session: Self.sessionID, writer: writer, seq: seq,
                            at: Timestamp.string(Date(timeIntervalSince1970: Self.start + seconds + (clockAhead[writer] ?? 0))),
                            mono: Int((seconds - joined[writer]!) * 1000), body: body))
    }

    static func comment(_ id: String, _ prompt: String, _ participant: String?, _ text: String, _ tags: [String] = []) -> EventBody {
        .commentAdded(CommentPayload(comment: id, prompt: prompt, participant: participant, text: text, tags: tags))
    }

    /// A 15-minute workshop on the fixture deck: a facilitator and a note-taker (ana) who joins late,
    /// with an edit, tags, a delete and its undo, a marker, a pause, and a return to an earlier prompt.
    /// Ana's laptop clock may be `anaClockAhead` seconds fast; `anaMeasured` (ms) is the `clock.offset`
    /// she records after joining, if any. Times below are true times.
    static func workshop(anaClockAhead: Double = 0, anaMeasured: Int? = nil) -> [Event] {
        var s = ReplayScript()
        let f = "facilitator", a = "ana"
        s.clockAhead[a] = anaClockAhead
        s.add(f, 0, .sessionStarted(SessionStart(workshop: Fixture.workshop)))
        s.add(f, 0, .promptShown(prompt: "welcome"))
        s.add(f, 20, .participantAdded(participant: "P1", attributes: ["table": "A"]))
        s.add(f, 20, comment("c1", "welcome", "P1", "I look after my mum's appointments"))
        s.add(a, 45, .sessionStarted(SessionStart(workshop: Fixture.workshop)))
        s.add(a, 45, .promptShown(prompt: "welcome"))
        if let anaMeasured { s.add(a, 45, .clockOffset(offset: anaMeasured, roundTrip: 3, reference: f)) }
        s.add(a, 60, .participantAdded(participant: "P2", attributes: [:]))
        s.add(a, 60, comment("c2", "welcome", "P2", "Happy to help, I use three apps already", ["fragmentation"]))
        s.add(f, 120, .promptShown(prompt: "meet-amir"))
        s.add(a, 125, .promptShown(prompt: "meet-amir"))
        s.add(f, 150, .participantAdded(participant: "P3", attributes: [:]))
        s.add(f, 150, comment("c3", "meet-amir", "P3", "I'd never know which app to open", ["fragmentation"]))
        s.add(a, 165, comment("c4", "meet-amir", "P2", "میں ایپ استعمال نہیں کرتا", ["language"]))
        s.add(f, 180, .participantAdded(participant: "P5", attributes: [:]))
        s.add(f, 180, comment("c5", "meet-amir", "P5", "typo commnet"))
        s.add(f, 190, .commentEdited(comment: "c5", participant: "P5", text: "Zażółć gęślą jaźń 😩 漢字も", tags: ["trust"]))
        s.add(f, 200, .commentTagged(comment: "c5", tag: "new-idea"))
        s.add(a, 210, comment("c6", "meet-amir", "P1", "wrong line, delete me"))
        s.add(a, 215, .commentDeleted(comment: "c6"))
        s.add(f, 220, .marker(label: "tea break"))
        s.add(f, 230, .sessionPaused)
        s.add(f, 530, .sessionResumed)
        s.add(f, 540, .promptShown(prompt: "results"))
        s.add(a, 548, .promptShown(prompt: "results"))
        s.add(a, 570, comment("c7", "results", "P3", "HbA1c means nothing to me", ["training"]))
        s.add(f, 580, comment("c8", "results", nil, "the room laughs"))
        s.add(f, 590, .commentDeleted(comment: "c8"))
        s.add(f, 595, .commentRestored(comment: "c8"))
        s.add(a, 600, .commentUntagged(comment: "c7", tag: "training"))
        s.add(f, 720, .promptShown(prompt: "meet-amir"))
        s.add(f, 750, .participantAdded(participant: "P4", attributes: ["table": "B"]))
        s.add(f, 750, comment("c9", "meet-amir", "P4", "Back to Amir: his daughter would do it all", ["trust"]))
        s.add(f, 800, .marker(label: "wrap up"))
        s.add(f, 900, .sessionEnded(reason: "quit"))
        return s.events
    }

    static func session(checkpointInterval: Int = 4) throws -> ReplaySession {
        try ReplaySession(events: workshop().shuffled(), checkpointInterval: checkpointInterval)
    }
}

/// Random sessions: several writers with jittered clocks, every event type, edits, deletes and
/// restores of random comments, duplicated events. Deterministic for a seed.
struct ReplayGenerator {

    /// `gapScale` shrinks the pauses between events (0.02 makes 100,000 events a 3-hour session).
    static func events(count: Int, seed: UInt64, writers: [String] = ["facilitator", "ana", "ben"], duplicates: Bool = true, gapScale: Double = 1) -> [Event] {
        var rng = SeededGenerator(seed: seed)
        var script = ReplayScript()
        let prompts = Fixture.workshop.deck.prompts.map(\.id)
        let tags = ["fragmentation", "trust", "training", "language", "new-idea", "proxy"]
        var comments: [String] = []
        var time = 0.0
        for writer in writers { script.add(writer, time, .sessionStarted(SessionStart(workshop: Fixture.workshop))); time += 0.5 }
        let words = ["app", "nurse", "letter", "Zażółć", "میں", "漢字", "😩", "password", "daughter", "results", "GP", "login"]
        while script.events.count < count {
            // Often several events in the same millisecond, sometimes a long gap.
            time += [0, 0, 0.001, 0.5, 2, 7, 30][Int.random(in: 0..<7, using: &rng)] * gapScale
            let writer = writers.randomElement(using: &rng)!
            let roll = Int.random(in: 0..<100, using: &rng)
            let body: EventBody
            switch roll {
            case 0..<4: body = .promptShown(prompt: prompts.randomElement(using: &rng)!)
            case 4..<7: body = .participantAdded(participant: "P\(Int.random(in: 1...12, using: &rng))", attributes: ["table": ["A", "B"].randomElement(using: &rng)!])
            case 7..<55:
                let id = "c\(comments.count + 1)"
                comments.append(id)
                let text = (0..<Int.random(in: 1...12, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
                body = ReplayScript.comment(id, prompts.randomElement(using: &rng)!, Bool.random(using: &rng) ? "P\(Int.random(in: 1...12, using: &rng))" : nil,
                                            text, Array(tags.shuffled(using: &rng).prefix(Int.random(in: 0...2, using: &rng))))
            case 55..<65 where !comments.isEmpty:
                body = .commentEdited(comment: comments.randomElement(using: &rng)!, participant: "P\(Int.random(in: 1...12, using: &rng))",
                                      text: "edited " + words.randomElement(using: &rng)!, tags: [tags.randomElement(using: &rng)!])
            case 65..<72 where !comments.isEmpty: body = .commentTagged(comment: comments.randomElement(using: &rng)!, tag: tags.randomElement(using: &rng)!)
            case 72..<77 where !comments.isEmpty: body = .commentUntagged(comment: comments.randomElement(using: &rng)!, tag: tags.randomElement(using: &rng)!)
            case 77..<84 where !comments.isEmpty: body = .commentDeleted(comment: comments.randomElement(using: &rng)!)
            case 84..<88 where !comments.isEmpty: body = .commentRestored(comment: comments.randomElement(using: &rng)!)
            case 88..<91: body = .marker(label: "marker \(script.events.count)")
            case 91..<93: body = .roundStarted(round: Int.random(in: 1...3, using: &rng))
            case 93..<95: body = .tableSet(table: ["A", "B", "C"].randomElement(using: &rng)!)
            case 95..<97: body = .sessionPaused
            case 97..<99: body = .sessionResumed
            default: body = .commentAdded(CommentPayload(comment: comments.randomElement(using: &rng) ?? "c0", prompt: "welcome", participant: nil, text: "reused id", tags: []))
            }
            script.add(writer, time, body)
        }
        var events = script.events
        if duplicates { events += events.shuffled(using: &rng).prefix(count / 20) }
        return events.shuffled(using: &rng)
    }
}

/// The whole of a state, for comparing two states built different ways.
struct StateDigest: Equatable {
    var sessionID: String?, workshop: Workshop?, startedAt: String?, promptIndex: Int
    var comments: [ParleyCore.Comment], participants: [String], attributes: [String: [String: String]], markers: [Marker]
    var round: Int?, table: String?, paused: Bool, ended: Bool, lastMono: Int, eventCount: Int, lastSpeaker: String?

    init(_ s: SessionState) {
        sessionID = s.sessionID; workshop = s.workshop; startedAt = s.startedAt; promptIndex = s.promptIndex
        comments = s.comments; participants = s.participants; attributes = s.participantAttributes; markers = s.markers
        round = s.round; table = s.table; paused = s.paused; ended = s.ended; lastMono = s.lastMono
        eventCount = s.eventCount; lastSpeaker = s.lastSpeaker
    }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    var now = 0
    var function: () -> Int { { [unowned self] in self.now } }
}

extension ReplayModel {
    func screen(width: Int = 80, height: Int = 24) -> Screen {
        var screen = Screen(width: width, height: height)
        ReplayView.draw(self, into: &screen)
        return screen
    }

    func render(width: Int = 80, height: Int = 24) -> String { screen(width: width, height: height).text() }

    /// Keys as the player gets them, their effects answered by `loop` (images decoded, the viewer only noted).
    mutating func press(_ keys: Key..., loop: TestLoop = TestLoop()) { for key in keys { loop.send(.key(key), to: &self) } }
    mutating func type(_ text: String) { for character in text { press(.character(character)) } }
    /// Time passing, as the loop tells the player.
    mutating func tick() { TestLoop().send(.tick(now: clock()), to: &self) }
}

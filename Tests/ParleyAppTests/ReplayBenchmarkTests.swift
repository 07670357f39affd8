import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
@testable import ParleyLog

/// Writes the 100,000-event logs docs/replay.md measures, one file per writer, when asked:
///
///     PARLEY_REPLAY_BENCH_DIR=/tmp/bench swift test --filter ReplayBenchmark
///     .build/release/parley replay --measure /tmp/bench/workshop/*.jsonl
///     .build/release/parley replay --measure /tmp/bench/churn/*.jsonl
///
/// `workshop`: a 3-hour session shaped like a real one (24 prompts walked in order, the facilitator
/// and three note-takers, mostly comments, a few edits, tags, undos and markers). `churn`: the
/// property test's mix (3 prompts, one event in nine a delete or restore), the worst case for seeking.
@Suite struct ReplayBenchmarkTests {
    static let directory = ProcessInfo.processInfo.environment["PARLEY_REPLAY_BENCH_DIR"]

    static func write(_ events: [Event], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (writer, own) in Dictionary(grouping: events, by: \.writer) {
            var data = Data()
            for event in own.sorted(by: { $0.seq < $1.seq }) { data += try LogWriter.encodeLine(event, encoder: encoder) }
            try data.write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(writer).jsonl"))
        }
    }

    /// A long workshop: prompts shown in order, comments on the prompt on screen, corrections on recent comments.
    static func workshopEvents(count: Int, seed: UInt64) -> [Event] {
        var rng = SeededGenerator(seed: seed)
        let base = Fixture.workshop.deck.prompts
        let prompts = (0..<24).map { i -> Prompt in
            var prompt = base[i % base.count]
            prompt.id += "-\(i + 1)"; prompt.title += " \(i + 1)"
            return prompt
        }
        var workshop = Fixture.workshop
        workshop.deck.prompts = prompts
        let writers = ["facilitator", "ana", "ben", "chen"]
        var script = ReplayScript()
        for writer in writers { script.add(writer, 0, .sessionStarted(SessionStart(workshop: workshop))) }
        script.add("facilitator", 0, .promptShown(prompt: prompts[0].id))
        let tags = ["fragmentation", "trust", "training", "language", "proxy", "new-idea"]
        let words = ["app", "nurse", "letter", "Zażółć", "میں", "漢字", "😩", "password", "daughter", "results", "GP", "login", "the", "never"]
        var recent: [String] = []
        var time = 0.0
        var promptIndex = 0
        var comments = 0
        let perPrompt = count / prompts.count
        while script.events.count < count {
            time += 10_800.0 / Double(count) * Double.random(in: 0...2, using: &rng)
            if script.events.count / perPrompt > promptIndex, promptIndex + 1 < prompts.count {
                promptIndex += 1
                script.add("facilitator", time, .promptShown(prompt: prompts[promptIndex].id))
                continue
            }
            let writer = writers.randomElement(using: &rng)!
            let roll = Int.random(in: 0..<1000, using: &rng)
            let body: EventBody
            switch roll {
            case 0..<750:
                comments += 1
                let id = "c\(comments)"
                recent = Array((recent + [id]).suffix(20))
                let text = (0..<Int.random(in: 3...25, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
                body = ReplayScript.comment(id, prompts[promptIndex].id, "P\(Int.random(in: 1...12, using: &rng))", text,
                                            Array(tags.shuffled(using: &rng).prefix(Int.random(in: 0...3, using: &rng))))
            case 750..<830 where !recent.isEmpty:
                body = .commentEdited(comment: recent.randomElement(using: &rng)!, participant: "P\(Int.random(in: 1...12, using: &rng))",
                                      text: "corrected: " + words.randomElement(using: &rng)!, tags: [tags.randomElement(using: &rng)!])
            case 830..<910 where !recent.isEmpty: body = .commentTagged(comment: recent.randomElement(using: &rng)!, tag: tags.randomElement(using: &rng)!)
            case 910..<940 where !recent.isEmpty: body = .commentUntagged(comment: recent.randomElement(using: &rng)!, tag: tags.randomElement(using: &rng)!)
            case 940..<960 where !recent.isEmpty: body = .commentDeleted(comment: recent.randomElement(using: &rng)!)
            case 960..<965 where !recent.isEmpty: body = .commentRestored(comment: recent.randomElement(using: &rng)!)
            case 965..<990: body = .participantAdded(participant: "P\(Int.random(in: 1...12, using: &rng))", attributes: [:])
            default: body = .marker(label: "marker \(script.events.count)")
            }
            script.add(writer, time, body)
        }
        return script.events
    }

    @Test(.enabled(if: directory != nil)) func writeHundredThousandEventLogs() throws {
        let directory = try #require(Self.directory)
        try Self.write(Self.workshopEvents(count: 100_000, seed: 42), to: directory + "/workshop")
        try Self.write(ReplayGenerator.events(count: 100_000, seed: 42, duplicates: false, gapScale: 0.02), to: directory + "/churn")
        for folder in ["workshop", "churn"] {
            let paths = try FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(folder)").map { "\(directory)/\(folder)/\($0)" }
            #expect(try ReplaySession.load(paths: paths).count == 100_000)
        }
    }
}

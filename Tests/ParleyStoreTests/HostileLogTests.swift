import Foundation
import ParleyCore
import ParleyLog
import Testing
@testable import ParleyReports
@testable import ParleyStore

@Suite("Hostile logs")
struct HostileLogTests {
    static func line(_ event: Event) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try LogWriter.encodeLine(event, encoder: encoder), as: UTF8.self)
    }

    /// The facilitator's log as text, one line per event.
    static func facilitatorLines() throws -> [String] {
        try Fixture.knownSession().facilitator.events.map { try line($0).trimmingCharacters(in: .newlines) }
    }

    @Test func aFileThatIsNotAParleyLogIsRefusedByName() throws {
        let folder = TempFolder()
        let good = folder.file("good.jsonl")
        try Fixture.knownSession().facilitator.write(to: good)
        let notes = folder.write("Meeting notes\nP3 said things\n", to: "notes.jsonl")
        let json = folder.write("{\"hello\": \"world\"}\n", to: "other.jsonl")
        let store = try folder.store()
        let outcome = try store.merge(paths: [notes, good, json])
        #expect(outcome.refused.count == 2)
        #expect(outcome.refused[0].hasPrefix("\(notes): not a Parley session log"))
        #expect(outcome.refused[1].hasPrefix("\(json): not a Parley session log"))
        #expect(outcome.newEvents == 15)
        #expect(outcome.summary.contains("2 files refused"))
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aBinaryFileIsRefused() throws {
        let folder = TempFolder()
        let path = folder.write(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0xFF, 0xFE], to: "image.jsonl")
        let outcome = try folder.store().merge(paths: [path])
        #expect(outcome.refused.count == 1)
        #expect(outcome.newEvents == 0)
    }

    @Test func garbageHugeLinesWrongTypesAndTornTailsAreReportedAndTheRestMerged() throws {
        let folder = TempFolder()
        var lines = try Self.facilitatorLines()
        let huge = "{\"v\":1,\"text\":\"" + String(repeating: "x", count: EventLine.maximumBytes + 10) + "\"}"
        lines.insert("this is not JSON at all", at: 3)                                            // line 4
        lines.insert(huge, at: 5)                                                                   // line 6
        lines.insert(#"{"at":"2025-03-04T10:00:00.000Z","id":"x1","mono":1,"seq":"one","session":"s","type":"marker","v":1,"writer":"w","label":"l"}"#, at: 7)   // line 8: wrong type
        lines.insert(#"{"at":"2025-03-04T10:00:00.000Z","id":"x2","mono":1,"seq":2,"session":"s","type":"comment.exploded","v":1,"writer":"w"}"#, at: 8)        // line 9: unknown type
        lines.insert(#"{"at":"yesterday","id":"x3","mono":1,"seq":2,"session":"s","type":"marker","v":1,"writer":"w","label":"l"}"#, at: 9)                      // line 10: bad time
        lines.insert(#"{"at":"2025-03-04T10:00:00.000Z","id":"x4","mono":1,"seq":2,"session":"s","type":"marker","v":99,"writer":"w","label":"l"}"#, at: 10)      // line 11: newer format
        lines.insert("[1, 2, 3]", at: 11)                                                           // line 12
        lines.insert(#"{"at":"2025-03-04T10:00:00.000Z","comment":"c1","id":"x5","mono":1,"seq":2,"session":"s","tag":"a;b","type":"comment.tagged","v":1,"writer":"w"}"#, at: 12)  // line 13: bad tag
        let text = lines.joined(separator: "\n") + "\n" + #"{"at":"2025-03-04T10:0"#              // torn tail
        let path = folder.write(text, to: "hostile.jsonl")
        let store = try folder.store()
        let outcome = try store.merge(paths: [path])
        #expect(outcome.refused.isEmpty)
        #expect(outcome.newEvents == 15)
        let problems = outcome.problems
        #expect(problems.count == 9, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("\(path):4:1: unreadable event skipped: not valid JSON") })
        #expect(problems.contains { $0.hasPrefix("\(path):6:1: unreadable event skipped: line too long") })
        #expect(problems.contains { $0.hasPrefix("\(path):8:1: unreadable event skipped: wrong type for \"seq\"") })
        #expect(problems.contains { $0.hasPrefix("\(path):9:1: unreadable event skipped: unknown event type \"comment.exploded\"") })
        #expect(problems.contains { $0.hasPrefix("\(path):10:1: event skipped: bad time \"yesterday\"") })
        #expect(problems.contains { $0.hasPrefix("\(path):11:1: event skipped: written by a newer Parley") })
        #expect(problems.contains { $0.hasPrefix("\(path):12:1: unreadable event skipped:") })
        #expect(problems.contains { $0.hasPrefix("\(path):13:1: event skipped: bad tag \"a;b\"") })
        #expect(problems.contains { $0.hasPrefix("\(path):\(lines.count + 1):1: torn last line") })
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.comments().map(\.commentID) == ["c1", "c2", "c3"])
    }

    @Test func aLoneTornFirstEventIsATornTailNotARefusal() throws {
        let folder = TempFolder()
        let path = folder.write(#"{"at":"2025-03-04T10:00:00.000Z","deck_id":"phr"#, to: "crashed.jsonl")
        let outcome = try folder.store().merge(paths: [path])
        #expect(outcome.refused.isEmpty)
        #expect(outcome.problems.count == 1)
        #expect(outcome.problems[0].contains("torn last line"))
    }

    @Test func sameIdWithDifferentContentIsReportedNotMerged() throws {
        let folder = TempFolder()
        let (facilitator, _) = Fixture.knownSession()
        try facilitator.write(to: folder.file("a.jsonl"))
        var forged = facilitator
        // Same id as c1's event, other words.
        if case .commentAdded(var payload) = forged.events[3].body {
            payload.text = "Something nobody said"
            forged.events[3].body = .commentAdded(payload)
        }
        try forged.write(to: folder.file("forged.jsonl"))
        let store = try folder.store()
        _ = try store.merge(paths: [folder.file("a.jsonl")])
        let outcome = try store.merge(paths: [folder.file("forged.jsonl")])
        #expect(outcome.newEvents == 0)
        #expect(outcome.knownEvents == 14)
        #expect(outcome.conflicts == 1)
        #expect(outcome.problems == ["\(folder.file("forged.jsonl")):4:1: event aaaaaaaa-facilitator-4 (comment.added) has the same id as an event already in the store but different content; not merged (the store keeps the one it had)"])
        #expect(try store.comments().first?.text == "Amir would need his son to log in, he can't do passwords")
    }

    @Test func duplicateIdsWithinOneMergeKeepTheFirstAndReportTheRest() throws {
        let folder = TempFolder()
        let lines = try Self.facilitatorLines()
        let altered = lines[4].replacingOccurrences(of: "I trust the GP", with: "I distrust the GP")
        let path = folder.write((lines + [altered]).joined(separator: "\n") + "\n", to: "dup.jsonl")
        let outcome = try folder.store().merge(paths: [path])
        #expect(outcome.newEvents == 15)
        #expect(outcome.conflicts == 1)
        #expect(outcome.problems.first?.hasPrefix("\(path):16:1: event aaaaaaaa-facilitator-5") == true)
    }

    @Test func sameEventWrittenDifferentlyIsStillTheSameEvent() throws {
        let folder = TempFolder()
        let lines = try Self.facilitatorLines()
        let store = try folder.store()
        _ = try store.merge(paths: [folder.write(lines.joined(separator: "\n") + "\n", to: "a.jsonl")])
        // Same events, with spaces after the separators (another JSON writer).
        let spaced = lines.map { $0.replacingOccurrences(of: "\",\"", with: "\", \"") }
        let outcome = try store.merge(paths: [folder.write(spaced.joined(separator: "\r\n") + "\r\n", to: "b.jsonl")])
        #expect(outcome.newEvents == 0)
        #expect(outcome.knownEvents == 15)
        #expect(outcome.conflicts == 0)
    }

    @Test func aConflictingDeckSnapshotIsReportedNotMixed() throws {
        let folder = TempFolder()
        let (facilitator, _) = Fixture.knownSession()
        try facilitator.write(to: folder.file("a.jsonl"))
        var other = Fixture.Log(session: Fixture.sessionA, writer: "note-taker-2")
        other.add(.sessionStarted(SessionStart(workshop: Fixture.workshop(deckID: "other-deck", sha: "sha-other"))), at: 3)
        other.add(Fixture.comment("x1", "meet-amir", "P9", "From another deck", []), at: 30)
        try other.write(to: folder.file("other.jsonl"))
        let store = try folder.store()
        let outcome = try store.merge(paths: [folder.file("a.jsonl"), folder.file("other.jsonl")])
        #expect(outcome.newEvents == 15)
        #expect(outcome.problems.isEmpty)
        // Where: the log's session.started, as file:line:1.
        #expect(outcome.sessionsRefused.count == 1, "\(outcome.sessionsRefused)")
        #expect(outcome.sessionsRefused.first?.hasPrefix("\(folder.file("other.jsonl")):1:1: session \(Fixture.sessionA): this log started it with deck \"other-deck\"") == true)
        #expect(outcome.sessionsRefused.first?.hasSuffix("this log's 2 events of that session were not merged") == true)
        #expect(outcome.summary.contains("1 log's session refused"))
        #expect(try !store.comments().contains { $0.commentID == "x1" })
        // Same the other way round, across two merges.
        let second = try folder.store("second.sqlite")
        _ = try second.merge(paths: [folder.file("a.jsonl")])
        #expect(try second.merge(paths: [folder.file("other.jsonl")]).sessionsRefused.count == 1)
    }

    @Test func theSameDeckFromAnotherFolderIsNotAConflict() throws {
        let folder = TempFolder()
        let (facilitator, _) = Fixture.knownSession()
        try facilitator.write(to: folder.file("a.jsonl"))
        var other = Fixture.Log(session: Fixture.sessionA, writer: "note-taker-2")
        other.add(.sessionStarted(SessionStart(workshop: Fixture.workshop(), deckPath: "/Users/someone/parley/Decks/phr-test.yaml")), at: 3)
        other.add(Fixture.comment("x1", "meet-amir", "P9", "From another laptop", []), at: 30)
        try other.write(to: folder.file("other.jsonl"))
        let outcome = try folder.store().merge(paths: [folder.file("a.jsonl"), folder.file("other.jsonl")])
        #expect(outcome.problems.isEmpty)
        #expect(outcome.newEvents == 17)
    }

    @Test func hostileMergesNeverCorruptTheStore() throws {
        let folder = TempFolder()
        let good = try Self.facilitatorLines()
        var generator = SeededGenerator(seed: 7)
        let store = try folder.store()
        for round in 0..<30 {
            var lines = good
            for _ in 0..<5 {
                let index = Int(generator.next() % UInt64(lines.count))
                var bytes = Array(lines[index].utf8)
                switch generator.next() % 4 {
                case 0: bytes.removeSubrange(0..<Int(generator.next() % UInt64(bytes.count)))
                case 1: bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                case 2: lines.append(lines[index])
                default: bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
                }
                lines[index] = String(decoding: bytes, as: UTF8.self)
            }
            let path = folder.write(lines.shuffled(using: &generator).joined(separator: "\n"), to: "mutant-\(round).jsonl")
            _ = try store.merge(paths: [path])
        }
        #expect(try store.integrityCheck() == "ok")
    }
}

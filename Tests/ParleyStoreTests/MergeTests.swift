import Foundation
import ParleyCore
import ParleyLog
import Testing
@testable import ParleyStore

@Suite("Merge")
struct MergeTests {
    @Test func mergeCountsNewAndKnownEventsAndIsIdempotent() throws {
        let folder = TempFolder()
        let paths = try Fixture.writeAll(in: folder)
        let store = try folder.store()
        let first = try store.merge(paths: paths)
        #expect(first.newEvents == 30)
        #expect(first.knownEvents == 0)
        #expect(first.problems.isEmpty)
        #expect(first.refused.isEmpty)
        #expect(first.sessionsUpdated == [Fixture.sessionA, Fixture.sessionB])
        #expect(first.summary == "Merged 3 logs: 30 events new, 0 already in the store; 2 sessions updated.")
        let before = try Fixture.everything(store)

        let second = try store.merge(paths: paths)
        #expect(second.newEvents == 0)
        #expect(second.knownEvents == 30)
        #expect(second.sessionsUpdated.isEmpty)
        #expect(second.summary == "Merged 3 logs: 0 events new, 30 already in the store.")
        #expect(try Fixture.everything(store) == before)
        #expect(try store.integrityCheck() == "ok")
    }

    /// The property: any order, any repeats, any split into merges gives the same store contents.
    @Test func permutationsAndRepeatsGiveIdenticalResults() throws {
        let folder = TempFolder()
        var paths = try Fixture.writeAll(in: folder)
        // Also a log merged mid-session (a prefix of the facilitator's log) and an exact copy of a log.
        let (facilitator, _) = Fixture.knownSession()
        var prefix = Fixture.Log(session: Fixture.sessionA, writer: "facilitator")
        prefix.events = Array(facilitator.events.prefix(6))
        try prefix.write(to: folder.file("a-facilitator-early.jsonl"))
        try FileManager.default.copyItem(atPath: paths[2], toPath: folder.file("b-host-1-copy.jsonl"))
        paths += [folder.file("a-facilitator-early.jsonl"), folder.file("b-host-1-copy.jsonl")]
        try Self.expectEveryMergeOrderAgrees(paths, in: folder)
    }

    /// Merges `paths` in `rounds` shuffled orders, some repeated, each split into 1 to 3 merges, and
    /// expects every store to give exactly what one merge of all of them gives.
    static func expectEveryMergeOrderAgrees(_ paths: [String], in folder: TempFolder, rounds: Int = 24,
                                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reference = try folder.store("reference.sqlite")
        _ = try reference.merge(paths: paths)
        let expected = try Fixture.everything(reference)

        var generator = SeededGenerator(seed: 20250304)
        for round in 0..<rounds {
            var order = paths.shuffled(using: &generator)
            // Repeat a few logs.
            for _ in 0..<Int(generator.next() % 3) { order.append(paths[Int(generator.next() % UInt64(paths.count))]) }
            let store = try folder.store("round-\(round).sqlite")
            // Merge in 1 to 3 calls.
            var remaining = order[...]
            while !remaining.isEmpty {
                let take = min(remaining.count, 1 + Int(generator.next() % 3))
                _ = try store.merge(paths: Array(remaining.prefix(take)))
                remaining = remaining.dropFirst(take)
            }
            #expect(try Fixture.everything(store) == expected, "merge order \(order.map { ($0 as NSString).lastPathComponent })",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func severalWritersOfOneSessionMakeOneSession() throws {
        let folder = TempFolder()
        let store = try folder.store()
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        let sessions = try store.sessions()
        #expect(sessions.map(\.id) == [Fixture.sessionA, Fixture.sessionB])
        let a = sessions[0]
        #expect(a.writers == ["facilitator", "note-taker-1"])
        #expect(a.deckID == "phr-test")
        #expect(a.events == 21)
        #expect(a.comments == 6)
        #expect(a.participants == 4)
        #expect(a.durationMilliseconds == 3_600_000)
        #expect(a.missing.isEmpty)
        // Comments of both writers interleave by time.
        let ids = try store.comments(Scope(sessions: [Fixture.sessionA])).map(\.commentID)
        #expect(ids == ["c1", "n1", "c2", "c3", "n2", "n3"])
        #expect(try store.comments().first { $0.commentID == "n1" }?.writer == "note-taker-1")
    }

    /// Each writer pages through the deck on their own laptop: a note-taker's late `prompt.shown` must
    /// not move the facilitator's markers onto the note-taker's prompt.
    @Test func markersBelongToTheirWritersPromptAcrossMergedLogs() throws {
        let folder = TempFolder()
        let workshop = Fixture.workshop()
        var f = Fixture.Log(session: Fixture.sessionA, writer: "facilitator")
        f.add(.sessionStarted(SessionStart(workshop: workshop)), at: 0)
        f.add(.promptShown(prompt: "meet-amir"), at: 10)
        f.add(.promptShown(prompt: "q-trust"), at: 40)
        f.add(.marker(label: "strong moment"), at: 50)
        var n = Fixture.Log(session: Fixture.sessionA, writer: "note-taker-1")
        n.add(.sessionStarted(SessionStart(workshop: workshop)), at: 2)
        n.add(.promptShown(prompt: "welcome"), at: 45)                // joins late, starts at the top
        n.add(.marker(label: "my own note"), at: 55)
        try f.write(to: folder.file("f.jsonl"))
        try n.write(to: folder.file("n.jsonl"))
        let store = try folder.store()
        _ = try store.merge(paths: [folder.file("n.jsonl"), folder.file("f.jsonl")])
        #expect(try store.query("SELECT ordinal, writer, prompt_id, label FROM markers WHERE session = '\(Fixture.sessionA)' ORDER BY ordinal")
                == [["1", "facilitator", "q-trust", "strong moment"], ["2", "note-taker-1", "welcome", "my own note"]])
        // The REFI-QDA export names the prompt in the marker's note.
        let qde = try store.refiProject().qde
        #expect(qde.contains("Facilitator marker in session \(Fixture.sessionA) during \"Who do you trust with your record?\""))

        // A store derived by older code (every marker on the last prompt anyone showed) is rebuilt
        // when next opened for writing.
        try store.write { db in
            try db.execute("UPDATE markers SET prompt_id = 'welcome'")
            try db.setDerivedVersion(1)
        }
        #expect(try store.query("SELECT prompt_id FROM markers ORDER BY ordinal") == [["welcome"], ["welcome"]])
        let reopened = try Store(path: store.path)
        #expect(try reopened.query("SELECT prompt_id FROM markers ORDER BY ordinal") == [["q-trust"], ["welcome"]])
        #expect(try reopened.query("PRAGMA user_version") == [["\(Derive.version)"]])
    }

    @Test func editsTagsAndUndoAreReflected() throws {
        let folder = TempFolder()
        let store = try folder.store()
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        let comments = Dictionary(uniqueKeysWithValues: try store.comments().map { ($0.commentID, $0) })
        #expect(comments["c1"]?.tags == ["access"])                      // untagged proxy
        #expect(comments["c2"]?.tags == ["trust", "privacy"])            // tagged privacy
        #expect(comments["c3"]?.text == "Results before the doctor calls are frightening")  // edited
        #expect(comments["c3"]?.tags == ["trust", "results-timing"])
        #expect(comments["c3"]?.edited == true)
        #expect(comments["c4"] == nil)                                    // deleted
        #expect(comments["n3"] != nil)                                    // deleted, then restored
        #expect(comments["n2"]?.participant == nil)
        // The history stays in the raw events.
        #expect(try store.sessions().map { try store.events(session: $0.id).filter { $0.type == "comment.deleted" }.count }.reduce(0, +) == 2)
        #expect(try store.query("SELECT deleted FROM comments WHERE comment_id = 'c4'") == [["1"]])
    }

    @Test func laterLogsOfAWriterExtendTheSession() throws {
        let folder = TempFolder()
        let store = try folder.store()
        let (facilitator, _) = Fixture.knownSession()
        var early = Fixture.Log(session: Fixture.sessionA, writer: "facilitator")
        early.events = Array(facilitator.events.prefix(5))
        try early.write(to: folder.file("early.jsonl"))
        _ = try store.merge(paths: [folder.file("early.jsonl")])
        #expect(try store.comments().map(\.commentID) == ["c1", "c2"])
        #expect(try store.comments()[0].tags == ["access", "proxy"])

        try facilitator.write(to: folder.file("full.jsonl"))
        let outcome = try store.merge(paths: [folder.file("full.jsonl")])
        #expect(outcome.newEvents == 10)
        #expect(outcome.knownEvents == 5)
        #expect(try store.comments().map(\.commentID) == ["c1", "c2", "c3"])
        #expect(try store.comments()[0].tags == ["access"])
    }

    @Test func foldersAreSearchedForLogs() throws {
        let folder = TempFolder()
        try FileManager.default.createDirectory(atPath: folder.file("sessions/day-2"), withIntermediateDirectories: true)
        let (f, n) = Fixture.knownSession()
        try f.write(to: folder.file("sessions/a.jsonl"))
        try n.write(to: folder.file("sessions/day-2/b.jsonl"))
        _ = folder.write("not a log", to: "sessions/notes.txt")
        #expect(try Store.logFiles(in: [folder.file("sessions")]) == [folder.file("sessions/a.jsonl"), folder.file("sessions/day-2/b.jsonl")])
        let store = try folder.store()
        let outcome = try store.merge(paths: [folder.file("sessions"), folder.file("sessions/a.jsonl")])
        #expect(outcome.files.count == 2)
        #expect(outcome.newEvents == 21)
    }

    @Test func missingPathsAndEmptyFoldersAreUserErrors() throws {
        let folder = TempFolder()
        let store = try folder.store()
        #expect(throws: UserError.self) { try store.merge(paths: [folder.file("nope.jsonl")]) }
        try FileManager.default.createDirectory(atPath: folder.file("empty"), withIntermediateDirectories: true)
        let error = #expect(throws: UserError.self) { try store.merge(paths: [folder.file("empty")]) }
        #expect(error?.description.contains("no session logs (*.jsonl)") == true)
    }

    @Test func knownHashesAreRebuiltIfTheirTableIsLost() throws {
        let folder = TempFolder()
        let paths = try Fixture.writeAll(in: folder)
        let store = try folder.store()
        _ = try store.merge(paths: paths)
        try store.write { db in try db.execute("DELETE FROM line_hashes") }
        let again = try store.merge(paths: paths)
        #expect(again.newEvents == 0)
        #expect(again.knownEvents == 30)
        #expect(try store.query("SELECT count(*) FROM line_hashes") == [["1"]])
    }
}


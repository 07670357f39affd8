import Foundation
import Testing
@testable import ParleyCore
import ParleyLog
@testable import ParleyStore

/// Several `parley` processes on one SQLite store at once (issue 18): merges of overlapping logs racing
/// into a new store, a withdrawal racing a merge of the participant's logs, reports read while a large
/// merge runs. Each race is repeated; PARLEY_LONG=1 repeats it more.
@Suite(.serialized) struct StoreRaceEndToEndTests {
    static let long = ProcessInfo.processInfo.environment["PARLEY_LONG"] == "1"

    static func parley(_ arguments: [String]) throws -> (output: String, error: String, status: Int32) {
        try Tmux.runWithStatus([Tmux.binary] + arguments)
    }

    static func merge(_ store: String, _ logs: [String]) throws {
        let merged = try parley(["merge", "--store", store] + logs)
        guard merged.status == 0 else { throw TestError(description: "parley merge failed: \(merged.error)") }
    }

    /// Starts the commands at the same moment (or `stagger` seconds apart), waits for all; their results
    /// in the same order.
    static func race(_ commands: [[String]], stagger: Double = 0) throws -> [(output: String, error: String, status: Int32)] {
        try commands.map { command in
            Thread.sleep(forTimeInterval: stagger)
            return try Tmux.spawn([Tmux.binary] + command)
        }.map { $0.wait() }
    }

    @Test func mergesRacingIntoANewStoreEndAsIfOneAfterTheOther() throws {
        let t = try Tmux()
        // Two sessions, five writers; each process merges an overlapping share of the logs, two of them
        // also an early copy of the facilitator's log (a file taken while the session was running).
        var logs: [RaceLog] = []
        for (index, (session, writer)) in [("a", "facilitator"), ("a", "ana"), ("a", "ben"), ("b", "facilitator"), ("b", "cy")].enumerated() {
            var log = RaceLog(session: "5e55e55e-0000-4000-8000-00000000000\(session)", writer: writer, seed: UInt64(index))
            log.addComments(150, speakers: ["P1", "P2", "P3", "P4"])
            try log.write(to: t.path("\(index).jsonl"))
            logs.append(log)
        }
        try logs[0].write(to: t.path("0-early.jsonl"), first: logs[0].events.count / 2)
        let shares = [["0", "1", "2"], ["2", "3", "0-early"], ["4", "0", "3"], ["1", "4", "0-early", "2"]].map { $0.map { t.path("\($0).jsonl") } }
        let reference = t.path("one-after-the-other.sqlite")
        for share in shares { try Self.merge(reference, share) }
        let expected = try StoreContents(reference)
        #expect(expected.events == logs.map(\.events.count).reduce(0, +))

        let rounds = Self.long ? 25 : 4
        for round in 0..<rounds {
            let store = t.path("race-\(round).sqlite")
            // Each round a different process starts first.
            let order = shares.indices.map { shares[($0 + round) % shares.count] }
            let results = try Self.race(order.map { ["merge", "--store", store] + $0 })
            for result in results { #expect(result.status == 0, "round \(round): \(result.error)") }
            let new = results.compactMap { result in
                result.output.firstMatch(of: /: ([\d,]+) events? new/).flatMap { Int($0.1.filter(\.isNumber)) }
            }
            #expect(new.reduce(0, +) == expected.events, "round \(round): each event new exactly once: \(results.map(\.output))")
            let differences = try StoreContents(store).differences(from: expected)
            #expect(differences.isEmpty, "round \(round): differs from merging one after the other in \(differences)")
        }
    }

    @Test func aWithdrawalRacingAMergeOfTheParticipantsLogsKeepsTheirWordsOut() throws {
        let t = try Tmux()
        let session = "5e55e55e-0000-4000-8000-0000000000c1"
        var paths: [String] = []
        for (index, writer) in ["facilitator", "ana", "ben"].enumerated() {
            var log = RaceLog(session: session, writer: writer, seed: 10 + UInt64(index))
            log.addComments(200, speakers: ["P1", "P2", "P3", "P4", "P5"])
            paths.append(t.path("\(writer).jsonl"))
            try log.write(to: paths[index])
        }
        // The store already holds the facilitator's log (so P3 is known); the note-takers' logs, full of P3's
        // words, are merged while P3 is withdrawn.
        let withdraw = ["withdraw", "--session", session, "--participant", "P3"]
        let reference = t.path("one-after-the-other.sqlite")
        try Self.merge(reference, [paths[0]])
        try Self.merge(reference, paths)
        #expect(try Self.parley(withdraw + ["--store", reference]).status == 0)
        let expected = try StoreContents(reference)
        #expect(expected.csv.contains("P5") && !expected.csv.contains(RaceLog.withdrawnWord))

        let rounds = Self.long ? 24 : 6
        for round in 0..<rounds {
            let store = t.path("race-\(round).sqlite")
            try Self.merge(store, [paths[0]])
            let merge = ["merge", "--store", store] + paths.dropFirst()
            // Started in both orders, at once or a moment apart; either may get the store first.
            let withdrawFirst = round % 2 == 0
            let results = try Self.race(withdrawFirst ? [withdraw + ["--store", store], merge] : [merge, withdraw + ["--store", store]],
                                        stagger: Double(round / 2 % 3) * 0.05)
            for result in results { #expect(result.status == 0, "round \(round): \(result.error)") }
            let merged = results[withdrawFirst ? 1 : 0].output
            print("StoreRaceEndToEndTests: round \(round): \(merged.contains("about withdrawn participants left out") ? "withdrawal" : "merge") got the store first")
            try Self.expectWithdrawn(store, like: expected, round: round)
            // The tombstone holds: merging every log again brings nothing back.
            try Self.merge(store, paths)
            try Self.expectWithdrawn(store, like: expected, round: round)
        }
    }

    /// P3's words are nowhere: not exported, not found, not in the raw events (read with the sqlite3
    /// program, not through Parley), not in the file; and the store is the one withdrawing after merging gives.
    static func expectWithdrawn(_ store: String, like expected: StoreContents, round: Int) throws {
        let contents = try StoreContents(store)
        let differences = contents.differences(from: expected)
        #expect(differences.isEmpty, "round \(round): differs from withdrawing after merging in \(differences)")
        #expect(!contents.csv.contains(RaceLog.withdrawnWord), "round \(round)")
        #expect(contents.tombstones == [["5e55e55e-0000-4000-8000-0000000000c1", "P3"]], "round \(round)")
        let search = try parley(["search", "--store", store, RaceLog.withdrawnWord])
        #expect(search.status == 0 && search.output == "No comments match \"\(RaceLog.withdrawnWord)\".\n", "round \(round): \(search)")
        let raw = try Tmux.run(["sqlite3", store, """
            SELECT count(*) FROM event_chunks WHERE instr(lines, CAST('\(RaceLog.withdrawnWord)' AS BLOB)) > 0 OR instr(lines, CAST('"P3"' AS BLOB)) > 0
            """])
        #expect(raw == "0\n", "round \(round): P3's raw events")
        // Nor left in free pages or index segments of the file.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store))
        #expect(bytes.range(of: Data(RaceLog.withdrawnWord.utf8)) == nil, "round \(round): P3's words are in the store file's bytes")
    }

    @Test func reportsDuringALargeMergeSeeItAllOrNothing() throws {
        let t = try Tmux()
        let small = t.path("small.jsonl"), noteTaker = t.path("note-taker.jsonl")
        var before = RaceLog(session: "5e55e55e-0000-4000-8000-0000000000d1", writer: "facilitator", seed: 20)
        before.addComments(100, speakers: ["P1", "P2", "P3"])
        try before.write(to: small)
        // The merge adds to the session already in the store, and brings two large new ones.
        var more = RaceLog(session: before.session, writer: "ana", seed: 21)
        more.addComments(100, speakers: ["P1", "P2", "P3"])
        try more.write(to: noteTaker)
        var large: [String] = [noteTaker]
        for (index, session) in ["5e55e55e-0000-4000-8000-0000000000d2", "5e55e55e-0000-4000-8000-0000000000d3"].enumerated() {
            var log = RaceLog(session: session, writer: "facilitator", seed: 22 + UInt64(index))
            log.addComments(Self.long ? 40_000 : 12_000, speakers: ["P1", "P2", "P3", "P4", "P5", "P6"])
            large.append(t.path("large-\(index).jsonl"))
            try log.write(to: large[index + 1])
        }

        let rounds = Self.long ? 3 : 1
        for round in 0..<rounds {
            let store = t.path("store-\(round).sqlite")
            try Self.merge(store, [small])
            let report = ["report", "--store", store]
            let beforeReport = try Self.parley(report).output
            let merge = try Tmux.spawn([Tmux.binary, "merge", "--store", store] + large)
            var seen: [String] = []
            while !merge.hasEnded {
                let result = try Self.parley(report)
                #expect(result.status == 0, "round \(round): \(result.error)")
                seen.append(result.output)
            }
            let merged = merge.wait()
            #expect(merged.status == 0, "round \(round): \(merged.error)")
            let afterReport = try Self.parley(report).output
            #expect(afterReport != beforeReport)
            let during = seen.dropLast() // the last one may have started after the merge ended
            #expect(during.count >= 2, "round \(round): the merge ended before reports could be read during it")
            let mixed = seen.filter { $0 != beforeReport && $0 != afterReport }
            #expect(mixed.isEmpty, "round \(round): \(mixed.count) of \(seen.count) reports were neither before nor after the merge:\n\(mixed.first ?? "")")
            print("StoreRaceEndToEndTests: round \(round): \(seen.count) reports during the merge: \(seen.filter { $0 == beforeReport }.count) before it, \(seen.filter { $0 == afterReport }.count) after it")
        }
    }
}

/// What two stores made from the same logs must share: the exports and session list users see, and
/// the events, fingerprints and tombstones underneath.
struct StoreContents {
    var csv: String
    var sessions: String
    var eventIDs: [[String]]
    var eventsPerSession: [[String]]
    var fingerprints: [[String]]
    var withdrawnEvents: [[String]]
    var tombstones: [[String]]
    var integrity: String

    var events: Int { eventIDs.count }

    init(_ path: String) throws {
        let export = try StoreRaceEndToEndTests.parley(["export", "--store", path, "--format", "csv"])
        let listed = try StoreRaceEndToEndTests.parley(["sessions", "--store", path])
        guard export.status == 0, listed.status == 0 else { throw TestError(description: "\(export.error)\(listed.error)") }
        csv = export.output
        sessions = listed.output
        let store = try Store(path: path)
        let stored = try store.read { try StoredLines.read($0, session: nil) }
        let events = stored.events()
        eventIDs = events.indices.map { [events[$0].id, "\(stored.withLine($0) { LineHash.of($0) })"] }.sorted { $0[0] < $1[0] }
        eventsPerSession = Dictionary(grouping: events, by: \.session).map { [$0.key, "\($0.value.count)"] }.sorted { $0[0] < $1[0] }
        fingerprints = try store.query("SELECT sum(length(hashes)) / 16 FROM line_hashes")
        withdrawnEvents = try store.query("SELECT id FROM withdrawn_events ORDER BY id")
        tombstones = try store.query("SELECT session, participant FROM tombstones ORDER BY session, participant")
        integrity = try store.integrityCheck()
    }

    /// The names of what differs (the values themselves can run to megabytes).
    func differences(from other: StoreContents) -> [String] {
        var names: [String] = []
        if csv != other.csv { names.append("export csv") }
        if sessions != other.sessions { names.append("sessions") }
        if eventIDs != other.eventIDs { names.append("events (\(events) against \(other.events))") }
        if eventsPerSession != other.eventsPerSession { names.append("events per session \(eventsPerSession) against \(other.eventsPerSession)") }
        if fingerprints != other.fingerprints { names.append("fingerprints \(fingerprints) against \(other.fingerprints)") }
        if withdrawnEvents != other.withdrawnEvents { names.append("withdrawn events (\(withdrawnEvents.count) against \(other.withdrawnEvents.count))") }
        if tombstones != other.tombstones { names.append("tombstones \(tombstones) against \(other.tombstones)") }
        if integrity != "ok" { names.append("integrity: \(integrity)") }
        return names
    }
}

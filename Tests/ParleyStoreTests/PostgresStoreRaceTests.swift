import Foundation
import ParleyTestSupport
import Testing

/// Several `parley` processes on one PostgreSQL store at once (issue 18), as several researchers' laptops
/// would be: merges of overlapping logs racing into a new database, a withdrawal racing a merge of the
/// participant's logs, reports read while a large merge runs. The SQLite twins are in
/// StoreRaceEndToEndTests. Each race is repeated; PARLEY_LONG=1 repeats it more.
@Suite(.postgresServer, .serialized) struct PostgresStoreRaceTests {
    static let long = ProcessInfo.processInfo.environment["PARLEY_LONG"] == "1"

    @Test func mergesRacingIntoANewDatabaseEndAsIfOneAfterTheOther() async throws {
        let folder = TempFolder()
        // Two sessions, five writers; each process merges an overlapping share of the logs, two of them
        // also an early copy of the facilitator's log (a file taken while the session was running).
        var logs: [RaceLog] = []
        for (index, (session, writer)) in [("a", "facilitator"), ("a", "ana"), ("a", "ben"), ("b", "facilitator"), ("b", "cy")].enumerated() {
            var log = RaceLog(session: "5e55e55e-0000-4000-8000-00000000001\(session)", writer: writer, seed: 30 + UInt64(index))
            log.addComments(150, speakers: ["P1", "P2", "P3", "P4"])
            try log.write(to: folder.file("\(index).jsonl"))
            logs.append(log)
        }
        try logs[0].write(to: folder.file("0-early.jsonl"), first: logs[0].events.count / 2)
        let shares = [["0", "1", "2"], ["2", "3", "0-early"], ["4", "0", "3"], ["1", "4", "0-early", "2"]].map { $0.map { folder.file("\($0).jsonl") } }

        let reference = try await PostgresCommandLine.newDatabase()
        let expected = try await onOwnThread {
            for share in shares { try reference.merge(share) }
            return try PostgresStoreContents(reference)
        }
        #expect(expected.events == logs.map(\.events.count).reduce(0, +))

        for round in 0..<(Self.long ? 20 : 3) {
            let store = try await PostgresCommandLine.newDatabase()
            // Each round a different process starts first.
            let order = shares.indices.map { ("merge", shares[($0 + round) % shares.count]) }
            let (results, contents) = try await onOwnThread { (try store.race(order), try PostgresStoreContents(store)) }
            for result in results { #expect(result.status == 0, "round \(round): \(result.error)") }
            let new = results.compactMap { result in
                result.output.firstMatch(of: /: ([\d,]+) events? new/).flatMap { Int($0.1.filter(\.isNumber)) }
            }
            #expect(new.reduce(0, +) == expected.events, "round \(round): each event new exactly once: \(results.map(\.output))")
            let differences = contents.differences(from: expected)
            #expect(differences.isEmpty, "round \(round): differs from merging one after the other in \(differences)")
        }
    }

    @Test func aWithdrawalRacingAMergeOfTheParticipantsLogsKeepsTheirWordsOut() async throws {
        let folder = TempFolder()
        let session = "5e55e55e-0000-4000-8000-0000000000c2"
        let paths = try ["facilitator", "ana", "ben"].enumerated().map { index, writer in
            var log = RaceLog(session: session, writer: writer, seed: 40 + UInt64(index))
            log.addComments(200, speakers: ["P1", "P2", "P3", "P4", "P5"])
            try log.write(to: folder.file("\(writer).jsonl"))
            return folder.file("\(writer).jsonl")
        }
        // The store already holds the facilitator's log (so P3 is known); the note-takers' logs, full of P3's
        // words, are merged while P3 is withdrawn.
        let withdraw = ("withdraw", ["--session", session, "--participant", "P3"])
        let reference = try await PostgresCommandLine.newDatabase()
        let (held, expected) = try await onOwnThread {
            try reference.merge([paths[0]])
            try reference.merge(paths)
            let held = try reference.columnsHolding(RaceLog.withdrawnWord)
            let withdrawn = try reference.parley(withdraw.0, withdraw.1)
            guard withdrawn.status == 0 else { throw TestError(description: "parley withdraw failed: \(withdrawn.error)") }
            return (held, try PostgresStoreContents(reference))
        }
        // Before the withdrawal the words are found: in the raw events and in the derived comments.
        #expect(held.count >= 2 && held.contains("comments.text"), "\(held)")
        #expect(expected.csv.contains("P5") && !expected.csv.contains(RaceLog.withdrawnWord))
        #expect(expected.tombstones == [[session, "P3"]])

        for round in 0..<(Self.long ? 24 : 4) {
            let store = try await PostgresCommandLine.newDatabase()
            // Started in both orders, at once or a moment apart; either may get the store first.
            let withdrawFirst = round % 2 == 0
            let merge = ("merge", Array(paths.dropFirst()))
            let results = try await onOwnThread {
                try store.merge([paths[0]])
                return try store.race(withdrawFirst ? [withdraw, merge] : [merge, withdraw], stagger: Double(round / 2 % 3) * 0.05)
            }
            for result in results { #expect(result.status == 0, "round \(round): \(result.error)") }
            let merged = results[withdrawFirst ? 1 : 0].output
            print("PostgresStoreRaceTests: round \(round): \(merged.contains("about withdrawn participants left out") ? "withdrawal" : "merge") got the store first")
            try await Self.expectWithdrawn(store, session: session, like: expected, round: round)
            // The tombstone holds: merging every log again brings nothing back.
            try await onOwnThread { try store.merge(paths) }
            try await Self.expectWithdrawn(store, session: session, like: expected, round: round)
        }
    }

    /// P3's words are nowhere: not exported, not found, and not in any table's text or bytes (read with
    /// psql, not through Parley); and the store is the one withdrawing after merging gives.
    static func expectWithdrawn(_ store: PostgresCommandLine, session: String, like expected: PostgresStoreContents, round: Int) async throws {
        let (contents, search, comments, holdingWord, holdingP3) = try await onOwnThread {
            (try PostgresStoreContents(store), try store.parley("search", [RaceLog.withdrawnWord]),
             try store.psql("SELECT count(*) FROM comments WHERE participant = 'P3' OR text LIKE '%\(RaceLog.withdrawnWord)%'"),
             try store.columnsHolding(RaceLog.withdrawnWord), try store.columnsHolding("\"P3\""))
        }
        let differences = contents.differences(from: expected)
        #expect(differences.isEmpty, "round \(round): differs from withdrawing after merging in \(differences)")
        #expect(!contents.csv.contains(RaceLog.withdrawnWord), "round \(round)")
        #expect(contents.tombstones == [[session, "P3"]], "round \(round)")
        #expect(search.status == 0 && search.output == "No comments match \"\(RaceLog.withdrawnWord)\".\n", "round \(round): \(search)")
        #expect(comments == "0\n", "round \(round): P3's comments")
        #expect(holdingWord.isEmpty, "round \(round): P3's words are in \(holdingWord)")
        #expect(holdingP3.isEmpty, "round \(round): P3's events are in \(holdingP3)")
    }

    @Test func reportsDuringALargeMergeSeeItAllOrNothing() async throws {
        let folder = TempFolder()
        let small = folder.file("small.jsonl"), noteTaker = folder.file("note-taker.jsonl")
        var before = RaceLog(session: "5e55e55e-0000-4000-8000-0000000000d4", writer: "facilitator", seed: 50)
        before.addComments(100, speakers: ["P1", "P2", "P3"])
        try before.write(to: small)
        // The merge adds to the session already in the store, and brings two large new ones.
        var more = RaceLog(session: before.session, writer: "ana", seed: 51)
        more.addComments(100, speakers: ["P1", "P2", "P3"])
        try more.write(to: noteTaker)
        let large = try [noteTaker] + ["5e55e55e-0000-4000-8000-0000000000d5", "5e55e55e-0000-4000-8000-0000000000d6"].enumerated().map { index, session in
            var log = RaceLog(session: session, writer: "facilitator", seed: 52 + UInt64(index))
            log.addComments(Self.long ? 40_000 : 12_000, speakers: ["P1", "P2", "P3", "P4", "P5", "P6"])
            try log.write(to: folder.file("large-\(index).jsonl"))
            return folder.file("large-\(index).jsonl")
        }

        for round in 0..<(Self.long ? 3 : 1) {
            let store = try await PostgresCommandLine.newDatabase()
            let (beforeReport, seen, merged, afterReport) = try await onOwnThread {
                try store.merge([small])
                let beforeReport = try store.parley("report").output
                let merge = try store.start("merge", large)
                // Reports one after another until the merge ends (it is killed should it take too long).
                let deadline = Date().addingTimeInterval(PostgresCommandLine.seconds)
                var seen: [PostgresCommandLine.Outcome] = []
                while !merge.hasEnded, Date() < deadline { seen.append(try store.parley("report")) }
                return (beforeReport, seen, merge.wait(seconds: 1), try store.parley("report").output)
            }
            #expect(merged.status == 0, "round \(round): \(merged.error)")
            for result in seen { #expect(result.status == 0, "round \(round): \(result.error)") }
            let reports = seen.map(\.output)
            #expect(afterReport != beforeReport)
            #expect(reports.dropLast().count >= 2, "round \(round): the merge ended before reports could be read during it")
            let mixed = reports.filter { $0 != beforeReport && $0 != afterReport }
            #expect(mixed.isEmpty, "round \(round): \(mixed.count) of \(reports.count) reports were neither before nor after the merge:\n\(mixed.first ?? "")")
            print("PostgresStoreRaceTests: round \(round): \(reports.count) reports during the merge: \(reports.filter { $0 == beforeReport }.count) before it, \(reports.filter { $0 == afterReport }.count) after it")
        }
    }
}

import Foundation
import Testing

/// Several `parley` processes on one SQLite store at once (issue 18): merges of overlapping logs racing
/// into a new store, a withdrawal racing a merge of the participant's logs, reports read while a large
/// merge runs (the races are in StoreRaces; PostgresStoreRaceTests runs them on PostgreSQL). Each race is
/// repeated; PARLEY_LONG=1 repeats it more.
@Suite(.serialized) struct StoreRaceEndToEndTests {
    static let long = ProcessInfo.processInfo.environment["PARLEY_LONG"] == "1"

    /// The reference store, then one for each round.
    static func stores(in t: Tmux, rounds: Int) -> [StoreCommandLine] {
        [StoreCommandLine(path: t.path("one-after-the-other.sqlite"))] + (0..<rounds).map { StoreCommandLine(path: t.path("race-\($0).sqlite")) }
    }

    @Test func mergesRacingIntoANewStoreEndAsIfOneAfterTheOther() throws {
        let t = try Tmux()
        let problems = try StoreRaces.merges(logsIn: t.directory.path, stores: Self.stores(in: t, rounds: Self.long ? 25 : 4))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func aWithdrawalRacingAMergeOfTheParticipantsLogsKeepsTheirWordsOut() throws {
        let t = try Tmux()
        let problems = try StoreRaces.withdrawal(logsIn: t.directory.path, stores: Self.stores(in: t, rounds: Self.long ? 24 : 6),
                                                 leftovers: Self.leftovers)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Where P3's words are still in the store, read without Parley: the raw events (with the sqlite3
    /// program), and the file's bytes (free pages, index segments).
    static func leftovers(_ store: StoreCommandLine) throws -> [String] {
        let raw = try Program.run(["sqlite3", store.store(), """
            SELECT count(*) FROM event_chunks WHERE instr(lines, CAST('\(RaceLog.withdrawnWord)' AS BLOB)) > 0 OR instr(lines, CAST('"P3"' AS BLOB)) > 0
            """])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.store()))
        return (raw == "0\n" ? [] : ["\(raw.dropLast()) of P3's raw events are in the events table"])
            + (bytes.range(of: Data(RaceLog.withdrawnWord.utf8)) == nil ? [] : ["P3's words are in the store file's bytes"])
    }

    @Test func reportsDuringALargeMergeSeeItAllOrNothing() throws {
        let t = try Tmux()
        let stores = (0..<(Self.long ? 3 : 1)).map { StoreCommandLine(path: t.path("store-\($0).sqlite")) }
        let problems = try StoreRaces.reportsDuringMerge(logsIn: t.directory.path, comments: Self.long ? 40_000 : 12_000, stores: stores)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}

import Foundation
import ParleyTestSupport
import Testing

/// Several `parley` processes on one PostgreSQL store at once (issue 18), as several researchers' laptops
/// would be: merges of overlapping logs racing into a new database, a withdrawal racing a merge of the
/// participant's logs, reports read while a large merge runs (the races are in StoreRaces;
/// StoreRaceEndToEndTests runs them on SQLite). Each race is repeated; PARLEY_LONG=1 repeats it more.
@Suite(.postgresServer, .serialized) struct PostgresStoreRaceTests {
    static let long = ProcessInfo.processInfo.environment["PARLEY_LONG"] == "1"

    @Test func mergesRacingIntoANewDatabaseEndAsIfOneAfterTheOther() async throws {
        let folder = TempFolder()
        let stores = try await StoreCommandLine.newPostgresDatabases(1 + (Self.long ? 20 : 3))
        let logs = folder.path
        let problems = try await onOwnThread { try StoreRaces.merges(logsIn: logs, stores: stores) }
        withExtendedLifetime(folder) {}
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func aWithdrawalRacingAMergeOfTheParticipantsLogsKeepsTheirWordsOut() async throws {
        let folder = TempFolder()
        let stores = try await StoreCommandLine.newPostgresDatabases(1 + (Self.long ? 24 : 4))
        let logs = folder.path
        let problems = try await onOwnThread { try StoreRaces.withdrawal(logsIn: logs, stores: stores, leftovers: Self.leftovers) }
        withExtendedLifetime(folder) {}
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Where P3's words are still in the database, read with psql: P3's comments, and any table's text or
    /// bytes holding their words or P3's events (`"P3"` as the raw events' JSON has it).
    static func leftovers(_ store: StoreCommandLine) throws -> [String] {
        let comments = try store.psql("SELECT count(*) FROM comments WHERE participant = 'P3' OR text LIKE '%\(RaceLog.withdrawnWord)%'")
        return (comments == "0\n" ? [] : ["\(comments.dropLast()) of P3's comments are in the comments table"])
            + (try store.columnsHolding(RaceLog.withdrawnWord)).map { "P3's words are in \($0)" }
            + (try store.columnsHolding("\"P3\"")).map { "P3's events are in \($0)" }
    }

    @Test func reportsDuringALargeMergeSeeItAllOrNothing() async throws {
        let folder = TempFolder()
        let stores = try await StoreCommandLine.newPostgresDatabases(Self.long ? 3 : 1)
        let logs = folder.path
        let problems = try await onOwnThread {
            try StoreRaces.reportsDuringMerge(logsIn: logs, comments: Self.long ? 40_000 : 12_000, stores: stores)
        }
        withExtendedLifetime(folder) {}
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}

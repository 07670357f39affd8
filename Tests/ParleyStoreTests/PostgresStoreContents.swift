import Foundation
import ParleyStore
import ParleyTestSupport

/// What two PostgreSQL stores made from the same logs must share: what users see (the csv export,
/// the session list, the report) and what is underneath (every event id, withdrawals, tombstones).
struct PostgresStoreContents: Sendable {
    var csv: String
    var sessions: String
    var report: String
    var eventIDs: [String]
    var eventsPerSession: [String: Int]
    var withdrawnEvents: [[String]]
    var tombstones: [[String]]
    var integrity: String

    var events: Int { eventIDs.count }

    /// Read with the real parley and, for the events, a Store of its own.
    init(_ commandLine: PostgresCommandLine) throws {
        var outputs: [String] = []
        for (command, arguments) in [("export", ["--format", "csv"]), ("sessions", []), ("report", [])] {
            let result = try commandLine.parley(command, arguments)
            guard result.status == 0 else { throw TestError(description: "parley \(command) failed: \(result.error)") }
            outputs.append(result.output)
        }
        (csv, sessions, report) = (outputs[0], outputs[1], outputs[2])
        let store = try Store(postgres: commandLine.location)
        var ids: [String] = []
        eventsPerSession = [:]
        for session in try store.query("SELECT id FROM sessions ORDER BY id").map({ $0[0] }) {
            let events = try store.events(session: session)
            ids += events.map(\.id)
            eventsPerSession[session] = events.count
        }
        eventIDs = ids.sorted()
        withdrawnEvents = try store.query("SELECT id FROM withdrawn_events ORDER BY id")
        tombstones = try store.query("SELECT session, participant FROM tombstones ORDER BY session, participant")
        integrity = try store.integrityCheck()
    }

    /// The names of what differs (the values themselves can run to megabytes).
    func differences(from other: PostgresStoreContents) -> [String] {
        var names: [String] = []
        if csv != other.csv { names.append("export csv") }
        if sessions != other.sessions { names.append("sessions") }
        if report != other.report { names.append("report") }
        if eventIDs != other.eventIDs { names.append("events (\(events) against \(other.events))") }
        if Set(eventIDs).count != events { names.append("events stored twice") }
        if eventsPerSession != other.eventsPerSession { names.append("events per session \(eventsPerSession) against \(other.eventsPerSession)") }
        if withdrawnEvents != other.withdrawnEvents { names.append("withdrawn events (\(withdrawnEvents.count) against \(other.withdrawnEvents.count))") }
        if tombstones != other.tombstones { names.append("tombstones \(tombstones) against \(other.tombstones)") }
        if integrity != "ok" { names.append("integrity: \(integrity)") }
        return names
    }
}

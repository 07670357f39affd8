import Foundation
import ParleyCore
import ParleyStore

/// What two stores made from the same logs must share, whichever database holds them: what users see
/// (the csv export, the session list, the report) and what is underneath (every event, fingerprints,
/// withdrawals, tombstones).
public struct StoreContents: Sendable {
    public var csv: String
    public var sessions: String
    public var report: String
    /// Every stored event, by id.
    public var events: [Event]
    public var fingerprints: [[String]]
    public var withdrawnEvents: [[String]]
    public var tombstones: [[String]]
    public var integrity: String

    /// Read with the real parley and, underneath, a Store of its own.
    public init(_ commandLine: StoreCommandLine) throws {
        var outputs: [String] = []
        for (command, arguments) in [("export", ["--format", "csv"]), ("sessions", []), ("report", [])] {
            let result = try commandLine.parley(command, arguments)
            guard result.status == 0 else { throw TestError(description: "parley \(command) failed: \(result.error)") }
            outputs.append(result.output)
        }
        (csv, sessions, report) = (outputs[0], outputs[1], outputs[2])
        let store = try Store(location: commandLine.location)
        events = try store.query("SELECT id FROM sessions ORDER BY id").flatMap { try store.events(session: $0[0]) }.sorted { $0.id < $1.id }
        fingerprints = try store.query("SELECT sum(length(hashes)) / 16 FROM line_hashes")
        withdrawnEvents = try store.query("SELECT id FROM withdrawn_events ORDER BY id")
        tombstones = try store.query("SELECT session, participant FROM tombstones ORDER BY session, participant")
        integrity = try store.integrityCheck()
    }

    /// The names of what differs (the values themselves can run to megabytes).
    public func differences(from other: StoreContents) -> [String] {
        var names: [String] = []
        if csv != other.csv { names.append("export csv") }
        if sessions != other.sessions { names.append("sessions") }
        if report != other.report { names.append("report") }
        if events != other.events { names.append("events (\(events.count) against \(other.events.count))") }
        if Set(events.map(\.id)).count != events.count { names.append("events stored twice") }
        if fingerprints != other.fingerprints { names.append("fingerprints \(fingerprints) against \(other.fingerprints)") }
        if withdrawnEvents != other.withdrawnEvents { names.append("withdrawn events (\(withdrawnEvents.count) against \(other.withdrawnEvents.count))") }
        if tombstones != other.tombstones { names.append("tombstones \(tombstones) against \(other.tombstones)") }
        if integrity != "ok" { names.append("integrity: \(integrity)") }
        return names
    }
}

import Foundation
import ParleyStore
import ParleyTestSupport

/// The real `parley` (and `psql`) run on one database of the test server as a researcher would run
/// them: `--store postgresql://…`, the password in PGPASSWORD. Every command is given `seconds` to end;
/// one still running then is killed, and its error says so.
struct PostgresCommandLine: Sendable {
    typealias Outcome = (output: String, error: String, status: Int32)

    let location: PostgresLocation
    let password: String
    static let seconds = 300.0

    /// A new, empty database on the current test server.
    static func newDatabase() async throws -> PostgresCommandLine {
        guard let server = PostgresTestServer.current else { throw TestError(description: "the suite has no .postgresServer trait") }
        return PostgresCommandLine(location: try await PostgresTestServer.database(), password: server.password)
    }

    /// The store's URL for `--store`: the server's, or through a proxy listening on `port`.
    func url(port: Int? = nil) -> String {
        var location = location
        if let port { location.port = port }
        return location.redacted
    }

    /// Starts `parley COMMAND --store URL ARGUMENTS` without waiting for it.
    func start(_ command: String, _ arguments: [String], port: Int? = nil) throws -> Program.Spawned {
        try Program.spawn([ParleyBuild.binary, command, "--store", url(port: port)] + arguments, environment: ["PGPASSWORD": password])
    }

    func parley(_ command: String, _ arguments: [String] = [], port: Int? = nil) throws -> Outcome {
        try start(command, arguments, port: port).wait(seconds: Self.seconds)
    }

    /// Runs every command at the same moment (or `stagger` seconds apart); their outcomes in order.
    func race(_ commands: [(command: String, arguments: [String])], stagger: Double = 0) throws -> [Outcome] {
        try commands.map { command in
            Thread.sleep(forTimeInterval: stagger)
            return try start(command.command, command.arguments)
        }.map { $0.wait(seconds: Self.seconds) }
    }

    func merge(_ logs: [String]) throws {
        let merged = try parley("merge", logs)
        guard merged.status == 0 else { throw TestError(description: "parley merge failed: \(merged.error)") }
    }

    /// What psql answers `sql`: unaligned rows, `|` between columns.
    func psql(_ sql: String) throws -> String {
        let result = try Program.spawn(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", url(), "-c", sql],
                                       environment: ["PGPASSWORD": password]).wait(seconds: Self.seconds)
        guard result.status == 0 else { throw TestError(description: "psql failed (\(result.status)): \(result.error)") }
        return result.output
    }

    /// Every `table.column` of the database's tables, text or bytes, that holds `text` somewhere (read
    /// with psql, not through Parley, and whatever the tables are).
    func columnsHolding(_ text: String) throws -> [String] {
        let columns = try psql("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND data_type IN ('text', 'bytea', 'json', 'jsonb', 'character varying')
            ORDER BY table_name, column_name
            """).split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        guard !columns.isEmpty else { throw TestError(description: "the database has no tables") }
        let hex = text.utf8.map { String(format: "%02x", $0) }.joined()
        let checks = columns.map { column in
            let (table, name) = ("\"\(column[0])\"", "\"\(column[1])\"")
            let holds = column[2] == "bytea" ? "position('\\x\(hex)'::bytea IN \(name)) > 0" : "strpos(\(name)::text, '\(text)') > 0"
            return "SELECT '\(column[0]).\(column[1])' FROM \(table) WHERE \(holds) GROUP BY 1"
        }
        return try psql(checks.joined(separator: " UNION ALL ") + " ORDER BY 1").split(separator: "\n").map(String.init)
    }
}

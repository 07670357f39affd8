import Foundation
import ParleyStore
import ParleyTestSupport

/// The real parley and psql on databases of the current test server (`.postgresServer`).
extension StoreCommandLine {
    /// A new, empty database.
    static func newPostgresDatabase() async throws -> StoreCommandLine {
        StoreCommandLine(.postgres(try await PostgresTestServer.database()))
    }

    /// `count` new, empty databases.
    static func newPostgresDatabases(_ count: Int) async throws -> [StoreCommandLine] {
        var databases: [StoreCommandLine] = []
        for _ in 0..<count { databases.append(try await newPostgresDatabase()) }
        return databases
    }

    /// The server's port: where a proxy in front of it relays to.
    var serverPort: Int {
        get throws {
            guard case .postgres(let postgres) = location else { throw TestError(description: "\(location) is not on a PostgreSQL server") }
            return postgres.port
        }
    }

    /// What psql answers `sql` in this database: unaligned rows, `|` between columns.
    func psql(_ sql: String) throws -> String {
        let result = try Program.spawn(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", store(), "-c", sql],
                                       environment: environment).wait(seconds: Self.seconds)
        guard result.status == 0 else { throw TestError(description: "psql failed (\(result.status)): \(result.error)") }
        return result.output
    }

    /// Every `table.column` of the database, text or bytes, that holds `text` somewhere (read with psql,
    /// not through Parley, and whatever the tables are).
    func columnsHolding(_ text: String) throws -> [String] {
        let columns = try psql("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND data_type IN ('text', 'bytea', 'json', 'jsonb', 'character varying')
            ORDER BY table_name, column_name
            """).split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        guard !columns.isEmpty else { throw TestError(description: "the database has no tables") }
        let hex = text.utf8.map { String(format: "%02x", $0) }.joined()
        let checks = columns.map { column in
            let name = "\"\(column[1])\""
            let holds = column[2] == "bytea" ? "position('\\x\(hex)'::bytea IN \(name)) > 0" : "strpos(\(name)::text, '\(text)') > 0"
            return "SELECT '\(column[0]).\(column[1])' FROM \"\(column[0])\" WHERE \(holds) GROUP BY 1"
        }
        return try psql(checks.joined(separator: " UNION ALL ") + " ORDER BY 1").split(separator: "\n").map(String.init)
    }
}

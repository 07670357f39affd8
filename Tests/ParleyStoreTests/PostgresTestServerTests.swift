import Foundation
import ParleyStore
import PostgresNIO
import Testing

/// The throwaway server works, and PostgresLocation's configuration reaches it as libpq would.
// A query that never returns must not hang the run: every test here has a minute.
@Suite(.postgresServer, .timeLimit(.minutes(1))) struct PostgresTestServerTests {
    var server: PostgresTestServer { get throws { try #require(PostgresTestServer.current) } }

    /// The server's certificate; without one (no openssl) the TLS test is skipped, saying so.
    func certificate() throws -> String {
        guard let certificate = try server.certificate else {
            try Test.cancel("openssl is not installed, so the test server has no certificate: TLS tests skipped")
        }
        return certificate
    }

    /// One value the server answers `sql` with.
    func value<T: PostgresDecodable & Sendable>(_ sql: String, as type: T.Type, at location: PostgresLocation) async throws -> T? {
        try await PostgresTestServer.withConnection(to: location) { connection in
            var result: T?
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresTestServer.logger).decode(T.self) {
                result = value
            }
            return result
        }
    }

    /// The message connecting to `location` fails with.
    func failure(_ location: PostgresLocation) async -> String {
        do {
            _ = try await encrypted(location)
            Issue.record("\(location) connected")
            return ""
        } catch {
            return location.connectionFailure(error).description
        }
    }

    func encrypted(_ location: PostgresLocation) async throws -> Bool? {
        try await value("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", as: Bool.self, at: location)
    }

    @Test func aPlainConnectionRunsQueries() async throws {
        let location = try await PostgresTestServer.database()
        #expect(try await value("SELECT 1", as: Int.self, at: location) == 1)
        #expect(try await encrypted(location) == false)
    }

    @Test func eachTestGetsItsOwnDatabase() async throws {
        let first = try await PostgresTestServer.database(), second = try await PostgresTestServer.database()
        #expect(first.database != second.database)
        try await PostgresTestServer.withConnection(to: first) { connection in
            _ = try await connection.query("CREATE TABLE only_here (x int)", logger: PostgresTestServer.logger)
        }
        #expect(try await value("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'", as: Int.self, at: second) == 0)
    }

    @Test func requireEncryptsWithoutCheckingTheCertificate() async throws {
        let server = try server
        _ = try certificate()
        let location = try await PostgresTestServer.database(sslMode: .require)
        #expect(location.tls == .required(.none))
        #expect(try await encrypted(location) == true)
        #expect(try await encrypted(server.location(database: location.database, query: "sslmode=prefer")) == true)
    }

    @Test func verifyCAAcceptsTheCertificateItIsGiven() async throws {
        let server = try server
        let certificate = try certificate()
        let database = try await PostgresTestServer.database().database
        let location = try server.location(database: database, query: "sslmode=verify-ca&sslrootcert=" + certificate)
        #expect(try await encrypted(location) == true)
    }

    @Test func verifyFullRefusesASelfSignedCertificateSayingWhy() async throws {
        let server = try server
        let certificate = try certificate()
        let database = try await PostgresTestServer.database().database
        let system = try server.location(database: database, query: "sslmode=verify-full&sslrootcert=system")
        #expect(await failure(system) == "cannot connect to \(system.redacted): the server's certificate is not signed by "
            + "the system's trusted root certificates (sslmode=verify-full checks it): a self-signed certificate, or one from another authority")
        // Trusted, but issued to "parley-test-server", not 127.0.0.1.
        let trusted = try server.location(database: database, query: "sslmode=verify-full&sslrootcert=" + certificate)
        #expect(await failure(trusted) == "cannot connect to \(trusted.redacted): the server's certificate does not name 127.0.0.1 "
            + "(sslmode=verify-full checks that it does)")
    }

    @Test func thePasswordComesFromAPrivatePgpass() async throws {
        let server = try server
        let database = try await PostgresTestServer.database().database
        let home = TempFolder()
        let pgpass = home.write("127.0.0.1:\(server.port):\(database):parley:\(server.password)\n", to: ".pgpass")
        chmod(pgpass, 0o600)
        let environment = StoreEnvironment(variables: [:], loginName: "parley", homeDirectory: home.path)
        let location = try PostgresLocation(resolving: "postgresql://127.0.0.1:\(server.port)/\(database)?sslmode=disable", environment: environment, warn: { _ in })
        #expect(location.passwordSource == pgpass)
        #expect(try await value("SELECT current_user::text", as: String.self, at: location) == "parley")
    }

    @Test func refusalsSayWhatToDo() async throws {
        let server = try server
        let wrong = try server.location(database: "postgres", variables: ["PGPASSWORD": "wrong"])
        #expect(await failure(wrong).hasSuffix(": password authentication failed for user \"parley\" (the password came from PGPASSWORD)"))
        let none = try server.location(database: "postgres", variables: [:])
        #expect(await failure(none).hasSuffix(": the server asks for parley's password and none was found "
            + "(put it in ~/.pgpass, mode 0600, or PGPASSWORD: see docs/store-postgres.md)"))
        let missing = try server.location(database: "no_such_study")
        #expect(await failure(missing).hasSuffix(": database \"no_such_study\" does not exist (a database administrator creates it: see docs/store-postgres.md)"))
        // Over the Unix socket (trusted): over TCP the server says only that the password was wrong.
        let stranger = try PostgresLocation(resolving: "postgresql://no_such_researcher@:\(server.port)/postgres?host=\(server.folder)",
                                            environment: StoreEnvironment(variables: [:], loginName: "x", homeDirectory: server.folder),
                                            warn: { _ in })
        #expect(await failure(stranger).hasSuffix(": role \"no_such_researcher\" does not exist (a database administrator creates the role "
            + "and lets it connect from here: see docs/store-postgres.md, Setting up a team store)"))
    }

    @Test func nothingListeningIsSaidPlainly() async throws {
        let environment = StoreEnvironment(variables: [:], loginName: "x", homeDirectory: "/nonexistent")
        let closed = try PostgresLocation(resolving: "postgresql://127.0.0.1:1/db?sslmode=disable", environment: environment, warn: { _ in })
        #expect(await failure(closed) == "cannot connect to postgresql://x@127.0.0.1:1/db?sslmode=disable: nothing answers at 127.0.0.1 port 1 "
            + "(connection refused): is the server running, and listening there?")
        let folder = TempFolder()
        let noSocket = try PostgresLocation(resolving: "postgresql://x@:5999/db?host=\(folder.path)", environment: environment, warn: { _ in })
        #expect(await failure(noSocket) == "cannot connect to postgresql://x@:5999/db?host=\(folder.path): nothing answers at the socket "
            + "\(folder.path)/.s.PGSQL.5999 (no such socket): is the server running, with its socket in \(folder.path)?")
        let unknown = try PostgresLocation(resolving: "postgresql://nonexistent.invalid/db?sslmode=disable", environment: environment, warn: { _ in })
        #expect(await failure(unknown).contains(": cannot find the host nonexistent.invalid: "))
    }

    /// A team's store needs no superuser and no extension: the database's owner creates it.
    @Test func aDatabaseOwnerWhoIsNoSuperuserCreatesAStore() async throws {
        let server = try server
        let role = "researcher_" + UUID().uuidString.prefix(8).lowercased()
        try await server.execute("CREATE ROLE \(role) LOGIN PASSWORD 'team-secret'")
        try await server.execute("CREATE DATABASE \(role) OWNER \(role)")
        let location = try server.location(database: role, user: role, variables: ["PGPASSWORD": "team-secret"])
        #expect(try await value("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", as: Bool.self, at: location) == false)
        let folder = TempFolder()
        let store = try Store(postgres: location)
        #expect(store.warnings.isEmpty, "the owner made it")
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        #expect(try store.search("zazolc").hits.map(\.commentID) == ["w3"])
        #expect(try store.query("SELECT count(*) FROM pg_extension WHERE extname = 'unaccent'") == [["0"]])
    }

    /// A store made by someone other than the database's owner belongs to them, not to the team: said once,
    /// when it is made.
    @Test func aStoreMadeByAnotherThanTheOwnerIsWarnedOf() async throws {
        let server = try server
        let role = "team_" + UUID().uuidString.prefix(8).lowercased()
        try await server.execute("CREATE ROLE \(role) NOLOGIN")
        try await server.execute("CREATE DATABASE \(role) OWNER \(role)")
        let location = try server.location(database: role)
        let made = try Store(postgres: location)
        #expect(made.warnings == ["the store's tables were made by \(PostgresTestServer.superuser), not by the database's owner \(role), "
            + "so they belong to \(PostgresTestServer.superuser): others may be refused (permission denied). For a team, each researcher "
            + "acts as the owner's role (docs/store-postgres.md, Setting up a team store)"])
        #expect(try Store(postgres: location).warnings.isEmpty, "said when the store is made, not each time it is opened")
    }
}

/// A server of its own, stopped, leaves no process and no folder.
@Suite(.timeLimit(.minutes(1))) struct PostgresTestServerLifecycleTests {
    @Test func aStoppedServerLeavesNothingBehind() async throws {
        let server: PostgresTestServer
        do {
            server = try await onOwnThread(PostgresTestServer.start)
        } catch {
            try Test.cancel("PostgreSQL tests skipped: \(error)")
        }
        #expect(!Self.processes(mentioning: server.folder).isEmpty, "the server runs")
        try await onOwnThread(server.stop)
        #expect(Self.processes(mentioning: server.folder).isEmpty, "no process of the server is left")
        #expect(!FileManager.default.fileExists(atPath: server.folder))
    }

    /// Running processes whose command line mentions `text` (what `pgrep -f` finds; zombies have none).
    static func processes(mentioning text: String) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return all.filter { Int($0) != nil }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return command.contains(text) ? command : nil
        }
    }
}

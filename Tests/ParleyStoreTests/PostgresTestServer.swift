import Foundation
import ParleyCore
import ParleyStore
import PostgresNIO

/// A throwaway PostgreSQL server, started and stopped by the tests: Debian's `postgresql` binaries
/// (`make deps` installs them), a private data folder under the temporary folder, a free port on
/// 127.0.0.1 and its Unix socket in that folder, scram-sha-256 passwords over TCP, TLS with a
/// self-signed certificate, and a fresh database per test. Suites get one with the
/// `.postgresServer` trait (PostgresServerTrait.swift), which shares it and stops it after them.
final class PostgresTestServer: Sendable {
    /// Why there is no server here; the PostgreSQL tests are skipped with this.
    struct Unavailable: Error, CustomStringConvertible { var description: String }

    let port: Int
    /// Holds `data/`, the socket and `server.log`; removed on stop.
    let folder: String
    /// The server's self-signed certificate (PEM): its subject is not 127.0.0.1, so `verify-full`
    /// must refuse it even when it is trusted. nil when openssl is missing: TLS is off then.
    let certificate: String?
    static let superuser = "parley"
    let password: String
    private let tools: Tools
    /// Stops the server if this process dies without stopping it (a crash, ^C).
    private let watchdog: pid_t

    var data: String { folder + "/data" }

    // MARK: starting

    static func start() throws -> PostgresTestServer {
        let tools = try Tools.find()
        var folderTemplate = Array((NSTemporaryDirectory() + "parley-pg-XXXXXX").utf8CString)
        guard let made = mkdtemp(&folderTemplate) else { throw Unavailable(description: "cannot make a temporary folder") }
        let folder = String(cString: made)
        do {
            try tools.own(folder)
            let password = UUID().uuidString
            let passwordFile = folder + "/password"
            FileManager.default.createFile(atPath: passwordFile, contents: Data(password.utf8), attributes: [.posixPermissions: 0o600])
            try tools.own(passwordFile)
            try tools.run([tools.initdb, "-D", folder + "/data", "-U", superuser, "--pwfile=" + passwordFile, "--auth-local=trust",
                           "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"],
                          as: .server, seconds: 120, log: folder + "/initdb.log")
            try FileManager.default.removeItem(atPath: passwordFile)
            let certificate = try makeCertificate(in: folder, tools: tools)
            // A free port can be taken by someone else before the server binds it: try another.
            var failure: (any Error)?
            for _ in 1...3 {
                let port = try freePort()
                do {
                    try configure(folder: folder, port: port, tls: certificate != nil)
                    try tools.run([tools.pgCtl, "-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60", "start"],
                                  as: .server, seconds: 90, log: folder + "/pg_ctl.log")
                    let watchdog = try startWatchdog(folder: folder, tools: tools)
                    return PostgresTestServer(port: port, folder: folder, certificate: certificate, password: password, tools: tools, watchdog: watchdog)
                } catch {
                    // pg_ctl gave up waiting: a server still starting must not outlive its folder.
                    _ = try? tools.run([tools.pgCtl, "-D", folder + "/data", "stop", "-m", "immediate", "-w", "-t", "30"],
                                       as: .server, seconds: 45, log: folder + "/stop.log")
                    failure = Unavailable(description: "\(error)\nserver.log ends:\n\(Tools.tail(of: folder + "/server.log"))")
                }
            }
            throw failure!
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    private init(port: Int, folder: String, certificate: String?, password: String, tools: Tools, watchdog: pid_t) {
        self.port = port
        self.folder = folder
        self.certificate = certificate
        self.password = password
        self.tools = tools
        self.watchdog = watchdog
    }

    /// A self-signed certificate and its key in the data folder (where the server looks for
    /// `server.crt` and `server.key`), or nil without openssl.
    private static func makeCertificate(in folder: String, tools: Tools) throws -> String? {
        guard let openssl = Tools.executable("openssl", in: ["/usr/bin", "/usr/local/bin", "/bin"]) else { return nil }
        let certificate = folder + "/data/server.crt", key = folder + "/data/server.key"
        try tools.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                       "-subj", "/CN=parley-test-server", "-keyout", key, "-out", certificate],
                      as: .tester, seconds: 30, log: folder + "/openssl.log")
        // The server refuses a key others may read.
        chmod(key, 0o600)
        try tools.own(key)
        try tools.own(certificate)
        return certificate
    }

    private static func configure(folder: String, port: Int, tls: Bool) throws {
        // Only this machine, a socket no one else uses, and speed over durability (a test server).
        let settings = """

            listen_addresses = '127.0.0.1'
            port = \(port)
            unix_socket_directories = '\(folder)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            ssl = \(tls ? "on" : "off")
            """
        let file = folder + "/data/postgresql.conf"
        guard let handle = FileHandle(forWritingAtPath: file) else { throw Unavailable(description: "cannot write \(file)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
    }

    /// A port no one listens on now (the kernel's pick for a socket bound to port 0).
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable(description: "socket(): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw Unavailable(description: "cannot find a free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A shell in its own session that stops the server once this process is gone, however it went.
    private static func startWatchdog(folder: String, tools: Tools) throws -> pid_t {
        let stop = (tools.asServer + [tools.pgCtl, "-D", folder + "/data", "stop", "-m", "immediate", "-w", "-t", "30"])
            .map { "'\($0)'" }.joined(separator: " ")
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) >/dev/null 2>&1; rm -rf '\(folder)'"
        return try Tools.spawn(["/usr/bin/setsid", "/bin/sh", "-c", script], log: "/dev/null")
    }

    // MARK: stopping

    /// Stops the server (fast shutdown, then immediate), and removes its folder.
    func stop() {
        let stopped = (try? tools.run([tools.pgCtl, "-D", data, "stop", "-m", "fast", "-w", "-t", "30"], as: .server, seconds: 45, log: folder + "/stop.log")) != nil
            || (try? tools.run([tools.pgCtl, "-D", data, "stop", "-m", "immediate", "-w", "-t", "30"], as: .server, seconds: 45, log: folder + "/stop.log")) != nil
        if !stopped, let pid = postmasterPID { kill(pid, SIGKILL) }
        kill(watchdog, SIGTERM)
        var status: Int32 = 0
        while waitpid(watchdog, &status, 0) < 0, errno == EINTR {}
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The server's process while it runs (the first line of `postmaster.pid`).
    var postmasterPID: pid_t? {
        (try? String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8))?.split(separator: "\n").first.flatMap { pid_t($0) }
    }

    // MARK: databases and connections

    /// A new, empty database for one test, owned by the superuser; its location over TCP.
    func makeDatabase(sslMode: PostgresSSLMode = .disable) async throws -> PostgresLocation {
        let name = "parley_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(name)")
        return try location(database: name, query: "sslmode=" + sslMode.rawValue)
    }

    /// `database` on this server as the superuser, with more of a URL's query (`sslmode=…&sslrootcert=…`).
    /// The password comes from PGPASSWORD, and the home folder is the server's (no ~/.pgpass there).
    func location(database: String, query: String = "sslmode=disable", user: String? = nil, variables: [String: String]? = nil) throws -> PostgresLocation {
        let environment = StoreEnvironment(variables: variables ?? ["PGPASSWORD": password], loginName: Self.superuser, homeDirectory: folder)
        return try PostgresLocation(resolving: "postgresql://\(user ?? Self.superuser)@127.0.0.1:\(port)/\(database)?\(query)",
                                    environment: environment, warn: { _ in })
    }

    /// Runs `sql` as the superuser.
    func execute(_ sql: String, database: String = "postgres") async throws {
        try await Self.withConnection(to: location(database: database)) { connection in
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger) {}
        }
    }

    static let logger = Logger(label: "parley-tests.postgres")

    /// Connects with the location's postgres-nio configuration, runs `body`, and closes.
    static func withConnection<T: Sendable>(to location: PostgresLocation, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(), id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

// MARK: - running the PostgreSQL programs

extension PostgresTestServer {
    /// initdb and pg_ctl, and whom they run as: PostgreSQL refuses to run as root, so a root tester
    /// runs them as the `postgres` user Debian's package makes, and gives it the folders.
    struct Tools: Sendable {
        let initdb: String
        let pgCtl: String
        /// The postgres user's ids when the tests run as root.
        let serverAccount: (uid: uid_t, gid: gid_t)?

        enum Who { case server, tester }

        /// Debian's newest `/usr/lib/postgresql/N/bin` first (/usr/local/bin may hold other builds), then PATH.
        static func find() throws -> Tools {
            let debian = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
                .compactMap { Int($0) }.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
            let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            guard let folder = (debian + path).first(where: { executable("initdb", in: [$0]) != nil && executable("pg_ctl", in: [$0]) != nil }) else {
                throw Unavailable(description: "PostgreSQL's initdb and pg_ctl are not installed (make deps installs Debian's postgresql)")
            }
            var account: (uid_t, gid_t)?
            if geteuid() == 0 {
                guard let postgres = getpwnam("postgres") else {
                    throw Unavailable(description: "the tests run as root, PostgreSQL will not, and there is no postgres user to run it as")
                }
                account = (postgres.pointee.pw_uid, postgres.pointee.pw_gid)
            }
            return Tools(initdb: folder + "/initdb", pgCtl: folder + "/pg_ctl", serverAccount: account)
        }

        static func executable(_ name: String, in folders: [String]) -> String? {
            folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }

        /// The words that run a command as the server's user.
        var asServer: [String] { serverAccount == nil ? [] : ["/usr/sbin/runuser", "-u", "postgres", "--"] }

        /// Gives `path` to the server's user when that is not us.
        func own(_ path: String) throws {
            guard let account = serverAccount else { return }
            guard chown(path, account.uid, account.gid) == 0 else { throw Unavailable(description: "chown \(path): \(String(cString: strerror(errno)))") }
        }

        /// Runs a program for at most `seconds` (then it is killed), its output into `log`; throws
        /// with the output when it fails.
        func run(_ arguments: [String], as who: Who, seconds: Int, log: String) throws {
            let timeout = ["/usr/bin/timeout", "-k", "5", String(seconds)]
            let pid = try Self.spawn(timeout + (who == .server ? asServer : []) + arguments, log: log)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            guard exitStatus == 0 else {
                let name = (arguments[0] as NSString).lastPathComponent
                let outcome = exitStatus == 124 ? "took over \(seconds) s" : "exited with \(exitStatus)"
                throw Unavailable(description: "\(name) \(outcome):\n\(Tools.tail(of: log))")
            }
        }

        /// Starts a program with posix_spawn, its output into `log`. Not Foundation's Process: it
        /// learns of an exit when every holder of a descriptor it hands the child has closed it, and
        /// the server pg_ctl leaves running would hold it.
        static func spawn(_ arguments: [String], log: String) throws -> pid_t {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let argv = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
            guard spawned == 0 else { throw Unavailable(description: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
            return pid
        }

        /// The last lines of a log file.
        static func tail(of path: String, lines: Int = 15) -> String {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").suffix(lines).joined(separator: "\n")
        }
    }
}

import ParleyCore

/// A PostgreSQL store: a `postgresql://` URL completed the way libpq completes one — what the URL
/// leaves out from the `PG*` environment variables, then libpq's defaults, and a missing password
/// from the password file (`~/.pgpass`). See docs/store-postgres.md.
public struct PostgresLocation: Sendable, Equatable {
    /// A host name, an IP address, or (starting with `/`) the folder holding the server's Unix socket.
    public var host: String
    public var port: Int
    public var user: String
    /// nil when none was found: the server may not need one (peer or trust authentication).
    public var password: String?
    /// Where the password came from ("the URL", "PGPASSWORD" or the password file's path), for
    /// messages when the server refuses it.
    public var passwordSource: String?
    public var database: String
    public var sslMode: PostgresSSLMode
    /// What the sslmode and the root certificates found mean for the connection.
    public var tls: PostgresTLSPolicy
    /// What the server shows for the connection (`pg_stat_activity`): "parley" unless given.
    public var applicationName: String
    /// Seconds to wait for the server when connecting.
    public var connectTimeout: Int

    public static let defaultPort = 5432
    /// libpq waits for ever when not told; Parley always stops waiting (postgres-nio's default).
    public static let defaultConnectTimeout = 10

    /// The Unix socket to connect through, when `host` is a folder.
    public var socketPath: String? { host.hasPrefix("/") ? "\(host)/.s.PGSQL.\(port)" : nil }

    /// Reads `url` and completes it from `environment`; `warn` hears what libpq would print as a
    /// warning (a password file others may read, which is then ignored).
    public init(resolving url: String, environment: StoreEnvironment, warn: (String) -> Void) throws {
        do {
            try self.init(given: Self.given(url, environment: environment), environment: environment, warn: warn)
        } catch let error as UserError {
            throw UserError("PostgreSQL store location: \(error.description)")
        }
    }

    /// Each parameter the URL or the environment gives, with where it came from.
    private static func given(_ url: String, environment: StoreEnvironment) throws -> [PostgresParameter: (value: String, from: String)] {
        var given: [PostgresParameter: (value: String, from: String)] = [:]
        for (parameter, value) in try PostgresURL.parameters(url) { given[parameter] = (value, "the URL") }
        for parameter in PostgresParameter.allCases where given[parameter] == nil {
            if let value = environment.value(parameter.environmentVariable) { given[parameter] = (value, parameter.environmentVariable) }
        }
        return given
    }

    private init(given: [PostgresParameter: (value: String, from: String)], environment: StoreEnvironment, warn: (String) -> Void) throws {
        host = given[.host]?.value ?? "localhost"
        port = Self.defaultPort
        if case let (text, from)? = given[.port] {
            guard let number = Int(text), (1...65535).contains(number) else {
                throw UserError("port \"\(text)\" (from \(from)) is not a number from 1 to 65535")
            }
            port = number
        }
        guard let user = given[.user]?.value ?? (environment.loginName.isEmpty ? nil : environment.loginName) else {
            throw UserError("no user name: give one in the URL (postgresql://USER@host/database) or in PGUSER")
        }
        self.user = user
        database = given[.dbname]?.value ?? user
        applicationName = given[.application_name]?.value ?? "parley"
        connectTimeout = Self.defaultConnectTimeout
        if case let (text, from)? = given[.connect_timeout] {
            guard let seconds = Int(text), seconds > 0 else {
                throw UserError("connect_timeout \"\(text)\" (from \(from)) is not a number of seconds above 0 "
                    + "(libpq's 0, wait for ever, is not offered: a command should not hang)")
            }
            connectTimeout = max(seconds, 2)  // libpq's minimum
        }

        var mode: PostgresSSLMode?
        if case let (text, from)? = given[.sslmode] {
            let names = PostgresSSLMode.allCases.map(\.rawValue)
            guard let parsed = PostgresSSLMode(rawValue: text) else {
                throw UserError("sslmode \"\(text)\" (from \(from)) is not one of \(names.joined(separator: ", "))"
                    + Suggestion.hint(for: text, in: names))
            }
            mode = parsed
        }
        (sslMode, tls) = try PostgresTLSPolicy.resolve(mode: mode, rootCertificate: given[.sslrootcert]?.value,
                                                       homeDirectory: environment.homeDirectory, unixSocket: host.hasPrefix("/"))

        if let supplied = given[.password] {
            (password, passwordSource) = (supplied.value, supplied.from)
        } else {
            let file = given[.passfile]?.value ?? environment.homeDirectory + "/.pgpass"
            let key = PostgresPassFile.Key(host: host, port: port, database: database, user: user)
            // An empty password in the file is no password, as in libpq.
            if let found = PostgresPassFile.password(inFile: file, for: key, warn: warn), !found.isEmpty {
                (password, passwordSource) = (found, file)
            }
        }
    }

    /// The location as a URL without the password, for messages: the host, port, user, database and
    /// (when not the default) sslmode in effect. Read back, it names the same server and database.
    public var redacted: String {
        var url = "postgresql://" + PostgresURL.encode(user) + "@"
        var query: [String] = []
        if socketPath != nil {
            url += ":\(port)"
            query.append("host=" + PostgresURL.encode(host, keeping: "/"))
        } else {
            url += (host.contains(":") ? "[" + PostgresURL.encode(host, keeping: ":") + "]" : PostgresURL.encode(host)) + ":\(port)"
        }
        url += "/" + PostgresURL.encode(database)
        if sslMode != .prefer { query.append("sslmode=" + sslMode.rawValue) }
        return query.isEmpty ? url : url + "?" + query.joined(separator: "&")
    }
}

// Printing a location, on purpose or in a test failure, never shows the password.
extension PostgresLocation: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { redacted }
    public var debugDescription: String { redacted }
    public var customMirror: Mirror { Mirror(self, children: ["redacted": redacted]) }
}

import NIOSSL
import ParleyCore
import PostgresNIO

extension PostgresLocation {
    /// postgres-nio's configuration for connecting here. Throws when the root certificates cannot be
    /// loaded (a file that is not PEM, say).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: try tls.postgresNIO())
        }
        configuration.options.connectTimeout = .seconds(Int64(connectTimeout))
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }
}

extension PostgresTLSPolicy {
    /// postgres-nio has libpq's three outcomes: no TLS, TLS if offered, TLS or nothing.
    func postgresNIO() throws -> PostgresConnection.Configuration.TLS {
        switch self {
        case .off: return .disable
        case .preferred(let check): return .prefer(try check.sslContext())
        case .required(let check): return .require(try check.sslContext())
        }
    }
}

extension PostgresTLSPolicy.Check {
    /// NIOSSL's client settings for this check.
    var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch self {
        case .none:
            configuration.certificateVerification = .none
        case .chain(let roots):
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = roots.nioSSL
        case .chainAndHostname(let roots):
            configuration.certificateVerification = .fullVerification
            configuration.trustRoots = roots.nioSSL
        }
        return configuration
    }

    func sslContext() throws -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: tlsConfiguration)
        } catch {
            let source = switch self {
            case .none: "the TLS settings"
            case .chain(let roots), .chainAndHostname(let roots): roots.description
            }
            throw UserError("cannot load \(source) for PostgreSQL's TLS: \(error)")
        }
    }
}

extension PostgresTLSPolicy.Roots: CustomStringConvertible {
    var nioSSL: NIOSSLTrustRoots {
        switch self {
        case .file(let path): .file(path)
        case .system: .default
        }
    }

    public var description: String {
        switch self {
        case .file(let path): "the root certificates in \(path)"
        case .system: "the system's trusted root certificates"
        }
    }
}

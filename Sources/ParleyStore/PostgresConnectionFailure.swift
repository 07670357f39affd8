import NIOCore
import NIOPosix
import NIOSSL
import ParleyCore
import PostgresNIO

extension PostgresLocation {
    /// Why connecting here failed, in words a researcher can act on: `cannot connect to
    /// postgresql://…: reason`. postgres-nio's errors describe themselves vaguely on purpose (they may
    /// hold data); the reason is read from their parts. It never holds the password.
    public func connectionFailure(_ error: any Error) -> UserError {
        UserError("cannot connect to \(redacted): \(reason(for: error))")
    }

    func reason(for error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            if let state = error.serverInfo?[.sqlState] {
                let message = error.serverInfo?[.message] ?? "the server refused (SQLSTATE \(state))"
                switch state {
                case "28P01": return message + passwordHint
                // No such role, or pg_hba.conf lets no one in as it from here: no password would help.
                case "28000": return message + " (a database administrator creates the role and lets it connect from here: "
                    + "see docs/store-postgres.md, Setting up a team store)"
                case "3D000": return message + " (a database administrator creates it: see docs/store-postgres.md)"
                default: return message
                }
            }
            if error.code == .authMechanismRequiresPassword {
                return "the server asks for \(user)'s password and none was found" + passwordHint
            }
            if error.code == .sslUnsupported {
                return "the server does not offer TLS, and sslmode=\(sslMode.rawValue) requires it"
            }
            if let underlying = error.underlying { return reason(for: underlying) }
            return String(reflecting: error)
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return "the server's certificate does not name \(host) (sslmode=verify-full checks that it does)"
        case NIOSSLError.handshakeFailed(let detail) where "\(detail)".contains("CERTIFICATE_VERIFY_FAILED"):
            return "the server's certificate is not signed by \(trustedRoots) (sslmode=\(sslMode.rawValue) checks it): "
                + "a self-signed certificate, or one from another authority"
        case NIOSSLError.handshakeFailed(let detail):
            return "the TLS handshake failed: \(detail)"
        case let error as NIOConnectionError:
            if let lookup = error.dnsAError ?? error.dnsAAAAError { return "cannot find the host \(host): \(lookup)" }
            let causes = error.connectionErrors.map { failure in
                (failure.error as? IOError)?.errnoCode == ECONNREFUSED ? "connection refused" : "\(failure.error)"
            }
            return "nothing answers at \(host) port \(port) (\(Set(causes).sorted().joined(separator: "; "))): is the server running, and listening there?"
        case let error as IOError where socketPath != nil:
            // A Unix socket's connect fails plainly (no NIOConnectionError around it).
            let cause = switch error.errnoCode {
            case ENOENT: "no such socket"
            case ECONNREFUSED: "connection refused"
            default: String(cString: strerror(error.errnoCode))
            }
            return "nothing answers at the socket \(socketPath!) (\(cause)): is the server running, with its socket in \(host)?"
        case ChannelError.connectTimeout:
            return "no answer within \(connectTimeout) s (connect_timeout)"
        default:
            return String(describing: error)
        }
    }

    /// Where the password came from, or where to put one.
    private var passwordHint: String {
        if let passwordSource { return " (the password came from \(passwordSource))" }
        return " (put it in ~/.pgpass, mode 0600, or PGPASSWORD: see docs/store-postgres.md)"
    }

    private var trustedRoots: String {
        switch tls {
        case .preferred(.chain(let roots)), .required(.chain(let roots)),
             .preferred(.chainAndHostname(let roots)), .required(.chainAndHostname(let roots)): roots.description
        default: "the trusted root certificates"
        }
    }
}

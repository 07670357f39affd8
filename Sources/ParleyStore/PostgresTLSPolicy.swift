import Foundation
import ParleyCore

/// libpq's `sslmode`, with libpq's meanings (https://www.postgresql.org/docs/current/libpq-ssl.html).
public enum PostgresSSLMode: String, CaseIterable, Sendable {
    case disable, allow, prefer, require
    case verifyCA = "verify-ca"
    case verifyFull = "verify-full"
}

/// What TLS a connection uses: the `sslmode` and the root certificates found, turned into what a
/// client must do. Unix-socket connections never use TLS (libpq does not either).
public enum PostgresTLSPolicy: Sendable, Equatable {
    /// Plain text.
    case off
    /// TLS when the server offers it, else plain text (`allow`, `prefer`; libpq's `allow` tries plain
    /// text first, Parley tries TLS first, which reaches the same servers).
    case preferred(Check)
    /// TLS or no connection (`require`, `verify-ca`, `verify-full`).
    case required(Check)

    /// How the server's certificate is checked.
    public enum Check: Sendable, Equatable {
        /// Not at all: encrypted, but anyone in the middle may present their own certificate
        /// (libpq's `require`, `prefer` and `allow` when no root certificate is found).
        case none
        /// Signed by one of these roots, for any host name (`verify-ca`; the lower modes too when a
        /// root certificate file is there, as in libpq).
        case chain(Roots)
        /// Signed by one of these roots, and naming the host connected to (`verify-full`).
        case chainAndHostname(Roots)
    }

    /// Where the trusted root certificates come from.
    public enum Roots: Sendable, Equatable {
        /// A PEM file (`sslrootcert`, or `~/.postgresql/root.crt` when it exists).
        case file(String)
        /// The system's trusted roots (`sslrootcert=system`, PostgreSQL 16's spelling).
        case system
    }

    /// The policy libpq would follow. `mode` nil: not given (prefer, or verify-full with
    /// `sslrootcert=system`); `rootCertificate` nil: not given (then `~/.postgresql/root.crt` if it exists).
    static func resolve(mode: PostgresSSLMode?, rootCertificate: String?, homeDirectory: String, unixSocket: Bool) throws
        -> (mode: PostgresSSLMode, policy: PostgresTLSPolicy)
    {
        if rootCertificate == "system" {
            // PostgreSQL 16: the system's roots vouch for any server with a public certificate, so only
            // checking the host name as well makes them mean something.
            if let given = mode, given != .verifyFull {
                throw UserError("sslmode \(given.rawValue) cannot be used with sslrootcert=system: use sslmode=verify-full")
            }
        }
        let chosen = mode ?? (rootCertificate == "system" ? .verifyFull : .prefer)
        if unixSocket || chosen == .disable { return (chosen, .off) }
        let standard = (homeDirectory as NSString).appendingPathComponent(".postgresql/root.crt")
        let roots: Roots?
        switch rootCertificate {
        case "system": roots = .system
        case let path?:
            // Stricter than libpq, which quietly stops verifying when the file named is missing.
            guard FileManager.default.fileExists(atPath: path) else {
                throw UserError("root certificate file \(path) (sslrootcert) does not exist")
            }
            roots = .file(path)
        case nil: roots = FileManager.default.fileExists(atPath: standard) ? .file(standard) : nil
        }
        let check: Check
        switch (chosen, roots) {
        case (.verifyCA, nil), (.verifyFull, nil):
            throw UserError("sslmode \(chosen.rawValue) checks the server's certificate, but there is no root certificate to check it with: "
                + "put the CA's certificate in \(standard), name it with sslrootcert=PATH (or PGSSLROOTCERT), "
                + "use the system's trusted roots with sslrootcert=system, or choose sslmode=require (encrypted, not verified)")
        case (.verifyFull, let roots?): check = .chainAndHostname(roots)
        case (_, let roots?): check = .chain(roots)
        case (_, nil): check = .none
        }
        switch chosen {
        case .require, .verifyCA, .verifyFull: return (chosen, .required(check))
        default: return (chosen, .preferred(check))
        }
    }
}

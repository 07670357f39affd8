import ParleyCore

/// The connection parameters Parley understands, by their libpq names (the `?name=value` keys of a
/// `postgresql://` URL), and the environment variable libpq reads for each when the URL is silent.
public enum PostgresParameter: String, CaseIterable, Sendable {
    case host, port, user, password, dbname, sslmode, sslrootcert, passfile, application_name, connect_timeout

    public var environmentVariable: String {
        switch self {
        case .host: "PGHOST"
        case .port: "PGPORT"
        case .user: "PGUSER"
        case .password: "PGPASSWORD"
        case .dbname: "PGDATABASE"
        case .sslmode: "PGSSLMODE"
        case .sslrootcert: "PGSSLROOTCERT"
        case .passfile: "PGPASSFILE"
        case .application_name: "PGAPPNAME"
        case .connect_timeout: "PGCONNECT_TIMEOUT"
        }
    }
}

/// libpq's URI grammar, `postgresql://[user[:password]@][host][:port][/dbname][?name=value&…]`,
/// read the way libpq reads it (fe-connect.c), so a URL that works with `psql` works with Parley.
/// Errors name the part that is wrong, never the whole URL: it may hold a password.
enum PostgresURL {
    static let schemes = ["postgresql://", "postgres://"]

    static func isURL(_ text: String) -> Bool { schemes.contains { text.hasPrefix($0) } }

    /// The parameters the URL gives; empty parts are absent, as in libpq (so the environment fills them).
    static func parameters(_ url: String) throws -> [PostgresParameter: String] {
        guard let scheme = schemes.first(where: { url.hasPrefix($0) }) else {
            throw UserError("a PostgreSQL store location starts with postgresql:// or postgres://")
        }
        var values: [PostgresParameter: String] = [:]
        func store(_ parameter: PostgresParameter, _ raw: Substring) throws {
            let value = try decode(raw, part: parameter.rawValue)
            if !value.isEmpty { values[parameter] = value }
        }
        var rest = url.dropFirst(scheme.count)

        // User and password end at the first "@", if one comes before any "/" (libpq's rule: a "?" or
        // ":" there belongs to the password).
        if let end = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[end] == "@" {
            let userInfo = rest[..<end]
            if let colon = userInfo.firstIndex(of: ":") {
                try store(.user, userInfo[..<colon])
                try store(.password, userInfo[userInfo.index(after: colon)...])
            } else {
                try store(.user, userInfo)
            }
            rest = rest[rest.index(after: end)...]
        }

        // The host: a bracketed IPv6 address, or a name, an IPv4 address or a percent-encoded socket folder.
        let host: Substring
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { throw UserError("the IPv6 host address has no closing \"]\"") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            guard !host.isEmpty else { throw UserError("the IPv6 host address between \"[\" and \"]\" is empty") }
            rest = rest[rest.index(after: close)...]
            if let next = rest.first, !":/?,".contains(next) {
                throw UserError("unexpected \"\(next)\" after the IPv6 host address (expected \":\", \"/\" or \"?\")")
            }
        } else {
            let end = rest.firstIndex { ":/?,".contains($0) } ?? rest.endIndex
            host = rest[..<end]
            rest = rest[end...]
        }
        try store(.host, host)
        if rest.first == ":" {
            rest = rest.dropFirst()
            let end = rest.firstIndex { "/?,".contains($0) } ?? rest.endIndex
            try store(.port, rest[..<end])
            rest = rest[end...]
        }
        if rest.first == "," {
            throw UserError("several hosts in one location are not supported: give one host")
        }
        if rest.first == "/" {
            rest = rest.dropFirst()
            let end = rest.firstIndex(of: "?") ?? rest.endIndex
            try store(.dbname, rest[..<end])
            rest = rest[end...]
        }
        if rest.first == "?" {
            for pair in rest.dropFirst().split(separator: "&", omittingEmptySubsequences: false) where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 2, omittingEmptySubsequences: false)
                let name = try decode(parts[0], part: "parameter name")
                guard parts.count == 2 else {
                    throw UserError(parts.count == 1 ? "parameter \"\(name)\" has no \"=value\"" : "parameter \"\(name)\" has a second \"=\"")
                }
                guard let parameter = PostgresParameter(rawValue: name) else {
                    let known = PostgresParameter.allCases.map(\.rawValue)
                    throw UserError("unknown parameter \"\(name)\"\(Suggestion.hint(for: name, in: known)); "
                        + "the known ones are \(known.joined(separator: ", "))")
                }
                try store(parameter, parts[1])
            }
        }
        return values
    }

    /// Percent-decoding as libpq does it: `%` needs two hex digits, `%00` is refused; the bytes must be UTF-8.
    static func decode(_ text: Substring, part: String) throws -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard input.count >= 2, let high = hexValue(input.removeFirst()), let low = hexValue(input.removeFirst()) else {
                throw UserError("the \(part) has a \"%\" not followed by two hex digits")
            }
            guard high != 0 || low != 0 else { throw UserError("the \(part) holds %00, which is not allowed") }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw UserError("the \(part)'s percent-encoded bytes are not UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Percent-encodes all but letters, digits, `-._~` and `keeping` (for writing a location back out).
    static func encode(_ text: String, keeping: String = "") -> String {
        var encoded = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "-._~".unicodeScalars.contains(scalar) || keeping.unicodeScalars.contains(scalar) {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}

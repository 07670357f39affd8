import Foundation

/// libpq's password file (`~/.pgpass`, or `PGPASSFILE`): lines of
/// `hostname:port:database:username:password`, read with libpq's rules so one file serves `psql`
/// and Parley. See https://www.postgresql.org/docs/current/libpq-pgpass.html.
enum PostgresPassFile {
    /// The folder libpq on Debian uses for its Unix socket: a connection through it matches
    /// `localhost` lines, as in libpq.
    static let defaultSocketFolder = "/var/run/postgresql"

    /// What a line is matched against.
    struct Key: Sendable, Equatable {
        var host: String
        var port: Int
        var database: String
        var user: String
    }

    /// The password in the file at `path` for `key`, or nil. Like libpq, a file that is missing or
    /// unreadable is passed over in silence, and one that is not a plain file or that group or others
    /// may use is ignored with a warning (it would put the password where others can read it).
    static func password(inFile path: String, for key: Key, warn: (String) -> Void) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        guard status.st_mode & S_IFMT == S_IFREG else {
            warn("password file \(path) is not a plain file: ignored")
            return nil
        }
        let shared = status.st_mode & (S_IRWXG | S_IRWXO)
        guard shared == 0 else {
            warn("password file \(path) has group or world access (mode \(String(status.st_mode & 0o777, radix: 8))): "
                + "ignored, as libpq ignores it; make it private with chmod 0600 \(path)")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return password(in: String(decoding: data, as: UTF8.self), for: key)
    }

    /// The password of the first line matching `key`: `*` matches anything, `\:` and `\\` are a
    /// literal `:` and `\`, lines starting `#` are comments.
    static func password(in text: String, for key: Key) -> String? {
        // libpq looks up a connection without a host, or through its default socket, as "localhost".
        let host = key.host.isEmpty || key.host == defaultSocketFolder ? "localhost" : key.host
        let wanted = [host, String(key.port), key.database, key.user]
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count >= 5 else { continue }
            if zip(fields, wanted).allSatisfy({ field, value in field.raw == "*" || field.text == value }) {
                return fields[4].text
            }
        }
        return nil
    }

    /// A line's `:`-separated fields, each as written and with its escapes taken out.
    private static func split(_ line: Substring) -> [(raw: Substring, text: String)] {
        var fields: [(raw: Substring, text: String)] = []
        var start = line.startIndex, text = "", escaped = false
        for index in line.indices {
            let character = line[index]
            if escaped {
                text.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append((line[start..<index], text))
                start = line.index(after: index)
                text = ""
            } else {
                text.append(character)
            }
        }
        // libpq keeps a backslash that ends the line.
        fields.append((line[start...], escaped ? text + "\\" : text))
        return fields
    }
}

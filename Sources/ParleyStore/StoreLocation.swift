/// Which store a command works on: an SQLite file (the default) or a PostgreSQL database.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The environment variable naming the store when `--store` is not given.
    public static let environmentVariable = "PARLEY_STORE"

    /// `--store` when given, else `PARLEY_STORE`, else `parley.sqlite`. A `postgresql://` or
    /// `postgres://` URL is a PostgreSQL store (completed from `environment`), anything else a file.
    public init(option: String?, environment: StoreEnvironment, warn: (String) -> Void) throws {
        let text = option ?? environment.value(Self.environmentVariable) ?? Store.defaultPath
        if PostgresURL.isURL(text) {
            self = .postgres(try PostgresLocation(resolving: text, environment: environment, warn: warn))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The store as messages name it: the file's path, or the URL without its password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.redacted
        }
    }
}

extension StoreLocation: CustomStringConvertible {
    public var description: String { redacted }
}

import Foundation

/// What a store location is completed from besides `--store`: the environment variables
/// (`PARLEY_STORE`, the `PG*` ones), the login name and the home folder. Tests pass their own.
public struct StoreEnvironment: Sendable {
    public var variables: [String: String]
    /// libpq's default user name.
    public var loginName: String
    /// Where `~/.pgpass` and `~/.postgresql/root.crt` are.
    public var homeDirectory: String

    public init(variables: [String: String], loginName: String, homeDirectory: String) {
        self.variables = variables
        self.loginName = loginName
        self.homeDirectory = homeDirectory
    }

    /// This process's: its environment, and the user it runs as (`HOME` first for the home folder).
    public static func current() -> StoreEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let account = getpwuid(geteuid())
        let loginName = account.map { String(cString: $0.pointee.pw_name) } ?? variables["USER"] ?? ""
        let home = variables["HOME"] ?? account.map { String(cString: $0.pointee.pw_dir) } ?? NSHomeDirectory()
        return StoreEnvironment(variables: variables, loginName: loginName, homeDirectory: home)
    }

    /// A variable's value, nil when unset or empty (libpq treats both as "not given").
    func value(_ name: String) -> String? {
        variables[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

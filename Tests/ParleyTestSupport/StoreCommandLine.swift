import Foundation
import ParleyStore

/// The real `parley` run on one store as a researcher would run it: `--store PATH|URL`, a PostgreSQL
/// store's password in PGPASSWORD. Every command is given `seconds` to end; one still running then is
/// killed, and its error says so.
public struct StoreCommandLine: Sendable {
    public typealias Outcome = (output: String, error: String, status: Int32)

    public let location: StoreLocation
    public static let seconds = 300.0

    public init(_ location: StoreLocation) { self.location = location }

    /// An SQLite store, the file at `path`.
    public init(path: String) { self.init(.sqlite(path: path)) }

    /// The store as `--store` names it: its file, or its URL (through a proxy listening on `port`).
    public func store(port: Int? = nil) -> String {
        guard case .postgres(var postgres) = location else { return location.redacted }
        if let port { postgres.port = port }
        return postgres.redacted
    }

    /// What the programs run on the store are given: a PostgreSQL store's password.
    public var environment: [String: String] {
        guard case .postgres(let postgres) = location, let password = postgres.password else { return [:] }
        return ["PGPASSWORD": password]
    }

    /// Starts `parley COMMAND --store STORE ARGUMENTS` without waiting for it.
    public func start(_ command: String, _ arguments: [String], port: Int? = nil) throws -> Program.Spawned {
        try Program.spawn([ParleyBuild.binary, command, "--store", store(port: port)] + arguments, environment: environment)
    }

    public func parley(_ command: String, _ arguments: [String] = [], port: Int? = nil) throws -> Outcome {
        try start(command, arguments, port: port).wait(seconds: Self.seconds)
    }

    /// Runs every command at the same moment (or `stagger` seconds apart); their outcomes in order.
    public func race(_ commands: [(command: String, arguments: [String])], stagger: Double = 0) throws -> [Outcome] {
        try commands.map { command in
            Thread.sleep(forTimeInterval: stagger)
            return try start(command.command, command.arguments)
        }.map { $0.wait(seconds: Self.seconds) }
    }

    public func merge(_ logs: [String]) throws {
        let merged = try parley("merge", logs)
        guard merged.status == 0 else { throw TestError(description: "parley merge failed: \(merged.error)") }
    }
}

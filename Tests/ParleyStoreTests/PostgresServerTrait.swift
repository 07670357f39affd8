import Foundation
import ParleyStore
import Testing

/// `@Suite(.postgresServer)`: the suite's tests run with a PostgreSQL server (`PostgresTestServer.current`).
/// The first suite that needs one starts it, the last to finish stops it. Where no server can be
/// started the suite is skipped with the reason (Swift Testing's `Test.cancel`), never passed.
///
///     @Suite(.postgresServer) struct PostgresStoreTests {
///         @Test func merges() async throws {
///             let location = try await PostgresTestServer.database()   // empty, this test's own
///             …
///         }
///     }
struct PostgresServerTrait: SuiteTrait, TestTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server: PostgresTestServer
        do {
            server = try await SharedPostgresServer.shared.acquire()
        } catch {
            try Test.cancel("PostgreSQL tests skipped: \(error)")
        }
        do {
            try await PostgresTestServer.$current.withValue(server) { try await function() }
        } catch {
            await SharedPostgresServer.shared.release()
            throw error
        }
        await SharedPostgresServer.shared.release()
    }
}

extension Trait where Self == PostgresServerTrait {
    static var postgresServer: Self { Self() }
}

extension PostgresTestServer {
    /// The server of the suite running this test (see PostgresServerTrait).
    @TaskLocal static var current: PostgresTestServer?

    /// A fresh database on the current server, for one test.
    static func database(sslMode: PostgresSSLMode = .disable) async throws -> PostgresLocation {
        guard let server = current else { throw Unavailable(description: "the suite has no .postgresServer trait") }
        return try await server.makeDatabase(sslMode: sslMode)
    }
}

/// One server shared by the suites running at the same time, counted in and out.
actor SharedPostgresServer {
    static let shared = SharedPostgresServer()

    private var starting: Task<PostgresTestServer, any Error>?
    private var users = 0
    /// A server that could not start once will not start for the next suite either: not tried again.
    private var failure: (any Error)?

    func acquire() async throws -> PostgresTestServer {
        if let failure { throw failure }
        users += 1
        let task = starting ?? Task { try await onOwnThread(PostgresTestServer.start) }
        starting = task
        do {
            return try await task.value
        } catch {
            failure = error
            users -= 1
            if users == 0 { starting = nil }
            throw error
        }
    }

    func release() async {
        users -= 1
        guard users == 0, let task = starting else { return }
        starting = nil
        if let server = try? await task.value { _ = try? await onOwnThread(server.stop) }
    }
}

/// Runs `work`, which waits for processes, on a thread of its own rather than one of the few the tests run on.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result(catching: work)) }.start()
    }
}

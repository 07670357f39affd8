import Dispatch
import NIOCore
import PostgresNIO

/// The connection to the server closed before the answer came. The server rolls back the transaction
/// that was open on it.
struct PostgresConnectionLost: Error, CustomStringConvertible {
    var description: String { "the connection to the server was lost" }

    /// Whether `error` (this one, or postgres-nio's) says the connection closed.
    static func says(_ error: any Error) -> Bool {
        switch error {
        case is PostgresConnectionLost, PostgresError.connectionClosed: true
        case let error as PSQLError: error.code == .serverClosedConnection || error.code == .uncleanShutdown
        default: false
        }
    }
}

extension PostgresConnection {
    /// Waits for `future`, or throws `PostgresConnectionLost` once the connection has closed without it.
    /// postgres-nio (1.33) never answers a COPY whose connection drops while its rows are being sent, nor
    /// any query after it (its state machine forgets the close in that state), so a plain `wait()` would
    /// wait for ever. Nothing is sent on a closed connection: postgres-nio would drop the query unanswered.
    func answer<T>(_ future: @autoclosure () -> EventLoopFuture<T>) throws -> T {
        guard !isClosed else { throw PostgresConnectionLost() }
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        future().whenComplete { result in
            outcome.result = result
            done.signal()
        }
        while done.wait(timeout: .now() + .milliseconds(200)) == .timedOut {
            // One more look once closed: the answer may have come just before.
            if isClosed, done.wait(timeout: .now()) == .timedOut { throw PostgresConnectionLost() }
        }
        return try outcome.result!.get()
    }
}

/// What a future gave, handed from the event loop to the thread waiting for it (the semaphore orders the two).
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

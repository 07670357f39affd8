import Foundation

/// Work started on another thread at once, its result taken when it is needed: a merge works out the
/// next sessions' rows on the other cores while it writes this one's.
final class Background<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = work()
            self.done.signal()
        }
    }

    /// Waits for the result and takes it (once).
    func take() -> T {
        done.wait()
        defer { result = nil }
        return result!
    }

    /// Lets go of `value` on another thread: freeing a session's worth of rows takes a while, and the
    /// writer has more to do.
    static func release(_ value: T) {
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(value) {} }
    }
}

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

    /// Hands `value` to `work` on another thread, which then holds the only reference to it (an array it
    /// changes is not copied first).
    convenience init<Input>(handing value: Input, to work: @escaping @Sendable (consuming Input) -> T) {
        let handoff = Handoff(value)
        self.init { work(handoff.take()) }
    }

    private final class Handoff<Input>: @unchecked Sendable {
        private var value: Input?
        init(_ value: Input) { self.value = value }
        func take() -> Input { defer { value = nil }; return value! }
    }

    /// Lets go of `value` on another thread: freeing a session's worth of rows takes a while, and the
    /// writer has more to do.
    static func release(_ value: T) {
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(value) {} }
    }
}

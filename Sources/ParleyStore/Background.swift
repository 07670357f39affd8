import Foundation

/// Work started on another thread at once, its result taken when it is needed: a merge works out the
/// next sessions' rows on the other cores while it writes this one's.
final class Background<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        Self.behindTheWriter {
            self.result = work()
            self.done.signal()
        }
    }

    /// Runs `work` on a thread of its own at a lower priority (`nice`), so it takes only the time the
    /// writer's thread leaves: the writer is the merge's critical path, and with as many of these as
    /// cores it lost about a third of its time to them. Nice 5 weighs a third of the writer, enough for
    /// the writer to keep a whole core beside two of these, and not so low that other programs starve
    /// them. The thread ends with the work.
    private static func behindTheWriter(nice: Int32 = 5, _ work: @escaping @Sendable () -> Void) {
        Thread {
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)  // 0: this thread (Linux)
            work()
        }.start()
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
    /// writer has more to do; behind the work that makes the next sessions' rows, too (nice 19).
    static func release(_ value: T) {
        behindTheWriter(nice: 19) { withExtendedLifetime(value) {} }
    }
}

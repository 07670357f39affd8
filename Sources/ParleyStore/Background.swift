import Foundation

/// Work started on another thread at once, its result waited for when it is needed: a merge works
/// out the next session's rows on the second core while it writes this one's.
final class Background<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = work()
            self.done.signal()
        }
    }

    func wait() -> T {
        done.wait()
        done.signal()
        return result!
    }
}

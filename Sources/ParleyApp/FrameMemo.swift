/// Layouts a view worked out for the last frame, kept by the loop (never in a model) for the next
/// frame to reuse: a persona card wrapped to the same width. A view given a fresh memo draws the
/// same cells, only slower. What a frame did not use is forgotten after it.
public final class FrameMemo {
    private var previous: [AnyHashable: Any] = [:]
    private var current: [AnyHashable: Any] = [:]

    public init() {}

    /// Starts a frame.
    public func startFrame() {
        previous = current
        current = [:]
    }

    /// The value for `key` from this or the last frame, else `make()`. `key` must say everything the value depends on.
    func value<Value>(_ key: AnyHashable, _ make: () -> Value) -> Value {
        if let value = (current[key] ?? previous[key]) as? Value {
            current[key] = value
            return value
        }
        let value = make()
        current[key] = value
        return value
    }
}

/// A token bucket: a burst (a reconnecting joiner sends everything it saved at once), then a
/// steady rate. What exceeds it is dropped, so a hostile peer cannot flood the room.
struct RateLimit {
    let capacity: Double
    let perMillisecond: Double
    private var tokens: Double
    private var last: Int?

    init(burst: Int, perSecond: Int) {
        capacity = Double(burst); perMillisecond = Double(perSecond) / 1000; tokens = Double(burst)
    }

    /// Whether one more message may pass at `now` (ms, monotonic).
    mutating func allow(now: Int) -> Bool {
        if let last { tokens = min(capacity, tokens + Double(max(0, now - last)) * perMillisecond) }
        last = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

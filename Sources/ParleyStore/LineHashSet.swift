import ParleyLog

/// A set of line fingerprints: open addressing with linear probing on the (already random) high
/// half, several times faster than `Set<LineHash>` for the millions of look-ups a re-merge makes.
@_spi(Benchmarks) public struct LineHashSet {
    private var highs: [UInt64]
    private var lows: [UInt64]
    private var mask: Int
    public private(set) var count = 0
    /// The all-zero fingerprint marks empty slots, so it is remembered apart.
    private var hasZero = false

    public init(minimumCapacity: Int = 0) {
        var capacity = 16
        while capacity < max(16, minimumCapacity * 2) { capacity <<= 1 }
        highs = [UInt64](repeating: 0, count: capacity)
        lows = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    @inline(__always) private func slot(_ hash: LineHash) -> (index: Int, found: Bool) {
        var index = Int(truncatingIfNeeded: hash.high) & mask
        while true {
            let high = highs[index], low = lows[index]
            if high == hash.high && low == hash.low { return (index, true) }
            if high == 0 && low == 0 { return (index, false) }
            index = (index + 1) & mask
        }
    }

    public func contains(_ hash: LineHash) -> Bool {
        if hash.high == 0 && hash.low == 0 { return hasZero }
        return slot(hash).found
    }

    /// Inserts the fingerprint; false if it was already there.
    @discardableResult
    public mutating func insert(_ hash: LineHash) -> Bool {
        if hash.high == 0 && hash.low == 0 {
            defer { hasZero = true }
            if hasZero { return false }
            count += 1
            return true
        }
        if (count + 1) * 2 > highs.count { grow() }
        let (index, found) = slot(hash)
        if found { return false }
        highs[index] = hash.high
        lows[index] = hash.low
        count += 1
        return true
    }

    mutating func remove(_ hash: LineHash) {
        if hash.high == 0 && hash.low == 0 {
            if hasZero { hasZero = false; count -= 1 }
            return
        }
        guard contains(hash) else { return }
        // Rebuild without it: removal is rare (a conflicting line), so keep probing simple.
        let old = zip(highs, lows).filter { ($0.0 != 0 || $0.1 != 0) && !($0.0 == hash.high && $0.1 == hash.low) }
        let zero = hasZero
        self = LineHashSet(minimumCapacity: old.count)
        for (high, low) in old { insert(LineHash(high: high, low: low)) }
        if zero { insert(LineHash(high: 0, low: 0)) }
    }

    mutating func removeAll() { self = LineHashSet() }

    private mutating func grow() {
        let oldHighs = highs, oldLows = lows
        let capacity = highs.count * 2
        highs = [UInt64](repeating: 0, count: capacity)
        lows = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for index in oldHighs.indices where oldHighs[index] != 0 || oldLows[index] != 0 {
            let (slot, _) = slot(LineHash(high: oldHighs[index], low: oldLows[index]))
            highs[slot] = oldHighs[index]
            lows[slot] = oldLows[index]
        }
    }
}

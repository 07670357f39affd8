import ParleyLog

/// A set of line fingerprints: open addressing with linear probing on the (already random) high
/// half, several times faster than `Set<LineHash>` for the millions of look-ups a re-merge makes.
/// A slot holds both halves side by side, so a look-up touches one cache line, not two.
@_spi(Benchmarks) public struct LineHashSet {
    private var slots: [LineHash]
    private var mask: Int
    public private(set) var count = 0
    /// The all-zero fingerprint marks empty slots, so it is remembered apart.
    private var hasZero = false

    public init(minimumCapacity: Int = 0) {
        slots = []
        mask = 0
        allocate(Self.capacity(for: minimumCapacity))
    }

    /// Slots for `count` fingerprints: a power of two, at most half full.
    private static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity < max(16, count * 2) { capacity <<= 1 }
        return capacity
    }

    private mutating func allocate(_ capacity: Int) {
        slots = [LineHash](repeating: LineHash(high: 0, low: 0), count: capacity)
        mask = capacity - 1
    }

    @inline(__always) private func slot(_ hash: LineHash) -> (index: Int, found: Bool) {
        var index = Int(truncatingIfNeeded: hash.high) & mask
        while true {
            let stored = slots[index]
            if stored.high == hash.high && stored.low == hash.low { return (index, true) }
            if stored.high == 0 && stored.low == 0 { return (index, false) }
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
        if (count + 1) * 2 > slots.count { grow(to: slots.count * 2) }
        let (index, found) = slot(hash)
        if found { return false }
        slots[index] = hash
        count += 1
        return true
    }

    /// Makes room for `additional` more fingerprints at once, rather than growing (and re-placing every
    /// fingerprint) several times on the way.
    public mutating func reserveCapacity(additional: Int) {
        let capacity = Self.capacity(for: count + additional)
        if capacity > slots.count { grow(to: capacity) }
    }

    mutating func remove(_ hash: LineHash) {
        if hash.high == 0 && hash.low == 0 {
            if hasZero { hasZero = false; count -= 1 }
            return
        }
        guard contains(hash) else { return }
        // Rebuild without it: removal is rare (a conflicting line), so keep probing simple.
        let old = slots.filter { ($0.high != 0 || $0.low != 0) && $0 != hash }
        let zero = hasZero
        self = LineHashSet(minimumCapacity: old.count)
        for kept in old { insert(kept) }
        if zero { insert(LineHash(high: 0, low: 0)) }
    }

    mutating func removeAll() { self = LineHashSet() }

    private mutating func grow(to capacity: Int) {
        let old = slots
        allocate(capacity)
        for stored in old where stored.high != 0 || stored.low != 0 {
            slots[slot(stored).index] = stored
        }
    }
}

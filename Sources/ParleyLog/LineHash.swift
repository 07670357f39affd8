/// A 128-bit fingerprint of one raw log line (MurmurHash3 x64/128 over the line's bytes).
///
/// The store keeps each event's fingerprint beside its id so that re-merging a log it has already
/// seen needs no JSON decoding: a line whose fingerprint is known is the very same event. The
/// values are persisted in the `events` table, so this function must never change without a
/// migration that recomputes them.
public struct LineHash: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    /// The two halves as SQLite stores them (signed 64-bit integers).
    public var storedHigh: Int64 { Int64(bitPattern: high) }
    public var storedLow: Int64 { Int64(bitPattern: low) }

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }
    public init(storedHigh: Int64, storedLow: Int64) {
        high = UInt64(bitPattern: storedHigh); low = UInt64(bitPattern: storedLow)
    }

    public static func of(_ bytes: UnsafeRawBufferPointer) -> LineHash {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return of(base: nil, count: 0) }
        return of(base: base, count: bytes.count)
    }

    public static func of(_ string: String) -> LineHash {
        var copy = string
        return copy.withUTF8 { of(UnsafeRawBufferPointer($0)) }
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) private static func fmix(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33; k = k &* 0xff51afd7ed558ccd
        k ^= k >> 33; k = k &* 0xc4ceb9fe1a85ec53
        k ^= k >> 33
        return k
    }

    public static func of(base: UnsafeRawPointer?, count: Int) -> LineHash {
        let c1: UInt64 = 0x87c37b91114253d5
        let c2: UInt64 = 0x4cf5ad432745937f
        var h1: UInt64 = 0x5061726c6579 // "Parley"
        var h2: UInt64 = 0x5061726c6579
        var i = 0
        if let p = base {
            while i + 16 <= count {
                var k1 = p.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian
                var k2 = p.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self).littleEndian
                k1 = k1 &* c1; k1 = rotl(k1, 31); k1 = k1 &* c2; h1 ^= k1
                h1 = rotl(h1, 27); h1 = h1 &+ h2; h1 = h1 &* 5 &+ 0x52dce729
                k2 = k2 &* c2; k2 = rotl(k2, 33); k2 = k2 &* c1; h2 ^= k2
                h2 = rotl(h2, 31); h2 = h2 &+ h1; h2 = h2 &* 5 &+ 0x38495ab5
                i += 16
            }
            var k1: UInt64 = 0
            var k2: UInt64 = 0
            let tail = count - i
            if tail > 8 {
                for j in stride(from: tail - 1, through: 8, by: -1) {
                    k2 ^= UInt64(p.load(fromByteOffset: i + j, as: UInt8.self)) << (UInt64(j - 8) * 8)
                }
                k2 = k2 &* c2; k2 = rotl(k2, 33); k2 = k2 &* c1; h2 ^= k2
            }
            if tail > 0 {
                for j in stride(from: min(tail, 8) - 1, through: 0, by: -1) {
                    k1 ^= UInt64(p.load(fromByteOffset: i + j, as: UInt8.self)) << (UInt64(j) * 8)
                }
                k1 = k1 &* c1; k1 = rotl(k1, 31); k1 = k1 &* c2; h1 ^= k1
            }
        }
        h1 ^= UInt64(count); h2 ^= UInt64(count)
        h1 = h1 &+ h2; h2 = h2 &+ h1
        h1 = fmix(h1); h2 = fmix(h2)
        h1 = h1 &+ h2; h2 = h2 &+ h1
        return LineHash(high: h1, low: h2)
    }
}

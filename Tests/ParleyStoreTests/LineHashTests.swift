import Foundation
import ParleyCore
import ParleyLog
import Testing
@_spi(Benchmarks) @testable import ParleyStore

@Suite("Line fingerprints")
struct LineHashTests {
    @Test func fingerprintsAreStableAndSensitive() {
        // Stored in the events table: must never change without a migration.
        let hash = LineHash.of(#"{"id":"e1"}"#)
        #expect(hash == LineHash.of(#"{"id":"e1"}"#))
        #expect(hash != LineHash.of(#"{"id":"e2"}"#))
        #expect(LineHash.of("") != LineHash.of(" "))
        let line = #"{"at":"2025-03-04T10:00:00.000Z","id":"e1","label":"L","mono":5,"seq":1,"session":"s","type":"marker","v":1,"writer":"w"}"#
        #expect(LineHash.of(line) == LineHash(high: 0x091d89676038a82e, low: 0x9a37b1f384f06145))
        var lengths: Set<LineHash> = []
        for length in 0..<64 { lengths.insert(LineHash.of(String(repeating: "a", count: length))) }
        #expect(lengths.count == 64)
    }

    @Test func theSetBehavesLikeASet() {
        var generator = SeededGenerator(seed: 3)
        var set = LineHashSet()
        var reference: Set<LineHash> = []
        for _ in 0..<50_000 {
            let hash = LineHash(high: generator.next() % 5_000, low: generator.next() % 3)
            #expect(set.insert(hash) == reference.insert(hash).inserted)
        }
        #expect(set.count == reference.count)
        for _ in 0..<2_000 {
            let hash = LineHash(high: generator.next() % 6_000, low: generator.next() % 3)
            #expect(set.contains(hash) == reference.contains(hash))
        }
        let zero = LineHash(high: 0, low: 0)
        #expect(set.insert(zero) == reference.insert(zero).inserted)
        #expect(set.contains(zero))
        let some = reference.first { $0 != zero }!
        set.remove(some)
        reference.remove(some)
        set.remove(zero)
        reference.remove(zero)
        #expect(!set.contains(some))
        #expect(!set.contains(zero))
        #expect(set.count == reference.count)
        #expect(reference.allSatisfy { set.contains($0) })
    }
}

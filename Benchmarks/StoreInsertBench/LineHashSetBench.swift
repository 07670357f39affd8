import Foundation
import ParleyLog
@_spi(Benchmarks) import ParleyStore

/// Does `LineHashSet` (open addressing over the fingerprints' random bits) earn its place against
/// `Set<LineHash>`? A re-merge inserts every known fingerprint, then looks each log line up.
func compareLineHashSet() {
    let count = 2_000_000
    let hashes = (0..<count).map { LineHash.of(#"{"id":"event-\#($0)","seq":\#($0)}"#) }
    var generator = SystemRandomNumberGenerator()
    let probes = hashes.shuffled(using: &generator)
    func best(_ body: () -> Int) -> Double {
        var times: [Double] = []
        for _ in 0..<3 {
            let start = now()
            precondition(body() == count)
            times.append(now() - start)
        }
        return times.min()!
    }
    let hand = best {
        var set = LineHashSet(minimumCapacity: count)
        for hash in hashes { set.insert(hash) }
        return probes.reduce(0) { $0 + (set.contains($1) ? 1 : 0) }
    }
    let plain = best {
        var set = Set<LineHash>(minimumCapacity: count)
        for hash in hashes { set.insert(hash) }
        return probes.reduce(0) { $0 + (set.contains($1) ? 1 : 0) }
    }
    func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
    print(pad("fingerprints, LineHashSet", 34) + String(format: "%10.0f ops/s   reference %-32@ %10.0f ops/s   ratio %5.2f  goal >= 1.3 to keep it",
                                                         Double(2 * count) / hand, "Set<LineHash>" as NSString, Double(2 * count) / plain, plain / hand))
}

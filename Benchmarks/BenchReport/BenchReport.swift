import Foundation

// How every benchmark of `make bench` times and prints: one line per measure with its name, value,
// unit, the reference measured in this same run, the ratio and the goal.

/// Seconds on the monotonic clock.
public func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

public func report(_ name: String, _ value: Double, _ unit: String, reference: Double, referenceName: String, goal: String) {
    let ratio = reference > 0 ? value / reference : .nan
    func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
    print(pad(name, 34) + String(format: "%10.3f ", value) + pad(unit, 4) + " reference " + pad(referenceName, 40)
          + String(format: "%10.3f  ratio %8.2f  goal ", reference, ratio) + goal)
}

/// The value below which a share `p` (0…1) of `values` falls; NaN with none.
public func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

import ParleyCore

/// How sure a figure is: a 95% confidence interval by the percentile bootstrap over units, and the
/// cautions a small or one-sided sample calls for. docs/agreement.md states the procedure exactly, so
/// another program can reproduce the intervals.
extension Agreement {
    /// Resamples per interval.
    public static let resamples = 1000
    /// Each interval's resamples come from a fresh SplitMix64 (ParleyCore's `SeededGenerator`) with this
    /// seed: the same store gives the same intervals, byte for byte.
    public static let bootstrapSeed: UInt64 = 20_250_304
    /// Fewer matched units than this and a figure carries a caution.
    public static let fewUnits = 10
    /// An interval is given only if at least this share of resamples define the figure.
    static let definedShare = 0.95

    public struct Interval: Sendable, Equatable {
        public var low: Double
        public var high: Double
    }

    /// Why a figure should be read with care.
    public enum Caution: Sendable, Equatable {
        /// Fewer than `fewUnits` matched units (their number).
        case fewUnits(Int)
        /// Every value given was the same (`yes` true: every one was yes).
        case oneValue(yes: Bool)
        /// One writer gave the same value throughout while the others did not.
        case writerOneValue(writer: String, yes: Bool)

        /// For CSV: `few-units`, `one-value`, `writer-one-value:<writer>`.
        public var code: String {
            switch self {
            case .fewUnits: "few-units"
            case .oneValue: "one-value"
            case .writerOneValue(let writer, _): "writer-one-value:\(writer)"
            }
        }

        /// For text and Markdown.
        public var text: String {
            switch self {
            case .fewUnits(let n): "only \(n) unit\(n == 1 ? "" : "s")"
            case .oneValue(let yes): "every value \(yes ? "yes" : "no")"
            case .writerOneValue(let writer, let yes): "\(writer) always \(yes ? "yes" : "no")"
            }
        }
    }

    /// What one unit adds to a figure: its 2×2 counts (two writers) and its coincidences (alpha).
    struct UnitPart {
        var both = 0, firstOnly = 0, secondOnly = 0, neither = 0
        var yesYes = 0.0, noNo = 0.0, yesNo = 0.0

        mutating func add(_ other: UnitPart) {
            both += other.both; firstOnly += other.firstOnly; secondOnly += other.secondOnly; neither += other.neither
            yesYes += other.yesYes; noNo += other.noNo; yesNo += other.yesNo
        }

        var kappa: Double? { cohensKappa(both: both, firstOnly: firstOnly, secondOnly: secondOnly, neither: neither) }

        var alpha: Double? { alphaFromCoincidences((yesYes, noNo, yesNo)) }
    }

    /// 95% intervals for kappa (two writers) and alpha: `resamples` times, draw as many units as there
    /// are, each the unit at `next() mod n` (with replacement), and compute the figure over them; the
    /// interval runs from the 2.5th to the 97.5th percentile of the figures (linear interpolation, as R's
    /// type 7 and NumPy's default). Resamples that leave the figure undefined are left out; with more
    /// than 5% of them, no interval.
    static func bootstrap(_ parts: [UnitPart], kappa wantKappa: Bool) -> (kappa: Interval?, alpha: Interval?) {
        guard !parts.isEmpty else { return (nil, nil) }
        var generator = SeededGenerator(seed: bootstrapSeed)
        var kappas: [Double] = [], alphas: [Double] = []
        kappas.reserveCapacity(resamples); alphas.reserveCapacity(resamples)
        let n = UInt64(parts.count)
        for _ in 0..<resamples {
            var sum = UnitPart()
            for _ in 0..<parts.count { sum.add(parts[Int(generator.next() % n)]) }
            if wantKappa, let value = sum.kappa { kappas.append(value) }
            if let value = sum.alpha { alphas.append(value) }
        }
        return (wantKappa ? interval(kappas) : nil, interval(alphas))
    }

    /// The 2.5th and 97.5th percentiles of the defined figures, if enough resamples defined one.
    static func interval(_ values: [Double]) -> Interval? {
        guard Double(values.count) >= definedShare * Double(resamples) else { return nil }
        let sorted = values.sorted()
        return Interval(low: quantile(sorted, 0.025), high: quantile(sorted, 0.975))
    }

    /// Linear interpolation between order statistics (R type 7): position p·(n − 1), from 0.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }

    /// The cautions for a figure over `counted` units whose items are `items` (one value per writer).
    static func cautions(counted: Int, items: [[Bool?]], writers: [String]) -> [Caution] {
        var cautions: [Caution] = []
        if counted < fewUnits { cautions.append(.fewUnits(counted)) }
        let values = items.flatMap { $0.compactMap { $0 } }
        if let first = values.first, values.allSatisfy({ $0 == first }) {
            cautions.append(.oneValue(yes: first))
        } else {
            for (index, writer) in writers.enumerated() {
                let own = items.compactMap { $0[index] }
                if let first = own.first, own.allSatisfy({ $0 == first }) { cautions.append(.writerOneValue(writer: writer, yes: first)) }
            }
        }
        return cautions
    }
}

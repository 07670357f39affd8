import Foundation
import ParleyCore
import Testing
@testable import ParleyReports

/// Small samples: cautions, and 95% bootstrap intervals for kappa and alpha that another program can
/// reproduce from docs/agreement.md (the expected numbers below come from its Python).
@Suite("Agreement intervals and cautions")
struct AgreementIntervalTests {
    static func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    @Test func theHandExampleHasTheIntervalsThePythonReferenceGives() throws {
        let result = try AgreementTests.handExample()
        let access = try #require(result.codes.first { $0.key == "access" })
        #expect(Self.close(access.kappaInterval?.low, -0.8) && Self.close(access.kappaInterval?.high, 0))
        #expect(Self.close(access.alphaInterval?.low, -2.0 / 3.0) && Self.close(access.alphaInterval?.high, 0))
        #expect(Self.close(result.overall.kappaInterval?.low, 0.5263157894736844) && Self.close(result.overall.kappaInterval?.high, 1))
        #expect(Self.close(result.overall.alphaInterval?.low, 0.5396825396825398) && Self.close(result.overall.alphaInterval?.high, 1))
    }

    @Test func fewUnitsAndOneValueCarryCautions() throws {
        let result = try AgreementTests.handExample()
        let codes = Dictionary(uniqueKeysWithValues: result.codes.map { ($0.key, $0) })
        #expect(result.overall.cautions == [.fewUnits(3)])
        // privacy: never given on a matched unit; trust: the note-taker... both said yes once, no twice.
        #expect(codes["privacy"]?.cautions == [.fewUnits(3), .oneValue(yes: false)])
        #expect(codes["letters"]?.cautions == [.fewUnits(3)])
        let text = Agreement.render(result, as: .text)
        #expect(text.contains("only 3 units; every value no"))
        #expect(text.contains("Caution: 8 figures rest on fewer than 10 units or on one value throughout"))
        #expect(text.contains("95% CI: percentile bootstrap over units, 1000 resamples, SplitMix64 seed 20250304"))
    }

    /// Twelve remarks both writers noted, the first writer never giving the code: kappa is 0 whatever
    /// the second did, and the figure says why.
    @Test func aWriterWhoNeverUsesTheCodeIsNamed() throws {
        let comments = (0..<12).flatMap { i in
            [AgreementTests.record("a\(i)", "facilitator", i * 200, "P1", "remark \(i)", []),
             AgreementTests.record("b\(i)", "note-taker-1", i * 200 + 5, "P1", "remark \(i)", i < 3 ? ["trust"] : [])]
        }
        let result = try Agreement.compute(session: "s", comments: comments)
        let trust = try #require(result.codes.first)
        #expect(trust.units == 12)
        #expect(trust.cautions == [.writerOneValue(writer: "facilitator", yes: false)])
        #expect(trust.kappa == 0)
        #expect(Agreement.render(result, as: .csv).contains(",writer-one-value:facilitator\r\n"))
    }

    /// Plenty of units and both values from everyone: no caution, an interval around the figure.
    @Test func aLargeSampleHasATightIntervalAndNoCaution() throws {
        var generator = SeededGenerator(seed: 3)
        let comments = (0..<200).flatMap { i -> [CommentRecord] in
            let yes = Bool.random(using: &generator)
            let other = Int.random(in: 0..<10, using: &generator) == 0 ? !yes : yes
            return [AgreementTests.record("a\(i)", "facilitator", i * 200, "P1", "remark \(i)", yes ? ["trust"] : []),
                    AgreementTests.record("b\(i)", "note-taker-1", i * 200 + 5, "P1", "remark \(i)", other ? ["trust"] : [])]
        }
        let trust = try #require(try Agreement.compute(session: "s", comments: comments).codes.first)
        #expect(trust.cautions.isEmpty)
        let kappa = try #require(trust.kappa), interval = try #require(trust.kappaInterval)
        #expect(interval.low < kappa && kappa < interval.high)
        #expect(interval.high - interval.low < 0.2)
    }

    /// Same comments in any order: the same bytes.
    @Test func intervalsAreDeterministic() throws {
        let comments = RemarkTests.comments()
        let a = Agreement.render(try Agreement.compute(session: "s", comments: comments), as: .csv)
        let b = Agreement.render(try Agreement.compute(session: "s", comments: comments.reversed()), as: .csv)
        #expect(a == b)
    }

    @Test func quantilesInterpolateLikeRType7() {
        #expect(Agreement.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Self.close(Agreement.quantile([0, 10], 0.025), 0.25))
        #expect(Agreement.quantile([5], 0.975) == 5)
    }
}

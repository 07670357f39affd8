import Foundation
import ParleyCore
import Testing
@testable import ParleyReports

/// Agreement figures against hand-computed examples (see docs/agreement.md for the formulas), on
/// comments written by hand: no database.
@Suite("Agreement")
struct AgreementTests {
    static let session = "dddddddd-4444-4444-8444-444444444444"

    static func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) < tolerance
    }

    /// A comment noted `second` seconds into the session.
    static func record(_ id: String, _ writer: String, _ second: Int, _ participant: String?, _ text: String, _ tags: [String],
                       prompt: String = "meet-amir") -> CommentRecord {
        Rows.comment(id, session: session, writer: writer, at: Timestamp.string(Date(timeIntervalSince1970: 1_741_082_400 + Double(second))),
                     prompt: prompt, participant: participant, text: text, tags: tags)
    }

    /// The two-writer session of the hand-computed example in docs/agreement.md.
    static func handExample() throws -> Agreement.Result {
        let comments = [
            record("a1", "facilitator", 10, "P1", "Amir needs his son to log in", ["access", "proxy"]),
            record("a2", "facilitator", 100, "P2", "I trust my GP more than the app", ["trust"]),
            record("a3", "facilitator", 130, "P2", "Worried about who sees it", ["privacy"]),
            record("a4", "facilitator", 200, "P3", "Letters are easier", ["letters"]),
            record("b1", "note-taker-1", 40, "P1", "needs son to log in for him", ["proxy"]),
            record("b2", "note-taker-1", 190, "P2", "trusts GP more than app", ["trust"]),
            record("b3", "note-taker-1", 205, "P3", "prefers paper letters", ["letters", "access"]),
            record("b5", "note-taker-1", 300, nil, "Room laughs", [], prompt: "q-trust"),
        ]
        return try Agreement.compute(session: session, comments: comments, promptOrder: ["welcome", "meet-amir", "nhs-results", "q-trust"])
    }

    @Test func cohensKappaMatchesHandComputedTables() {
        // po = 0.8, pe = (5·5 + 5·5)/100 = 0.5 → κ = 0.6
        #expect(Self.close(Agreement.cohensKappa(both: 4, firstOnly: 1, secondOnly: 1, neither: 4), 0.6))
        // po = 35/50 = 0.7, pe = (25·30 + 25·20)/2500 = 0.5 → κ = 0.4
        #expect(Self.close(Agreement.cohensKappa(both: 20, firstOnly: 5, secondOnly: 10, neither: 15), 0.4))
        // Perfect agreement
        #expect(Self.close(Agreement.cohensKappa(both: 1, firstOnly: 0, secondOnly: 0, neither: 2), 1))
        // Undefined: nothing to compare, or both always said no (pe = 1)
        #expect(Agreement.cohensKappa(both: 0, firstOnly: 0, secondOnly: 0, neither: 0) == nil)
        #expect(Agreement.cohensKappa(both: 0, firstOnly: 0, secondOnly: 0, neither: 7) == nil)
    }

    @Test func krippendorffAlphaMatchesHandComputedExamples() {
        // Two writers, the 4/1/1/4 table: o(yes,yes) = 8, o(no,no) = 8, o(yes,no) = 2, n = 20,
        // n_yes = n_no = 10 → α = 1 − 19·2/(10·10) = 0.62
        let two: [[Bool?]] = Array(repeating: [true, true], count: 4) + [[true, false], [false, true]]
            + Array(repeating: [false, false], count: 4)
        #expect(Self.close(Agreement.krippendorffAlpha(two), 0.62))
        // Three writers, one missing value: units (1,1,1), (0,0,0), (1,1,0), (0,0,–):
        // o(yes,yes) = 3 + 1, o(no,no) = 3 + 2, o(yes,no) = 1, n = 11, n_yes = 5, n_no = 6 → α = 1 − 10·1/30 = 2/3
        let three: [[Bool?]] = [[true, true, true], [false, false, false], [true, true, false], [false, false, nil]]
        #expect(Self.close(Agreement.krippendorffAlpha(three), 2.0 / 3.0))
        // A unit with one value is not pairable; a single value category leaves α undefined.
        #expect(Agreement.krippendorffAlpha([[true, nil, nil]]) == nil)
        #expect(Agreement.krippendorffAlpha([[false, false], [false, false]]) == nil)
    }

    @Test func similarityUsesWordsAndCJKCharacters() {
        #expect(Self.close(Agreement.similarity("I trust my GP more than the app", "trusts GP more than app"), 4.0 / 9.0))
        #expect(Agreement.similarity("Amir", "Login") == 0)
        #expect(Agreement.similarity("日本語", "日本") > 0.5)
        #expect(Agreement.similarity("", "") == 1)
    }

    @Test func twoWritersAgainstTheHandComputedExample() throws {
        let result = try Self.handExample()
        #expect(result.writers == ["facilitator", "note-taker-1"])
        // Units: a1+b1, a2+b2 (90 s apart, similar words), a3 alone, a4+b3, b5 alone.
        #expect(result.units.count == 5)
        #expect(result.units.filter { $0.comments.count == 2 }.map { $0.comments.values.map(\.commentID).sorted() }
            == [["a1", "b1"], ["a2", "b2"], ["a4", "b3"]])
        #expect(result.unmatched == ["facilitator": 1, "note-taker-1": 1])
        let codes = Dictionary(uniqueKeysWithValues: result.codes.map { ($0.key, $0) })
        #expect(codes.keys.sorted() == ["access", "letters", "privacy", "proxy", "trust"])
        // access: a1 yes / b1 no, a2 no / b2 no, a4 no / b3 yes → po = 1/3, pe = 5/9 → κ = −0.5
        let access = try #require(codes["access"])
        #expect(access.table! == (both: 0, firstOnly: 1, secondOnly: 1, neither: 1))
        #expect(Self.close(access.kappa, -0.5))
        #expect(access.units == 3)
        #expect(Self.close(codes["proxy"]?.kappa, 1))
        #expect(codes["privacy"]?.kappa == nil)  // only on an unmatched comment: never compared
        // Overall, 3 units × 5 codes: both 3, first only 1, second only 1, neither 10.
        // κ = (13/15 − 137/225) / (1 − 137/225) = 58/88; α = 1 − 29·2/(8·22) = 1 − 58/176
        #expect(result.overall.table! == (both: 3, firstOnly: 1, secondOnly: 1, neither: 10))
        #expect(Self.close(result.overall.kappa, 58.0 / 88.0))
        #expect(Self.close(result.overall.alpha, 1 - 58.0 / 176.0))
        // Per prompt in deck order; the room's prompt has no matched unit.
        #expect(result.prompts.map(\.key) == ["meet-amir", "q-trust"])
        #expect(result.prompts[0].kappa == result.overall.kappa)
        #expect(result.prompts[1].units == 0 && result.prompts[1].kappa == nil)
    }

    @Test func rendersTextMarkdownAndCSV() throws {
        let result = try Self.handExample()
        let text = Agreement.render(result, as: .text)
        #expect(text.contains("access"))
        #expect(text.contains("-0.500"))
        #expect(text.contains("n/a"))
        let md = Agreement.render(result, as: .md)
        #expect(md.contains("| code | units | both | 1st only | 2nd only | neither | kappa | 95% CI | alpha | 95% CI | caution |"))
        // No field of this CSV needs quoting.
        let rows = Agreement.render(result, as: .csv).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == Agreement.csvColumns)
        let access = try #require(rows.first { $0[1] == "code" && $0[2] == "access" })
        // The intervals as the Python of docs/agreement.md reproduces them.
        #expect(access == [Self.session, "code", "access", "facilitator;note-taker-1", "3", "2", "4", "0", "1", "1", "1", "-0.5000", "-0.2500",
                           "-0.8000", "0.0000", "-0.6667", "0.0000", "few-units"])
        #expect(rows.contains { $0[1] == "all" })
    }

    @Test func threeWritersUseAlpha() throws {
        func record(_ id: String, _ writer: String, _ second: Int, _ participant: String, _ text: String, _ tags: [String]) -> CommentRecord {
            Self.record(id, writer, second, participant, text, tags)
        }
        // The three-writer hand example for code "x": (1,1,1), (0,0,0), (1,1,0), (0,0,–) → α = 2/3.
        let comments = [
            record("a1", "a", 0, "P1", "one", ["x"]), record("b1", "b", 1, "P1", "one", ["x"]), record("c1", "c", 2, "P1", "one", ["x"]),
            record("a2", "a", 200, "P2", "two", []), record("b2", "b", 201, "P2", "two", []), record("c2", "c", 202, "P2", "two", []),
            record("a3", "a", 400, "P3", "three", ["x"]), record("b3", "b", 401, "P3", "three", ["x"]), record("c3", "c", 402, "P3", "three", []),
            record("a4", "a", 600, "P4", "four", []), record("b4", "b", 601, "P4", "four", []),
        ]
        let result = try Agreement.compute(session: "s", comments: comments)
        #expect(result.units.count == 4)
        #expect(result.codes.count == 1)
        #expect(result.codes[0].kappa == nil && result.codes[0].table == nil)
        #expect(Self.close(result.codes[0].alpha, 2.0 / 3.0))
        #expect(Agreement.render(result, as: .text).contains("0.667"))
    }
}

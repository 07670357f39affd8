import Foundation
import ParleyCore
import Testing
@testable import ParleyReports

/// The matcher stops looking back at the first unit out of its window and keeps word sets: it must
/// give exactly the units of the rule as docs/agreement.md states it, written out plainly here.
@Suite("Agreement matching")
struct AgreementMatchTests {
    /// docs/agreement.md, step by step: every unit of the bucket, eligible or not, then the best.
    static func reference(_ comments: [CommentRecord]) -> [[String: String]] {
        let ordered = comments.sorted { a, b in
            let ta = Agreement.seconds(a.at), tb = Agreement.seconds(b.at)
            if ta != tb { return ta < tb }
            return a.writer != b.writer ? a.writer < b.writer : a.commentID < b.commentID
        }
        var units: [(prompt: String, participant: String?, time: Double, text: String, comments: [String: String])] = []
        for comment in ordered {
            let now = Agreement.seconds(comment.at)
            var best: (index: Int, similarity: Double, distance: Double)?
            for (index, unit) in units.enumerated() {
                let distance = abs(now - unit.time)
                let similar = Agreement.similarity(unit.text, comment.text)
                let eligible = unit.prompt == comment.promptID && unit.participant == comment.participant
                    && unit.comments[comment.writer] == nil && distance <= Agreement.window
                    && (similar >= Agreement.minimumSimilarity || distance <= Agreement.closeInTime)
                guard eligible else { continue }
                if let current = best, !(similar > current.similarity || (similar == current.similarity && distance < current.distance)) { continue }
                best = (index, similar, distance)
            }
            if let best { units[best.index].comments[comment.writer] = comment.commentID }
            else { units.append((comment.promptID, comment.participant, now, comment.text, [comment.writer: comment.commentID])) }
        }
        return units.map(\.comments)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func theMatcherFollowsTheRuleAsDocumented(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let words = ["son", "login", "trust", "GP", "app", "letters", "paper", "nurse", "data", "results"]
        let comments = (0..<400).map { i in
            AgreementTests.record("c\(i)", ["a", "b", "c"].randomElement(using: &generator)!,
                                  Int.random(in: 0..<1200, using: &generator) / Int.random(in: 1...3, using: &generator),
                                  ["P1", "P2", nil].randomElement(using: &generator)!,
                                  (0..<Int.random(in: 1...4, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(separator: " "),
                                  [], prompt: ["meet-amir", "q-trust"].randomElement(using: &generator)!)
        }
        let units = Agreement.match(comments).map { $0.comments.mapValues(\.commentID) }, expected = Self.reference(comments)
        #expect(units.count == expected.count)
        let firstDifference = zip(units, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstDifference == nil, "unit \(firstDifference ?? 0): \(firstDifference.map { units[$0] } ?? [:]) vs \(firstDifference.map { expected[$0] } ?? [:])")
        #expect(Agreement.match(comments).allSatisfy { Set($0.writers) == Set($0.comments.keys) && $0.writers.count == $0.comments.count })
    }

    /// Words as docs/agreement.md defines them, by Unicode properties alone (no ASCII shortcut).
    static func referenceWords(_ text: String) -> Set<String> {
        var result = Set<String>(), current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if let scalar = character.unicodeScalars.first, scalar.properties.isIdeographic || (0x3040...0x30FF).contains(scalar.value) {
                    if !current.isEmpty { result.insert(current); current = "" }
                    result.insert(String(character))
                } else {
                    current.append(character)
                }
            } else if !current.isEmpty {
                result.insert(current); current = ""
            }
        }
        if !current.isEmpty { result.insert(current) }
        return result
    }

    @Test func wordsAreTheSameWithTheASCIIShortcut() {
        var generator = SeededGenerator(seed: 9)
        let pieces = ["GP", "app's", "Zażółć", "gęślą", "İstanbul", "KELVIN", "\u{212A}m", "日本語", "ひらがな", "میں", "١٢٣", "42nd",
                      "e\u{301}te\u{301}", "😩", "-", "_", "\r\n", "\t", ",", "…", "½", "Ⅻ", "ß"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined(separator: ["", " ", "/"].randomElement(using: &generator)!)
            #expect(Agreement.words(text) == Self.referenceWords(text), "\(text)")
        }
    }
}

extension AgreementMatchTests {
    /// The worked example of docs/agreement.md, step 1.
    @Test func theWorkedExampleOfTheDocs() {
        func note(_ id: String, _ writer: String, _ second: Int, _ text: String) -> CommentRecord {
            AgreementTests.record(id, writer, second, "P2", text, [])
        }
        let comments = [
            note("F1", "facilitator", 0, "I trust my GP more than the app"), note("F2", "facilitator", 50, "The app lost my results once"),
            note("N1", "note-taker-1", 60, "trusts GP more than app"), note("N2", "note-taker-1", 70, "app lost results"),
            note("N3", "note-taker-1", 140, "Letters from the hospital come late"), note("F3", "facilitator", 150, "hospital letters late"),
        ]
        #expect(Agreement.similarity("The app lost my results once", "trusts GP more than app") == 0.1)
        #expect(Agreement.match(comments).map { unit in unit.writers.map { unit.comments[$0]!.commentID } } == [["F1", "N1"], ["F2", "N2"], ["N3", "F3"]])
        var late = comments
        late[2] = note("N1", "note-taker-1", 130, "trusts GP more than app")
        #expect(Agreement.match(late).map { $0.comments.count } == [1, 2, 1, 2])
    }
}

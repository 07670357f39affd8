import Foundation
import Testing
@testable import ParleyCore

/// Mutates the bundled content files and random text: the loader and the capture-line parser
/// must never crash or hang, and every problem must carry a position inside the file.
@Suite struct FuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["PARLEY_LONG"] == "1" ? 5_000 : 300

    static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var data = bytes
        let interesting: [[UInt8]] = [[0], [0xFF], Array(": ".utf8), Array("- ".utf8), Array("&a ".utf8), Array("*a".utf8),
                                      Array("\n  ".utf8), Array("{[".utf8), Array("\"".utf8), Array("é".utf8), Array("😩".utf8), [0xE2, 0x82]]
        for _ in 0..<Int.random(in: 1...8, using: &rng) where !data.isEmpty {
            let at = Int.random(in: 0..<data.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: data[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: data.removeSubrange(at..<min(data.count, at + Int.random(in: 1...40, using: &rng)))
            case 2: data.insert(contentsOf: interesting.randomElement(using: &rng)!, at: at)
            case 3: data = Array(data.prefix(at))
            default: // duplicate a chunk: repeated keys, repeated prompt ids
                let end = min(data.count, at + Int.random(in: 1...200, using: &rng))
                data.insert(contentsOf: data[at..<end], at: end)
            }
        }
        return data
    }

    @Test func mutatedContentFilesGiveLocatedDiagnostics() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = ["Decks/demo.yaml", "Decks/codebook/phr-gm.yaml", "Personas/amir.yaml", "Decks/phr-world-cafe.yaml"]
        let tree = try ContentTree(); defer { tree.remove() }
        var rng = SeededGenerator(seed: 20261125)
        let started = Date()
        for iteration in 0..<Self.iterations {
            let source = sources[iteration % sources.count]
            let original = Array(try Data(contentsOf: repository.appendingPathComponent(source)))
            let mutated = Self.mutate(original, &rng)
            let target = source.hasPrefix("Personas") ? "Personas/amir.yaml" : source.contains("codebook") ? "Decks/codebook/cb.yaml" : "Decks/d.yaml"
            try Data(mutated).write(to: URL(fileURLWithPath: tree.path(target)))
            let lineCount = mutated.split(separator: 0x0A, omittingEmptySubsequences: false).count
            for diagnostic in ContentLoader.check(paths: [tree.path(target)]).diagnostics where diagnostic.path == tree.path(target) {
                #expect(diagnostic.line >= 1 && diagnostic.line <= lineCount + 1, "iteration \(iteration): \(diagnostic)")
                #expect(diagnostic.column >= 1, "iteration \(iteration): \(diagnostic)")
                #expect(!diagnostic.message.isEmpty)
            }
            // Restore the fixtures the mutated file may have replaced.
            try tree.write("Personas/amir.yaml", ContentTree.persona)
            try tree.write("Decks/codebook/cb.yaml", ContentTree.codebook)
        }
        #expect(Date().timeIntervalSince(started) < 60, "the loader is too slow on mutated input")
    }

    @Test func randomCaptureLinesKeepTheParserInvariants() {
        var rng = SeededGenerator(seed: 42)
        let pieces = ["P3:", "p12 :", "-:", "#trust", "##", "#", "#Tag-2", "https://x.uk/#a", "میں", "😩", "漢字", "e\u{301}", " ", "  ", "T2:", ":", "\t", "#ééé", "(#equity)", "word"]
        for _ in 0..<(Self.iterations * 20) {
            let line = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined(separator: Bool.random(using: &rng) ? " " : "")
            let parsed = CaptureLine.parse(line)
            #expect(parsed.tags.allSatisfy(Identifier.isValid), "\(line)")
            #expect(Set(parsed.tags).count == parsed.tags.count, "\(line)")
            #expect(parsed.text == parsed.text.trimmingWhitespace(), "\(line)")
            #expect(!parsed.text.contains("  "), "\(line)")
            // Parsing what format() gives back yields the same comment.
            if case .participant(let p) = parsed.speaker, !parsed.text.isEmpty {
                let again = CaptureLine.parse(CaptureLine.format(participant: p, text: parsed.text, tags: parsed.tags))
                #expect(again.text == parsed.text && again.tags == parsed.tags && again.speaker == parsed.speaker, "\(line)")
            }
        }
    }
}

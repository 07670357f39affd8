import Foundation
import Testing

/// `parley check` on the bundled content and on a broken copy of it.
@Suite struct CheckCommandTests {
    @Test func bundledContentPassesAndBrokenCopyPointsAtTheLine() throws {
        let ok = try Program.runWithStatus([ParleyBuild.binary, "check"], directory: ParleyBuild.repository.path)
        #expect(ok.status == 0)
        #expect(ok.output.contains("no problems"))
        // A deck by its id, as `parley run demo` takes it ("demo:1:1: no such file or folder" before).
        let byID = try Program.runWithStatus([ParleyBuild.binary, "check", "demo"], directory: ParleyBuild.repository.path)
        #expect(byID.status == 0 && byID.output.contains("no problems"), "\(byID)")

        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("parley-check-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: ParleyBuild.repository.appendingPathComponent("Decks"), to: copy.appendingPathComponent("Decks"))
        try FileManager.default.copyItem(at: ParleyBuild.repository.appendingPathComponent("Personas"), to: copy.appendingPathComponent("Personas"))
        defer { try? FileManager.default.removeItem(at: copy) }
        let deck = copy.appendingPathComponent("Decks/demo.yaml")
        var lines = try String(contentsOf: deck, encoding: .utf8).components(separatedBy: "\n")
        let personaLine = try #require(lines.firstIndex { $0.contains("persona: ") })
        lines[personaLine] = lines[personaLine].replacingOccurrences(of: "persona: amir", with: "persona: amirr")
        try lines.joined(separator: "\n").write(to: deck, atomically: true, encoding: .utf8)
        let broken = try Program.runWithStatus([ParleyBuild.binary, "check"], directory: copy.path)
        #expect(broken.status == 1)
        let column = lines[personaLine].distance(from: lines[personaLine].startIndex, to: lines[personaLine].range(of: "amirr")!.lowerBound) + 1
        #expect(broken.output.contains("Decks/demo.yaml:\(personaLine + 1):\(column): prompt"))
        #expect(broken.output.contains("(did you mean \"amir\"?)"))
        #expect(broken.error == "parley: 1 problem in 11 files checked.\n" || broken.error.hasPrefix("parley: 1 problem in "))

        // A screenshot cut short (a failed copy): found by check, at the deck line that names it.
        let shot = copy.appendingPathComponent("Decks/screens/nhs-results.png")
        try Data(try Data(contentsOf: shot).prefix(3000)).write(to: shot)
        let damaged = try Program.runWithStatus([ParleyBuild.binary, "check"], directory: copy.path)
        #expect(damaged.status == 1)
        let imageLine = try #require(lines.firstIndex { $0.contains("image: screens/nhs-results.png") })
        #expect(damaged.output.contains("Decks/demo.yaml:\(imageLine + 1):12: image \"screens/nhs-results.png\" cannot be shown (damaged PNG: the file ends inside the IDAT chunk at byte"))
    }
}

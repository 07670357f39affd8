import Foundation
import Testing

/// What the `parley` command line does before any screen opens: usage errors, help, version.
@Suite struct CommandLineTests {
    @Test func usageErrorsExitTwoAndHelpWorks() throws {
        let usage = try Program.runWithStatus([ParleyBuild.binary, "run", "--no-such-flag"])
        #expect(usage.status == 2)
        let help = try Program.runWithStatus([ParleyBuild.binary, "run", "--help"])
        #expect(help.status == 0 && help.output.contains("--resume"))
        let version = try Program.runWithStatus([ParleyBuild.binary, "--version"])
        #expect(version.status == 0 && !version.output.isEmpty)
    }

    @Test func aDeckIdOutsideTheWorkshopFolderSaysWhereItLooked() throws {
        let elsewhere = FileManager.default.temporaryDirectory.path
        let run = try Program.runWithStatus([ParleyBuild.binary, "run", "demo"], directory: elsewhere)
        #expect(run.status == 1)
        #expect(run.error == "parley: no deck \"demo\": neither a file nor Decks/demo.yaml in \(elsewhere); expected a deck's path, or the id of a deck under Decks/ when run from the workshop folder\n")
    }

    @Test func presentRefusesAFileThatIsNotALogBeforeOpeningTheScreen() throws {
        let notes = FileManager.default.temporaryDirectory.appendingPathComponent("parley-notes-\(UUID().uuidString).jsonl").path
        try Data("Meeting notes\nP3 said things\n".utf8).write(to: URL(fileURLWithPath: notes))
        defer { try? FileManager.default.removeItem(atPath: notes) }
        let present = try Program.runWithStatus([ParleyBuild.binary, "present", notes])
        #expect(present.status == 1)
        #expect(present.error == "parley: \(notes): not a Parley session log (line 1 is not a Parley event); expected a .jsonl file written by `parley run`\n")
    }
}

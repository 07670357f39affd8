import Foundation
import Testing

/// What the `parley` command line does before any screen opens: usage errors, help, version.
@Suite struct CommandLineTests {
    @Test func usageErrorsExitTwoAndHelpWorks() throws {
        let usage = try Tmux.runWithStatus([Tmux.binary, "run", "--no-such-flag"])
        #expect(usage.status == 2)
        let help = try Tmux.runWithStatus([Tmux.binary, "run", "--help"])
        #expect(help.status == 0 && help.output.contains("--resume"))
        let version = try Tmux.runWithStatus([Tmux.binary, "--version"])
        #expect(version.status == 0 && !version.output.isEmpty)
    }
}

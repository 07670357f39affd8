import ArgumentParser
import Foundation
import ParleyCore

/// `parley` — the command line. Each subcommand is a thin shell over a module.
struct Parley: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Run research workshops and turn what people say into data researchers can trust.",
        discussion: """
        Typical day: `parley check`, then `parley run DECK --room` on the facilitator's laptop, \
        `parley join CODE` on each note-taker's and `parley present --join CODE` on the projector's; \
        afterwards `parley merge sessions/`, `parley report`, `parley export`.

        Environment: NO_COLOR (no colours), PARLEY_VIEWER (opens screenshots; default xdg-open), \
        PARLEY_IMAGES=kitty|sixel|cells (how screenshots are shown; by default the terminal is asked), \
        PARLEY_TEST_CLOCK_OFFSET=SECONDS (for tests: the wall clock that far off, as on a laptop whose clock is wrong).
        """,
        version: version,
        subcommands: [Check.self, Run.self, JoinCommand.self, Present.self, Merge.self, Sessions.self, ReportCommand.self, Search.self, Withdraw.self, Export.self, StoreCommand.self, RecordingCommand.self, AgreementCommand.self, Replay.self, TranscriptCommand.self]
    )
}

@main
enum Main {
    static func main() {
        do {
            var command = try Parley.parseAsRoot()
            try command.run()
        } catch let error as UserError {
            fail(error.description)
        } catch let error as LocalizedError where error.errorDescription != nil {
            fail(error.errorDescription!)
        } catch {
            let code = Parley.exitCode(for: error)
            if code == .success || error is CleanExit {
                Parley.exit(withError: error)
            }
            // Usage errors: ArgumentParser's message and help hint, exit 2 as DESIGN.md asks.
            FileHandle.standardError.write(Data((Parley.fullMessage(for: error) + "\n").utf8))
            exit(code == .validationFailure ? 2 : 1)
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("parley: \(message)\n".utf8))
        exit(1)
    }
}

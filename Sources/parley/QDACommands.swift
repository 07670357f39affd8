import ArgumentParser
import Foundation
import ParleyCore
import ParleyReports
import ParleyStore

/// `parley export --format qdpx|qdc`: the REFI-QDA exports (docs/refi-qda.md).
enum QDAExport {
    static let formats = ["qdpx", "qdc"]

    static func handles(_ format: String) -> Bool { formats.contains(format) }

    /// The REFI-QDA options make sense for a project only.
    static func validate(format: String, options: QDAOptions) throws {
        if options.speakersAsCodes && format != "qdpx" {
            throw ValidationError("--speakers-as-codes applies to --format qdpx only")
        }
    }

    static func run(format: String, store: StoreOption, scope: ScopeOptions, options: QDAOptions, recording: RecordingOptions,
                    output: OutputOption) throws {
        let store = try store.open()
        switch format {
        case "qdc":
            try output.write(try store.exportQDC(scope: scope.scope))
        default:
            guard output.file != nil else {
                throw UserError("a .qdpx project is a zip file; give it a name with -o, e.g. -o workshop.qdpx")
            }
            let media = try scope.sessions.first.map { try recording.mediaByRecording(in: store, session: $0) } ?? [:]
            try output.write(try store.exportQDPX(scope: scope.scope, options: REFIQDA.Options(speakersAsCodes: options.speakersAsCodes, media: media)))
        }
    }
}

/// The options of `parley export` that only the REFI-QDA project has.
struct QDAOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "qdpx: also code each comment with its speaker (a \"Participants\" code group). Keeps who said what in programs that link cases to whole sources only, such as QualCoder."))
    var speakersAsCodes = false
}

/// `parley agreement --session ID`: how far the writers who tagged one session agree.
struct AgreementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Agreement between the note-takers who tagged one session: Cohen's kappa and Krippendorff's alpha per code and prompt.",
        discussion: """
        Comments by different writers are matched into units (same prompt and participant, within 120 s, \
        similar words or within 30 s); per code each writer tagged a unit or not. Two writers: Cohen's \
        kappa and Krippendorff's alpha with the 2×2 counts; more writers: alpha. See docs/agreement.md.
        """
    )

    @OptionGroup var store: StoreOption

    @Option(help: ArgumentHelp("The session (its id or a unique prefix of 4+ characters).", valueName: "id"))
    var session: String

    @Option(help: ArgumentHelp("How to write the result.", valueName: "format"))
    var format = Agreement.Format.text

    @OptionGroup var output: OutputOption

    func run() throws {
        let result = try store.open().agreement(session: session)
        try output.write(Agreement.render(result, as: format))
    }
}

import ArgumentParser
import Foundation
import ParleyCore
import ParleyReports
import ParleyStore
import SystemIO

/// `--store PATH|URL`, shared by every analysis command.
struct StoreOption: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp(
        "The analysis store: an SQLite file (default $PARLEY_STORE, else parley.sqlite), or a team's PostgreSQL database "
            + "postgresql://user@host:port/db (password from ~/.pgpass or PGPASSWORD).", valueName: "path|url"))
    var path: String?

    /// Where the store is: `--store`, else `PARLEY_STORE`, else `parley.sqlite`.
    var location: StoreLocation {
        get throws {
            try StoreLocation(option: path, environment: .current()) { warning in
                FileHandle.standardError.write(Data("parley: warning: \(warning)\n".utf8))
            }
        }
    }

    /// Opens the store, saying on standard error when it was upgraded to this Parley's schema, and what
    /// opening it warns of.
    func open(_ mode: Store.Mode = .existing) throws -> Store {
        let location = try location
        let store = try Store(location: location, mode: mode)
        for migration in store.migrated {
            FileHandle.standardError.write(Data("parley: upgraded the store \(location) (\(migration))\n".utf8))
        }
        for warning in store.warnings {
            FileHandle.standardError.write(Data("parley: warning: \(location): \(warning)\n".utf8))
        }
        return store
    }
}

/// Which sessions a command covers.
struct ScopeOptions: ParsableArguments {
    @Option(name: .customLong("session"), help: ArgumentHelp("Only this session (its id or a unique prefix of 4+ characters); repeat for several.", valueName: "id"))
    var sessions: [String] = []

    @Option(help: ArgumentHelp("Only sessions of this deck.", valueName: "deck-id"))
    var deck: String?

    var scope: Scope { Scope(sessions: sessions.isEmpty ? nil : sessions, deck: deck) }
}

// Formats are named on the command line by their raw values; ArgumentParser checks them and lists
// the allowed ones in its error (exit 2).
extension ReportRenderer.Format: ExpressibleByArgument {}
extension Agreement.Format: ExpressibleByArgument {}
extension Counting: ExpressibleByArgument {}

/// `-o/--output PATH`, shared by every command that writes a result: a file (owner-only: it holds
/// participants' words), or standard output when absent or `-`.
struct OutputOption: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file (owner-only) instead of standard output.", valueName: "path"))
    var output: String?

    /// The file to write, nil for standard output.
    var file: String? { output == "-" ? nil : output }

    func write(_ text: String) throws { try write(Data(text.utf8)) }

    /// Writes the result and, for a file, says so (on standard output, which then holds nothing else).
    func write(_ data: Data) throws {
        guard let file else {
            FileHandle.standardOutput.write(data)
            return
        }
        if let failure = writePrivateFile(file, data) { throw UserError("cannot write \(file): \(failure)") }
        print("Wrote \(file).")
    }
}

enum Output {
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var colorAllowed: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
    }

    static func warn(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge session logs into the analysis store.",
        discussion: """
        Give log files or folders (every *.jsonl under a folder is read). Merging is idempotent and \
        order-independent: events are keyed by id, so merging the same logs again, in any order, changes \
        nothing. Logs of several writers that share a session id become one session. Torn last lines, \
        unreadable lines and events that reuse an id with different content are reported and skipped; \
        the rest is merged. A file that is not a Parley log is refused, and so are a log's events of a session \
        the store has with another deck: the rest is merged, and the exit status is 1.
        """
    )

    @OptionGroup var store: StoreOption

    @Argument(help: ArgumentHelp("Session logs (.jsonl) or folders of them.", valueName: "log"))
    var logs: [String]

    func validate() throws {
        if logs.isEmpty { throw ValidationError("give at least one log file or folder, such as sessions/") }
    }

    func run() throws {
        let files = try Store.logFiles(in: logs)
        let totalBytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        let showProgress = Output.stderrIsTerminal && totalBytes > 4 << 20
        let database = try store.open(.create)
        var lastDrawn = Date.distantPast
        let outcome = try database.merge(paths: files, progress: showProgress ? { progress in
            let now = Date()
            guard now.timeIntervalSince(lastDrawn) > 0.1 else { return }
            lastDrawn = now
            let share = progress.total > 0 ? " \(progress.done * 100 / progress.total)%" : ""
            FileHandle.standardError.write(Data("\r\u{1B}[K\(progress.phase)\(share)".utf8))
        } : nil)
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }

        if outcome.files.count > 1 {
            for file in outcome.files where file.refused == nil {
                var line = "\(file.path): \(Format.count(file.events)) event\(file.events == 1 ? "" : "s"), \(Format.count(file.new)) new"
                if file.skipped > 0 { line += ", \(Format.count(file.skipped)) skipped" }
                print(line)
            }
        }
        for problem in outcome.problems { Output.warn(problem) }
        print(outcome.summary)
        // Whole files or a log's session left out: the rest is merged, and the exit status says so (1).
        let leftOut = outcome.sessionsRefused + outcome.refused
        if !leftOut.isEmpty {
            for message in leftOut.dropLast() { Output.warn("parley: " + message) }
            throw UserError(leftOut.last!)
        }
    }
}

struct Sessions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the sessions in the analysis store.",
        discussion: "One line per session: id, deck, start (UTC), duration, writers, participants, comments. On a terminal too narrow "
            + "for that table, a short block per session instead; a unique prefix of an id (8 characters) names the session elsewhere."
    )

    @OptionGroup var store: StoreOption

    func run() throws {
        let sessions = try store.open().sessions()
        guard !sessions.isEmpty else {
            print("No sessions in \(try store.location) yet. Merge logs with: parley merge sessions/")
            return
        }
        print(SessionSummary.listing(sessions, width: Output.stdoutIsTerminal ? terminalColumns(STDOUT_FILENO) : nil), terminator: "")
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report on the merged sessions: prompts, personas, screenshots, codes, participants.",
        discussion: """
        Comments per prompt, per persona and per screenshot; code frequencies by comments and by \
        participants; codes × prompts; code co-occurrence; emergent codes; participant coverage with quiet \
        participants; per table and per round for World Café. --format html writes one self-contained page \
        with charts (no network needed). Numbers count remarks: when several writers noted the same remark \
        (matched as parley agreement matches them, docs/agreement.md), it counts once, with all their codes; \
        --count comments counts every comment instead.
        """
    )

    @OptionGroup var store: StoreOption
    @OptionGroup var scope: ScopeOptions

    @Option(help: ArgumentHelp("How to write the report.", valueName: "format"))
    var format = ReportRenderer.Format.text

    @Option(help: ArgumentHelp("What the numbers count: remarks (several writers' notes of one remark once) or comments.",
                               valueName: "remarks|comments"))
    var count = Counting.remarks

    @OptionGroup var output: OutputOption

    func run() throws {
        let report = try store.open().report(scope.scope, counting: count)
        try output.write(ReportRenderer.render(report, as: format))
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Full-text search of comments, with the matching words highlighted.",
        discussion: """
        Every word must occur (case and accents ignored); end a word with * to match its beginning \
        (acc* finds access and accessible). Results are in session and time order.
        """
    )

    @OptionGroup var store: StoreOption

    @Argument(help: "Words to find.")
    var text: [String]

    @Option(help: ArgumentHelp("Only comments with this code.", valueName: "tag"))
    var tag: String?

    @Option(help: ArgumentHelp("Only this participant's comments (such as P3).", valueName: "id"))
    var participant: String?

    @Option(help: ArgumentHelp("Only comments on this prompt.", valueName: "prompt-id"))
    var prompt: String?

    @Option(name: .customLong("session"), help: ArgumentHelp("Only this session (id or unique prefix); repeat for several.", valueName: "id"))
    var sessions: [String] = []

    @Option(help: "Show at most this many results.")
    var limit = 100

    func validate() throws {
        if text.isEmpty { throw ValidationError("give the words to search for") }
    }

    func run() throws {
        let query = text.joined(separator: " ")
        let result = try store.open().search(query, filter: SearchFilter(
            sessions: sessions.isEmpty ? nil : sessions, tag: tag, participant: participant, prompt: prompt, limit: limit))
        let bold = Output.stdoutIsTerminal && Output.colorAllowed
        let (open, close) = bold ? ("\u{1B}[1m", "\u{1B}[22m") : ("[", "]")
        guard result.total > 0 else {
            // Text without spaces between words (Chinese, Japanese) is one word to the search index.
            let unspaced = query.unicodeScalars.contains { $0.properties.isIdeographic || (0x3040...0x30FF).contains($0.value) }
            print("No comments match \"\(query)\"." + (unspaced && !query.hasSuffix("*")
                ? " Text without spaces between words is one word to the search: \(query)* finds the words that start so." : ""))
            return
        }
        print("\(Format.count(result.total)) comment\(result.total == 1 ? " matches" : "s match") \"\(query)\":")
        for hit in result.hits {
            var header = "\(hit.sessionID.prefix(8))  \(Format.shortTime(hit.at))  \(hit.promptID)"
            if !hit.promptTitle.isEmpty { header += " (\(hit.promptTitle))" }
            header += "  \(hit.participant ?? "(room)")"
            if !hit.tags.isEmpty { header += "  " + hit.tags.map { "#" + $0 }.joined(separator: " ") }
            print("")
            print(header)
            print("  " + hit.highlighted(open: open, close: close).replacingOccurrences(of: "\n", with: "\n  "))
        }
        if result.total > result.hits.count {
            print("\n… and \(Format.count(result.total - result.hits.count)) more (use --limit, --tag, --participant or --prompt).")
        }
    }
}

struct Withdraw: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a participant who withdrew consent from the store and from every later export.",
        discussion: """
        Deletes the participant's comments (and their raw events) from the store and records a tombstone, \
        so merging the same logs again does not bring them back. The original log files are not touched: \
        delete or redact them yourself if your protocol requires it.
        """
    )

    @OptionGroup var store: StoreOption

    @Option(help: ArgumentHelp("The session (its id or a unique prefix).", valueName: "id"))
    var session: String

    @Option(help: ArgumentHelp("The participant's id in that session, such as P3.", valueName: "id"))
    var participant: String

    func run() throws {
        let outcome = try store.open().withdraw(session: session, participant: participant)
        if outcome.alreadyWithdrawn {
            print("\(outcome.participant) had already withdrawn from session \(outcome.session); nothing to do.")
            return
        }
        var line = "Withdrew \(outcome.participant) from session \(outcome.session): "
            + "\(Format.count(outcome.commentsRemoved)) comment\(outcome.commentsRemoved == 1 ? "" : "s") removed"
        if outcome.deletedCommentsRemoved > 0 { line += " (and \(outcome.deletedCommentsRemoved) already deleted)" }
        line += "; \(Format.count(outcome.eventsRemoved)) event\(outcome.eventsRemoved == 1 ? "" : "s") deleted from the store."
        print(line)
        print("A tombstone keeps them out of later merges. The log files themselves are unchanged.")
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export comments: CSV (one row per comment, or per comment × tag), JSON, Markdown, HTML, subtitles.",
        discussion: """
        csv: one row per comment (RFC 4180, UTF-8, tags ;-separated). csv-long: one row per comment and \
        tag. json: sessions, codes and comments. md: a transcript grouped by prompt. html: the report. \
        qdpx: a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder (needs -o; --media PATH names the file of \
        a --session's recording, --recording N of it); qdc: its codebook (docs/refi-qda.md). vtt, srt: one --session's notes as subtitles of its recording (--recording N, \
        default 1; docs/recordings.md); eaf: the same recording as an ELAN document (--media PATH links the file). Columns are described in docs/export-columns.md. Deleted comments and withdrawn participants are \
        never exported.
        """
    )

    @OptionGroup var store: StoreOption
    @OptionGroup var scope: ScopeOptions

    @Option(help: ArgumentHelp("csv, csv-long, json, md, html, qdpx, qdc, vtt, srt or eaf.", valueName: "format"))
    var format: String

    @OptionGroup var output: OutputOption
    @OptionGroup var qda: QDAOptions
    @OptionGroup var recording: RecordingOptions

    func validate() throws {
        if ExportFormat(rawValue: format) == nil && !QDAExport.handles(format) && !SubtitleExport.handles(format) {
            throw ValidationError("unknown export format \"\(format)\"; expected csv, csv-long, json, md, html, qdpx, qdc, vtt, srt or eaf")
        }
        try QDAExport.validate(format: format, options: qda)
        try SubtitleExport.validate(format: format, options: recording, scope: scope)
    }

    func run() throws {
        if SubtitleExport.handles(format) {
            return try SubtitleExport.run(format, store: store, session: scope.sessions[0], options: recording, output: output)
        }
        if QDAExport.handles(format) {
            return try QDAExport.run(format: format, store: store, scope: scope, options: qda, recording: recording, output: output)
        }
        try output.write(try store.open().export(ExportFormat(rawValue: format)!, scope: scope.scope))
    }
}

/// `parley store copy FROM TO`: the store tools.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Work on a whole store: copy it between SQLite and PostgreSQL.",
        subcommands: [StoreCopy.self])
}

struct StoreCopy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole store into a new, empty one (SQLite ↔ PostgreSQL), then check that both give the same exports.",
        discussion: """
            FROM and TO are each an SQLite file or a postgresql:// URL. TO must be empty: a file that does not exist yet, \
            or a database without a Parley store. Example, to start sharing: \
            parley store copy parley.sqlite postgresql://ana@db.example.ac.uk/phr_study
            """)

    @Argument(help: ArgumentHelp("The store to copy.", valueName: "from"))
    var from: String

    @Argument(help: ArgumentHelp("The new store.", valueName: "to"))
    var to: String

    func run() throws {
        let source = try StoreOption(path: from).open()
        let target = try StoreOption(path: to).open(.create)
        print(try source.copy(to: target).summary)
    }
}

extension StoreOption {
    init(path: String) {
        self.init()
        self.path = path
    }
}

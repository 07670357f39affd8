import ArgumentParser
import Foundation
import ParleyCore
import ParleyReports
import ParleyStore
import SystemIO


/// `parley recording --session ID …`: align a session's recording afterwards, or list its recordings.
struct RecordingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recording",
        abstract: "Align a session's audio or video recording with its notes afterwards, or list its recordings.",
        discussion: """
        Without --started, --offset, --file or --label it lists the session's recordings and the notes \
        that fall outside them. --started adds a recording (Ctrl-R in parley run does the same live); \
        running the same command again changes nothing. --offset nudges an alignment: the start moves \
        that many seconds (later if positive), written as a correction that supersedes the previous one. \
        --file reads the recording's length with ffprobe (from ffmpeg), so notes after its end are \
        reported and left out of the exports. Times are UTC, on the room's time line, as the exports \
        write them. See docs/recordings.md.
        """
    )

    @OptionGroup var store: StoreOption

    @Option(help: ArgumentHelp("The session (its id or a unique prefix of 4+ characters).", valueName: "id"))
    var session: String

    @Option(name: .customLong("started"), help: ArgumentHelp(
        "When the recording started: an ISO 8601 UTC time (2025-11-25T14:03:07Z, milliseconds optional), comment:ID (when that comment was noted) or marker:LABEL (when that marker was set).",
        valueName: "time"))
    var startedText: String?

    /// `--started` read: its own message, not ArgumentParser's "is invalid" (a time without its Z, or with
    /// a time zone, was refused without saying why).
    var started: RecordingStartTime? {
        get throws {
            guard let startedText else { return nil }
            guard let start = RecordingStartTime(startedText) else {
                throw ValidationError("--started \"\(startedText)\" is not a start: expected an ISO 8601 UTC time ending in Z "
                    + "(2025-11-25T14:03:07Z; convert a local time to UTC), comment:ID or marker:LABEL")
            }
            return start
        }
    }

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Move the start this many seconds: later if positive (+2.5), earlier if negative (-2.5). With --started, from that time; alone, from the recording's current start.",
        valueName: "±seconds"))
    var offset: Double?

    @Option(help: ArgumentHelp("Which recording to move or update, 1 for the earliest (needed when the session has several).", valueName: "n"))
    var recording: Int?

    @Option(help: ArgumentHelp("The recording's file: its length is read with ffprobe when installed; its name is the label unless --label is given.", valueName: "path"))
    var file: String?

    @Option(help: ArgumentHelp("The recording's label, shown with it (default: the file's name).", valueName: "text"))
    var label: String?

    @Option(help: ArgumentHelp("Who the alignment is recorded as: not a writer of the session's logs.", valueName: "name"))
    var writer = Store.recordingWriter

    func validate() throws {
        if let offset, !offset.isFinite || abs(offset) > Double(RecordingStart.maximumDuration / 1000) {
            throw ValidationError("--offset takes seconds, up to 7 days either way")
        }
        if let recording, recording < 1 { throw ValidationError("--recording counts from 1") }
        _ = try started
    }

    func run() throws {
        let database = try store.open()
        let started = try started
        guard started != nil || offset != nil || file != nil || label != nil else {
            return print(try database.recordingTimeline(session: session).summary(session: session).joined(separator: "\n"))
        }
        var request = RecordingAlignment(session: session, start: started, offsetMilliseconds: Int(((offset ?? 0) * 1000).rounded()),
                                         recording: recording, label: label, writer: writer)
        if let file {
            guard FileManager.default.fileExists(atPath: file) else { throw UserError("\(file): no such file") }
            request.label = label ?? (file as NSString).lastPathComponent
            switch MediaDuration.of(file) {
            case .milliseconds(let length): request.durationMilliseconds = length
            case .noProbe:
                Output.warn("ffprobe is not installed (it comes with ffmpeg: apt-get install ffmpeg), so the length of \(file) is unknown and notes after its end cannot be found.")
            case .unreadable(let reason):
                Output.warn("ffprobe could not read the length of \(file) (\(reason)); notes after its end cannot be found.")
            }
        }
        let outcome = try database.alignRecording(request)
        // Recordings are numbered by start: a move can renumber the one asked for.
        let renumbered = recording.map { $0 != outcome.recording.ordinal ? "recording \($0), now \(outcome.recording.name)," : nil } ?? nil
        let said = renumbered ?? outcome.recording.name
        let name = said.prefix(1).uppercased() + said.dropFirst()
        switch outcome.change {
        case .added: print("\(name) starts at \(outcome.recording.at).")
        case .moved(let by):
            print("\(name) moved \(Self.seconds(abs(by))) \(by > 0 ? "later" : "earlier"): it now starts at \(outcome.recording.at).")
        case .updated: print("\(name) updated; it starts at \(outcome.recording.at).")
        case .unchanged: print("\(name) already starts at \(outcome.recording.at) with this label and length: nothing written.")
        }
        print(outcome.timeline.summary(session: session).joined(separator: "\n"))
    }

    /// 2500 → "2.5 s".
    static func seconds(_ milliseconds: Int) -> String {
        let text = String(format: "%.3f", Double(milliseconds) / 1000)
        return text.replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression) + " s"
    }
}

/// `parley export --format vtt|srt|eaf`: one recording's notes as subtitles or an ELAN document (docs/recordings.md).
enum SubtitleExport {
    /// The formats that export one recording.
    static func handles(_ format: String) -> Bool { SubtitleFormat(rawValue: format) != nil || format == "eaf" }

    static func validate(format: String, options: RecordingOptions, scope: ScopeOptions) throws {
        if options.media != nil && !["eaf", "qdpx"].contains(format) {
            throw ValidationError("--media applies to --format eaf and qdpx only")
        }
        // A qdpx holds every recording of its sessions: --media names the file of one of them.
        let oneRecording = handles(format) || options.media != nil
        guard oneRecording else {
            if options.recording != nil { throw ValidationError("--recording applies to --format vtt, srt and eaf, and to qdpx with --media") }
            return
        }
        if scope.sessions.count != 1 || scope.deck != nil {
            throw ValidationError(handles(format) ? "--format \(format) is one recording of one session: give one --session ID"
                : "--media is the file of one recording of one session: give one --session ID (and --recording N for another than recording 1)")
        }
        if let recording = options.recording, recording < 1 { throw ValidationError("--recording counts from 1") }
    }

    static func run(_ format: String, store: StoreOption, session: String, options: RecordingOptions, output: OutputOption) throws {
        let store = try store.open()
        let number = options.recording ?? 1
        let file: Subtitles.File
        if let subtitles = SubtitleFormat(rawValue: format) {
            file = try store.subtitles(subtitles, session: session, recording: number)
        } else {
            // The media file: as given, else the recording's label (the recorder's file name).
            let label = try store.recordingTimeline(session: session).parts.first { $0.recording.ordinal == number }?.recording.label
            let media = (options.media ?? label).map { EAF.Media(path: $0, directory: FileManager.default.currentDirectoryPath) }
            file = try store.eaf(session: session, recording: number, media: media, date: Timestamp.string(milliseconds: Int(Date().timeIntervalSince1970 * 1000)))
        }
        for line in file.leftOut { Output.warn(line + ".") }
        try output.write(file.text)
    }
}

/// The options of `parley export` that pick one recording of a session: the one-recording formats',
/// and qdpx's `--media`.
struct RecordingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("vtt, srt, eaf (and qdpx with --media): which recording of the session, 1 for the earliest (default 1).", valueName: "n"))
    var recording: Int?

    @Option(help: ArgumentHelp("eaf, qdpx: the recording's media file, linked from the document or project (default: the recording's label).", valueName: "path"))
    var media: String?

    /// qdpx: the file `--media` names, by the id of the recording it is (`--recording N`, default 1).
    func mediaByRecording(in store: Store, session: String) throws -> [String: String] {
        guard let media else { return [:] }
        return [try store.recordingTimeline(session: session).part(recording ?? 1).recording.recordingID: media]
    }
}

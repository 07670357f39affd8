import Foundation
import ParleyCore
import ParleyLog

/// Turns `parley run` options into a ready capture model: a new session, a note-taker joining
/// one, or an interrupted session resumed from its log.
public enum CaptureSetup {
    public struct Options {
        public var deck: String?
        public var logPath: String?
        public var writer: String
        public var sessionID: String?
        public var resume: String?
        public init(deck: String?, logPath: String?, writer: String, sessionID: String?, resume: String?) {
            self.deck = deck; self.logPath = logPath; self.writer = writer; self.sessionID = sessionID; self.resume = resume
        }
    }

    public struct Prepared {
        public var model: CaptureModel
        /// Where the model's events are written (the log, fsynced).
        public var recorder: EventRecording
        /// Things to tell the user once the terminal is restored (a torn tail that was cut, …).
        public var notices: [String]
    }

    public static func prepare(_ options: Options, clock: any Clock = SystemClock()) throws -> Prepared {
        try checkWriter(options.writer)
        if let sessionID = options.sessionID, UUID(uuidString: sessionID) == nil {
            throw UserError("session \"\(sessionID)\" is not a session id; expected the id shown in the facilitator's help screen (F1), such as 3f2a8c1e-…")
        }
        let resumePath = options.resume ?? options.logPath.flatMap { path in
            (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int).flatMap { $0 > 0 ? path : nil }
        }
        if let resumePath { return try resume(resumePath, clock: clock) }
        guard let deck = options.deck else { throw UserError("no deck given; expected `parley run DECK` (a path or an id under Decks/), or --resume LOG") }
        guard FileManager.default.fileExists(atPath: ContentLoader.resolveDeckArgument(deck)) else {
            let folder = FileManager.default.currentDirectoryPath
            throw UserError("no deck \"\(deck)\": neither a file nor Decks/\(deck).yaml in \(folder); expected a deck's path, or the id of a deck under Decks/ when run from the workshop folder")
        }
        let workshop: Workshop
        let deckPath: String
        do {
            (workshop, deckPath) = try ContentLoader.loadWorkshop(deck)
        } catch let error as Diagnostics {
            throw UserError("the deck has problems (run `parley check` for all of them):\n" + error.items.prefix(10).map(\.description).joined(separator: "\n"))
        }
        let path = options.logPath ?? defaultLogPath(deck: workshop.deck.id, writer: options.writer, date: clock.now())
        let recorder = SessionRecorder(log: try openLog(path), sessionID: options.sessionID ?? UUID().uuidString.lowercased(),
                                       writer: options.writer, clock: clock)
        var model = CaptureModel(state: SessionState(), log: .init(recorder))
        let absoluteDeckPath = URL(fileURLWithPath: deckPath).standardizedFileURL.path
        let start = model.startSession(workshop, deckPath: absoluteDeckPath)
        try begin(&model, start, recorder: recorder)
        return Prepared(model: model, recorder: recorder, notices: [])
    }

    /// A note-taker joining a room: a log of their own for the room's session, begun with the
    /// facilitator's content (`deckPath`: where the room's screenshots are kept beside the log), or
    /// continued when `logPath` holds this session already (the note-taker's laptop restarted).
    public static func prepareJoiner(start: SessionStart, session: String, writer: String, logPath: String?, deckPath: String,
                                     clock: any Clock = SystemClock()) throws -> Prepared {
        try checkWriter(writer)
        if let logPath, ((try? FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int) ?? 0) > 0 {
            let prepared = try resume(logPath, clock: clock)
            guard prepared.model.log.sessionID == session else {
                throw UserError("\(logPath) is a log of session \(prepared.model.log.sessionID), but the room runs session \(session); expected a new --log")
            }
            return prepared
        }
        let path = logPath ?? defaultLogPath(deck: start.deckID, writer: writer, date: clock.now())
        let recorder = SessionRecorder(log: try openLog(path), sessionID: session, writer: writer, clock: clock)
        var model = CaptureModel(state: SessionState(), log: .init(recorder))
        let begun = model.startSession(start.snapshot, deckPath: deckPath, showFirstPrompt: false)
        try begin(&model, begun, recorder: recorder)
        return Prepared(model: model, recorder: recorder, notices: [])
    }

    /// Longest writer name: it is part of the log's file name (and the room's screenshots folder).
    static let longestWriter = 64

    public static func checkWriter(_ writer: String) throws {
        guard Identifier.isValid(writer) else {
            throw UserError("writer \"\(writer)\" is not valid; expected lowercase letters, digits and '-' (such as note-taker-2)")
        }
        guard writer.utf8.count <= longestWriter else {
            throw UserError("writer \"\(writer.prefix(20))…\" is \(writer.utf8.count) characters long; expected at most \(longestWriter)")
        }
        // The projector joins a room by this name: a note-taker who took it would keep it out.
        guard writer != Identifier.projectorWriter else {
            throw UserError("writer \"projector\" is the projector's name in a room; expected another (such as note-taker-2)")
        }
    }

    static func resume(_ path: String, clock: any Clock) throws -> Prepared {
        guard FileManager.default.fileExists(atPath: path) else { throw UserError("\(path): cannot resume: no such file; expected a log written by `parley run`") }
        // Lock first: a run still writing this log must keep it to itself, and nothing here may touch it.
        let log = try openLog(path)
        let result: LogReader.Result
        do { result = try LogReader.read(path: path) } catch { throw UserError("\(error)") }
        guard let first = result.events.first, case .sessionStarted = first.body else {
            throw UserError("\(path) has no session.started event; expected a log written by `parley run`")
        }
        var notices = result.issues.map(\.description)
        if let torn = result.tornTailOffset {
            do { try log.cut(at: torn) } catch { throw UserError("\(error)") }
            notices.append("\(path): cut a torn last line at byte \(torn) before resuming")
        }
        let writerEvents = result.events.filter { $0.writer == first.writer }
        let state = SessionState(events: result.events)
        let recorder = SessionRecorder(log: log, sessionID: first.session, writer: first.writer, clock: clock,
                                       nextSeq: (writerEvents.map(\.seq).max() ?? 0) + 1, monoAtStart: state.lastMono)
        let offset = writerEvents.last { $0.type == "clock.offset" }.flatMap { if case .clockOffset(let offset, _, _) = $0.body { offset } else { nil } }
        var model = CaptureModel(state: state, log: .init(recorder), clockOffset: offset ?? 0)
        let resumption = model.resumeSession()
        try begin(&model, resumption, recorder: recorder)
        return Prepared(model: model, recorder: recorder, notices: notices)
    }

    /// Writes the session's first events before the terminal opens: a log that cannot be written
    /// is an error then, not a banner.
    static func begin(_ model: inout CaptureModel, _ effects: [Effect], recorder: EventRecording) throws {
        _ = EffectRunner(recorder: recorder).run(effects, on: &model)
        guard !model.lastSaveFailed else { throw UserError("cannot write the session log \(recorder.path): \(model.banner ?? "")") }
    }

    static func openLog(_ path: String) throws -> LogWriter {
        do { return try LogWriter(path: path) } catch { throw UserError("\(error)") }
    }

    /// `sessions/2026-11-25-1412-demo-facilitator.jsonl` (local time: what the people in the room read).
    public static func defaultLogPath(deck: String, writer: String, date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let stamp = String(format: "%04d-%02d-%02d-%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                           Int(parts.tm_hour), Int(parts.tm_min))
        let base = "sessions/\(stamp)-\(deck)-\(writer)"
        // Two runs in the same minute must not share a log.
        var path = base + ".jsonl"
        var counter = 2
        while FileManager.default.fileExists(atPath: path) { path = "\(base)-\(counter).jsonl"; counter += 1 }
        return path
    }
}

extension SessionRecorder: EventRecording {}

extension CaptureSetup.Prepared {
    /// Puts the prepared screen in a room and writes what that asks (a joiner shows the room's prompt).
    public mutating func enterRoom(_ status: RoomStatus, events: [Event]) throws {
        let effects = model.enterRoom(status, events: events)
        try CaptureSetup.begin(&model, effects, recorder: recorder)
    }
}

import Foundation
import GRDB
import ParleyCore
import ParleyLog
import ParleyReports

/// Where `parley recording --started` puts a recording's start (docs/recordings.md).
public enum RecordingStartTime: Sendable, Equatable {
    /// Milliseconds since 1970, on the room's time line.
    case time(Int)
    /// The moment a comment was noted: its id, or a unique prefix of 4+ characters.
    case comment(String)
    /// The moment of the marker with this label.
    case marker(String)

    /// `2025-11-25T14:03:07Z` or `2025-11-25T14:03:07.412Z` (UTC, as the exports write times),
    /// `comment:ID` or `marker:LABEL`; nil for anything else.
    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        for (prefix, make) in [("comment:", RecordingStartTime.comment), ("marker:", RecordingStartTime.marker)] where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            guard !rest.isEmpty else { return nil }
            self = make(rest)
            return
        }
        // Whole seconds are how people write a time: the one parser wants the milliseconds.
        let full = text.count == 20 && text.hasSuffix("Z") ? text.dropLast() + ".000Z" : text
        guard let milliseconds = Timestamp.milliseconds(full) else { return nil }
        self = .time(milliseconds)
    }
}

/// What `parley recording` asks of the store: add a recording, or move or update one.
public struct RecordingAlignment: Sendable {
    public var session: String
    public var start: RecordingStartTime?
    /// Added to the start given, or to the recording's current start.
    public var offsetMilliseconds = 0
    /// Which recording (1-based) to move or update; nil: the one starting at `start`, else a new one
    /// (with `start`), or the only one (without).
    public var recording: Int?
    public var label: String?
    public var durationMilliseconds: Int?
    public var writer = Store.recordingWriter

    public init(session: String, start: RecordingStartTime? = nil, offsetMilliseconds: Int = 0, recording: Int? = nil,
                label: String? = nil, durationMilliseconds: Int? = nil, writer: String = Store.recordingWriter) {
        self.session = session; self.start = start; self.offsetMilliseconds = offsetMilliseconds; self.recording = recording
        self.label = label; self.durationMilliseconds = durationMilliseconds; self.writer = writer
    }
}

public struct RecordingAlignmentOutcome: Sendable {
    public enum Change: Sendable, Equatable {
        case added
        /// Moved by this many milliseconds (its label or length may have changed too).
        case moved(by: Int)
        /// Same start, another label or length.
        case updated
        /// The store already said so: nothing written.
        case unchanged
    }

    public var change: Change
    public var recording: RecordingRow
    /// The session's recordings and notes after the change.
    public var timeline: RecordingTimeline
}

extension Store {
    /// Who writes the alignments `parley recording` makes, unless told otherwise.
    public static let recordingWriter = "store"

    /// One session's recordings and where its live notes fall in them.
    public func recordingTimeline(session: String) throws -> RecordingTimeline {
        try read { db in try Self.timeline(ScopeRows(db, ids: [try Self.resolveSession(session, db: db)])) }
    }

    /// Recording `number` of one session as subtitles.
    public func subtitles(_ format: SubtitleFormat, session: String, recording number: Int) throws -> Subtitles.File {
        try Subtitles.file(recordingTimeline(session: session), recording: number, as: format)
    }

    /// Records a recording's start as a `recording.started` event in the store, as if merged from a
    /// log: it survives re-merges and withdrawals, and a correction supersedes the mark it replaces.
    /// Asking for what the store already holds writes nothing.
    public func alignRecording(_ request: RecordingAlignment) throws -> RecordingAlignmentOutcome {
        guard Identifier.isValid(request.writer) else {
            throw UserError("writer \"\(request.writer)\" is not a writer name (lowercase letters, digits and -)")
        }
        if let label = request.label, label.trimmingCharacters(in: .whitespaces).isEmpty {
            throw UserError("--label \"\(label)\" is empty; expected the recording's file name (the exports link to it), or leave --label out")
        }
        return try write { db in
            let session = try Self.resolveSession(request.session, db: db)
            let rows = ScopeRows(db, ids: [session])
            let recordings = try rows.recordings().sorted { $0.ordinal < $1.ordinal }
            var target: RecordingRow?
            let start: Int
            if let wanted = request.start {
                start = try Self.moment(wanted, session: session, db: db) + request.offsetMilliseconds
                target = try request.recording.map { try Self.recording($0, of: recordings, session: session) }
                    ?? recordings.first { Timestamp.milliseconds($0.at) == start }
            } else {
                let found = try Self.recording(request.recording, of: recordings, session: session)
                target = found
                start = Timestamp.milliseconds(found.at)! + request.offsetMilliseconds
            }
            try Self.checkStart(start, session: session, db: db)
            if let other = recordings.first(where: { Timestamp.milliseconds($0.at) == start && $0.recordingID != target?.recordingID }) {
                throw UserError("\(other.name) starts at \(other.at) already: two recordings cannot start together; "
                    + "expected another time, or --recording \(other.ordinal) to change that one")
            }
            let label = request.label ?? target?.label
            let duration = request.durationMilliseconds ?? target?.durationMilliseconds
            let previous = target.flatMap { Timestamp.milliseconds($0.at) }
            if let target, previous == start, target.label == label, target.durationMilliseconds == duration {
                return RecordingAlignmentOutcome(change: .unchanged, recording: target, timeline: try Self.timeline(rows))
            }
            let event = try Self.recordStart(RecordingStart(label: label, durationMilliseconds: duration, replaces: target?.eventID),
                                             at: start, session: session, writer: request.writer, db: db)
            _ = try Derive.rebuild(session: session, db: db)
            let timeline = try Self.timeline(rows)
            let identity = target?.recordingID ?? event.id
            let change: RecordingAlignmentOutcome.Change = previous.map { $0 == start ? .updated : .moved(by: start - $0) } ?? .added
            return RecordingAlignmentOutcome(change: change, recording: timeline.parts.first { $0.recording.recordingID == identity }!.recording,
                                             timeline: timeline)
        }
    }

    /// A start more than a day from the session's span is a typing mistake (a year, a date, a time zone):
    /// once written, a recording cannot be taken back, only moved.
    private static func checkStart(_ start: Int, session: String, db: any StoreSQL) throws {
        guard let row = try db.rows("SELECT started_at, last_event_at FROM sessions WHERE id = ?", [session]).first,
              let first = Timestamp.milliseconds(row["started_at"]), let last = Timestamp.milliseconds(row["last_event_at"]) else { return }
        let day = 86_400_000
        guard start < first - day || start > last + day else { return }
        let hours = (start < first ? first - start : start - last) / 3_600_000
        throw UserError("the recording would start at \(Timestamp.string(milliseconds: start)), \(hours) hours \(start < first ? "before the session started" : "after its last note")"
            + " (\(Timestamp.string(milliseconds: start < first ? first : last))); expected a time within a day of the session, in UTC — was the date, year or time zone typed wrong?")
    }

    static func timeline(_ rows: ScopeRows) throws -> RecordingTimeline {
        RecordingTimeline(recordings: try rows.recordings(), comments: try rows.comments())
    }

    /// Recording `number`, or the only one when nil.
    private static func recording(_ number: Int?, of recordings: [RecordingRow], session: String) throws -> RecordingRow {
        guard !recordings.isEmpty else {
            throw UserError("session \(session) has no recording yet: give its start with --started")
        }
        guard let number else {
            guard recordings.count == 1 else {
                throw UserError("session \(session) has \(recordings.count) recordings: say which with --recording 1 to \(recordings.count)")
            }
            return recordings[0]
        }
        guard let found = recordings.first(where: { $0.ordinal == number }) else {
            throw UserError("there is no recording \(number): session \(session) has \(recordings.count)")
        }
        return found
    }

    /// The time a `--started` value names, in ms since 1970 on the room's time line.
    private static func moment(_ start: RecordingStartTime, session: String, db: any StoreSQL) throws -> Int {
        switch start {
        case .time(let milliseconds):
            return milliseconds
        case .comment(let wanted):
            let key = wanted.lowercased()
            let rows = try db.rows("""
                SELECT comment_id, at FROM comments WHERE session = ? AND lower(substr(comment_id, 1, length(?))) = ?
                """, [session, key, key])
            let exact = rows.filter { ($0["comment_id"] as String).lowercased() == key }
            let matches = exact.isEmpty && key.count >= 4 ? rows : exact
            guard matches.count == 1, let at = Timestamp.milliseconds(matches[0]["at"]) else {
                throw UserError(matches.isEmpty
                    ? "no comment \"\(wanted)\" in session \(session) (its id, or the first 4+ characters of it, as in the CSV export's comment_id)"
                    : "comment \"\(wanted)\" is ambiguous: \(matches.count) comments start so; give more of the id")
            }
            return at
        case .marker(let wanted):
            let markers = try db.rows("SELECT label, at FROM markers WHERE session = ? ORDER BY ordinal", [session])
            let exact = markers.filter { $0["label"] == wanted }
            let matches = exact.isEmpty ? markers.filter { ($0["label"] as String).lowercased() == wanted.lowercased() } : exact
            guard matches.count == 1, let at = Timestamp.milliseconds(matches[0]["at"]) else {
                if matches.isEmpty {
                    let labels = Array(Set(markers.map { $0["label"] as String })).sorted().prefix(8).map { "\"\($0)\"" }
                    throw UserError("no marker \"\(wanted)\" in session \(session); its markers are: " + (labels.isEmpty ? "none" : labels.joined(separator: ", ")))
                }
                let times = matches.map { $0["at"] as String }.joined(separator: ", ")
                throw UserError("\(matches.count) markers are labelled \"\(wanted)\" (at \(times)); give the time itself with --started")
            }
            return at
        }
    }

    /// Writes a `recording.started` at `milliseconds` into the store's events, numbered on from the
    /// writer's last event of the session. The writer must be the alignments' own, never a log's:
    /// a log's writer may have a clock offset that would move it, and its numbering is its log's.
    private static func recordStart(_ start: RecordingStart, at milliseconds: Int, session: String, writer: String,
                                    db: any StoreSQL) throws -> Event {
        let written = try StoredLines.read(db, session: session).events().filter { $0.writer == writer }
        if written.contains(where: { $0.type != "recording.started" }) {
            throw UserError("\(writer) wrote a log of session \(session); give the alignment a writer of its own with --writer (default \(recordingWriter))")
        }
        let withdrawn = try db.int("SELECT max(seq) FROM withdrawn_events WHERE session = ? AND writer = ?", [session, writer]) ?? 0
        let seq = max(written.map(\.seq).max() ?? 0, withdrawn) + 1
        let sessionStart = try db.string("SELECT started_at FROM sessions WHERE id = ?", [session])
            .flatMap(Timestamp.milliseconds) ?? milliseconds
        let event = Event(id: UUID().uuidString.lowercased(), session: session, writer: writer, seq: seq,
                          at: Timestamp.string(milliseconds: milliseconds), mono: milliseconds - sessionStart, body: .recordingStarted(start))
        if let problem = EventLine.validate(event) { throw UserError("cannot record this recording: \(problem)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = String(decoding: try encoder.encode(event), as: UTF8.self)
        var chunk = PackedChunk()
        var bytes = line
        bytes.withUTF8 { chunk.add(UnsafeRawBufferPointer($0), id: LineHash.of(event.id), type: EventChunks.code(event.type)) }
        try chunk.insert(session: session, db: db)
        try saveLineHashes([LineHash.of(line)], db: db)
        return event
    }
}

import ParleyCore

/// One row of `recordings`: a recording of a session as its latest alignment places it.
public struct RecordingRow: Sendable, Equatable, Decodable {
    public var session: String
    /// 1-based, by start time: recording 1 is the earliest.
    public var ordinal: Int
    /// The first mark's event id: the recording's identity through its corrections.
    public var recordingID: String
    /// The event that places it now.
    public var eventID: String
    /// When it started, on the room's time line.
    public var at: String
    /// Who marked or last aligned it.
    public var writer: String
    public var label: String?
    public var durationMilliseconds: Int?

    enum CodingKeys: String, CodingKey {
        case session, ordinal, recordingID = "recording_id", eventID = "event_id", at, writer, label
        case durationMilliseconds = "duration_ms"
    }

    public init(session: String, ordinal: Int, recordingID: String, eventID: String, at: String, writer: String,
                label: String? = nil, durationMilliseconds: Int? = nil) {
        self.session = session; self.ordinal = ordinal; self.recordingID = recordingID; self.eventID = eventID
        self.at = at; self.writer = writer; self.label = label; self.durationMilliseconds = durationMilliseconds
    }

    /// "recording 2 (zoom_0002.m4a)".
    public var name: String { "recording \(ordinal)" + (label.map { " (\($0))" } ?? "") }
}

/// Which recording each note of a session falls in, and where in it: a note belongs to the latest
/// recording started at or before it, at its time since that start. Notes before the first start
/// are in none; notes at or past a recording's end (when its length is known) are not placed past it.
public struct RecordingTimeline: Sendable {
    /// A note at its moment in a recording: milliseconds since the recording started.
    public struct Placed: Sendable, Equatable {
        public var comment: CommentRecord
        public var milliseconds: Int
    }

    public struct Part: Sendable {
        public var recording: RecordingRow
        /// Notes inside the recording, in note order.
        public var notes: [Placed] = []
        /// Notes after its end and before the next recording started.
        public var pastEnd: [Placed] = []
        /// How far into it anything of it may lie (ms): its length, else until the next recording started
        /// (nil for the last one of unknown length). Every export holds its cues within it.
        public var limit: Int?
    }

    public private(set) var parts: [Part]
    /// Notes before the first recording started.
    public private(set) var before: [CommentRecord] = []

    /// `recordings`: one session's, in any order; `comments`: that session's live notes in order.
    public init(recordings: [RecordingRow], comments: [CommentRecord]) {
        parts = recordings.sorted { $0.ordinal < $1.ordinal }.map { Part(recording: $0) }
        let starts = parts.map { Timestamp.milliseconds($0.recording.at) ?? 0 }
        for index in parts.indices {
            parts[index].limit = parts[index].recording.durationMilliseconds ?? (index + 1 < starts.count ? starts[index + 1] - starts[index] : nil)
        }
        for comment in comments {
            guard let at = Timestamp.milliseconds(comment.at), let index = starts.lastIndex(where: { $0 <= at }) else {
                before.append(comment)
                continue
            }
            let placed = Placed(comment: comment, milliseconds: at - starts[index])
            if let length = parts[index].recording.durationMilliseconds, placed.milliseconds >= length {
                parts[index].pastEnd.append(placed)
            } else {
                parts[index].notes.append(placed)
            }
        }
    }
}

extension RecordingTimeline {
    /// Recording `number` (1-based), or why there is none.
    public func part(_ number: Int) throws -> Part {
        guard let first = parts.first else {
            throw UserError("this session has no recording: press Ctrl-R in parley run when the recording starts, or align one afterwards with parley recording --session ID --started TIME")
        }
        guard parts.indices.contains(number - 1) else {
            throw UserError("there is no recording \(number): this session has \(parts.count) (see parley recording --session \(first.recording.session))")
        }
        return parts[number - 1]
    }

    /// "1 note", "1,204 notes".
    static func notes(_ count: Int) -> String { "\(Format.count(count)) note\(count == 1 ? "" : "s")" }

    /// "3 notes after the end of recording 1, which lasts 00:45:00.000 (the first 00:00:12.000 past it): no export places them".
    public static func pastEndLine(_ part: Part) -> String {
        let length = part.recording.durationMilliseconds ?? 0
        return "\(notes(part.pastEnd.count)) after the end of \(part.recording.name), which lasts \(Subtitles.timestamp(length))"
            + " (the first \(Subtitles.timestamp(part.pastEnd[0].milliseconds - length)) past it): no export places them"
    }

    /// The recordings, one line each, and the notes no recording holds: what `parley recording` prints.
    /// `session`: as the user named it, for the hint when there is no recording.
    public func summary(session: String) -> [String] {
        let notes = Self.notes
        guard let first = parts.first else {
            return ["Session \(session) has no recording. Align one with: parley recording --session \(session) --started TIME (see parley recording --help)."]
        }
        var lines = ["Session \(first.recording.session): \(parts.count) recording\(parts.count == 1 ? "" : "s") (start times UTC, on the room's time line)"]
        for part in parts {
            let recording = part.recording
            let length = recording.durationMilliseconds.map { Subtitles.timestamp($0) + " long" } ?? "length unknown"
            lines.append("  \(recording.ordinal)  \(recording.at)  \(recording.label ?? "(no label)")  \(length)  \(notes(part.notes.count))"
                + "  (by \(recording.writer))")
        }
        if !before.isEmpty { lines.append("\(notes(before.count)) before recording 1 started: in no recording.") }
        for part in parts where !part.pastEnd.isEmpty { lines.append(Self.pastEndLine(part) + ".") }
        return lines
    }
}

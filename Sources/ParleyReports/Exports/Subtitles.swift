import ParleyCore

/// The subtitle files `parley export` writes.
public enum SubtitleFormat: String, Sendable, CaseIterable {
    /// WebVTT: browsers, VLC, mpv; each cue named by its comment id.
    case vtt
    /// SubRip: every player and editor.
    case srt
}

/// `parley export --format vtt|srt`: one recording's notes as subtitles (docs/recordings.md), so they
/// play along with the recording in VLC, mpv or a browser's `<video>`. One cue per note, `P3: text
/// #tags`, from the note's moment in the recording for a few seconds, ended early by the same
/// writer's next note so one note-taker's cues never pile up.
public enum Subtitles {
    /// How long a note stays on screen, unless its writer's next note comes sooner.
    public static let cueMilliseconds = 4_000
    /// The shortest cue: two notes a writer saved in the same instant are both shown, briefly together.
    public static let shortestCueMilliseconds = 500

    public struct Cue: Sendable, Equatable {
        public var id: String
        /// Milliseconds since the recording started.
        public var start: Int
        public var end: Int
        public var text: String
    }

    /// The file: its text, and what was left out of it, one sentence each (for standard error).
    public struct File: Sendable {
        public var text: String
        public var leftOut: [String]
    }

    /// Recording `number` (1-based) of the session the timeline holds, as subtitles.
    public static func file(_ timeline: RecordingTimeline, recording number: Int, as format: SubtitleFormat) throws -> File {
        let part = try timeline.part(number)
        let cues = cues(part)
        return File(text: format == .vtt ? vtt(cues, part.recording) : srt(cues), leftOut: leftOut(timeline, number: number))
    }

    /// The cues of one recording's notes, by start time.
    public static func cues(_ part: RecordingTimeline.Part) -> [Cue] {
        var nextByWriter: [String: Int] = [:]
        var cues: [Cue] = []
        for placed in part.notes.reversed() {
            let start = placed.milliseconds
            var end = min(start + cueMilliseconds, nextByWriter[placed.comment.writer] ?? .max)
            if end - start < shortestCueMilliseconds { end = start + shortestCueMilliseconds }
            // Within the recording: its end, or the next one's start (as EAF and REFI-QDA hold them too).
            if let limit = part.limit { end = min(end, limit) }
            nextByWriter[placed.comment.writer] = start
            cues.append(Cue(id: placed.comment.commentID, start: start, end: end, text: text(placed.comment)))
        }
        // Players want cues by start time; notes come in session order, which is time order already
        // unless rows were handed over otherwise.
        return cues.reversed().enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
    }

    /// `P3: text #tag #other`, on one line (a line break inside a note would end the cue).
    static func text(_ comment: CommentRecord) -> String { (comment.participant.map { "\($0): " } ?? "") + noted(comment) }

    /// `text #tag #other`: the note without its speaker.
    static func noted(_ comment: CommentRecord) -> String { oneLine(comment.text) + comment.tags.map { " #" + $0 }.joined() }

    /// On one line: a cue's text and a note's, through the one way participants' words are flattened.
    static func oneLine(_ text: String) -> String { DocumentText.oneLine(text) }

    static func vtt(_ cues: [Cue], _ recording: RecordingRow) -> String {
        // A comment block may hold anything but "-->" and blank lines.
        let name = oneLine(recording.name).replacingOccurrences(of: "-->", with: "->")
        var out = "WEBVTT\n\nNOTE Parley notes of session \(recording.session), \(name), which started at \(recording.at)\n"
        for cue in cues {
            // Markup characters are escaped, which also keeps "-->" out of a cue's text.
            let text = cue.text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            out += "\n\(cue.id)\n\(timestamp(cue.start, ".")) --> \(timestamp(cue.end, "."))\n\(text)\n"
        }
        return out
    }

    static func srt(_ cues: [Cue]) -> String {
        cues.enumerated().map { index, cue in
            "\(index + 1)\n\(timestamp(cue.start, ",")) --> \(timestamp(cue.end, ","))\n\(cue.text)\n"
        }.joined(separator: "\n")
    }

    /// `01:02:03.456` (WebVTT) or `01:02:03,456` (SubRip).
    public static func timestamp(_ milliseconds: Int, _ separator: String = ".") -> String {
        let ms = max(0, milliseconds)
        let seconds = ms / 1000
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let fraction = String(ms % 1000)
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))\(separator)"
            + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// What the file for recording `number` leaves out, and why.
    static func leftOut(_ timeline: RecordingTimeline, number: Int) -> [String] {
        let notes = RecordingTimeline.notes
        var lines: [String] = []
        if !timeline.before.isEmpty {
            lines.append("\(notes(timeline.before.count)) before recording 1 started left out (they are in no recording)")
        }
        for part in timeline.parts where part.recording.ordinal != number && !part.notes.isEmpty {
            lines.append("\(notes(part.notes.count)) of \(part.recording.name) left out (export it with --recording \(part.recording.ordinal))")
        }
        for part in timeline.parts where !part.pastEnd.isEmpty {
            lines.append(RecordingTimeline.pastEndLine(part))
        }
        return lines
    }
}

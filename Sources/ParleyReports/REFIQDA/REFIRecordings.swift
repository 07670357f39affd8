import Foundation
import ParleyCore

/// A recording of a session as an audio or video source: the media file by reference (it is not ours to
/// copy: the file given with `--media`, else the recording's label), and a transcript of the notes noted
/// during it, each line synced to its moment, so a QDA program plays the recording at a coded note.
/// Checked with QualCoder's importer (docs/refi-qda.md), which keeps no sync points: the lines say their time too.
struct RecordingSource {
    /// A note's line in the transcript, with its sync points' times (ms since the recording started).
    struct Line {
        var comment: CommentRecord
        var start: Int
        var end: Int
        var startMilliseconds: Int
        var endMilliseconds: Int
    }

    var recording: RecordingRow
    var guid: String
    /// With the label's file name only: QualCoder saves the media and the transcript under the source's name.
    var name: String
    var isVideo: Bool
    /// `relative:///PATH` (from the project's `basePath`) or `absolute:///PATH`, as REFI-QDA names external
    /// files, unencoded as in its examples (importers do not decode them); nil without a file.
    var path: String?
    var file: REFIQDA.SourceFile
    var lines: [Line]
    /// Notes the transcript leaves out: before the recording started or past its end (none of them are in it).
    var leftOut: Int

    /// One line per note, `[00:01:02] P3: text` (`Room: …` without a speaker; the time in the recording, as
    /// QualCoder finds times in a transcript), in time order. A note's audio runs
    /// for its subtitle cue, cut at the next note so sync points keep the text's order. `media`: the media
    /// file's path, when given (else the recording's label is taken for it).
    init(_ part: RecordingTimeline.Part, sessionName: String, leftOut: Int, media given: String?) {
        recording = part.recording
        guid = REFIQDA.guid("recording", recording.session, recording.recordingID)
        var named = recording
        named.label = named.label.map { ($0 as NSString).lastPathComponent }
        name = "\(sessionName) — \(named.name)"
        let mediaPath = given ?? recording.label
        isVideo = mediaPath.map { EAF.Media.mimeTypes[($0 as NSString).pathExtension.lowercased()]?.hasPrefix("video/") == true } ?? false
        path = mediaPath.map { ($0.hasPrefix("/") ? "absolute://" : "relative:///") + $0 }
        let notes = Dictionary(part.notes.map { ($0.comment.commentID, $0.comment) }, uniquingKeysWith: { first, _ in first })
        let cues = Subtitles.cues(part)
        var text = ""
        var length = 0
        var lines: [Line] = []
        for (index, cue) in cues.enumerated() {
            let comment = notes[cue.id]!
            let line = "[\(Subtitles.timestamp(cue.start).prefix(8))] \(comment.participant ?? "Room"): \(Subtitles.oneLine(comment.text))"
            let end = index + 1 < cues.count ? min(cue.end, cues[index + 1].start) : cue.end
            lines.append(Line(comment: comment, start: length, end: length + line.unicodeScalars.count, startMilliseconds: cue.start,
                              endMilliseconds: end))
            text += line + "\n"
            length += line.unicodeScalars.count + 1
        }
        self.lines = lines
        self.leftOut = leftOut
        file = REFIQDA.SourceFile(path: "sources/\(REFIQDA.guid("recording-file", recording.session, recording.recordingID)).txt", text: text)
    }

    /// Each session's recordings (by ordinal) from the rows: session → sources. `media`: files given, by recording id.
    static func all(_ recordings: [RecordingRow], transcripts: [Transcript], comments: [String: [CommentRecord]],
                    media: [String: String]) -> [String: [RecordingSource]] {
        let bySession = Dictionary(grouping: recordings, by: \.session)
        var result: [String: [RecordingSource]] = [:]
        for transcript in transcripts {
            let session = transcript.session.id
            guard let rows = bySession[session] else { continue }
            let timeline = RecordingTimeline(recordings: rows, comments: comments[session] ?? [])
            result[session] = timeline.parts.enumerated().map { index, part in
                RecordingSource(part, sessionName: transcript.sourceName,
                                leftOut: part.pastEnd.count + (index == 0 ? timeline.before.count : 0), media: media[part.recording.recordingID])
            }
        }
        return result
    }

    /// The project's `basePath`: `folder` when a recording's file is relative to it, else none.
    static func basePath(_ sources: [String: [RecordingSource]], folder: String) -> String? {
        sources.values.joined().contains { $0.path?.hasPrefix("relative:") == true } ? folder : nil
    }
}

extension ProjectParts {
    /// An `AudioSource` or `VideoSource` whose transcript holds the recording's notes, each a selection
    /// between its sync points, coded as in the session text.
    func writeRecording(_ source: RecordingSource, into xml: inout XMLOut) {
        let session = source.recording.session
        let element = source.isVideo ? "VideoSource" : "AudioSource"
        let runner = facilitator[session].map(userGUID)
        xml.open(element, [("guid", source.guid), ("name", source.name), ("path", source.path), ("creatingUser", runner),
                           ("creationDateTime", source.recording.at)])
        xml.leaf("Description", "Recording \(source.recording.ordinal) of Parley session \(session), started \(source.recording.at) on the room's clock. "
                 + (source.path == nil ? "Its file was not named: link it in your program. "
                    : "The media file is not in the project: it is where the path says (a relative path from the project's base path). ")
                 + "The transcript holds the notes noted during it, one line each at its moment (its time in the recording at its start; sync points in ms since the recording started)"
                 + (source.leftOut > 0 ? "; \(RecordingTimeline.notes(source.leftOut)) of the session before it started or past its end are only in the session text." : "."))
        xml.open("Transcript", [("guid", REFIQDA.guid("recording-transcript", session, source.recording.recordingID)), ("name", source.name),
                                ("plainTextPath", "internal://" + source.file.path.dropFirst("sources/".count)), ("creatingUser", runner),
                                ("creationDateTime", source.recording.at)])
        for line in source.lines {
            xml.empty("SyncPoint", [("guid", Self.syncGUID(line, "start")), ("timeStamp", String(line.startMilliseconds)),
                                    ("position", String(line.start))])
            xml.empty("SyncPoint", [("guid", Self.syncGUID(line, "end")), ("timeStamp", String(line.endMilliseconds)),
                                    ("position", String(line.end))])
        }
        for line in source.lines {
            let comment = line.comment
            writeCoded("TranscriptSelection", comment, [
                ("guid", REFIQDA.guid("transcript-selection", session, source.recording.recordingID, comment.commentID)),
                ("name", Self.selectionName(comment)), ("fromSyncPoint", Self.syncGUID(line, "start")),
                ("toSyncPoint", Self.syncGUID(line, "end")), ("creatingUser", userGUID(comment.writer)), ("creationDateTime", comment.at),
            ], codingKind: "transcript-", into: &xml)
        }
        xml.close("Transcript")
        xml.close(element)
    }

    static func syncGUID(_ line: RecordingSource.Line, _ end: String) -> String {
        REFIQDA.guid("sync-point", line.comment.sessionID, line.comment.commentID, end)
    }
}

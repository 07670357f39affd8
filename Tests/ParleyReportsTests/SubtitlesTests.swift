import ParleyCore
import Testing
@testable import ParleyReports

/// Notes placed in a session's recordings, and the subtitle files made of them, from rows written by hand.
@Suite struct SubtitlesTests {
    static let session = "aaaaaaaa-1111-4111-8111-111111111111"
    /// 2025-03-04T10:00:00.000Z
    static let t0 = 1_741_082_400_000

    static func at(_ seconds: Double) -> String { Timestamp.string(milliseconds: t0 + Int(seconds * 1000)) }

    static func note(_ id: String, _ seconds: Double, _ participant: String?, _ text: String, _ tags: [String] = [],
                     writer: String = "facilitator") -> CommentRecord {
        CommentRecord(commentID: id, sessionID: session, deckID: "phr-test", writer: writer, at: at(seconds), promptID: "q",
                      promptPosition: 1, promptTitle: "Q", promptKind: "question", personaID: nil, personaName: nil, screen: nil,
                      participant: participant, table: nil, round: nil, text: text, tags: tags, edited: false)
    }

    static func recording(_ ordinal: Int, _ seconds: Double, label: String? = nil, length: Int? = nil) -> RecordingRow {
        RecordingRow(session: session, ordinal: ordinal, recordingID: "r\(ordinal)", eventID: "r\(ordinal)", at: at(seconds),
                     writer: "facilitator", label: label, durationMilliseconds: length)
    }

    @Test func oneRecordingEveryNoteAtItsMomentForFourSecondsOrUntilItsWritersNextNote() throws {
        let notes = [Self.note("c1", 70, "P3", "I'd never know which app to open", ["fragmentation"]),
                     Self.note("c2", 72.5, nil, "laughter in the room"),
                     Self.note("c3", 72, "P1", "second note-taker", writer: "ana"),
                     Self.note("c4", 90, "P2", "<b>bold</b> & done --> next", ["trust", "privacy"])]
        let timeline = RecordingTimeline(recordings: [Self.recording(1, 60, label: "zoom_0001.m4a")], comments: notes)
        let file = try Subtitles.file(timeline, recording: 1, as: .vtt)
        #expect(file.leftOut.isEmpty)
        #expect(file.text == """
            WEBVTT

            NOTE Parley notes of session \(Self.session), recording 1 (zoom_0001.m4a), which started at 2025-03-04T10:01:00.000Z

            c1
            00:00:10.000 --> 00:00:12.500
            P3: I'd never know which app to open #fragmentation

            c3
            00:00:12.000 --> 00:00:16.000
            P1: second note-taker

            c2
            00:00:12.500 --> 00:00:16.500
            laughter in the room

            c4
            00:00:30.000 --> 00:00:34.000
            P2: &lt;b&gt;bold&lt;/b&gt; &amp; done --&gt; next #trust #privacy

            """)
        let srt = try Subtitles.file(timeline, recording: 1, as: .srt)
        #expect(srt.text.hasPrefix("1\n00:00:10,000 --> 00:00:12,500\nP3: I'd never know which app to open #fragmentation\n\n2\n00:00:12,000 --> "))
        #expect(srt.text.hasSuffix("4\n00:00:30,000 --> 00:00:34,000\nP2: <b>bold</b> & done --> next #trust #privacy\n"))
    }

    @Test func notesBeforeTheRecordingStartedAreLeftOutAndCounted() throws {
        let notes = [Self.note("c1", 5, "P1", "before"), Self.note("c2", 9, "P2", "also before"), Self.note("c3", 30, "P3", "after")]
        let timeline = RecordingTimeline(recordings: [Self.recording(1, 20)], comments: notes)
        #expect(timeline.before.map(\.commentID) == ["c1", "c2"])
        let file = try Subtitles.file(timeline, recording: 1, as: .srt)
        #expect(file.text == "1\n00:00:10,000 --> 00:00:14,000\nP3: after\n")
        #expect(file.leftOut == ["2 notes before recording 1 started left out (they are in no recording)"])
    }

    @Test func twoRecordingsEachHoldTheNotesAfterItsStart() throws {
        let notes = [Self.note("c1", 10, "P1", "first part"), Self.note("c2", 3_700, "P2", "after the break"),
                     Self.note("c3", 3_725, "P2", "more")]
        let timeline = RecordingTimeline(recordings: [Self.recording(2, 3_600, label: "part-2.mp4"), Self.recording(1, 0)], comments: notes)
        #expect(timeline.parts.map { $0.notes.map(\.comment.commentID) } == [["c1"], ["c2", "c3"]])
        let second = try Subtitles.file(timeline, recording: 2, as: .vtt)
        #expect(second.text.contains("c2\n00:01:40.000 --> 00:01:44.000\nP2: after the break\n"))
        #expect(second.text.contains("c3\n00:02:05.000 --> 00:02:09.000\nP2: more\n"))
        #expect(!second.text.contains("first part"))
        #expect(second.leftOut == ["1 note of recording 1 left out (export it with --recording 1)"])
        let first = try Subtitles.file(timeline, recording: 1, as: .vtt)
        #expect(first.leftOut == ["2 notes of recording 2 (part-2.mp4) left out (export it with --recording 2)"])
        #expect(throws: UserError.self) { try Subtitles.file(timeline, recording: 3, as: .vtt) }
        #expect(throws: UserError.self) { try Subtitles.file(RecordingTimeline(recordings: [], comments: notes), recording: 1, as: .vtt) }
    }

    @Test func notesAfterTheRecordingsEndAreReportedNotPlacedPastIt() throws {
        let notes = [Self.note("c1", 50, "P1", "inside"), Self.note("c2", 59, "P1", "just inside"), Self.note("c3", 61, "P2", "after the end"),
                     Self.note("c4", 90, "P3", "later still")]
        let timeline = RecordingTimeline(recordings: [Self.recording(1, 0, length: 60_000)], comments: notes)
        #expect(timeline.parts[0].pastEnd.map(\.comment.commentID) == ["c3", "c4"])
        let file = try Subtitles.file(timeline, recording: 1, as: .srt)
        // The last cue stops at the recording's end.
        #expect(file.text == "1\n00:00:50,000 --> 00:00:54,000\nP1: inside\n\n2\n00:00:59,000 --> 00:01:00,000\nP1: just inside\n")
        #expect(file.leftOut == ["2 notes after the end of recording 1, which lasts 00:01:00.000 (the first 00:00:01.000 past it): no export places them"])
        #expect(timeline.summary(session: "aaaa").last == file.leftOut[0] + ".")
    }

    @Test func twoNotesOfOneWriterInOneInstantAreBothShown() {
        let part = RecordingTimeline(recordings: [Self.recording(1, 0)],
                                     comments: [Self.note("c1", 10, "P1", "a\nb"), Self.note("c2", 10, "P2", "c")]).parts[0]
        #expect(Subtitles.cues(part).map { [$0.start, $0.end] } == [[10_000, 10_500], [10_000, 14_000]])
        #expect(Subtitles.cues(part)[0].text == "P1: a b")
    }

    @Test func timestampsCountHoursPastADay() {
        #expect(Subtitles.timestamp(0) == "00:00:00.000")
        #expect(Subtitles.timestamp(3_723_004, ",") == "01:02:03,004")
        #expect(Subtitles.timestamp(100 * 3_600_000 + 59_999) == "100:00:59.999")
    }
}

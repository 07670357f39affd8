import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

/// Recordings in the store: Ctrl-R marks merged from logs, alignments made afterwards with
/// `parley recording`, and the subtitles of the notes on them.
@Suite("Recordings")
struct RecordingTests {
    /// 2025-03-04T10:00:00.000Z, the known session's start.
    static let t0 = 1_741_082_400_000

    static func at(_ seconds: Double) -> String { Timestamp.string(milliseconds: t0 + Int(seconds * 1000)) }

    /// The known session, its facilitator having pressed Ctrl-R at each of `marks` (seconds, label).
    static func store(_ folder: TempFolder, marks: [(Int, String?)] = []) throws -> Store {
        var (f, n) = Fixture.knownSession()
        for (second, label) in marks { f.add(.recordingStarted(RecordingStart(label: label)), at: second) }
        let paths = [folder.file("f.jsonl"), folder.file("n.jsonl")]
        try f.write(to: paths[0])
        try n.write(to: paths[1])
        let store = try folder.store()
        _ = try store.merge(paths: paths)
        return store
    }

    static func paths(_ folder: TempFolder) -> [String] { [folder.file("f.jsonl"), folder.file("n.jsonl")] }

    @Test func aCtrlRMarkAfterSomeNotesHoldsTheNotesAfterIt() throws {
        let folder = TempFolder()
        let store = try Self.store(folder, marks: [(22, "zoom_0001.m4a")])
        let timeline = try store.recordingTimeline(session: "aaaa")
        #expect(timeline.parts.map(\.recording.at) == [Self.at(22)])
        #expect(timeline.parts.map(\.recording.label) == ["zoom_0001.m4a"])
        #expect(timeline.before.map(\.commentID) == ["c1"])
        #expect(timeline.parts[0].notes.map(\.comment.commentID) == ["n1", "c2", "c3", "n2", "n3"])
        #expect(timeline.parts[0].notes.first?.milliseconds == 3_000)
        let vtt = try store.subtitles(.vtt, session: "aaaa", recording: 1)
        #expect(vtt.text.contains("n1\n00:00:03.000 --> 00:00:07.000\nP2: Son helps with the letters, \"always\" #proxy #letters\n"))
        #expect(vtt.leftOut == ["1 note before recording 1 started left out (they are in no recording)"])
    }

    @Test func twoMarksAreTwoRecordings() throws {
        let folder = TempFolder()
        let store = try Self.store(folder, marks: [(0, nil), (100, "after the break")])
        let timeline = try store.recordingTimeline(session: Fixture.sessionA)
        #expect(timeline.parts.map(\.recording.ordinal) == [1, 2])
        #expect(timeline.parts.map { $0.notes.map(\.comment.commentID) } == [["c1", "n1", "c2", "c3"], ["n2", "n3"]])
        let srt = try store.subtitles(.srt, session: Fixture.sessionA, recording: 2)
        #expect(srt.text == "1\n00:00:10,000 --> 00:00:14,000\nRoom agrees: not sure who sees the data #privacy\n\n2\n00:00:20,000 --> 00:00:24,000\nP4: Never used it\n")
        #expect(srt.leftOut == ["4 notes of recording 1 left out (export it with --recording 1)"])
    }

    @Test func aligningAfterwardsTwiceAddsOneRecordingAndSurvivesMerges() throws {
        let folder = TempFolder()
        let store = try Self.store(folder)
        #expect(try store.recordingTimeline(session: "aaaa").parts.isEmpty)
        #expect(throws: UserError.self) { try store.subtitles(.vtt, session: "aaaa", recording: 1) }
        let request = RecordingAlignment(session: "aaaa", start: RecordingStartTime("2025-03-04T09:59:50Z"), label: "rec.wav")
        let first = try store.alignRecording(request)
        #expect(first.change == .added)
        #expect(first.recording.at == Self.at(-10))
        #expect(first.recording.writer == "store")
        #expect(first.timeline.before.isEmpty)
        let again = try store.alignRecording(request)
        #expect(again.change == .unchanged)
        #expect(try store.events(session: "aaaa").filter { $0.type == "recording.started" }.map { [$0.writer, "\($0.seq)", "\($0.mono)"] }
                == [["store", "1", "-10000"]])
        // Merging the logs again, or a withdrawal, rebuilds the session: the alignment stays.
        _ = try store.merge(paths: Self.paths(folder))
        _ = try store.withdraw(session: "aaaa", participant: "P4")
        #expect(try store.recordingTimeline(session: "aaaa").parts.map(\.recording.at) == [Self.at(-10)])
        #expect(try store.sessions().first { $0.id == Fixture.sessionA }?.writers == ["facilitator", "note-taker-1", "store"])
        // A merge after it finds a store it can still read every fingerprint of.
        #expect(try store.merge(paths: Self.paths(folder)).newEvents == 0)
    }

    @Test func anOffsetNudgesTheAlignmentWithACorrection() throws {
        let folder = TempFolder()
        let store = try Self.store(folder, marks: [(22, "zoom_0001.m4a")])
        let earlier = try store.alignRecording(RecordingAlignment(session: "aaaa", offsetMilliseconds: -2_500))
        #expect(earlier.change == .moved(by: -2_500))
        #expect(earlier.recording.at == Self.at(19.5))
        #expect(earlier.recording.label == "zoom_0001.m4a")
        #expect(earlier.timeline.before.isEmpty)
        let later = try store.alignRecording(RecordingAlignment(session: "aaaa", offsetMilliseconds: 1_000))
        #expect(later.recording.at == Self.at(20.5))
        #expect(try store.recordingTimeline(session: "aaaa").parts.count == 1)
        #expect(try store.events(session: "aaaa").filter { $0.type == "recording.started" }.count == 3)
        // A second recording: the nudge must say which.
        _ = try store.alignRecording(RecordingAlignment(session: "aaaa", start: .time(Self.t0 + 100_000)))
        #expect(throws: UserError.self) { try store.alignRecording(RecordingAlignment(session: "aaaa", offsetMilliseconds: 1_000)) }
        let second = try store.alignRecording(RecordingAlignment(session: "aaaa", offsetMilliseconds: 1_000, recording: 2))
        #expect(second.recording.at == Self.at(101))
        #expect(second.timeline.parts.map(\.recording.ordinal) == [1, 2])
    }

    /// A recording once written cannot be taken back, only moved: a start a day or more from the session
    /// (a year typed wrong), two recordings at one start, and an empty label (links to a folder) are refused.
    @Test func mistakesThatCannotBeTakenBackAreRefused() throws {
        let folder = TempFolder()
        let store = try Self.store(folder, marks: [(22, "zoom_0001.m4a")])
        let yearEarly = #expect(throws: UserError.self) {
            try store.alignRecording(RecordingAlignment(session: "aaaa", start: .time(Self.t0 - 365 * 86_400_000)))
        }
        #expect(yearEarly?.description.contains("8760 hours before the session started") == true, "\(yearEarly?.description ?? "")")
        #expect(throws: UserError.self) { try store.alignRecording(RecordingAlignment(session: "aaaa", start: .time(Self.t0 + 3600_000 + 2 * 86_400_000))) }
        // Within the day around it: a recorder started before the session, or run on after it.
        _ = try store.alignRecording(RecordingAlignment(session: "aaaa", start: .time(Self.t0 - 3_600_000)))
        let together = #expect(throws: UserError.self) {
            try store.alignRecording(RecordingAlignment(session: "aaaa", start: .time(Self.t0 + 22_000), recording: 1))
        }
        #expect(together?.description.contains("starts at \(Self.at(22)) already: two recordings cannot start together") == true,
                "\(together?.description ?? "")")
        #expect(throws: UserError.self) { try store.alignRecording(RecordingAlignment(session: "aaaa", recording: 2, label: " ")) }
        #expect(try store.recordingTimeline(session: "aaaa").parts.map(\.recording.label) == [nil, "zoom_0001.m4a"])
    }

    @Test func startsAtACommentOrAMarker() throws {
        let folder = TempFolder()
        let store = try Self.store(folder)
        let atComment = try store.alignRecording(RecordingAlignment(session: "aaaa", start: RecordingStartTime("comment:c2")))
        #expect(atComment.recording.at == Self.at(30))
        let atMarker = try store.alignRecording(RecordingAlignment(session: "aaaa", start: RecordingStartTime("marker:Good Quote"),
                                                                  offsetMilliseconds: -5_000))
        #expect(atMarker.change == .added)
        #expect(atMarker.recording.at == Self.at(90))
        for (start, message) in [("comment:zz", "no comment \"zz\""), ("marker:break", "no marker \"break\" in session \(Fixture.sessionA); its markers are: \"good quote\"")] {
            let error = #expect(throws: UserError.self) { try store.alignRecording(RecordingAlignment(session: "aaaa", start: RecordingStartTime(start))) }
            #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "")")
        }
        // A log's writer may not write alignments: its clock offsets and numbering are its log's.
        #expect(throws: UserError.self) {
            try store.alignRecording(RecordingAlignment(session: "aaaa", start: .time(Self.t0), writer: "facilitator"))
        }
        #expect(RecordingStartTime("2025-03-04T10:00:00.250Z") == .time(Self.t0 + 250))
        for text in ["10:00", "2025-03-04 10:00:00", "comment:", "marker: ", "2025-03-04T10:00:00+01:00"] { #expect(RecordingStartTime(text) == nil) }
    }

    @Test func aLengthReportsTheNotesPastTheEnd() throws {
        let folder = TempFolder()
        let store = try Self.store(folder, marks: [(22, nil)])
        let updated = try store.alignRecording(RecordingAlignment(session: "aaaa", label: "rec.m4a", durationMilliseconds: 60_000))
        #expect(updated.change == .updated)
        #expect(updated.timeline.parts[0].pastEnd.map(\.comment.commentID) == ["n2", "n3"])
        let vtt = try store.subtitles(.vtt, session: "aaaa", recording: 1)
        #expect(!vtt.text.contains("Never used it"))
        #expect(vtt.leftOut.last == "2 notes after the end of recording 1 (rec.m4a), which lasts 00:01:00.000 (the first 00:00:28.000 past it): no export places them")
    }

    /// A recording of unknown length ends, for every export, where the next one starts: subtitles and
    /// REFI-QDA ran a cue past it while the EAF stopped there.
    @Test func aCueEndsWhereTheNextRecordingStarts() throws {
        let folder = TempFolder()
        let store = try Self.store(folder, marks: [(22, nil), (52, nil)])
        // c3 was noted at 50 s: 28 s into recording 1, 2 s before recording 2.
        let vtt = try store.subtitles(.vtt, session: "aaaa", recording: 1).text
        #expect(vtt.contains("c3\n00:00:28.000 --> 00:00:30.000\n"), "\(vtt)")
        #expect(try store.recordingTimeline(session: "aaaa").parts.map(\.limit) == [30_000, nil])
    }

    @Test func withdrawnParticipantsNotesLeaveTheSubtitles() throws {
        let folder = TempFolder()
        let store = try Self.store(folder, marks: [(0, nil)])
        for format in SubtitleFormat.allCases {
            #expect(try store.subtitles(format, session: "aaaa", recording: 1).text.contains("frightening"))
        }
        _ = try store.withdraw(session: "aaaa", participant: "P1")
        for format in SubtitleFormat.allCases {
            let text = try store.subtitles(format, session: "aaaa", recording: 1).text
            for words in WithdrawTests.p1Words { #expect(!text.contains(words), "\(format): \(words)") }
            #expect(text.contains("P2: I trust the GP more than the app"))
        }
    }

    // MARK: ffmpeg reads them

    static let ffmpeg = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: ffmpeg != nil, "ffmpeg is not installed (make deps installs it): the subtitle files are not checked with it"))
    func ffmpegReadsEveryCueOfBothFormats() throws {
        let folder = TempFolder()
        let store = try Self.store(folder, marks: [(0, "zoom --> 0001.m4a")])
        for format in SubtitleFormat.allCases {
            let file = try store.subtitles(format, session: "aaaa", recording: 1)
            let input = folder.write(file.text, to: "notes.\(format.rawValue)")
            let output = folder.file("notes-\(format.rawValue).ass")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.ffmpeg!)
            process.arguments = ["-nostdin", "-hide_banner", "-v", "error", "-y", "-i", input, output]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && complaint.isEmpty, "\(format): \(complaint)")
            // ffmpeg skips what it cannot read without a word: every cue must come out, at its time.
            let dialogue = try String(contentsOfFile: output, encoding: .utf8).split(whereSeparator: \.isNewline).filter { $0.hasPrefix("Dialogue:") }
            #expect(dialogue.count == 6, "\(format): \(dialogue)")
            #expect(dialogue.first?.hasPrefix("Dialogue: 0,0:00:20.00,0:00:24.00,") == true, "\(format): \(dialogue)")
            #expect(dialogue.contains { $0.hasSuffix("P2: Son helps with the letters, \"always\" #proxy #letters") }, "\(format)")
        }
    }
}

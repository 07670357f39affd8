import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

/// Replay's recording time: the workshop's log with recording 1 (45 s long, known from its file)
/// started after some notes, and recording 2 started after the break, with no length.
@Suite struct ReplayRecordingTests {
    static func session() throws -> ReplaySession {
        var s = ReplayScript()
        for event in ReplayScript.workshop() { s.events.append(event) }
        s.add("facilitator", 100, .recordingStarted(RecordingStart(label: "zoom_0001.m4a", durationMilliseconds: 45_000)))
        s.add("facilitator", 530, .recordingStarted(RecordingStart()))
        return try ReplaySession(events: s.events.shuffled(), checkpointInterval: 4)
    }

    func model(at time: Int) throws -> ReplayModel {
        var m = ReplayModel(session: try Self.session(), clock: { 0 })
        m.seek(to: time)
        return m
    }

    func header(_ m: ReplayModel) -> String { m.screen().line(0) }

    @Test func theHeaderShowsTheRecordingHoldingThePosition() throws {
        #expect(header(try model(at: 20_000)).contains("00:00:20 / 00:15:00 · rec 1 in 01:20"))
        #expect(header(try model(at: 131_000)).contains("00:02:11 / 00:15:00 · rec 1 00:00:31"))
        #expect(header(try model(at: 200_000)).contains("· rec 1 ended 00:00:45"))
        #expect(header(try model(at: 600_000)).contains("· rec 2 00:01:10"))
        let plain = ReplayModel(session: try ReplayScript.session(), clock: { 0 })
        #expect(!header(plain).contains("rec"))
    }

    @Test func cCopiesTheRecordingTimeAndSaysSo() throws {
        var m = try model(at: 131_000)
        let loop = TestLoop()
        #expect(loop.send(.key(.character("c")), to: &m) == [.copyToClipboard("00:00:31")])
        #expect(loop.copied == ["00:00:31"])
        #expect(m.banner == "Copied 00:00:31 (rec 1, zoom_0001.m4a) — paste it into the player's seek box")
        #expect(m.screen().line(22).contains("Copied 00:00:31 (rec 1, zoom_0001.m4a)"))
    }

    @Test func cOutsideARecordingCopiesNothingAndSaysWhy() throws {
        for (time, said) in [(20_000, "recording 1 starts at session time 00:01:40"), (200_000, "Past the end of recording 1: it lasts 00:00:45")] {
            var m = try model(at: time)
            let loop = TestLoop()
            #expect(loop.send(.key(.character("c")), to: &m).isEmpty)
            #expect(loop.copied.isEmpty)
            #expect(m.banner?.contains(said) == true)
        }
        var plain = ReplayModel(session: try ReplayScript.session(), clock: { 0 })
        plain.press(.character("c"))
        #expect(plain.banner?.contains("has no recording") == true)
    }

    @Test func aCorrectionInTheLogMovesTheRecording() throws {
        var s = ReplayScript()
        s.events = ReplayScript.workshop()
        // A nudge written by hand into the log (its own writer, so its ids are not the workshop's).
        s.add("recorder", 100, .recordingStarted(RecordingStart()))
        s.add("recorder", 110, .recordingStarted(RecordingStart(replaces: "recorder-1")))
        let recordings = ReplayRecordings(try ReplaySession(events: s.events, checkpointInterval: 4))
        #expect(recordings.all.map(\.start) == [110_000])
    }

    @Test func helpListsTheKey() throws {
        #expect(replayKeymap.helpLines().contains { $0.contains("Copy the recording's time") })
    }

    @Test func snapshotWithACopiedTime() throws {
        var m = try model(at: 131_000)
        m.press(.character("c"))
        assertSnapshot(m.screen(), named: "replay-recording-copied-80x24")
    }
}

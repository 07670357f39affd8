import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

/// Ctrl-R: "the recording started now", labelled by the line, shown in the header while recording.
@Suite struct CaptureRecordingTests {
    static func starts(_ loop: TestLoop) -> [RecordingStart] {
        loop.events.compactMap { if case .recordingStarted(let start) = $0.body { start } else { nil } }
    }

    @Test func ctrlRMarksARecordingLabelledByTheLineAndClearsIt() {
        var s = Fixture.capture()
        s.loop.mono = 12_000
        s.press(.control("r"))
        #expect(Self.starts(s.loop) == [RecordingStart()])
        #expect(s.banner == "Recording 1 started at 00:12. Restarted? Ctrl-R again.")
        s.type("zoom_0002.m4a ")
        s.loop.mono = 3_600_000
        s.press(.control("r"))
        #expect(Self.starts(s.loop) == [RecordingStart(), RecordingStart(label: "zoom_0002.m4a")])
        #expect(s.composer.text.isEmpty)
        #expect(s.banner == "Recording 2 (zoom_0002.m4a) started at 1:00:00. Restarted? Ctrl-R again.")
        #expect(s.state.recordings.map(\.label) == [nil, "zoom_0002.m4a"])
    }

    @Test func aFailedMarkKeepsTheLabel() {
        var s = Fixture.capture()
        s.type("zoom_0001.m4a")
        s.loop.failing = true
        s.press(.control("r"))
        #expect(s.composer.text == "zoom_0001.m4a")
        #expect(s.state.recordings.isEmpty)
        #expect(s.render().contains("NOT SAVED"))
        #expect(!s.render().contains("● REC"))
    }

    @Test func theHeaderShowsTheTimeSinceTheLatestRecordingStarted() {
        var s = Fixture.capture()
        s.press(.pageDown)
        #expect(!s.render(mono: 60_000).contains("REC"))
        s.loop.mono = 5_000
        s.press(.control("r"))
        s.loop.mono = 65_000
        s.enter("P3: I'd never know which app to open #fragmentation")
        assertSnapshot(s.screen(width: 80, height: 24, mono: 500_000), named: "capture-recording-80x24")
        // Restarted after a break: the clock starts again; a wide header names the recording.
        s.type("zoom_0002.m4a")
        s.loop.mono = 800_000
        s.press(.control("r"))
        let wide = s.render(width: 160, height: 48, mono: 831_000)
        #expect(wide.split(separator: "\n")[0].contains("● REC zoom_0002.m4a 00:31  ⏱ 13:51"))
        #expect(s.render(width: 80, height: 24, mono: 831_000).split(separator: "\n")[0].contains("● REC 00:31  ⏱ 13:51"))
    }

    @Test func theHelpListsCtrlR() {
        var s = Fixture.capture()
        s.press(.function(1))
        #expect(s.render(width: 100, height: 40).contains("Ctrl-R               Recording started now (label: the line, e.g. a file)"))
    }
}

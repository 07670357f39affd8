import Testing
@testable import ParleyApp

/// A key while playing acts at the moment it came, not at the last tick (up to a tick × the speed
/// earlier): the media player plays on by itself between ticks, so a pause, a speed change or a seek
/// from the last tick's position would jump it back (measured with a real mpv: 85 ms at 2×).
@Suite struct ReplayKeyTimeTests {
    @Test func pauseSpeedAndSeekWhilePlayingStartFromTheKeysMoment() throws {
        let clock = ManualClock()
        var m = try ReplayPlayerTests().model(at: 120_000, clock: clock)
        let loop = TestLoop()
        m.press(.character(" "), loop: loop)
        clock.now = 1_000
        _ = loop.send(.tick(now: clock.now), to: &m)
        // 40 ms after the last tick: the first 40 ms played at 1×.
        clock.now = 1_040
        m.press(.character("+"), loop: loop)
        #expect(m.position == 121_040)
        clock.now = 1_100
        m.press(.right, loop: loop)
        #expect(m.position == 121_160 + 10_000)
        clock.now = 1_125
        m.press(.character(" "), loop: loop)
        #expect(m.position == 131_210)
        #expect(loop.told == [.play(at: 20), .speed(2), .seek(31.16), .pause(at: 31.21)])
    }
}

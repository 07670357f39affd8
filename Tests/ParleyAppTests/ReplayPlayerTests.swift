import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

/// What replay tells the media player: only changes (play, pause, speed, a seek by a key), at
/// the time into the recording holding the position.
@Suite struct ReplayPlayerTests {
    /// `clock`: the test keeps it (the model holds it unowned); without one, time stands still.
    func model(at time: Int, clock: ManualClock? = nil, drivesPlayer: Bool = true) throws -> ReplayModel {
        var m = ReplayModel(session: try ReplayRecordingTests.session(), clock: clock?.function ?? { 0 })
        m.seek(to: time)
        m.drivesPlayer = drivesPlayer
        return m
    }

    @Test func playPauseSpeedAndSeeksAreToldOnceEachAtTheRecordingsTime() throws {
        let clock = ManualClock()
        var m = try model(at: 120_000, clock: clock)
        let loop = TestLoop()
        m.press(.character(" "), loop: loop)
        #expect(loop.told == [.play(at: 20)])
        // Playing on: the player plays by itself, nothing is sent.
        clock.now = 1_000
        _ = loop.send(.tick(now: clock.now), to: &m)
        #expect(loop.told.count == 1)
        m.press(.character("+"), .right, .character(" "), loop: loop)
        #expect(loop.told == [.play(at: 20), .speed(2), .seek(31), .pause(at: 31)])
    }

    @Test func outsideARecordingThePlayerStandsAtItsStartOrEnd() throws {
        #expect(try model(at: 20_000).mediaSeconds == 0)
        #expect(try model(at: 200_000).mediaSeconds == 45)
        #expect(try model(at: 600_000).mediaSeconds == 70)
    }

    @Test func theSessionsEndPausesThePlayer() throws {
        let clock = ManualClock()
        var m = try model(at: 890_000, clock: clock)
        let loop = TestLoop()
        m.press(.character(" "), loop: loop)
        clock.now = 20_000
        _ = loop.send(.tick(now: clock.now), to: &m)
        #expect(loop.told == [.play(at: 360), .pause(at: 370)])
    }

    @Test func withoutAPlayerOrARecordingNothingIsTold() throws {
        var m = try model(at: 120_000, drivesPlayer: false)
        let loop = TestLoop()
        m.press(.character(" "), .right, loop: loop)
        var plain = ReplayModel(session: try ReplayScript.session(), clock: { 0 })
        plain.drivesPlayer = true
        plain.press(.character(" "), .right, loop: loop)
        #expect(loop.told.isEmpty)
    }
}

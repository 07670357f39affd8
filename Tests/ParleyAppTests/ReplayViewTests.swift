import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

@Suite struct ReplayViewTests {
    func model(at time: Int) throws -> ReplayModel {
        var m = ReplayModel(session: try ReplayScript.session(), clock: { 0 })
        m.seek(to: time)
        return m
    }

    @Test func startOfTheSession() throws {
        assertSnapshot(try model(at: 0).screen(), named: "replay-start-80x24")
    }

    @Test func personaWithCommentsFromTwoWritersAnEditAndADelete() throws {
        assertSnapshot(try model(at: 216_000).screen(), named: "replay-persona-80x24")
    }

    @Test func pausedSessionAfterAMarker() throws {
        var m = try model(at: 200_000)
        m.press(.character("m"))
        m.seek(to: 235_000)
        assertSnapshot(m.screen(), named: "replay-paused-80x24")
    }

    @Test func screenshotPromptPlayingWithARestoredComment() throws {
        let clock = ManualClock()
        var m = ReplayModel(session: try ReplayScript.session(), clock: clock.function)
        m.seek(to: 590_000)
        m.press(.character("+"), .character("+"), .character(" "))
        clock.now += 1_250
        m.tick()
        assertSnapshot(m.screen(), named: "replay-screenshot-80x24")
    }

    /// With the deck's folder known (from the log, or --content), the screenshot is drawn in cells
    /// beside its description; `o` opens the real file.
    @Test func screenshotImageFromTheDeckFolder() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var workshop = Fixture.workshop
        workshop.deck.prompts[2].image = "screens/nhs-results.png"
        let deckPath = repository.appendingPathComponent("Decks/demo.yaml").path
        let events = ReplayScript.workshop().map { event -> Event in
            var event = event
            if case .sessionStarted = event.body { event.body = .sessionStarted(SessionStart(workshop: workshop, deckPath: deckPath)) }
            return event
        }
        var m = ReplayModel(session: try ReplaySession(events: events), clock: { 0 })
        let loop = TestLoop()
        m.press(.character("o"), loop: loop)
        #expect(m.banner == "This prompt has no screenshot to open.")
        m.imageSupport = ImageSupport(depth: .none)
        m.seek(to: 575_000)
        m.press(.character("o"), loop: loop)
        let path = repository.appendingPathComponent("Decks/screens/nhs-results.png").path
        #expect(loop.opened == [path])
        #expect(m.banner == "Opened \(path) in the viewer.")
        m.press(.escape)
        assertSnapshot(m.screen(), named: "replay-screenshot-image-80x24")
        // Moved files: the description, and why the image is not shown.
        var moved = ReplayModel(session: try ReplaySession(events: events), contentOverride: "/nonexistent", clock: { 0 })
        moved.seek(to: 575_000)
        moved.press(.control("l"))
        #expect(moved.render().contains("Image not shown ("))
        #expect(moved.render().contains("HbA1c 58 mmol/mol"))
    }

    @Test func searchInputAndHighlight() throws {
        var m = try model(at: 0)
        m.press(.character("/")); m.type("gesla")
        assertSnapshot(m.screen(), named: "replay-search-input-80x24")
        m.press(.enter)
        assertSnapshot(m.screen(), named: "replay-search-match-80x24")
    }

    @Test func helpScreen() throws {
        var m = try model(at: 0)
        m.press(.character("?"))
        assertSnapshot(m.screen(), named: "replay-help-80x24")
    }

    @Test func bigTerminal() throws {
        var m = try model(at: 760_000)
        m.press(.character("+"), .character("+"), .character("+"))
        assertSnapshot(m.screen(width: 160, height: 48), named: "replay-revisit-160x48")
    }

    @Test func tooSmallTerminalSaysSo() throws {
        let text = try model(at: 0).render(width: 60, height: 20)
        #expect(text.contains("needs a terminal of at least 80×24"))
    }

    /// Playing at 64× on a 160×48 terminal: each frame (advance the clock, apply what happened,
    /// draw) takes far less than the 50 ms between frames, even in a debug build.
    @Test func playsAt64xWithoutDroppingFrames() throws {
        // 20,000 events in about half an hour: some 36 events per frame at 64×.
        let session = try ReplaySession(events: ReplayGenerator.events(count: 20_000, seed: 9, gapScale: 0.06))
        _ = session.state(afterEvents: session.count)
        let clock = ManualClock()
        var m = ReplayModel(session: session, clock: clock.function)
        m.seek(to: session.duration / 3)
        for _ in 0..<6 { m.press(.character("+")) }
        m.press(.character(" "))
        #expect(m.speed == 64 && m.playing)
        var samples: [Double] = []
        let frames = 100
        for _ in 0..<frames {
            clock.now += m.tickMilliseconds
            let start = DispatchTime.now().uptimeNanoseconds
            m.tick()
            _ = m.render(width: 160, height: 48)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        #expect(m.position == session.duration / 3 + frames * m.tickMilliseconds * 64)
        // The median: other tests run in parallel and can stall any single frame.
        samples.sort()
        #expect(samples[frames / 2] < 25, "median \(samples[frames / 2]) ms, worst \(samples.last!) ms per frame (debug build)")
    }
}

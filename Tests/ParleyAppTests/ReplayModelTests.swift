import Foundation
import Testing
@testable import ParleyApp

@Suite struct ReplayModelTests {
    func model(_ clock: ManualClock = ManualClock()) throws -> ReplayModel {
        ReplayModel(session: try ReplayScript.session(), clock: clock.function)
    }

    @Test func playsAtTheChosenSpeedAndStopsAtTheEnd() throws {
        let clock = ManualClock()
        var m = try model(clock)
        #expect(!m.playing && m.position == 0)
        m.press(.character(" "))
        #expect(m.playing)
        clock.now += 2_000
        m.tick()
        #expect(m.position == 2_000)
        m.press(.character("+"), .character("+"), .character("]"))
        #expect(m.speed == 8)
        clock.now += 1_000
        m.tick()
        #expect(m.position == 10_000)
        for _ in 0..<10 { m.press(.character("+")) }
        #expect(m.speed == 64)
        m.press(.character("-"), .character("["))
        #expect(m.speed == 16)
        clock.now += 1_000_000
        m.tick()
        #expect(m.position == 900_000 && !m.playing)
        #expect(m.state.ended)
        #expect(m.banner?.contains("End of the session") == true)
        // Paused: time passing changes nothing.
        clock.now += 5_000
        m.tick()
        #expect(m.position == 900_000 && !m.playing)
        // Space at the end plays again from the start.
        m.press(.character(" "))
        #expect(m.playing && m.position == 0)
        #expect(m.tickMilliseconds <= 50)
    }

    @Test func seeksBySecondsPromptsCommentsMarkersAndTime() throws {
        var m = try model()
        m.press(.right)
        #expect(m.position == 10_000)
        m.press(.left, .left)
        #expect(m.position == 0)
        m.press(.pageDown)
        #expect(m.position == 120_000 && m.currentPrompt?.id == "meet-amir")
        m.press(.pageDown)
        #expect(m.position == 540_000 && m.currentPrompt?.id == "results")
        m.press(.right, .pageUp)
        #expect(m.position == 540_000)
        m.press(.pageUp)
        #expect(m.position == 120_000)
        m.press(.character("n"))
        #expect(m.position == 150_000 && m.highlightedCommentID == "c3")
        m.press(.character("n"))
        #expect(m.position == 165_000 && m.highlightedCommentID == "c4")
        m.press(.character("N"))
        #expect(m.position == 150_000 && m.highlightedCommentID == "c3")
        m.press(.character("m"))
        #expect(m.position == 220_000)
        m.press(.character("m"), .character("m"))
        #expect(m.position == 800_000 && m.banner == "No later marker in the session.")
        m.press(.character("M"))
        #expect(m.position == 220_000)
        m.press(.end)
        #expect(m.position == 900_000)
        m.press(.character("g")); m.type("9:40"); m.press(.enter)
        #expect(m.position == 580_000 && m.mode == .normal)
        m.press(.character("g")); m.type("00:02:50"); m.press(.enter)
        #expect(m.position == 170_000)
        m.press(.character("g")); m.type("12"); m.press(.enter)
        #expect(m.position == 720_000)
        m.press(.character("g")); m.type("soon"); m.press(.enter)
        #expect(m.position == 720_000 && m.banner?.contains("not a time") == true)
        m.press(.character("g")); m.type("3:00:00"); m.press(.enter)
        #expect(m.position == 900_000 && m.banner?.contains("lasted 00:15:00") == true)
        m.press(.character("g")); m.type("1"); m.press(.escape)
        #expect(m.position == 900_000 && m.mode == .normal)
    }

    @Test func searchFindsTextTagsSpeakersAndMarkersAndWraps() throws {
        var m = try model()
        m.press(.character("/")); m.type("GESLA"); m.press(.enter)
        // Found in the edit, not the typo it replaced; accents and case ignored.
        #expect(m.position == 190_000 && m.highlightedCommentID == "c5")
        m.press(.character("/"))
        #expect(m.input.text == "GESLA")
        m.press(.enter)
        #expect(m.position == 190_000 && m.banner?.hasPrefix("Wrapped") == true)
        m.press(.home, .character("/")); m.press(.control("u")); m.type("#trust"); m.press(.enter)
        #expect(m.position == 190_000)
        m.press(.character("/"), .enter)
        #expect(m.position == 750_000 && m.highlightedCommentID == "c9")
        m.press(.home, .character("/"), .control("u")); m.type("p3"); m.press(.enter)
        #expect(m.highlightedCommentID == "c3")
        m.press(.character("/"), .control("u")); m.type("tea"); m.press(.enter)
        #expect(m.position == 220_000 && m.highlightedCommentID == nil)
        m.press(.character("/"), .control("u")); m.type("nobody said this"); m.press(.enter)
        #expect(m.position == 220_000 && m.banner?.hasPrefix("No match") == true)
        m.press(.escape)
        #expect(m.highlightedCommentID == nil)
    }

    @Test func editsAndUndosShowAsTheyHappened() throws {
        var m = try model()
        m.seek(to: 185_000)
        #expect(m.state.comment("c5")?.text == "typo commnet")
        m.seek(to: 190_000)
        #expect(m.state.comment("c5")?.text == "Zażółć gęślą jaźń 😩 漢字も" && m.state.comment("c5")?.edited == true)
        m.seek(to: 212_000)
        #expect(m.state.comment("c6")?.deleted == false)
        m.seek(to: 215_000)
        #expect(m.state.comment("c6")?.deleted == true)
        #expect(m.commentsOnCurrentPrompt().comments.ids.prefix(m.commentsOnCurrentPrompt().count).contains("c6"))
        m.seek(to: 592_000)
        #expect(m.state.comment("c8")?.deleted == true)
        m.seek(to: 595_000)
        #expect(m.state.comment("c8")?.deleted == false)
        m.seek(to: 300_000)
        #expect(m.state.paused)
        m.seek(to: 100_000)
        #expect(!m.state.paused && m.commentsOnCurrentPrompt().comments.ids.prefix(m.commentsOnCurrentPrompt().count) == ["c1", "c2"])
    }

    @Test func quitsAndHelpClosesOnAnyKey() throws {
        var m = try model()
        #expect(m.update(.key(.character("?"))).isEmpty)
        #expect(m.mode == .help(scroll: 0))
        m.press(.down)
        #expect(m.mode == .help(scroll: 1))
        m.press(.character("x"))
        #expect(m.mode == .normal)
        #expect(m.update(.key(.character("q"))) == [.quit])
        #expect(m.update(.key(.control("q"))) == [.quit])
        #expect(m.update(.key(.terminate)) == [.quit])
        // Esc typed just before q arrives as Alt-q: it closes the help, then quits.
        m.press(.character("?"))
        #expect(m.update(.key(.alt("q"))) == [.quit])
        #expect(m.mode == .normal)
        // From the help, q quits too.
        m.press(.character("?"), .pageDown)
        #expect(m.mode == .help(scroll: 10))
        #expect(m.update(.key(.character("q"))) == [.quit])
        m.press(.character("/"))
        #expect(m.update(.key(.character("q"))).isEmpty)
        #expect(m.input.text == "q")
        #expect(m.update(.key(.control("q"))) == [.quit])
        // Backspace on an empty line closes it.
        m.press(.control("u"), .backspace)
        #expect(m.mode == .normal)
    }

    @Test func clockParsesWhatTheHeaderShows() {
        #expect(ReplayClock.format(4_350_999) == "01:12:30")
        #expect(ReplayClock.parse("01:12:30") == 4_350_000)
        #expect(ReplayClock.parse("1:12:30") == 4_350_000)
        #expect(ReplayClock.parse("12:30") == 750_000)
        #expect(ReplayClock.parse("45") == 2_700_000)
        for bad in ["", "1:2:3:4", "12:60", "a", "-5", "1::2", "1:99:00"] { #expect(ReplayClock.parse(bad) == nil, "\(bad)") }
    }

    /// Every key the help lists does something; the help is drawn from the one table.
    @Test func helpIsTheKeyTable() throws {
        var m = try model()
        m.press(.function(1))
        let text = m.render(width: 100, height: 40)
        for line in replayKeymap.helpLines() where !line.isEmpty {
            #expect(text.contains(line.trimmingCharacters(in: .whitespaces)), "\(line)")
        }
    }
}

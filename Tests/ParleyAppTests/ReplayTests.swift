import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
@testable import ParleyLog
import TerminalUI

@Suite struct ReplaySessionTests {
    /// The reference, written independently of `ReplaySession`: sort by (at, writer, seq), drop
    /// repeated ids; the state at `time` applies, from scratch, every event up to that time.
    struct Reference {
        let ordered: [Event]
        let times: [Int]
        init(_ events: [Event]) {
            var seen = Set<String>()
            ordered = events.filter { seen.insert($0.id).inserted }.sorted { ($0.at, $0.writer, $0.seq, $0.id) < ($1.at, $1.writer, $1.seq, $1.id) }
            let origin = Timestamp.date(ordered[0].at)!.timeIntervalSince1970
            times = ordered.map { Int(((Timestamp.date($0.at)!.timeIntervalSince1970 - origin) * 1000).rounded()) }
        }
        func state(at time: Int) -> SessionState {
            SessionState(events: ordered.indices.lazy.filter { self.times[$0] <= time }.map { self.ordered[$0] })
        }
    }

    @Test(arguments: [(UInt64(1), 1), (2, 7), (3, 64), (4, 2048)])
    func stateAtAnyTimeEqualsStateFromScratch(seed: UInt64, interval: Int) throws {
        let events = ReplayGenerator.events(count: 800, seed: seed)
        let reference = Reference(events)
        let session = try ReplaySession(events: events, checkpointInterval: interval)
        #expect(session.events.map(\.id) == reference.ordered.map(\.id))
        var model = ReplayModel(session: session)
        var rng = SeededGenerator(seed: seed &* 31)
        // Random seeks backwards and forwards, plus the edges and the exact times of events.
        var times = (0..<60).map { _ in Int.random(in: -5_000...(session.duration + 5_000), using: &rng) }
        times += [0, session.duration, session.times[session.count / 2], session.times[session.count / 2] - 1, session.times[1] + 1]
        for time in times {
            model.seek(to: time)
            let clamped = min(max(0, time), session.duration)
            let expected = StateDigest(reference.state(at: clamped))
            #expect(StateDigest(model.state) == expected, "state differs at \(clamped) ms")
            #expect(StateDigest(session.state(at: clamped)) == expected)
            #expect(model.appliedCount == expected.eventCount)
        }
        // Playing forwards in small steps agrees too.
        model.seek(to: 0)
        var time = 0
        while time < session.duration {
            time += Int.random(in: 0...120_000, using: &rng)
            model.seek(to: time)
            #expect(StateDigest(model.state) == StateDigest(reference.state(at: min(time, session.duration))))
        }
    }

    @Test func readsTimesLikeTimestamp() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_102_444_800_000, using: &rng)) / 1000)
            let at = Timestamp.string(date)
            #expect(Timestamp.milliseconds(at) == Int((Timestamp.date(at)!.timeIntervalSince1970 * 1000).rounded()), "\(at)")
        }
        for bad in ["", "2025-11-25 12:00:00.000Z", "2025-13-25T12:00:00.000Z", "2025-11-25T12:00:00.00Z", "2025-11-25T1a:00:00.000Z"] {
            #expect(Timestamp.milliseconds(bad) == nil)
        }
    }

    @Test func ordersWritersByTimeAndDropsRepeats() throws {
        let events = ReplayScript.workshop()
        let session = try ReplaySession(events: (events + events.prefix(5)).shuffled())
        #expect(session.events.map(\.id) == events.sorted { ($0.at, $0.writer, $0.seq) < ($1.at, $1.writer, $1.seq) }.map(\.id))
        #expect(session.count == events.count)
        #expect(session.issues.count == 1)
        #expect(session.duration == 900_000)
        #expect(session.writers == ["ana", "facilitator"])
        #expect(session.roomWriter == "facilitator")
        // The room's prompts come from the facilitator only (ana's own paging is not what the room saw).
        #expect(session.promptChanges.map(\.time) == [0, 120_000, 540_000, 720_000])
        #expect(session.promptChanges.map(\.promptIndex) == [0, 1, 2, 1])
        #expect(session.commentAdds.count == 9)
        #expect(session.markerIndices.map { session.times[$0] } == [220_000, 800_000])
        #expect(session.commentsByPrompt["meet-amir"]?.ids == ["c3", "c4", "c5", "c6", "c9"])
        #expect(session.commentsByPrompt["meet-amir"]?.eventIndices.map { session.times[$0] } == [150_000, 165_000, 180_000, 210_000, 750_000])
    }

    @Test func loadsSeveralLogsAndRefusesMixedSessions() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let events = ReplayScript.workshop()
        var paths: [String] = []
        for writer in ["facilitator", "ana"] {
            let path = directory.appendingPathComponent("\(writer).jsonl").path
            let log = try LogWriter(path: path)
            for event in events where event.writer == writer { try log.append(event) }
            log.close()
            paths.append(path)
        }
        let session = try ReplaySession.load(paths: paths.reversed() + [paths[0]])
        #expect(session.count == events.count)
        #expect(session.state(afterEvents: session.count).liveComments.count == 8)

        // A torn last line is reported, everything before it kept.
        let torn = directory.appendingPathComponent("torn.jsonl").path
        try (String(contentsOfFile: paths[0], encoding: .utf8) + "{\"v\":1,\"id\":\"x").write(toFile: torn, atomically: true, encoding: .utf8)
        let tornSession = try ReplaySession.load(paths: [torn])
        #expect(tornSession.issues.first?.contains("torn last line") == true)

        // Another session's log is refused with both ids named.
        var other = events.filter { $0.writer == "ana" }
        for i in other.indices { other[i].session = "5e55e55e-0000-4000-8000-000000000002"; other[i].id += "-other" }
        let otherPath = directory.appendingPathComponent("other.jsonl").path
        let log = try LogWriter(path: otherPath)
        for event in other { try log.append(event) }
        log.close()
        #expect(throws: UserError.self) { try ReplaySession.load(paths: [paths[0], otherPath]) }
        do { _ = try ReplaySession.load(paths: [paths[0], otherPath]) } catch let error as UserError {
            #expect(error.description.contains("2 sessions") && error.description.contains("other.jsonl"))
        }
        // Something that is not a log, and a log without session.started.
        let notes = directory.appendingPathComponent("notes.txt").path
        try "shopping list\n".write(toFile: notes, atomically: true, encoding: .utf8)
        #expect(throws: UserError.self) { try ReplaySession.load(paths: [notes]) }
        #expect(throws: UserError.self) { try ReplaySession(events: events.filter { $0.type != "session.started" }).count }
    }

    @Test func replayNeverWritesTheLog() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.jsonl").path
        let log = try LogWriter(path: path)
        for event in ReplayScript.workshop() { try log.append(event) }
        log.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let attributesBefore = try FileManager.default.attributesOfItem(atPath: path)
        var model = ReplayModel(session: try ReplaySession.load(paths: [path]))
        model.press(.character(" "), .end, .home, .character("n"), .character("q"))
        _ = Transcript(model.session).render(.md)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == attributesBefore[.modificationDate] as? Date)
    }
}

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

@Suite struct ReplayTranscriptTests {
    func transcript() throws -> Transcript { Transcript(try ReplayScript.session()) }

    @Test func markdown() throws {
        assertTextSnapshot(try transcript().render(.md), named: "replay-transcript-md")
    }

    @Test func plainText() throws {
        assertTextSnapshot(try transcript().render(.txt), named: "replay-transcript-txt")
    }

    @Test func json() throws {
        let data = Data(try transcript().render(.json).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["session"] as? String == ReplayScript.sessionID)
        #expect(object["duration"] as? String == "00:15:00")
        let sections = try #require(object["sections"] as? [[String: Any]])
        // In time order, one section per visit: Amir again after the results.
        #expect(sections.map { $0["prompt"] as? String } == ["welcome", "meet-amir", "results", "meet-amir"])
        #expect(sections.map { $0["visit"] as? Int } == [1, 1, 1, 2])
        #expect(sections.map { $0["from_ms"] as? Int } == [0, 120_000, 540_000, 720_000])
        #expect(sections.map { $0["to_ms"] as? Int } == [120_000, 540_000, 720_000, 900_000])
        let amir = try #require(sections[1]["entries"] as? [[String: Any]])
        // c6 was deleted: left out. c5 in its final text, edited. The marker in its place.
        #expect(amir.compactMap { $0["comment"] as? String } == ["c3", "c4", "c5"])
        let c5 = try #require(amir.first { $0["comment"] as? String == "c5" })
        #expect(c5["text"] as? String == "Zażółć gęślą jaźń 😩 漢字も")
        #expect(c5["edited"] as? Bool == true)
        #expect(c5["tags"] as? [String] == ["trust", "new-idea"])
        #expect(c5["elapsed"] as? String == "00:03:00")
        #expect(amir.map { $0["kind"] as? String } == ["comment", "comment", "comment", "marker", "session", "session"])
        #expect((sections[3]["entries"] as? [[String: Any]])?.first?["comment"] as? String == "c9")
        #expect(object["not_shown"] as? [String] == [])
    }

    /// A note-taker still on the previous prompt: the comment goes to that prompt's visit, and a
    /// prompt only a note-taker showed gets a section of its own, marked as not shown to the room.
    @Test func commentsOnAPromptTheRoomWasNotShowing() throws {
        var events = ReplayScript.workshop()
        var s = ReplayScript()
        s.add("ben", 0, .sessionStarted(SessionStart(workshop: Fixture.workshop)))
        s.add("ben", 130, ReplayScript.comment("b1", "welcome", "P9", "late note on the welcome"))
        s.add("ben", 140, ReplayScript.comment("b2", "results", "P9", "ben looked ahead"))
        events += s.events.map { var e = $0; e.id = "ben-" + e.id; return e }
        // Ben started at the same moment as the facilitator: the facilitator's prompts are still the room's.
        let notShownEvents = events.filter { !($0.writer == "facilitator" && $0.type == "prompt.shown" && $0.at > "2025-11-25T12:01") }
        let transcript = Transcript(try ReplaySession(events: events))
        #expect(transcript.sections.first?.entries.map(\.text).last == "late note on the welcome")
        let results = try #require(transcript.sections.first { $0.prompt.id == "results" })
        #expect(results.entries.first?.text == "ben looked ahead")
        let onlyWelcome = Transcript(try ReplaySession(events: notShownEvents))
        #expect(onlyWelcome.sections.map(\.prompt.id) == ["welcome", "results", "meet-amir"])
        #expect(onlyWelcome.sections.map(\.from) == [0, nil, nil])
        #expect(onlyWelcome.render(.txt).contains("2. Meet Amir (persona) — not shown to the room"))
    }

    @Test func deletedCommentsAreLeftOutAndRestoredOnesKept() throws {
        let text = try transcript().render(.txt)
        #expect(!text.contains("delete me"))
        #expect(!text.contains("typo commnet"))
        #expect(text.contains("the room laughs"))
        #expect(!text.contains("#training"))
    }
}

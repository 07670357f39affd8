import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI
@testable import ParleyLog

/// The capture screen in a room, seen only through messages and effects: following the
/// facilitator, looking back, the draft's prompt, the feed, the per-writer counts, the clock.
@Suite struct CaptureRoomTests {
    static let facilitatorStatus = RoomStatus(role: .joiner(facilitator: "facilitator", address: "192.168.1.20:7312"))

    static let started = Event(id: "f0", session: TestLoop.sessionID, writer: "facilitator", seq: 0, at: "2026-11-25T11:59:59.000Z", mono: 0,
                               body: .sessionStarted(SessionStart(workshop: Fixture.workshop)))

    /// What the facilitator's laptop sent: the start (from seq 1), then each of `prompts` shown.
    static func room(_ prompts: [String], from seq: Int = 1) -> [Event] {
        (seq == 1 ? [started] : []) + prompts.enumerated().map { offset, prompt in
            Event(id: "f\(seq + offset)", session: TestLoop.sessionID, writer: "facilitator", seq: seq + offset,
                  at: "2026-11-25T12:00:0\(offset).000Z", mono: offset, body: .promptShown(prompt: prompt))
        }
    }

    static func note(_ id: String, writer: String, prompt: String, text: String) -> Event {
        Event(id: id, session: TestLoop.sessionID, writer: writer, seq: 1, at: "2026-11-25T12:01:00.000Z", mono: 1,
              body: .commentAdded(CommentPayload(comment: "c-\(id)", prompt: prompt, participant: "P3", text: text, tags: ["trust"])))
    }

    /// A note-taker's screen that joined a room whose facilitator shows `prompt`.
    static func joiner(on prompt: String = "meet-amir") -> Driven<CaptureModel> {
        let loop = TestLoop()
        loop.writer = "ana"
        var model = CaptureModel(state: SessionState(), log: .init(sessionID: TestLoop.sessionID, writer: "ana", path: "sessions/ana.jsonl"))
        loop.run(model.startSession(Fixture.workshop, showFirstPrompt: false), on: &model)
        loop.run(model.enterRoom(facilitatorStatus, events: room([prompt])), on: &model)
        return Driven(model: model, loop: loop)
    }

    @Test func aJoinerOpensOnTheRoomsPromptAndFollowsItsLog() {
        var screen = Self.joiner()
        #expect(screen.currentPrompt?.id == "meet-amir")
        #expect(screen.loop.events.map(\.type) == ["session.started", "prompt.shown"])
        screen.send(.roomEvents(Self.room(["results"], from: 2)))
        #expect(screen.currentPrompt?.id == "results")
        // Its own log says where it was: it stands alone for merge and replay.
        #expect(screen.loop.events.last?.body == .promptShown(prompt: "results"))
        // The same event again (the room delivers at least once) moves nothing and writes nothing.
        let written = screen.loop.events.count
        screen.send(.roomEvents(Self.room(["results"], from: 2)))
        #expect(screen.loop.events.count == written)
    }

    @Test func lookingBackStopsFollowingUntilCtrlF() {
        var screen = Self.joiner(on: "results")
        screen.press(.pageUp)
        #expect(screen.currentPrompt?.id == "meet-amir")
        #expect(screen.room?.following == false)
        #expect(screen.render().contains("LOOKING BACK (room on 3), Ctrl-F follows"))
        screen.send(.roomEvents(Self.room(["welcome"], from: 2)))
        #expect(screen.currentPrompt?.id == "meet-amir", "a note-taker looking back stays where they are")
        screen.press(.control("f"))
        #expect(screen.currentPrompt?.id == "welcome")
        #expect(screen.room?.following == true)
        #expect(screen.render().contains("following facilitator"))
    }

    @Test func onlyTheFacilitatorMovesTheRoom() {
        var screen = Self.joiner(on: "meet-amir")
        // Another note-taker's laptop shows a prompt (they look back): nobody follows them, even
        // one named "facilitator" in a room whose facilitator is called something else.
        for writer in ["raj", "facilitator-2"] {
            screen.send(.roomEvents([Event(id: "x-\(writer)", session: TestLoop.sessionID, writer: writer, seq: 9, at: "2026-11-25T12:00:09.000Z",
                                           mono: 9, body: .promptShown(prompt: "welcome"))]))
        }
        #expect(screen.currentPrompt?.id == "meet-amir")
        var led = Driven(model: CaptureModel(state: SessionState(), log: .init(sessionID: TestLoop.sessionID, writer: "ana", path: "a.jsonl")), loop: TestLoop())
        led.loop.writer = "ana"
        led.loop.run(led.model.startSession(Fixture.workshop, showFirstPrompt: false), on: &led.model)
        let sam = Self.room(["results"]).map { event -> Event in var e = event; e.writer = "sam"; return e }
        let impostor = Event(id: "imp", session: TestLoop.sessionID, writer: "facilitator", seq: 1, at: "2026-11-25T12:00:09.000Z", mono: 9,
                             body: .promptShown(prompt: "welcome"))
        led.loop.run(led.model.enterRoom(RoomStatus(role: .joiner(facilitator: "sam", address: "10.0.0.1:7312")), events: sam + [impostor]), on: &led.model)
        #expect(led.currentPrompt?.id == "results")
    }

    @Test func pagingOntoTheRoomsPromptFollowsAgain() {
        var screen = Self.joiner(on: "meet-amir")
        screen.press(.pageUp)
        screen.press(.pageDown)
        #expect(screen.room?.following == true)
    }

    @Test func aNoteBegunBeforeTheRoomMovedOnStaysOnItsPrompt() {
        var screen = Self.joiner(on: "meet-amir")
        screen.type("P3: Amir would need his daughter")
        screen.send(.roomEvents(Self.room(["results"], from: 2)))
        #expect(screen.currentPrompt?.id == "results")
        #expect(screen.render().contains("for “Meet Amir” P3 ›") || screen.render().contains("for “Meet Amir” — ›"))
        screen.press(.enter)
        guard case .commentAdded(let payload)? = screen.loop.events.last?.body else { Issue.record("no comment saved"); return }
        #expect(payload.prompt == "meet-amir")
        // The next note is begun on the room's prompt.
        screen.enter("P4: the number means nothing")
        guard case .commentAdded(let next)? = screen.loop.events.last?.body else { Issue.record("no comment saved"); return }
        #expect(next.prompt == "results")
    }

    @Test func aPromptChosenByHandTakesTheDraftWithIt() {
        var screen = Self.joiner(on: "results")
        screen.type("P3: about Amir after all")
        screen.press(.pageUp)
        screen.press(.enter)
        guard case .commentAdded(let payload)? = screen.loop.events.last?.body else { Issue.record("no comment saved"); return }
        #expect(payload.prompt == "meet-amir")
    }

    @Test func everySavedEventGoesToTheRoomAndOthersNotesShowInTheFeed() {
        var screen = Self.joiner()
        screen.enter("P3: I'd never know which app to open #trust")
        #expect(screen.loop.shared.map(\.id) == screen.loop.events.dropFirst().map(\.id), "every event saved in the room is shared, once")
        screen.send(.roomEvents([Self.note("r1", writer: "raj", prompt: "welcome", text: "She uses the GP's app")]))
        #expect(!screen.render().contains("She uses the GP's app"), "the feed is off until F3")
        screen.press(.function(3))
        let feed = screen.render()
        #expect(feed.contains("Room feed: everyone's notes (2)"))
        #expect(feed.contains("raj          P3   She uses the GP's app"))
        #expect(feed.contains("ana          P3   I'd never know which app to open"))
        screen.press(.function(3))
        #expect(screen.render().contains("Comments on this prompt (1)"))
    }

    @Test func theFacilitatorsHeaderCountsNotesPerWriterAndF1ShowsHowToJoin() {
        var screen = Fixture.capture()
        screen.loop.run(screen.model.enterRoom(RoomStatus(role: .host(code: "maple-otter-cello-piano", addresses: ["192.168.1.20:7312"])), events: []),
                        on: &screen.model)
        screen.send(.roomStatus(RoomStatus(role: .host(code: "maple-otter-cello-piano", addresses: ["192.168.1.20:7312"]), joined: ["ana", "raj"])))
        screen.send(.roomEvents([Self.note("r1", writer: "raj", prompt: "welcome", text: "one"), Self.note("r2", writer: "raj", prompt: "welcome", text: "two"),
                                 Self.note("a1", writer: "ana", prompt: "welcome", text: "three")]))
        #expect(screen.currentPrompt?.id == "welcome", "the facilitator leads: nothing from the room moves them")
        let header = screen.render(width: 120).split(separator: "\n")[0]
        #expect(header.hasPrefix(" room maple-otter-cello-piano · 2 joined · notes: raj 2 ana 1 ·"))
        screen.press(.function(1))
        let help = screen.render(width: 120, height: 80)
        #expect(help.contains("Room code: maple-otter-cello-piano"))
        #expect(help.contains("parley join maple-otter-cello-piano --writer NAME"))
        #expect(help.contains("--host 192.168.1.20:7312"))
    }

    @Test func aLostRoomShowsInTheHeaderAndCaptureGoesOn() {
        var screen = Self.joiner()
        var status = Self.facilitatorStatus
        status.link = .lost(reason: "the room went silent", retryInMilliseconds: 2000)
        screen.send(.roomStatus(status))
        #expect(screen.render(mono: 0).split(separator: "\n")[0].hasPrefix(" ROOM LOST · retry in 2 s ·"))
        #expect(screen.render(mono: 1200).split(separator: "\n")[0].hasPrefix(" ROOM LOST · retry in 1 s ·"), "it counts down")
        #expect(screen.render(mono: 2500).split(separator: "\n")[0].hasPrefix(" ROOM LOST · reconnecting ·"))
        status.link = .connecting
        screen.send(.roomStatus(status))
        #expect(screen.render().split(separator: "\n")[0].hasPrefix(" ROOM LOST · reconnecting ·"), "not \"following\" while it knocks")
        screen.enter("P3: still typing")
        #expect(screen.state.liveCommentCount == 1)
    }

    @Test func aMeasuredClockIsRecordedInTheJoinersOwnLog() {
        var screen = Self.joiner()
        screen.send(.roomClock(offset: -300_000, roundTrip: 3))
        #expect(screen.loop.events.last?.body == .clockOffset(offset: -300_000, roundTrip: 3, reference: "facilitator"))
        var alone = Fixture.capture()
        let before = alone.loop.events.count
        alone.send(.roomClock(offset: 5, roundTrip: 1))
        #expect(alone.loop.events.count == before, "outside a room there is no clock to measure against")
    }

    @Test func outsideARoomTheRoomKeysSaySo() {
        var screen = Fixture.capture()
        screen.press(.function(3))
        #expect(screen.banner == CaptureRoom.notInARoom)
        screen.press(.control("f"))
        #expect(screen.banner == CaptureRoom.notInARoom)
    }
}

/// The room's screens as rendered, text and styles.
@Suite struct CaptureRoomSnapshotTests {
    @Test func aNoteTakersFeed() {
        var screen = CaptureRoomTests.joiner(on: "meet-amir")
        screen.enter("P3: Amir would need his daughter #trust")
        screen.send(.roomEvents([CaptureRoomTests.note("r1", writer: "raj", prompt: "welcome", text: "She uses the GP's app, not the NHS one"),
                                 CaptureRoomTests.note("fn1", writer: "facilitator", prompt: "meet-amir", text: "Amir's phone is old")]))
        screen.press(.function(3))
        screen.type("P4: typed while the feed is open")
        assertSnapshot(screen.screen(width: 80, height: 24), named: "room-feed-80x24")
    }

    @Test func theFacilitatorsHelpLeadsWithHowToJoin() {
        var screen = Fixture.capture()
        let status = RoomStatus(role: .host(code: "maple-otter-cello-piano", addresses: ["192.168.1.20:7312", "10.42.0.1:7312"]), joined: ["ana", "projector"])
        screen.loop.run(screen.model.enterRoom(status, events: []), on: &screen.model)
        screen.send(.roomEvents([CaptureRoomTests.note("a1", writer: "ana", prompt: "welcome", text: "one")]))
        screen.press(.function(1))
        assertSnapshot(screen.screen(width: 80, height: 24), named: "room-host-help-80x24")
    }
}

extension CaptureRoomTests {
    static func ended(_ id: String, writer: String) -> Event {
        Event(id: id, session: TestLoop.sessionID, writer: writer, seq: 9, at: "2026-11-25T12:09:00.000Z", mono: 9, body: .sessionEnded(reason: "quit"))
    }

    /// When the facilitator ends the session the note-takers are told so, not that the room was lost
    /// (they used to retry for ever); another note-taker quitting ends nothing.
    @Test func theFacilitatorEndingTheSessionEndsTheRoomForTheJoiners() {
        var screen = Self.joiner()
        screen.send(.roomEvents([Self.ended("r9", writer: "raj")]))
        #expect(screen.room?.facilitatorEnded == false)
        screen.send(.roomStatus(RoomStatus(role: Self.facilitatorStatus.role, link: .lost(reason: "closed", retryInMilliseconds: 3000))))
        #expect(screen.render(width: 200).contains("ROOM LOST"))
        screen.send(.roomEvents([Self.ended("f9", writer: "facilitator")]))
        #expect(screen.render(width: 200).contains("ROOM ENDED · facilitator ended the session; your notes are saved, Ctrl-Q quits"))
        // Resumed: the room is back.
        screen.send(.roomStatus(Self.facilitatorStatus))
        screen.send(.roomEvents([Event(id: "f10", session: TestLoop.sessionID, writer: "facilitator", seq: 10, at: "2026-11-25T12:10:00.000Z",
                                       mono: 10, body: .sessionResumed)]))
        #expect(screen.render(width: 200).contains("following facilitator"))
    }

    /// The facilitator's Ctrl-Q asks first while laptops are in the room: quitting ends the session for them.
    @Test func aFacilitatorWithLaptopsInTheRoomIsAskedBeforeQuitting() {
        let loop = TestLoop()
        var model = CaptureModel(state: SessionState(), log: .init(sessionID: TestLoop.sessionID, writer: "facilitator", path: "f.jsonl"))
        loop.run(model.startSession(Fixture.workshop), on: &model)
        loop.run(model.enterRoom(RoomStatus(role: .host(code: "comet-board", addresses: []), joined: ["ana", "raj"]), events: []), on: &model)
        var screen = Driven(model: model, loop: loop)
        #expect(screen.press(.control("q")).isEmpty)
        #expect(screen.render(width: 200).contains("2 laptops are in the room: quitting ends the session for them too. Quit? y or Ctrl-Q = quit"))
        screen.press(.character("n"))
        #expect(screen.mode == .normal)
        screen.press(.control("q"))
        #expect(screen.press(.character("y")) == [.record(.sessionEnded(reason: "quit"))])
    }
}

extension CaptureRoomTests {
    /// The feed is in the room's time order, each writer's clock placed by its clock.offset: a laptop back
    /// from a lost link sends its whole log at once, and the feed listed it all after everyone else's.
    @Test func theFeedIsInTheRoomsTimeOrder() {
        var room = CaptureRoom(status: Self.facilitatorStatus)
        func note(_ id: String, _ writer: String, seq: Int, at: String) -> Event {
            Event(id: id, session: TestLoop.sessionID, writer: writer, seq: seq, at: at, mono: 0,
                  body: .commentAdded(CommentPayload(comment: id, prompt: "welcome", participant: "P1", text: id, tags: [])))
        }
        // Raj's notes arrive first, all together; Ana's clock is 5 minutes fast (she measured it).
        room.take(note("raj-1", "raj", seq: 2, at: "2026-11-25T12:01:00.000Z"))
        room.take(note("raj-2", "raj", seq: 3, at: "2026-11-25T12:03:00.000Z"))
        room.take(Event(id: "ana-c", session: TestLoop.sessionID, writer: "ana", seq: 1, at: "2026-11-25T12:05:00.000Z", mono: 0,
                        body: .clockOffset(offset: -300_000, roundTrip: 4, reference: "facilitator")))
        room.take(note("ana-1", "ana", seq: 2, at: "2026-11-25T12:07:00.000Z"))
        room.take(note("fac-1", "facilitator", seq: 5, at: "2026-11-25T12:00:30.000Z"))
        #expect(room.feed.map(\.id) == ["fac-1", "raj-1", "ana-1", "raj-2"])
    }
}

extension CaptureRoomTests {
    /// A joiner's times are the session's, as replay and reports show them: its own log starts when it
    /// joined (9 s after the facilitator started), and its clock is 2 s behind the facilitator's.
    @Test func aJoinersTimesAreTheSessions() {
        let loop = TestLoop()
        loop.writer = "ana"
        var model = CaptureModel(state: SessionState(), log: .init(sessionID: TestLoop.sessionID, writer: "ana", path: "ana.jsonl"))
        loop.run(model.startSession(Fixture.workshop, showFirstPrompt: false), on: &model)
        // The facilitator's clock: started at 11:59:53, showed the prompt at 11:59:58 (the joiner's clock reads 12:00:00 at mono 0).
        let start = Event(id: "f0", session: TestLoop.sessionID, writer: "facilitator", seq: 1, at: "2025-11-25T11:59:53.000Z", mono: 0,
                          body: .sessionStarted(SessionStart(workshop: Fixture.workshop)))
        let shown = Event(id: "f1", session: TestLoop.sessionID, writer: "facilitator", seq: 2, at: "2025-11-25T11:59:58.000Z", mono: 5000,
                          body: .promptShown(prompt: "meet-amir"))
        loop.run(model.enterRoom(Self.facilitatorStatus, events: [start, shown]), on: &model)
        var screen = Driven(model: model, loop: loop)
        screen.send(.roomClock(offset: -2000, roundTrip: 3))
        loop.mono = 8000
        screen.enter("P3: said at the room's 00:13")
        screen.send(.tick(now: 8000))
        // 12:00:08 on ana's clock is 12:00:06 on the facilitator's: 13 s into the session, 8 s into the prompt.
        #expect(screen.model.sessionNow == 13_000)
        #expect(screen.model.promptElapsed == 8000)
        let text = screen.render(width: 200)
        #expect(text.contains("⏱ 00:13  ▸ 00:08/"), "\(text.split(separator: "\n").first ?? "")")
        #expect(text.contains("00:13 P3   said at the room's 00:13"))
    }

    /// After a resume the session clock and the recording's count the time the laptop was off (the
    /// monotonic clock skipped it).
    @Test func aResumedSessionsClocksCountTheDowntime() {
        var screen = Fixture.capture()
        screen.press(.control("r"))
        screen.loop.mono = 60_000
        screen.send(.tick(now: 60_000))
        #expect(screen.model.sessionNow == 60_000)
        // Resumed 5 minutes of wall time later; the monotonic clock goes on from 60 s.
        let resumed = Event(id: "r1", session: TestLoop.sessionID, writer: "facilitator", seq: 99, at: "2025-11-25T12:06:00.000Z", mono: 60_000,
                            body: .sessionResumed)
        screen.send(.recorded(resumed))
        screen.loop.mono = 61_000
        screen.send(.tick(now: 61_000))
        #expect(screen.model.sessionNow == 361_000)
        #expect(screen.model.promptElapsed == 361_000, "the prompt has been up since before the laptop went off")
        #expect(screen.render(width: 200).contains("● REC 06:01"))
    }
}

extension CaptureRoomTests {
    /// At 80 columns in a room the deck's position stays in the header; the title gives way (the
    /// position was what got cut, "· 1…").
    @Test func theDecksPositionStaysInANarrowHeader() {
        var screen = Self.joiner(on: "meet-amir")
        screen.send(.roomStatus(RoomStatus(role: Self.facilitatorStatus.role, link: .lost(reason: "closed", retryInMilliseconds: 3000))))
        let header = String(screen.render(width: 80).split(separator: "\n")[0])
        #expect(header.contains("ROOM LOST") && header.contains(" 2/3 "), "\(header)")
    }
}

extension CaptureRoomTests {
    /// With the feed open, selecting went on among this prompt's hidden comments, and Ctrl-D deleted one no
    /// one saw selected: the keys now close the feed first.
    @Test func selectingWithTheFeedOpenShowsThePromptsCommentsFirst() {
        var screen = Self.joiner(on: "meet-amir")
        screen.enter("P3: my own note")
        screen.press(.function(3))
        #expect(screen.press(.up).isEmpty)
        #expect(screen.room?.showingFeed == false)
        #expect(screen.selectedCommentID == nil, "the first key only closed the feed")
        screen.press(.function(3))
        #expect(screen.press(.control("d")).isEmpty, "nothing deleted behind the feed")
        #expect(screen.room?.showingFeed == false && screen.state.liveComments.count == 1)
    }

    /// This laptop's own notes are placed by its own measured clock in the feed (its clock.offset reached
    /// the feed only from others).
    @Test func theFeedPlacesThisLaptopsNotesByItsOwnClock() {
        var screen = Self.joiner(on: "meet-amir")
        screen.send(.roomClock(offset: -300_000, roundTrip: 3))
        // Ana's clock is 5 minutes fast: her note at 12:00:00 on it is 11:55:00 on the room's.
        screen.enter("P3: ana's note")
        screen.send(.roomEvents([Event(id: "r1", session: TestLoop.sessionID, writer: "raj", seq: 1, at: "2025-11-25T11:57:00.000Z", mono: 1,
                                       body: .commentAdded(CommentPayload(comment: "c-r1", prompt: "meet-amir", participant: "P3", text: "raj's note", tags: [])))]))
        #expect(screen.room?.feed.map(\.writer) == ["ana", "raj"], "\(screen.room?.feed.map(\.at) ?? [])")
    }
}

extension CaptureRoomTests {
    /// A note-taker's laptop back from a restart keeps its measured clock (its screen's times were off by
    /// its clock's error until the room measured it again).
    @Test func aResumedLogKeepsItsMeasuredClock() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("clock-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try LogWriter(path: path)
        let at = "2025-11-25T12:00:00.000Z"
        try writer.append(Event(id: "a1", session: TestLoop.sessionID, writer: "ana", seq: 1, at: at, mono: 0,
                                body: .sessionStarted(SessionStart(workshop: Fixture.workshop))))
        try writer.append(Event(id: "a2", session: TestLoop.sessionID, writer: "ana", seq: 2, at: at, mono: 5,
                                body: .clockOffset(offset: -2000, roundTrip: 3, reference: "facilitator")))
        writer.close()
        let prepared = try CaptureSetup.prepare(.init(deck: nil, logPath: nil, writer: "ana", sessionID: nil, resume: path))
        #expect(prepared.model.clockOffset == -2000)

    }
}

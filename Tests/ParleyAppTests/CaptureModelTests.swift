import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

@Suite struct CaptureModelTests {
    func addedComments(_ loop: TestLoop) -> [CommentPayload] {
        loop.events.compactMap { if case .commentAdded(let c) = $0.body { c } else { nil } }
    }

    /// A stamped event for `body`, as the log would give it back.
    func saved(_ body: EventBody, seq: Int) -> Event {
        Event(id: "x\(seq)", session: TestLoop.sessionID, writer: "facilitator", seq: seq, at: "2025-11-25T12:00:00.000Z", mono: 0, body: body)
    }

    @Test func startAsksForTheSessionAndTheFirstPrompt() {
        var model = CaptureModel(state: SessionState(), log: Fixture.log)
        let effects = model.startSession(Fixture.workshop)
        #expect(effects == [.record(.sessionStarted(SessionStart(workshop: Fixture.workshop))), .record(.promptShown(prompt: "welcome"))])
        #expect(Fixture.capture().loop.events.map(\.type) == ["session.started", "prompt.shown"])
    }

    /// Saved = fsynced: Enter only asks for the events; the note counts, and the line clears, when `.recorded` comes back.
    @Test func aNoteIsSavedOnlyWhenItsEventIsRecorded() {
        var model = Fixture.capture().model
        model.makeCommentID = { "new" }
        for character in "P3: too many apps #fragmentation" { _ = model.update(.key(.character(character))) }
        let effects = model.update(.key(.enter))
        let comment = CommentPayload(comment: "new", prompt: "welcome", participant: "P3", text: "too many apps", tags: ["fragmentation"])
        #expect(effects == [.record(.participantAdded(participant: "P3", attributes: [:])), .record(.commentAdded(comment))])
        #expect(model.state.liveCommentCount == 0 && !model.composer.isEmpty)
        var screen = Screen(width: 80, height: 24)
        CaptureView.draw(model, into: &screen)
        #expect(screen.line(0).contains("✔ 0 saved"))
        #expect(model.update(.recorded(saved(.participantAdded(participant: "P3", attributes: [:]), seq: 3))).isEmpty)
        #expect(model.state.liveCommentCount == 0 && !model.composer.isEmpty)
        #expect(model.update(.recorded(saved(.commentAdded(comment), seq: 4))).isEmpty)
        #expect(model.state.liveCommentCount == 1 && model.composer.isEmpty)
        screen = Screen(width: 80, height: 24)
        CaptureView.draw(model, into: &screen)
        #expect(screen.line(0).contains("✔ 1 saved"))
    }

    @Test func savesCommentsAndKeepsTheSpeaker() {
        var s = Fixture.capture()
        s.enter("P3: I'd never know which app to open #fragmentation")
        s.enter("and the letters come late #Trust #new-idea")
        s.enter("P4:")
        s.enter("me neither")
        let comments = addedComments(s.loop)
        #expect(comments.map(\.participant) == ["P3", "P3", "P4"])
        #expect(comments[1].tags == ["trust", "new-idea"])
        #expect(comments.map(\.prompt) == ["welcome", "welcome", "welcome"])
        #expect(s.composer.isEmpty)
        #expect(s.loop.events.filter { $0.type == "participant.added" }.count == 2)
    }

    @Test func emptyLineSavesNothing() {
        var s = Fixture.capture()
        s.type("   ")
        #expect(s.press(.enter).isEmpty)
        #expect(s.loop.events.count == 2)
    }

    @Test func failedSaveKeepsTheDraftAndRetrySucceeds() {
        var s = Fixture.capture()
        s.loop.failing = true
        s.enter("P1: this must not be lost")
        #expect(s.lastSaveFailed)
        #expect(s.composer.text == "P1: this must not be lost")
        #expect(s.render().contains("NOT SAVED: your line is kept, Enter retries — No space left on device"))
        #expect(s.render().contains("✖ NOT SAVED"))
        s.loop.failing = false
        s.press(.enter)
        #expect(!s.lastSaveFailed)
        #expect(addedComments(s.loop).map(\.text) == ["this must not be lost"])
        #expect(s.composer.isEmpty)
    }

    /// A failed record cancels the ones asked for after it: no comment without its participant.
    @Test func aFailedRecordCancelsTheRestOfItsBatch() {
        var model = Fixture.capture().model
        model.makeCommentID = { "new" }
        for character in "T2: P9: hello" { _ = model.update(.key(.character(character))) }
        #expect(model.update(.key(.enter)).count == 3)
        #expect(model.update(.recordFailed("disk full")).isEmpty)
        #expect(model.lastSaveFailed && model.composer.text == "T2: P9: hello" && model.state.table == nil)
        // Enter again asks for all three again.
        #expect(model.update(.key(.enter)).map { if case .record(let body) = $0 { body.type } else { "?" } }
                == ["table.set", "participant.added", "comment.added"])
    }

    @Test func hotkeysToggleTagsOnDraftThenOnLastComment() {
        var s = Fixture.capture()
        s.type("P2: too many apps")
        s.press(.alt("f"))
        #expect(s.composer.text == "P2: too many apps #fragmentation ")
        s.press(.alt("f"))
        #expect(s.composer.text == "P2: too many apps ")
        s.press(.alt("f"))
        s.press(.enter)
        #expect(s.press(.alt("t")) == [.record(.commentTagged(comment: "c1", tag: "trust"))])
        #expect(s.state.liveComments.first?.tags == ["fragmentation", "trust"])
        s.press(.alt("t"))
        #expect(s.state.liveComments.first?.tags == ["fragmentation"])
        #expect(s.loop.events.suffix(2).map(\.type) == ["comment.tagged", "comment.untagged"])
    }

    /// Ctrl-Z (or Ctrl-D) under an open edit used to remove the comment being edited, and Enter then saved the
    /// edit into the removed comment, where no one saw it.
    @Test func undoWaitsWhileACommentIsBeingEdited() {
        var s = Fixture.capture()
        s.enter("P3: first note")
        s.enter("second note #trust")
        s.press(.up)
        s.press(.control("e"))
        s.type(" more")
        #expect(s.press(.control("z")).isEmpty)
        #expect(s.banner == CaptureModel.finishEditFirst)
        // Nor does anything take the edited line as a label (a marker, a recording), or select another comment.
        for key: Key in [.control("d"), .control("k"), .control("r"), .up, .down] {
            #expect(s.press(key).isEmpty, "\(key)")
            #expect(s.banner == CaptureModel.finishEditFirst)
        }
        #expect(s.selectedCommentID == "c2")
        #expect(s.composer.text == "P3: second note #trust more")
        s.press(.enter)
        #expect(s.state.liveComments.map(\.text) == ["first note", "second note more"])
        s.press(.control("z"))
        #expect(s.state.liveComments.map(\.text) == ["first note", "second note"])
        #expect(s.banner == "Undone: edit taken back.")
    }

    /// Ctrl-C said nothing and did nothing: it now says how to quit, and keeps the line.
    @Test func ctrlCSaysHowToQuit() {
        var s = Fixture.capture()
        s.type("P3: half a note")
        #expect(s.press(.control("c")).isEmpty)
        #expect(s.banner == CaptureModel.howToQuit)
        #expect(s.composer.text == "P3: half a note")
    }

    /// F5 pauses the session for a break and goes on after it: session.paused and session.resumed, which
    /// replay, the transcript and the projector already read (no key wrote them).
    @Test func f5PausesTheSessionAndGoesOn() {
        var s = Fixture.capture()
        #expect(s.press(.function(5)) == [.record(.sessionPaused)])
        #expect(s.render(width: 120).contains("⏸ PAUSED · F5 goes on"))
        s.enter("P1: noted during the break")
        #expect(s.state.liveComments.count == 1, "notes go on being saved")
        #expect(s.press(.function(5)) == [.record(.sessionResumed)])
        #expect(!s.render(width: 120).contains("PAUSED"))
    }

    @Test func selectEditDeleteAndUndoAreAllNewEvents() {
        var s = Fixture.capture()
        s.enter("P1: first")
        s.enter("P2: second")
        s.press(.up)
        s.press(.up)
        #expect(s.selectedCommentID == "c1")
        s.press(.control("e"))
        #expect(s.composer.text == "P1: first")
        s.press(.control("u"))
        s.enter("P5: first, corrected #trust")
        #expect(s.state.comment("c1")?.text == "first, corrected")
        #expect(s.state.comment("c1")?.participant == "P5")
        s.press(.up)
        #expect(s.press(.control("d")) == [.record(.commentDeleted(comment: "c2"))])
        #expect(s.state.liveComments.map(\.text) == ["first, corrected"])
        #expect(s.press(.control("z")) == [.record(.commentRestored(comment: "c2"))])
        #expect(s.state.liveComments.map(\.text) == ["first, corrected", "second"])
        s.press(.control("z"))
        #expect(s.state.comment("c1")?.text == "first")
        s.press(.control("z"))
        s.press(.control("z"))
        #expect(s.state.liveComments.isEmpty)
        #expect(s.banner == "Undone: comment removed.")
        let types = s.loop.events.map(\.type)
        #expect(types.filter { $0 == "comment.deleted" }.count == 3)
        #expect(types.contains("comment.restored") && types.contains("comment.edited"))
    }

    @Test func navigationRecordsPromptsAndJumpList() {
        var s = Fixture.capture()
        #expect(s.press(.pageDown) == [.record(.promptShown(prompt: "meet-amir"))])
        #expect(s.currentPrompt?.id == "meet-amir")
        s.press(.control("n"))
        #expect(s.press(.pageDown).isEmpty) // past the end: stays
        #expect(s.currentPrompt?.id == "results")
        s.press(.control("g"))
        s.press(.up); s.press(.up)
        s.press(.enter)
        #expect(s.currentPrompt?.id == "welcome")
        let shown = s.loop.events.compactMap { if case .promptShown(let p) = $0.body { p } else { nil } }
        #expect(shown == ["welcome", "meet-amir", "results", "welcome"])
        // The list's keys: End, Home, Esc.
        s.press(.control("g")); s.press(.end)
        #expect(s.mode == .jump(index: 2))
        s.press(.home)
        #expect(s.mode == .jump(index: 0))
        s.press(.escape)
        #expect(s.mode == .normal && s.currentPrompt?.id == "welcome")
    }

    @Test func tabCompletesAndCyclesCodebookTags() {
        var s = Fixture.capture()
        s.type("P1: hard to learn #tr")
        #expect(s.render().contains("Tab: #trust #training"))
        s.press(.tab)
        #expect(s.composer.text == "P1: hard to learn #trust")
        s.press(.tab)
        #expect(s.composer.text == "P1: hard to learn #training")
    }

    @Test func markerUsesTheLineAsLabel() {
        var s = Fixture.capture()
        s.press(.control("k"))
        s.type("fire alarm")
        s.loop.mono = 65_000
        s.press(.control("k"))
        let labels = s.loop.events.compactMap { if case .marker(let l) = $0.body { l } else { nil } }
        #expect(labels == ["marker", "fire alarm"])
        // The time is the saved event's.
        #expect(s.banner == "Marker saved: fire alarm at 01:05.")
    }

    @Test func quitAsksOnlyWithADraftAndEndsTheSession() {
        var s = Fixture.capture()
        s.type("half a thought")
        #expect(s.press(.control("q")).isEmpty)
        #expect(s.mode == .confirmQuit)
        #expect(s.press(.character("n")).isEmpty)
        #expect(s.composer.text == "half a thought")
        s.press(.control("u"))
        #expect(s.press(.control("q")) == [.record(.sessionEnded(reason: "quit"))])
        #expect(s.loop.quit)
        #expect(s.loop.events.last?.body == .sessionEnded(reason: "quit"))
    }

    /// Quit follows the session's end, saved or not: a full disk must not keep the app from closing.
    @Test func quitComesAfterTheEndIsAnswered() {
        var model = Fixture.capture().model
        #expect(model.update(.key(.terminate)) == [.record(.sessionEnded(reason: "signal"))])
        var failed = model
        #expect(model.update(.recorded(saved(.sessionEnded(reason: "signal"), seq: 3))) == [.quit])
        #expect(failed.update(.recordFailed("disk full")) == [.quit])
        #expect(failed.lastSaveFailed)
    }

    @Test func signalEndsWithoutAsking() {
        var s = Fixture.capture()
        s.type("draft")
        s.press(.terminate)
        #expect(s.loop.quit)
        #expect(s.loop.events.last?.type == "session.ended")
    }

    @Test func helpListsEveryBindingFromTheKeymap() {
        var s = Fixture.capture()
        s.press(.function(1))
        var all = ""
        for scroll in 0..<8 {
            all += s.render(width: 160, height: 48) + "\n"
            if case .help = s.mode { s.press(.down) } else { Issue.record("help closed at \(scroll)") }
            for _ in 0..<5 { s.press(.down) }
        }
        for binding in captureKeymap.bindings { #expect(all.contains(binding.help), "help misses \(binding.help)") }
        #expect(all.contains("Alt-f    #fragmentation"))
        #expect(all.contains(TestLoop.sessionID))
        s.press(.escape)
        #expect(s.mode == .normal)
        // "?" is text once the line has something in it.
        s.type("why?")
        #expect(s.composer.text == "why?")
    }

    @Test func ctrlOAsksTheViewerForTheScreenshotOnScreen() {
        let deck = "/decks/demo.yaml"
        var s = Fixture.capture(deckPath: deck)
        #expect(s.press(.control("o")).isEmpty)
        #expect(s.banner == Screenshots.nothingToOpen)
        s.press(.pageDown); s.press(.pageDown)
        #expect(s.press(.control("o")) == [.openViewer(path: "/decks/screens/results.png")])
        #expect(s.banner == "Opened /decks/screens/results.png in the viewer.")
        s.loop.viewerProblem = "xdg-open is not installed"
        s.press(.control("o"))
        #expect(s.banner == "Cannot open the screenshot: xdg-open is not installed")
        #expect(s.loop.opened.count == 2)
    }
}

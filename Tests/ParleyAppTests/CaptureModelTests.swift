import Testing
@testable import ParleyApp
@testable import ParleyCore
import TerminalUI

@Suite struct CaptureModelTests {
    func addedComments(_ recorder: MemoryRecorder) -> [CommentPayload] {
        recorder.events.compactMap { if case .commentAdded(let c) = $0.body { c } else { nil } }
    }

    @Test func startWritesSessionAndFirstPrompt() {
        let (_, recorder) = Fixture.model()
        #expect(recorder.events.map(\.type) == ["session.started", "prompt.shown"])
    }

    @Test func savesCommentsAndKeepsTheSpeaker() {
        let (model, recorder) = Fixture.model()
        model.enter("P3: I'd never know which app to open #fragmentation")
        model.enter("and the letters come late #Trust #new-idea")
        model.enter("P4:")
        model.enter("me neither")
        let comments = addedComments(recorder)
        #expect(comments.map(\.participant) == ["P3", "P3", "P4"])
        #expect(comments[1].tags == ["trust", "new-idea"])
        #expect(comments.map(\.prompt) == ["welcome", "welcome", "welcome"])
        #expect(model.composer.isEmpty)
        #expect(recorder.events.filter { $0.type == "participant.added" }.count == 2)
    }

    @Test func emptyLineSavesNothing() {
        let (model, recorder) = Fixture.model()
        model.enter("   ")
        #expect(recorder.events.count == 2)
    }

    @Test func failedSaveKeepsTheDraftAndRetrySucceeds() {
        let (model, recorder) = Fixture.model()
        recorder.failing = true
        model.enter("P1: this must not be lost")
        #expect(model.lastSaveFailed)
        #expect(model.composer.text == "P1: this must not be lost")
        #expect(model.render().contains("NOT SAVED: your line is kept, Enter retries — No space left on device"))
        #expect(model.render().contains("✖ NOT SAVED"))
        recorder.failing = false
        model.handle(.enter)
        #expect(!model.lastSaveFailed)
        #expect(addedComments(recorder).map(\.text) == ["this must not be lost"])
        #expect(model.composer.isEmpty)
    }

    @Test func hotkeysToggleTagsOnDraftThenOnLastComment() {
        let (model, recorder) = Fixture.model()
        model.type("P2: too many apps")
        model.handle(.alt("f"))
        #expect(model.composer.text == "P2: too many apps #fragmentation ")
        model.handle(.alt("f"))
        #expect(model.composer.text == "P2: too many apps ")
        model.handle(.alt("f"))
        model.handle(.enter)
        model.handle(.alt("t"))
        #expect(model.state.liveComments.first?.tags == ["fragmentation", "trust"])
        model.handle(.alt("t"))
        #expect(model.state.liveComments.first?.tags == ["fragmentation"])
        #expect(recorder.events.suffix(2).map(\.type) == ["comment.tagged", "comment.untagged"])
    }

    @Test func selectEditDeleteAndUndoAreAllNewEvents() {
        let (model, recorder) = Fixture.model()
        model.enter("P1: first")
        model.enter("P2: second")
        model.handle(.up)
        model.handle(.up)
        #expect(model.selectedCommentID == "c4")
        model.handle(.control("e"))
        #expect(model.composer.text == "P1: first")
        model.handle(.control("u"))
        model.enter("P5: first, corrected #trust")
        #expect(model.state.comment("c4")?.text == "first, corrected")
        #expect(model.state.comment("c4")?.participant == "P5")
        model.handle(.up)
        model.handle(.control("d"))
        #expect(model.state.liveComments.map(\.text) == ["first, corrected"])
        model.handle(.control("z"))
        #expect(model.state.liveComments.map(\.text) == ["first, corrected", "second"])
        model.handle(.control("z"))
        #expect(model.state.comment("c4")?.text == "first")
        model.handle(.control("z"))
        model.handle(.control("z"))
        #expect(model.state.liveComments.isEmpty)
        #expect(model.banner == "Undone: comment removed.")
        let types = recorder.events.map(\.type)
        #expect(types.filter { $0 == "comment.deleted" }.count == 3)
        #expect(types.contains("comment.restored") && types.contains("comment.edited"))
    }

    @Test func navigationRecordsPromptsAndJumpList() {
        let (model, recorder) = Fixture.model()
        model.handle(.pageDown)
        #expect(model.currentPrompt?.id == "meet-amir")
        model.handle(.control("n"))
        model.handle(.pageDown) // past the end: stays
        #expect(model.currentPrompt?.id == "results")
        model.handle(.control("g"))
        model.handle(.up); model.handle(.up)
        model.handle(.enter)
        #expect(model.currentPrompt?.id == "welcome")
        let shown = recorder.events.compactMap { if case .promptShown(let p) = $0.body { p } else { nil } }
        #expect(shown == ["welcome", "meet-amir", "results", "welcome"])
    }

    @Test func tabCompletesAndCyclesCodebookTags() {
        let (model, _) = Fixture.model()
        model.type("P1: hard to learn #tr")
        #expect(model.render().contains("Tab: #trust #training"))
        model.handle(.tab)
        #expect(model.composer.text == "P1: hard to learn #trust")
        model.handle(.tab)
        #expect(model.composer.text == "P1: hard to learn #training")
    }

    @Test func markerUsesTheLineAsLabel() {
        let (model, recorder) = Fixture.model()
        model.handle(.control("k"))
        model.type("fire alarm")
        model.handle(.control("k"))
        let labels = recorder.events.compactMap { if case .marker(let l) = $0.body { l } else { nil } }
        #expect(labels == ["marker", "fire alarm"])
    }

    @Test func quitAsksOnlyWithADraftAndEndsTheSession() {
        let (model, recorder) = Fixture.model()
        model.type("half a thought")
        #expect(model.handle(.control("q")) == .keepRunning)
        #expect(model.mode == .confirmQuit)
        #expect(model.handle(.character("n")) == .keepRunning)
        #expect(model.composer.text == "half a thought")
        model.handle(.control("u"))
        #expect(model.handle(.control("q")) == .quit)
        #expect(recorder.events.last?.body == .sessionEnded(reason: "quit"))
    }

    @Test func signalEndsWithoutAsking() {
        let (model, recorder) = Fixture.model()
        model.type("draft")
        #expect(model.handle(.terminate) == .quit)
        #expect(recorder.events.last?.type == "session.ended")
    }

    @Test func helpListsEveryBindingFromTheKeymap() {
        let (model, _) = Fixture.model()
        model.handle(.function(1))
        var all = ""
        for scroll in 0..<8 {
            all += model.render(width: 160, height: 48) + "\n"
            if case .help = model.mode { model.handle(.down) } else { Issue.record("help closed at \(scroll)") }
            for _ in 0..<5 { model.handle(.down) }
        }
        for binding in captureKeymap.bindings { #expect(all.contains(binding.help), "help misses \(binding.help)") }
        #expect(all.contains("Alt-f    #fragmentation"))
        #expect(all.contains(model.recorder.sessionID))
        model.handle(.escape)
        #expect(model.mode == .normal)
        // "?" is text once the line has something in it.
        model.type("why?")
        #expect(model.composer.text == "why?")
    }
}

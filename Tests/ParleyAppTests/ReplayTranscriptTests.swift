import Foundation
import Testing
@testable import ParleyApp
@testable import ParleyCore

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

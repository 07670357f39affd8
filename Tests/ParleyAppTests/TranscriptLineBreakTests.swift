import Testing
@testable import ParleyApp
@testable import ParleyCore

/// A comment typed or pasted with Windows line breaks, through `parley transcript`.
@Suite struct TranscriptLineBreakTests {
    func transcript() throws -> Transcript {
        var s = ReplayScript()
        s.add("facilitator", 0, .sessionStarted(SessionStart(workshop: Fixture.workshop)))
        s.add("facilitator", 0, .promptShown(prompt: "welcome"))
        s.add("facilitator", 20, ReplayScript.comment("c1", "welcome", "P1", "Great app\r\n# Not a heading\r\n- not a bullet\rend", ["trust"]))
        s.add("facilitator", 30, .marker(label: "look\r\nhere"))
        return Transcript(try ReplaySession(events: s.events))
    }

    @Test func markdownKeepsTheCommentAndItsTagOnOneBullet() throws {
        let md = try transcript().render(.md)
        #expect(!md.unicodeScalars.contains("\r"))
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false)
        let bullet = try #require(lines.first { $0.contains("Great app") })
        #expect(bullet.contains("Great app \\# Not a heading - not a bullet end `#trust`"))
        #expect(!lines.contains { $0.hasPrefix("# Not") || $0.hasPrefix("- not") })
    }

    @Test func plainTextHasNoRawCarriageReturn() throws {
        let text = try transcript().render(.txt)
        #expect(!text.unicodeScalars.contains("\r"))
        #expect(text.contains("P1: Great app # Not a heading - not a bullet end  #trust"))
        #expect(text.contains("Marker: look here"))
    }
}

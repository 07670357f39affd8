import Testing
@testable import ParleyStore

/// Participants' words with Windows line breaks in what the store prints for a terminal.
@Suite("Line breaks in search results")
struct LineBreakStoreTests {
    @Test func aSearchHitHasNoRawCarriageReturn() {
        let hit = SearchHit(sessionID: "s", commentID: "c", at: "2025-03-04T10:00:00.000Z", promptID: "p", promptTitle: "", participant: "P1",
                            writer: "w", tags: [], marked: "first\r\nsecond \u{1}trust\u{2}\rthird")
        #expect(hit.highlighted(open: "[", close: "]") == "first\nsecond [trust]\nthird")
    }
}

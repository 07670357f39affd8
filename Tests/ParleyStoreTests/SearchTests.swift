import Foundation
import ParleyCore
import Testing
@testable import ParleyStore

@Suite("Search")
struct SearchTests {
    func mergedStore(_ folder: TempFolder) throws -> Store {
        let store = try folder.store()
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        return store
    }

    @Test func matchedWordsAreHighlighted() throws {
        let folder = TempFolder()
        let store = try mergedStore(folder)
        #expect(try store.search("app*").hits.map(\.commentID) == ["c2", "w1"])
        let result = try store.search("trust")
        #expect(result.total == 1)
        #expect(result.hits.map(\.commentID) == ["c2"])
        #expect(result.hits[0].highlighted(open: "[", close: "]") == "I [trust] the GP more than the app")
        #expect(result.hits[0].highlighted(open: "\u{1B}[1m", close: "\u{1B}[22m") == "I \u{1B}[1mtrust\u{1B}[22m the GP more than the app")
        #expect(result.hits[0].promptTitle == "Meet Amir")
        #expect(result.hits[0].participant == "P2")
        #expect(result.hits[0].tags == ["trust", "privacy"])
    }

    @Test func everyWordMustOccurCaseAndAccentsIgnored() throws {
        let folder = TempFolder()
        let store = try mergedStore(folder)
        #expect(try store.search("GP app").hits.map(\.commentID) == ["c2"])
        #expect(try store.search("gp pharmacists").total == 0)
        // Case and accents are ignored, and ł, ø, đ stand for l, o, d (they are letters of their own
        // to the tokenizer, so the search tries both spellings).
        #expect(try store.search("ZAZOŁC").hits.map(\.commentID) == ["w3"])
        #expect(try store.search("ZAŻÓŁĆ").hits.map(\.commentID) == ["w3"])
        #expect(try store.search("zazolc").hits.map(\.commentID) == ["w3"])
        #expect(try store.search("zazol*").hits.map(\.commentID) == ["w3"])
        #expect(try store.search("اردو").hits.map(\.commentID) == ["w3"])
        #expect(try store.search("frighten*").hits.map(\.commentID) == ["c3"])
        // Punctuation and FTS syntax are plain text, never an error.
        #expect(try store.search("can't \"log\" (in) OR NOT").total == 0)
        #expect(try store.search("he can't").hits.map(\.commentID) == ["c1"])
        #expect(throws: UserError.self) { try store.search("-- ** !!") }
    }

    @Test func spellingsWithAndWithoutTheStroke() {
        // Written plainly first: the tokenizer takes the accents off ó and ź itself.
        #expect(Store.spellings(of: "Łódź") == ["lódź", "lóđź", "łódź", "łóđź"])
        #expect(Store.spellings(of: "lodz").sorted() == ["lodz", "lođz", "lødz", "løđz", "łodz", "łođz", "łødz", "łøđz"])
        #expect(Store.spellings(of: "app") == ["app"])
        #expect(Store.spellings(of: "lollollol").count == 64)
    }

    @Test func filtersNarrowTheResults() throws {
        let folder = TempFolder()
        let store = try mergedStore(folder)
        #expect(try store.search("the", filter: SearchFilter(tag: "privacy")).hits.map(\.commentID) == ["c2", "n2"])
        #expect(try store.search("the", filter: SearchFilter(tag: "#PRIVACY", participant: "p2")).hits.map(\.commentID) == ["c2"])
        #expect(try store.search("the", filter: SearchFilter(prompt: "q-trust")).hits.map(\.commentID) == ["n2", "w4"])
        #expect(try store.search("the", filter: SearchFilter(sessions: ["bbbb"])).hits.map(\.commentID) == ["w4"])
        let limited = try store.search("the", filter: SearchFilter(limit: 1))
        #expect(limited.hits.count == 1)
        #expect(limited.total == 5)
    }

    @Test func deletedCommentsAreNotFound() throws {
        let folder = TempFolder()
        let store = try mergedStore(folder)
        #expect(try store.search("typo").total == 0)
        #expect(try store.search("never").hits.map(\.commentID) == ["n3"])   // deleted, then restored
        // The edit replaced the words that are searched.
        #expect(try store.search("is frightening").total == 0)
        #expect(try store.search("are frightening").total == 1)
    }
}

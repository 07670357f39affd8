import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

@Suite("Exports")
struct ExportTests {
    func mergedStore(_ folder: TempFolder) throws -> Store {
        let store = try folder.store()
        _ = try store.merge(paths: try Fixture.writeAll(in: folder))
        return store
    }

    @Test func csvParsesBackToTheSameRows() throws {
        let folder = TempFolder()
        let store = try mergedStore(folder)
        let csv = try store.export(.csv)
        #expect(csv.hasSuffix("\r\n"))
        let rows = try CSVReader.parse(csv)
        #expect(rows.first == CommentExport.csvColumns)
        let comments = Remarks.assign(try store.comments())
        #expect(rows.count == comments.count + 1)
        for (row, comment) in zip(rows.dropFirst(), comments) {
            let expected = [comment.commentID, comment.sessionID, comment.deckID, comment.writer, comment.at, comment.promptID,
                            comment.promptPosition.map(String.init) ?? "", comment.promptTitle, comment.promptKind,
                            comment.personaID ?? "", comment.personaName ?? "", comment.screen ?? "", comment.participant ?? "",
                            comment.table ?? "", comment.round.map(String.init) ?? "", comment.text,
                            comment.tags.joined(separator: ";"), comment.edited ? "true" : "false", comment.remarkID ?? "?"]
            #expect(row == expected)
        }
        // The tricky texts survive: commas, quotes, a new line, Urdu, emoji, Polish.
        let texts = rows.dropFirst().map { $0[15] }
        #expect(texts.contains("Privacy, commas, \"quotes\"\nand a new line"))
        #expect(texts.contains("اردو میں بھی ہونا چاہیے 🙂 zażółć"))
        #expect(texts.contains("Son helps with the letters, \"always\""))
    }

    @Test func csvHasTheDocumentedColumnsAndValues() throws {
        let folder = TempFolder()
        let rows = try CSVReader.parse(try mergedStore(folder).export(.csv))
        let header = rows[0]
        func row(_ id: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: zip(header, rows.first { $0[0] == id }!))
        }
        let c1 = row("c1")
        #expect(c1["session_id"] == Fixture.sessionA)
        #expect(c1["deck_id"] == "phr-test")
        #expect(c1["writer"] == "facilitator")
        #expect(c1["at"] == "2025-03-04T10:00:20.000Z")
        #expect(c1["prompt_id"] == "meet-amir")
        #expect(c1["prompt_position"] == "2")
        #expect(c1["prompt_title"] == "Meet Amir")
        #expect(c1["prompt_kind"] == "persona")
        #expect(c1["persona_id"] == "amir")
        #expect(c1["persona_name"] == "Amir")
        #expect(c1["screen"] == "")
        #expect(c1["participant"] == "P1")
        #expect(c1["tags"] == "access")
        #expect(c1["edited"] == "false")
        let c3 = row("c3")
        #expect(c3["screen"] == "screens/nhs-results.png")
        #expect(c3["prompt_kind"] == "screenshot")
        #expect(c3["tags"] == "trust;results-timing")
        #expect(c3["edited"] == "true")
        let w4 = row("w4")
        #expect(w4["table"] == "2")      // from the participant
        #expect(w4["round"] == "2")
        #expect(row("n2")["participant"] == "")
    }

    @Test func longCSVHasOneRowPerCommentAndTag() throws {
        let folder = TempFolder()
        let store = try mergedStore(folder)
        let rows = try CSVReader.parse(try store.export(.csvLong))
        #expect(rows[0] == CommentExport.csvLongColumns)
        let comments = try store.comments()
        let expectedRows = comments.reduce(0) { $0 + max(1, $1.tags.count) }
        #expect(rows.count - 1 == expectedRows)
        let header = rows[0]
        let tagColumn = header.firstIndex(of: "tag")!, labelColumn = header.firstIndex(of: "code_label")!
        let emergentColumn = header.firstIndex(of: "emergent")!, groupColumn = header.firstIndex(of: "code_group")!
        let c3 = rows.filter { $0[0] == "c3" }
        #expect(c3.map { $0[tagColumn] } == ["trust", "results-timing"])
        #expect(c3.map { $0[labelColumn] } == ["Trust", "results-timing"])
        #expect(c3.map { $0[emergentColumn] } == ["false", "true"])
        #expect(c3.map { $0[groupColumn] } == ["Feelings", ""])
        let n3 = rows.filter { $0[0] == "n3" }
        #expect(n3.count == 1)
        #expect(n3[0][tagColumn] == "")
    }

    @Test func jsonHasSessionsCodesAndComments() throws {
        let folder = TempFolder()
        let store = try mergedStore(folder)
        let data = Data(try store.export(.json).utf8)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(object["format"] as? String == "parley-export")
        let comments = object["comments"] as! [[String: Any]]
        #expect(comments.count == 10)
        #expect(comments[0]["comment_id"] as? String == "c1")
        #expect(comments[0]["tags"] as? [String] == ["access"])
        #expect(comments.first { $0["comment_id"] as? String == "n2" }?["participant"] is NSNull)
        let sessions = object["sessions"] as! [[String: Any]]
        #expect(sessions.map { $0["id"] as? String } == [Fixture.sessionA, Fixture.sessionB])
        let codes = object["codes"] as! [[String: Any]]
        #expect(codes.contains { $0["tag"] as? String == "letters" && $0["emergent"] as? Bool == true })
        // Decodes back to the same records.
        struct Export: Decodable { var comments: [CommentRecord] }
        #expect(try JSONDecoder().decode(Export.self, from: data).comments == Remarks.assign(try store.comments()))
    }

    @Test func markdownTranscriptIsGroupedByPrompt() throws {
        let folder = TempFolder()
        let md = try mergedStore(folder).export(.md, scope: Scope(sessions: [Fixture.sessionA]))
        let amir = md.range(of: "### Meet Amir (`meet-amir`)")!
        let results = md.range(of: "### NHS App results (`nhs-results`)")!
        #expect(amir.lowerBound < results.lowerBound)
        let amirSection = String(md[amir.upperBound..<results.lowerBound])
        #expect(amirSection.contains("- 10:00:20 **P1**: Amir would need his son to log in, he can't do passwords `#access`"))
        #expect(amirSection.contains("- 10:00:25 **P2**: Son helps with the letters, \"always\" `#proxy` `#letters`"))
        #expect(md.contains("_(room)_: Room agrees: not sure who sees the data `#privacy`"))
        #expect(!md.contains("typo line"))
        #expect(!md.contains("### Welcome"))
    }

    @Test func htmlIsOneSelfContainedFile() throws {
        let folder = TempFolder()
        let html = try mergedStore(folder).export(.html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        for forbidden in ["<script", "src=", "href=\"http", "@import", "url(", "<link"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        // Participants' words are escaped.
        #expect(html.contains("Son helps with the letters, &quot;always&quot;"))
    }

    @Test func exportsAreDeterministic() throws {
        let a = TempFolder(), b = TempFolder()
        let first = try Fixture.everything(try mergedStore(a))
        let second = try Fixture.everything(try mergedStore(b))
        #expect(first == second)
    }

    @Test func csvWriterQuotesWhatRFC4180Requires() throws {
        var writer = CSVWriter()
        writer.row(["plain", "a,b", "say \"hi\"", "line\nbreak", "cr\rhere", "", " spaced "])
        #expect(writer.output == "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\rhere\",, spaced \r\n")
        #expect(try CSVReader.parse(writer.output) == [["plain", "a,b", "say \"hi\"", "line\nbreak", "cr\rhere", "", " spaced "]])
    }
}

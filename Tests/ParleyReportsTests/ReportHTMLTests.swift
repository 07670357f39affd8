import Testing
@testable import ParleyReports

/// The HTML report's markup: what screen readers, right-to-left text, charts and wide tables need.
/// How it prints is tested with Chromium (ParleyStoreTests/ReportPrintTests).
@Suite("Report as HTML")
struct ReportHTMLTests {
    func page(_ table: Report.Table) -> String {
        ReportRenderer.html(Report(title: "Report", subtitle: [], sections: [
            Report.Section(id: "section", title: "Section", notes: [], tables: [table]),
        ]))
    }

    func chartTable(_ labels: [String]) -> Report.Table {
        Report.Table(id: "people", title: "People", columns: ["participant", "comments"],
                     rows: labels.enumerated().map { [.text($1), .number($0 + 1)] },
                     chart: Report.Chart(labelColumn: 0, valueColumn: 1, title: "Comments per participant"), emptyNote: "")
    }

    /// The value of `attribute` in the first tag of `html` that contains `marker`.
    func attribute(_ attribute: String, of marker: String, in html: String) -> String? {
        guard let at = html.range(of: marker), let start = html[..<at.lowerBound].range(of: "<", options: .backwards),
              let end = html[at.lowerBound...].firstIndex(of: ">") else { return nil }
        let tag = html[start.lowerBound..<end]
        guard let name = tag.range(of: " \(attribute)=\"") else { return nil }
        return String(tag[name.upperBound...].prefix { $0 != "\"" })
    }

    @Test func everyTableHasACaptionAndHeaderScopes() {
        let report = ReportBuilder.build(Rows.knownSession())
        let html = ReportRenderer.html(report)
        let tables = report.sections.flatMap(\.tables).filter { !$0.rows.isEmpty }
        let opened = html.components(separatedBy: "<table").dropFirst()
        #expect(opened.count == tables.count)
        for (markup, table) in zip(opened, tables) {
            #expect(markup.contains(">\n<caption class=\"vh\">\(ReportRenderer.htmlEscape(table.title))</caption>"), "\(table.id)")
            #expect(markup.components(separatedBy: "<th scope=\"col\">").count - 1 == table.columns.count, "\(table.id)")
            #expect(markup.components(separatedBy: "<th scope=\"row\"").count - 1 == table.rows.count, "\(table.id)")
        }
    }

    @Test func textInARightToLeftScriptIsLaidOutRightToLeft() {
        let html = page(Report.Table(id: "said", title: "Said", columns: ["code", "first example"], rows: [
            [.text("trust"), .text("کیا یہ محفوظ ہے؟")],
            [.text("language"), .text("P1: اردو میں 🙂 zażółć")],
            [.text("privacy"), .text("漢字のラベル")],
        ], chart: nil, emptyNote: ""))
        // Urdu first: the whole cell reads right to left; its language is unknown (the content files do not say it).
        #expect(html.contains("<td dir=\"rtl\"><span dir=\"rtl\" lang=\"\">کیا یہ محفوظ ہے</span>؟</td>"))
        // Latin first: the cell stays left to right, the Urdu run in it reads right to left.
        #expect(html.contains("<td dir=\"auto\">P1: <span dir=\"rtl\" lang=\"\">اردو میں</span> 🙂 zażółć</td>"))
        #expect(html.contains("<td dir=\"auto\"><span lang=\"\">漢字のラベル</span></td>"))
        #expect(html.contains("<th scope=\"row\" dir=\"auto\">trust</th>"))
    }

    @Test func chartLabelsGetTheRoomTheirDisplayWidthNeeds() throws {
        let label = "東京の病院予約アプリ"
        let html = page(chartTable([label, "P2"]))
        // A CJK character at the chart's 12px type is about 12px wide; the label ends at x, so x must hold 10 of them.
        let x = try #require(attribute("x", of: ">\(label)<", in: html).flatMap { Int($0) })
        #expect(x >= 12 * label.count)
    }

    @Test func longLabelsAreCutAtTheEndWithTheFullNameInATitle() throws {
        let label = String(repeating: "長い名前", count: 10)
        let html = page(chartTable([label]))
        let shown = String(label.prefix(17)) + "…"
        #expect(html.contains(">\(shown)<title>\(label)</title></text>"))
        let x = try #require(attribute("x", of: ">\(shown)<", in: html).flatMap { Int($0) })
        #expect(x >= 12 * 17 + 6)
    }

    @Test func chartsScaleToTheWidthOfThePage() throws {
        let html = page(chartTable(["P1", "P2"]))
        #expect(attribute("width", of: "<svg", in: html) == "100%")
        #expect(attribute("height", of: "<svg", in: html) == nil)
        let viewBox = try #require(attribute("viewBox", of: "<svg", in: html))
        #expect(viewBox.hasPrefix("0 0 "))
    }

    @Test func aChartsNumbersAreItsDescription() throws {
        let html = page(chartTable(["P1", "اردو"]))
        let id = try #require(attribute("aria-describedby", of: "<svg", in: html))
        #expect(html.contains("<desc id=\"\(id)\">P1: 1; اردو: 2</desc>"))
        #expect(attribute("aria-label", of: "<svg", in: html) == "Comments per participant")
        // A right-to-left label is anchored at its right edge, like the others.
        #expect(attribute("direction", of: ">اردو<", in: html) == "rtl")
        #expect(attribute("text-anchor", of: ">اردو<", in: html) == "start")
    }

    @Test func aTableTooWideForAPageComesInPartsWithItsRowHeaders() {
        let prompts = (1...40).map { "prompt-\($0)" }
        let html = page(Report.Table(id: "grid", title: "Who spoke where", columns: ["participant"] + prompts,
                                     rows: [[.text("P1")] + prompts.map { _ in .number(1) }, [.text("P2")] + prompts.map { _ in .empty }],
                                     chart: nil, emptyNote: ""))
        let parts = html.components(separatedBy: "<table").dropFirst()
        #expect(parts.count == 2)
        #expect(parts.first?.contains("<caption>Who spoke where, part 1 of 2: prompt-1 to prompt-20</caption>") == true)
        #expect(parts.last?.contains("<caption>Who spoke where, part 2 of 2: prompt-21 to prompt-40</caption>") == true)
        for part in parts {
            #expect(part.contains("<th scope=\"col\">participant</th>"))
            #expect(part.contains("<th scope=\"row\" dir=\"auto\">P1</th>") && part.contains("<th scope=\"row\" dir=\"auto\">P2</th>"))
            #expect(part.components(separatedBy: "<th scope=\"col\">").count - 1 == 21)
        }
    }
}

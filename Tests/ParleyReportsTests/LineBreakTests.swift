import Testing
@testable import ParleyReports

/// Words typed or pasted with Windows (CR LF) or old Mac (CR) line breaks, and words that look like
/// Markdown, through every text and Markdown renderer of ParleyReports.
@Suite("Line breaks and Markdown in participants' words")
struct LineBreakTests {
    static let crlf = "Great app\r\n# Not a heading\r\n- not a bullet\rthe end"

    /// Lines as a Markdown reader splits them: at LF, CR and CR LF.
    static func markdownLines(_ text: String) -> [String] {
        var lines: [String] = [], line = ""
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }
            if scalar == "\n" || scalar == "\r" { lines.append(line); line = "" } else { line.unicodeScalars.append(scalar) }
        }
        return lines + [line]
    }

    @Test func theMarkdownTranscriptKeepsACRLFCommentOnOneBulletWithItsTags() {
        let comment = Rows.comment("c1", participant: "P3", text: Self.crlf, tags: ["trust"])
        let summary = SessionSummary(session: Rows.session(Rows.sessionA), writers: ["facilitator"], missing: [:], withdrawn: [])
        let md = CommentExport.markdown(sessions: [summary], prompts: Rows.prompts(Rows.sessionA), comments: [comment])
        #expect(!md.unicodeScalars.contains("\r"))
        let lines = Self.markdownLines(md)
        let bullet = try? #require(lines.first { $0.contains("Great app") })
        #expect(bullet?.hasPrefix("- ") == true)
        #expect(bullet?.contains("\\# Not a heading") == true)
        #expect(bullet?.hasSuffix("`#trust`") == true)
        #expect(!lines.contains { $0.hasPrefix("# Not") || $0.hasPrefix("- not") })
    }

    @Test func theReportHasNoRawCarriageReturnInAnyFormat() {
        var rows = Rows.knownSession()
        rows.codeExamples[0].text = "Son helps\r\nwith the letters\rtoo"
        let report = ReportBuilder.build(rows)
        #expect(report.table("emergent")?.row("letters")?["first example"]?.plain == "P2: Son helps with the letters too")
        for format in [ReportRenderer.Format.text, .md] {
            let out = ReportRenderer.render(report, as: format)
            #expect(!out.unicodeScalars.contains("\r"), "\(format)")
            #expect(Self.markdownLines(out).contains { $0.contains("Son helps with the letters too") }, "\(format)")
        }
    }

    @Test func aTextTableCellWithABreakStaysOnItsRow() {
        let table = Report.Table(id: "t", title: "T", columns: ["code", "first example"],
                                 rows: [[.text("x"), .text("one\r\ntwo\rthree\u{2028}four")]], chart: nil, emptyNote: "")
        let text = ReportRenderer.textTable(table)
        #expect(Self.markdownLines(text).filter { !$0.isEmpty }.count == 3)
        #expect(text.contains("one two three four"))
    }

    @Test func markdownStructureInWordsIsEscaped() {
        let comment = Rows.comment("c1", participant: "P3", text: "1. <b>bold</b> | [link](x) `code` ~~gone~~ AT&amp;T", tags: [])
        let summary = SessionSummary(session: Rows.session(Rows.sessionA), writers: ["facilitator"], missing: [:], withdrawn: [])
        let md = CommentExport.markdown(sessions: [summary], prompts: Rows.prompts(Rows.sessionA), comments: [comment])
        #expect(md.contains("**P3**: 1\\. \\<b\\>bold\\</b\\> \\| \\[link\\](x) \\`code\\` \\~\\~gone\\~\\~ AT\\&amp;T\n"))
    }

    @Test func htmlEscapesMarkupInWords() {
        #expect(ReportRenderer.htmlEscape("<script>&\"'\r\n") == "&lt;script&gt;&amp;&quot;&#39;\r\n")
    }
}

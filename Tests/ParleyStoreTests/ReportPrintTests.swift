import Foundation
import ParleyCore
import Testing
@testable import ParleyReports
@testable import ParleyStore

extension Fixture {
    /// Two sessions of a long deck: 36 prompts, 14 codes, 12 participants each, so the codes × prompts
    /// and participants × prompts grids are as wide as a real day's are.
    static func wideSessions() -> [Log] {
        let prompts = (1...36).map { n in
            Prompt(id: "screen-\(n < 10 ? "0" : "")\(n)-results", kind: n == 1 ? .persona : .screenshot,
                   title: "Screen \(n): the results page, as the app shows it", persona: n == 1 ? "amir" : nil,
                   image: n == 1 ? nil : "screens/\(n).png", alt: n == 1 ? nil : "Screen \(n).")
        }
        let tags = ["access", "proxy", "trust", "privacy", "results-timing", "letters", "carers-and-family", "appointments",
                    "prescriptions", "language-barriers", "digital-confidence", "gp-relationship", "data-sharing", "notifications"]
        var workshop = workshop(deckID: "phr-long", sha: "sha-long")
        workshop.deck.prompts = prompts
        return [sessionA, sessionB].enumerated().map { index, session -> Log in
            var log = Log(session: session, writer: "facilitator", startMilliseconds: 1_741_082_400_000 + Int64(index) * 86_400_000)
            log.add(.sessionStarted(SessionStart(workshop: workshop)), at: 0)
            for (n, prompt) in prompts.enumerated() {
                log.add(.promptShown(prompt: prompt.id), at: 10 + n * 60)
                for k in 0..<3 {
                    let who = "P\((n + k * 5) % 12 + 1)"
                    log.add(comment("\(index)-\(n)-\(k)", prompt.id, who, "Comment \(k) on \(prompt.id)",
                                    [tags[(n + k) % tags.count], tags[(n * 3 + k) % tags.count]]), at: 20 + n * 60 + k * 10)
                }
            }
            log.add(.sessionEnded(reason: "done"), at: 3600)
            return log
        }
    }

    /// A store with the wide sessions merged, and its report over both.
    static func wideReport(in folder: TempFolder) throws -> Report {
        let paths = try wideSessions().enumerated().map { index, log in
            let path = folder.file("wide-\(index).jsonl")
            try log.write(to: path)
            return path
        }
        let store = try folder.store()
        _ = try store.merge(paths: paths)
        return try store.report(.all)
    }
}

/// The HTML report printed to PDF by headless Chromium, read back as text.
@Suite("Report in print")
struct ReportPrintTests {
    enum Sample: String, CaseIterable { case wide, known }
    /// A4 is the narrower, Letter the shorter.
    enum Paper: String, CaseIterable { case A4, letter }

    func report(_ sample: Sample, in folder: TempFolder) throws -> Report {
        switch sample {
        case .wide: return try Fixture.wideReport(in: folder)
        case .known:
            let store = try folder.store()
            _ = try store.merge(paths: try Fixture.writeAll(in: folder))
            return try store.report(.all)
        }
    }

    @Test(.enabled(if: PDFPrinter.works, "headless Chromium cannot print here (`make deps` installs chromium and poppler-utils): print tests skipped"),
          arguments: Sample.allCases, Paper.allCases)
    func everyColumnHeaderAndWholeChartsOnPaper(_ sample: Sample, _ paper: Paper) throws {
        let folder = TempFolder()
        let report = try report(sample, in: folder)
        let html = ReportRenderer.html(report).replacingOccurrences(of: "</head>", with: "<style>@page { size: \(paper); }</style>\n</head>")
        let pdf = try PDFPrinter.print(html, in: folder)
        // Cut columns are not in a PDF at all: each header must be on paper as often as the page shows it.
        let onPage = Self.visibleText(html), onPaper = pdf.pages.joined(separator: "\n")
        for table in report.sections.flatMap(\.tables) where !table.rows.isEmpty {
            for column in table.columns {
                let shown = Self.count(column, in: onPage), printed = Self.count(column, in: onPaper)
                #expect(printed >= shown, "\(table.id): column \"\(column)\" is shown \(shown) times, printed \(printed)")
            }
        }
        // A chart and its caption on one page: its bars (label and number, one line each) then the caption.
        for table in report.sections.flatMap(\.tables) {
            guard let chart = table.chart else { continue }
            let bars = table.rows.compactMap { row -> String? in
                guard case .number(let value) = row[chart.valueColumn] else { return nil }
                return "\(row[chart.labelColumn].plain) \(value)"
            }
            guard !bars.isEmpty else { continue }
            let block = (bars + [chart.title]).joined(separator: "\n")
            #expect(pdf.pages.contains { $0.contains(block) }, "chart \"\(chart.title)\" is split across pages")
        }
        #expect(pdf.pages.allSatisfy { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }, "a blank page")
        print("Report in print: the \(sample) report is \(pdf.pages.count) \(paper) pages")
    }

    /// What a reader sees of the page: no style sheet, tooltips (`<title>`), chart descriptions or visually hidden captions.
    static func visibleText(_ html: String) -> String {
        var text = html
        for hidden in ["<style>.*?</style>", "<title>.*?</title>", "<desc[^>]*>.*?</desc>", "<caption class=\"vh\">.*?</caption>", "<[^>]+>"] {
            text = text.replacingOccurrences(of: "(?s)" + hidden, with: " ", options: .regularExpression)
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// How often `words` occur in `text` as whole words, any white space or none between their characters
    /// (a header wrapped over lines, or broken inside a word).
    static func count(_ words: String, in text: String) -> Int {
        let pattern = words.filter { !$0.isWhitespace }.map { NSRegularExpression.escapedPattern(for: String($0)) }.joined(separator: "\\s*")
        let expression = try! NSRegularExpression(pattern: "(?<![\\p{L}\\p{N}])" + pattern + "(?![\\p{L}\\p{N}])")
        return expression.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }
}

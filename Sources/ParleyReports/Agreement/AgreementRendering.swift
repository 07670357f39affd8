import Foundation
import ParleyCore

/// Agreement figures as text, Markdown or CSV (`parley agreement --format`).
extension Agreement {
    public enum Format: String, CaseIterable, Sendable { case text, md, csv }

    static func number(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return String(format: "%.3f", value)
    }

    public static let csvColumns = ["session", "scope", "key", "writers", "units", "yes", "no", "both", "first_only", "second_only",
                                    "neither", "kappa", "alpha", "kappa_low", "kappa_high", "alpha_low", "alpha_high", "cautions"]

    /// An interval as `[0.512, 0.801]`, or `n/a`.
    static func interval(_ value: Interval?) -> String {
        guard let value else { return "n/a" }
        return "[\(number(value.low)), \(number(value.high))]"
    }

    public static func render(_ result: Result, as format: Format) -> String {
        let two = result.writers.count == 2
        let figures = result.codes + result.prompts + [result.overall]
        switch format {
        case .csv:
            var writer = CSVWriter()
            writer.row(csvColumns)
            func decimal(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }
            for figure in figures {
                let t = figure.table
                writer.row([result.session, figure.scope, figure.key, result.writers.joined(separator: ";"), String(figure.units),
                            String(figure.yes), String(figure.no), t.map { String($0.both) } ?? "", t.map { String($0.firstOnly) } ?? "",
                            t.map { String($0.secondOnly) } ?? "", t.map { String($0.neither) } ?? "",
                            decimal(figure.kappa), decimal(figure.alpha), decimal(figure.kappaInterval?.low), decimal(figure.kappaInterval?.high),
                            decimal(figure.alphaInterval?.low), decimal(figure.alphaInterval?.high),
                            figure.cautions.map(\.code).joined(separator: ";")])
            }
            return writer.output
        case .text, .md:
            let md = format == .md
            var out = md ? "# Agreement: session `\(result.session)`\n\n" : "Agreement, session \(result.session)\n\n"
            let matched = result.units.filter { $0.comments.count >= 2 }.count
            out += "Writers: \(result.writers.joined(separator: ", "))\(two ? " (first = \(result.writers[0]), second = \(result.writers[1]))" : "")\n"
            out += "Units (remarks): \(result.units.count); noted by two or more writers: \(matched); noted by one only: "
            out += result.writers.map { "\($0) \(result.unmatched[$0] ?? 0)" }.joined(separator: ", ") + "\n"
            out += "Matching: same prompt and participant, within \(Int(window)) s, word overlap ≥ \(minimumSimilarity) or within \(Int(closeInTime)) s (docs/agreement.md).\n"
            out += "95% CI: percentile bootstrap over units, \(resamples) resamples, SplitMix64 seed \(bootstrapSeed) (docs/agreement.md).\n"
            let header = two ? ["", "units", "both", "1st only", "2nd only", "neither", "kappa", "95% CI", "alpha", "95% CI", "caution"]
                : ["", "units", "yes", "no", "alpha", "95% CI", "caution"]
            func rows(_ list: [Figure]) -> [[String]] {
                list.map { f in
                    let caution = f.cautions.map(\.text).joined(separator: "; ")
                    return two ? [f.key, String(f.units), String(f.table!.both), String(f.table!.firstOnly), String(f.table!.secondOnly),
                                  String(f.table!.neither), number(f.kappa), interval(f.kappaInterval), number(f.alpha),
                                  interval(f.alphaInterval), caution]
                        : [f.key, String(f.units), String(f.yes), String(f.no), number(f.alpha), interval(f.alphaInterval), caution]
                }
            }
            for (title, list) in [("Per code", result.codes), ("Per prompt (all codes pooled)", result.prompts), ("Overall", [result.overall])] {
                out += md ? "\n## \(title)\n\n" : "\n\(title)\n"
                var header = header
                header[0] = title.hasPrefix("Per code") ? "code" : title.hasPrefix("Per prompt") ? "prompt" : ""
                out += table(header, rows(list), markdown: md)
            }
            let cautioned = figures.filter { !$0.cautions.isEmpty }.count
            if cautioned > 0 {
                out += "\nCaution: \(cautioned) figure\(cautioned == 1 ? " rests" : "s rest") on fewer than \(fewUnits) units or on "
                    + "one value throughout; read them as anecdotes, not measurements (docs/agreement.md).\n"
            }
            return out
        }
    }

    /// The first column (names) and the last (cautions) read left-aligned, the figures right-aligned.
    static func table(_ header: [String], _ rows: [[String]], markdown: Bool) -> String {
        let left: Set<Int> = [0, header.count - 1]
        if markdown {
            var out = "| " + header.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |\n"
            out += "|" + header.indices.map { left.contains($0) ? " --- |" : " ---: |" }.joined() + "\n"
            for row in rows { out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
            return out
        }
        return TextTable.render(header: header, rows: rows, rightAligned: { !left.contains($0) })
    }
}

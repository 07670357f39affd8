import DisplayWidth
import Foundation
import ParleyCore

/// Renders a `Report` as plain text, Markdown, a self-contained HTML page (inline CSS and SVG charts,
/// no network) or tidy CSV (`section,table,row,column,value`).
public enum ReportRenderer {
    public enum Format: String, CaseIterable, Sendable {
        case text, md, html, csv
    }

    public static func render(_ report: Report, as format: Format) -> String {
        switch format {
        case .text: text(report)
        case .md: markdown(report)
        case .html: html(report)
        case .csv: csv(report)
        }
    }

    // MARK: Text

    public static func text(_ report: Report) -> String {
        var out = report.title + "\n" + String(repeating: "=", count: DisplayWidth.of(report.title)) + "\n"
        for line in report.subtitle { out += DocumentText.oneLine(line) + "\n" }
        for section in report.sections {
            out += "\n" + section.title + "\n" + String(repeating: "-", count: DisplayWidth.of(section.title)) + "\n"
            for note in section.notes { out += DocumentText.oneLine(note) + "\n" }
            for table in section.tables {
                if section.tables.count > 1 || table.title != section.title { out += "\n" + table.title + ":\n" }
                else if !section.notes.isEmpty { out += "\n" }
                out += textTable(table)
            }
        }
        return out
    }

    static func textTable(_ table: Report.Table) -> String {
        guard !table.rows.isEmpty else { return table.emptyNote + "\n" }
        let cells = table.rows.map { $0.map { DocumentText.oneLine($0.plain) } }
        var widths = table.columns.map { DisplayWidth.of($0) }
        for row in cells { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        let numeric = table.columns.indices.map { i in table.rows.allSatisfy { i < $0.count && ($0[i].isNumeric || $0[i] == .empty) } }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (i, value) in values.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(value)))
                parts.append(numeric[i] ? pad + value : value + pad)
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        var out = line(table.columns)
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in cells { out += line(row) }
        return out
    }

    // MARK: Markdown

    public static func markdown(_ report: Report) -> String {
        var out = "# \(DocumentText.markdownInline(report.title))\n\n"
        for line in report.subtitle { out += DocumentText.markdownInline(line) + "  \n" }
        for section in report.sections {
            out += "\n## \(DocumentText.markdownInline(section.title))\n\n"
            for note in section.notes { out += DocumentText.markdownInline(note) + "\n\n" }
            for table in section.tables {
                if section.tables.count > 1 { out += "### \(DocumentText.markdownInline(table.title))\n\n" }
                guard !table.rows.isEmpty else { out += "_\(DocumentText.markdownInline(table.emptyNote))_\n\n"; continue }
                out += "| " + table.columns.map(DocumentText.markdownInline).joined(separator: " | ") + " |\n"
                let numeric = table.columns.indices.map { i in table.rows.allSatisfy { $0[i].isNumeric || $0[i] == .empty } }
                out += "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
                for row in table.rows { out += "| " + row.map { DocumentText.markdownInline($0.plain) }.joined(separator: " | ") + " |\n" }
                out += "\n"
            }
        }
        return out
    }

    // MARK: HTML

    public static func html(_ report: Report) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(htmlEscape(report.title))</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; } h3 { font-size: 1rem; }
        p.sub { color: #555; margin: .1rem 0; }
        nav ul { columns: 2; padding-left: 1.2rem; }
        table { border-collapse: collapse; margin: .8rem 0 1.4rem; font-size: .9rem; }
        th, td { border: 1px solid #d0d0d0; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f2f2f5; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .matrix td.n { min-width: 2rem; }
        .empty { color: #666; font-style: italic; }
        figure { margin: .6rem 0 1rem; } figcaption { font-size: .85rem; color: #444; }
        svg text { font-family: inherit; font-size: 12px; fill: #1d1d1f; }
        .scroll { overflow-x: auto; }
        @media print { body { max-width: none; } h2 { break-after: avoid; } }
        </style>
        </head>
        <body>
        <h1>\(htmlEscape(report.title))</h1>

        """
        for line in report.subtitle { out += "<p class=\"sub\">\(htmlEscape(line))</p>\n" }
        out += "<nav><ul>\n"
        for section in report.sections { out += "<li><a href=\"#\(section.id)\">\(htmlEscape(section.title))</a></li>\n" }
        out += "</ul></nav>\n"
        for section in report.sections {
            out += "<section id=\"\(section.id)\">\n<h2>\(htmlEscape(section.title))</h2>\n"
            for note in section.notes { out += "<p>\(htmlEscape(note))</p>\n" }
            for table in section.tables {
                if section.tables.count > 1 { out += "<h3>\(htmlEscape(table.title))</h3>\n" }
                guard !table.rows.isEmpty else { out += "<p class=\"empty\">\(htmlEscape(table.emptyNote))</p>\n"; continue }
                if let chart = table.chart { out += svgBarChart(table, chart) }
                let matrix = table.columns.count > 8 ? " class=\"matrix\"" : ""
                out += "<div class=\"scroll\"><table\(matrix)>\n<thead><tr>"
                for column in table.columns { out += "<th scope=\"col\">\(htmlEscape(column))</th>" }
                out += "</tr></thead>\n<tbody>\n"
                for row in table.rows {
                    out += "<tr>"
                    for cell in row { out += cell.isNumeric ? "<td class=\"n\">\(htmlEscape(cell.plain))</td>" : "<td>\(htmlEscape(cell.plain))</td>" }
                    out += "</tr>\n"
                }
                out += "</tbody>\n</table></div>\n"
            }
            out += "</section>\n"
        }
        out += "<footer><p class=\"sub\">Made by Parley from the analysis store. Self-contained: no scripts, fonts or images are fetched.</p></footer>\n</body>\n</html>\n"
        return out
    }

    /// A horizontal bar chart as inline SVG, with the numbers written on the bars (readable without colour).
    static func svgBarChart(_ table: Report.Table, _ chart: Report.Chart) -> String {
        let bars: [(label: String, value: Int)] = table.rows.compactMap { row in
            guard case .number(let value) = row[chart.valueColumn] else { return nil }
            return (row[chart.labelColumn].plain, value)
        }
        guard !bars.isEmpty, let maximum = bars.map(\.value).max(), maximum > 0 else { return "" }
        let labelWidth = min(260, 12 + 7 * (bars.map { $0.label.count }.max() ?? 0))
        let barArea = 420
        let rowHeight = 20
        let width = labelWidth + barArea + 60
        let height = rowHeight * bars.count + 10
        var svg = "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(htmlEscape(chart.title))\">\n"
        for (index, bar) in bars.enumerated() {
            let y = 5 + index * rowHeight
            let length = Int((Double(bar.value) / Double(maximum) * Double(barArea)).rounded())
            let label = bar.label.count > 36 ? String(bar.label.prefix(35)) + "…" : bar.label
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\">\(htmlEscape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(max(length, bar.value > 0 ? 1 : 0))\" height=\"\(rowHeight - 5)\" fill=\"#3b6ea8\"><title>\(htmlEscape(bar.label)): \(bar.value)</title></rect>"
            svg += "<text x=\"\(labelWidth + length + 4)\" y=\"\(y + 14)\">\(bar.value)</text>\n"
        }
        svg += "</svg><figcaption>\(htmlEscape(chart.title))</figcaption></figure>\n"
        return svg
    }

    public static func htmlEscape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: CSV

    /// Every table cell as one tidy row: section, table, row (1-based), column, value.
    public static func csv(_ report: Report) -> String {
        var writer = CSVWriter()
        writer.row(["section", "table", "row", "column", "value"])
        for section in report.sections {
            for table in section.tables {
                for (index, row) in table.rows.enumerated() {
                    for (column, cell) in zip(table.columns, row) where cell != .empty {
                        let value: String
                        if case .percent(let p) = cell { value = String(format: "%.4f", p) } else { value = cell.plain }
                        writer.row([section.id, table.id, String(index + 1), column, value])
                    }
                }
            }
        }
        return writer.output
    }
}

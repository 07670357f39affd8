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
        let numeric = table.columns.indices.map { i in table.rows.allSatisfy { i < $0.count && ($0[i].isNumeric || $0[i] == .empty) } }
        return TextTable.render(header: table.columns, rows: table.rows.map { $0.map { DocumentText.oneLine($0.plain) } },
                                rightAligned: { numeric[$0] }, rule: true)
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

    // The page itself: ReportHTML.swift.

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

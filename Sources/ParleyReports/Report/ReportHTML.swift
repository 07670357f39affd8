/// The report as one self-contained HTML page: inline CSS (ReportStyle) and SVG charts (BarChartSVG),
/// no scripts, nothing fetched. Every table has a caption and header scopes; text in other scripts is
/// marked for direction and language (ScriptRuns).
extension ReportRenderer {
    /// A table with more data columns than this comes in parts, each repeating the row headers:
    /// a part fits a portrait A4 page with its column headers printed on end.
    static let maxColumnsPerPart = 30

    public static func html(_ report: Report) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(htmlEscape(report.title))</title>
        <style>
        \(ReportStyle.css)</style>
        </head>
        <body>
        <h1>\(ScriptRuns.html(report.title))</h1>

        """
        for line in report.subtitle { out += "<p class=\"sub\">\(ScriptRuns.html(line))</p>\n" }
        out += "<nav><ul>\n"
        for section in report.sections { out += "<li><a href=\"#\(section.id)\">\(ScriptRuns.html(section.title))</a></li>\n" }
        out += "</ul></nav>\n"
        for section in report.sections {
            out += "<section id=\"\(section.id)\">\n<h2>\(ScriptRuns.html(section.title))</h2>\n"
            for note in section.notes { out += "<p>\(ScriptRuns.html(note))</p>\n" }
            for table in section.tables {
                if section.tables.count > 1 { out += "<h3>\(ScriptRuns.html(table.title))</h3>\n" }
                guard !table.rows.isEmpty else { out += "<p class=\"empty\">\(ScriptRuns.html(table.emptyNote))</p>\n"; continue }
                if let chart = table.chart { out += BarChartSVG.svg(table, chart) }
                out += htmlTable(table)
            }
            out += "</section>\n"
        }
        out += "<footer><p class=\"sub\">Made by Parley from the analysis store. Self-contained: no scripts, fonts or images are fetched.</p></footer>\n</body>\n</html>\n"
        return out
    }

    /// The table, in column parts when it is wider than `maxColumnsPerPart`. The first column names the
    /// row (row headers); the caption repeats the heading above for screen readers, and is shown only
    /// when it says which part this is.
    static func htmlTable(_ table: Report.Table) -> String {
        let dataColumns = table.columns.count - 1
        let parts = max(1, (dataColumns + maxColumnsPerPart - 1) / maxColumnsPerPart)
        // A grid (counts in every column but the first) prints its column headers on end when it is wide.
        let grid = table.rows.allSatisfy { $0.dropFirst().allSatisfy { $0.isNumeric || $0 == .empty } }
        var out = ""
        for part in 0..<parts {
            let columns = [0] + Array(1 + part * dataColumns / parts ..< 1 + (part + 1) * dataColumns / parts)
            let caption = parts == 1 ? "<caption class=\"vh\">\(ScriptRuns.html(table.title))</caption>"
                : "<caption>\(ScriptRuns.html("\(table.title), part \(part + 1) of \(parts): \(table.columns[columns[1]]) to \(table.columns[columns.last!])"))</caption>"
            let matrix = grid && columns.count > 8
            out += "<div class=\"scroll\"><table\(matrix ? " class=\"matrix\"" : "")>\n\(caption)\n<thead><tr>"
            for column in columns {
                let name = ScriptRuns.html(table.columns[column])
                out += "<th scope=\"col\">\(matrix && column > 0 ? "<span>\(name)</span>" : name)</th>"
            }
            out += "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                out += "<tr>"
                for column in columns { out += htmlCell(row[column], header: column == 0) }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        }
        return out
    }

    /// A cell: numbers right-aligned; text laid out right to left when it starts in a right-to-left script.
    static func htmlCell(_ cell: Report.Cell, header: Bool) -> String {
        let tag = header ? "th" : "td"
        let scope = header ? " scope=\"row\"" : ""
        guard case .text(let text) = cell else {
            return cell.isNumeric ? "<\(tag)\(scope) class=\"n\">\(cell.plain)</\(tag)>" : "<\(tag)\(scope)></\(tag)>"
        }
        let dir = ScriptRuns.startsRightToLeft(text) ? "rtl" : "auto"
        return "<\(tag)\(scope) dir=\"\(dir)\">\(ScriptRuns.html(text))</\(tag)>"
    }
}

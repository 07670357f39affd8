import DisplayWidth

/// A horizontal bar chart as inline SVG, with the numbers written on the bars (readable without colour).
/// It scales to the width it is given (viewBox, width 100%), never above its natural size; screen
/// readers get its title and, as its description, every bar's label and number.
enum BarChartSVG {
    /// Pixels a label takes per display column at the chart's 12px type (a CJK character, 2 columns, is about 12px).
    static let pixelsPerColumn = 7
    /// Longer labels are cut at the end; the full label is the text's `<title>`.
    static let maxLabelColumns = 35
    static let barArea = 420
    static let rowHeight = 20

    static func svg(_ table: Report.Table, _ chart: Report.Chart) -> String {
        let bars: [(label: String, value: Int)] = table.rows.compactMap { row in
            guard case .number(let value) = row[chart.valueColumn] else { return nil }
            return (row[chart.labelColumn].plain, value)
        }
        guard !bars.isEmpty, let maximum = bars.map(\.value).max(), maximum > 0 else { return "" }
        let labelColumns = min(maxLabelColumns, bars.map { DisplayWidth.of($0.label) }.max() ?? 0)
        let labelWidth = 12 + pixelsPerColumn * labelColumns
        let width = labelWidth + barArea + 60
        let height = rowHeight * bars.count + 10
        let descriptionID = "\(table.id)-chart-data"
        let numbers = bars.map { "\($0.label): \($0.value)" }.joined(separator: "; ")
        var svg = "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 \(width) \(height)\" style=\"max-width: \(width)px\""
            + " role=\"img\" aria-label=\"\(ReportRenderer.htmlEscape(chart.title))\" aria-describedby=\"\(descriptionID)\">\n"
            + "<desc id=\"\(descriptionID)\">\(ReportRenderer.htmlEscape(numbers))</desc>\n"
        for (index, bar) in bars.enumerated() {
            let y = 5 + index * rowHeight
            let length = Int((Double(bar.value) / Double(maximum) * Double(barArea)).rounded())
            let shown = DisplayWidth.truncate(bar.label, width: labelColumns)
            let full = shown == bar.label ? "" : "<title>\(ReportRenderer.htmlEscape(bar.label))</title>"
            // A right-to-left label starts at its right edge, which is where `start` anchors it.
            let anchor = ScriptRuns.startsRightToLeft(bar.label) ? "direction=\"rtl\" text-anchor=\"start\"" : "text-anchor=\"end\""
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" \(anchor)>\(ReportRenderer.htmlEscape(shown))\(full)</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(max(length, bar.value > 0 ? 1 : 0))\" height=\"\(rowHeight - 5)\" fill=\"#3b6ea8\"><title>\(ReportRenderer.htmlEscape(bar.label)): \(bar.value)</title></rect>"
            svg += "<text x=\"\(labelWidth + length + 4)\" y=\"\(y + 14)\">\(bar.value)</text>\n"
        }
        svg += "</svg><figcaption>\(ScriptRuns.html(chart.title))</figcaption></figure>\n"
        return svg
    }
}

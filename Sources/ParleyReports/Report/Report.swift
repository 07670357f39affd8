/// A report: titled sections of tables, built from the store's rows (ReportBuilder) and rendered as
/// text, Markdown, HTML or CSV (ReportRenderer).
public struct Report: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Int)
        /// A share, 0…1, shown as a whole percentage.
        case percent(Double)
        case empty

        public var plain: String {
            switch self {
            case .text(let s): s
            case .number(let n): String(n)
            case .percent(let p): String(Int((p * 100).rounded())) + "%"
            case .empty: ""
            }
        }

        public var isNumeric: Bool {
            switch self { case .number, .percent: true; default: false }
        }
    }

    public struct Chart: Sendable {
        /// Column holding the bar labels and the one holding the values.
        public var labelColumn: Int
        public var valueColumn: Int
        public var title: String
    }

    public struct Table: Sendable {
        public var id: String
        public var title: String
        public var columns: [String]
        public var rows: [[Cell]]
        public var chart: Chart?
        /// Shown instead of an empty table.
        public var emptyNote: String

        public func column(_ name: String) -> [Cell] {
            guard let index = columns.firstIndex(of: name) else { return [] }
            return rows.map { $0[index] }
        }

        /// The row whose first cell is `key`, as `[column: cell]`.
        public func row(_ key: String) -> [String: Cell]? {
            guard let row = rows.first(where: { $0.first?.plain == key }) else { return nil }
            return Dictionary(uniqueKeysWithValues: zip(columns, row))
        }
    }

    public struct Section: Sendable {
        public var id: String
        public var title: String
        public var notes: [String]
        public var tables: [Table]
    }

    public var title: String
    public var subtitle: [String]
    public var sections: [Section]

    public func section(_ id: String) -> Section? { sections.first { $0.id == id } }
    public func table(_ id: String) -> Table? { sections.lazy.flatMap(\.tables).first { $0.id == id } }
}

import Foundation
import ParleyReports

/// The export formats of `parley export`; docs/export-columns.md documents every column.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// One row per comment.
    case csv
    /// One row per comment × tag (a comment without tags: one row with an empty tag).
    case csvLong = "csv-long"
    case json
    /// Transcript grouped by prompt.
    case md
    /// The HTML report.
    case html
}

// Every document the store makes: its rows read in one transaction, then handed to ParleyReports.
extension Store {
    /// The report over the sessions in scope. Numbers count live (not deleted, not withdrawn) comments, or
    /// the remarks they make (several writers' comments of one remark counted once).
    public func report(_ scope: Scope = .all, counting: Counting = .remarks) throws -> Report {
        ReportBuilder.build(try readScope(scope) { try $0.report(countingRemarks: counting == .remarks) })
    }

    /// The export as text (all formats are text).
    public func export(_ format: ExportFormat, scope: Scope = .all) throws -> String {
        switch format {
        case .csv:
            return try readScope(scope) { rows in
                var csv = CommentsCSV()
                try rows.visitComments(remarks: true) { csv.append($0) }
                return csv.finish()
            }
        case .csvLong:
            return try readScope(scope) { rows in
                var csv = CommentsLongCSV(codes: try rows.codes())
                try rows.visitComments(remarks: true) { csv.append($0) }
                return csv.finish()
            }
        case .json:
            return try readScope(scope) { rows in
                var json = CommentsJSON(sessions: try rows.summaries(), codes: try rows.codes())
                try rows.visitComments(remarks: true) { json.append($0) }
                return json.finish()
            }
        case .md:
            return try readScope(scope) { rows in
                CommentExport.markdown(sessions: try rows.summaries(), prompts: try rows.prompts(), comments: try rows.comments())
            }
        case .html:
            return ReportRenderer.html(try report(scope))
        }
    }

    /// The REFI-QDA project of the sessions in scope: `project.qde`, one text source per session, and the
    /// screenshots (read from beside the deck file each session names) and persona cards.
    public func refiProject(scope: Scope = .all, options: REFIQDA.Options = REFIQDA.Options()) throws -> REFIQDA.Project {
        REFIQDA.project(try readScope(scope) { try $0.project() }, options: options) { FileManager.default.contents(atPath: $0) }
    }

    /// The `.qdpx` archive of the sessions in scope.
    public func exportQDPX(scope: Scope = .all, options: REFIQDA.Options = REFIQDA.Options()) throws -> Data {
        try REFIQDA.archive(try refiProject(scope: scope, options: options))
    }

    /// The `.qdc` codebook of the sessions in scope.
    public func exportQDC(scope: Scope = .all) throws -> String {
        try REFIQDA.codebook(try readScope(scope) { rows in
            REFIQDA.Rows(sessions: try rows.sessions(), codes: try rows.codes(), comments: try rows.comments())
        })
    }

    /// Agreement between the writers of one session (id or unique prefix).
    public func agreement(session: String) throws -> Agreement.Result {
        let (id, comments, prompts) = try read { db in
            let id = try Self.resolveSession(session, db: db)
            let rows = ScopeRows(db, ids: [id])
            return (id, try rows.comments(), try rows.prompts())
        }
        return try Agreement.compute(session: id, comments: comments, promptOrder: prompts.sorted { $0.position < $1.position }.map(\.promptID))
    }
}

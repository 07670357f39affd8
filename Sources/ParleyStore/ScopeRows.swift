import GRDB
import ParleyCore
import ParleyReports

/// Reads the rows ParleyReports builds documents from, for the sessions in scope, on one connection:
/// a document's rows are all read inside one transaction (one consistent snapshot).
struct ScopeRows {
    let db: any StoreSQL
    /// Session ids in scope, oldest first.
    let ids: [String]
    private let scope: [(any DatabaseValueConvertible)?]

    init(_ db: any StoreSQL, ids: [String]) {
        self.db = db
        self.ids = ids
        scope = ids
    }

    /// `WHERE` clause keeping the rows of the sessions in scope (`column` names the session).
    private func inScope(_ column: String = "session") -> String { "\(column) IN (\(placeholders(ids.count)))" }

    func sessions() throws -> [SessionRow] {
        try db.records(SessionRow.self, """
            SELECT id, deck_id, deck_title, format, started_at, last_event_at, duration_ms, ended, events, writers, participants, comments
            FROM sessions WHERE \(inScope("id")) ORDER BY id
            """, scope)
    }

    func writers() throws -> [SessionWriterRow] {
        try db.records(SessionWriterRow.self, "SELECT session, writer, missing_seqs FROM session_writers WHERE \(inScope()) ORDER BY session, writer", scope)
    }

    func tombstones() throws -> [TombstoneRow] {
        try db.records(TombstoneRow.self, "SELECT session, participant FROM tombstones WHERE \(inScope()) ORDER BY session, participant", scope)
    }

    func prompts() throws -> [PromptRow] {
        try db.records(PromptRow.self, """
            SELECT session, prompt_id, position, kind, title, persona_id, persona_name, image FROM prompts WHERE \(inScope()) ORDER BY session, prompt_id
            """, scope)
    }

    func participants() throws -> [ParticipantRow] {
        try db.records(ParticipantRow.self, """
            SELECT session, participant, position, table_name, attributes FROM participants WHERE \(inScope()) ORDER BY session, participant
            """, scope)
    }

    func groups() throws -> [CommentGroupRow] {
        try db.records(CommentGroupRow.self, """
            SELECT session, prompt_id, participant, table_name, round, comments, untagged FROM comment_groups WHERE \(inScope())
            """, scope)
    }

    func tagCounts() throws -> [TagCountRow] {
        try db.records(TagCountRow.self, "SELECT session, dimension, key, tag, comments FROM tag_counts WHERE \(inScope()) ORDER BY session, dimension, key, tag", scope)
    }

    func tagPairs() throws -> [TagPairRow] {
        try db.records(TagPairRow.self, "SELECT session, tag, other_tag, comments FROM tag_pairs WHERE \(inScope()) ORDER BY session, tag, other_tag", scope)
    }

    func codes() throws -> [CodeRow] {
        try db.records(CodeRow.self, """
            SELECT session, tag, position, label, description, group_id, group_label, emergent FROM codes WHERE \(inScope()) ORDER BY session, tag
            """, scope)
    }

    /// The first live comment with each emergent code, per session.
    func emergentCodeExamples() throws -> [CodeExampleRow] {
        try db.records(CodeExampleRow.self, """
            SELECT k.session, k.tag, c.text, c.participant FROM codes k JOIN comments c ON c.n = k.first_comment_n
            WHERE k.emergent = 1 AND \(inScope("k.session")) ORDER BY k.session, k.tag
            """, scope)
    }

    func markers() throws -> [MarkerRow] {
        try db.records(MarkerRow.self, "SELECT session, ordinal, at, writer, prompt_id, label FROM markers WHERE \(inScope()) ORDER BY session, ordinal", scope)
    }

    func recordings() throws -> [RecordingRow] {
        try db.records(RecordingRow.self, """
            SELECT session, ordinal, recording_id, event_id, at, writer, label, duration_ms FROM recordings WHERE \(inScope()) ORDER BY session, ordinal
            """, scope)
    }

    /// Calls `body` with each live comment in scope, sessions oldest first, each in comment order, as
    /// they are read. With `remarks`, each comment carries its remark id (derived with the session).
    func visitComments(remarks: Bool = false, _ body: (CommentRecord) throws -> Void) throws {
        let sql = """
            SELECT c.comment_id, c.session, s.deck_id, c.writer, c.at, c.prompt_id, p.position AS prompt_position,
                   p.title AS prompt_title, p.kind AS prompt_kind, p.persona_id, p.persona_name, p.image, c.participant,
                   c.table_name, c.round, c.text, c.tags, c.edited, c.remark_id
            FROM comments c
            JOIN sessions s ON s.id = c.session
            LEFT JOIN prompts p ON p.session = c.session AND p.prompt_id = c.prompt_id
            WHERE c.session = ? AND c.deleted = 0
            ORDER BY c.ordinal
            """
        // Columns are found by name once, or, where rows may list them in another order, whenever they do.
        var names: [String] = []
        var columns: CommentColumns?
        let checkOrder = !db.columnsInQueryOrder
        for session in ids {
            try db.eachRow(sql, [session]) { row in
                if columns == nil || (checkOrder && !row.columnNames.elementsEqual(names)) {
                    names = Array(row.columnNames)
                    columns = try CommentColumns(names)
                }
                var record = columns!.record(row)
                if !remarks { record.remarkID = nil }
                try body(record)
            }
        }
    }

    func comments() throws -> [CommentRecord] {
        var comments: [CommentRecord] = []
        try visitComments { comments.append($0) }
        return comments
    }

    /// The report's rows: counting remarks, from the remark counts derived with each session.
    func report(countingRemarks: Bool) throws -> ReportRows {
        ReportRows(sessions: try sessions(), writers: try writers(), tombstones: try tombstones(), prompts: try prompts(),
                   participants: try participants(), groups: countingRemarks ? [] : try groups(),
                   tagCounts: countingRemarks ? [] : try tagCounts(), tagPairs: countingRemarks ? [] : try tagPairs(),
                   codes: try codes(), codeExamples: try emergentCodeExamples(),
                   remarks: countingRemarks ? RemarkCounts(rows: try remarkRows()) : nil)
    }

    func remarkRows() throws -> RemarkRows {
        RemarkRows(groups: try db.records(CommentGroupRow.self, """
                       SELECT session, prompt_id, participant, table_name, round, comments, untagged FROM remark_groups WHERE \(inScope())
                       """, scope),
                   tagCounts: try db.records(TagCountRow.self, """
                       SELECT session, dimension, key, tag, comments FROM remark_tag_counts WHERE \(inScope())
                       ORDER BY session, dimension, key, tag
                       """, scope),
                   tagPairs: try db.records(TagPairRow.self, """
                       SELECT session, tag, other_tag, comments FROM remark_tag_pairs WHERE \(inScope()) ORDER BY session, tag, other_tag
                       """, scope),
                   writers: try db.records(RemarkWriterRow.self, """
                       SELECT session, writer, comments, joined FROM remark_writers WHERE \(inScope()) ORDER BY session, writer
                       """, scope),
                   sessions: try db.records(RemarkSessionRow.self, """
                       SELECT session, remarks, joined_remarks FROM remark_sessions WHERE \(inScope()) ORDER BY session
                       """, scope))
    }

    /// Every writer's `session.started` (deck snapshot and where the deck file was), each session's in event order.
    func starts() throws -> [REFIQDA.StartRow] {
        try ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.flatMap { session in
            try StoredLines.read(db, session: session).events(ofTypes: ["session.started"]).sorted(by: StoredLines.writtenOrder)
                .compactMap { event in
                    guard case .sessionStarted(let start) = event.body else { return nil }
                    return REFIQDA.StartRow(session: event.session, writer: event.writer, start: start)
                }
        }
    }

    func project() throws -> REFIQDA.Rows {
        REFIQDA.Rows(sessions: try sessions(), writers: try writers(), participants: try participants(), markers: try markers(),
                     prompts: try prompts(), codes: try codes(), comments: try comments(), starts: try starts(),
                     recordings: try recordings())
    }

    func summaries() throws -> [SessionSummary] {
        SessionSummary.list(sessions: try sessions(), writers: try writers(), tombstones: try tombstones())
    }
}

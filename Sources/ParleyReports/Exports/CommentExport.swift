/// The comment exports of `parley export` (docs/export-columns.md): CSV one row per comment, CSV one
/// row per comment × tag, and JSON are built a comment at a time (the store hands them over a session
/// at a time, grouped into remarks), so a million comments stream through.
public enum CommentExport {
    /// Columns of the one-row-per-comment CSV, in order.
    public static let csvColumns = ["comment_id", "session_id", "deck_id", "writer", "at", "prompt_id", "prompt_position",
                                    "prompt_title", "prompt_kind", "persona_id", "persona_name", "screen", "participant",
                                    "table", "round", "text", "tags", "edited", "remark_id"]
    /// Columns of the long CSV: the comment's columns with `tags` replaced by one tag and its code's details.
    public static let csvLongColumns = ["comment_id", "session_id", "deck_id", "writer", "at", "prompt_id", "prompt_position",
                                        "prompt_title", "prompt_kind", "persona_id", "persona_name", "screen", "participant",
                                        "table", "round", "text", "tag", "tag_position", "code_label", "code_group", "emergent", "edited",
                                        "remark_id"]
}

extension CSVWriter {
    /// The export columns both CSVs start with: comment_id … text.
    mutating func commentFields(_ comment: CommentRecord) {
        field(comment.commentID); field(comment.sessionID); field(comment.deckID); field(comment.writer); field(comment.at)
        field(comment.promptID); field(comment.promptPosition.map(String.init) ?? ""); field(comment.promptTitle)
        field(comment.promptKind); field(comment.personaID ?? ""); field(comment.personaName ?? ""); field(comment.screen ?? "")
        field(comment.participant ?? ""); field(comment.table ?? ""); field(comment.round.map(String.init) ?? ""); field(comment.text)
    }
}

/// `--format csv`: one row per comment, its tags `;`-separated.
public struct CommentsCSV {
    private var writer = CSVWriter()

    public init() { writer.row(CommentExport.csvColumns) }

    public mutating func append(_ comment: CommentRecord) {
        writer.commentFields(comment)
        writer.field(comment.tags.joined(separator: ";"))
        writer.field(comment.edited ? "true" : "false")
        writer.field(comment.remarkID ?? "")
        writer.endRow()
    }

    public func finish() -> String { writer.output }
}

/// `--format csv-long`: one row per comment and tag, with the code's label, group and whether it is
/// emergent; a comment without tags gives one row with the tag columns empty.
public struct CommentsLongCSV {
    private var writer = CSVWriter()
    /// session → tag → code
    private let codes: [String: [String: CodeRow]]

    public init(codes: [CodeRow]) {
        var bySession: [String: [String: CodeRow]] = [:]
        for code in codes { bySession[code.session, default: [:]][code.tag] = code }
        self.codes = bySession
        writer.row(CommentExport.csvLongColumns)
    }

    public mutating func append(_ comment: CommentRecord) {
        let edited = comment.edited ? "true" : "false"
        guard !comment.tags.isEmpty else {
            writer.commentFields(comment)
            for value in ["", "", "", "", "", edited, comment.remarkID ?? ""] { writer.field(value) }
            writer.endRow()
            return
        }
        for (index, tag) in comment.tags.enumerated() {
            let code = codes[comment.sessionID]?[tag]
            writer.commentFields(comment)
            for value in [tag, String(index + 1), code?.label ?? tag, code?.groupLabel ?? "", (code?.emergent ?? true) ? "true" : "false", edited,
                          comment.remarkID ?? ""] {
                writer.field(value)
            }
            writer.endRow()
        }
    }

    public func finish() -> String { writer.output }
}

/// `--format json`: `{"format": "parley-export", "version": 1, "sessions": […], "codes": […], "comments": […]}`,
/// one session, code or comment per line; keys in the documented order; absent values are null.
public struct CommentsJSON {
    private var json = JSONText()
    private var comments = 0

    static let commentKeys = ["comment_id", "session_id", "deck_id", "writer", "at", "prompt_id", "prompt_position", "prompt_title",
                              "prompt_kind", "persona_id", "persona_name", "screen", "participant", "table", "round", "text", "tags",
                              "edited", "remark_id"]

    /// Starts the document with the sessions (in the order given) and their codes (each session's in codebook order).
    public init(sessions: [SessionSummary], codes: [CodeRow]) {
        json.raw("{\n  \"format\": \"parley-export\",\n  \"version\": 1,\n  \"sessions\": [")
        for (index, session) in sessions.enumerated() {
            json.raw(index == 0 ? "\n    " : ",\n    ")
            write(session)
        }
        json.raw(sessions.isEmpty ? "],\n  \"codes\": [" : "\n  ],\n  \"codes\": [")
        let place = Dictionary(uniqueKeysWithValues: sessions.enumerated().map { ($1.id, $0) })
        let listed = codes.filter { place[$0.session] != nil }
            .sorted { (place[$0.session]!, $0.position) < (place[$1.session]!, $1.position) }
        for (index, code) in listed.enumerated() {
            json.raw(index == 0 ? "\n    " : ",\n    ")
            write(code)
        }
        json.raw(listed.isEmpty ? "],\n  \"comments\": [" : "\n  ],\n  \"comments\": [")
    }

    private mutating func write(_ session: SessionSummary) {
        json.object(["id", "deck_id", "deck_title", "format", "started_at", "last_event_at", "duration_ms", "writers",
                     "participants", "comments"]) { json, key in
            switch key {
            case 0: json.string(session.id)
            case 1: json.string(session.deckID)
            case 2: json.string(session.deckTitle)
            case 3: json.string(session.format)
            case 4: json.string(session.startedAt)
            case 5: json.string(session.lastEventAt)
            case 6: json.number(session.durationMilliseconds)
            case 7: json.strings(session.writers)
            case 8: json.number(session.participants)
            default: json.number(session.comments)
            }
        }
    }

    private mutating func write(_ code: CodeRow) {
        json.object(["session_id", "tag", "label", "description", "group_id", "group_label", "emergent"]) { json, key in
            switch key {
            case 0: json.string(code.session)
            case 1: json.string(code.tag)
            case 2: json.string(code.label)
            case 3: json.string(code.description)
            case 4: json.string(code.groupID)
            case 5: json.string(code.groupLabel)
            default: json.bool(code.emergent)
            }
        }
    }

    public mutating func append(_ comment: CommentRecord) {
        json.raw(comments == 0 ? "\n    " : ",\n    ")
        comments += 1
        json.object(Self.commentKeys) { json, key in
            switch key {
            case 0: json.string(comment.commentID)
            case 1: json.string(comment.sessionID)
            case 2: json.string(comment.deckID)
            case 3: json.string(comment.writer)
            case 4: json.string(comment.at)
            case 5: json.string(comment.promptID)
            case 6: json.number(comment.promptPosition)
            case 7: json.string(comment.promptTitle)
            case 8: json.string(comment.promptKind)
            case 9: json.string(comment.personaID)
            case 10: json.string(comment.personaName)
            case 11: json.string(comment.screen)
            case 12: json.string(comment.participant)
            case 13: json.string(comment.table)
            case 14: json.number(comment.round)
            case 15: json.string(comment.text)
            case 16: json.strings(comment.tags)
            case 17: json.bool(comment.edited)
            default: json.string(comment.remarkID)
            }
        }
    }

    public mutating func finish() -> String {
        json.raw(comments == 0 ? "]\n}\n" : "\n  ]\n}\n")
        return json.buffer.string
    }
}

import Foundation
import GRDB
import ParleyCore

/// UTF-8 text built as bytes: the exports write hundreds of thousands of rows.
struct TextBuffer {
    var bytes: [UInt8] = []

    @inline(__always) mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func append(byte: UInt8) { bytes.append(byte) }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// RFC 4180 CSV: fields separated by commas, records by CRLF; a field holding a comma, a double
/// quote, CR or LF is enclosed in double quotes with inner quotes doubled. UTF-8, no byte order mark.
public struct CSVWriter: Sendable {
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    public init() {}

    public var output: String { String(decoding: buffer, as: UTF8.self) }

    public mutating func row(_ fields: [String]) {
        for field in fields { self.field(field) }
        endRow()
    }

    /// Appends one field to the current row.
    public mutating func field(_ value: String) {
        var value = value
        value.withUTF8 { field(bytes: $0) }
    }

    /// Appends one field given as UTF-8 bytes.
    mutating func field(bytes: UnsafeBufferPointer<UInt8>) {
        if fieldsInRow > 0 { buffer.append(0x2C) }
        fieldsInRow += 1
        var needsQuotes = false
        for byte in bytes where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { needsQuotes = true; break }
        guard needsQuotes else { buffer.append(contentsOf: bytes); return }
        buffer.append(0x22)
        for byte in bytes {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte)
        }
        buffer.append(0x22)
    }

    public mutating func endRow() {
        buffer.append(0x0D); buffer.append(0x0A)
        fieldsInRow = 0
    }

    public static func escape(_ field: String) -> String {
        var writer = CSVWriter()
        writer.field(field)
        return writer.output
    }
}

/// JSON text (RFC 8259) with keys in the order written, for the JSON export.
struct JSONText {
    var buffer = TextBuffer()

    mutating func raw(_ text: String) { buffer.append(text) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(bytes: $0) }
    }

    mutating func string(bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(byte: 0x22)
        for byte in bytes {
            switch byte {
            case 0x22: buffer.append("\\\"")
            case 0x5C: buffer.append("\\\\")
            case 0x0A: buffer.append("\\n")
            case 0x0D: buffer.append("\\r")
            case 0x09: buffer.append("\\t")
            case 0..<0x20: buffer.append(String(format: "\\u%04x", Int(byte)))
            default: buffer.append(byte: byte)
            }
        }
        buffer.append(byte: 0x22)
    }

    mutating func string(_ value: String?) { if let value { string(value) } else { raw("null") } }
    mutating func number(_ value: Int?) { raw(value.map(String.init) ?? "null") }
    mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    /// `{"key": value, …}` with `fields` writing each value after its key.
    mutating func object(_ keys: [String], _ write: (inout JSONText, Int) -> Void) {
        raw("{")
        for (index, key) in keys.enumerated() {
            if index > 0 { raw(", ") }
            string(key)
            raw(": ")
            write(&self, index)
        }
        raw("}")
    }

    mutating func strings(_ values: [String]) {
        raw("[")
        for (index, value) in values.enumerated() {
            if index > 0 { raw(", ") }
            string(value)
        }
        raw("]")
    }
}

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

extension Store {
    /// Columns of the one-row-per-comment CSV, in order.
    public static let csvColumns = ["comment_id", "session_id", "deck_id", "writer", "at", "prompt_id", "prompt_position",
                                    "prompt_title", "prompt_kind", "persona_id", "persona_name", "screen", "participant",
                                    "table", "round", "text", "tags", "edited"]
    /// Columns of the long CSV: the comment's columns with `tags` replaced by one tag and its code's details.
    public static let csvLongColumns = ["comment_id", "session_id", "deck_id", "writer", "at", "prompt_id", "prompt_position",
                                        "prompt_title", "prompt_kind", "persona_id", "persona_name", "screen", "participant",
                                        "table", "round", "text", "tag", "tag_position", "code_label", "code_group", "emergent", "edited"]

    /// The export as text (all formats are text).
    public func export(_ format: ExportFormat, scope: Scope = .all) throws -> String {
        switch format {
        case .csv: return try exportCSV(scope)
        case .csvLong: return try exportLongCSV(scope)
        case .json: return try exportJSON(scope)
        case .md: return try exportMarkdown(scope)
        case .html: return ReportRenderer.html(try report(scope))
        }
    }

    /// The first 16 export columns (comment_id … text), straight from the row.
    private static func commentFields(_ row: RawRows, into writer: inout CSVWriter) {
        for column in Int32(0)..<16 { writer.field(bytes: row.bytes(column)) }
    }

    func exportCSV(_ scope: Scope) throws -> String {
        var writer = CSVWriter()
        writer.row(Self.csvColumns)
        try visitComments(scope) { row in
            Self.commentFields(row, into: &writer)
            writer.field(bytes: row.bytes(16))
            writer.field(row.bool(17) ? "true" : "false")
            writer.endRow()
        }
        return writer.output
    }

    func exportLongCSV(_ scope: Scope) throws -> String {
        let codes = try codes(scope)
        var writer = CSVWriter()
        writer.row(Self.csvLongColumns)
        try visitComments(scope) { row in
            let edited = row.bool(17) ? "true" : "false"
            let tags = row.text(16)
            if tags.isEmpty {
                Self.commentFields(row, into: &writer)
                for value in ["", "", "", "", "", edited] { writer.field(value) }
                writer.endRow()
                return
            }
            let session = row.text(1)
            for (index, tag) in tags.split(separator: ";").enumerated() {
                let code = codes[session]?[String(tag)]
                Self.commentFields(row, into: &writer)
                for value in [String(tag), String(index + 1), code?.label ?? String(tag), code?.groupLabel ?? "",
                              (code?.emergent ?? true) ? "true" : "false", edited] {
                    writer.field(value)
                }
                writer.endRow()
            }
        }
        return writer.output
    }

    /// `{"format": "parley-export", "version": 1, "sessions": […], "codes": […], "comments": […]}`,
    /// one session, code or comment per line; keys in the documented order; absent values are null.
    func exportJSON(_ scope: Scope) throws -> String {
        let ids = try read { db in try sessionIDs(scope, db: db) }
        let sessions = try self.sessions().filter { ids.contains($0.id) }
        let codes = try self.codes(scope)
        let codeOrder = try read { db in
            try ids.flatMap { session in
                try String.fetchAll(db, sql: "SELECT tag FROM codes WHERE session = ? ORDER BY position", arguments: [session]).map { (session, $0) }
            }
        }
        var json = JSONText()
        json.raw("{\n  \"format\": \"parley-export\",\n  \"version\": 1,\n  \"sessions\": [")
        for (index, session) in sessions.enumerated() {
            json.raw(index == 0 ? "\n    " : ",\n    ")
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
        json.raw(sessions.isEmpty ? "],\n  \"codes\": [" : "\n  ],\n  \"codes\": [")
        var wroteCode = false
        for (session, tag) in codeOrder {
            guard let code = codes[session]?[tag] else { continue }
            json.raw(wroteCode ? ",\n    " : "\n    ")
            wroteCode = true
            json.object(["session_id", "tag", "label", "description", "group_id", "group_label", "emergent"]) { json, key in
                switch key {
                case 0: json.string(session)
                case 1: json.string(code.tag)
                case 2: json.string(code.label)
                case 3: json.string(code.description)
                case 4: json.string(code.groupID)
                case 5: json.string(code.groupLabel)
                default: json.bool(code.emergent)
                }
            }
        }
        json.raw(wroteCode ? "\n  ],\n  \"comments\": [" : "],\n  \"comments\": [")
        var index = 0
        try visitComments(scope) { row in
            json.raw(index == 0 ? "\n    " : ",\n    ")
            index += 1
            json.raw("{")
            for column in Int32(0)..<18 {
                if column > 0 { json.raw(", ") }
                json.string(Self.jsonCommentKeys[Int(column)])
                json.raw(": ")
                switch column {
                case 6, 14: json.number(row.optionalInt(column))
                case 16:
                    let tags = row.text(16)
                    json.strings(tags.isEmpty ? [] : tags.split(separator: ";").map(String.init))
                case 17: json.bool(row.bool(17))
                case 9, 10, 11, 12, 13:
                    if row.isNull(column) { json.raw("null") } else { json.string(bytes: row.bytes(column)) }
                default: json.string(bytes: row.bytes(column))
                }
            }
            json.raw("}")
        }
        json.raw(index == 0 ? "]\n}\n" : "\n  ]\n}\n")
        return json.buffer.string
    }

    static let jsonCommentKeys = ["comment_id", "session_id", "deck_id", "writer", "at", "prompt_id", "prompt_position", "prompt_title",
                                  "prompt_kind", "persona_id", "persona_name", "screen", "participant", "table", "round", "text", "tags",
                                  "edited"]

    /// A readable transcript: per session, per prompt in deck order, each comment with time, speaker and tags.
    func exportMarkdown(_ scope: Scope) throws -> String {
        let ids = try read { db in try sessionIDs(scope, db: db) }
        let sessions = try self.sessions().filter { ids.contains($0.id) }
        let comments = try comments(scope)
        let prompts = try read { db in
            try Row.fetchAll(db, sql: "SELECT session, prompt_id, position, title, kind FROM prompts ORDER BY session, position")
                .map { (session: $0[0] as String, id: $0[1] as String, position: $0[2] as Int, title: $0[3] as String, kind: $0[4] as String) }
        }
        var bySession: [String: [CommentRecord]] = [:]
        for comment in comments { bySession[comment.sessionID, default: []].append(comment) }
        var promptsBySession: [String: [(id: String, title: String, kind: String)]] = [:]
        for prompt in prompts { promptsBySession[prompt.session, default: []].append((prompt.id, prompt.title, prompt.kind)) }
        var out = TextBuffer()
        out.append("# Parley transcript\n")
        if sessions.isEmpty { out.append("\n_No sessions in the store._\n") }
        for session in sessions {
            out.append("\n## \(ReportRenderer.mdEscape(session.deckTitle.isEmpty ? session.deckID : session.deckTitle))\n\n")
            out.append("Session `\(session.id)` · deck `\(session.deckID)` · started \(ReportRendererTime.short(session.startedAt)) UTC"
                + " · \(Format.duration(session.durationMilliseconds)) · writers: \(session.writers.joined(separator: ", "))"
                + " · \(session.participants) participants · \(session.comments) comments\n")
            let mine = bySession[session.id] ?? []
            var byPrompt: [String: [CommentRecord]] = [:]
            for comment in mine { byPrompt[comment.promptID, default: []].append(comment) }
            var order = promptsBySession[session.id] ?? []
            var listed = Set(order.map(\.id))
            for comment in mine where !listed.contains(comment.promptID) {
                order.append((comment.promptID, comment.promptID, ""))
                listed.insert(comment.promptID)
            }
            for (id, title, kind) in order {
                let list = byPrompt[id] ?? []
                if list.isEmpty && kind == PromptKind.section.rawValue { continue }
                out.append("\n### \(ReportRenderer.mdEscape(title)) (`\(id)`)\n\n")
                if list.isEmpty { out.append("_No comments._\n"); continue }
                for comment in list {
                    let time = comment.at.count >= 19 ? String(comment.at.dropFirst(11).prefix(8)) : comment.at
                    let speaker = comment.participant.map { "**\(ReportRenderer.mdEscape($0))**" } ?? "_(room)_"
                    let tags = comment.tags.isEmpty ? "" : " " + comment.tags.map { "`#\($0)`" }.joined(separator: " ")
                    let table = comment.table.map { " · table \(ReportRenderer.mdEscape($0))" } ?? ""
                    out.append("- \(time) \(speaker): \(ReportRenderer.mdEscape(comment.text))\(tags)\(table)\n")
                }
            }
        }
        return out.string
    }
}

enum ReportRendererTime {
    static func short(_ at: String) -> String {
        guard at.count >= 16 else { return at }
        return String(at.prefix(10)) + " " + String(at.dropFirst(11).prefix(5))
    }
}

extension Format {
    /// 7_080_000 ms → "1h 58m"; under an hour → "42m".
    public static func duration(_ milliseconds: Int) -> String {
        let minutes = milliseconds / 60_000
        return minutes >= 60 ? "\(minutes / 60)h \(String(format: "%02d", minutes % 60))m" : "\(minutes)m"
    }

    /// "2025-03-04T10:02:03.123Z" → "2025-03-04 10:02".
    public static func shortTime(_ at: String) -> String { ReportRendererTime.short(at) }
}

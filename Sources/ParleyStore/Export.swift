import Foundation
import GRDB
import ParleyCore

/// RFC 4180 CSV: fields separated by commas, records by CRLF; a field holding a comma, a double
/// quote, CR or LF is enclosed in double quotes with inner quotes doubled. UTF-8, no byte order mark.
public struct CSVWriter: Sendable {
    public private(set) var output = ""
    public init() {}

    public mutating func row(_ fields: [String]) {
        var first = true
        for field in fields {
            if !first { output += "," }
            first = false
            output += Self.escape(field)
        }
        output += "\r\n"
    }

    public static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { (byte: UInt8) -> Bool in byte == 44 || byte == 34 || byte == 10 || byte == 13 }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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

    private static func fields(_ c: CommentRecord) -> [String] {
        [c.commentID, c.sessionID, c.deckID, c.writer, c.at, c.promptID, c.promptPosition.map(String.init) ?? "", c.promptTitle,
         c.promptKind, c.personaID ?? "", c.personaName ?? "", c.screen ?? "", c.participant ?? "", c.table ?? "",
         c.round.map(String.init) ?? "", c.text]
    }

    func exportCSV(_ scope: Scope) throws -> String {
        var writer = CSVWriter()
        writer.row(Self.csvColumns)
        for comment in try comments(scope) {
            writer.row(Self.fields(comment) + [comment.tags.joined(separator: ";"), comment.edited ? "true" : "false"])
        }
        return writer.output
    }

    func exportLongCSV(_ scope: Scope) throws -> String {
        let codes = try codes(scope)
        var writer = CSVWriter()
        writer.row(Self.csvLongColumns)
        for comment in try comments(scope) {
            let base = Self.fields(comment)
            let edited = comment.edited ? "true" : "false"
            if comment.tags.isEmpty {
                writer.row(base + ["", "", "", "", "", edited])
            }
            for (index, tag) in comment.tags.enumerated() {
                let code = codes[comment.sessionID]?[tag]
                writer.row(base + [tag, String(index + 1), code?.label ?? tag, code?.groupLabel ?? "",
                                   (code?.emergent ?? true) ? "true" : "false", edited])
            }
        }
        return writer.output
    }

    struct JSONExport: Encodable {
        struct Session: Encodable {
            var id: String
            var deck_id: String
            var deck_title: String
            var format: String
            var started_at: String
            var last_event_at: String
            var duration_ms: Int
            var writers: [String]
            var participants: Int
            var comments: Int
        }
        struct Code: Encodable {
            var session_id: String
            var tag: String
            var label: String
            var description: String
            var group_id: String?
            var group_label: String?
            var emergent: Bool
        }
        var format = "parley-export"
        var version = 1
        var sessions: [Session]
        var codes: [Code]
        var comments: [CommentRecord]
    }

    func exportJSON(_ scope: Scope) throws -> String {
        let ids = try read { db in try sessionIDs(scope, db: db) }
        let sessions = try self.sessions().filter { ids.contains($0.id) }
        let codes = try self.codes(scope)
        var codeList: [JSONExport.Code] = []
        let codeOrder = try read { db in
            try Row.fetchAll(db, sql: "SELECT session, tag FROM codes ORDER BY session, position").map { ($0[0] as String, $0[1] as String) }
        }
        for (session, tag) in codeOrder where ids.contains(session) {
            guard let code = codes[session]?[tag] else { continue }
            codeList.append(.init(session_id: session, tag: tag, label: code.label, description: code.description,
                                  group_id: code.groupID, group_label: code.groupLabel, emergent: code.emergent))
        }
        let export = JSONExport(
            sessions: sessions.map {
                .init(id: $0.id, deck_id: $0.deckID, deck_title: $0.deckTitle, format: $0.format, started_at: $0.startedAt,
                      last_event_at: $0.lastEventAt, duration_ms: $0.durationMilliseconds, writers: $0.writers,
                      participants: $0.participants, comments: $0.comments)
            },
            codes: codeList, comments: try comments(scope))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(export), as: UTF8.self) + "\n"
    }

    /// A readable transcript: per session, per prompt in deck order, each comment with time, speaker and tags.
    func exportMarkdown(_ scope: Scope) throws -> String {
        let ids = try read { db in try sessionIDs(scope, db: db) }
        let sessions = try self.sessions().filter { ids.contains($0.id) }
        let comments = try comments(scope)
        let prompts = try read { db in
            try Row.fetchAll(db, sql: "SELECT session, prompt_id, position, title, kind FROM prompts ORDER BY session, position")
                .map { (session: $0[0] as String, id: $0[1] as String, position: $0[2] as Int, title: $0[3] as String, kind: $0[4] as String) }
        }
        var out = "# Parley transcript\n"
        if sessions.isEmpty { out += "\n_No sessions in the store._\n" }
        for session in sessions {
            out += "\n## \(ReportRenderer.mdEscape(session.deckTitle.isEmpty ? session.deckID : session.deckTitle))\n\n"
            out += "Session `\(session.id)` · deck `\(session.deckID)` · started \(ReportRendererTime.short(session.startedAt)) UTC"
                + " · \(Format.duration(session.durationMilliseconds)) · writers: \(session.writers.joined(separator: ", "))"
                + " · \(session.participants) participants · \(session.comments) comments\n"
            let mine = comments.filter { $0.sessionID == session.id }
            var byPrompt: [String: [CommentRecord]] = [:]
            for comment in mine { byPrompt[comment.promptID, default: []].append(comment) }
            var order: [(id: String, title: String, kind: String)] = prompts.filter { $0.session == session.id }.map { ($0.id, $0.title, $0.kind) }
            for comment in mine where !order.contains(where: { $0.id == comment.promptID }) {
                order.append((comment.promptID, comment.promptID, ""))
            }
            for (id, title, kind) in order {
                let list = byPrompt[id] ?? []
                if list.isEmpty && kind == PromptKind.section.rawValue { continue }
                out += "\n### \(ReportRenderer.mdEscape(title)) (`\(id)`)\n\n"
                if list.isEmpty { out += "_No comments._\n"; continue }
                for comment in list {
                    let time = comment.at.count >= 19 ? String(comment.at.dropFirst(11).prefix(8)) : comment.at
                    let speaker = comment.participant.map { "**\(ReportRenderer.mdEscape($0))**" } ?? "_(room)_"
                    let tags = comment.tags.isEmpty ? "" : " " + comment.tags.map { "`#\($0)`" }.joined(separator: " ")
                    let table = comment.table.map { " · table \(ReportRenderer.mdEscape($0))" } ?? ""
                    out += "- \(time) \(speaker): \(ReportRenderer.mdEscape(comment.text))\(tags)\(table)\n"
                }
            }
        }
        return out
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

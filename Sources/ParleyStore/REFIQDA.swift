import Crypto
import Foundation
import GRDB
import ParleyCore
import ZIPFoundation

/// REFI-QDA (QDA-XML 1.0) export: a `.qdpx` project (zip of `project.qde` + `sources/<guid>.txt`) and a
/// `.qdc` codebook. Valid against Project-mrt2019.xsd / Codebook-mrt2019.xsd; see docs/refi-qda.md.
///
/// Deterministic: GUIDs are derived from ids, elements are written in store order, zip entries carry a
/// fixed date, so the same store gives byte-identical files.
public enum REFIQDA {
    /// One text source file of the project.
    public struct SourceFile: Sendable, Equatable {
        /// Path inside the zip: `sources/<guid>.txt`.
        public var path: String
        public var text: String
    }

    /// The project as text: `project.qde` and its source files.
    public struct Project: Sendable {
        public var qde: String
        public var sources: [SourceFile]
    }

    /// A UUID-shaped GUID (version 5 style, RFC 4122 variant) derived from SHA-256 of a namespace and an id.
    public static func guid(_ kind: String, _ parts: String...) -> String {
        let key = "parley:refi-qda:" + kind + ":" + parts.joined(separator: "\u{1F}")
        var hex = Array(SHA256.hash(data: Data(key.utf8)).hex.prefix(32))
        hex[12] = "5"
        let variant = Int(String(hex[16]), radix: 16)! & 0x3 | 0x8
        hex[16] = Character(String(variant, radix: 16))
        let s = String(hex)
        func part(_ from: Int, _ to: Int) -> Substring {
            s[s.index(s.startIndex, offsetBy: from)..<s.index(s.startIndex, offsetBy: to)]
        }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// Escapes text for XML element content or attribute values; drops characters XML 1.0 forbids.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where attribute: out.append(contentsOf: "&quot;".unicodeScalars)
            case "\n" where attribute: out.append(contentsOf: "&#10;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            case "\t" where attribute: out.append(contentsOf: "&#9;".unicodeScalars)
            default:
                let v = scalar.value
                if v < 0x20 && v != 0x09 && v != 0x0A { continue }
                if v == 0xFFFE || v == 0xFFFF { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The fixed modification date of every zip entry (2000-01-01T00:00:00 local DOS time).
    static let zipDate = Date(timeIntervalSince1970: 946_684_800)

    /// A `.qdpx` archive (zip) of the project.
    public static func archive(_ project: Project) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        var entries: [(String, Data)] = [("project.qde", Data(project.qde.utf8))]
        for source in project.sources { entries.append((source.path, Data(source.text.utf8))) }
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: zipDate,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw UserError("could not build the .qdpx archive in memory") }
        return data
    }

    /// The entries of a zip archive, path → bytes (for checking an exported `.qdpx`).
    public static func entries(of data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [String: Data] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
            result[entry.path] = bytes
        }
        return result
    }
}

/// A tiny XML writer: indented elements, attributes in the order given, no empty containers by construction.
struct XMLOut {
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    var depth = 0

    private var pad: String { String(repeating: "  ", count: depth) }

    private static func attrs(_ attributes: [(String, String?)]) -> String {
        attributes.compactMap { key, value in value.map { " \(key)=\"\(REFIQDA.escape($0, attribute: true))\"" } }.joined()
    }

    mutating func open(_ name: String, _ attributes: [(String, String?)] = []) {
        text += "\(pad)<\(name)\(Self.attrs(attributes))>\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += "\(pad)</\(name)>\n"
    }

    mutating func empty(_ name: String, _ attributes: [(String, String?)] = []) {
        text += "\(pad)<\(name)\(Self.attrs(attributes))/>\n"
    }

    mutating func leaf(_ name: String, _ content: String) {
        text += "\(pad)<\(name)>\(REFIQDA.escape(content))</\(name)>\n"
    }
}

/// The codebook of the exported sessions: groups as parent codes, emergent codes under their own parent.
struct REFICodebook {
    struct Node { var guid: String; var name: String; var description: String; var codes: [(guid: String, tag: String, label: String, description: String)] }
    var groups: [Node] = []
    /// tag → code GUID
    var guidOfTag: [String: String] = [:]

    static let emergentGroup = "(emergent)"

    mutating func add(tag: String, label: String, description: String, groupID: String?, groupLabel: String?, emergent: Bool) {
        guard guidOfTag[tag] == nil else { return }
        let groupKey = emergent || groupID == nil ? Self.emergentGroup : groupID!
        let guid = REFIQDA.guid("code", tag)
        guidOfTag[tag] = guid
        if let index = groups.firstIndex(where: { $0.guid == REFIQDA.guid("group", groupKey) }) {
            groups[index].codes.append((guid, tag, label, description))
        } else {
            let name = groupKey == Self.emergentGroup ? "Emergent codes" : (groupLabel ?? groupKey)
            let about = groupKey == Self.emergentGroup
                ? "Tags typed during the sessions that are not in the codebook (a folder, not codable itself)."
                : "Codebook group \"\(groupKey)\" (a folder, not codable itself)."
            groups.append(Node(guid: REFIQDA.guid("group", groupKey), name: name, description: about, codes: [(guid, tag, label, description)]))
        }
    }

    func write(into xml: inout XMLOut) {
        xml.open("Codes")
        for group in groups {
            xml.open("Code", [("guid", group.guid), ("name", group.name), ("isCodable", "false")])
            xml.leaf("Description", group.description)
            for code in group.codes {
                let name = code.label.isEmpty ? code.tag : code.label
                if code.description.isEmpty {
                    xml.empty("Code", [("guid", code.guid), ("name", name), ("isCodable", "true")])
                } else {
                    xml.open("Code", [("guid", code.guid), ("name", name), ("isCodable", "true")])
                    xml.leaf("Description", code.description)
                    xml.close("Code")
                }
            }
            xml.close("Code")
        }
        xml.close("Codes")
    }
}

extension Store {
    /// The codebook of the sessions in scope, merged by tag in session order (the first session's label wins).
    func refiCodebook(_ scope: Scope, comments: [CommentRecord]) throws -> REFICodebook {
        var book = REFICodebook()
        try read { db in
            for session in try sessionIDs(scope, db: db) {
                for row in try Row.fetchAll(db, sql: """
                    SELECT tag, label, description, group_id, group_label, emergent FROM codes WHERE session = ? ORDER BY position
                    """, arguments: [session]) {
                    book.add(tag: row[0], label: row[1], description: row[2], groupID: row[3], groupLabel: row[4], emergent: row[5])
                }
            }
        }
        // Any tag on a comment that the codes table does not know (should not happen) is kept as emergent.
        for comment in comments {
            for tag in comment.tags { book.add(tag: tag, label: tag, description: "", groupID: nil, groupLabel: nil, emergent: true) }
        }
        return book
    }

    /// The `.qdc` codebook of the sessions in scope.
    public func exportQDC(scope: Scope = .all) throws -> String {
        let book = try refiCodebook(scope, comments: try comments(scope))
        guard !book.groups.isEmpty else { throw UserError("no codes to export: the sessions in scope have no codebook and no tags") }
        var xml = XMLOut()
        xml.open("CodeBook", [("xmlns", "urn:QDA-XML:codebook:1.0"), ("origin", "Parley")])
        book.write(into: &xml)
        xml.close("CodeBook")
        return xml.text
    }

    /// The `.qdpx` archive of the sessions in scope.
    public func exportQDPX(scope: Scope = .all) throws -> Data {
        try REFIQDA.archive(try refiProject(scope: scope))
    }

    /// The REFI-QDA project of the sessions in scope: `project.qde` and one text source per session.
    public func refiProject(scope: Scope = .all) throws -> REFIQDA.Project {
        let comments = try comments(scope)
        let book = try refiCodebook(scope, comments: comments)
        struct SessionInfo { var id: String; var deckID: String; var deckTitle: String; var startedAt: String; var lastEventAt: String }
        struct Participant { var session: String; var name: String; var table: String?; var attributes: [String: String] }
        struct Marker { var session: String; var ordinal: Int; var at: String; var writer: String; var promptID: String?; var label: String }
        var sessions: [SessionInfo] = []
        var writers: [String] = []
        var participants: [Participant] = []
        var markers: [Marker] = []
        var promptTitles: [String: [String: String]] = [:]
        try read { db in
            let ids = try sessionIDs(scope, db: db)
            for id in ids {
                if let row = try Row.fetchOne(db, sql: "SELECT id, deck_id, deck_title, started_at, last_event_at FROM sessions WHERE id = ?", arguments: [id]) {
                    sessions.append(SessionInfo(id: row[0], deckID: row[1], deckTitle: row[2], startedAt: row[3], lastEventAt: row[4]))
                }
                for writer in try String.fetchAll(db, sql: "SELECT writer FROM session_writers WHERE session = ? ORDER BY writer", arguments: [id])
                where !writers.contains(writer) { writers.append(writer) }
                for row in try Row.fetchAll(db, sql: "SELECT participant, table_name, attributes FROM participants WHERE session = ? ORDER BY position", arguments: [id]) {
                    let json: String = row[2]
                    let attributes = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
                    participants.append(Participant(session: id, name: row[0], table: row[1], attributes: attributes))
                }
                for row in try Row.fetchAll(db, sql: "SELECT ordinal, at, writer, prompt_id, label FROM markers WHERE session = ? ORDER BY ordinal", arguments: [id]) {
                    markers.append(Marker(session: id, ordinal: row[0], at: row[1], writer: row[2], promptID: row[3], label: row[4]))
                }
                for row in try Row.fetchAll(db, sql: "SELECT prompt_id, title FROM prompts WHERE session = ?", arguments: [id]) {
                    promptTitles[id, default: [:]][row[0]] = row[1]
                }
            }
        }
        for comment in comments where !writers.contains(comment.writer) { writers.append(comment.writer) }
        for marker in markers where !writers.contains(marker.writer) { writers.append(marker.writer) }
        // Speakers of live comments who were never announced with participant.added are cases too.
        for comment in comments {
            guard let name = comment.participant,
                  !participants.contains(where: { $0.session == comment.sessionID && $0.name == name }) else { continue }
            participants.append(Participant(session: comment.sessionID, name: name, table: nil, attributes: [:]))
        }
        func userGUID(_ writer: String) -> String { REFIQDA.guid("user", writer) }
        func caseGUID(_ session: String, _ participant: String) -> String { REFIQDA.guid("case", session, participant) }
        func selectionGUID(_ session: String, _ comment: String) -> String { REFIQDA.guid("selection", session, comment) }
        func noteGUID(_ session: String, _ ordinal: Int) -> String { REFIQDA.guid("note", session, String(ordinal)) }

        // The transcripts: one text per session, selections measured in Unicode scalars.
        struct Selection { var comment: CommentRecord; var start: Int; var end: Int }
        var bySession: [String: [CommentRecord]] = [:]
        for comment in comments { bySession[comment.sessionID, default: []].append(comment) }
        var sources: [REFIQDA.SourceFile] = []
        var selections: [String: [Selection]] = [:]
        for session in sessions {
            var text = String.UnicodeScalarView()
            var length = 0
            func add(_ piece: String) { text.append(contentsOf: piece.unicodeScalars); length += piece.unicodeScalars.count }
            add("\(session.deckTitle.isEmpty ? session.deckID : session.deckTitle)\n")
            add("Session \(session.id), started \(session.startedAt)\n")
            var currentPrompt: String?
            for comment in bySession[session.id] ?? [] {
                if comment.promptID != currentPrompt {
                    currentPrompt = comment.promptID
                    let title = promptTitles[session.id]?[comment.promptID] ?? comment.promptID
                    add("\n## \(title)\n\n")
                }
                add("\(comment.participant ?? "Room"): ")
                let start = length
                add(comment.text)
                selections[session.id, default: []].append(Selection(comment: comment, start: start, end: length))
                add("\n")
            }
            let file = REFIQDA.guid("source-file", session.id)
            sources.append(REFIQDA.SourceFile(path: "sources/\(file).txt", text: String(text)))
        }

        // Variables: table, round and session for every case, plus any other participant attribute.
        var extraKeys = Set<String>()
        for participant in participants { extraKeys.formUnion(participant.attributes.keys.filter { $0 != "table" }) }
        let variableNames = ["session", "table", "round"] + extraKeys.subtracting(["session", "round"]).sorted()
        func variableGUID(_ name: String) -> String { REFIQDA.guid("variable", name) }

        var xml = XMLOut()
        xml.open("Project", [("xmlns", "urn:QDA-XML:project:1.0"), ("name", "Parley export"), ("origin", "Parley"),
                             ("creationDateTime", sessions.first?.startedAt)])
        if !writers.isEmpty {
            xml.open("Users")
            for writer in writers { xml.empty("User", [("guid", userGUID(writer)), ("name", writer), ("id", writer)]) }
            xml.close("Users")
        }
        if !book.groups.isEmpty {
            xml.open("CodeBook")
            book.write(into: &xml)
            xml.close("CodeBook")
        }
        if !participants.isEmpty {
            xml.open("Variables")
            for name in variableNames {
                xml.open("Variable", [("guid", variableGUID(name)), ("name", name), ("typeOfVariable", "Text")])
                switch name {
                case "session": xml.leaf("Description", "The Parley session id.")
                case "table": xml.leaf("Description", "World Café table(s): the participant's table attribute, then the tables recorded with their comments, comma-separated.")
                case "round": xml.leaf("Description", "World Café round(s) recorded with the participant's comments, comma-separated.")
                default: xml.leaf("Description", "Participant attribute \"\(name)\".")
                }
                xml.close("Variable")
            }
            xml.close("Variables")
            xml.open("Cases")
            for participant in participants {
                let theirs = (selections[participant.session] ?? []).filter { $0.comment.participant == participant.name }
                var tables: [String] = participant.table.map { [$0] } ?? []
                for selection in theirs { if let table = selection.comment.table, !tables.contains(table) { tables.append(table) } }
                var rounds: [Int] = []
                for selection in theirs { if let round = selection.comment.round, !rounds.contains(round) { rounds.append(round) } }
                var values: [(String, String)] = [("session", participant.session)]
                if !tables.isEmpty { values.append(("table", tables.joined(separator: ", "))) }
                if !rounds.isEmpty { values.append(("round", rounds.sorted().map(String.init).joined(separator: ", "))) }
                for key in participant.attributes.keys.sorted() where key != "table" && key != "session" && key != "round" {
                    values.append((key, participant.attributes[key]!))
                }
                let name = sessions.count > 1 ? "\(participant.name) (\(participant.session.prefix(8)))" : participant.name
                xml.open("Case", [("guid", caseGUID(participant.session, participant.name)), ("name", name)])
                for (key, value) in values {
                    xml.open("VariableValue")
                    xml.empty("VariableRef", [("targetGUID", variableGUID(key))])
                    xml.leaf("TextValue", value)
                    xml.close("VariableValue")
                }
                for selection in theirs {
                    xml.empty("SelectionRef", [("targetGUID", selectionGUID(participant.session, selection.comment.commentID))])
                }
                xml.close("Case")
            }
            xml.close("Cases")
        }
        if !sessions.isEmpty {
            xml.open("Sources")
            for (index, session) in sessions.enumerated() {
                xml.open("TextSource", [("guid", REFIQDA.guid("source", session.id)),
                                        ("name", "\(session.deckTitle.isEmpty ? session.deckID : session.deckTitle) — \(session.id.prefix(8))"),
                                        ("plainTextPath", "internal://" + (sources[index].path.dropFirst("sources/".count))),
                                        ("creationDateTime", session.startedAt)])
                xml.leaf("Description", "Parley session \(session.id) (deck \(session.deckID)): comments in session order under prompt headings. Positions are Unicode code points, 0-based, end-exclusive.")
                for selection in selections[session.id] ?? [] {
                    let comment = selection.comment
                    let guid = selectionGUID(session.id, comment.commentID)
                    let firstLine = comment.text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                    let name = firstLine.count > 80 ? String(firstLine.prefix(79)) + "…" : firstLine
                    let attributes: [(String, String?)] = [("guid", guid), ("name", name), ("startPosition", String(selection.start)),
                                                           ("endPosition", String(selection.end)), ("creatingUser", userGUID(comment.writer)),
                                                           ("creationDateTime", comment.at)]
                    if comment.tags.isEmpty {
                        xml.empty("PlainTextSelection", attributes)
                        continue
                    }
                    xml.open("PlainTextSelection", attributes)
                    for tag in comment.tags {
                        xml.open("Coding", [("guid", REFIQDA.guid("coding", session.id, comment.commentID, tag)),
                                            ("creatingUser", userGUID(comment.writer)), ("creationDateTime", comment.at)])
                        xml.empty("CodeRef", [("targetGUID", book.guidOfTag[tag]!)])
                        xml.close("Coding")
                    }
                    xml.close("PlainTextSelection")
                }
                for marker in markers where marker.session == session.id {
                    xml.empty("NoteRef", [("targetGUID", noteGUID(session.id, marker.ordinal))])
                }
                xml.close("TextSource")
            }
            xml.close("Sources")
        }
        if !markers.isEmpty {
            xml.open("Notes")
            for marker in markers {
                xml.open("Note", [("guid", noteGUID(marker.session, marker.ordinal)), ("name", "Marker: \(marker.label)"),
                                  ("creatingUser", userGUID(marker.writer)), ("creationDateTime", marker.at)])
                let prompt = marker.promptID.map { promptTitles[marker.session]?[$0] ?? $0 }
                xml.leaf("Description", "Facilitator marker in session \(marker.session)" + (prompt.map { " during \"\($0)\"" } ?? "") + " at \(marker.at).")
                xml.leaf("PlainTextContent", marker.label)
                xml.close("Note")
            }
            xml.close("Notes")
        }
        xml.leaf("Description", "Exported by Parley: one text source per session, every comment a coded selection, participants as cases, writers as users, facilitator markers as notes. Withdrawn participants and deleted comments are left out.")
        xml.close("Project")
        return REFIQDA.Project(qde: xml.text, sources: sources)
    }
}

import Foundation
import GRDB
import ParleyCore

/// A report: titled sections of tables, rendered as text, Markdown, HTML or CSV (ReportRenderer).
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

extension Store {
    /// Builds the report over the sessions in scope. Numbers count live (not deleted, not withdrawn)
    /// comments. See docs/store.md for what each table means.
    public func report(_ scope: Scope = .all) throws -> Report {
        try read { db in try ReportBuilder(db: db, ids: try sessionIDs(scope, db: db)).build() }
    }
}

private struct ReportBuilder {
    let db: Database
    let ids: [String]
    let scopeJSON: String

    init(db: Database, ids: [String]) {
        self.db = db
        self.ids = ids
        scopeJSON = Store.jsonArray(ids)
    }

    struct PromptInfo {
        var id: String
        var position: Int
        var kind: String
        var title: String
        var persona: String?
        var personaName: String?
        var image: String?
        var round: Int?
    }

    struct CodeMeta {
        var tag: String
        var label: String
        var group: String
        var emergent: Bool
        var order: Int
    }

    /// A person in a session; printed as `P3`, or `P3 @1a2b3c4d` when the report spans several sessions.
    struct Person: Hashable, Comparable {
        var session: String
        var participant: String
        static func < (a: Person, b: Person) -> Bool { (a.session, a.participant) < (b.session, b.participant) }
    }

    func build() throws -> Report {
        guard !ids.isEmpty else {
            return Report(title: "Parley report", subtitle: ["No sessions in the store yet: merge logs with `parley merge`."], sections: [])
        }
        let multi = ids.count > 1
        let sessionOrder = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        func name(_ person: Person) -> String {
            multi ? "\(person.participant) @\(person.session.prefix(8))" : person.participant
        }
        func personOrder(_ a: Person, _ b: Person) -> Bool {
            let sa = sessionOrder[a.session] ?? 0, sb = sessionOrder[b.session] ?? 0
            if sa != sb { return sa < sb }
            return Self.naturalLess(a.participant, b.participant)
        }

        // Sessions.
        let sessionRows = try Row.fetchAll(db, sql: """
            SELECT id, deck_id, deck_title, format, started_at, duration_ms, writers, participants, comments
            FROM sessions WHERE id IN (SELECT value FROM json_each(?)) ORDER BY started_at, id
            """, arguments: [scopeJSON])
        let worldCafe = sessionRows.contains { ($0[3] as String) == DeckFormat.worldCafe.rawValue }

        // Prompts: deck order of the first session that has each prompt.
        var prompts: [String: PromptInfo] = [:]
        var promptOrder: [String] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT p.prompt_id, p.position, p.kind, p.title, p.persona_id, p.persona_name, p.image, p.round
            FROM prompts p JOIN sessions s ON s.id = p.session
            WHERE p.session IN (SELECT value FROM json_each(?)) ORDER BY s.started_at, s.id, p.position
            """, arguments: [scopeJSON]) {
            let id: String = row[0]
            guard prompts[id] == nil else { continue }
            prompts[id] = PromptInfo(id: id, position: row[1], kind: row[2], title: row[3], persona: row[4], personaName: row[5],
                                     image: row[6], round: row[7])
            promptOrder.append(id)
        }

        // Comment counts at the finest grain, rolled up below.
        struct Group { var session: String; var prompt: String; var participant: String?; var table: String?; var round: Int?; var comments: Int; var untagged: Int }
        let groups = try Row.fetchAll(db, sql: """
            SELECT session, prompt_id, participant, table_name, round, comments, untagged
            FROM comment_groups WHERE session IN (SELECT value FROM json_each(?))
            """, arguments: [scopeJSON]).map {
            Group(session: $0[0], prompt: $0[1], participant: $0[2], table: $0[3], round: $0[4], comments: $0[5], untagged: $0[6])
        }
        struct TagCount { var session: String; var dimension: String; var key: String; var tag: String; var comments: Int }
        let tagCounts = try Row.fetchAll(db, sql: """
            SELECT session, dimension, key, tag, comments
            FROM tag_counts WHERE session IN (SELECT value FROM json_each(?))
            """, arguments: [scopeJSON]).map {
            TagCount(session: $0[0], dimension: $0[1], key: $0[2], tag: $0[3], comments: $0[4])
        }
        // Prompts commented on that are not in any deck snapshot still get a row.
        for group in groups where prompts[group.prompt] == nil {
            prompts[group.prompt] = PromptInfo(id: group.prompt, position: Int.max, kind: "", title: "(not in the deck)")
            promptOrder.append(group.prompt)
        }
        let promptIndex = Dictionary(uniqueKeysWithValues: promptOrder.enumerated().map { ($1, $0) })

        // Codes: codebook order of the first session, then other sessions' extra codes, then emergent A–Z.
        var codes: [String: CodeMeta] = [:]
        var inCodebook: Set<String> = []
        var order = 0
        for row in try Row.fetchAll(db, sql: """
            SELECT c.tag, c.label, coalesce(c.group_label, ''), c.emergent FROM codes c JOIN sessions s ON s.id = c.session
            WHERE c.session IN (SELECT value FROM json_each(?)) ORDER BY s.started_at, s.id, c.position
            """, arguments: [scopeJSON]) {
            let tag: String = row[0], emergent: Bool = row[3]
            if !emergent { inCodebook.insert(tag) }
            if codes[tag] == nil {
                order += 1
                codes[tag] = CodeMeta(tag: tag, label: row[1], group: row[2], emergent: emergent, order: order)
            }
        }
        for tag in inCodebook { codes[tag]?.emergent = false }
        let emergentTags = codes.values.filter(\.emergent).map(\.tag).sorted()
        for (offset, tag) in emergentTags.enumerated() { codes[tag]?.order = 1_000_000 + offset }

        let totalComments = groups.reduce(0) { $0 + $1.comments }
        let totalUntagged = groups.reduce(0) { $0 + $1.untagged }

        // Roll-ups.
        var promptComments: [String: Int] = [:], promptUntagged: [String: Int] = [:], promptSpeakers: [String: Set<Person>] = [:]
        var personComments: [Person: Int] = [:], personPrompts: [Person: [String: Int]] = [:]
        var unattributed = 0
        var tableComments: [String: Int] = [:], tableSpeakers: [String: Set<Person>] = [:]
        var roundComments: [Int: Int] = [:], roundSpeakers: [Int: Set<Person>] = [:]
        var tableRound: [String: [Int: Int]] = [:]
        for group in groups {
            promptComments[group.prompt, default: 0] += group.comments
            promptUntagged[group.prompt, default: 0] += group.untagged
            let person = group.participant.map { Person(session: group.session, participant: $0) }
            if let person {
                promptSpeakers[group.prompt, default: []].insert(person)
                personComments[person, default: 0] += group.comments
                personPrompts[person, default: [:]][group.prompt, default: 0] += group.comments
            } else {
                unattributed += group.comments
            }
            if let table = group.table {
                tableComments[table, default: 0] += group.comments
                if let person { tableSpeakers[table, default: []].insert(person) }
            }
            if let round = group.round {
                roundComments[round, default: 0] += group.comments
                if let person { roundSpeakers[round, default: []].insert(person) }
            }
            if let table = group.table, let round = group.round { tableRound[table, default: [:]][round, default: 0] += group.comments }
        }
        var codeComments: [String: Int] = [:], codePeople: [String: Set<Person>] = [:], codeSessions: [String: Set<String>] = [:]
        var promptCodes: [String: [String: Int]] = [:], tableCodes: [String: [String: Int]] = [:], roundCodes: [Int: [String: Int]] = [:]
        for count in tagCounts {
            switch count.dimension {
            case "prompt":
                // Every comment has a prompt: this dimension holds each tag's full count.
                codeComments[count.tag, default: 0] += count.comments
                codeSessions[count.tag, default: []].insert(count.session)
                promptCodes[count.key, default: [:]][count.tag, default: 0] += count.comments
            case "participant":
                codePeople[count.tag, default: []].insert(Person(session: count.session, participant: count.key))
            case "table":
                tableCodes[count.key, default: [:]][count.tag, default: 0] += count.comments
            case "round":
                if let round = Int(count.key) { roundCodes[round, default: [:]][count.tag, default: 0] += count.comments }
            default:
                break
            }
            if codes[count.tag] == nil {
                codes[count.tag] = CodeMeta(tag: count.tag, label: count.tag, group: "", emergent: true, order: 2_000_000)
            }
        }
        func top(_ counts: [String: Int]?, _ n: Int = 3) -> String {
            guard let counts else { return "" }
            return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(n)
                .map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        }

        var sections: [Report.Section] = []

        // Overview.
        let people = Set(try Row.fetchAll(db, sql: """
            SELECT session, participant FROM participants WHERE session IN (SELECT value FROM json_each(?))
            """, arguments: [scopeJSON]).map { Person(session: $0[0], participant: $0[1]) }).union(personComments.keys)
        let writers = try Int.fetchOne(db, sql: "SELECT count(DISTINCT writer) FROM session_writers WHERE session IN (SELECT value FROM json_each(?))",
                                       arguments: [scopeJSON]) ?? 0
        let withdrawn = try Int.fetchOne(db, sql: "SELECT count(*) FROM tombstones WHERE session IN (SELECT value FROM json_each(?))",
                                         arguments: [scopeJSON]) ?? 0
        let usedCodes = codeComments.keys.count
        let overviewRows: [[Report.Cell]] = [
            [.text("sessions"), .number(ids.count)],
            [.text("comments"), .number(totalComments)],
            [.text("comments without a code"), .number(totalUntagged)],
            [.text("comments without a participant"), .number(unattributed)],
            [.text("participants"), .number(people.count)],
            [.text("writers"), .number(writers)],
            [.text("codes used"), .number(usedCodes)],
            [.text("emergent codes"), .number(codeComments.keys.filter { codes[$0]?.emergent ?? true }.count)],
            [.text("participants withdrawn"), .number(withdrawn)],
        ]
        let sessionTable = Report.Table(
            id: "sessions", title: "Sessions",
            columns: ["session", "deck", "started (UTC)", "duration", "writers", "participants", "comments"],
            rows: sessionRows.map { row in
                [.text(row[0]), .text(row[1]), .text(Self.shortTime(row[4])), .text(Self.duration(row[5])), .number(row[6]),
                 .number(row[7]), .number(row[8])]
            }, chart: nil, emptyNote: "No sessions.")
        sections.append(Report.Section(id: "overview", title: "Overview", notes: [
            "Counts are of comments as they stand now: edits applied, deleted comments and withdrawn participants left out.",
        ], tables: [Report.Table(id: "overview", title: "Totals", columns: ["measure", "value"], rows: overviewRows, chart: nil, emptyNote: ""),
                    sessionTable]))

        // Comments per prompt.
        let promptRows: [[Report.Cell]] = promptOrder.map { id in
            let prompt = prompts[id]!
            return [.text(id), .number(promptIndex[id]! + 1), .text(prompt.kind), .text(prompt.title), .number(promptComments[id] ?? 0),
                    .number(promptSpeakers[id]?.count ?? 0), .number(promptUntagged[id] ?? 0), .text(top(promptCodes[id]))]
        }
        sections.append(Report.Section(id: "prompts", title: "Comments per prompt", notes: [], tables: [
            Report.Table(id: "prompts", title: "Comments per prompt",
                         columns: ["prompt", "#", "kind", "title", "comments", "speakers", "untagged", "top codes"],
                         rows: promptRows, chart: Report.Chart(labelColumn: 0, valueColumn: 4, title: "Comments per prompt"),
                         emptyNote: "No prompts."),
        ]))

        // Per persona.
        var personaOrder: [String] = []
        var personaNames: [String: String] = [:]
        var personaPrompts: [String: [String]] = [:]
        for id in promptOrder {
            guard let prompt = prompts[id], prompt.kind == PromptKind.persona.rawValue, let persona = prompt.persona else { continue }
            if personaPrompts[persona] == nil { personaOrder.append(persona) }
            personaPrompts[persona, default: []].append(id)
            if personaNames[persona] == nil { personaNames[persona] = prompt.personaName ?? persona }
        }
        let personaRows: [[Report.Cell]] = personaOrder.map { persona in
            let ids = personaPrompts[persona]!
            var speakers: Set<Person> = []
            var counts: [String: Int] = [:]
            for id in ids {
                speakers.formUnion(promptSpeakers[id] ?? [])
                for (tag, n) in promptCodes[id] ?? [:] { counts[tag, default: 0] += n }
            }
            return [.text(persona), .text(personaNames[persona] ?? persona), .text(ids.joined(separator: ", ")),
                    .number(ids.reduce(0) { $0 + (promptComments[$1] ?? 0) }), .number(speakers.count), .text(top(counts))]
        }
        sections.append(Report.Section(id: "personas", title: "Comments per persona", notes: [], tables: [
            Report.Table(id: "personas", title: "Comments per persona", columns: ["persona", "name", "prompts", "comments", "speakers", "top codes"],
                         rows: personaRows, chart: Report.Chart(labelColumn: 1, valueColumn: 3, title: "Comments per persona"),
                         emptyNote: "No persona prompts in these sessions."),
        ]))

        // Per screenshot.
        let screenRows: [[Report.Cell]] = promptOrder.compactMap { id in
            guard let prompt = prompts[id], prompt.kind == PromptKind.screenshot.rawValue else { return nil }
            return [.text(id), .text(prompt.title), .text(prompt.image ?? ""), .number(promptComments[id] ?? 0),
                    .number(promptSpeakers[id]?.count ?? 0), .text(top(promptCodes[id]))]
        }
        sections.append(Report.Section(id: "screenshots", title: "Comments per screenshot", notes: [], tables: [
            Report.Table(id: "screenshots", title: "Comments per screenshot", columns: ["prompt", "title", "image", "comments", "speakers", "top codes"],
                         rows: screenRows, chart: Report.Chart(labelColumn: 0, valueColumn: 3, title: "Comments per screenshot"),
                         emptyNote: "No screenshot prompts in these sessions."),
        ]))

        // Code frequencies.
        let codeList = codes.values.sorted { a, b in
            let ca = codeComments[a.tag] ?? 0, cb = codeComments[b.tag] ?? 0
            if ca != cb { return ca > cb }
            return a.order != b.order ? a.order < b.order : a.tag < b.tag
        }
        var codeColumns = ["code", "label", "group", "emergent", "comments", "% of comments", "participants", "% of participants"]
        if multi { codeColumns.append("sessions") }
        let speakingPeople = max(1, personComments.count)
        let codeRows: [[Report.Cell]] = codeList.map { code in
            let n = codeComments[code.tag] ?? 0
            let p = codePeople[code.tag]?.count ?? 0
            var row: [Report.Cell] = [.text(code.tag), .text(code.label), .text(code.emergent ? "(emergent)" : code.group),
                                      .text(code.emergent ? "yes" : "no"), .number(n),
                                      .percent(totalComments == 0 ? 0 : Double(n) / Double(totalComments)), .number(p),
                                      .percent(personComments.isEmpty ? 0 : Double(p) / Double(speakingPeople))]
            if multi { row.append(.number(codeSessions[code.tag]?.count ?? 0)) }
            return row
        }
        sections.append(Report.Section(id: "codes", title: "Code frequencies", notes: [
            "By comments: how many comments carry the code. By participants: how many different people said something coded with it "
                + "(% of the \(personComments.count) participants who spoke). Codebook codes never used are listed with 0.",
        ], tables: [
            Report.Table(id: "codes", title: "Code frequencies", columns: codeColumns, rows: codeRows,
                         chart: Report.Chart(labelColumn: 0, valueColumn: 4, title: "Comments per code"), emptyNote: "No codes."),
        ]))

        // Codes × prompts.
        let matrixPrompts = promptOrder.filter { !(promptCodes[$0] ?? [:]).isEmpty }
        let usedList = codeList.filter { (codeComments[$0.tag] ?? 0) > 0 }
        let matrixRows: [[Report.Cell]] = usedList.map { code in
            [.text(code.tag)] + matrixPrompts.map { id in
                let n = promptCodes[id]?[code.tag] ?? 0
                return n == 0 ? .empty : .number(n)
            } + [.number(codeComments[code.tag] ?? 0)]
        }
        sections.append(Report.Section(id: "codes-by-prompt", title: "Codes × prompts", notes: [
            "Comments with each code (rows) on each prompt (columns); only prompts with coded comments are shown.",
        ], tables: [
            Report.Table(id: "codes-by-prompt", title: "Codes × prompts", columns: ["code"] + matrixPrompts + ["total"], rows: matrixRows,
                         chart: nil, emptyNote: "No coded comments."),
        ]))

        // Co-occurrence.
        let pairs = try Row.fetchAll(db, sql: """
            SELECT tag, other_tag, sum(comments) FROM tag_pairs
            WHERE session IN (SELECT value FROM json_each(?))
            GROUP BY tag, other_tag
            """, arguments: [scopeJSON]).map { (a: $0[0] as String, b: $0[1] as String, n: $0[2] as Int) }
            .sorted { $0.n != $1.n ? $0.n > $1.n : ($0.a, $0.b) < ($1.a, $1.b) }
        sections.append(Report.Section(id: "co-occurrence", title: "Code co-occurrence", notes: [
            "Pairs of codes given to the same comment, most frequent first.",
        ], tables: [
            Report.Table(id: "co-occurrence", title: "Code co-occurrence", columns: ["code", "with code", "comments"],
                         rows: pairs.map { [.text($0.a), .text($0.b), .number($0.n)] }, chart: nil,
                         emptyNote: "No comment has more than one code."),
        ]))

        // Emergent codes.
        let emergentUsed = codeList.filter { $0.emergent && (codeComments[$0.tag] ?? 0) > 0 }.sorted { $0.tag < $1.tag }
        var emergentRows: [[Report.Cell]] = []
        for code in emergentUsed {
            let example = try Row.fetchOne(db, sql: """
                SELECT c.text, c.participant FROM codes k
                JOIN comments c ON c.n = k.first_comment_n
                JOIN sessions s ON s.id = k.session
                WHERE k.tag = ? AND k.session IN (SELECT value FROM json_each(?))
                ORDER BY s.started_at, s.id LIMIT 1
                """, arguments: [code.tag, scopeJSON])
            let text: String = example?[0] ?? ""
            let speaker: String? = example?[1]
            emergentRows.append([.text(code.tag), .number(codeComments[code.tag] ?? 0), .number(codePeople[code.tag]?.count ?? 0),
                                 .text((speaker.map { "\($0): " } ?? "") + Self.truncate(text, 90))])
        }
        sections.append(Report.Section(id: "emergent", title: "Emergent codes", notes: [
            "Tags typed during the session that are not in the codebook: candidates for the next version of it.",
        ], tables: [
            Report.Table(id: "emergent", title: "Emergent codes", columns: ["code", "comments", "participants", "first example"],
                         rows: emergentRows, chart: nil, emptyNote: "No emergent codes: every tag used is in the codebook."),
        ]))

        // Participant coverage.
        let everyone = people.sorted(by: personOrder)
        var tableOf: [Person: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT session, participant, table_name FROM participants
            WHERE table_name IS NOT NULL AND session IN (SELECT value FROM json_each(?))
            """, arguments: [scopeJSON]) {
            tableOf[Person(session: row[0], participant: row[1])] = row[2]
        }
        let discussed = promptOrder.filter { (promptComments[$0] ?? 0) > 0 }
        var medianBySession: [String: Double] = [:]
        for session in ids {
            let counts = everyone.filter { $0.session == session }.map { personComments[$0] ?? 0 }.sorted()
            guard !counts.isEmpty else { continue }
            medianBySession[session] = counts.count % 2 == 1 ? Double(counts[counts.count / 2])
                : Double(counts[counts.count / 2 - 1] + counts[counts.count / 2]) / 2
        }
        func isQuiet(_ person: Person) -> Bool {
            let n = Double(personComments[person] ?? 0)
            return n == 0 || n < (medianBySession[person.session] ?? 0) / 2
        }
        let coverageRows: [[Report.Cell]] = everyone.map { person in
            let spoken = personPrompts[person]?.count ?? 0
            return [.text(name(person)), .text(tableOf[person] ?? ""), .number(personComments[person] ?? 0), .number(spoken),
                    .percent(discussed.isEmpty ? 0 : Double(spoken) / Double(discussed.count)), .text(isQuiet(person) ? "quiet" : "")]
        }
        let whoRows: [[Report.Cell]] = everyone.map { person in
            [.text(name(person))] + discussed.map { id in
                let n = personPrompts[person]?[id] ?? 0
                return n == 0 ? .empty : .number(n)
            }
        } + (unattributed > 0 ? [[.text("(no participant)")] + discussed.map { id in
            let n = groups.filter { $0.prompt == id && $0.participant == nil }.reduce(0) { $0 + $1.comments }
            return n == 0 ? .empty : .number(n)
        }] : [])
        let quiet = everyone.filter(isQuiet)
        sections.append(Report.Section(id: "participants", title: "Participant coverage", notes: [
            "Quiet: a participant with no comments, or fewer than half the median number of comments in their session.",
            quiet.isEmpty ? "No quiet participants." : "Quiet participants: " + quiet.map(name).joined(separator: ", ") + ".",
        ], tables: [
            Report.Table(id: "participants", title: "Participants",
                         columns: ["participant", "table", "comments", "prompts spoken in", "% of discussed prompts", "quiet"],
                         rows: coverageRows, chart: Report.Chart(labelColumn: 0, valueColumn: 2, title: "Comments per participant"),
                         emptyNote: "No participants recorded."),
            Report.Table(id: "participants-by-prompt", title: "Who spoke in which prompt (comments)", columns: ["participant"] + discussed,
                         rows: whoRows, chart: nil, emptyNote: "No comments."),
        ]))

        // World Café.
        if worldCafe || !tableComments.isEmpty || !roundComments.isEmpty {
            let tables = tableComments.keys.sorted(by: Self.naturalLess)
            let rounds = roundComments.keys.sorted()
            sections.append(Report.Section(id: "world-cafe", title: "World Café: tables and rounds", notes: [
                "A comment's table and round are those in force when it was noted (a participant's table when the comment has none).",
            ], tables: [
                Report.Table(id: "tables", title: "Per table", columns: ["table", "comments", "participants", "top codes"],
                             rows: tables.map { [.text($0), .number(tableComments[$0] ?? 0), .number(tableSpeakers[$0]?.count ?? 0),
                                                 .text(top(tableCodes[$0]))] },
                             chart: Report.Chart(labelColumn: 0, valueColumn: 1, title: "Comments per table"),
                             emptyNote: "No comments carry a table."),
                Report.Table(id: "rounds", title: "Per round", columns: ["round", "comments", "participants", "top codes"],
                             rows: rounds.map { [.text(String($0)), .number(roundComments[$0] ?? 0), .number(roundSpeakers[$0]?.count ?? 0),
                                                 .text(top(roundCodes[$0]))] },
                             chart: Report.Chart(labelColumn: 0, valueColumn: 1, title: "Comments per round"),
                             emptyNote: "No comments carry a round."),
                Report.Table(id: "tables-by-round", title: "Comments per table and round", columns: ["table"] + rounds.map { "round \($0)" },
                             rows: tables.map { table in [.text(table)] + rounds.map { round in
                                 let n = tableRound[table]?[round] ?? 0
                                 return n == 0 ? .empty : .number(n)
                             } }, chart: nil, emptyNote: "No comments carry both a table and a round."),
            ]))
        }

        let title: String
        if sessionRows.count == 1 {
            title = "Parley report: \(sessionRows[0][2] as String)"
        } else {
            let decks = Array(Set(sessionRows.map { $0[1] as String })).sorted()
            title = "Parley report: \(sessionRows.count) sessions (\(decks.joined(separator: ", ")))"
        }
        let first = Self.shortTime(sessionRows.first![4]), last = Self.shortTime(sessionRows.last![4])
        let subtitle = ["Sessions: " + (ids.count == 1 ? ids[0] : ids.map { String($0.prefix(8)) }.joined(separator: ", ")),
                        first == last ? "Started \(first) UTC" : "Started \(first) – \(last) UTC"]
        return Report(title: title, subtitle: subtitle, sections: sections)
    }

    /// "P2" < "P10"; plain text order otherwise.
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric]) == .orderedAscending || (a.compare(b, options: [.numeric]) == .orderedSame && a < b)
    }

    static func shortTime(_ at: String) -> String { Format.shortTime(at) }

    static func duration(_ milliseconds: Int) -> String { Format.duration(milliseconds) }

    static func truncate(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}


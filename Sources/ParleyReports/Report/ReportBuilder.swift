import Foundation
import ParleyCore

/// Builds the report from the store's rows: one function per section, each computing from the facts
/// rolled up once. Numbers count live (not deleted, not withdrawn) comments, or the remarks they make
/// when the rows carry them (`rows.remarks`, as `parley report` does by default); docs/store.md says
/// what each table means.
public enum ReportBuilder {
    public static func build(_ rows: ReportRows) -> Report {
        let facts = ReportFacts(rows)
        guard !facts.scope.ids.isEmpty else {
            return Report(title: "Parley report", subtitle: ["No sessions in the store yet: merge logs with `parley merge`."], sections: [])
        }
        var sections = [facts.overviewSection(), facts.promptsSection(), facts.personasSection(), facts.screenshotsSection(), facts.codesSection(),
                        facts.codesByPromptSection(), facts.coOccurrenceSection(), facts.emergentCodesSection(), facts.participantsSection()]
        if let worldCafe = facts.worldCafeSection() { sections.append(worldCafe) }
        return Report(title: facts.title(), subtitle: facts.subtitle(), sections: sections)
    }
}

/// Everything the sections are computed from.
struct ReportFacts {
    /// The rows, with groups, tag counts and tag pairs counted by remark when the report counts remarks.
    let rows: ReportRows
    /// Counting by remark: how the comments were joined.
    let remarks: RemarkCounts?
    /// What the numbers count, as headings and notes name it: "comment" or "remark".
    let one: String
    let many: String
    let scope: SessionOrder
    let prompts: PromptCatalog
    let codeMeta: [String: CodeMeta]
    let comments: CommentTally
    let tags: TagTally
    /// Every code, most used first (ties: codebook order, then emergent A–Z).
    let codeList: [CodeMeta]
    /// Everyone in the sessions: announced with participant.added or heard speaking.
    let people: Set<Person>

    init(_ given: ReportRows) {
        var rows = given
        remarks = given.remarks
        if let remarks {
            rows.groups = remarks.groups
            rows.tagCounts = remarks.tagCounts
            rows.tagPairs = remarks.tagPairs
        }
        one = remarks == nil ? "comment" : "remark"
        many = one + "s"
        self.rows = rows
        scope = SessionOrder(rows.sessions)
        prompts = PromptCatalog(prompts: rows.prompts, groups: rows.groups, scope: scope)
        codeMeta = codeCatalog(codes: rows.codes, tagCounts: rows.tagCounts, scope: scope)
        comments = CommentTally(rows.groups)
        tags = TagTally(rows.tagCounts)
        let codeComments = tags.codeComments
        codeList = codeMeta.values.sorted { a, b in
            let ca = codeComments[a.tag] ?? 0, cb = codeComments[b.tag] ?? 0
            if ca != cb { return ca > cb }
            return a.order != b.order ? a.order < b.order : a.tag < b.tag
        }
        people = Set(rows.participants.map { Person(session: $0.session, participant: $0.participant) })
            .union(comments.personComments.keys)
    }

    func title() -> String {
        let sessions = scope.sessions
        if sessions.count == 1 { return "Parley report: \(sessions[0].deckTitle)" }
        let decks = Array(Set(sessions.map(\.deckID))).sorted()
        return "Parley report: \(sessions.count) sessions (\(decks.joined(separator: ", ")))"
    }

    func subtitle() -> [String] {
        let ids = scope.ids
        let first = Format.shortTime(scope.sessions.first!.startedAt), last = Format.shortTime(scope.sessions.last!.startedAt)
        return ["Sessions: " + (ids.count == 1 ? ids[0] : ids.map { String($0.prefix(8)) }.joined(separator: ", ")),
                first == last ? "Started \(first) UTC" : "Started \(first) – \(last) UTC"]
    }

    /// "Comments" or "Remarks", to start a heading.
    var manyTitle: String { many.prefix(1).uppercased() + many.dropFirst() }

    static func truncate(_ text: String, _ limit: Int) -> String {
        let flat = DocumentText.oneLine(text)
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}

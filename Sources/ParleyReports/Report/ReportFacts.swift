import Foundation
import ParleyCore

/// A person in a session; printed as `P3`, or `P3 @1a2b3c4d` when the report spans several sessions.
struct Person: Hashable {
    var session: String
    var participant: String
}

/// How a report names and orders people.
extension SessionOrder {
    var spansSeveral: Bool { ids.count > 1 }

    func name(_ person: Person) -> String {
        spansSeveral ? "\(person.participant) @\(person.session.prefix(8))" : person.participant
    }

    /// Session order, then participants in natural order (P2 before P10).
    func personLess(_ a: Person, _ b: Person) -> Bool {
        let sa = index[a.session] ?? 0, sb = index[b.session] ?? 0
        if sa != sb { return sa < sb }
        return naturalLess(a.participant, b.participant)
    }
}

/// "P2" < "P10"; plain text order otherwise.
func naturalLess(_ a: String, _ b: String) -> Bool {
    a.compare(b, options: [.numeric]) == .orderedAscending || (a.compare(b, options: [.numeric]) == .orderedSame && a < b)
}

struct PromptInfo {
    var id: String
    var kind: String
    var title: String
    var persona: String?
    var personaName: String?
    var image: String?
}

/// Prompts matched across sessions by id, in the deck order of the first session that has each, then
/// prompts commented on that no deck snapshot holds.
struct PromptCatalog {
    private(set) var info: [String: PromptInfo] = [:]
    private(set) var order: [String] = []
    private(set) var index: [String: Int] = [:]

    init(prompts: [PromptRow], groups: [CommentGroupRow], scope: SessionOrder) {
        for row in scope.sorted(prompts, session: \.session, position: \.position) where info[row.promptID] == nil {
            add(PromptInfo(id: row.promptID, kind: row.kind, title: row.title, persona: row.personaID,
                           personaName: row.personaName, image: row.image))
        }
        for group in Self.inStoreOrder(groups) where info[group.promptID] == nil {
            add(PromptInfo(id: group.promptID, kind: "", title: "(not in the deck)"))
        }
    }

    /// The order the SQLite store has always listed groups in: by session id, then as Derive wrote them
    /// (prompt, speaker, table, round).
    private static func inStoreOrder(_ groups: [CommentGroupRow]) -> [CommentGroupRow] {
        groups.sorted { a, b in
            if a.session != b.session { return codePointLess(a.session, b.session) }
            return (a.promptID, a.participant ?? "", a.table ?? "", a.round ?? -1) < (b.promptID, b.participant ?? "", b.table ?? "", b.round ?? -1)
        }
    }

    private mutating func add(_ prompt: PromptInfo) {
        info[prompt.id] = prompt
        index[prompt.id] = order.count
        order.append(prompt.id)
    }
}

struct CodeMeta {
    var tag: String
    var label: String
    var group: String
    var emergent: Bool
    /// Sort key among codes used equally often.
    var order: Int
}

/// Every code of the report: codebook order of the first session, then other sessions' extra codes,
/// then emergent tags A–Z, then tags counted that no session lists (should not happen).
func codeCatalog(codes: [CodeRow], tagCounts: [TagCountRow], scope: SessionOrder) -> [String: CodeMeta] {
    var catalog: [String: CodeMeta] = [:]
    var inCodebook: Set<String> = []
    for row in scope.sorted(codes, session: \.session, position: \.position) {
        if !row.emergent { inCodebook.insert(row.tag) }
        if catalog[row.tag] == nil {
            catalog[row.tag] = CodeMeta(tag: row.tag, label: row.label, group: row.groupLabel ?? "", emergent: row.emergent,
                                        order: catalog.count + 1)
        }
    }
    // A tag in one session's codebook is not emergent, even where another session typed it.
    for tag in inCodebook { catalog[tag]?.emergent = false }
    for (offset, tag) in catalog.values.filter(\.emergent).map(\.tag).sorted().enumerated() { catalog[tag]?.order = 1_000_000 + offset }
    for count in tagCounts where catalog[count.tag] == nil {
        catalog[count.tag] = CodeMeta(tag: count.tag, label: count.tag, group: "", emergent: true, order: 2_000_000)
    }
    return catalog
}

/// Live comments rolled up from `comment_groups`: by prompt, person, table and round.
struct CommentTally {
    var total = 0
    var untagged = 0
    /// Comments noted for the room (no participant), in all and by prompt.
    var unattributed = 0
    var unattributedByPrompt: [String: Int] = [:]
    var promptComments: [String: Int] = [:]
    var promptUntagged: [String: Int] = [:]
    var promptSpeakers: [String: Set<Person>] = [:]
    var personComments: [Person: Int] = [:]
    var personPrompts: [Person: [String: Int]] = [:]
    var tableComments: [String: Int] = [:]
    var tableSpeakers: [String: Set<Person>] = [:]
    var roundComments: [Int: Int] = [:]
    var roundSpeakers: [Int: Set<Person>] = [:]
    var tableRound: [String: [Int: Int]] = [:]

    init(_ groups: [CommentGroupRow]) {
        for group in groups { add(group) }
    }

    private mutating func add(_ group: CommentGroupRow) {
        total += group.comments
        untagged += group.untagged
        promptComments[group.promptID, default: 0] += group.comments
        promptUntagged[group.promptID, default: 0] += group.untagged
        let person = group.participant.map { Person(session: group.session, participant: $0) }
        if let person {
            promptSpeakers[group.promptID, default: []].insert(person)
            personComments[person, default: 0] += group.comments
            personPrompts[person, default: [:]][group.promptID, default: 0] += group.comments
        } else {
            unattributed += group.comments
            unattributedByPrompt[group.promptID, default: 0] += group.comments
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
}

/// Coded comments rolled up from `tag_counts`: per code, and per prompt, table and round.
struct TagTally {
    var codeComments: [String: Int] = [:]
    var codePeople: [String: Set<Person>] = [:]
    var codeSessions: [String: Set<String>] = [:]
    var promptCodes: [String: [String: Int]] = [:]
    var tableCodes: [String: [String: Int]] = [:]
    var roundCodes: [Int: [String: Int]] = [:]

    init(_ counts: [TagCountRow]) {
        for count in counts { add(count) }
    }

    private mutating func add(_ count: TagCountRow) {
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
    }

    /// "access (12), trust (9), …": up to `n` codes, most frequent first, ties A–Z.
    static func top(_ counts: [String: Int]?, _ n: Int = 3) -> String {
        guard let counts else { return "" }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(n)
            .map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
    }
}

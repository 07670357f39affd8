import ParleyCore
@testable import ParleyReports

/// Rows as the store holds them for known sessions, written out by hand: no database involved.
enum Rows {
    static let sessionA = "aaaaaaaa-1111-4111-8111-111111111111"
    static let sessionB = "bbbbbbbb-2222-4222-8222-222222222222"

    static func session(_ id: String, deck: String = "phr-test", title: String = "PHR test workshop", format: DeckFormat = .workshop,
                        startedAt: String = "2025-03-04T10:00:00.000Z", writers: Int = 2, participants: Int = 4, comments: Int = 6) -> SessionRow {
        SessionRow(id: id, deckID: deck, deckTitle: title, format: format.rawValue, startedAt: startedAt, lastEventAt: startedAt,
                   durationMilliseconds: 3_600_000, ended: true, events: 21, writers: writers, participants: participants, comments: comments)
    }

    static func prompts(_ session: String) -> [PromptRow] {
        [PromptRow(session: session, promptID: "welcome", position: 1, kind: "section", title: "Welcome"),
         PromptRow(session: session, promptID: "meet-amir", position: 2, kind: "persona", title: "Meet Amir", personaID: "amir", personaName: "Amir"),
         PromptRow(session: session, promptID: "nhs-results", position: 3, kind: "screenshot", title: "NHS App results",
                   image: "screens/nhs-results.png"),
         PromptRow(session: session, promptID: "q-trust", position: 4, kind: "question", title: "Who do you trust with your record?")]
    }

    static func codes(_ session: String) -> [CodeRow] {
        [CodeRow(session: session, tag: "access", position: 1, label: "Access", description: "Getting in.", groupID: "using",
                 groupLabel: "Using the apps", emergent: false),
         CodeRow(session: session, tag: "proxy", position: 2, label: "Proxy access", description: "Someone else logs in.", groupID: "using",
                 groupLabel: "Using the apps", emergent: false),
         CodeRow(session: session, tag: "trust", position: 3, label: "Trust", description: "Who is trusted.", groupID: "feelings",
                 groupLabel: "Feelings", emergent: false),
         CodeRow(session: session, tag: "privacy", position: 4, label: "Privacy", description: "Who sees what.", groupID: "feelings",
                 groupLabel: "Feelings", emergent: false)]
    }

    /// Session A of the store's tests: six live comments by P1, P2, P4 and the room; P3's only comment
    /// was deleted; two emergent codes.
    static func knownSession(_ id: String = sessionA, startedAt: String = "2025-03-04T10:00:00.000Z") -> ReportRows {
        let tagCounts: [(String, String, String)] = [
            ("prompt", "meet-amir", "access"), ("prompt", "meet-amir", "trust"), ("prompt", "meet-amir", "privacy"),
            ("prompt", "meet-amir", "proxy"), ("prompt", "meet-amir", "letters"), ("prompt", "nhs-results", "trust"),
            ("prompt", "nhs-results", "results-timing"), ("prompt", "q-trust", "privacy"),
            ("participant", "P1", "access"), ("participant", "P1", "trust"), ("participant", "P1", "results-timing"),
            ("participant", "P2", "trust"), ("participant", "P2", "privacy"), ("participant", "P2", "proxy"), ("participant", "P2", "letters"),
        ]
        return ReportRows(
            sessions: [session(id, startedAt: startedAt)],
            writers: [SessionWriterRow(session: id, writer: "facilitator", missingSeqs: 0),
                      SessionWriterRow(session: id, writer: "note-taker-1", missingSeqs: 0)],
            prompts: prompts(id),
            participants: ["P1", "P2", "P3", "P4"].enumerated().map { ParticipantRow(session: id, participant: $1, position: $0 + 1) },
            groups: [CommentGroupRow(session: id, promptID: "meet-amir", participant: "P1", table: nil, round: nil, comments: 1, untagged: 0),
                     CommentGroupRow(session: id, promptID: "meet-amir", participant: "P2", table: nil, round: nil, comments: 2, untagged: 0),
                     CommentGroupRow(session: id, promptID: "nhs-results", participant: "P1", table: nil, round: nil, comments: 1, untagged: 0),
                     CommentGroupRow(session: id, promptID: "q-trust", participant: nil, table: nil, round: nil, comments: 1, untagged: 0),
                     CommentGroupRow(session: id, promptID: "q-trust", participant: "P4", table: nil, round: nil, comments: 1, untagged: 1)],
            tagCounts: tagCounts.map { TagCountRow(session: id, dimension: $0.0, key: $0.1, tag: $0.2, comments: 1) },
            tagPairs: [TagPairRow(session: id, tag: "privacy", otherTag: "trust", comments: 1),
                       TagPairRow(session: id, tag: "letters", otherTag: "proxy", comments: 1),
                       TagPairRow(session: id, tag: "results-timing", otherTag: "trust", comments: 1)],
            codes: codes(id) + [
                CodeRow(session: id, tag: "letters", position: 5, label: "letters", description: "", groupID: nil, groupLabel: nil, emergent: true),
                CodeRow(session: id, tag: "results-timing", position: 6, label: "results-timing", description: "", groupID: nil,
                        groupLabel: nil, emergent: true)],
            codeExamples: [CodeExampleRow(session: id, tag: "letters", text: "Son helps with the letters, \"always\"", participant: "P2"),
                           CodeExampleRow(session: id, tag: "results-timing", text: "Results before the doctor calls are frightening",
                                          participant: "P1")])
    }

    /// The rows of several sessions together.
    static func merged(_ parts: [ReportRows]) -> ReportRows {
        ReportRows(sessions: parts.flatMap(\.sessions), writers: parts.flatMap(\.writers), tombstones: parts.flatMap(\.tombstones),
                   prompts: parts.flatMap(\.prompts), participants: parts.flatMap(\.participants), groups: parts.flatMap(\.groups),
                   tagCounts: parts.flatMap(\.tagCounts), tagPairs: parts.flatMap(\.tagPairs), codes: parts.flatMap(\.codes),
                   codeExamples: parts.flatMap(\.codeExamples))
    }

    static func comment(_ id: String, session: String = sessionA, writer: String = "facilitator", at: String = "2025-03-04T10:00:20.000Z",
                        prompt: String = "meet-amir", participant: String?, text: String, tags: [String] = [], table: String? = nil,
                        round: Int? = nil) -> CommentRecord {
        CommentRecord(commentID: id, sessionID: session, deckID: "phr-test", writer: writer, at: at, promptID: prompt, promptPosition: 2,
                      promptTitle: "Meet Amir", promptKind: "persona", personaID: "amir", personaName: "Amir", screen: nil,
                      participant: participant, table: table, round: round, text: text, tags: tags, edited: false)
    }
}

import Foundation
import GRDB
import ParleyReports

// How SQLite rows become ParleyReports' row structs: each read by column name, so a query may list
// its columns in any order (the seam a PostgreSQL store fills in the same way).

/// A `tags` column (a comment's tags `;`-joined; tags never hold `;`) as a list.
func tagList(_ column: String) -> [String] { column.split(separator: ";").map(String.init) }

extension SessionRow: FetchableRecord {
    public init(row: Row) {
        self.init(id: row["id"], deckID: row["deck_id"], deckTitle: row["deck_title"], format: row["format"],
                  startedAt: row["started_at"], lastEventAt: row["last_event_at"], durationMilliseconds: row["duration_ms"],
                  ended: row["ended"], events: row["events"], writers: row["writers"], participants: row["participants"],
                  comments: row["comments"])
    }
}

extension SessionWriterRow: FetchableRecord {
    public init(row: Row) {
        self.init(session: row["session"], writer: row["writer"], missingSeqs: row["missing_seqs"])
    }
}

extension TombstoneRow: FetchableRecord {
    public init(row: Row) {
        self.init(session: row["session"], participant: row["participant"])
    }
}

extension PromptRow: FetchableRecord {
    public init(row: Row) {
        self.init(session: row["session"], promptID: row["prompt_id"], position: row["position"], kind: row["kind"],
                  title: row["title"], personaID: row["persona_id"], personaName: row["persona_name"], image: row["image"])
    }
}

extension ParticipantRow: FetchableRecord {
    public init(row: Row) {
        let json: String = row["attributes"]
        self.init(session: row["session"], participant: row["participant"], position: row["position"], table: row["table_name"],
                  attributes: (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:])
    }
}

extension CommentGroupRow: FetchableRecord {
    public init(row: Row) {
        self.init(session: row["session"], promptID: row["prompt_id"], participant: row["participant"], table: row["table_name"],
                  round: row["round"], comments: row["comments"], untagged: row["untagged"])
    }
}

extension TagCountRow: FetchableRecord {
    public init(row: Row) {
        self.init(session: row["session"], dimension: row["dimension"], key: row["key"], tag: row["tag"], comments: row["comments"])
    }
}

extension TagPairRow: FetchableRecord {
    public init(row: Row) {
        self.init(session: row["session"], tag: row["tag"], otherTag: row["other_tag"], comments: row["comments"])
    }
}

extension CodeRow: FetchableRecord {
    public init(row: Row) {
        self.init(session: row["session"], tag: row["tag"], position: row["position"], label: row["label"],
                  description: row["description"], groupID: row["group_id"], groupLabel: row["group_label"], emergent: row["emergent"])
    }
}

extension CodeExampleRow: FetchableRecord {
    public init(row: Row) {
        self.init(session: row["session"], tag: row["tag"], text: row["text"], participant: row["participant"])
    }
}

extension MarkerRow: FetchableRecord {
    public init(row: Row) {
        self.init(session: row["session"], ordinal: row["ordinal"], at: row["at"], writer: row["writer"], promptID: row["prompt_id"],
                  label: row["label"])
    }
}

/// Where each column of a comment query is, looked up by name once per query: the exports read
/// hundreds of thousands of comments, and a name lookup per value would double their time.
struct CommentColumns {
    let commentID, session, deckID, writer, at, promptID, promptPosition, promptTitle, promptKind: Int
    let personaID, personaName, image, participant, table, round, text, tags, edited: Int

    init(_ statement: Statement) throws {
        let index = Dictionary(statement.columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func column(_ name: String) throws -> Int {
            guard let found = index[name] else { throw DatabaseError(message: "comment query has no column \(name)") }
            return found
        }
        commentID = try column("comment_id"); session = try column("session"); deckID = try column("deck_id")
        writer = try column("writer"); at = try column("at"); promptID = try column("prompt_id")
        promptPosition = try column("prompt_position"); promptTitle = try column("prompt_title"); promptKind = try column("prompt_kind")
        personaID = try column("persona_id"); personaName = try column("persona_name"); image = try column("image")
        participant = try column("participant"); table = try column("table_name"); round = try column("round")
        text = try column("text"); tags = try column("tags"); edited = try column("edited")
    }

    /// A `comments` row with its session's deck and its prompt, as ScopeRows.visitComments selects it.
    func record(_ row: Row) -> CommentRecord {
        CommentRecord(commentID: row[commentID], sessionID: row[session], deckID: row[deckID], writer: row[writer], at: row[at],
                      promptID: row[promptID], promptPosition: row[promptPosition], promptTitle: row[promptTitle] ?? "",
                      promptKind: row[promptKind] ?? "", personaID: row[personaID], personaName: row[personaName], screen: row[image],
                      participant: row[participant], table: row[table], round: row[round], text: row[text], tags: tagList(row[tags]),
                      edited: row[edited])
    }
}

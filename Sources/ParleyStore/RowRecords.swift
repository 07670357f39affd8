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

extension CommentRecord: FetchableRecord {
    /// From `ScopeRows.visitComments`: a `comments` row with its session's deck and its prompt.
    public init(row: Row) {
        self.init(commentID: row["comment_id"], sessionID: row["session"], deckID: row["deck_id"], writer: row["writer"],
                  at: row["at"], promptID: row["prompt_id"], promptPosition: row["prompt_position"],
                  promptTitle: row["prompt_title"] ?? "", promptKind: row["prompt_kind"] ?? "", personaID: row["persona_id"],
                  personaName: row["persona_name"], screen: row["image"], participant: row["participant"], table: row["table_name"],
                  round: row["round"], text: row["text"], tags: tagList(row["tags"]),
                  edited: row["edited"])
    }
}

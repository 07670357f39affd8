import Foundation
import GRDB
import ParleyReports

// How SQLite rows become ParleyReports' row structs: each read by column name, so a query may list
// its columns in any order (the seam a PostgreSQL store fills in the same way).

/// A `tags` column (a comment's tags `;`-joined; tags never hold `;`) as a list.
func tagList(_ column: String) -> [String] { column.split(separator: ";").map(String.init) }

// The row structs decode themselves by column name (their CodingKeys; attributes from JSON text).
extension SessionRow: FetchableRecord {}
extension SessionWriterRow: FetchableRecord {}
extension TombstoneRow: FetchableRecord {}
extension PromptRow: FetchableRecord {}
extension ParticipantRow: FetchableRecord {}
extension CommentGroupRow: FetchableRecord {}
extension TagCountRow: FetchableRecord {}
extension TagPairRow: FetchableRecord {}
extension CodeRow: FetchableRecord {}
extension CodeExampleRow: FetchableRecord {}
extension MarkerRow: FetchableRecord {}
extension RecordingRow: FetchableRecord {}
extension RemarkWriterRow: FetchableRecord {}
extension RemarkSessionRow: FetchableRecord {}

/// Where each column of a comment query is, looked up by name once per query rather than once per
/// value: the exports read hundreds of thousands of comments.
struct CommentColumns {
    let commentID, session, deckID, writer, at, promptID, promptPosition, promptTitle, promptKind: Int
    let personaID, personaName, image, participant, table, round, text, tags, edited, remarkID: Int

    init(_ columnNames: [String]) throws {
        let index = Dictionary(columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func column(_ name: String) throws -> Int {
            guard let found = index[name] else { throw DatabaseError(message: "comment query has no column \(name)") }
            return found
        }
        commentID = try column("comment_id"); session = try column("session"); deckID = try column("deck_id")
        writer = try column("writer"); at = try column("at"); promptID = try column("prompt_id")
        promptPosition = try column("prompt_position"); promptTitle = try column("prompt_title"); promptKind = try column("prompt_kind")
        personaID = try column("persona_id"); personaName = try column("persona_name"); image = try column("image")
        participant = try column("participant"); table = try column("table_name"); round = try column("round")
        text = try column("text"); tags = try column("tags"); edited = try column("edited"); remarkID = try column("remark_id")
    }

    /// A `comments` row with its session's deck and its prompt, as ScopeRows.visitComments selects it.
    func record(_ row: Row) -> CommentRecord {
        CommentRecord(commentID: row[commentID], sessionID: row[session], deckID: row[deckID], writer: row[writer], at: row[at],
                      promptID: row[promptID], promptPosition: row[promptPosition], promptTitle: row[promptTitle] ?? "",
                      promptKind: row[promptKind] ?? "", personaID: row[personaID], personaName: row[personaName], screen: row[image],
                      participant: row[participant], table: row[table], round: row[round], text: row[text], tags: tagList(row[tags]),
                      edited: row[edited], remarkID: row[remarkID])
    }
}

// ParleyReports: the store's pure half. Rows in, documents out: reports and their rendering,
// exports (CSV, JSON, Markdown), agreement figures and REFI-QDA projects — no database here.
// ParleyStore fetches these rows from SQLite; another backend (PostgreSQL) fetches the same rows
// and gets the same bytes out. Each struct is one row of the table it is named after, decoded by
// column name (its CodingKeys are the columns); rows may arrive in any order (the builders sort
// what they use, by code point, as SQLite's BINARY collation does), except comments, which come
// in session order. docs/store.md has the whole contract.

/// One row of `sessions`.
public struct SessionRow: Sendable, Equatable, Decodable {
    public var id: String
    public var deckID: String
    public var deckTitle: String
    public var format: String
    public var startedAt: String
    public var lastEventAt: String
    public var durationMilliseconds: Int
    public var ended: Bool
    public var events: Int
    public var writers: Int
    public var participants: Int
    public var comments: Int

    enum CodingKeys: String, CodingKey {
        case id, deckID = "deck_id", deckTitle = "deck_title", format, startedAt = "started_at", lastEventAt = "last_event_at"
        case durationMilliseconds = "duration_ms", ended, events, writers, participants, comments
    }

    public init(id: String, deckID: String, deckTitle: String, format: String, startedAt: String, lastEventAt: String,
                durationMilliseconds: Int, ended: Bool, events: Int, writers: Int, participants: Int, comments: Int) {
        self.id = id; self.deckID = deckID; self.deckTitle = deckTitle; self.format = format; self.startedAt = startedAt
        self.lastEventAt = lastEventAt; self.durationMilliseconds = durationMilliseconds; self.ended = ended
        self.events = events; self.writers = writers; self.participants = participants; self.comments = comments
    }
}

/// One row of `session_writers`: a writer of a session and how many of their events are missing.
public struct SessionWriterRow: Sendable, Equatable, Decodable {
    public var session: String
    public var writer: String
    public var missingSeqs: Int

    enum CodingKeys: String, CodingKey {
        case session, writer, missingSeqs = "missing_seqs"
    }

    public init(session: String, writer: String, missingSeqs: Int) {
        self.session = session; self.writer = writer; self.missingSeqs = missingSeqs
    }
}

/// One row of `tombstones`: a participant withdrawn from a session.
public struct TombstoneRow: Sendable, Equatable, Decodable {
    public var session: String
    public var participant: String

    public init(session: String, participant: String) { self.session = session; self.participant = participant }
}

/// One row of `prompts`: a prompt of a session's deck snapshot.
public struct PromptRow: Sendable, Equatable, Decodable {
    public var session: String
    public var promptID: String
    /// 1-based place in the deck.
    public var position: Int
    public var kind: String
    public var title: String
    public var personaID: String?
    public var personaName: String?
    public var image: String?

    enum CodingKeys: String, CodingKey {
        case session, promptID = "prompt_id", position, kind, title, personaID = "persona_id", personaName = "persona_name", image
    }

    public init(session: String, promptID: String, position: Int, kind: String, title: String, personaID: String? = nil,
                personaName: String? = nil, image: String? = nil) {
        self.session = session; self.promptID = promptID; self.position = position; self.kind = kind; self.title = title
        self.personaID = personaID; self.personaName = personaName; self.image = image
    }
}

/// One row of `participants`: someone who appears in a session.
public struct ParticipantRow: Sendable, Equatable, Decodable {
    public var session: String
    public var participant: String
    /// 1-based order of appearance.
    public var position: Int
    public var table: String?
    /// Every attribute recorded with `participant.added` (`table` included).
    public var attributes: [String: String]

    enum CodingKeys: String, CodingKey {
        case session, participant, position, table = "table_name", attributes
    }

    public init(session: String, participant: String, position: Int, table: String? = nil, attributes: [String: String] = [:]) {
        self.session = session; self.participant = participant; self.position = position; self.table = table
        self.attributes = attributes
    }
}

/// One row of `comment_groups`: live comments counted by prompt × speaker × table × round.
public struct CommentGroupRow: Sendable, Equatable, Decodable {
    public var session: String
    public var promptID: String
    public var participant: String?
    public var table: String?
    public var round: Int?
    public var comments: Int
    public var untagged: Int

    enum CodingKeys: String, CodingKey {
        case session, promptID = "prompt_id", participant, table = "table_name", round, comments, untagged
    }

    public init(session: String, promptID: String, participant: String?, table: String?, round: Int?, comments: Int, untagged: Int) {
        self.session = session; self.promptID = promptID; self.participant = participant; self.table = table
        self.round = round; self.comments = comments; self.untagged = untagged
    }
}

/// One row of `tag_counts`: live comments with `tag`, along one `dimension` (prompt, participant, table
/// or round) for one `key` of it.
public struct TagCountRow: Sendable, Equatable, Decodable {
    public var session: String
    public var dimension: String
    public var key: String
    public var tag: String
    public var comments: Int

    public init(session: String, dimension: String, key: String, tag: String, comments: Int) {
        self.session = session; self.dimension = dimension; self.key = key; self.tag = tag; self.comments = comments
    }
}

/// One row of `tag_pairs`: live comments carrying both tags (`tag` < `otherTag`).
public struct TagPairRow: Sendable, Equatable, Decodable {
    public var session: String
    public var tag: String
    public var otherTag: String
    public var comments: Int

    enum CodingKeys: String, CodingKey {
        case session, tag, otherTag = "other_tag", comments
    }

    public init(session: String, tag: String, otherTag: String, comments: Int) {
        self.session = session; self.tag = tag; self.otherTag = otherTag; self.comments = comments
    }
}

/// One row of `codes`: a code of a session, its codebook's or an emergent tag.
public struct CodeRow: Sendable, Equatable, Decodable {
    public var session: String
    public var tag: String
    /// 1-based: codebook order, then emergent tags A–Z.
    public var position: Int
    public var label: String
    public var description: String
    public var groupID: String?
    public var groupLabel: String?
    public var emergent: Bool

    enum CodingKeys: String, CodingKey {
        case session, tag, position, label, description, groupID = "group_id", groupLabel = "group_label", emergent
    }

    public init(session: String, tag: String, position: Int, label: String, description: String, groupID: String?,
                groupLabel: String?, emergent: Bool) {
        self.session = session; self.tag = tag; self.position = position; self.label = label; self.description = description
        self.groupID = groupID; self.groupLabel = groupLabel; self.emergent = emergent
    }
}

/// The first live comment of a session that carries a code (`codes.first_comment_n` joined with `comments`).
public struct CodeExampleRow: Sendable, Equatable, Decodable {
    public var session: String
    public var tag: String
    public var text: String
    public var participant: String?

    public init(session: String, tag: String, text: String, participant: String?) {
        self.session = session; self.tag = tag; self.text = text; self.participant = participant
    }
}

/// One row of `markers`: a facilitator's marker.
public struct MarkerRow: Sendable, Equatable, Decodable {
    public var session: String
    /// 1-based order in the session.
    public var ordinal: Int
    public var at: String
    public var writer: String
    public var promptID: String?
    public var label: String

    enum CodingKeys: String, CodingKey {
        case session, ordinal, at, writer, promptID = "prompt_id", label
    }

    public init(session: String, ordinal: Int, at: String, writer: String, promptID: String?, label: String) {
        self.session = session; self.ordinal = ordinal; self.at = at; self.writer = writer; self.promptID = promptID
        self.label = label
    }
}

/// One live comment as exported (a `comments` row with its session's deck and its prompt): the columns
/// of docs/export-columns.md.
public struct CommentRecord: Sendable, Equatable, Codable {
    public var commentID: String
    public var sessionID: String
    public var deckID: String
    public var writer: String
    public var at: String
    public var promptID: String
    public var promptPosition: Int?
    public var promptTitle: String
    public var promptKind: String
    public var personaID: String?
    public var personaName: String?
    public var screen: String?
    public var participant: String?
    public var table: String?
    public var round: Int?
    public var text: String
    public var tags: [String]
    public var edited: Bool
    /// The remark it belongs to (`Remarks.assign`), when the export asks for it.
    public var remarkID: String?

    enum CodingKeys: String, CodingKey {
        case commentID = "comment_id", sessionID = "session_id", deckID = "deck_id", writer, at, promptID = "prompt_id"
        case promptPosition = "prompt_position", promptTitle = "prompt_title", promptKind = "prompt_kind"
        case personaID = "persona_id", personaName = "persona_name", screen, participant, table, round, text, tags, edited
        case remarkID = "remark_id"
    }

    public init(commentID: String, sessionID: String, deckID: String, writer: String, at: String, promptID: String,
                promptPosition: Int?, promptTitle: String, promptKind: String, personaID: String?, personaName: String?,
                screen: String?, participant: String?, table: String?, round: Int?, text: String, tags: [String], edited: Bool,
                remarkID: String? = nil) {
        self.commentID = commentID; self.sessionID = sessionID; self.deckID = deckID; self.writer = writer; self.at = at
        self.promptID = promptID; self.promptPosition = promptPosition; self.promptTitle = promptTitle
        self.promptKind = promptKind; self.personaID = personaID; self.personaName = personaName; self.screen = screen
        self.participant = participant; self.table = table; self.round = round; self.text = text; self.tags = tags
        self.edited = edited; self.remarkID = remarkID
    }
}

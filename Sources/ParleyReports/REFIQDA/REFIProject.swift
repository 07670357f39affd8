extension REFIQDA {
    /// What a project is built from: the rows of the sessions in scope (Rows.swift).
    public struct Rows: Sendable {
        public var sessions: [SessionRow]
        public var writers: [SessionWriterRow]
        public var participants: [ParticipantRow]
        public var markers: [MarkerRow]
        public var prompts: [PromptRow]
        public var codes: [CodeRow]
        /// Live comments, in session order.
        public var comments: [CommentRecord]

        public init(sessions: [SessionRow] = [], writers: [SessionWriterRow] = [], participants: [ParticipantRow] = [],
                    markers: [MarkerRow] = [], prompts: [PromptRow] = [], codes: [CodeRow] = [], comments: [CommentRecord] = []) {
            self.sessions = sessions; self.writers = writers; self.participants = participants; self.markers = markers
            self.prompts = prompts; self.codes = codes; self.comments = comments
        }
    }

    /// The project: `project.qde` and one text source per session. Every comment is a coded selection of
    /// its session's transcript, participants are cases, writers users, facilitator markers notes.
    public static func project(_ rows: Rows) -> Project {
        let parts = ProjectParts(rows)
        var xml = XMLOut()
        xml.open("Project", [("xmlns", "urn:QDA-XML:project:1.0"), ("name", "Parley export"), ("origin", "Parley"),
                             ("creationDateTime", parts.order.sessions.first?.startedAt)])
        parts.writeUsers(into: &xml)
        parts.writeCodebook(into: &xml)
        parts.writeCases(into: &xml)
        parts.writeSources(into: &xml)
        parts.writeNotes(into: &xml)
        xml.leaf("Description", "Exported by Parley: one text source per session, every comment a coded selection, participants as cases, writers as users, facilitator markers as notes. Withdrawn participants and deleted comments are left out.")
        xml.close("Project")
        return Project(qde: xml.text, sources: parts.transcripts.map(\.file))
    }
}

/// A comment's place in its session's transcript, in Unicode scalars (0-based, end-exclusive).
struct Selection {
    var comment: CommentRecord
    var start: Int
    var end: Int
}

/// One session's transcript: the source file and the selection of each comment in it.
struct Transcript {
    var session: SessionRow
    var file: REFIQDA.SourceFile
    var selections: [Selection]

    /// The deck title, the session, then the comments under their prompts' headings.
    init(session: SessionRow, comments: [CommentRecord], promptTitles: [String: String]) {
        // A String, not a UnicodeScalarView: appending to the view copies it whole each time.
        var text = ""
        var length = 0
        func add(_ piece: String) { text += piece; length += piece.unicodeScalars.count }
        add("\(session.deckTitle.isEmpty ? session.deckID : session.deckTitle)\n")
        add("Session \(session.id), started \(session.startedAt)\n")
        var selections: [Selection] = []
        var currentPrompt: String?
        for comment in comments {
            if comment.promptID != currentPrompt {
                currentPrompt = comment.promptID
                add("\n## \(promptTitles[comment.promptID] ?? comment.promptID)\n\n")
            }
            add("\(comment.participant ?? "Room"): ")
            let start = length
            add(comment.text)
            selections.append(Selection(comment: comment, start: start, end: length))
            add("\n")
        }
        self.session = session
        self.selections = selections
        file = REFIQDA.SourceFile(path: "sources/\(REFIQDA.guid("source-file", session.id)).txt", text: text)
    }
}

/// A participant of one session.
struct Speaker: Hashable {
    var session: String
    var name: String
}

/// The project's parts, each computed once from the rows.
struct ProjectParts {
    let order: SessionOrder
    let codebook: REFICodebook
    /// Writers of the sessions, of comments and of markers, first seen first.
    let users: [String]
    /// writer → user GUID, worked out once: every selection and coding names its writer.
    private let userGUIDs: [String: String]
    /// Participants in session and appearance order, then speakers never announced with participant.added.
    let cases: [ParticipantRow]
    let markers: [MarkerRow]
    /// session → prompt id → title
    let promptTitles: [String: [String: String]]
    let transcripts: [Transcript]
    let selectionsBySpeaker: [Speaker: [Selection]]

    init(_ rows: REFIQDA.Rows) {
        order = SessionOrder(rows.sessions)
        codebook = REFICodebook(codes: rows.codes, comments: rows.comments, order: order)
        markers = order.sorted(rows.markers, session: \.session, position: \.ordinal)
        users = Self.users(rows, order: order, markers: markers)
        userGUIDs = Dictionary(uniqueKeysWithValues: users.map { ($0, REFIQDA.guid("user", $0)) })
        cases = Self.cases(rows, order: order)
        var titles: [String: [String: String]] = [:]
        for prompt in rows.prompts { titles[prompt.session, default: [:]][prompt.promptID] = prompt.title }
        promptTitles = titles
        var bySession: [String: [CommentRecord]] = [:]
        for comment in rows.comments { bySession[comment.sessionID, default: []].append(comment) }
        transcripts = order.sessions.map { session in
            Transcript(session: session, comments: bySession[session.id] ?? [], promptTitles: titles[session.id] ?? [:])
        }
        var bySpeaker: [Speaker: [Selection]] = [:]
        for transcript in transcripts {
            for selection in transcript.selections {
                guard let name = selection.comment.participant else { continue }
                bySpeaker[Speaker(session: transcript.session.id, name: name), default: []].append(selection)
            }
        }
        selectionsBySpeaker = bySpeaker
    }

    func userGUID(_ writer: String) -> String { userGUIDs[writer] ?? REFIQDA.guid("user", writer) }

    /// Each session's writers A–Z by code point (as the store lists them), then those of comments and markers.
    private static func users(_ rows: REFIQDA.Rows, order: SessionOrder, markers: [MarkerRow]) -> [String] {
        let writersOf = Dictionary(grouping: rows.writers, by: \.session).mapValues { $0.map(\.writer).sorted(by: codePointLess) }
        var users: [String] = []
        var seen: Set<String> = []
        for writer in order.ids.flatMap({ writersOf[$0] ?? [] }) + rows.comments.map(\.writer) + markers.map(\.writer)
        where seen.insert(writer).inserted {
            users.append(writer)
        }
        return users
    }

    private static func cases(_ rows: REFIQDA.Rows, order: SessionOrder) -> [ParticipantRow] {
        var cases = order.sorted(rows.participants, session: \.session, position: \.position)
        var known = Set(cases.map { Speaker(session: $0.session, name: $0.participant) })
        // Speakers of live comments who were never announced with participant.added are cases too.
        for comment in rows.comments {
            guard let name = comment.participant, known.insert(Speaker(session: comment.sessionID, name: name)).inserted else { continue }
            cases.append(ParticipantRow(session: comment.sessionID, participant: name, position: 0))
        }
        return cases
    }
}

import Foundation
import ParleyCore

extension REFIQDA {
    /// A `session.started` event of a session in scope: its writer, the deck snapshot, where the deck file was.
    public struct StartRow: Sendable, Equatable {
        public var session: String
        public var writer: String
        public var start: SessionStart

        public init(session: String, writer: String, start: SessionStart) {
            self.session = session; self.writer = writer; self.start = start
        }
    }

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
        /// Every writer's `session.started`, each session's in event order.
        public var starts: [StartRow]
        /// The sessions' recordings, any order.
        public var recordings: [RecordingRow]

        public init(sessions: [SessionRow] = [], writers: [SessionWriterRow] = [], participants: [ParticipantRow] = [],
                    markers: [MarkerRow] = [], prompts: [PromptRow] = [], codes: [CodeRow] = [], comments: [CommentRecord] = [],
                    starts: [StartRow] = [], recordings: [RecordingRow] = []) {
            self.sessions = sessions; self.writers = writers; self.participants = participants; self.markers = markers
            self.prompts = prompts; self.codes = codes; self.comments = comments; self.starts = starts; self.recordings = recordings
        }
    }

    /// The project: `project.qde`, one text source per session, and what the room looked at. Every comment
    /// is a coded selection of its session's text, participants are cases, writers users, facilitator
    /// markers notes anchored in the text, screenshots and persona cards sources the text links to.
    /// `readFile` reads a screenshot (nil when it cannot: the screenshot's description goes in instead).
    public static func project(_ rows: Rows, options: Options = Options(), readFile: (String) -> Data? = { _ in nil }) -> Project {
        let parts = ProjectParts(rows, options: options, readFile: readFile)
        var xml = XMLOut()
        xml.open("Project", [("xmlns", "urn:QDA-XML:project:1.0"), ("name", "Parley export"), ("origin", "Parley"),
                             ("creationDateTime", parts.order.sessions.first?.startedAt), ("basePath", parts.basePath)])
        parts.writeUsers(into: &xml)
        parts.writeCodebook(into: &xml)
        parts.writeCases(into: &xml)
        parts.writeSources(into: &xml)
        parts.writeNotes(into: &xml)
        parts.writeLinks(into: &xml)
        xml.leaf("Description", "Exported by Parley: one text source per session, every comment a coded selection, participants as cases"
                 + (options.speakersAsCodes ? " and as codes" : "")
                 + ", writers as users, facilitator markers as notes anchored in the text, screenshots and persona cards as sources linked from the prompt headings"
                 + (parts.recordings.isEmpty ? "" : ", each recording an audio or video source whose transcript holds its notes at their moments")
                 + ". Withdrawn participants and deleted comments are left out.")
        xml.close("Project")
        let recordingFiles = parts.transcripts.flatMap { parts.recordings[$0.session.id] ?? [] }.map(\.file)
        return Project(qde: xml.text, sources: parts.transcripts.map(\.file) + recordingFiles + parts.materials.textFiles,
                       pictures: parts.materials.pictureFiles)
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
    /// session → who ran it (see `facilitators`).
    let facilitator: [String: String]
    /// Participants in session and appearance order, then speakers never announced with participant.added.
    let cases: [ParticipantRow]
    /// session → prompt id → title
    let promptTitles: [String: [String: String]]
    let transcripts: [Transcript]
    let selectionsBySpeaker: [Speaker: [Selection]]
    /// Speaker → their code's GUID, when speakers are codes too.
    let speakerCodes: [Speaker: String]
    let materials: Materials
    /// session → its recordings as audio or video sources.
    let recordings: [String: [RecordingSource]]
    /// Where relative media paths start (`Options.mediaFolder`), when there are any.
    let basePath: String?

    init(_ rows: REFIQDA.Rows, options: REFIQDA.Options, readFile: (String) -> Data?) {
        order = SessionOrder(rows.sessions)
        let markers = order.sorted(rows.markers, session: \.session, position: \.ordinal)
        users = Self.users(rows, order: order, markers: markers)
        userGUIDs = Dictionary(uniqueKeysWithValues: users.map { ($0, REFIQDA.guid("user", $0)) })
        facilitator = Self.facilitators(rows)
        cases = Self.cases(rows, order: order)
        var titles: [String: [String: String]] = [:]
        for prompt in rows.prompts { titles[prompt.session, default: [:]][prompt.promptID] = prompt.title }
        promptTitles = titles
        var bySession: [String: [CommentRecord]] = [:]
        for comment in rows.comments { bySession[comment.sessionID, default: []].append(comment) }
        let markersBySession = Dictionary(grouping: markers, by: \.session)
        transcripts = order.sessions.map { session in
            Transcript(session: session, comments: bySession[session.id] ?? [], markers: markersBySession[session.id] ?? [],
                       promptTitles: titles[session.id] ?? [:])
        }
        var bySpeaker: [Speaker: [Selection]] = [:]
        for transcript in transcripts {
            for selection in transcript.selections {
                guard let name = selection.comment.participant else { continue }
                bySpeaker[Speaker(session: transcript.session.id, name: name), default: []].append(selection)
            }
        }
        selectionsBySpeaker = bySpeaker
        var book = REFICodebook(codes: rows.codes, comments: rows.comments, order: order)
        var codes: [Speaker: String] = [:]
        if options.speakersAsCodes, !cases.isEmpty {
            let group = Self.speakersGroup(cases, severalSessions: order.sessions.count > 1)
            book.append(group)
            for (participant, code) in zip(cases, group.codes) { codes[Speaker(session: participant.session, name: participant.participant)] = code.guid }
        }
        codebook = book
        speakerCodes = codes
        materials = Materials(transcripts: transcripts, starts: rows.starts, facilitator: facilitator,
                              takenNames: Set(transcripts.map(\.sourceName)), readFile: readFile)
        recordings = RecordingSource.all(rows.recordings, transcripts: transcripts, comments: bySession, media: options.media)
        basePath = RecordingSource.basePath(recordings, folder: options.mediaFolder)
    }

    func userGUID(_ writer: String) -> String { userGUIDs[writer] ?? REFIQDA.guid("user", writer) }

    /// The case's name: `P3`, or `P3 (aaaaaaaa)` when several sessions are exported, as pseudonyms are per session.
    static func caseName(_ participant: ParticipantRow, severalSessions: Bool) -> String {
        severalSessions ? "\(participant.participant) (\(participant.session.prefix(8)))" : participant.participant
    }

    /// "Participants": a code per case, named as the case.
    private static func speakersGroup(_ cases: [ParticipantRow], severalSessions: Bool) -> REFICodebook.Group {
        REFICodebook.Group(
            guid: REFIQDA.guid("speakers"), name: "Participants",
            description: "Who said what: each participant a code on their comments (a folder, not codable itself). The cases say the same, for programs that read a case's selections.",
            codes: cases.map { participant in
                REFICodebook.Code(guid: REFIQDA.guid("speaker-code", participant.session, participant.participant), tag: "",
                                  label: caseName(participant, severalSessions: severalSessions),
                                  description: "Participant \(participant.participant) of session \(participant.session): the comments noted as theirs.")
            })
    }

    /// Each session's writers A–Z by code point (as the store lists them), then those of comments and markers.
    private static func users(_ rows: REFIQDA.Rows, order: SessionOrder, markers: [MarkerRow]) -> [String] {
        let writersOf = Dictionary(grouping: rows.writers, by: \.session).mapValues { $0.map(\.writer).sorted(by: codePointLess) }
        var users: [String] = []
        var seen: Set<String> = []
        for writer in order.ids.flatMap({ writersOf[$0] ?? [] }) + rows.comments.map(\.writer) + markers.map(\.writer)
            + rows.starts.map(\.writer) where seen.insert(writer).inserted {
            users.append(writer)
        }
        return users
    }

    /// Who ran each session: the room's writer (`facilitator` when they are one of its writers), otherwise
    /// whoever started it first — the same rule as the store and replay.
    private static func facilitators(_ rows: REFIQDA.Rows) -> [String: String] {
        var writers: [String: [String]] = [:]
        for row in rows.writers { writers[row.session, default: []].append(row.writer) }
        var starter: [String: String] = [:]
        for row in rows.starts {
            writers[row.session, default: []].append(row.writer)
            if starter[row.session] == nil { starter[row.session] = row.writer }
        }
        var result: [String: String] = [:]
        for (session, names) in writers {
            guard let fallback = starter[session] ?? names.min(by: codePointLess) else { continue }
            result[session] = SessionState.roomWriter(among: names, otherwise: fallback)
        }
        return result
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

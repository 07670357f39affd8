import Foundation
import ParleyCore

/// A session as a document: who took part, then prompt by prompt (in the order the room first saw
/// them) what was said, noted and marked, with times on the session clock. Deleted comments are
/// left out; edited ones appear in their final text, marked "(edited)". Built from a
/// `ReplaySession`, so it reads the same events the player does and writes nothing.
public struct Transcript: Sendable {
    public enum Format: String, CaseIterable, Sendable {
        case md, json, txt
    }

    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable { case comment, marker, session }
        public var kind: Kind
        /// Milliseconds since the session started.
        public var time: Int
        public var at: String
        public var writer: String
        public var participant: String?
        public var text: String
        public var tags: [String]
        public var edited: Bool
        public var commentID: String?
    }

    /// One stretch of the session with a prompt on the room's screen. A prompt the room came back
    /// to has a section per visit; comments noted on a prompt the room was not showing (a note-taker
    /// catching up) go to that prompt's latest visit before them.
    public struct Section: Sendable {
        public var position: Int
        public var prompt: Prompt
        /// 1 for the first time the prompt was shown, 2 for the return to it, …
        public var visit: Int
        /// When the prompt was on the room's screen (session ms); nil if the room never saw it.
        public var from: Int?
        public var to: Int?
        public var entries: [Entry]
    }

    public struct Participant: Sendable, Equatable {
        public var id: String
        public var attributes: [String: String]
        public var comments: Int
    }

    public let sessionID: String
    public let deckID: String
    public let title: String
    public let startedAt: String
    public let duration: Int
    public let writers: [String]
    public let ended: Bool
    public let participants: [Participant]
    /// Tags used on the comments kept, most used first: (tag, count, in the codebook).
    public let tags: [(tag: String, count: Int, inCodebook: Bool)]
    public let sections: [Section]
    /// Prompts of the deck that were never shown and have nothing said on them.
    public let notShown: [(position: Int, prompt: Prompt)]
    let workshop: Workshop?

    public init(_ session: ReplaySession) {
        let state = session.state(afterEvents: session.count)
        workshop = state.workshop
        let prompts = state.prompts
        sessionID = session.sessionID
        deckID = state.workshop?.deck.id ?? ""
        title = state.workshop?.deck.title ?? "Session"
        startedAt = session.startedAt
        duration = session.duration
        writers = session.writers
        ended = state.sessionEnded

        // The room's visits to prompts, in time order.
        var sections: [Section] = []
        var visitsByPrompt: [String: [Int]] = [:]
        for (i, change) in session.promptChanges.enumerated() where prompts.indices.contains(change.promptIndex) {
            let prompt = prompts[change.promptIndex]
            let end = i + 1 < session.promptChanges.count ? session.promptChanges[i + 1].time : session.duration
            visitsByPrompt[prompt.id, default: []].append(sections.count)
            sections.append(Section(position: change.promptIndex + 1, prompt: prompt, visit: visitsByPrompt[prompt.id]!.count,
                                    from: change.time, to: end, entries: []))
        }
        /// The section an entry on `promptID` at `time` belongs to: the prompt's latest visit that had
        /// begun by then, else its first; a prompt the room never saw gets a section of its own.
        func section(for promptID: String, at time: Int) -> Int? {
            if let visits = visitsByPrompt[promptID] {
                return visits.last { (sections[$0].from ?? 0) <= time } ?? visits.first
            }
            guard let position = prompts.firstIndex(where: { $0.id == promptID }) else { return nil }
            visitsByPrompt[promptID] = [sections.count]
            sections.append(Section(position: position + 1, prompt: prompts[position], visit: 1, from: nil, to: nil, entries: []))
            return sections.count - 1
        }
        /// The room's section at an event (markers, pauses): the visit in force, else the first one.
        func roomSection(afterEvents count: Int) -> Int? {
            guard !sections.isEmpty else { return nil }
            guard let change = session.promptChangeIndex(afterEvents: count) else { return 0 }
            return sections.firstIndex { $0.from == session.promptChanges[change].time } ?? 0
        }
        var commentCounts: [String: Int] = [:]
        var tagCounts: [String: Int] = [:]
        var emitted = Set<String>()
        let severalWriters = Set(session.events.map(\.writer)).count > 1
        for (index, event) in session.events.enumerated() {
            let time = session.times[index]
            var target: Int?
            var entry: Entry?
            switch event.body {
            case .commentAdded(let payload):
                // A comment once, where it was first added; deleted ones are left out.
                guard emitted.insert(payload.comment).inserted, let comment = state.comment(payload.comment), !comment.deleted else { continue }
                target = section(for: comment.promptID, at: time)
                entry = Entry(kind: .comment, time: time, at: event.at, writer: event.writer, participant: comment.participant,
                              text: comment.text, tags: comment.tags, edited: comment.edited, commentID: comment.id)
                if let p = comment.participant { commentCounts[p, default: 0] += 1 }
                for tag in comment.tags { tagCounts[tag, default: 0] += 1 }
            case .marker(let label):
                target = roomSection(afterEvents: index + 1)
                entry = Entry(kind: .marker, time: time, at: event.at, writer: event.writer, participant: nil, text: label, tags: [], edited: false, commentID: nil)
            case .sessionPaused, .sessionResumed, .sessionEnded, .roundStarted, .tableSet:
                // Each writer's log pauses, resumes and ends: with several, whose did is said.
                let whose = severalWriters ? " — \(event.writer)" : ""
                let text: String = switch event.body {
                case .sessionPaused: "Session paused" + whose
                case .sessionResumed: "Session resumed" + whose
                case .sessionEnded(let reason): "Session ended" + (reason.isEmpty ? "" : " (\(reason))") + whose
                case .roundStarted(let round): "Round \(round) started"
                case .tableSet(let table): "\(event.writer) at table \(table)"
                default: ""
                }
                target = roomSection(afterEvents: index + 1)
                entry = Entry(kind: .session, time: time, at: event.at, writer: event.writer, participant: nil, text: text, tags: [], edited: false, commentID: nil)
            default:
                continue
            }
            if let target, let entry { sections[target].entries.append(entry) }
        }
        for i in sections.indices { sections[i].entries.sort { ($0.time, $0.at) < ($1.time, $1.at) } }
        // Sections the room never saw go where their first entry falls.
        func start(_ section: Section) -> Int { section.from ?? section.entries.first?.time ?? 0 }
        self.sections = sections.enumerated().sorted { (start($0.element), $0.offset) < (start($1.element), $1.offset) }.map(\.element)
        notShown = prompts.enumerated().filter { visitsByPrompt[$0.element.id] == nil }.map { ($0.offset + 1, $0.element) }
        participants = state.participants.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            .map { Participant(id: $0, attributes: state.participantAttributes[$0] ?? [:], comments: commentCounts[$0] ?? 0) }
        let codebook = state.workshop?.codebook
        tags = tagCounts.map { (tag: $0.key, count: $0.value, inCodebook: codebook?.code(tag: $0.key) != nil) }
            .sorted { ($1.count, $0.tag) < ($0.count, $1.tag) }
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .md: markdown()
        case .txt: text()
        case .json: json()
        }
    }

    // MARK: Pieces shared by the text formats

    static func clock(_ ms: Int) -> String { ReplayClock.format(ms) }

    func heading(_ section: Section) -> String {
        "\(section.position). \(section.prompt.title) (\(section.prompt.kind.rawValue)\(section.visit > 1 ? ", again" : ""))"
    }

    func span(_ section: Section) -> String {
        guard let from = section.from, let to = section.to else { return "not shown to the room" }
        return "\(Self.clock(from))–\(Self.clock(to))"
    }

    func participantLine(_ p: Participant) -> String {
        let attributes = p.attributes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return p.id + (attributes.isEmpty ? "" : " (" + attributes.joined(separator: ", ") + ")")
            + " — \(p.comments) comment\(p.comments == 1 ? "" : "s")"
    }

    var tagLine: String {
        tags.map { "#\($0.tag)\($0.inCodebook ? "" : "*") (\($0.count))" }.joined(separator: ", ")
    }

    /// What the room saw besides the title: the questions, and who or what the prompt shows.
    func context(_ prompt: Prompt) -> [String] {
        var lines: [String] = prompt.questions
        switch prompt.kind {
        case .persona:
            if let persona = workshop?.persona(prompt.persona) { lines.append("Persona: \(persona.name), \(persona.age) — \(persona.summary)") }
        case .screenshot:
            lines.append("Screenshot: " + (prompt.image ?? "?") + (prompt.alt.map { " — " + PromptCard.unfold($0).replacingOccurrences(of: "\n", with: " ") } ?? ""))
        case .section, .question: break
        }
        return lines
    }

    var summary: [String] {
        var lines = ["Deck: \(deckID) · session \(sessionID)",
                     "Started \(startedAt) · lasted \(Self.clock(duration))\(ended ? "" : " (no end recorded)") · written by " + writers.joined(separator: ", ")]
        if !tags.isEmpty { lines.append("Tags: " + tagLine + (tags.contains { !$0.inCodebook } ? "   (* not in the codebook)" : "")) }
        return lines
    }

    // MARK: Markdown

    static func escape(_ text: String) -> String { DocumentText.markdownInline(text) }

    /// Tags not in the codebook: marked `*` on each comment as in the Tags line.
    var emergent: Set<String> { Set(tags.filter { !$0.inCodebook }.map(\.tag)) }

    func markdown() -> String {
        let emergent = emergent
        var out = ["# \(Self.escape(title))", ""]
        out += summary.map { Self.escape($0) + "  " }
        out += ["", "## Participants", ""]
        out += participants.isEmpty ? ["(none named)"] : participants.map { "- " + Self.escape(participantLine($0)) }
        for section in sections {
            out += ["", "## " + Self.escape(heading(section)), "", "*\(span(section))*", ""]
            let context = section.visit == 1 ? context(section.prompt) : []
            // Two trailing spaces: a line break inside the quote.
            if !context.isEmpty { out += context.map { "> " + Self.escape($0) + "  " } + [""] }
            if section.entries.isEmpty { out.append("Nothing noted.") }
            for entry in section.entries {
                let time = Self.clock(entry.time)
                switch entry.kind {
                case .comment:
                    var line = "- **\(time)** " + (entry.participant.map { "**\($0)**: " } ?? "") + Self.escape(entry.text)
                    if !entry.tags.isEmpty { line += " " + entry.tags.map { "`#\($0)\(emergent.contains($0) ? "*" : "")`" }.joined(separator: " ") }
                    if entry.edited { line += " *(edited)*" }
                    out.append(line + " — \(Self.escape(entry.writer))")
                case .marker:
                    out.append("- **\(time)** ◆ *Marker: \(Self.escape(entry.text))* — \(Self.escape(entry.writer))")
                case .session:
                    out.append("- **\(time)** *\(Self.escape(entry.text))*")
                }
            }
        }
        if !notShown.isEmpty {
            out += ["", "## Not shown", ""] + notShown.map { "- \($0.position). \(Self.escape($0.prompt.title))" }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Plain text

    func text() -> String {
        let emergent = emergent
        var out = [title, String(repeating: "=", count: max(3, title.displayWidth)), ""] + summary
        out += ["", "Participants:" + (participants.isEmpty ? " none named" : "")]
        out += participants.map { "  " + participantLine($0) }
        for section in sections {
            let heading = heading(section) + " — " + span(section)
            out += ["", heading, String(repeating: "-", count: min(100, heading.displayWidth))]
            if section.visit == 1 { out += context(section.prompt).map { "  > " + $0 } }
            if section.entries.isEmpty { out.append("  Nothing noted.") }
            for entry in section.entries {
                let time = Self.clock(entry.time)
                switch entry.kind {
                case .comment:
                    var line = "\(time)  " + (entry.participant.map { "\($0): " } ?? "") + DocumentText.oneLine(entry.text)
                    if !entry.tags.isEmpty { line += "  " + entry.tags.map { "#" + $0 + (emergent.contains($0) ? "*" : "") }.joined(separator: " ") }
                    if entry.edited { line += "  (edited)" }
                    out.append(line + "  [\(entry.writer)]")
                case .marker: out.append("\(time)  ◆ Marker: \(DocumentText.oneLine(entry.text))  [\(entry.writer)]")
                case .session: out.append("\(time)  -- \(entry.text) --")
                }
            }
        }
        if !notShown.isEmpty { out += ["", "Not shown: " + notShown.map { "\($0.position). \($0.prompt.title)" }.joined(separator: "; ")] }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    struct JSONDocument: Encodable {
        var session: String, deck: String, title: String, startedAt: String, durationMs: Int, duration: String
        var ended: Bool, writers: [String], participants: [JSONParticipant], tags: [JSONTag], sections: [JSONSection]
        var notShown: [String]
        enum CodingKeys: String, CodingKey {
            case session, deck, title, startedAt = "started_at", durationMs = "duration_ms", duration, ended, writers, participants, tags, sections
            case notShown = "not_shown"
        }
    }
    struct JSONParticipant: Encodable { var id: String; var attributes: [String: String]; var comments: Int }
    struct JSONTag: Encodable {
        var tag: String; var count: Int; var inCodebook: Bool
        enum CodingKeys: String, CodingKey { case tag, count, inCodebook = "in_codebook" }
    }
    struct JSONSection: Encodable {
        var position: Int, prompt: String, kind: String, title: String, questions: [String], visit: Int
        var fromMs: Int?, toMs: Int?, entries: [JSONEntry]
        enum CodingKeys: String, CodingKey {
            case position, prompt, kind, title, questions, visit, fromMs = "from_ms", toMs = "to_ms", entries
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(position, forKey: .position); try c.encode(prompt, forKey: .prompt); try c.encode(kind, forKey: .kind)
            try c.encode(title, forKey: .title); try c.encode(questions, forKey: .questions); try c.encode(visit, forKey: .visit)
            try c.encode(fromMs, forKey: .fromMs); try c.encode(toMs, forKey: .toMs); try c.encode(entries, forKey: .entries)
        }
    }
    struct JSONEntry: Encodable {
        var kind: String, elapsedMs: Int, elapsed: String, at: String, writer: String
        var participant: String?, text: String, tags: [String]?, edited: Bool?, comment: String?
        enum CodingKeys: String, CodingKey {
            case kind, elapsedMs = "elapsed_ms", elapsed, at, writer, participant, text, tags, edited, comment
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind); try c.encode(elapsedMs, forKey: .elapsedMs); try c.encode(elapsed, forKey: .elapsed)
            try c.encode(at, forKey: .at); try c.encode(writer, forKey: .writer); try c.encode(text, forKey: .text)
            if kind == "comment" {
                try c.encode(participant, forKey: .participant); try c.encode(tags, forKey: .tags)
                try c.encode(edited, forKey: .edited); try c.encode(comment, forKey: .comment)
            }
        }
    }

    func json() -> String {
        let document = JSONDocument(
            session: sessionID, deck: deckID, title: title, startedAt: startedAt, durationMs: duration, duration: Self.clock(duration),
            ended: ended, writers: writers,
            participants: participants.map { JSONParticipant(id: $0.id, attributes: $0.attributes, comments: $0.comments) },
            tags: tags.map { JSONTag(tag: $0.tag, count: $0.count, inCodebook: $0.inCodebook) },
            sections: sections.map { section in
                JSONSection(position: section.position, prompt: section.prompt.id, kind: section.prompt.kind.rawValue, title: section.prompt.title,
                           questions: section.prompt.questions, visit: section.visit, fromMs: section.from, toMs: section.to,
                           entries: section.entries.map { e in
                               JSONEntry(kind: e.kind.rawValue, elapsedMs: e.time, elapsed: Self.clock(e.time), at: e.at, writer: e.writer,
                                         participant: e.participant, text: e.text, tags: e.tags, edited: e.edited, comment: e.commentID)
                           })
            },
            notShown: notShown.map(\.prompt.id))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

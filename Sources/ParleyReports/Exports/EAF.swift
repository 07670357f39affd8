import Foundation
import ParleyCore

/// When the room's screen began showing a prompt: the room writer's `prompt.shown`, as `SessionState`
/// follows it, on the room's time line.
public struct PromptShownRow: Sendable, Equatable {
    public var promptID: String
    public var at: String

    public init(promptID: String, at: String) { self.promptID = promptID; self.at = at }
}

/// `parley export --format eaf`: one recording's notes as an ELAN annotation document (EAF 3.0,
/// docs/recordings.md). ELAN refuses overlapping annotations on a tier, so every tier's intervals
/// are made disjoint: a note lasts as a subtitle cue does, ended by the next note of its tier.
public enum EAF {
    /// What the document is built from: one session's rows.
    public struct Rows: Sendable {
        public var timeline: RecordingTimeline
        public var prompts: [PromptRow]
        public var promptsShown: [PromptShownRow]
        public var markers: [MarkerRow]
        public var codes: [CodeRow]
        public var participants: [ParticipantRow]
        public var tombstones: [TombstoneRow]

        public init(timeline: RecordingTimeline, prompts: [PromptRow], promptsShown: [PromptShownRow], markers: [MarkerRow],
                    codes: [CodeRow], participants: [ParticipantRow], tombstones: [TombstoneRow]) {
            self.timeline = timeline; self.prompts = prompts; self.promptsShown = promptsShown; self.markers = markers
            self.codes = codes; self.participants = participants; self.tombstones = tombstones
        }
    }

    /// The recording's media file as ELAN links it: an absolute `file:` URL, and the path as given when relative.
    public struct Media: Sendable, Equatable {
        public var url: String
        public var relative: String?
        public var mimeType: String

        /// `path` as given on the command line (or the recording's label); `directory` resolves a relative one.
        public init(path: String, directory: String) {
            let absolute = path.hasPrefix("/") ? path : (directory.hasSuffix("/") ? directory : directory + "/") + path
            url = "file://" + (absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute)
            relative = path.hasPrefix("/") ? nil
                : "./" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
            mimeType = Self.mimeTypes[(path as NSString).pathExtension.lowercased()] ?? "unknown"
        }

        /// The MIME types ELAN writes for the formats it plays.
        static let mimeTypes = ["wav": "audio/x-wav", "mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac",
                                "mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime", "mpg": "video/mpeg",
                                "mpeg": "video/mpeg", "webm": "video/webm", "ogg": "audio/ogg"]
    }

    /// One annotation before time slots are numbered.
    struct Annotation {
        var tier: Int
        var span: Range<Int>
        var value: String
        var entry: String?
    }

    struct Tier {
        var id: String
        var type: String
        var participant: String?
        var annotator: String?
    }

    /// Recording `number` (1-based) as an EAF document; `media` links its file, `date` is when it was made.
    public static func document(_ rows: Rows, recording number: Int, media: Media?, date: String) throws -> Subtitles.File {
        let part = try rows.timeline.part(number)
        let withdrawn = Set(rows.tombstones.map(\.participant))
        let notes = part.notes.filter { $0.comment.participant.map { !withdrawn.contains($0) } ?? true }
        let start = Timestamp.milliseconds(part.recording.at) ?? 0
        // Nothing of this recording lies at or past its end, nor past the next recording's start.
        let limit = part.limit

        var tiers: [Tier] = []
        var annotations: [Annotation] = []
        /// A tier of notes, each from its moment, disjoint.
        func add(_ tier: Tier, _ moments: [(at: Int, value: String, entry: String?)]) {
            tiers.append(tier)
            let sorted = moments.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
            for (span, moment) in zip(spans(sorted.map(\.at), limit: limit), sorted) {
                annotations.append(Annotation(tier: tiers.count - 1, span: span, value: moment.value, entry: moment.entry))
            }
        }

        for writer in Set(notes.map(\.comment.writer)).sorted() {
            add(Tier(id: "notes by \(writer)", type: "note", annotator: writer),
                notes.filter { $0.comment.writer == writer }.map { ($0.milliseconds, Subtitles.text($0.comment), nil) })
        }
        let speakers = rows.participants.sorted { $0.position < $1.position }.map(\.participant).filter { !withdrawn.contains($0) }
        for speaker in speakers {
            add(Tier(id: speaker, type: "note", participant: speaker),
                notes.filter { $0.comment.participant == speaker }.map { ($0.milliseconds, Subtitles.noted($0.comment), nil) })
        }
        let codes = rows.codes.sorted { $0.position < $1.position }
        let entries = Dictionary(codes.map { ($0.tag, "cve\($0.position)") }) { first, _ in first }
        for code in codes where notes.contains(where: { $0.comment.tags.contains(code.tag) }) {
            add(Tier(id: "code \(code.tag)", type: "code"),
                notes.filter { $0.comment.tags.contains(code.tag) }.map { ($0.milliseconds, code.tag, entries[code.tag]) })
        }
        let markers = rows.markers.compactMap { marker -> (at: Int, value: String, entry: String?)? in
            guard let at = Timestamp.milliseconds(marker.at).map({ $0 - start }), at >= 0, at < limit ?? .max else { return nil }
            return (at, marker.label, nil)
        }
        add(Tier(id: "markers", type: "marker"), markers)
        tiers.append(Tier(id: "prompts", type: "prompt"))
        let lastMoment = annotations.map(\.span.upperBound).max() ?? 1
        for interval in promptIntervals(rows, start: start, end: limit ?? lastMoment) {
            annotations.append(Annotation(tier: tiers.count - 1, span: interval.span, value: interval.title))
        }
        let text = xml(tiers: tiers, annotations: annotations, codes: codes, entries: entries, media: media, date: date)
        return Subtitles.File(text: text, leftOut: Subtitles.leftOut(rows.timeline, number: number))
    }

    /// Disjoint intervals from sorted moments: a cue's length, ended by the next moment, at least 1 ms
    /// (a moment shared with the one before starts where that ends), within `limit` when known.
    static func spans(_ moments: [Int], limit: Int?) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        for (index, moment) in moments.enumerated() {
            let begin = max(moment, spans.last?.upperBound ?? 0)
            var end = begin + Subtitles.cueMilliseconds
            if index + 1 < moments.count { end = min(end, moments[index + 1]) }
            if let limit { end = min(end, limit) }
            spans.append(begin..<max(end, begin + 1))
        }
        // Moments shared in the recording's last milliseconds have no room after them: they move back, not past its end.
        guard var end = limit else { return spans }
        for index in spans.indices.reversed() where spans[index].upperBound > end {
            spans[index] = min(spans[index].lowerBound, end - 1)..<end
            end = spans[index].lowerBound
        }
        return spans
    }

    /// Each prompt on the room's screen from its shown time to the next, within the recording (0…`end` ms).
    static func promptIntervals(_ rows: Rows, start: Int, end: Int) -> [(span: Range<Int>, title: String)] {
        let titles = Dictionary(rows.prompts.map { ($0.promptID, $0.title.isEmpty ? $0.promptID : $0.title) }) { first, _ in first }
        let shown = rows.promptsShown.compactMap { row in Timestamp.milliseconds(row.at).map { ($0 - start, row.promptID) } }
        var intervals: [(span: Range<Int>, title: String)] = []
        for (index, (at, prompt)) in shown.enumerated() {
            let begin = max(at, 0)
            let until = min(index + 1 < shown.count ? shown[index + 1].0 : end, end)
            if begin < until { intervals.append((begin..<until, titles[prompt] ?? prompt)) }
        }
        return intervals
    }

    static func xml(tiers: [Tier], annotations: [Annotation], codes: [CodeRow], entries: [String: String], media: Media?,
                    date: String) -> String {
        // Time slots in time order, two per annotation.
        let times = annotations.enumerated().flatMap { index, annotation in
            [(index * 2, annotation.span.lowerBound), (index * 2 + 1, annotation.span.upperBound)]
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        var slotID = [Int: String]()
        for (order, (key, _)) in times.enumerated() { slotID[key] = "ts\(order + 1)" }

        var out = XMLOut()
        out.open("ANNOTATION_DOCUMENT", [("AUTHOR", "Parley"), ("DATE", date), ("FORMAT", "3.0"), ("VERSION", "3.0"),
                                         ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                                         ("xsi:noNamespaceSchemaLocation", "http://www.mpi.nl/tools/elan/EAFv3.0.xsd")])
        out.open("HEADER", [("MEDIA_FILE", ""), ("TIME_UNITS", "milliseconds")])
        if let media {
            out.empty("MEDIA_DESCRIPTOR", [("MEDIA_URL", media.url), ("MIME_TYPE", media.mimeType), ("RELATIVE_MEDIA_URL", media.relative)])
        }
        out.leaf("PROPERTY", String(annotations.count), [("NAME", "lastUsedAnnotationId")])
        out.close("HEADER")
        out.open("TIME_ORDER")
        for (key, value) in times { out.empty("TIME_SLOT", [("TIME_SLOT_ID", slotID[key]), ("TIME_VALUE", String(value))]) }
        out.close("TIME_ORDER")
        for (index, tier) in tiers.enumerated() {
            let attributes = [("TIER_ID", tier.id), ("LINGUISTIC_TYPE_REF", tier.type), ("PARTICIPANT", tier.participant),
                              ("ANNOTATOR", tier.annotator)]
            let own = annotations.enumerated().filter { $0.element.tier == index }
            guard !own.isEmpty else { out.empty("TIER", attributes); continue }
            out.open("TIER", attributes)
            for (number, annotation) in own {
                out.open("ANNOTATION")
                out.open("ALIGNABLE_ANNOTATION", [("ANNOTATION_ID", "a\(number + 1)"), ("TIME_SLOT_REF1", slotID[number * 2]),
                                                  ("TIME_SLOT_REF2", slotID[number * 2 + 1]), ("CVE_REF", annotation.entry)])
                out.leaf("ANNOTATION_VALUE", annotation.value)
                out.close("ALIGNABLE_ANNOTATION")
                out.close("ANNOTATION")
            }
            out.close("TIER")
        }
        for type in ["note", "marker", "prompt"] {
            out.empty("LINGUISTIC_TYPE", [("LINGUISTIC_TYPE_ID", type), ("TIME_ALIGNABLE", "true"), ("GRAPHIC_REFERENCES", "false")])
        }
        out.empty("LINGUISTIC_TYPE", [("LINGUISTIC_TYPE_ID", "code"), ("TIME_ALIGNABLE", "true"), ("GRAPHIC_REFERENCES", "false"),
                                      ("CONTROLLED_VOCABULARY_REF", "codes")])
        // The vocabulary's language: undetermined (ISO 639-3 "und"), as ELAN names it.
        out.empty("LANGUAGE", [("LANG_ID", "und"), ("LANG_DEF", "http://cdb.iso.org/lg/CDB-00130975-001"), ("LANG_LABEL", "undetermined (und)")])
        out.open("CONTROLLED_VOCABULARY", [("CV_ID", "codes")])
        out.leaf("DESCRIPTION", "The session's codebook, then its emergent codes (tags no codebook defines).", [("LANG_REF", "und")])
        for code in codes {
            out.open("CV_ENTRY_ML", [("CVE_ID", entries[code.tag])])
            let about = [code.label, code.description].filter { !$0.isEmpty && $0 != code.tag }.joined(separator: ": ")
            out.leaf("CVE_VALUE", code.tag, [("LANG_REF", "und"), ("DESCRIPTION", about.isEmpty ? nil : about)])
            out.close("CV_ENTRY_ML")
        }
        out.close("CONTROLLED_VOCABULARY")
        out.close("ANNOTATION_DOCUMENT")
        return out.text
    }
}

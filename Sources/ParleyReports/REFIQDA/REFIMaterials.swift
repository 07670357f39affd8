import Crypto
import Foundation
import ParleyCore

/// What the room looked at: each screenshot as a picture source (or, when its file cannot be read, a text
/// source with its description) and each persona card as a text source, one source per distinct content,
/// and the prompt headings of the session texts that show them.
struct Materials {
    struct Source {
        var guid: String
        var name: String
        var isPicture: Bool
        /// `sources/<guid>.<ext>` in the zip.
        var path: String
        var description: String
        /// The facilitator of the first session that showed it, and that session's start.
        var creatingUser: String?
        var createdAt: String
    }

    /// A prompt heading of a session's text that shows a source.
    struct Shown {
        var heading: Transcript.Heading
        /// The heading's place among its transcript's headings.
        var index: Int
        var source: Source
    }

    private(set) var sources: [Source] = []
    private(set) var textFiles: [REFIQDA.SourceFile] = []
    private(set) var pictureFiles: [REFIQDA.PictureFile] = []
    /// session → its headings that show a source, in text order
    private(set) var shown: [String: [Shown]] = [:]

    /// What one prompt showed, before it is a source.
    private struct Content {
        var key: String
        var name: String
        var description: String
        var picture: (data: Data, ext: String)?
        var text: String?
    }

    /// `takenNames`: the session sources' names; every source gets a name of its own (some programs file
    /// sources by name).
    init(transcripts: [Transcript], starts: [REFIQDA.StartRow], facilitator: [String: String], takenNames: Set<String>,
         readFile: (String) -> Data?) {
        let startsBySession = Dictionary(grouping: starts, by: \.session)
        var names = takenNames
        var indexOfKey: [String: Int] = [:]
        for transcript in transcripts {
            let session = transcript.session
            guard let sessionStarts = startsBySession[session.id], !sessionStarts.isEmpty else { continue }
            // The facilitator's deck is where the screenshots were; a joiner's copy is the next best place.
            let runner = facilitator[session.id]
            let ordered = sessionStarts.filter { $0.writer == runner } + sessionStarts.filter { $0.writer != runner }
            let workshop = ordered[0].start.snapshot
            for (index, heading) in transcript.headings.enumerated() {
                guard let prompt = workshop.deck.prompts.first(where: { $0.id == heading.promptID }),
                      let content = Self.content(of: prompt, in: workshop, deckPaths: ordered.compactMap(\.start.deckPath),
                                                 readFile: readFile) else { continue }
                let place: Int
                if let known = indexOfKey[content.key] {
                    place = known
                } else {
                    place = sources.count
                    indexOfKey[content.key] = place
                    add(content, name: Self.unique(content.name, extension: content.picture?.ext, among: &names), creatingUser: runner, createdAt: session.startedAt)
                }
                shown[session.id, default: []].append(Shown(heading: heading, index: index, source: sources[place]))
            }
        }
    }

    private mutating func add(_ content: Content, name: String, creatingUser: String?, createdAt: String) {
        let guid = REFIQDA.guid("material", content.key)
        let file = REFIQDA.guid("material-file", content.key)
        var source = Source(guid: guid, name: name, isPicture: content.picture != nil, path: "", description: content.description,
                            creatingUser: creatingUser, createdAt: createdAt)
        if let picture = content.picture {
            source.path = "sources/\(file).\(picture.ext)"
            pictureFiles.append(REFIQDA.PictureFile(path: source.path, data: picture.data))
        } else {
            source.path = "sources/\(file).txt"
            textFiles.append(REFIQDA.SourceFile(path: source.path, text: content.text ?? ""))
        }
        sources.append(source)
    }

    /// A persona prompt's card, or a screenshot prompt's picture (its description when no file can be read).
    private static func content(of prompt: Prompt, in workshop: Workshop, deckPaths: [String], readFile: (String) -> Data?) -> Content? {
        switch prompt.kind {
        case .persona:
            guard let persona = workshop.persona(prompt.persona) else { return nil }
            let text = ([persona.cardHeadline] + persona.cardFields.map { "\($0.label): \($0.text)" } + [persona.cardQuote].compactMap { $0 })
                .joined(separator: "\n") + "\n"
            return Content(key: "persona:" + text, name: "Persona card — \(persona.name)",
                           description: "Persona card shown for the prompt \"\(prompt.title)\" (deck \(workshop.deck.id)).", text: text)
        case .screenshot:
            guard let image = prompt.image else { return nil }
            let alt = prompt.alt ?? ""
            for path in candidates(image, deckPaths: deckPaths) {
                guard let data = readFile(path) else { continue }
                let file = (image as NSString).lastPathComponent as NSString
                let ext = file.pathExtension.isEmpty ? "png" : file.pathExtension.lowercased()
                // Named as a file with its type: a program may save the picture under this name.
                return Content(key: "picture:" + SHA256.hash(data: data).hex, name: file.deletingPathExtension + "." + ext,
                               description: "Screenshot shown for the prompt \"\(prompt.title)\" (deck \(workshop.deck.id), \(image)). Its description: \(alt)",
                               picture: (data, ext))
            }
            let text = "\(prompt.title)\nScreenshot \(image): its file could not be read when this project was exported, so here is its description.\n\n\(alt)\n"
            return Content(key: "screenshot:" + text, name: "\(prompt.title) (screenshot description)",
                           description: "The description of the screenshot \(image) shown for the prompt \"\(prompt.title)\" (deck \(workshop.deck.id)); its file could not be read.",
                           text: text)
        case .section, .question:
            return nil
        }
    }

    /// Where a screenshot may be: paths in a deck are relative to the deck file.
    private static func candidates(_ image: String, deckPaths: [String]) -> [String] {
        if image.hasPrefix("/") { return [image] }
        var seen = Set<String>()
        return deckPaths.map { ($0 as NSString).deletingLastPathComponent }.map { ($0 as NSString).appendingPathComponent(image) }
            .filter { seen.insert($0).inserted }
    }

    /// `name`, or `name (2)`, `name (3)`… (before a picture's extension, which ends its name) if it is taken.
    private static func unique(_ name: String, extension ext: String?, among names: inout Set<String>) -> String {
        let suffix = ext.map { "." + $0 } ?? ""
        let stem = String(name.dropLast(suffix.count))
        var candidate = name
        var number = 1
        while names.contains(candidate) {
            number += 1
            candidate = "\(stem) (\(number))\(suffix)"
        }
        names.insert(candidate)
        return candidate
    }
}

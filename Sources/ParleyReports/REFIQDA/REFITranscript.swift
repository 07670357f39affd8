import ParleyCore

/// A comment's place in its session's transcript, in Unicode scalars (0-based, end-exclusive).
struct Selection {
    var comment: CommentRecord
    var start: Int
    var end: Int
}

/// One session's transcript: the source file, and where each comment, marker and prompt heading is in it.
struct Transcript {
    /// A prompt's heading: the title's place, and the time of the first comment or marker under it.
    struct Heading {
        var promptID: String
        var start: Int
        var end: Int
        var at: String
    }

    /// A facilitator's marker line: the label's place.
    struct MarkerLine {
        var marker: MarkerRow
        var start: Int
        var end: Int
    }

    var session: SessionRow
    var file: REFIQDA.SourceFile
    var selections: [Selection]
    var headings: [Heading]
    var markerLines: [MarkerLine]

    /// The deck title, the session, then comments and markers in time order, under a heading whenever the
    /// prompt changes. A marker goes after the comments noted before it (by the room's clock), under the
    /// prompt its writer was on, so it sits where it happened.
    init(session: SessionRow, comments: [CommentRecord], markers: [MarkerRow], promptTitles: [String: String]) {
        // A String, not a UnicodeScalarView: appending to the view copies it whole each time.
        var text = ""
        var length = 0
        var selections: [Selection] = []
        var headings: [Heading] = []
        var markerLines: [MarkerLine] = []
        var currentPrompt: String?
        // Every line break as LF: a comment typed on Windows (CR LF) mixed line endings into the file, and a
        // reader that turns CR LF into one character counted every later position one short.
        func add(_ raw: String) {
            let piece = DocumentText.unifyingLineBreaks(raw)
            text += piece
            length += piece.unicodeScalars.count
        }
        /// Adds `piece` and returns its place.
        func place(_ piece: String) -> (start: Int, end: Int) {
            let start = length
            add(piece)
            return (start, length)
        }
        func heading(_ prompt: String?, at: String) {
            guard let prompt, prompt != currentPrompt else { return }
            currentPrompt = prompt
            add("\n## ")
            let title = place(promptTitles[prompt] ?? prompt)
            headings.append(Heading(promptID: prompt, start: title.start, end: title.end, at: at))
            add("\n\n")
        }
        var pending = markers[...]
        // Times are all `Timestamp.string` (fixed width, UTC), so they compare as text.
        func addMarkers(before at: String?) {
            while let marker = pending.first, at.map({ marker.at < $0 }) ?? true {
                pending.removeFirst()
                heading(marker.promptID, at: marker.at)
                add("Marker (\(marker.writer)): ")
                let label = place(marker.label)
                markerLines.append(MarkerLine(marker: marker, start: label.start, end: label.end))
                add("\n")
            }
        }
        add("\(session.deckTitle.isEmpty ? session.deckID : session.deckTitle)\n")
        add("Session \(session.id), started \(session.startedAt)\n")
        for comment in comments {
            addMarkers(before: comment.at)
            heading(comment.promptID, at: comment.at)
            add("\(comment.participant ?? "Room"): ")
            let words = place(comment.text)
            selections.append(Selection(comment: comment, start: words.start, end: words.end))
            add("\n")
        }
        addMarkers(before: nil)
        self.session = session
        self.selections = selections
        self.headings = headings
        self.markerLines = markerLines
        file = REFIQDA.SourceFile(path: "sources/\(REFIQDA.guid("source-file", session.id)).txt", text: text)
    }

    /// The session's source name: deck title and session id prefix.
    var sourceName: String { "\(session.deckTitle.isEmpty ? session.deckID : session.deckTitle) — \(session.id.prefix(8))" }
}

import ParleyCore

/// The sources, notes and links of `project.qde`: each session's text with its selections, what the room
/// looked at, the markers anchored in the text, and the headings' links to what they showed.
extension ProjectParts {
    static func headingGUID(_ session: String, _ index: Int) -> String { REFIQDA.guid("heading", session, String(index)) }

    func writeSources(into xml: inout XMLOut) {
        guard !transcripts.isEmpty else { return }
        xml.open("Sources")
        for transcript in transcripts {
            writeTranscript(transcript, into: &xml)
            for recording in recordings[transcript.session.id] ?? [] { writeRecording(recording, into: &xml) }
        }
        for source in materials.sources { writeMaterial(source, into: &xml) }
        xml.close("Sources")
    }

    private func writeTranscript(_ transcript: Transcript, into xml: inout XMLOut) {
        let session = transcript.session
        let runner = facilitator[session.id].map(userGUID)
        xml.open("TextSource", [("guid", REFIQDA.guid("source", session.id)), ("name", transcript.sourceName),
                                ("plainTextPath", "internal://" + transcript.file.path.dropFirst("sources/".count)),
                                ("creatingUser", runner), ("creationDateTime", session.startedAt)])
        xml.leaf("Description", "Parley session \(session.id) (deck \(session.deckID)): comments and facilitator markers in session order under prompt headings. Positions are Unicode code points, 0-based, end-exclusive.")
        for selection in transcript.selections { writeSelection(selection, session: session.id, into: &xml) }
        // A heading that showed a screenshot or persona card links to its source; the description says
        // which, for programs that show a selection's description but not links.
        for shown in materials.shown[session.id] ?? [] {
            let heading = shown.heading
            xml.open("PlainTextSelection", [("guid", Self.headingGUID(session.id, shown.index)),
                                            ("name", promptTitles[session.id]?[heading.promptID] ?? heading.promptID),
                                            ("startPosition", String(heading.start)), ("endPosition", String(heading.end)),
                                            ("creatingUser", runner), ("creationDateTime", heading.at)])
            xml.leaf("Description", "On screen: the \(shown.source.isPicture ? "picture" : "text") source \"\(shown.source.name)\".")
            xml.close("PlainTextSelection")
        }
        for line in transcript.markerLines { xml.empty("NoteRef", [("targetGUID", Self.noteGUID(session.id, line.marker.ordinal))]) }
        xml.close("TextSource")
    }

    /// A comment as a selection of the transcript, with a coding per tag (and per speaker, when they are codes).
    private func writeSelection(_ selection: Selection, session: String, into xml: inout XMLOut) {
        let comment = selection.comment
        writeCoded("PlainTextSelection", comment, [("guid", Self.selectionGUID(session, comment.commentID)), ("name", Self.selectionName(comment)),
                                                   ("startPosition", String(selection.start)), ("endPosition", String(selection.end)),
                                                   ("creatingUser", userGUID(comment.writer)), ("creationDateTime", comment.at)],
                   codingKind: "", into: &xml)
    }

    /// A comment's selection name: its first line, at most 80 characters.
    static func selectionName(_ comment: CommentRecord) -> String {
        let firstLine = DocumentText.unifyingLineBreaks(comment.text).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return firstLine.count > 80 ? String(firstLine.prefix(79)) + "…" : firstLine
    }

    /// A selection `element` of a comment with a coding per tag (and per speaker, when they are codes).
    /// `codingKind` keeps the GUIDs of one comment's codings on different selections apart.
    func writeCoded(_ element: String, _ comment: CommentRecord, _ attributes: [(String, String?)], codingKind: String,
                    into xml: inout XMLOut) {
        let session = comment.sessionID
        var codings = comment.tags.map { (guid: REFIQDA.guid(codingKind + "coding", session, comment.commentID, $0), code: codebook.guidOfTag[$0]!) }
        if let name = comment.participant, let code = speakerCodes[Speaker(session: session, name: name)] {
            codings.append((REFIQDA.guid(codingKind + "speaker-coding", session, comment.commentID), code))
        }
        guard !codings.isEmpty else {
            xml.empty(element, attributes)
            return
        }
        xml.open(element, attributes)
        for coding in codings {
            xml.open("Coding", [("guid", coding.guid), ("creatingUser", userGUID(comment.writer)), ("creationDateTime", comment.at)])
            xml.empty("CodeRef", [("targetGUID", coding.code)])
            xml.close("Coding")
        }
        xml.close(element)
    }

    private func writeMaterial(_ source: Materials.Source, into xml: inout XMLOut) {
        let element = source.isPicture ? "PictureSource" : "TextSource"
        let path = "internal://" + source.path.dropFirst("sources/".count)
        xml.open(element, [("guid", source.guid), ("name", source.name), (source.isPicture ? "path" : "plainTextPath", path),
                           ("creatingUser", source.creatingUser.map(userGUID)), ("creationDateTime", source.createdAt)])
        xml.leaf("Description", source.description)
        xml.close(element)
    }

    /// Markers as notes, each on the place of its line in the session text: programs import a note as an
    /// annotation only when it has a selection.
    func writeNotes(into xml: inout XMLOut) {
        let lines = transcripts.flatMap(\.markerLines)
        guard !lines.isEmpty else { return }
        xml.open("Notes")
        for line in lines {
            let marker = line.marker
            let user = userGUID(marker.writer)
            // QualCoder dates an annotation by its modifiedDateTime; a marker is never changed after it is made.
            xml.open("Note", [("guid", Self.noteGUID(marker.session, marker.ordinal)), ("name", "Marker: \(marker.label)"),
                              ("creatingUser", user), ("creationDateTime", marker.at), ("modifiedDateTime", marker.at)])
            let prompt = marker.promptID.map { promptTitles[marker.session]?[$0] ?? $0 }
            xml.leaf("Description", "Facilitator marker in session \(marker.session)" + (prompt.map { " during \"\($0)\"" } ?? "") + " at \(marker.at).")
            xml.leaf("PlainTextContent", marker.label)
            xml.empty("PlainTextSelection", [("guid", REFIQDA.guid("note-selection", marker.session, String(marker.ordinal))),
                                             ("name", marker.label), ("startPosition", String(line.start)),
                                             ("endPosition", String(line.end)), ("creatingUser", user), ("creationDateTime", marker.at)])
            xml.close("Note")
        }
        xml.close("Notes")
    }

    /// From each heading that showed something to its source.
    func writeLinks(into xml: inout XMLOut) {
        let shown = transcripts.flatMap { transcript in (materials.shown[transcript.session.id] ?? []).map { (transcript.session.id, $0) } }
        guard !shown.isEmpty else { return }
        xml.open("Links")
        for (session, item) in shown {
            xml.empty("Link", [("guid", REFIQDA.guid("link", session, String(item.index))), ("name", "On screen"), ("direction", "OneWay"),
                               ("originGUID", Self.headingGUID(session, item.index)), ("targetGUID", item.source.guid)])
        }
        xml.close("Links")
    }
}

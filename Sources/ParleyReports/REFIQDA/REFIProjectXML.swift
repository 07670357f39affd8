/// The elements of `project.qde`, in the order the schema wants them; none written empty.
extension ProjectParts {
    static func caseGUID(_ session: String, _ participant: String) -> String { REFIQDA.guid("case", session, participant) }
    static func selectionGUID(_ session: String, _ comment: String) -> String { REFIQDA.guid("selection", session, comment) }
    static func noteGUID(_ session: String, _ ordinal: Int) -> String { REFIQDA.guid("note", session, String(ordinal)) }
    static func variableGUID(_ name: String) -> String { REFIQDA.guid("variable", name) }

    func writeUsers(into xml: inout XMLOut) {
        guard !users.isEmpty else { return }
        xml.open("Users")
        for writer in users { xml.empty("User", [("guid", userGUID(writer)), ("name", writer), ("id", writer)]) }
        xml.close("Users")
    }

    func writeCodebook(into xml: inout XMLOut) {
        guard !codebook.groups.isEmpty else { return }
        xml.open("CodeBook")
        codebook.write(into: &xml)
        xml.close("CodeBook")
    }

    /// Variables: table, round and session for every case, plus any other participant attribute.
    var variableNames: [String] {
        var extra = Set<String>()
        for participant in cases { extra.formUnion(participant.attributes.keys.filter { $0 != "table" }) }
        return ["session", "table", "round"] + extra.subtracting(["session", "round"]).sorted()
    }

    func writeCases(into xml: inout XMLOut) {
        guard !cases.isEmpty else { return }
        xml.open("Variables")
        for name in variableNames {
            xml.open("Variable", [("guid", Self.variableGUID(name)), ("name", name), ("typeOfVariable", "Text")])
            switch name {
            case "session": xml.leaf("Description", "The Parley session id.")
            case "table": xml.leaf("Description", "World Café table(s): the participant's table attribute, then the tables recorded with their comments, comma-separated.")
            case "round": xml.leaf("Description", "World Café round(s) recorded with the participant's comments, comma-separated.")
            default: xml.leaf("Description", "Participant attribute \"\(name)\".")
            }
            xml.close("Variable")
        }
        xml.close("Variables")
        xml.open("Cases")
        for participant in cases { writeCase(participant, into: &xml) }
        xml.close("Cases")
    }

    /// A participant: their variables' values and a reference to each of their comments.
    private func writeCase(_ participant: ParticipantRow, into xml: inout XMLOut) {
        let theirs = selectionsBySpeaker[Speaker(session: participant.session, name: participant.participant)] ?? []
        var tables: [String] = participant.table.map { [$0] } ?? []
        for selection in theirs { if let table = selection.comment.table, !tables.contains(table) { tables.append(table) } }
        var rounds: [Int] = []
        for selection in theirs { if let round = selection.comment.round, !rounds.contains(round) { rounds.append(round) } }
        var values: [(String, String)] = [("session", participant.session)]
        if !tables.isEmpty { values.append(("table", tables.joined(separator: ", "))) }
        if !rounds.isEmpty { values.append(("round", rounds.sorted().map(String.init).joined(separator: ", "))) }
        for key in participant.attributes.keys.sorted() where key != "table" && key != "session" && key != "round" {
            values.append((key, participant.attributes[key]!))
        }
        let name = order.sessions.count > 1 ? "\(participant.participant) (\(participant.session.prefix(8)))" : participant.participant
        xml.open("Case", [("guid", Self.caseGUID(participant.session, participant.participant)), ("name", name)])
        for (key, value) in values {
            xml.open("VariableValue")
            xml.empty("VariableRef", [("targetGUID", Self.variableGUID(key))])
            xml.leaf("TextValue", value)
            xml.close("VariableValue")
        }
        for selection in theirs {
            xml.empty("SelectionRef", [("targetGUID", Self.selectionGUID(participant.session, selection.comment.commentID))])
        }
        xml.close("Case")
    }

    func writeSources(into xml: inout XMLOut) {
        guard !transcripts.isEmpty else { return }
        xml.open("Sources")
        for transcript in transcripts {
            let session = transcript.session
            xml.open("TextSource", [("guid", REFIQDA.guid("source", session.id)),
                                    ("name", "\(session.deckTitle.isEmpty ? session.deckID : session.deckTitle) — \(session.id.prefix(8))"),
                                    ("plainTextPath", "internal://" + (transcript.file.path.dropFirst("sources/".count))),
                                    ("creationDateTime", session.startedAt)])
            xml.leaf("Description", "Parley session \(session.id) (deck \(session.deckID)): comments in session order under prompt headings. Positions are Unicode code points, 0-based, end-exclusive.")
            for selection in transcript.selections { writeSelection(selection, session: session.id, into: &xml) }
            for marker in markers where marker.session == session.id {
                xml.empty("NoteRef", [("targetGUID", Self.noteGUID(session.id, marker.ordinal))])
            }
            xml.close("TextSource")
        }
        xml.close("Sources")
    }

    /// A comment as a selection of the transcript, with a coding per tag.
    private func writeSelection(_ selection: Selection, session: String, into xml: inout XMLOut) {
        let comment = selection.comment
        let firstLine = comment.text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let name = firstLine.count > 80 ? String(firstLine.prefix(79)) + "…" : firstLine
        let attributes: [(String, String?)] = [("guid", Self.selectionGUID(session, comment.commentID)), ("name", name),
                                               ("startPosition", String(selection.start)), ("endPosition", String(selection.end)),
                                               ("creatingUser", userGUID(comment.writer)), ("creationDateTime", comment.at)]
        guard !comment.tags.isEmpty else {
            xml.empty("PlainTextSelection", attributes)
            return
        }
        xml.open("PlainTextSelection", attributes)
        for tag in comment.tags {
            xml.open("Coding", [("guid", REFIQDA.guid("coding", session, comment.commentID, tag)),
                                ("creatingUser", userGUID(comment.writer)), ("creationDateTime", comment.at)])
            xml.empty("CodeRef", [("targetGUID", codebook.guidOfTag[tag]!)])
            xml.close("Coding")
        }
        xml.close("PlainTextSelection")
    }

    func writeNotes(into xml: inout XMLOut) {
        guard !markers.isEmpty else { return }
        xml.open("Notes")
        for marker in markers {
            xml.open("Note", [("guid", Self.noteGUID(marker.session, marker.ordinal)), ("name", "Marker: \(marker.label)"),
                              ("creatingUser", userGUID(marker.writer)), ("creationDateTime", marker.at)])
            let prompt = marker.promptID.map { promptTitles[marker.session]?[$0] ?? $0 }
            xml.leaf("Description", "Facilitator marker in session \(marker.session)" + (prompt.map { " during \"\($0)\"" } ?? "") + " at \(marker.at).")
            xml.leaf("PlainTextContent", marker.label)
            xml.close("Note")
        }
        xml.close("Notes")
    }
}

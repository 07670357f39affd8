/// The elements of `project.qde` before the sources, in the order the schema wants them; none written empty.
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
        let name = Self.caseName(participant, severalSessions: order.sessions.count > 1)
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
}

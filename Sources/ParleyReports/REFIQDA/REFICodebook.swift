import ParleyCore

/// The codebook of the exported sessions: groups as parent codes, emergent codes under their own parent.
struct REFICodebook {
    struct Code { var guid: String; var tag: String; var label: String; var description: String }
    struct Group { var guid: String; var name: String; var description: String; var codes: [Code] }
    private(set) var groups: [Group] = []
    /// tag → code GUID
    private(set) var guidOfTag: [String: String] = [:]
    /// group GUID → place in `groups`
    private var groupIndex: [String: Int] = [:]

    static let emergentGroup = "(emergent)"

    /// The sessions' codes merged by tag in session order (the first session's label wins); any tag on a
    /// comment that no session lists (should not happen) is kept as emergent.
    init(codes: [CodeRow], comments: [CommentRecord], order: SessionOrder) {
        for code in order.sorted(codes, session: \.session, position: \.position) {
            add(tag: code.tag, label: code.label, description: code.description, groupID: code.groupID, groupLabel: code.groupLabel,
                emergent: code.emergent)
        }
        for comment in comments {
            for tag in comment.tags { add(tag: tag, label: tag, description: "", groupID: nil, groupLabel: nil, emergent: true) }
        }
    }

    /// A group of codes that are not tags (such as the participants).
    mutating func append(_ group: Group) {
        groupIndex[group.guid] = groups.count
        groups.append(group)
    }

    private mutating func add(tag: String, label: String, description: String, groupID: String?, groupLabel: String?, emergent: Bool) {
        guard guidOfTag[tag] == nil else { return }
        let groupKey = emergent || groupID == nil ? Self.emergentGroup : groupID!
        let code = Code(guid: REFIQDA.guid("code", tag), tag: tag, label: label, description: description)
        guidOfTag[tag] = code.guid
        let groupGUID = REFIQDA.guid("group", groupKey)
        if let index = groupIndex[groupGUID] {
            groups[index].codes.append(code)
            return
        }
        let name = groupKey == Self.emergentGroup ? "Emergent codes" : (groupLabel ?? groupKey)
        let about = groupKey == Self.emergentGroup
            ? "Tags typed during the sessions that are not in the codebook (a folder, not codable itself)."
            : "Codebook group \"\(groupKey)\" (a folder, not codable itself)."
        groupIndex[groupGUID] = groups.count
        groups.append(Group(guid: groupGUID, name: name, description: about, codes: [code]))
    }

    func write(into xml: inout XMLOut) {
        xml.open("Codes")
        for group in groups {
            xml.open("Code", [("guid", group.guid), ("name", group.name), ("isCodable", "false")])
            xml.leaf("Description", group.description)
            for code in group.codes {
                let name = code.label.isEmpty ? code.tag : code.label
                if code.description.isEmpty {
                    xml.empty("Code", [("guid", code.guid), ("name", name), ("isCodable", "true")])
                } else {
                    xml.open("Code", [("guid", code.guid), ("name", name), ("isCodable", "true")])
                    xml.leaf("Description", code.description)
                    xml.close("Code")
                }
            }
            xml.close("Code")
        }
        xml.close("Codes")
    }
}

extension REFIQDA {
    /// The `.qdc` codebook of the sessions in `rows` (their codes and comments are used).
    public static func codebook(_ rows: Rows) throws -> String {
        let book = REFICodebook(codes: rows.codes, comments: rows.comments, order: SessionOrder(rows.sessions))
        guard !book.groups.isEmpty else { throw UserError("no codes to export: the sessions in scope have no codebook and no tags") }
        var xml = XMLOut()
        xml.open("CodeBook", [("xmlns", "urn:QDA-XML:codebook:1.0"), ("origin", "Parley")])
        book.write(into: &xml)
        xml.close("CodeBook")
        return xml.text
    }
}

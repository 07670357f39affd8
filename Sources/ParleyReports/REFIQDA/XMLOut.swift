/// A tiny XML writer: indented elements, attributes in the order given, no empty containers by construction.
struct XMLOut {
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    var depth = 0

    private var pad: String { String(repeating: "  ", count: depth) }

    private static func attrs(_ attributes: [(String, String?)]) -> String {
        attributes.compactMap { key, value in value.map { " \(key)=\"\(REFIQDA.escape($0, attribute: true))\"" } }.joined()
    }

    mutating func open(_ name: String, _ attributes: [(String, String?)] = []) {
        text += "\(pad)<\(name)\(Self.attrs(attributes))>\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += "\(pad)</\(name)>\n"
    }

    mutating func empty(_ name: String, _ attributes: [(String, String?)] = []) {
        text += "\(pad)<\(name)\(Self.attrs(attributes))/>\n"
    }

    mutating func leaf(_ name: String, _ content: String, _ attributes: [(String, String?)] = []) {
        text += "\(pad)<\(name)\(Self.attrs(attributes))>\(REFIQDA.escape(content))</\(name)>\n"
    }
}

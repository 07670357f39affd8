/// What a persona card says, in reading order: the screens draw it with styles, exports write it as text.
extension Persona {
    /// "Amir, 58 — summary".
    public var cardHeadline: String { "\(name), \(age) — \(summary)" }

    /// The card's labelled fields that have something to say, each list joined with "; ".
    public var cardFields: [(label: String, text: String)] {
        let fields: [(String, [String])] = [
            ("Conditions", conditions), ("Languages", languages), ("Support", [support]),
            ("Devices", devices), ("Apps", apps), ("Goals", goals), ("Worries", worries),
        ]
        return fields.filter { !$0.1.isEmpty && !($0.1.count == 1 && $0.1[0].isEmpty) }.map { ($0.0, $0.1.joined(separator: "; ")) }
    }

    /// The quote in curly quotes, or nil when there is none.
    public var cardQuote: String? { quote.isEmpty ? nil : "“\(quote)”" }
}

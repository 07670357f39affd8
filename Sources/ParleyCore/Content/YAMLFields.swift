import Foundation
import Yams

/// Reads one content file into a Yams node tree, turning every failure into a located diagnostic.
struct YAMLSource {
    static let maximumBytes = 5 * 1024 * 1024

    let path: String
    let bytes: Data
    let root: Node
    /// Kept alive with the tree: Yams holds node anchors weakly, and they are how aliases are detected.
    let parser: Parser

    /// Reads and parses `path`; throws `Diagnostics` for anything that is not a well-formed,
    /// reasonably sized, alias-free UTF-8 YAML mapping.
    static func load(path: String) throws -> YAMLSource {
        let bytes: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if (attributes[.type] as? FileAttributeType) == .typeDirectory {
                throw Diagnostics([Diagnostic(path: path, line: 1, column: 1, message: "is a folder; expected a YAML file")])
            }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            if size > maximumBytes {
                throw Diagnostics([Diagnostic(path: path, line: 1, column: 1,
                    message: "file is too large (\(size / 1024 / 1024) MB); content files are at most 5 MB")])
            }
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as Diagnostics {
            throw error
        } catch {
            throw Diagnostics([Diagnostic(path: path, line: 1, column: 1, message: "cannot read file (\(error.localizedDescription)); expected a readable YAML file")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = invalidUTF8Position(bytes)
            throw Diagnostics([Diagnostic(path: path, line: line, column: column, message: "invalid UTF-8; content files must be UTF-8 text")])
        }
        let node: Node?
        let parser: Parser
        do {
            parser = try Parser(yaml: text)
            node = try parser.singleRoot()
        } catch let error as YamlError {
            throw Diagnostics([diagnostic(for: error, path: path, text: text)])
        } catch {
            throw Diagnostics([Diagnostic(path: path, line: 1, column: 1, message: "cannot parse YAML (\(error))")])
        }
        guard let node else {
            throw Diagnostics([Diagnostic(path: path, line: 1, column: 1, message: "file is empty; expected a YAML mapping")])
        }
        return YAMLSource(path: path, bytes: bytes, root: node, parser: parser)
    }

    private static func diagnostic(for error: YamlError, path: String, text: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let while_ = context.map { " \($0.text)" } ?? ""
            return Diagnostic(path: path, line: mark.line, column: mark.column, message: "YAML syntax error: \(problem)\(while_)")
        case let .reader(problem, offset, _, _):
            let (line, column) = position(ofCharacter: offset ?? 0, in: text)
            return Diagnostic(path: path, line: line, column: column, message: "unreadable text: \(problem); expected plain UTF-8 YAML")
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(path: path, line: context.mark.line, column: context.mark.column,
                              message: "duplicate key \"\(duplicates.first ?? "")\" in a mapping; each key may appear once")
        default:
            return Diagnostic(path: path, line: 1, column: 1, message: "cannot parse YAML (\(error))")
        }
    }

    static func position(ofCharacter offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" { line += 1; column = 1 } else { column += character.unicodeScalars.count }
        }
        return (line, column)
    }

    static func invalidUTF8Position(_ bytes: Data) -> (Int, Int) {
        // Decode byte by byte until the first error: the line/column of the byte that breaks it.
        var line = 1, column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error: break loop
            }
        }
        return (line, column)
    }
}

/// Collects diagnostics while reading typed fields out of YAML mappings.
final class FieldReader {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Stop collecting after this many problems: a hostile file must not produce millions.
    static let maximumDiagnostics = 200

    init(path: String) { self.path = path }

    func report(_ node: Node?, _ message: String) {
        guard diagnostics.count < Self.maximumDiagnostics else { return }
        let mark = node?.mark
        diagnostics.append(Diagnostic(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    func report(at mark: Mark?, _ message: String) {
        guard diagnostics.count < Self.maximumDiagnostics else { return }
        diagnostics.append(Diagnostic(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    /// The fields of a mapping node, or nil (reported) when the node is something else.
    func mapping(_ node: Node, what: String, allowed: [String]) -> Fields? {
        guard rejectAnchors(node) else { return nil }
        guard case .mapping(let mapping) = node else {
            report(node, "\(what) must be a mapping of fields; found \(describe(node))")
            return nil
        }
        var values: [String: Node] = [:]
        var keyMarks: [String: Mark] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                report(key, "a field name must be plain text; found \(describe(key))")
                continue
            }
            let name = scalar.string
            if !allowed.contains(name) {
                report(key, "unknown field \"\(name)\" in \(what)\(Suggestion.hint(for: name, in: allowed)); expected one of: \(allowed.joined(separator: ", "))")
                continue
            }
            values[name] = value
            keyMarks[name] = key.mark
        }
        return Fields(reader: self, node: node, what: what, values: values)
    }

    /// Anchors and aliases are refused: content never needs them, and they are how a "billion laughs" file explodes.
    func rejectAnchors(_ node: Node) -> Bool {
        if node.anchor != nil {
            report(node, "anchors and aliases (&name, *name) are not allowed in Parley content; write the value out")
            return false
        }
        return true
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "nothing" : "text \"\(s.string.prefix(40))\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// The known fields of one mapping, with typed accessors that report what is wrong where.
struct Fields {
    let reader: FieldReader
    let node: Node
    let what: String
    let values: [String: Node]

    subscript(_ key: String) -> Node? { values[key] }

    func missing(_ key: String, _ expected: String) {
        reader.report(node, "\(what) is missing required field \"\(key)\"; expected \(expected)")
    }

    func string(_ key: String, required: Bool = true) -> String? {
        guard let value = values[key] else {
            if required { missing(key, "text") }
            return nil
        }
        guard reader.rejectAnchors(value) else { return nil }
        guard case .scalar(let scalar) = value else {
            reader.report(value, "field \"\(key)\" must be text; found \(reader.describe(value))")
            return nil
        }
        let isNull = scalar.style == .plain && ["null", "Null", "NULL", "~"].contains(scalar.string)
        let text = isNull ? "" : scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty && required {
            reader.report(value, "field \"\(key)\" is empty; expected text")
            return nil
        }
        return text
    }

    func identifier(_ key: String, required: Bool = true) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard Identifier.isValid(text) else {
            reader.report(values[key], "\(key) \"\(text)\" is not valid; expected lowercase letters, digits and '-' ([a-z0-9-]+)")
            return nil
        }
        return text
    }

    func integer(_ key: String, required: Bool = false, range: ClosedRange<Int>) -> Int? {
        guard let value = values[key] else {
            if required { missing(key, "a whole number") }
            return nil
        }
        guard reader.rejectAnchors(value) else { return nil }
        guard case .scalar(let scalar) = value, scalar.style == .plain, let number = Int(scalar.string) else {
            reader.report(value, "field \"\(key)\" must be a whole number; found \(reader.describe(value))")
            return nil
        }
        guard range.contains(number) else {
            reader.report(value, "field \"\(key)\" is \(number); expected a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    /// A list of text items; a single text value is accepted as a one-item list.
    func strings(_ key: String, required: Bool = false) -> [String] {
        guard let value = values[key] else {
            if required { missing(key, "a list of text items") }
            return []
        }
        guard reader.rejectAnchors(value) else { return [] }
        switch value {
        case .scalar(let scalar):
            let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? [] : [text]
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard reader.rejectAnchors(item) else { continue }
                guard case .scalar(let scalar) = item else {
                    reader.report(item, "each item of \"\(key)\" must be text; found \(reader.describe(item))")
                    continue
                }
                items.append(scalar.string.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return items
        default:
            reader.report(value, "field \"\(key)\" must be a list of text items; found \(reader.describe(value))")
            return []
        }
    }

    /// The nodes of a list field, or [] (reported) when it is something else.
    func list(_ key: String, required: Bool = true) -> [Node] {
        guard let value = values[key] else {
            if required { missing(key, "a list") }
            return []
        }
        guard reader.rejectAnchors(value) else { return [] }
        guard case .sequence(let sequence) = value else {
            reader.report(value, "field \"\(key)\" must be a list; found \(reader.describe(value))")
            return []
        }
        return Array(sequence)
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool) -> E? where E.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        guard let value = E(rawValue: text) else {
            let options = E.allCases.map(\.rawValue)
            reader.report(values[key], "\(key) \"\(text)\" is not known\(Suggestion.hint(for: text, in: options)); expected one of: \(options.joined(separator: ", "))")
            return nil
        }
        return value
    }
}

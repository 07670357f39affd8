import Foundation

/// UTF-8 text built as bytes: the exports write hundreds of thousands of rows.
struct TextBuffer {
    var bytes: [UInt8] = []

    @inline(__always) mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func append(byte: UInt8) { bytes.append(byte) }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// RFC 4180 CSV: fields separated by commas, records by CRLF; a field holding a comma, a double
/// quote, CR or LF is enclosed in double quotes with inner quotes doubled. UTF-8, no byte order mark.
public struct CSVWriter: Sendable {
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    public init() {}

    public var output: String { String(decoding: buffer, as: UTF8.self) }

    public mutating func row(_ fields: [String]) {
        for field in fields { self.field(field) }
        endRow()
    }

    /// Appends one field to the current row.
    public mutating func field(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            if fieldsInRow > 0 { buffer.append(0x2C) }
            fieldsInRow += 1
            var needsQuotes = false
            for byte in bytes where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { needsQuotes = true; break }
            guard needsQuotes else { buffer.append(contentsOf: bytes); return }
            buffer.append(0x22)
            for byte in bytes {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        }
    }

    public mutating func endRow() {
        buffer.append(0x0D); buffer.append(0x0A)
        fieldsInRow = 0
    }

    public static func escape(_ field: String) -> String {
        var writer = CSVWriter()
        writer.field(field)
        return writer.output
    }
}

/// JSON text (RFC 8259) with keys in the order written, for the JSON export.
struct JSONText {
    var buffer = TextBuffer()

    mutating func raw(_ text: String) { buffer.append(text) }

    mutating func string(_ value: String) {
        var value = value
        buffer.append(byte: 0x22)
        value.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case 0x22: buffer.append("\\\"")
                case 0x5C: buffer.append("\\\\")
                case 0x0A: buffer.append("\\n")
                case 0x0D: buffer.append("\\r")
                case 0x09: buffer.append("\\t")
                case 0..<0x20: buffer.append(String(format: "\\u%04x", Int(byte)))
                default: buffer.append(byte: byte)
                }
            }
        }
        buffer.append(byte: 0x22)
    }

    mutating func string(_ value: String?) { if let value { string(value) } else { raw("null") } }
    mutating func number(_ value: Int?) { raw(value.map(String.init) ?? "null") }
    mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    /// `{"key": value, …}` with `write` writing each value after its key.
    mutating func object(_ keys: [String], _ write: (inout JSONText, Int) -> Void) {
        raw("{")
        for (index, key) in keys.enumerated() {
            if index > 0 { raw(", ") }
            string(key)
            raw(": ")
            write(&self, index)
        }
        raw("}")
    }

    mutating func strings(_ values: [String]) {
        raw("[")
        for (index, value) in values.enumerated() {
            if index > 0 { raw(", ") }
            string(value)
        }
        raw("]")
    }
}

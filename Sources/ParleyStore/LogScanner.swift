import Foundation
import ParleyCore

/// One non-empty line of a log file, located in the file's bytes.
struct ScannedLine: Sendable {
    /// Byte offset of the line's first byte.
    var start: Int
    /// Length in bytes, without the newline (and without a trailing carriage return).
    var count: Int
    /// 1-based line number in the file.
    var number: Int
    /// Whether a newline ends the line (false only for an unterminated last line).
    var terminated: Bool
    var hash: LineHash
}

/// What decoding one line gave.
enum DecodedLine: Sendable {
    case event(Event)
    /// A Parley event whose values cannot be used (bad time, newer format…).
    case invalid(String)
    /// Not a Parley event at all (not JSON, missing fields, wrong types, unknown type).
    case failure(String)
}

/// Splits a log into lines, fingerprints each, and decodes the ones the store does not know yet —
/// on every core. The rules are those of `ParleyLog.LogReader` (a torn last line is reported and
/// the rest kept; a bad line in the middle is reported and skipped; a file whose first line is not a
/// Parley event is refused), re-implemented here because the store also needs each event's raw
/// line and must skip already-known lines without decoding them.
struct LogScanner {
    /// Longer lines are reported without being decoded. A whole deck snapshot is far smaller.
    static let maximumLineBytes = 16 << 20

    let path: String
    let data: Data
    private(set) var lines: [ScannedLine] = []

    init(path: String) throws {
        self.path = path
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw UserError("\(path): cannot read: \(Self.reason(error))")
        }
        lines = Self.split(data)
    }

    init(path: String, data: Data) {
        self.path = path
        self.data = data
        lines = Self.split(data)
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }

    private static func split(_ data: Data) -> [ScannedLine] {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> [ScannedLine] in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return [] }
            var lines: [ScannedLine] = []
            lines.reserveCapacity(buffer.count / 256)
            var start = 0
            var number = 0
            let total = buffer.count
            while start < total {
                number += 1
                let found = memchr(base + start, 0x0A, total - start)
                let end = found.map { $0 - UnsafeMutableRawPointer(mutating: base) } ?? total
                var last = end
                if last > start, base.load(fromByteOffset: last - 1, as: UInt8.self) == 0x0D { last -= 1 }
                if last > start {
                    let hash = LineHash.of(base: base + start, count: last - start)
                    lines.append(ScannedLine(start: start, count: last - start, number: number, terminated: found != nil, hash: hash))
                }
                start = end + 1
            }
            return lines
        }
    }

    /// The line's bytes, for messages and for the first-line check.
    func firstByte(of line: ScannedLine) -> UInt8 {
        data[data.startIndex + line.start]
    }

    /// Decodes the given lines (indices into `lines`) using every core; results in the same order.
    func decode(_ indices: [Int]) -> [DecodedLine] {
        Self.decode(data: data, lines: lines, indices: indices)
    }

    static func decode(data: Data, lines: [ScannedLine], indices: [Int]) -> [DecodedLine] {
        guard !indices.isEmpty else { return [] }
        var results = [DecodedLine](repeating: .failure(""), count: indices.count)
        let workers = indices.count < 2_000 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (indices.count + workers - 1) / workers
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            results.withUnsafeMutableBufferPointer { out in
                let shared = SharedBuffers(input: buffer, output: out)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let decoder = JSONDecoder()
                    let lower = worker * chunk
                    let upper = min(indices.count, lower + chunk)
                    guard lower < upper else { return }
                    for k in lower..<upper {
                        let line = lines[indices[k]]
                        shared.output[k] = decodeLine(shared.input, line, decoder)
                    }
                }
            }
        }
        return results
    }

    static func decodeLine(_ buffer: UnsafeRawBufferPointer, _ line: ScannedLine, _ decoder: JSONDecoder) -> DecodedLine {
        if line.count > maximumLineBytes {
            return .failure("line too long (\(line.count) bytes; a Parley event is far shorter)")
        }
        let pointer = UnsafeMutableRawPointer(mutating: buffer.baseAddress! + line.start)
        let event: Event
        if let fast = FastEventDecoder.decode(UnsafeRawBufferPointer(start: pointer, count: line.count)) {
            event = fast
        } else {
            do {
                event = try decoder.decode(Event.self, from: Data(bytesNoCopy: pointer, count: line.count, deallocator: .none))
            } catch {
                return .failure(describe(error))
            }
        }
        if let problem = validate(event) { return .invalid(problem) }
        return .event(event)
    }

    /// Checks what JSON decoding cannot: values the store sorts and keys by.
    static func validate(_ event: Event) -> String? {
        if event.v > Event.formatVersion {
            return "written by a newer Parley (event format \(event.v); this one reads \(Event.formatVersion))"
        }
        if event.v < 1 { return "bad format version \(event.v)" }
        if event.id.isEmpty || event.id.utf8.count > 200 { return "bad event id" }
        if event.session.isEmpty || event.session.utf8.count > 200 { return "bad session id" }
        if event.writer.isEmpty || event.writer.utf8.count > 200 { return "bad writer" }
        if event.seq < 0 { return "bad seq \(event.seq)" }
        if Timestamp.date(event.at) == nil { return "bad time \"\(event.at.prefix(40))\" (expected ISO 8601 UTC with milliseconds)" }
        func badTag(_ tags: [String]) -> String? {
            tags.first { !Identifier.isValid($0) }.map { "bad tag \"\($0.prefix(40))\" (expected lowercase letters, digits and -)" }
        }
        switch event.body {
        case .commentAdded(let payload):
            if payload.comment.isEmpty { return "comment.added without a comment id" }
            return badTag(payload.tags)
        case .commentEdited(_, _, _, let tags): return badTag(tags)
        case .commentTagged(_, let tag), .commentUntagged(_, let tag): return badTag([tag])
        default: return nil
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not a JSON object" : "wrong type for \"\(path)\""
        case DecodingError.dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return context.debugDescription
        default: return "\(error)"
        }
    }
}

/// Buffers handed to `concurrentPerform`'s workers; each worker writes only its own slots.
private struct SharedBuffers: @unchecked Sendable {
    let input: UnsafeRawBufferPointer
    let output: UnsafeMutableBufferPointer<DecodedLine>
}

import Foundation
import ParleyCore

/// One non-empty line of a log file, located in the file's bytes.
public struct LogLine: Sendable {
    /// Byte offset of the line's first byte.
    public var start: Int
    /// Length in bytes, without the newline (and without a trailing carriage return).
    public var count: Int
    /// 1-based line number in the file.
    public var number: Int
    /// Whether a newline ends the line (false only for an unterminated last line).
    public var terminated: Bool

    public init(start: Int, count: Int, number: Int, terminated: Bool) {
        self.start = start; self.count = count; self.number = number; self.terminated = terminated
    }
}

/// A log's bytes (memory-mapped) split into lines, and the decoding of those lines on every core.
/// `LogReader` applies the log rules to what this decodes; the store also fingerprints the lines so
/// that it can skip the ones it already holds without decoding them.
public struct LogFile: @unchecked Sendable {
    public let path: String
    public let data: Data
    public let lines: [LogLine]

    public init(path: String) throws {
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw LogError(path: path, message: "cannot read: \(Self.reason(error))")
        }
        self.path = path
        lines = Self.split(data)
    }

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
        lines = Self.split(data)
    }

    /// Lines already located in `data` (the store's packed lines, kept byte for byte).
    public init(path: String, data: Data, lines: [LogLine]) {
        self.path = path
        self.data = data
        self.lines = lines
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }

    private static func split(_ data: Data) -> [LogLine] {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> [LogLine] in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return [] }
            var lines: [LogLine] = []
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
                    lines.append(LogLine(start: start, count: last - start, number: number, terminated: found != nil))
                }
                start = end + 1
            }
            return lines
        }
    }

    /// The first byte of a line: a torn first event still starts with `{`.
    func firstByte(of line: LogLine) -> UInt8 {
        data[data.startIndex + line.start]
    }

    /// Every line's fingerprint, in order (on every core for a long log).
    public func fingerprints() -> [LineHash] {
        var hashes = [LineHash](repeating: LineHash(high: 0, low: 0), count: lines.count)
        fill(&hashes, onEveryCoreFrom: 20_000) { bytes, range, output in
            for k in range { output[k] = LineHash.of(base: bytes.baseAddress! + lines[k].start, count: lines[k].count) }
        }
        return hashes
    }

    /// Decodes the given lines (indices into `lines`) on every core; results in the same order.
    public func decode(_ indices: [Int]) -> [DecodedLine] {
        var results = [DecodedLine](repeating: .failure(""), count: indices.count)
        fill(&results, onEveryCoreFrom: 2_000) { bytes, range, output in
            let decoder = JSONDecoder()
            for k in range {
                let line = lines[indices[k]]
                output[k] = EventLine.decode(UnsafeRawBufferPointer(rebasing: bytes[line.start..<(line.start + line.count)]), decoder)
            }
        }
        return results
    }

    /// Fills `results` a share of its slots per worker, on every core once it has `parallel` slots or
    /// more: `work` gets the file's bytes, its range of slots, and the slots (it writes only its own).
    private func fill<T>(_ results: inout [T], onEveryCoreFrom parallel: Int,
                         _ work: @Sendable (UnsafeRawBufferPointer, Range<Int>, UnsafeMutableBufferPointer<T>) -> Void) {
        let workers = results.count < parallel ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        let share = (results.count + workers - 1) / workers
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            results.withUnsafeMutableBufferPointer { out in
                let shared = SharedBuffers(input: buffer, output: out)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let range = worker * share ..< min(shared.output.count, worker * share + share)
                    if !range.isEmpty { work(shared.input, range, shared.output) }
                }
            }
        }
    }

    /// Decodes every line.
    public func decodeAll() -> [DecodedLine] { decode(Array(lines.indices)) }
}

/// Buffers handed to `concurrentPerform`'s workers; each worker writes only its own slots.
private struct SharedBuffers<Output>: @unchecked Sendable {
    let input: UnsafeRawBufferPointer
    let output: UnsafeMutableBufferPointer<Output>
}

import Foundation
import GRDB
import ParleyCore
import ParleyLog

/// The raw events as the store keeps them (`event_chunks`): each session's lines byte for byte, packed
/// into chunks of about a MiB, each line ended by a line feed, with two packed lists beside them —
/// the fingerprint of each line's event id (16 bytes) and its type (one byte). One row holds thousands
/// of events, so storing them costs about as much as writing their bytes, where a row per event paid
/// for a row, a unique index and a session index each. The event id list lets a merge find the ids the
/// store holds without decoding a line; the types let a reader decode only the events it wants.
enum EventChunks {
    /// A chunk is closed once its lines reach this many bytes (a longer line makes a chunk of its own).
    static let chunkBytes = 1 << 20

    /// Event types by their one-byte code in `types`. Stored in every chunk: only ever append.
    static let typeNames = ["session.started", "prompt.shown", "participant.added", "comment.added", "comment.edited",
                            "comment.tagged", "comment.untagged", "comment.deleted", "comment.restored", "marker",
                            "round.started", "table.set", "session.paused", "session.resumed", "session.ended",
                            "clock.offset", "recording.started"]
    /// The code of a type this list does not name: its lines are decoded by every reader that filters by type.
    static let otherType: UInt8 = 255
    static func code(_ type: String) -> UInt8 { typeNames.firstIndex(of: type).map(UInt8.init) ?? otherType }

    /// Moves the events of a store made before chunks (`events`, a row per event) into chunks, each
    /// session's in the order they were merged, and drops the old table.
    static func moveEventsTable(_ db: any StoreSQL) throws {
        var writer = ChunkWriter()
        try db.eachRow("SELECT session, id, type, json FROM events ORDER BY session, n", []) { row in
            var json: String = row["json"]
            let id: String = row["id"]
            json.withUTF8 { line in writer.append(session: row["session"], line: UnsafeRawBufferPointer(line), id: LineHash.of(id), type: row["type"]) }
        }
        try writer.write(db)
        try db.execute("DROP TABLE events")
    }

    /// Removes the lines of these events from the session's chunks (rewriting each chunk that held one,
    /// deleting it when nothing is left); returns the events removed, with their lines' fingerprints.
    static func remove(ids: Set<String>, session: String, db: any StoreSQL) throws -> [(event: Event, hash: LineHash)] {
        let stored = try StoredLines.read(db, session: session)
        let fingerprints = Set(ids.map { LineHash.of($0) })
        let suspects = stored.ids.indices.filter { fingerprints.contains(stored.ids[$0]) }
        var removedLines: Set<Int> = []
        var removed: [(event: Event, hash: LineHash)] = []
        for (index, decoded) in zip(suspects, stored.file.decode(suspects)) {
            guard case .event(let event) = decoded, ids.contains(event.id) else { continue }
            removedLines.insert(index)
            removed.append((event, stored.withLine(index) { LineHash.of($0) }))
        }
        for chunk in stored.chunks where chunk.lines.contains(where: removedLines.contains) {
            var kept = PackedChunk()
            for index in chunk.lines where !removedLines.contains(index) {
                stored.withLine(index) { kept.add($0, id: stored.ids[index], type: stored.types[index]) }
            }
            if kept.count == 0 {
                try db.execute("DELETE FROM event_chunks WHERE n = ?", [chunk.n])
            } else {
                try db.execute("UPDATE event_chunks SET count = ?, ids = ?, types = ?, lines = ? WHERE n = ?",
                               [kept.count, Data(kept.ids), Data(kept.types), Data(kept.lines), chunk.n])
            }
        }
        return removed
    }
}

/// One chunk's columns, packed.
struct PackedChunk {
    var lines: [UInt8] = []
    var ids: [UInt8] = []
    var types: [UInt8] = []
    var count = 0

    init() {}

    /// A stored chunk, as it is.
    init(row: Row) {
        lines = Array(row["lines"] as Data)
        ids = Array(row["ids"] as Data)
        types = Array(row["types"] as Data)
        count = Int(row["count"] as Int64)
    }

    /// Adds one line (without its line feed) of an event with id fingerprint `id` and type code `type`.
    mutating func add(_ line: UnsafeRawBufferPointer, id: LineHash, type: UInt8) {
        lines.append(contentsOf: line)
        lines.append(0x0A)
        LineHash.append(id, to: &ids)
        types.append(type)
        count += 1
    }

    func insert(session: String, db: any StoreSQL) throws {
        try db.execute("INSERT INTO event_chunks (session, count, ids, types, lines) VALUES (?, ?, ?, ?, ?)",
                       [session, count, Data(ids), Data(types), Data(lines)])
    }
}

/// Lines on their way into `event_chunks`: one open chunk per session, closed when full, all written
/// when asked (a merge writes them while the sessions' rows are being worked out).
struct ChunkWriter {
    /// The chunk lines were last added to (a log is one session's, nearly always), and the others open.
    private var current: (session: String, chunk: PackedChunk)?
    private var others: [String: PackedChunk] = [:]
    private var full: [(session: String, chunk: PackedChunk)] = []

    /// Adds one line (without its line feed) of an event with id fingerprint `id`.
    mutating func append(session: String, line: UnsafeRawBufferPointer, id: LineHash, type: String) {
        if current?.session != session {
            if let current { others[current.session] = current.chunk }
            var chunk = others.removeValue(forKey: session) ?? PackedChunk()
            chunk.lines.reserveCapacity(EventChunks.chunkBytes + 64 << 10)
            current = (session, chunk)
        }
        current!.chunk.add(line, id: id, type: EventChunks.code(type))
        if current!.chunk.lines.count >= EventChunks.chunkBytes {
            full.append(current!)
            current = nil
        }
    }

    /// Writes the chunks that are full.
    mutating func writeFull(_ db: any StoreSQL) throws {
        for (session, chunk) in full { try chunk.insert(session: session, db: db) }
        full = []
    }

    /// Writes every chunk, full or open.
    mutating func write(_ db: any StoreSQL) throws {
        if let current { others[current.session] = current.chunk }
        current = nil
        for session in others.keys.sorted() { full.append((session, others[session]!)) }
        others = [:]
        try writeFull(db)
    }
}

/// Stored lines read back: the chunks' bytes end to end, every line located, with its event id's
/// fingerprint and its type; decoded on every core, only the lines asked for.
struct StoredLines {
    struct Chunk {
        var n: Int64
        var session: String
        /// Indices of its lines.
        var lines: Range<Int>
    }

    let file: LogFile
    let ids: [LineHash]
    let types: [UInt8]
    let chunks: [Chunk]

    var count: Int { file.lines.count }

    /// The chunks of one session, or of every session when nil, in the order they were written.
    static func read(_ db: any StoreSQL, session: String?) throws -> StoredLines {
        let columns = "SELECT n, session, count, ids, types, lines FROM event_chunks"
        return try StoredLines(rows: session.map { try db.rows("\(columns) WHERE session = ? ORDER BY n", [$0]) }
                                        ?? db.rows("\(columns) ORDER BY n"))
    }

    /// The one chunk numbered `n`.
    static func read(_ db: any StoreSQL, chunk n: Int64) throws -> StoredLines {
        try StoredLines(rows: db.rows("SELECT n, session, count, ids, types, lines FROM event_chunks WHERE n = ?", [n]))
    }

    init(rows: [Row]) throws {
        var data = Data()
        data.reserveCapacity(rows.reduce(0) { $0 + (($1["lines"] as Data?)?.count ?? 0) })
        var lines: [LogLine] = []
        var ids: [LineHash] = []
        var types: [UInt8] = []
        var chunks: [Chunk] = []
        for row in rows {
            let bytes: Data = row["lines"]
            let count = Int(row["count"] as Int64)
            let first = lines.count
            let base = data.count
            data.append(bytes)
            bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                guard let origin = buffer.baseAddress else { return }
                var start = 0
                while start < buffer.count, let found = memchr(origin + start, 0x0A, buffer.count - start) {
                    let end = UnsafeRawPointer(found) - origin
                    lines.append(LogLine(start: base + start, count: end - start, number: lines.count + 1, terminated: true))
                    start = end + 1
                }
            }
            let chunkIDs: Data = row["ids"]
            let chunkTypes: Data = row["types"]
            LineHash.unpack(chunkIDs) { ids.append($0) }
            types.append(contentsOf: chunkTypes)
            guard lines.count - first == count, ids.count == lines.count, types.count == lines.count else {
                throw UserError("the store's events are damaged (chunk \(row["n"] as Int64) does not hold the \(count) lines it should)")
            }
            chunks.append(Chunk(n: row["n"], session: row["session"], lines: first ..< lines.count))
        }
        file = LogFile(path: "the store", data: data, lines: lines)
        self.ids = ids
        self.types = types
        self.chunks = chunks
    }

    /// The bytes of line `index` (without its line feed), valid inside `body`.
    func withLine<T>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let line = file.lines[index]
        return try file.data.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[line.start ..< line.start + line.count])) }
    }

    /// The events of the given lines (they were checked when merged), in the same order.
    func events(_ indices: [Int]) -> [Event] {
        file.decode(indices).compactMap { if case .event(let event) = $0 { event } else { nil } }
    }

    /// Every stored event, in the order stored.
    func events() -> [Event] { events(Array(file.lines.indices)) }

    /// `ORDER BY at, writer, seq, id` over events as written, text compared byte by byte as SQL does.
    static func writtenOrder(_ a: Event, _ b: Event) -> Bool {
        if a.at != b.at { return a.at.utf8.lexicographicallyPrecedes(b.at.utf8) }
        if a.writer != b.writer { return a.writer.utf8.lexicographicallyPrecedes(b.writer.utf8) }
        if a.seq != b.seq { return a.seq < b.seq }
        return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
    }

    /// The stored events of these types, in the order stored (other lines are not decoded).
    func events(ofTypes wanted: Set<String>) -> [Event] {
        let codes = Set(wanted.map(EventChunks.code)).union([EventChunks.otherType])
        return events(types.indices.filter { codes.contains(types[$0]) }).filter { wanted.contains($0.type) }
    }
}

extension LineHash {
    /// Appends the fingerprint's 16 bytes (high half first, each little-endian): how the store packs them.
    static func append(_ hash: LineHash, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: hash.high.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: hash.low.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Calls `body` with each fingerprint packed in `data`.
    static func unpack(_ data: Data, _ body: (LineHash) throws -> Void) rethrows {
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset + 16 <= bytes.count {
                let high = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
                let low = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian
                try body(LineHash(high: high, low: low))
                offset += 16
            }
        }
    }
}

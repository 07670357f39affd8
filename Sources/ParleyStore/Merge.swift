import Foundation
import GRDB
import ParleyCore
import ParleyLog
import ParleyReports

/// What a merge did, file by file, and the one-line summary the command prints.
public struct MergeOutcome: Sendable {
    public struct File: Sendable {
        public var path: String
        /// Events read from the file (lines that are whole Parley events).
        public var events = 0
        public var new = 0
        public var known = 0
        /// Lines or events not merged: unreadable, invalid, conflicting.
        public var skipped = 0
        /// Why the whole file was refused, if it was.
        public var refused: String?
    }

    public var files: [File] = []
    public var newEvents = 0
    /// Events already in the store (including ones removed by a withdrawal).
    public var knownEvents = 0
    /// Of `knownEvents`, those that are about a withdrawn participant and stay out.
    public var withdrawnEvents = 0
    /// New events dropped at once because they are about a withdrawn participant.
    public var droppedForWithdrawal = 0
    /// Events whose id is in the store with different content.
    public var conflicts = 0
    /// Everything reported, one line each: `path:line: message`.
    public var problems: [String] = []
    /// Files refused whole, one message each.
    public var refused: [String] = []
    /// Sessions whose derived tables were rebuilt.
    public var sessionsUpdated: [String] = []

    public var summary: String {
        let merged = files.count - refused.count
        var text = "Merged \(merged) log\(merged == 1 ? "" : "s"): \(Format.count(newEvents)) event\(newEvents == 1 ? "" : "s") new, "
            + "\(Format.count(knownEvents)) already in the store"
        if withdrawnEvents > 0 { text += " (\(Format.count(withdrawnEvents)) of them withdrawn)" }
        if droppedForWithdrawal > 0 {
            text += "; \(Format.count(droppedForWithdrawal)) about withdrawn participants left out"
        }
        if !sessionsUpdated.isEmpty {
            text += "; \(sessionsUpdated.count) session\(sessionsUpdated.count == 1 ? "" : "s") updated"
        }
        if !problems.isEmpty { text += "; \(problems.count) problem\(problems.count == 1 ? "" : "s") reported" }
        if !refused.isEmpty { text += "; \(refused.count) file\(refused.count == 1 ? "" : "s") refused" }
        return text + "."
    }
}

/// How far a merge has got, for a progress line.
public struct MergeProgress: Sendable {
    public var phase: String
    public var done: Int
    public var total: Int
}

extension Store {
    /// The log files a merge reads: files as given, and every `*.jsonl` under folders (sorted).
    public static func logFiles(in paths: [String]) throws -> [String] {
        let manager = FileManager.default
        var files: [String] = []
        var seen: Set<String> = []
        func add(_ file: String) {
            let real = (file as NSString).resolvingSymlinksInPath
            if seen.insert(real).inserted { files.append(file) }
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw UserError("\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                guard let enumerator = manager.enumerator(atPath: path) else { throw UserError("\(path): cannot list the folder") }
                var found: [String] = []
                while let relative = enumerator.nextObject() as? String {
                    if relative.hasSuffix(".jsonl") { found.append((path as NSString).appendingPathComponent(relative)) }
                }
                if found.isEmpty { throw UserError("\(path): no session logs (*.jsonl) in this folder") }
                for file in found.sorted() { add(file) }
            } else {
                add(path)
            }
        }
        return files
    }

    /// Merges session logs (files or folders) into the store in one transaction.
    /// Idempotent and order-independent: events are keyed by id. See docs/store.md.
    public func merge(paths: [String], progress: ((MergeProgress) -> Void)? = nil) throws -> MergeOutcome {
        let files = try Self.logFiles(in: paths)
        return try write { db in
            var merger = Merger(db: db, progress: progress)
            return try merger.run(files)
        }
    }
}

extension Store {
    /// Appends fingerprints of events added to the store: the next merge loads them without reading `events`.
    static func saveLineHashes(_ hashes: [LineHash], db: any StoreSQL) throws {
        guard !hashes.isEmpty else { return }
        try db.execute("INSERT INTO line_hashes (hashes) VALUES (?)", [pack(hashes)])
    }

    static func pack(_ hashes: [LineHash]) -> Data {
        var data = Data(capacity: hashes.count * 16)
        for hash in hashes {
            withUnsafeBytes(of: hash.high.littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: hash.low.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }
}

/// One merge, inside one write transaction.
private struct Merger {
    let db: any StoreSQL
    let progress: ((MergeProgress) -> Void)?
    var outcome = MergeOutcome()
    /// Fingerprints of every line the store holds or has withdrawn.
    var knownHashes = LineHashSet()
    var withdrawnHashes = LineHashSet()
    var withdrawnIDs: Set<String> = []
    /// The session.started the store (or this merge) holds for each session, once looked up.
    var starts: [String: SessionStart?] = [:]
    var newBySession: [String: [Event]] = [:]
    /// Fingerprints of the events this merge inserted.
    var newHashes: [LineHash] = []
    var lastRowBefore: Int64 = 0

    init(db: any StoreSQL, progress: ((MergeProgress) -> Void)?) {
        self.db = db
        self.progress = progress
    }

    mutating func run(_ files: [String]) throws -> MergeOutcome {
        var timing = Timing()
        defer { timing.report() }
        lastRowBefore = try db.int64("SELECT max(n) FROM events") ?? 0
        try loadKnownHashes()
        for row in try db.rows("SELECT id, hash_high, hash_low FROM withdrawn_events") {
            let hash = LineHash(row)
            withdrawnIDs.insert(row["id"])
            withdrawnHashes.insert(hash)
            knownHashes.insert(hash)
        }
        timing.mark("load known hashes")
        for (index, file) in files.enumerated() {
            progress?(MergeProgress(phase: "reading \(file)", done: index, total: files.count))
            try merge(file, timing: &timing)
        }

        try saveNewHashes()
        let sessions = newBySession.keys.sorted()
        for (index, session) in sessions.enumerated() {
            progress?(MergeProgress(phase: "rebuilding sessions", done: index, total: sessions.count))
            let hadEvents = try db.bool("SELECT EXISTS (SELECT 1 FROM events WHERE session = ? AND n <= ?)",
                                        [session, lastRowBefore])
            let events: [Event]
            if hadEvents {
                events = Derive.decodeStored(try db.strings("SELECT json FROM events WHERE session = ?", [session]))
            } else {
                events = newBySession[session]!
            }
            timing.mark("load stored events")
            let result = try Derive.rebuild(session: session, events: events, db: db, timing: &timing)
            outcome.droppedForWithdrawal += result.purgedEvents
        }
        outcome.sessionsUpdated = sessions
        return outcome
    }

    /// Every fingerprint the store knows, from the packed `line_hashes` rows; rebuilt from the events
    /// table if the two ever disagree in number.
    private mutating func loadKnownHashes() throws {
        var count = 0
        let expected = try db.int("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM withdrawn_events)") ?? 0
        knownHashes = LineHashSet(minimumCapacity: expected + 1024)
        try db.eachRow("SELECT hashes FROM line_hashes ORDER BY n", []) { row in
            let data: Data = row["hashes"]
            data.withUnsafeBytes { bytes in
                var offset = 0
                while offset + 16 <= bytes.count {
                    let high = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
                    let low = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian
                    knownHashes.insert(LineHash(high: high, low: low))
                    offset += 16
                }
                count += bytes.count / 16
            }
        }
        guard count != expected else { return }
        knownHashes.removeAll()
        var rebuilt: [LineHash] = []
        try db.eachRow("SELECT hash_high, hash_low FROM events UNION ALL SELECT hash_high, hash_low FROM withdrawn_events", []) { row in
            let hash = LineHash(row)
            knownHashes.insert(hash)
            rebuilt.append(hash)
        }
        try db.execute("DELETE FROM line_hashes")
        try db.execute("INSERT INTO line_hashes (hashes) VALUES (?)", [Store.pack(rebuilt)])
    }

    /// Appends the fingerprints of the events this merge added.
    private func saveNewHashes() throws {
        try Store.saveLineHashes(newHashes, db: db)
    }

    private mutating func merge(_ path: String, timing: inout Timing) throws {
        var file = MergeOutcome.File(path: path)
        defer { outcome.files.append(file) }
        let scanner: LogFile
        do {
            scanner = try LogFile(path: path)
        } catch {
            file.refused = "\(error)"
            outcome.refused.append("\(error)")
            return
        }
        let lines = scanner.lines
        guard !lines.isEmpty else { return }
        let hashes = scanner.fingerprints()

        timing.mark("read and fingerprint")
        let pending = lines.indices.filter { !knownHashes.contains(hashes[$0]) }
        let decoded = scanner.decode(pending)
        timing.mark("decode")
        defer { timing.mark("insert events") }

        if pending.first == 0 {
            do {
                try LogReader.checkIsLog(scanner, firstLine: decoded[0])
            } catch {
                file.refused = "\(error)"
                outcome.refused.append("\(error)")
                return
            }
        }

        // Pass 1: a session.started whose deck differs from the one the store has keeps that session out.
        var refusedSessions: [String: String] = [:]
        var fileStarts: [String: SessionStart] = [:]
        for result in decoded {
            guard case .event(let event) = result, case .sessionStarted(let start) = event.body else { continue }
            guard refusedSessions[event.session] == nil else { continue }
            let existing = try fileStarts[event.session] ?? storedStart(event.session)
            if let existing, !Self.sameDeck(existing, start) {
                refusedSessions[event.session] = Self.describeConflict(existing: existing, found: start)
            } else if existing == nil {
                fileStarts[event.session] = start
            }
        }
        for (session, start) in fileStarts where refusedSessions[session] == nil { starts[session] = start }

        // Classify every line; collect the events to insert.
        var refusedCounts: [String: Int] = [:]
        var candidates: [(line: Int, decoded: Int)] = []
        candidates.reserveCapacity(pending.count)
        var next = 0
        for index in lines.indices {
            guard next < pending.count, pending[next] == index else {
                file.events += 1; file.known += 1; outcome.knownEvents += 1
                if withdrawnHashes.contains(hashes[index]) { outcome.withdrawnEvents += 1 }
                continue
            }
            let decodedIndex = next
            next += 1
            switch decoded[decodedIndex] {
            case .failure, .invalid:
                file.skipped += 1
                if let issue = LogReader.issue(scanner, line: index, decoded[decodedIndex]) { outcome.problems.append(issue.description) }
            case .event(let event):
                file.events += 1
                if refusedSessions[event.session] != nil {
                    refusedCounts[event.session, default: 0] += 1
                    file.skipped += 1
                } else if withdrawnIDs.contains(event.id) {
                    file.known += 1; outcome.knownEvents += 1; outcome.withdrawnEvents += 1
                } else if !knownHashes.insert(hashes[index]) {
                    // The very same line earlier in this merge.
                    file.known += 1; outcome.knownEvents += 1
                } else {
                    candidates.append((index, decodedIndex))
                }
            }
        }

        // Insert them; a batch that changed fewer rows than it held had ids already stored.
        let suspect = try scanner.data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            try db.insertEvents(count: candidates.count, row: { position in
                let candidate = candidates[position]
                guard case .event(let event) = decoded[candidate.decoded] else { preconditionFailure("candidates are events") }
                let line = lines[candidate.line]
                return StoredEventRow(event: event, hash: hashes[candidate.line],
                                      json: UnsafeRawBufferPointer(rebasing: bytes[line.start ..< line.start + line.count]))
            }, progress: { done in progress?(MergeProgress(phase: "merging \(path)", done: done, total: candidates.count)) })
        }
        var suspectIndex = 0
        for (position, member) in candidates.enumerated() {
            guard case .event(let event) = decoded[member.decoded] else { continue }
            while suspectIndex < suspect.count, suspect[suspectIndex].upperBound <= position { suspectIndex += 1 }
            let inSuspectBatch = suspectIndex < suspect.count && suspect[suspectIndex].contains(position)
            let hash = hashes[member.line]
            if try !inSuspectBatch || storedHash(event.id) == hash {
                newBySession[event.session, default: []].append(event)
                newHashes.append(hash)
                file.new += 1; outcome.newEvents += 1
            } else if try sameAsStored(event, hash: hash) {
                file.known += 1; outcome.knownEvents += 1
            } else {
                knownHashes.remove(hash)
                file.skipped += 1; outcome.conflicts += 1
                outcome.problems.append("\(path):\(lines[member.line].number):1: event \(event.id) (\(event.type)) has the same id as an event already in the store but different content; not merged (the store keeps the one it had)")
            }
        }
        for session in refusedSessions.keys.sorted() {
            let count = refusedCounts[session] ?? 0
            outcome.problems.append("\(path): session \(session): \(refusedSessions[session]!); this log's \(Format.count(count)) event\(count == 1 ? "" : "s") of that session were not merged")
        }
    }

    /// The deck snapshot of the session as the store (or an earlier log of this merge) has it.
    private mutating func storedStart(_ session: String) throws -> SessionStart? {
        if let cached = starts[session] { return cached }
        let json = try db.string("""
            SELECT json FROM events WHERE session = ? AND type = 'session.started' ORDER BY at, writer, seq, id LIMIT 1
            """, [session])
        var start: SessionStart?
        if let json, case .sessionStarted(let found)? = Derive.decodeStored([json]).first?.body { start = found }
        starts[session] = .some(start)
        return start
    }

    /// Two logs of one session must carry the same deck; where each laptop kept its files does not matter.
    static func sameDeck(_ a: SessionStart, _ b: SessionStart) -> Bool {
        a.deckID == b.deckID && a.sha256 == b.sha256 && a.title == b.title && a.snapshot == b.snapshot
    }

    private static func describeConflict(existing: SessionStart, found: SessionStart) -> String {
        func describe(_ start: SessionStart) -> String { "deck \"\(start.deckID)\" (sha256 \(start.sha256.prefix(12)))" }
        if existing.deckID != found.deckID || existing.sha256 != found.sha256 {
            return "this log started it with \(describe(found)) but the store has \(describe(existing))"
        }
        return "this log's deck snapshot differs from the store's although both say \(describe(existing))"
    }

    private func storedHash(_ id: String) throws -> LineHash? {
        try db.rows("SELECT hash_high, hash_low FROM events WHERE id = ?", [id]).first.map {
            LineHash($0)
        }
    }

    /// Whether the event stored under this id is the same event (same line, or the same decoded value).
    private func sameAsStored(_ event: Event, hash: LineHash) throws -> Bool {
        guard let row = try db.rows("SELECT hash_high, hash_low, json FROM events WHERE id = ?", [event.id]).first else {
            return false
        }
        if LineHash(row) == hash { return true }
        return Derive.decodeStored([row["json"]]).first == event
    }
}

/// Phase timings of a merge, printed to standard error when PARLEY_TIMING is set (for benchmarks).
struct Timing {
    let enabled = ProcessInfo.processInfo.environment["PARLEY_TIMING"] != nil
    private var last = DispatchTime.now().uptimeNanoseconds
    private var totals: [(String, UInt64)] = []

    mutating func mark(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if let index = totals.firstIndex(where: { $0.0 == phase }) { totals[index].1 += now - last } else { totals.append((phase, now - last)) }
        last = now
    }

    func report() {
        guard enabled else { return }
        for (phase, nanoseconds) in totals {
            FileHandle.standardError.write(Data(String(format: "timing: %-24@ %8.1f ms\n", phase as NSString, Double(nanoseconds) / 1e6).utf8))
        }
    }
}

extension LineHash {
    /// The fingerprint a row holds in its `hash_high` and `hash_low` columns.
    init(_ row: Row) {
        self.init(storedHigh: row["hash_high"], storedLow: row["hash_low"])
    }
}

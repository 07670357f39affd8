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
    /// A log's events of a session refused (its deck differs from the store's): one message each, as
    /// `path:line:1:` at the log's session.started.
    public var sessionsRefused: [String] = []
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
        if !sessionsRefused.isEmpty { text += "; \(sessionsRefused.count) log\(sessionsRefused.count == 1 ? "'s" : "s'") session refused" }
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
    /// Appends fingerprints of events added to the store: the next merge loads them without reading the events.
    static func saveLineHashes(_ hashes: [LineHash], db: any StoreSQL) throws {
        guard !hashes.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hashes.count * 16)
        for hash in hashes { LineHash.append(hash, to: &bytes) }
        try db.execute("INSERT INTO line_hashes (hashes) VALUES (?)", [Data(bytes)])
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
    /// Events decoded from this merge's logs, by session: room for that many of its new events is made
    /// at once (an event is a few hundred bytes; growing the list would move them all each time).
    var decodedEvents: [String: Int] = [:]
    /// Fingerprints of the events this merge inserted.
    var newHashes: [LineHash] = []
    /// The sessions with events stored before this merge: the others need no look into the store.
    var storedSessions: Set<String> = []
    /// Fingerprints of the ids of every event stored, loaded when a merge first has a new line.
    var knownIDs: LineHashSet?
    /// Lines of this merge's logs the store did not know when they were read: at most this many are added.
    var newLines = 0
    var chunks = ChunkWriter()
    var storedIDs = StoredIDIndex()
    /// Sessions that received events, and those of them whose rows are being worked out already.
    var updated: Set<String> = []
    var preparing: [String: Background<DerivedSession>] = [:]
    /// How many sessions' rows are worked out at once, besides the one being written.
    let ahead = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Sessions with a withdrawn participant: rebuilt on the writer's thread (withdrawal writes as it goes).
    var withdrawals: Set<String> = []

    init(db: any StoreSQL, progress: ((MergeProgress) -> Void)?) {
        self.db = db
        self.progress = progress
    }

    mutating func run(_ files: [String]) throws -> MergeOutcome {
        var timing = Timing()
        defer { timing.report() }
        storedSessions = Set(try db.strings("SELECT DISTINCT session FROM event_chunks"))
        try loadKnownHashes()
        for row in try db.rows("SELECT id, hash_high, hash_low FROM withdrawn_events") {
            let hash = LineHash(row)
            withdrawnIDs.insert(row["id"])
            withdrawnHashes.insert(hash)
            knownHashes.insert(hash)
        }
        withdrawals = Set(try db.strings("SELECT DISTINCT session FROM tombstones"))
        timing.mark("load known hashes")
        // Every log is read and decoded first, so each session's last log is known: a new session's rows are
        // worked out on another core as soon as that log is merged, while the later logs are.
        var logs: [ReadLog] = []
        for (index, file) in files.enumerated() {
            progress?(MergeProgress(phase: "reading \(file)", done: index, total: files.count))
            logs.append(read(file, timing: &timing))
        }
        var lastLog: [String: Int] = [:]
        for (index, log) in logs.enumerated() {
            // Events come in runs of one session (a log is one session's, nearly always).
            var run: (session: String, events: Int)?
            func endRun() {
                guard let run else { return }
                lastLog[run.session] = index
                decodedEvents[run.session, default: 0] += run.events
            }
            for position in log.events.indices {
                guard let session = log.session(position) else { continue }
                if run?.session == session { run!.events += 1 } else { endRun(); run = (session, 1) }
            }
            endRun()
        }
        // Room for every line this merge may add, made once.
        newLines = logs.reduce(0) { $0 + $1.pending.count }
        knownHashes.reserveCapacity(additional: newLines)
        for index in logs.indices {
            progress?(MergeProgress(phase: "merging \(logs[index].path)", done: index, total: logs.count))
            try merge(&logs[index])
            // Sent now: a database that takes them in while the merge goes on (PostgreSQL) has them early.
            try chunks.writeFull(db)
            logs[index] = ReadLog(path: logs[index].path)
            timing.mark("classify and pack events")
            for (session, last) in lastLog where last == index && updated.contains(session) { try prepareEarly(session) }
        }
        try saveNewHashes()
        try rebuild(updated.sorted(), timing: &timing)
        return outcome
    }

    /// Starts working out a session's rows now if all its events are this merge's (none stored before)
    /// and fewer than `ahead` sessions are being worked out: they share the core the writer leaves, and
    /// the first is needed first (the others are started by `rebuild`).
    private mutating func prepareEarly(_ session: String) throws {
        guard preparing.count < ahead, !withdrawals.contains(session), !hadEvents(session) else { return }
        try prepare(session)
    }

    private func hadEvents(_ session: String) -> Bool {
        storedSessions.contains(session)
    }

    /// Every event of a session that received some: this merge's, or all the store holds.
    private mutating func events(_ session: String) throws -> [Event] {
        guard hadEvents(session) else { return newBySession.removeValue(forKey: session)! }
        // Read back with the rest from the store: taken, so `rebuild` does not work the session out again.
        newBySession[session] = nil
        try chunks.write(db)
        return try StoredLines.read(db, session: session).events()
    }

    /// Starts working out `session`'s rows on another core.
    private mutating func prepare(_ session: String) throws {
        let seqs = try Derive.withdrawnSeqs(session, db: db)
        let words = try db.searchWords()
        preparing[session] = Background(handing: try events(session)) {
            DerivedSession(session: session, events: $0, excluded: [], withdrawnSeqs: seqs, words: words)
        }
    }

    /// Rebuilds the sessions that received events. While one session's rows are written, the next
    /// sessions' are worked out on the other cores (`DerivedSession`, `ahead` at once, the first ones
    /// started while the logs were merged); a session with withdrawn participants is
    /// rebuilt on its own.
    private mutating func rebuild(_ sessions: [String], timing: inout Timing) throws {
        func launch(through last: Int) throws {
            for session in sessions.prefix(last + 1) where preparing[session] == nil && !withdrawals.contains(session) && newBySession[session] != nil {
                try prepare(session)
            }
        }
        // The first sessions are worked out while this merge's lines are written.
        try launch(through: ahead - 1)
        try chunks.write(db)
        timing.mark("write events")
        // Comment rows are numbered on from here, without asking the database each time (which would wait
        // for the rows it is still taking in).
        var nextRow = (try db.int64("SELECT max(n) FROM comments") ?? 0) + 1
        try db.indexCommentsInBulk(true)
        for (index, session) in sessions.enumerated() {
            progress?(MergeProgress(phase: "rebuilding sessions", done: index, total: sessions.count))
            try launch(through: index + ahead - 1)
            if let derived = preparing.removeValue(forKey: session)?.take() {
                timing.mark("work out rows (waited for)")
                try launch(through: index + ahead)
                try Derive.write(derived, firstRow: nextRow, db: db, timing: &timing)
                nextRow += Int64(derived.comments.count)
                Background.release(derived)
            } else {
                try launch(through: index + ahead)
                let result = try Derive.rebuild(session: session, events: events(session), db: db, timing: &timing)
                nextRow = (try db.int64("SELECT max(n) FROM comments") ?? 0) + 1
                outcome.droppedForWithdrawal += result.purgedEvents
            }
        }
        try db.indexCommentsInBulk(false)
        outcome.sessionsUpdated = sessions
    }

    /// Every fingerprint the store knows, from the packed `line_hashes` rows; rebuilt from the stored
    /// lines if the two ever disagree in number.
    private mutating func loadKnownHashes() throws {
        var count = 0
        let expected = try db.int("""
            SELECT CAST(coalesce(sum(count), 0) AS bigint) + (SELECT count(*) FROM withdrawn_events) FROM event_chunks
            """) ?? 0
        knownHashes = LineHashSet(minimumCapacity: expected + 1024)
        try db.eachRow("SELECT hashes FROM line_hashes ORDER BY n", []) { row in
            LineHash.unpack(row["hashes"]) { knownHashes.insert($0); count += 1 }
        }
        guard count != expected else { return }
        knownHashes.removeAll()
        let stored = try StoredLines.read(db, session: nil)
        var rebuilt = stored.file.lines.indices.map { index in stored.withLine(index) { LineHash.of($0) } }
        rebuilt += try db.rows("SELECT hash_high, hash_low FROM withdrawn_events").map { LineHash($0) }
        for hash in rebuilt { knownHashes.insert(hash) }
        try db.execute("DELETE FROM line_hashes")
        try Store.saveLineHashes(rebuilt, db: db)
    }

    /// The fingerprint of every stored event's id, from the chunks' packed lists.
    private mutating func loadKnownIDs() throws {
        var ids = LineHashSet(minimumCapacity: (try db.int("SELECT CAST(coalesce(sum(count), 0) AS bigint) FROM event_chunks") ?? 0) + 1024)
        try db.eachRow("SELECT ids FROM event_chunks", []) { row in LineHash.unpack(row["ids"]) { ids.insert($0) } }
        ids.reserveCapacity(additional: newLines)
        knownIDs = ids
    }

    /// Appends the fingerprints of the events this merge added.
    private func saveNewHashes() throws {
        try Store.saveLineHashes(newHashes, db: db)
    }

    /// A log read and decoded, not yet merged.
    struct ReadLog {
        var path: String
        var scanner: LogFile?
        var refused: String?
        var hashes: [LineHash] = []
        /// The lines not known before this merge (indices into the lines), decoded.
        var pending: [Int] = []
        /// What did not decode, by pending line; nil where an event decoded (it is in `events`).
        var decoded: [DecodedLine] = []
        var events: [Event?] = []
        /// Which of `events` are `session.started`.
        var starts: [Int] = []

        init(path: String) { self.path = path }

        // Read in place through optional chaining: copying an event out to look at it (as `!= nil` on the
        // event does) would retain and then release every string in it.
        func hasEvent(_ index: Int) -> Bool { events.withUnsafeBufferPointer { $0[index]?.seq != nil } }
        func session(_ index: Int) -> String? { events.withUnsafeBufferPointer { $0[index]?.session } }
        func id(_ index: Int) -> String? { events.withUnsafeBufferPointer { $0[index]?.id } }
    }

    private func read(_ path: String, timing: inout Timing) -> ReadLog {
        var log = ReadLog(path: path)
        do {
            log.scanner = try LogFile(path: path)
        } catch {
            log.refused = "\(error)"
            return log
        }
        let scanner = log.scanner!
        guard !scanner.lines.isEmpty else { return log }
        log.hashes = scanner.fingerprints()
        timing.mark("read and fingerprint")
        log.pending = scanner.lines.indices.filter { !knownHashes.contains(log.hashes[$0]) }
        log.decoded = scanner.decode(log.pending)
        timing.mark("decode")
        if log.pending.first == 0 {
            do {
                try LogReader.checkIsLog(scanner, firstLine: log.decoded[0])
            } catch {
                log.refused = "\(error)"
                return log
            }
        }
        // The events, moved out of `decoded` (which keeps what did not decode): each is read in place from
        // here on and moved once more, into its session's list, for copying one retains every string in it.
        log.events = [Event?](repeating: nil, count: log.decoded.count)
        log.decoded.withUnsafeMutableBufferPointer { results in
            for index in results.indices {
                guard case .event = results[index] else { continue }
                guard case .event(let event) = (results.baseAddress! + index).move() else { preconditionFailure("checked above") }
                (results.baseAddress! + index).initialize(to: .failure(""))
                if case .sessionStarted = event.body { log.starts.append(index) }
                log.events[index] = event
            }
        }
        return log
    }

    private mutating func merge(_ log: inout ReadLog) throws {
        var file = MergeOutcome.File(path: log.path)
        defer { outcome.files.append(file) }
        if let refused = log.refused {
            file.refused = refused
            outcome.refused.append(refused)
            return
        }
        guard let scanner = log.scanner, !scanner.lines.isEmpty else { return }
        let path = log.path, lines = scanner.lines, hashes = log.hashes, pending = log.pending
        // Lines an earlier log of this merge brought are known now, as if known before it.
        let knownNow = pending.map { knownHashes.contains(hashes[$0]) }

        // Pass 1: a session.started whose deck differs from the one the store has keeps that session out.
        var refusedSessions: [String: String] = [:]
        var refusedAtLine: [String: Int] = [:]
        var fileStarts: [String: SessionStart] = [:]
        for index in log.starts {
            guard let event = log.events[index], case .sessionStarted(let start) = event.body else { continue }
            guard refusedSessions[event.session] == nil else { continue }
            let existing = try fileStarts[event.session] ?? storedStart(event.session)
            if let existing, !Self.sameDeck(existing, start) {
                refusedSessions[event.session] = Self.describeConflict(existing: existing, found: start)
                refusedAtLine[event.session] = scanner.lines[pending[index]].number
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
            guard next < pending.count, pending[next] == index, !knownNow[next] else {
                if next < pending.count, pending[next] == index { next += 1 }
                file.events += 1; file.known += 1; outcome.knownEvents += 1
                if withdrawnHashes.contains(hashes[index]) { outcome.withdrawnEvents += 1 }
                continue
            }
            let decodedIndex = next
            next += 1
            guard log.hasEvent(decodedIndex) else {
                file.skipped += 1
                if let issue = LogReader.issue(scanner, line: index, log.decoded[decodedIndex]) { outcome.problems.append(issue.description) }
                continue
            }
            file.events += 1
            if !refusedSessions.isEmpty, let session = log.session(decodedIndex), refusedSessions[session] != nil {
                refusedCounts[session, default: 0] += 1
                file.skipped += 1
            } else if !withdrawnIDs.isEmpty, let id = log.id(decodedIndex), withdrawnIDs.contains(id) {
                file.known += 1; outcome.knownEvents += 1; outcome.withdrawnEvents += 1
            } else if !knownHashes.insert(hashes[index]) {
                // The very same line earlier in this merge.
                file.known += 1; outcome.knownEvents += 1
            } else {
                candidates.append((index, decodedIndex))
            }
        }

        // Store the new ones. A line whose event id the store (or this merge) already holds is the same
        // event written another way, or a conflict.
        if !candidates.isEmpty, knownIDs == nil { try loadKnownIDs() }
        // A log is one session's, nearly always: its new events are appended to the session's list, taken
        // out and put back once (appending one list to another would copy, and so retain, every event).
        var new: (session: String, events: [Event])?
        func handOver() {
            guard let taken = new.take() else { return }
            updated.insert(taken.session)
            newBySession[taken.session] = taken.events
        }
        try scanner.data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for (position, member) in candidates.enumerated() {
                let event = log.events[member.decoded].take()!
                let hash = hashes[member.line]
                let id = LineHash.of(event.id)
                if knownIDs!.contains(id), let stored = try storedEvent(id: event.id, fingerprint: id) {
                    if stored == event {
                        file.known += 1; outcome.knownEvents += 1
                    } else {
                        knownHashes.remove(hash)
                        file.skipped += 1; outcome.conflicts += 1
                        outcome.problems.append("\(path):\(lines[member.line].number):1: event \(event.id) (\(event.type)) has the same id as an event already in the store but different content; not merged (the store keeps the one it had)")
                    }
                    continue
                }
                knownIDs!.insert(id)
                let line = lines[member.line]
                chunks.append(session: event.session, line: UnsafeRawBufferPointer(rebasing: bytes[line.start ..< line.start + line.count]),
                              id: id, type: event.type)
                if new?.session != event.session {
                    handOver()
                    new = (event.session, newBySession.removeValue(forKey: event.session) ?? [])
                    new!.events.reserveCapacity(decodedEvents[event.session] ?? new!.events.count + candidates.count - position)
                }
                new!.events.append(event)
                newHashes.append(hash)
                file.new += 1; outcome.newEvents += 1
            }
        }
        handOver()
        for session in refusedSessions.keys.sorted() {
            let count = refusedCounts[session] ?? 0
            outcome.sessionsRefused.append("\(path):\(refusedAtLine[session] ?? 1):1: session \(session): \(refusedSessions[session]!); "
                + "this log's \(Format.count(count)) event\(count == 1 ? "" : "s") of that session were not merged")
        }
    }

    /// The deck snapshot of the session as the store (or an earlier log of this merge) has it: its
    /// first `session.started` as written.
    private mutating func storedStart(_ session: String) throws -> SessionStart? {
        if let cached = starts[session] { return cached }
        guard hadEvents(session) else { return nil }
        let first = try StoredLines.read(db, session: session).events(ofTypes: ["session.started"]).min(by: StoredLines.writtenOrder)
        var start: SessionStart?
        if case .sessionStarted(let found)? = first?.body { start = found }
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

    /// The stored event with this id (whose fingerprint is `fingerprint`), if there is one.
    private mutating func storedEvent(id: String, fingerprint: LineHash) throws -> Event? {
        try chunks.write(db)
        return try storedIDs.event(id: id, fingerprint: fingerprint, db: db)
    }
}

/// Where each stored event's id is, for the rare new line whose id the store already holds: built from
/// the chunks' id lists when first asked, and brought up to date with the chunks written since.
struct StoredIDIndex {
    private var places: [LineHash: (chunk: Int64, line: Int)] = [:]
    private var indexedThrough: Int64 = 0
    private var lastChunk: StoredLines?

    mutating func event(id: String, fingerprint: LineHash, db: any StoreSQL) throws -> Event? {
        for row in try db.rows("SELECT n, ids FROM event_chunks WHERE n > ? ORDER BY n", [indexedThrough]) {
            let chunk: Int64 = row["n"]
            var line = 0
            LineHash.unpack(row["ids"]) { hash in
                if places[hash] == nil { places[hash] = (chunk, line) }
                line += 1
            }
            indexedThrough = chunk
        }
        guard let place = places[fingerprint] else { return nil }
        if lastChunk?.chunks.first?.n != place.chunk { lastChunk = try StoredLines.read(db, chunk: place.chunk) }
        guard let stored = lastChunk?.events([place.line]).first, stored.id == id else { return nil }
        return stored
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

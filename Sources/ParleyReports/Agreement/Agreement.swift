import Foundation
import ParleyCore

/// Agreement between writers (facilitator, note-takers) who tagged the same session: their comments are
/// matched into units (one remark heard by several writers), then per code each writer either tagged the
/// unit with it or not. Cohen's kappa for two writers, Krippendorff's alpha (nominal) for any number.
/// docs/agreement.md explains the matching rule and how to read the figures.
public enum Agreement {
    /// Two comments can be the same remark only if noted this close in time (seconds).
    public static let window: Double = 120
    /// Within the window, a comment joins a unit if their texts are at least this similar…
    public static let minimumSimilarity: Double = 0.2
    /// …or if they were noted at most this far apart (seconds), whatever the text.
    public static let closeInTime: Double = 30

    /// One remark: at most one comment per writer.
    public struct Unit: Sendable, Equatable {
        public var promptID: String
        public var participant: String?
        /// writer → that writer's comment in the unit.
        public var comments: [String: CommentRecord]
        /// Its writers in the order their comments joined: the first one's comment started the unit.
        public var writers: [String]
    }

    /// One agreement figure with the counts behind it.
    public struct Figure: Sendable, Equatable {
        /// `code`, `prompt` or `all`.
        public var scope: String
        /// The code's tag, the prompt id, or `all codes`.
        public var key: String
        /// Units noted by at least two writers (the ones that count).
        public var units: Int
        /// Values: a writer tagging the unit with the code (yes) or not (no), over those units.
        public var yes: Int
        public var no: Int
        /// Two writers only: both, first only, second only, neither.
        public var table: (both: Int, firstOnly: Int, secondOnly: Int, neither: Int)?
        public var kappa: Double?
        public var alpha: Double?
        /// 95% bootstrap confidence intervals (AgreementBootstrap.swift); nil when not given.
        public var kappaInterval: Interval?
        public var alphaInterval: Interval?
        /// Why to read the figure with care: few units, or one value throughout.
        public var cautions: [Caution]

        public static func == (a: Figure, b: Figure) -> Bool {
            a.scope == b.scope && a.key == b.key && a.units == b.units && a.yes == b.yes && a.no == b.no
                && a.table?.both == b.table?.both && a.table?.firstOnly == b.table?.firstOnly
                && a.table?.secondOnly == b.table?.secondOnly && a.table?.neither == b.table?.neither
                && a.kappa == b.kappa && a.alpha == b.alpha && a.kappaInterval == b.kappaInterval
                && a.alphaInterval == b.alphaInterval && a.cautions == b.cautions
        }
    }

    public struct Result: Sendable {
        public var session: String
        public var writers: [String]
        public var units: [Unit]
        /// Units noted by one writer only, per writer.
        public var unmatched: [String: Int]
        public var codes: [Figure]
        public var prompts: [Figure]
        public var overall: Figure
    }

    // MARK: - the statistics

    /// Cohen's kappa from a 2×2 table; nil when undefined (no items, or expected agreement 1).
    public static func cohensKappa(both a: Int, firstOnly b: Int, secondOnly c: Int, neither d: Int) -> Double? {
        let n = Double(a + b + c + d)
        guard n > 0 else { return nil }
        let observed = Double(a + d) / n
        let expected = (Double(a + b) * Double(a + c) + Double(c + d) * Double(b + d)) / (n * n)
        guard expected < 1 else { return nil }
        return (observed - expected) / (1 - expected)
    }

    /// Krippendorff's alpha for nominal yes/no values; a unit lists each writer's value (nil: did not note it).
    /// Units with fewer than two values are not pairable and ignored. nil when undefined (no pairable
    /// values, or only one value used throughout).
    public static func krippendorffAlpha(_ units: [[Bool?]]) -> Double? {
        alphaFromCoincidences(coincidences(units))
    }

    /// Alpha from the coincidence counts; nil when undefined.
    static func alphaFromCoincidences(_ c: (yesYes: Double, noNo: Double, yesNo: Double)) -> Double? {
        let n = c.yesYes + c.noNo + 2 * c.yesNo
        let nYes = c.yesYes + c.yesNo, nNo = c.noNo + c.yesNo
        guard n > 1, nYes > 0, nNo > 0 else { return nil }
        return 1 - (n - 1) * c.yesNo / (nYes * nNo)
    }

    /// The coincidence matrix of yes/no values: each pairable unit adds its ordered pairs of values / (m − 1).
    static func coincidences(_ units: [[Bool?]]) -> (yesYes: Double, noNo: Double, yesNo: Double) {
        var yy = 0.0, nn = 0.0, yn = 0.0
        for unit in units {
            let values = unit.compactMap { $0 }
            let m = values.count
            guard m >= 2 else { continue }
            let yes = Double(values.filter { $0 }.count), no = Double(m) - yes
            let weight = 1 / Double(m - 1)
            yy += yes * (yes - 1) * weight
            nn += no * (no - 1) * weight
            yn += yes * no * weight
        }
        return (yy, nn, yn)
    }

    // MARK: - matching

    /// Words of a text for similarity: lowercased runs of letters and digits; in text without spaces
    /// between words (Chinese, Japanese) every letter counts as a word.
    static func words(_ text: String) -> Set<String> {
        var result = Set<String>()
        forEachWord(text) { result.insert($0) }
        return result
    }

    /// Calls `body` with each word of `text`, repeats included.
    static func forEachWord(_ text: String, _ body: (String) -> Void) {
        if isASCII(text) {
            forEachASCIIWord(text) { body(String(decoding: $0, as: UTF8.self)) }
            return
        }
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if let scalar = character.unicodeScalars.first, scalar.properties.isIdeographic || (0x3040...0x30FF).contains(scalar.value) {
                    if !current.isEmpty { body(current); current = "" }
                    body(String(character))
                } else {
                    current.append(character)
                }
            } else if !current.isEmpty {
                body(current); current = ""
            }
        }
        if !current.isEmpty { body(current) }
    }

    /// Whether every byte of `text` is ASCII (eight at a time).
    static func isASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return true }
            var index = 0
            while bytes.count - index >= 8 {
                if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            while index < bytes.count {
                if bytes[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
    }

    /// `forEachWord` for ASCII text, most notes: its letters and digits are a–z, A–Z, 0–9, read as bytes
    /// (the same words, without a Unicode property lookup per character); each word's bytes, lower-cased,
    /// are valid inside `body`.
    static func forEachASCIIWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { lower in
                var start = 0, end = 0
                for byte in bytes {
                    switch byte {
                    case 0x61...0x7A, 0x30...0x39: lower[end] = byte; end += 1
                    case 0x41...0x5A: lower[end] = byte + 0x20; end += 1
                    default:
                        if end > start { body(UnsafeBufferPointer(rebasing: lower[start ..< end])); start = end }
                    }
                }
                if end > start { body(UnsafeBufferPointer(rebasing: lower[start ..< end])) }
            }
        }
    }

    /// Jaccard similarity of the two texts' word sets (0…1; two empty texts count as 1).
    public static func similarity(_ a: String, _ b: String) -> Double {
        var vocabulary = Vocabulary()
        return jaccard(vocabulary.words(a), vocabulary.words(b))
    }

    /// Numbers for words, so a text's word set is a sorted list of integers and comparing two is a merge.
    struct Vocabulary {
        private var ids: [String: Int] = [:]
        /// Words of up to 16 ASCII bytes (most words), packed into two integers: no string is made for them.
        private var shortIDs: [ShortWord: Int] = [:]
        private struct ShortWord: Hashable { var low: UInt64 = 0, high: UInt64 = 0 }

        private mutating func id(_ word: UnsafeBufferPointer<UInt8>) -> Int {
            guard word.count <= 16 else { return id(String(decoding: word, as: UTF8.self)) }
            var packed = ShortWord()
            withUnsafeMutableBytes(of: &packed) { $0.copyMemory(from: UnsafeRawBufferPointer(word)) }
            if let known = shortIDs[packed] { return known }
            let next = shortIDs.count + ids.count
            shortIDs[packed] = next
            return next
        }

        private mutating func id(_ word: String) -> Int {
            if word.utf8.count <= 16, Agreement.isASCII(word) {
                var word = word
                return word.withUTF8 { id($0) }
            }
            if let known = ids[word] { return known }
            let next = shortIDs.count + ids.count
            ids[word] = next
            return next
        }

        /// The text's word set: its words' numbers, ascending, without repeats.
        mutating func words(_ text: String) -> [Int] {
            var result: [Int] = []
            if Agreement.isASCII(text) {
                Agreement.forEachASCIIWord(text) { result.append(id($0)) }
            } else {
                Agreement.forEachWord(text) { result.append(id($0)) }
            }
            result.sort()
            // Repeats dropped in place.
            var kept = 0
            for index in result.indices where kept == 0 || result[kept - 1] != result[index] {
                result[kept] = result[index]
                kept += 1
            }
            result.removeLast(result.count - kept)
            return result
        }
    }

    /// Jaccard index of two word sets from one `Vocabulary`.
    static func jaccard(_ x: [Int], _ y: [Int]) -> Double {
        if x.isEmpty && y.isEmpty { return 1 }
        var shared = 0, i = 0, j = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { shared += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return Double(shared) / Double(x.count + y.count - shared)
    }

    static func seconds(_ at: String) -> Double {
        Timestamp.date(at)?.timeIntervalSince1970 ?? 0
    }

    /// Groups comments into units: same prompt, same participant (or both for the room); a comment joins
    /// the best unit that has no comment by its writer and whose first comment is within `window`
    /// seconds — best by text similarity, then nearest in time, then earliest — if the similarity is at
    /// least `minimumSimilarity` or they are at most `closeInTime` seconds apart. Comments are taken in
    /// time order (then writer, then comment id), so the result does not depend on the store's order.
    /// Units come out in the order they were started.
    public static func match(_ comments: [CommentRecord]) -> [Unit] {
        unitIndices(comments, among: Array(comments.indices)).map { members in
            let first = comments[members[0]]
            return Unit(promptID: first.promptID, participant: first.participant,
                        comments: Dictionary(uniqueKeysWithValues: members.map { (comments[$0].writer, comments[$0]) }),
                        writers: members.map { comments[$0].writer })
        }
    }

    /// `match`'s units of the comments at `among` (indices into `comments`), as those indices, each
    /// unit's in the order they joined.
    static func unitIndices(_ comments: [CommentRecord], among: [Int]) -> [[Int]] {
        // Worked on by position in `among`: p is comments[among[p]].
        let times = among.map { seconds(comments[$0].at) }
        var writerIDs: [String: Int] = [:]
        let writer = among.map { index in
            let name = comments[index].writer
            if let id = writerIDs[name] { return id }
            writerIDs[name] = writerIDs.count
            return writerIDs.count - 1
        }
        let ordered = among.indices.sorted { a, b in
            if times[a] != times[b] { return times[a] < times[b] }
            let x = among[a], y = among[b]
            if comments[x].writer != comments[y].writer { return comments[x].writer < comments[y].writer }
            return comments[x].commentID < comments[y].commentID
        }
        var units: [[Int]] = []
        /// Each unit's first comment (a position) and its time.
        var anchors: [(first: Int, time: Double)] = []
        // Word sets are worked out only for comments that are compared: most never are.
        var vocabulary = Vocabulary()
        var wordSets = [[Int]?](repeating: nil, count: among.count)
        func words(_ p: Int) -> [Int] {
            if let known = wordSets[p] { return known }
            let found = vocabulary.words(comments[among[p]].text)
            wordSets[p] = found
            return found
        }
        // Units by prompt and participant, so each comment only looks at its own speaker's units; each
        // bucket lists its units oldest first, so the search stops at the first one out of the window.
        struct Bucket: Hashable { var prompt: String; var participant: String? }
        var buckets: [Bucket: [Int]] = [:]
        for p in ordered {
            let now = times[p]
            let bucket = Bucket(prompt: comments[among[p]].promptID, participant: comments[among[p]].participant)
            var best: (unit: Int, similarity: Double, distance: Double)?
            for unit in (buckets[bucket] ?? []).reversed() {
                let distance = now - anchors[unit].time
                guard distance <= window else { break }
                guard !units[unit].contains(where: { writer[$0] == writer[p] }) else { continue }
                let similar = jaccard(words(anchors[unit].first), words(p))
                guard similar >= minimumSimilarity || distance <= closeInTime else { continue }
                // Going back in time: on a tie in similarity and distance the earlier unit wins.
                if let current = best, similar < current.similarity || (similar == current.similarity && distance > current.distance) {
                    continue
                }
                best = (unit, similar, distance)
            }
            if let best {
                units[best.unit].append(p)
            } else {
                buckets[bucket, default: []].append(units.count)
                units.append([p])
                anchors.append((p, now))
            }
        }
        return units.map { $0.map { among[$0] } }
    }

    // MARK: - figures

    /// Agreement over the given units for the given codes, pooled (each unit × code is one item), with
    /// its confidence intervals (resampling units, each with all its items) and cautions.
    static func figure(scope: String, key: String, units: [Unit], codes: [String], writers: [String]) -> Figure {
        var items: [[Bool?]] = []
        var parts: [UnitPart] = []
        for unit in units where unit.comments.count >= 2 {
            var part = UnitPart()
            for code in codes {
                let values = writers.map { writer in unit.comments[writer].map { $0.tags.contains(code) } }
                items.append(values)
                if writers.count == 2, let first = values[0], let second = values[1] {
                    switch (first, second) {
                    case (true, true): part.both += 1
                    case (true, false): part.firstOnly += 1
                    case (false, true): part.secondOnly += 1
                    case (false, false): part.neither += 1
                    }
                }
                let c = coincidences([values])
                part.yesYes += c.yesYes; part.noNo += c.noNo; part.yesNo += c.yesNo
            }
            parts.append(part)
        }
        var total = UnitPart()
        for part in parts { total.add(part) }
        let values = items.flatMap { $0.compactMap { $0 } }
        let yes = values.filter { $0 }.count
        let two = writers.count == 2
        let intervals = bootstrap(parts, kappa: two)
        return Figure(scope: scope, key: key, units: parts.count, yes: yes, no: values.count - yes,
                      table: two ? (total.both, total.firstOnly, total.secondOnly, total.neither) : nil,
                      kappa: two ? total.kappa : nil, alpha: krippendorffAlpha(items),
                      kappaInterval: intervals.kappa, alphaInterval: intervals.alpha,
                      cautions: cautions(counted: parts.count, items: items, writers: writers))
    }

    /// Agreement for a session's live comments (withdrawn participants and deleted comments are not in them).
    public static func compute(session: String, comments: [CommentRecord], promptOrder: [String] = []) throws -> Result {
        var writers: [String] = []
        for comment in comments where !writers.contains(comment.writer) { writers.append(comment.writer) }
        writers.sort()
        guard writers.count >= 2 else {
            throw UserError("session \(session) has comments from \(writers.count == 1 ? "one writer (\(writers[0]))" : "no writer"); agreement needs at least two")
        }
        let units = match(comments)
        var unmatched: [String: Int] = [:]
        for writer in writers { unmatched[writer] = 0 }
        for unit in units where unit.comments.count == 1 { unmatched[unit.comments.keys.first!, default: 0] += 1 }
        var codes: [String] = []
        for comment in comments { for tag in comment.tags where !codes.contains(tag) { codes.append(tag) } }
        codes.sort()
        var prompts = promptOrder.filter { id in units.contains { $0.promptID == id } }
        for unit in units where !prompts.contains(unit.promptID) { prompts.append(unit.promptID) }
        return Result(
            session: session, writers: writers, units: units, unmatched: unmatched,
            codes: codes.map { figure(scope: "code", key: $0, units: units, codes: [$0], writers: writers) },
            prompts: prompts.map { id in figure(scope: "prompt", key: id, units: units.filter { $0.promptID == id }, codes: codes, writers: writers) },
            overall: figure(scope: "all", key: "all codes", units: units, codes: codes, writers: writers))
    }
}

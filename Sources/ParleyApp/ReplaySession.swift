import Algorithms
import Foundation
import ParleyCore
import ParleyLog

/// One session's events in replay order, each with its time on the session clock, plus what
/// seeking and the timeline need: state checkpoints, prompt changes, comment and marker times.
/// Built once when replay opens; never changed afterwards, never written anywhere. The index is
/// ready when `init` returns; the checkpoints are built on a background thread meanwhile, and a
/// seek that needs one not built yet waits for it (see docs/replay.md).
///
/// Order: `EventOrder` — several writers' logs of one session interleave by their wall clocks
/// (`at`) placed on the room's time line (`WriterClocks`), exactly as the store orders them.
/// Time 0 is the first event.
public struct ReplaySession: Sendable {
    public let sessionID: String
    /// Events in replay order, duplicates (same id, e.g. a log given twice) removed, each `at` on
    /// the room's time line (already placed: never order them again).
    public let events: [Event]
    /// Milliseconds since the session started, one per event, never decreasing.
    public let times: [Int]
    /// Wall-clock time (`at`, on the room's time line) of time 0.
    public let startedAt: String
    public let writers: [String]
    /// Whose prompt changes are "what the room saw": the writer called `facilitator` (the default
    /// of `parley run`, `SessionState.roomWriterName`) if there is one, else the writer who started
    /// the session first (`SessionState.roomWriter(among:otherwise:)`). Note-takers page through
    /// prompts on their own laptops; their paging is not what the projector showed.
    public let roomWriter: String
    /// What the reader stepped over (torn last lines, unreadable lines, duplicates), one line each.
    public let issues: [String]

    /// Checkpoint `k` is the state after the first `k * checkpointInterval` events.
    public let checkpointInterval: Int
    private let checkpoints: Checkpoints

    /// A prompt coming on the room's screen: the event index of its `prompt.shown`, its time and deck position.
    public struct PromptChange: Sendable, Equatable {
        public var eventIndex: Int
        public var time: Int
        public var promptIndex: Int
    }
    public let promptChanges: [PromptChange]
    /// Event indices of every `comment.added` (a comment's first appearance).
    public let commentAdds: [Int]
    /// Event indices of every `marker`.
    public let markerIndices: [Int]
    /// The comments said on one prompt, in the order they appeared.
    public struct PromptComments: Sendable {
        /// Event index of each comment's `comment.added`, increasing.
        public var eventIndices: [Int] = []
        public var ids: [String] = []
        mutating func append(_ eventIndex: Int, _ id: String) { eventIndices.append(eventIndex); ids.append(id) }
    }
    /// Per prompt id, the comments said on it (whichever prompt the room saw at the time).
    public let commentsByPrompt: [String: PromptComments]
    /// Wall-clock time of time 0, in ms since 1970.
    public let originMillis: Int
    /// The deck as `session.started` snapshotted it.
    public let workshop: Workshop?
    /// Where the deck file was when the session started (screenshots are found beside it).
    public let deckPath: String?

    public var duration: Int { times.last ?? 0 }
    public var count: Int { events.count }

    // MARK: Building

    /// Reads logs (several writers of one session, in any order, even the same log twice) with
    /// `LogReader`, side by side.
    public static func load(paths: [String], checkpointInterval: Int? = nil) throws -> ReplaySession {
        let (events, issues) = try readLogs(paths)
        return try ReplaySession(events: events, issues: issues, checkpointInterval: checkpointInterval)
    }

    /// The events of one session's logs, unordered, and what was stepped over.
    public static func readLogs(_ paths: [String]) throws -> (events: [Event], issues: [String]) {
        guard !paths.isEmpty else { throw UserError("give at least one session log (.jsonl)") }
        for path in paths {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw UserError("\(path) is a folder; give the session's log files, such as \(path)/*.jsonl (every writer's log of one session)")
            }
        }
        let results: [LogReader.Result]
        do { results = try LogReader.read(paths: paths) } catch { throw UserError("\(error)") }
        var events: [Event] = []
        var issues: [String] = []
        var sessions: [String: [String]] = [:]
        for (path, result) in zip(paths, results) {
            for id in Set(result.events.map(\.session)) { sessions[id, default: []].append(path) }
            events += result.events
            issues += result.issues.map(\.description)
        }
        if sessions.count > 1 {
            let list = sessions.keys.sorted().map { "\($0) (\(sessions[$0]!.joined(separator: ", ")))" }
            throw UserError("these logs hold \(sessions.count) sessions: \(list.joined(separator: "; ")); replay one session at a time")
        }
        return (events, issues)
    }

    /// Checkpoint spacing for `count` events: about 16 checkpoints, between 512 and 8192 events apart.
    /// Seeking copies one checkpoint and applies fewer events than the spacing; memory holds about
    /// 16 copies of the state.
    public static func defaultCheckpointInterval(events count: Int) -> Int {
        min(8192, max(512, count / 16))
    }

    /// Orders `events` (any order, duplicates allowed) and indexes them.
    public init(events unordered: [Event], issues: [String] = [], checkpointInterval: Int? = nil) throws {
        var issues = issues
        let order = EventOrder(unordered)
        // The same event twice (a log given twice) sorts next to itself: keep the first.
        var keeping: [Int] = []
        keeping.reserveCapacity(order.indices.count)
        var duplicates = 0
        for (position, index) in order.indices.enumerated() {
            if position > 0, unordered[index].id == unordered[order.indices[position - 1]].id { duplicates += 1 } else { keeping.append(position) }
        }
        let kept = keeping
        if duplicates > 0 { issues.append("\(duplicates) events appear more than once (the same log given twice?); each is replayed once") }
        let source = order.indices
        guard let first = kept.first(where: { if case .sessionStarted = unordered[source[$0]].body { return true } else { return false } }) else {
            throw UserError("no session.started event in the logs; expected logs written by `parley run`")
        }
        let started = unordered[source[first]]
        let origin = order.millis[kept[0]]
        originMillis = origin
        let times = kept.map { order.millis[$0] - origin }
        self.times = times
        let roomWriter = SessionState.roomWriter(among: order.writers, otherwise: started.writer)
        self.roomWriter = roomWriter
        sessionID = started.session
        startedAt = order.clocks.placed(unordered[source[kept[0]]]).at
        writers = order.writers
        self.issues = issues
        if case .sessionStarted(let start) = started.body { workshop = start.snapshot; deckPath = start.deckPath } else { workshop = nil; deckPath = nil }

        // On two cores at once: the events copied into replay order, and the index read from them
        // where they lie. Both take about as long.
        let copied = ParallelSlot<[Event]>(), indexed = ParallelSlot<Index>()
        let workshop = workshop
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                copied.value = kept.map { order.clocks.placed(unordered[source[$0]]) }
            } else {
                indexed.value = Self.index(count: kept.count, event: { unordered[source[kept[$0]]] }, times: times,
                                           roomWriter: roomWriter, workshop: workshop)
            }
        }
        events = copied.value!
        let index = indexed.value!
        promptChanges = index.promptChanges
        commentAdds = index.commentAdds
        markerIndices = index.markerIndices
        commentsByPrompt = index.commentsByPrompt

        // The checkpoints: every event applied once, in the background.
        self.checkpointInterval = max(1, checkpointInterval ?? Self.defaultCheckpointInterval(events: events.count))
        checkpoints = Checkpoints(events: events, interval: self.checkpointInterval)
    }

    struct Index: Sendable {
        var promptChanges: [PromptChange] = []
        var commentAdds: [Int] = []
        var markerIndices: [Int] = []
        var commentsByPrompt: [String: PromptComments] = [:]
    }

    /// The index, without applying anything: where the room's prompt changes, comments first appear
    /// (a repeated comment id changes nothing) and markers fall. `event(i)` is the i-th in replay order.
    static func index(count: Int, event: (Int) -> Event, times: [Int], roomWriter: String, workshop: Workshop?) -> Index {
        let positions = Dictionary((workshop?.deck.prompts ?? []).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var index = Index()
        var seenComments = Set<String>()
        seenComments.reserveCapacity(count / 2)
        var begun = false
        for i in 0..<count {
            let event = event(i)
            switch event.body {
            case .sessionStarted:
                begun = true
            case .promptShown(let prompt):
                if begun, event.writer == roomWriter, let position = positions[prompt], index.promptChanges.last?.promptIndex != position {
                    index.promptChanges.append(PromptChange(eventIndex: i, time: times[i], promptIndex: position))
                }
            case .commentAdded(let payload):
                if seenComments.insert(payload.comment).inserted {
                    index.commentAdds.append(i)
                    index.commentsByPrompt[payload.prompt, default: PromptComments()].append(i, payload.comment)
                }
            case .marker:
                index.markerIndices.append(i)
            default:
                break
            }
        }
        return index
    }

    /// Session time of a wall-clock `at` (nil if it cannot be read).
    public func time(of at: String) -> Int? { Timestamp.milliseconds(at).map { $0 - originMillis } }

    // MARK: Looking up

    /// How many events have happened by session time `time` (all events with time ≤ `time`).
    public func eventCount(atTime time: Int) -> Int { times.partitioningIndex { $0 > time } }

    /// The state after the first `count` events: the nearest checkpoint at or before, plus at most
    /// `checkpointInterval - 1` events applied to it.
    public func state(afterEvents count: Int) -> SessionState {
        let count = min(max(0, count), events.count)
        let k = count / checkpointInterval
        var state = checkpoints.checkpoint(k)
        for index in (k * checkpointInterval)..<count { state.apply(events[index]) }
        return state
    }

    /// The state at session time `time`.
    public func state(at time: Int) -> SessionState { state(afterEvents: eventCount(atTime: time)) }

    /// Moves `state`, currently after `from` events, to after `to` events: forwards by applying the
    /// events in between when that is cheaper than a checkpoint, otherwise from a checkpoint.
    public func advance(_ state: inout SessionState, from: Int, to: Int) {
        let to = min(max(0, to), events.count)
        if to >= from, to - from < checkpointInterval || to / checkpointInterval == from / checkpointInterval {
            for index in from..<to { state.apply(events[index]) }
        } else {
            // Freeing the state left behind (tens of thousands of comments) is half the cost of a seek
            // on a long session: let another core do it.
            let leftBehind = state
            state = self.state(afterEvents: to)
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(leftBehind) {} }
        }
    }

    /// The prompt change in force after `count` events (the last one among them), if any.
    public func promptChangeIndex(afterEvents count: Int) -> Int? {
        let after = promptChanges.partitioningIndex { $0.eventIndex >= count }
        return after == 0 ? nil : after - 1
    }

    /// The first index in a sorted list of event indices that is ≥ `eventIndex`.
    static func firstAtOrAfter(_ eventIndex: Int, in indices: [Int]) -> Int { indices.partitioningIndex { $0 >= eventIndex } }

    /// Comments added up to time `time` (comment.added index < count) in sorted order.
    func commentsAdded(before count: Int) -> Int { Self.firstAtOrAfter(count, in: commentAdds) }
}

/// The states after every `interval` events, built once on a background thread so that opening a
/// long session does not wait for them. Reading one that is not built yet waits for it.
final class Checkpoints: @unchecked Sendable {
    let interval: Int
    private let condition = NSCondition()
    private var states: [SessionState] = []

    init(events: [Event], interval: Int) {
        self.interval = interval
        states.reserveCapacity(events.count / interval + 1)
        Thread.detachNewThread { [self] in self.build(events) }
    }

    /// Applies every event once, publishing a copy of the state at each multiple of `interval`
    /// (checkpoint `events.count / interval` is the last, so every count has one at or before it).
    private func build(_ events: [Event]) {
        var state = SessionState()
        for (index, event) in events.enumerated() {
            if index % interval == 0 { publish(state) }
            state.apply(event)
        }
        if events.count % interval == 0 { publish(state) }
    }

    private func publish(_ state: SessionState) {
        condition.lock()
        states.append(state)
        condition.broadcast()
        condition.unlock()
    }

    func checkpoint(_ k: Int) -> SessionState {
        condition.lock()
        defer { condition.unlock() }
        while states.count <= k { condition.wait() }
        return states[k]
    }

    /// How many are built so far.
    var built: Int {
        condition.lock()
        defer { condition.unlock() }
        return states.count
    }
}

/// One value handed back from a `concurrentPerform` worker (each slot written by one worker, read after).
final class ParallelSlot<Value>: @unchecked Sendable {
    var value: Value?
}

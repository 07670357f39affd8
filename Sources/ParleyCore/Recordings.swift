/// A recording of the session (audio or video) as its `recording.started` events place it now.
public struct Recording: Sendable, Equatable {
    /// The id of the event that first marked it: the recording's identity through its corrections.
    public var id: String
    /// The event that places it now: the first mark, or the latest correction of it.
    public var eventID: String
    /// When it started (the event's `at`: on the room's time line wherever events are placed).
    public var at: String
    public var mono: Int
    public var writer: String
    public var label: String?
    public var durationMilliseconds: Int?
}

/// Every `recording.started` of a session, and the recordings they add up to. A correction names
/// the mark it `replaces`, so a recording is a chain of marks and the chain's last one places it.
/// Corrections may arrive in any order (a nudge backwards sorts before the mark it nudges), so the
/// recordings are worked out from all the marks, not event by event.
struct RecordingMarks: Sendable {
    private struct Mark: Sendable {
        var event: Event
        var start: RecordingStart
    }

    private var marks: [String: Mark] = [:]

    /// The recordings, oldest start first.
    private(set) var recordings: [Recording] = []

    mutating func add(_ event: Event, _ start: RecordingStart) {
        guard marks[event.id] == nil else { return }
        marks[event.id] = Mark(event: event, start: start)
        recordings = Self.resolve(marks)
    }

    /// Each chain's root and its last mark. Two corrections of one mark (two researchers at once)
    /// fork the chain: the longer branch wins, then the greater event id, so every reader agrees.
    private static func resolve(_ marks: [String: Mark]) -> [Recording] {
        var best: [String: (depth: Int, mark: Mark)] = [:]
        for mark in marks.values {
            var root = mark.event.id
            var depth = 0
            var seen: Set<String> = [root]
            while let previous = marks[root]?.start.replaces, marks[previous] != nil, seen.insert(previous).inserted {
                root = previous
                depth += 1
            }
            if let current = best[root], (current.depth, current.mark.event.id) > (depth, mark.event.id) { continue }
            best[root] = (depth, mark)
        }
        return best.map { root, tip in
            Recording(id: root, eventID: tip.mark.event.id, at: tip.mark.event.at, mono: tip.mark.event.mono, writer: tip.mark.event.writer,
                      label: tip.mark.start.label, durationMilliseconds: tip.mark.start.durationMilliseconds)
        }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
    }
}

import Algorithms

/// Where each writer's wall clock sits on the room's time line. A joiner measures its clock against
/// the reference writer's (the facilitator's) and records a `clock.offset` in its own log; whoever
/// reads several logs together places every writer's `at` on the reference clock with this rule,
/// and only this one:
///
/// an event takes the offset of its writer's latest `clock.offset` at or before it (by seq); events
/// before the writer's first `clock.offset` take the first one (the clock was just as far off before
/// it was measured); a writer without any keeps its times.
///
/// The rule reads only each writer's own events, so logs merged in any order, or in parts, agree.
public struct WriterClocks: Sendable {
    /// A clock more than 7 days off is not a laptop's clock: `EventLine` refuses such an offset.
    public static let maximumOffset = 7 * 24 * 60 * 60 * 1000

    private struct Measured: Sendable { var seq: Int; var offset: Int }
    /// Per writer that has measured, its offsets by seq (then offset, so duplicates sort the same way).
    private var measured: [String: [Measured]] = [:]

    public init(_ events: [Event]) {
        // By index, each event read in place: iterating would copy (retain and release) every event.
        for index in events.indices {
            if case .clockOffset(let offset, _, _) = events[index].body {
                measured[events[index].writer, default: []].append(Measured(seq: events[index].seq, offset: offset))
            }
        }
        for writer in measured.keys { measured[writer]!.sort { ($0.seq, $0.offset) < ($1.seq, $1.offset) } }
    }

    /// True when no writer has measured its clock: every time stays as written.
    public var isEmpty: Bool { measured.isEmpty }

    /// Milliseconds to add to `writer`'s wall clock at its event `seq` to read the reference clock.
    public func offset(writer: String, seq: Int) -> Int {
        guard !measured.isEmpty, let offsets = measured[writer] else { return 0 }
        let later = offsets.partitioningIndex { $0.seq > seq }
        return offsets[max(later - 1, 0)].offset
    }

    /// The event's time on the room's time line, in ms since 1970; nil if its `at` cannot be read.
    public func milliseconds(_ event: Event) -> Int? {
        milliseconds(at: event.at, writer: event.writer, seq: event.seq)
    }

    /// `milliseconds(_:)` from the event's fields, for a caller reading them in place from an array
    /// (handing the function an array's event copies the event, every string in it retained).
    public func milliseconds(at: String, writer: String, seq: Int) -> Int? {
        Timestamp.milliseconds(at).map { $0 + offset(writer: writer, seq: seq) }
    }

    /// The event with its `at` on the room's time line. Place raw events once: a placed event's
    /// writer still has its `clock.offset`s, which would move it again.
    public func placed(_ event: Event) -> Event {
        var placed = event
        place(&placed)
        return placed
    }

    /// `placed`, changing the event itself.
    public func place(_ event: inout Event) {
        let offset = offset(writer: event.writer, seq: event.seq)
        guard offset != 0, let millis = Timestamp.milliseconds(event.at) else { return }
        event.at = Timestamp.string(milliseconds: millis + offset)
    }
}

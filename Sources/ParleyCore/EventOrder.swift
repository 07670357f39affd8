/// The one order of a session's events, wherever several writers' events meet (replay, transcript,
/// the store): time on the room's time line (`at` placed by `WriterClocks`), then writer, then the
/// writer's seq, then id. Events come from `LogReader`, which refuses an `at` that `Timestamp`
/// cannot read.
public struct EventOrder: Sendable {
    /// Positions into the events, in order.
    public let indices: [Int]
    /// The time (ms since 1970, on the room's time line) of each event in order: `millis[k]` is
    /// `events[indices[k]]`'s.
    public let millis: [Int]
    /// Every writer, sorted.
    public let writers: [String]
    /// The writers' clock offsets the times were placed with.
    public let clocks: WriterClocks

    public init(_ events: [Event]) {
        var rankOf: [String: Int] = [:]
        var ranks = [Int](repeating: 0, count: events.count)
        // Each log is one writer's, so events come in long runs by writer: look the rank up once per run.
        var last: (writer: String, rank: Int)?
        // By index, reading the writer in place: enumerating would copy (retain and release) every event.
        for index in events.indices {
            let writer = events[index].writer
            if let last, last.writer == writer {
                ranks[index] = last.rank
            } else {
                if let rank = rankOf[writer] { ranks[index] = rank } else { ranks[index] = rankOf.count; rankOf[writer] = rankOf.count }
                last = (writer, ranks[index])
            }
        }
        // Ranks were handed out in first-seen order; the order wants them alphabetical.
        let writers = rankOf.keys.sorted()
        var alphabetical = [Int](repeating: 0, count: writers.count)
        for (position, writer) in writers.enumerated() { alphabetical[rankOf[writer]!] = position }
        struct Key { var millis: Int; var rank: Int; var seq: Int; var index: Int }
        let clocks = WriterClocks(events)
        var keys = events.indices.map {
            Key(millis: clocks.milliseconds(at: events[$0].at, writer: events[$0].writer, seq: events[$0].seq) ?? 0,
                rank: alphabetical[ranks[$0]], seq: events[$0].seq, index: $0)
        }
        keys.sort { a, b in
            if a.millis != b.millis { return a.millis < b.millis }
            if a.rank != b.rank { return a.rank < b.rank }
            if a.seq != b.seq { return a.seq < b.seq }
            return events[a.index].id < events[b.index].id
        }
        indices = keys.map(\.index)
        millis = keys.map(\.millis)
        self.writers = writers
        self.clocks = clocks
    }

    /// The events in this order, as written.
    public static func sorted(_ events: [Event]) -> [Event] {
        EventOrder(events).indices.map { events[$0] }
    }

    /// The events in this order, each with its `at` on the room's time line (`WriterClocks.placed`):
    /// what everything that shows or derives from their times reads.
    public static func placed(_ events: [Event]) -> [Event] {
        var placed = events
        place(&placed)
        return placed
    }

    /// `placed`, reordering the events where they are: each is moved, never copied (a store orders
    /// hundreds of thousands at a time).
    public static func place(_ events: inout [Event]) {
        let order = EventOrder(events)
        // Position k takes the event at order.indices[k]: follow each cycle of the permutation, moving
        // each event once (the first of a cycle waits aside).
        var done = [Bool](repeating: false, count: events.count)
        events.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for start in buffer.indices where !done[start] {
                done[start] = true
                guard order.indices[start] != start else { continue }
                let first = (base + start).move()
                var k = start
                while order.indices[k] != start {
                    (base + k).initialize(to: (base + order.indices[k]).move())
                    k = order.indices[k]
                    done[k] = true
                }
                (base + k).initialize(to: first)
            }
        }
        for k in events.indices { order.clocks.place(&events[k]) }
    }
}

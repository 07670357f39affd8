import ParleyCore
import ParleyReports

/// What `Derive.write` stores for one session, worked out from its events alone, without the database:
/// so a merge can work out the next session on another core while it writes this one.
struct DerivedSession: Sendable {
    var session: String
    /// Every event, placed on the room's time line, in `EventOrder`.
    var events: [Event]
    var state: SessionState
    /// Withdrawn participants: left out of every row.
    var excluded: Set<String>
    var comments: [DerivedComment]
    var counts: DerivedCounts
    /// Each comment's remark (nil for deleted ones), and the remark counts.
    var remarkIDs: [String?]
    var remarks: RemarkRows
    var writers: [WriterSpan]
    /// Each comment's search words as `tsvector` input (nil for deleted ones), for a database that
    /// indexes them itself (`StoreSQL.storesSearchWords`); nil otherwise.
    var words: [String?]?

    /// From `events` already placed and in order, and the state they make. `withdrawnSeqs`: the seq
    /// numbers of each writer's withdrawn events (they count as present). `words`: given where the
    /// comments' search words are stored with them.
    init(session: String, placed events: [Event], state: SessionState, excluded: Set<String>, withdrawnSeqs: [String: [Int]],
         words: SearchWords?) {
        self.session = session
        self.events = events
        self.state = state
        self.excluded = excluded
        comments = DerivedComment.all(in: state, excluding: excluded)
        counts = DerivedCounts(comments)
        var remarkCounts = RemarkCounts()
        remarkIDs = remarkCounts.add(session: session, comments)
        remarks = remarkCounts.rows
        writers = WriterSpan.all(events, withdrawnSeqs: withdrawnSeqs)
        self.words = words.map { words in comments.map { $0.comment.deleted ? nil : words.tsvector($0.comment.text) } }
    }

    /// From the session's events in any order.
    init(session: String, events unordered: consuming [Event], excluded: Set<String>, withdrawnSeqs: [String: [Int]], words: SearchWords?) {
        var events = consume unordered
        EventOrder.place(&events)
        // Applied through the buffer: each event lent to `apply`, not copied for it (an array's subscript
        // copied it, measured: 4% of working out a session).
        var state = SessionState()
        events.withUnsafeBufferPointer { events in
            for index in events.indices { state.apply(events[index]) }
        }
        self.init(session: session, placed: events, state: state, excluded: excluded, withdrawnSeqs: withdrawnSeqs, words: words)
    }
}

/// Per writer, how much of their log the store holds: a gap in a writer's seq numbers means part of
/// their log is missing (withdrawn events count as present).
struct WriterSpan: Sendable {
    var writer: String
    var events: Int
    var firstSeq: Int
    var lastSeq: Int
    var missingSeqs: Int
    var firstAt: String
    var lastAt: String

    /// One per writer of `events`, by writer.
    static func all(_ events: [Event], withdrawnSeqs: [String: [Int]]) -> [WriterSpan] {
        // A session has a few writers: find each event's by looking through them, the last one first.
        var spans: [(writer: String, seqs: [Int], firstAt: String, lastAt: String)] = []
        var last = 0
        for index in events.indices {
            let writer = events[index].writer, at = events[index].at
            if spans.isEmpty || spans[last].writer != writer {
                if let found = spans.firstIndex(where: { $0.writer == writer }) {
                    last = found
                } else {
                    last = spans.count
                    spans.append((writer, [], at, at))
                }
            }
            spans[last].seqs.append(events[index].seq)
            if at < spans[last].firstAt { spans[last].firstAt = at }
            if at > spans[last].lastAt { spans[last].lastAt = at }
        }
        return spans.sorted { $0.writer < $1.writer }.map { span in
            let writer = span.writer
            let sorted = (span.seqs + (withdrawnSeqs[writer] ?? [])).sorted()
            let first = sorted.first ?? 0, last = sorted.last ?? 0
            var present = 0
            for (index, seq) in sorted.enumerated() where seq >= 1 && (index == 0 || sorted[index - 1] != seq) { present += 1 }
            return WriterSpan(writer: writer, events: span.seqs.count, firstSeq: first, lastSeq: last, missingSeqs: max(0, last - present),
                              firstAt: span.firstAt, lastAt: span.lastAt)
        }
    }
}

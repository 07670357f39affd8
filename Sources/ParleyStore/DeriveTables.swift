import Foundation
import GRDB
import ParleyCore
import ParleyReports

/// Writing a session's derived tables, one step per table.
extension Derive {
    /// Clears the session's derived rows and writes them anew. Its comments are numbered from `firstRow`
    /// (above every row the store holds), or on from the store's last row.
    static func write(_ derived: DerivedSession, firstRow: Int64? = nil, db: any StoreSQL, timing: inout Timing) throws {
        let session = derived.session, state = derived.state
        try clear(session: session, db: db)
        timing.mark("clear derived")
        guard !derived.events.isEmpty else { return }
        // A session's comments are numbered consecutively, which search relies on.
        let firstRow = try firstRow ?? (db.int64("SELECT max(n) FROM comments") ?? 0) + 1
        try writePrompts(session: session, workshop: state.workshop, db: db)
        let participants = try writeParticipants(session: session, state: state, excluded: derived.excluded, db: db)
        timing.mark("write prompts, participants")
        let counts = derived.counts.rows
        try writeCounts(groups: counts.groupRows(session: session), tagCounts: counts.tagCountRows(session: session),
                        tagPairs: counts.pairRows(session: session), into: ("comment_groups", "tag_counts", "tag_pairs"), db: db)
        try writeRemarkCounts(derived.remarks, db: db)
        timing.mark("write counts")
        try writeCodes(session: session, codebook: state.workshop?.codebook, counts: derived.counts, firstRow: firstRow, db: db)
        try writeMarkers(session: session, state.markers, db: db)
        try writeRecordings(session: session, state.recordings, db: db)
        try writeWriters(session: session, derived.writers, db: db)
        try writeSession(session: session, events: derived.events, writers: derived.writers, state: state,
                         counts: (writers: derived.writers.count, participants: participants, comments: derived.counts.liveComments), db: db)
        timing.mark("write codes, markers, writers, session")
        // The biggest table last: where the database takes rows in while this goes on (PostgreSQL's COPY),
        // it does so while the merge works out the next session.
        try writeComments(session: session, derived.comments, firstRow: firstRow, remarkIDs: derived.remarkIDs, words: derived.words, db: db)
        timing.mark("write comments")
        try db.indexComments(session: session, add: true)
        timing.mark("write full-text index")
    }

    /// The deck snapshot's prompts, in deck order.
    private static func writePrompts(session: String, workshop: Workshop?, db: any StoreSQL) throws {
        let insert = """
            INSERT INTO prompts (session, prompt_id, position, kind, title, persona_id, persona_name, image, alt, round, minutes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """
        for (position, prompt) in (workshop?.deck.prompts ?? []).enumerated() {
            try db.execute(insert, [session, prompt.id, position + 1, prompt.kind.rawValue, prompt.title, prompt.persona,
                                           workshop?.persona(prompt.persona)?.name, prompt.image, prompt.alt, prompt.round, prompt.minutes])
        }
    }

    /// Participants in order of first appearance, with their table and every attribute; returns how many.
    private static func writeParticipants(session: String, state: SessionState, excluded: Set<String>, db: any StoreSQL) throws -> Int {
        let participants = state.participants.filter { !excluded.contains($0) }
        let insert = """
            INSERT INTO participants (session, participant, position, table_name, attributes) VALUES (?, ?, ?, ?, ?)
            """
        for (position, participant) in participants.enumerated() {
            let attributes = state.participantAttributes[participant] ?? [:]
            try db.execute(insert, [session, participant, position + 1, attributes["table"], canonicalJSON(attributes)])
        }
        return participants.count
    }

    /// Comments as they stand now, numbered from `firstRow`; deleted ones stay, flagged, but leave tags
    /// and search. `words`: each comment's search words, where the database stores them (`StoreSQL.storesSearchWords`).
    private static func writeComments(session: String, _ comments: [DerivedComment], firstRow: Int64, remarkIDs: [String?], words: [String?]?,
                                      db: any StoreSQL) throws {
        var insert = try db.bulkInsertComments(session: session, columns: ["n", "session", "comment_id", "ordinal", "writer", "at", "mono", "prompt_id",
                                                             "participant", "table_name", "round", "text", "tags", "edited", "deleted",
                                                             "remark_id"] + (words == nil ? [] : ["words"]),
                                       total: comments.count)
        for index in comments.indices {
            try insert.bind(1, firstRow + Int64(index)); try insert.bind(2, session)
            try insert.bind(3, comments[index].comment.id); try insert.bind(4, index + 1)
            try insert.bind(5, comments[index].comment.writer); try insert.bind(6, comments[index].comment.at)
            try insert.bind(7, comments[index].comment.mono); try insert.bind(8, comments[index].comment.promptID)
            try insert.bind(9, comments[index].comment.participant); try insert.bind(10, comments[index].table)
            try insert.bind(11, comments[index].round); try insert.bind(12, comments[index].comment.text)
            try insert.bind(13, comments[index].joinedTags); try insert.bind(14, comments[index].comment.edited)
            try insert.bind(15, comments[index].comment.deleted); try insert.bind(16, remarkIDs[index])
            if let words { try insert.bind(17, words[index]) }
            try insert.endRow()
        }
        try insert.finish()
    }

    /// Count rows into their three tables: `comment_groups`, `tag_counts` and `tag_pairs` for comments,
    /// `remark_groups`, `remark_tag_counts` and `remark_tag_pairs` for remarks.
    private static func writeCounts(groups: [CommentGroupRow], tagCounts: [TagCountRow], tagPairs: [TagPairRow],
                                    into tables: (groups: String, tagCounts: String, tagPairs: String), db: any StoreSQL) throws {
        var insertGroup = try db.bulkInsert(tables.groups, columns: ["session", "prompt_id", "participant", "table_name", "round",
                                                                     "comments", "untagged"], total: groups.count)
        for group in groups {
            try insertGroup.bind(1, group.session); try insertGroup.bind(2, group.promptID); try insertGroup.bind(3, group.participant)
            try insertGroup.bind(4, group.table); try insertGroup.bind(5, group.round)
            try insertGroup.bind(6, group.comments); try insertGroup.bind(7, group.untagged)
            try insertGroup.endRow()
        }
        try insertGroup.finish()
        var insertTagCount = try db.bulkInsert(tables.tagCounts, columns: ["session", "dimension", "key", "tag", "comments"],
                                               total: tagCounts.count)
        for count in tagCounts {
            try insertTagCount.bind(1, count.session); try insertTagCount.bind(2, count.dimension)
            try insertTagCount.bind(3, count.key); try insertTagCount.bind(4, count.tag); try insertTagCount.bind(5, count.comments)
            try insertTagCount.endRow()
        }
        try insertTagCount.finish()
        var insertPair = try db.bulkInsert(tables.tagPairs, columns: ["session", "tag", "other_tag", "comments"], total: tagPairs.count)
        for pair in tagPairs {
            try insertPair.bind(1, pair.session); try insertPair.bind(2, pair.tag); try insertPair.bind(3, pair.otherTag)
            try insertPair.bind(4, pair.comments)
            try insertPair.endRow()
        }
        try insertPair.finish()
    }

    /// The remark counts, counted now so a report need not group the comments again: the three count
    /// tables, and `remark_writers` and `remark_sessions`.
    private static func writeRemarkCounts(_ rows: RemarkRows, db: any StoreSQL) throws {
        try writeCounts(groups: rows.groups, tagCounts: rows.tagCounts, tagPairs: rows.tagPairs,
                        into: ("remark_groups", "remark_tag_counts", "remark_tag_pairs"), db: db)
        for writer in rows.writers {
            try db.execute("INSERT INTO remark_writers (session, writer, comments, joined) VALUES (?, ?, ?, ?)",
                           [writer.session, writer.writer, writer.comments, writer.joined])
        }
        for session in rows.sessions {
            try db.execute("INSERT INTO remark_sessions (session, remarks, joined_remarks) VALUES (?, ?, ?)",
                           [session.session, session.remarks, session.joinedRemarks])
        }
    }

    /// The codebook's codes in its order, then emergent tags (used but not in the codebook) A–Z, each with
    /// the session's first live comment carrying it.
    private static func writeCodes(session: String, codebook: Codebook?, counts: DerivedCounts, firstRow: Int64, db: any StoreSQL) throws {
        let firstComment = counts.firstCommentByTag.mapValues { firstRow + Int64($0) }
        let insert = """
            INSERT INTO codes (session, tag, position, label, description, group_id, group_label, hotkey, emergent,
                                         first_comment_n)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """
        var position = 0
        var known: Set<String> = []
        for group in codebook?.groups ?? [] {
            for code in group.codes where known.insert(code.tag).inserted {
                position += 1
                try db.execute(insert, [session, code.tag, position, code.label, code.description, group.id,
                                               group.label, code.key, false, firstComment[code.tag]])
            }
        }
        for tag in counts.rows.usedTags.subtracting(known).sorted() {
            position += 1
            try db.execute(insert, [session, tag, position, tag, "", nil, nil, nil, true, firstComment[tag]])
        }
    }

    /// Markers in time order (thousands in a long session: sent in bulk).
    private static func writeMarkers(session: String, _ markers: [Marker], db: any StoreSQL) throws {
        var insert = try db.bulkInsert("markers", columns: ["session", "ordinal", "at", "writer", "prompt_id", "label"], total: markers.count)
        for (index, marker) in markers.enumerated() {
            try insert.bind(1, session); try insert.bind(2, index + 1); try insert.bind(3, marker.at)
            try insert.bind(4, marker.writer); try insert.bind(5, marker.promptID); try insert.bind(6, marker.label)
            try insert.endRow()
        }
        try insert.finish()
    }

    /// Recordings by start time, numbered from 1.
    private static func writeRecordings(session: String, _ recordings: [Recording], db: any StoreSQL) throws {
        let insert = """
            INSERT INTO recordings (session, ordinal, recording_id, event_id, at, writer, label, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """
        for (index, recording) in recordings.enumerated() {
            try db.execute(insert, [session, index + 1, recording.id, recording.eventID, recording.at, recording.writer,
                                           recording.label, recording.durationMilliseconds])
        }
    }

    private static func writeWriters(session: String, _ writers: [WriterSpan], db: any StoreSQL) throws {
        let insert = """
            INSERT INTO session_writers (session, writer, events, first_seq, last_seq, missing_seqs, first_at, last_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """
        for span in writers {
            try db.execute(insert, [session, span.writer, span.events, span.firstSeq, span.lastSeq, span.missingSeqs, span.firstAt, span.lastAt])
        }
    }

    /// The session's one row: its deck, time span and counts.
    private static func writeSession(session: String, events: [Event], writers: [WriterSpan], state: SessionState,
                                     counts: (writers: Int, participants: Int, comments: Int), db: any StoreSQL) throws {
        let workshop = state.workshop
        let firstAt = events.first!.at
        // The latest of every event's time: each writer's latest is worked out already.
        let lastAt = writers.map(\.lastAt).max()!
        let duration = Int((Timestamp.date(lastAt)!.timeIntervalSince(Timestamp.date(state.startedAt ?? firstAt)!) * 1000).rounded())
        try db.execute("""
            INSERT INTO sessions (id, deck_id, deck_title, deck_sha256, format, rounds, tables, codebook_id, started_at,
                                  last_event_at, ended, duration_ms, events, writers, participants, comments, has_start)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [session, workshop?.deck.id ?? "", workshop?.deck.title ?? "", workshop?.sha256 ?? "",
                             workshop?.deck.format.rawValue ?? DeckFormat.workshop.rawValue, workshop?.deck.rounds,
                             workshop?.deck.tables, workshop?.codebook.id ?? "", state.startedAt ?? firstAt, lastAt,
                             state.sessionEnded, max(0, duration), events.count, counts.writers, counts.participants,
                             counts.comments, workshop != nil])
    }
}

import Foundation
import GRDB
import ParleyCore
import ParleyLog

/// Rebuilds a session's derived tables from its events, by applying them to a `SessionState` in
/// (at, writer, seq, id) order — the same code the capture screen and replay use, so all agree.
enum Derive {
    struct Outcome {
        /// Events removed now because they are about a withdrawn participant.
        var purgedEvents = 0
        /// Comments removed now because their speaker has withdrawn (live, deleted).
        var withdrawnComments = 0
        var withdrawnDeletedComments = 0
    }

    /// Decodes events the store holds (they were validated when merged), on every core.
    static func decodeStored(_ jsons: [String]) -> [Event] {
        var data = Data()
        data.reserveCapacity(jsons.reduce(0) { $0 + $1.utf8.count + 1 })
        for json in jsons {
            data.append(contentsOf: json.utf8)
            data.append(0x0A)
        }
        return LogFile(path: "the store", data: data).decodeAll().compactMap {
            if case .event(let event) = $0 { return event } else { return nil }
        }
    }

    /// Clears and rewrites every derived row of `session` from `events` (all of the session's events,
    /// in any order). Applies the session's tombstones first: events about a withdrawn participant's
    /// comments are deleted from the store and remembered by id only.
    /// What the derived tables hold changes with this code: raise it when a change to `SessionState` or
    /// to `write` would derive something else from the same events. Stores derived by an older version
    /// are rebuilt once when opened for writing (`PRAGMA user_version` keeps the version).
    /// 2: markers belong to their own writer's prompt; the room's prompt follows the facilitator.
    static let version = 2

    /// Rebuilds `session` from the events the store holds.
    static func rebuild(session: String, db: Database) throws -> Outcome {
        let events = decodeStored(try String.fetchAll(db, sql: "SELECT json FROM events WHERE session = ?", arguments: [session]))
        return try rebuild(session: session, events: events, db: db)
    }

    /// Rebuilds every session if the store was derived by an older version of this code.
    static func upgrade(db: Database) throws {
        guard try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 < version else { return }
        for session in try String.fetchAll(db, sql: "SELECT DISTINCT session FROM events") {
            _ = try rebuild(session: session, db: db)
        }
        try db.execute(sql: "PRAGMA user_version = \(version)")
    }

    static func rebuild(session: String, events unordered: [Event], db: Database) throws -> Outcome {
        var timing = Timing()
        return try rebuild(session: session, events: unordered, db: db, timing: &timing)
    }

    static func rebuild(session: String, events unordered: [Event], db: Database, timing: inout Timing) throws -> Outcome {
        var outcome = Outcome()
        var events = EventOrder.sorted(unordered)
        timing.mark("sort")
        var state = SessionState(events: events)
        timing.mark("apply")

        let tombstoned = Set(try String.fetchAll(db, sql: "SELECT participant FROM tombstones WHERE session = ?", arguments: [session]))
        if !tombstoned.isEmpty {
            var withdrawn = Set(try String.fetchAll(db, sql: "SELECT comment_id FROM withdrawn_comments WHERE session = ?",
                                                    arguments: [session]))
            let record = try db.cachedStatement(sql: "INSERT OR IGNORE INTO withdrawn_comments (session, comment_id, participant) VALUES (?, ?, ?)")
            for comment in state.comments {
                guard let speaker = comment.participant, tombstoned.contains(speaker), !withdrawn.contains(comment.id) else { continue }
                withdrawn.insert(comment.id)
                try record.execute(arguments: [session, comment.id, speaker])
                if comment.deleted { outcome.withdrawnDeletedComments += 1 } else { outcome.withdrawnComments += 1 }
            }
            let purged = events.filter { event in
                if let comment = event.body.commentID, withdrawn.contains(comment) { return true }
                if case .participantAdded(let participant, _) = event.body, tombstoned.contains(participant) { return true }
                return false
            }
            if !purged.isEmpty {
                let remember = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO withdrawn_events (id, session, writer, seq, hash_high, hash_low)
                    SELECT id, session, writer, seq, hash_high, hash_low FROM events WHERE id = ?
                    """)
                let delete = try db.cachedStatement(sql: "DELETE FROM events WHERE id = ?")
                for event in purged {
                    try remember.execute(arguments: [event.id])
                    try delete.execute(arguments: [event.id])
                }
                outcome.purgedEvents = purged.count
                let gone = Set(purged.map(\.id))
                events.removeAll { gone.contains($0.id) }
                state = SessionState(events: events)
            }
        }

        try clear(session: session, db: db)
        timing.mark("clear derived")
        guard !events.isEmpty else { return outcome }
        try write(session: session, events: events, state: state, excluded: tombstoned, db: db, timing: &timing)
        timing.mark("write derived")
        return outcome
    }

    static func clear(session: String, db: Database) throws {
        // The full-text index takes its text from `comments`: remove exactly what was added.
        try db.execute(sql: """
            INSERT INTO comments_fts (comments_fts, rowid, text) SELECT 'delete', n, text FROM comments WHERE session = ? AND deleted = 0
            """, arguments: [session])
        try db.execute(sql: "DELETE FROM comment_tags WHERE comment_n IN (SELECT n FROM comments WHERE session = ?)", arguments: [session])
        for (table, column) in Schema.derivedTables.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "DELETE FROM \(table) WHERE \(column) = ?", arguments: [session])
        }
    }

    private static func write(session: String, events: [Event], state: SessionState, excluded: Set<String>, db: Database, timing: inout Timing) throws {
        let workshop = state.workshop
        let prompts = workshop?.deck.prompts ?? []
        let promptByID = Dictionary(prompts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        // Prompts, in deck order.
        let insertPrompt = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO prompts (session, prompt_id, position, kind, title, persona_id, persona_name, image, alt, round, minutes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, prompt) in prompts.enumerated() {
            try insertPrompt.execute(arguments: [session, prompt.id, position + 1, prompt.kind.rawValue, prompt.title,
                                                 prompt.persona, workshop?.persona(prompt.persona)?.name, prompt.image,
                                                 prompt.alt, prompt.round, prompt.minutes])
        }

        // Participants, in order of first appearance.
        let participants = state.participants.filter { !excluded.contains($0) }
        let insertParticipant = try db.cachedStatement(sql: """
            INSERT INTO participants (session, participant, position, table_name, attributes) VALUES (?, ?, ?, ?, ?)
            """)
        for (position, participant) in participants.enumerated() {
            let attributes = state.participantAttributes[participant] ?? [:]
            try insertParticipant.execute(arguments: [session, participant, position + 1, attributes["table"],
                                                      canonicalJSON(attributes)])
        }

        // Comments as they stand now; deleted ones stay (flagged) but leave tags and search.
        var tableOfParticipant: [String: String] = [:]
        for (participant, attributes) in state.participantAttributes { tableOfParticipant[participant] = attributes["table"] }
        struct Pending { var comment: Comment; var tags: [String]; var table: String?; var round: Int? }
        var pending: [Pending] = []
        pending.reserveCapacity(state.comments.count)
        var tagRows = 0
        for comment in state.comments {
            if let speaker = comment.participant, excluded.contains(speaker) { continue }
            var tags: [String] = []
            for tag in comment.tags where !tags.contains(tag) { tags.append(tag) }
            if !comment.deleted { tagRows += tags.count }
            pending.append(Pending(comment: comment, tags: tags,
                                   table: comment.table ?? comment.participant.flatMap { tableOfParticipant[$0] },
                                   round: comment.round ?? promptByID[comment.promptID]?.round))
        }
        timing.mark("write prompts, participants; prepare comments")
        let firstRow = (try Int64.fetchOne(db, sql: "SELECT max(n) FROM comments") ?? 0) + 1
        var insertComment = BatchInsert(db, head: """
            INSERT INTO comments (n, session, comment_id, ordinal, writer, at, mono, prompt_id, participant, table_name, round,
                                  text, tags, edited, deleted) VALUES
            """, columns: 15, total: pending.count)
        for (index, row) in pending.enumerated() {
            let comment = row.comment
            try insertComment.bind(1, firstRow + Int64(index)); try insertComment.bind(2, session)
            try insertComment.bind(3, comment.id); try insertComment.bind(4, index + 1)
            try insertComment.bind(5, comment.writer); try insertComment.bind(6, comment.at); try insertComment.bind(7, comment.mono)
            try insertComment.bind(8, comment.promptID); try insertComment.bind(9, comment.participant)
            try insertComment.bind(10, row.table); try insertComment.bind(11, row.round); try insertComment.bind(12, comment.text)
            try insertComment.bind(13, row.tags.joined(separator: ";")); try insertComment.bind(14, comment.edited)
            try insertComment.bind(15, comment.deleted)
            _ = try insertComment.endRow()
        }
        timing.mark("write comments")
        var insertTag = BatchInsert(db, head: """
            INSERT INTO comment_tags (comment_n, tag, position, session, comment_id) VALUES
            """, columns: 5, total: tagRows)
        var liveComments = 0
        // Counts for reports, keyed by interned strings (prompt, speaker, table, tag) to keep hashing cheap.
        var internIndex: [String: Int] = [:]
        var interned: [String] = []
        func intern(_ text: String?) -> Int {
            guard let text else { return -1 }
            if let index = internIndex[text] { return index }
            internIndex[text] = interned.count
            interned.append(text)
            return interned.count - 1
        }
        struct GroupKey: Hashable { var prompt: Int; var participant: Int; var table: Int; var round: Int? }
        struct PairKey: Hashable { var tag: Int; var other: Int }
        /// A tag counted along one dimension (0 prompt, 1 participant, 2 table, 3 round) for one interned key.
        struct TagKey: Hashable { var dimension: Int; var key: Int; var tag: Int }
        var groupIndex: [GroupKey: Int] = [:]
        var groupKeys: [GroupKey] = []
        var groupCounts: [(comments: Int, untagged: Int)] = []
        var tagCounts: [TagKey: Int] = [:]
        var pairs: [PairKey: Int] = [:]
        var firstComment: [Int: Int64] = [:]
        var tagIDs: [Int] = []
        for (index, row) in pending.enumerated() where !row.comment.deleted {
            liveComments += 1
            let key = GroupKey(prompt: intern(row.comment.promptID), participant: intern(row.comment.participant),
                               table: intern(row.table), round: row.round)
            let group: Int
            if let known = groupIndex[key] { group = known } else {
                group = groupKeys.count
                groupIndex[key] = group
                groupKeys.append(key)
                groupCounts.append((0, 0))
            }
            groupCounts[group].comments += 1
            if row.tags.isEmpty { groupCounts[group].untagged += 1 }
            tagIDs.removeAll(keepingCapacity: true)
            for tag in row.tags { tagIDs.append(intern(tag)) }
            for (position, tag) in tagIDs.enumerated() {
                tagCounts[TagKey(dimension: 0, key: key.prompt, tag: tag), default: 0] += 1
                if key.participant >= 0 { tagCounts[TagKey(dimension: 1, key: key.participant, tag: tag), default: 0] += 1 }
                if key.table >= 0 { tagCounts[TagKey(dimension: 2, key: key.table, tag: tag), default: 0] += 1 }
                if let round = key.round { tagCounts[TagKey(dimension: 3, key: intern(String(round)), tag: tag), default: 0] += 1 }
                if firstComment[tag] == nil { firstComment[tag] = firstRow + Int64(index) }
                for other in tagIDs where interned[other] > interned[tag] { pairs[PairKey(tag: tag, other: other), default: 0] += 1 }
                try insertTag.bind(1, firstRow + Int64(index)); try insertTag.bind(2, interned[tag]); try insertTag.bind(3, position + 1)
                try insertTag.bind(4, session); try insertTag.bind(5, row.comment.id)
                _ = try insertTag.endRow()
            }
        }
        let used = Set(tagCounts.keys.map { interned[$0.tag] })
        timing.mark("write comment tags, count")
        // Written in a fixed order, so two stores built from the same events hold the same rows.
        func text(_ id: Int) -> String? { id < 0 ? nil : interned[id] }
        let groupOrder = groupKeys.indices.sorted { a, b in
            let x = groupKeys[a], y = groupKeys[b]
            return (interned[x.prompt], text(x.participant) ?? "", text(x.table) ?? "", x.round ?? -1)
                < (interned[y.prompt], text(y.participant) ?? "", text(y.table) ?? "", y.round ?? -1)
        }
        var groupRank = [Int](repeating: 0, count: groupKeys.count)
        for (rank, group) in groupOrder.enumerated() { groupRank[group] = rank }
        var insertGroup = BatchInsert(db, head: """
            INSERT INTO comment_groups (session, prompt_id, participant, table_name, round, comments, untagged) VALUES
            """, columns: 7, total: groupKeys.count)
        for group in groupOrder {
            let key = groupKeys[group]
            try insertGroup.bind(1, session); try insertGroup.bind(2, interned[key.prompt]); try insertGroup.bind(3, text(key.participant))
            try insertGroup.bind(4, text(key.table)); try insertGroup.bind(5, key.round)
            try insertGroup.bind(6, groupCounts[group].comments); try insertGroup.bind(7, groupCounts[group].untagged)
            _ = try insertGroup.endRow()
        }
        let dimensions = ["prompt", "participant", "table", "round"]
        var insertTagCount = BatchInsert(db, head: "INSERT INTO tag_counts (session, dimension, key, tag, comments) VALUES",
                                         columns: 5, total: tagCounts.count)
        for (key, count) in tagCounts.sorted(by: { a, b in
            (a.key.dimension, interned[a.key.key], interned[a.key.tag]) < (b.key.dimension, interned[b.key.key], interned[b.key.tag])
        }) {
            try insertTagCount.bind(1, session); try insertTagCount.bind(2, dimensions[key.dimension])
            try insertTagCount.bind(3, interned[key.key]); try insertTagCount.bind(4, interned[key.tag]); try insertTagCount.bind(5, count)
            _ = try insertTagCount.endRow()
        }
        var insertPair = BatchInsert(db, head: "INSERT INTO tag_pairs (session, tag, other_tag, comments) VALUES", columns: 4,
                                     total: pairs.count)
        for (key, count) in pairs.sorted(by: { (interned[$0.key.tag], interned[$0.key.other]) < (interned[$1.key.tag], interned[$1.key.other]) }) {
            try insertPair.bind(1, session); try insertPair.bind(2, interned[key.tag]); try insertPair.bind(3, interned[key.other])
            try insertPair.bind(4, count)
            _ = try insertPair.endRow()
        }
        let firstCommentByTag = Dictionary(uniqueKeysWithValues: firstComment.map { (interned[$0.key], $0.value) })

        timing.mark("write counts")
        // The full-text index, in one statement (SQLite's loop, not ours).
        try db.execute(sql: "INSERT INTO comments_fts (rowid, text) SELECT n, text FROM comments WHERE session = ? AND deleted = 0",
                       arguments: [session])
        timing.mark("write full-text index")
        // Codes: the codebook's, in its order, then emergent tags (used but not in the codebook), A–Z.
        let insertCode = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO codes (session, tag, position, label, description, group_id, group_label, hotkey, emergent,
                                         first_comment_n)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var position = 0
        var known: Set<String> = []
        for group in workshop?.codebook.groups ?? [] {
            for code in group.codes where !known.contains(code.tag) {
                position += 1
                known.insert(code.tag)
                try insertCode.execute(arguments: [session, code.tag, position, code.label, code.description, group.id,
                                                   group.label, code.key, false, firstCommentByTag[code.tag]])
            }
        }
        for tag in used.subtracting(known).sorted() {
            position += 1
            try insertCode.execute(arguments: [session, tag, position, tag, "", nil, nil, nil, true, firstCommentByTag[tag]])
        }

        let insertMarker = try db.cachedStatement(sql: "INSERT INTO markers (session, ordinal, at, writer, prompt_id, label) VALUES (?, ?, ?, ?, ?, ?)")
        for (index, marker) in state.markers.enumerated() {
            try insertMarker.execute(arguments: [session, index + 1, marker.at, marker.writer, marker.promptID, marker.label])
        }

        timing.mark("write codes, markers")
        // Writers: how much of each one's log the store holds. A gap in a writer's seq numbers means
        // part of their log is missing (withdrawn events count as present).
        var writerSeqs: [String: [Int]] = [:]
        var writerFirst: [String: String] = [:]
        var writerLast: [String: String] = [:]
        for event in events {
            writerSeqs[event.writer, default: []].append(event.seq)
            if writerFirst[event.writer].map({ event.at < $0 }) ?? true { writerFirst[event.writer] = event.at }
            if writerLast[event.writer].map({ event.at > $0 }) ?? true { writerLast[event.writer] = event.at }
        }
        let writerEvents = writerSeqs.mapValues(\.count)
        for row in try Row.fetchAll(db, sql: "SELECT writer, seq FROM withdrawn_events WHERE session = ?", arguments: [session]) {
            let writer: String = row[0]
            if writerSeqs[writer] != nil { writerSeqs[writer]!.append(row[1]) }
        }
        let insertWriter = try db.cachedStatement(sql: """
            INSERT INTO session_writers (session, writer, events, first_seq, last_seq, missing_seqs, first_at, last_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for writer in writerEvents.keys.sorted() {
            var seqs = writerSeqs[writer]!
            seqs.sort()
            let first = seqs.first ?? 0, last = seqs.last ?? 0
            var present = 0
            for (index, seq) in seqs.enumerated() where seq >= 1 && (index == 0 || seqs[index - 1] != seq) { present += 1 }
            let missing = max(0, last - present)
            try insertWriter.execute(arguments: [session, writer, writerEvents[writer]!, first, last, missing,
                                                 writerFirst[writer]!, writerLast[writer]!])
        }

        timing.mark("write writers")
        let firstAt = events.first!.at
        let lastAt = events.map(\.at).max()!
        let duration = Int((Timestamp.date(lastAt)!.timeIntervalSince(Timestamp.date(state.startedAt ?? firstAt)!) * 1000).rounded())
        try db.execute(sql: """
            INSERT INTO sessions (id, deck_id, deck_title, deck_sha256, format, rounds, tables, codebook_id, started_at,
                                  last_event_at, ended, duration_ms, events, writers, participants, comments, has_start)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [session, workshop?.deck.id ?? "", workshop?.deck.title ?? "", workshop?.sha256 ?? "",
                             workshop?.deck.format.rawValue ?? DeckFormat.workshop.rawValue, workshop?.deck.rounds,
                             workshop?.deck.tables, workshop?.codebook.id ?? "", state.startedAt ?? firstAt, lastAt,
                             state.ended, max(0, duration), events.count, writerEvents.count, participants.count,
                             liveComments, workshop != nil])
    }

    static func canonicalJSON(_ attributes: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(attributes), as: UTF8.self)) ?? "{}"
    }
}

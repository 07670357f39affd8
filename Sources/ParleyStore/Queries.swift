import Foundation
import GRDB
import ParleyCore

/// One line of `parley sessions`.
public struct SessionSummary: Sendable, Equatable {
    public var id: String
    public var deckID: String
    public var deckTitle: String
    public var format: String
    public var startedAt: String
    public var lastEventAt: String
    public var durationMilliseconds: Int
    public var ended: Bool
    public var events: Int
    public var writers: [String]
    /// Writers whose logs have gaps in their sequence numbers, and how many events are missing.
    public var missing: [String: Int]
    public var participants: Int
    public var comments: Int
    public var withdrawn: [String]
}

/// One comment as exported: the columns of docs/export-columns.md.
public struct CommentRecord: Sendable, Equatable, Codable {
    public var commentID: String
    public var sessionID: String
    public var deckID: String
    public var writer: String
    public var at: String
    public var promptID: String
    public var promptPosition: Int?
    public var promptTitle: String
    public var promptKind: String
    public var personaID: String?
    public var personaName: String?
    public var screen: String?
    public var participant: String?
    public var table: String?
    public var round: Int?
    public var text: String
    public var tags: [String]
    public var edited: Bool

    enum CodingKeys: String, CodingKey {
        case commentID = "comment_id", sessionID = "session_id", deckID = "deck_id", writer, at, promptID = "prompt_id"
        case promptPosition = "prompt_position", promptTitle = "prompt_title", promptKind = "prompt_kind"
        case personaID = "persona_id", personaName = "persona_name", screen, participant, table, round, text, tags, edited
    }
}

/// A code as the store knows it for one session.
public struct CodeInfo: Sendable, Equatable {
    public var tag: String
    public var label: String
    public var description: String
    public var groupID: String?
    public var groupLabel: String?
    public var emergent: Bool
}

/// One search result.
public struct SearchHit: Sendable, Equatable {
    public var sessionID: String
    public var commentID: String
    public var at: String
    public var promptID: String
    public var promptTitle: String
    public var participant: String?
    public var writer: String
    public var tags: [String]
    /// The comment's text with each matched word between `\u{1}` and `\u{2}`.
    public var marked: String

    /// The text with matches shown by `open` and `close` (e.g. bold on a terminal, brackets elsewhere).
    public func highlighted(open: String, close: String) -> String {
        marked.replacingOccurrences(of: "\u{1}", with: open).replacingOccurrences(of: "\u{2}", with: close)
    }
}

public struct SearchResult: Sendable {
    public var hits: [SearchHit]
    /// Matches in total (hits holds at most the limit).
    public var total: Int
}

public struct SearchFilter: Sendable {
    public var sessions: [String]?
    public var tag: String?
    public var participant: String?
    public var prompt: String?
    public var limit: Int
    public init(sessions: [String]? = nil, tag: String? = nil, participant: String? = nil, prompt: String? = nil, limit: Int = 100) {
        self.sessions = sessions; self.tag = tag; self.participant = participant; self.prompt = prompt; self.limit = limit
    }
}

public struct WithdrawOutcome: Sendable, Equatable {
    public var session: String
    public var participant: String
    public var commentsRemoved: Int
    public var deletedCommentsRemoved: Int
    public var eventsRemoved: Int
    public var alreadyWithdrawn: Bool
}

/// Which sessions a query covers: the given ones (ids or unique prefixes), or all.
public struct Scope: Sendable {
    public var sessions: [String]?
    public var deck: String?
    public init(sessions: [String]? = nil, deck: String? = nil) { self.sessions = sessions; self.deck = deck }
    public static let all = Scope()
}

extension Store {
    /// Full session ids in scope, in (started_at, id) order.
    func sessionIDs(_ scope: Scope, db: Database) throws -> [String] {
        var ids = try String.fetchAll(db, sql: "SELECT id FROM sessions ORDER BY started_at, id")
        if let wanted = scope.sessions, !wanted.isEmpty {
            let resolved = Set(try wanted.map { try Self.resolveSession($0, db: db) })
            ids = ids.filter { resolved.contains($0) }
        }
        if let deck = scope.deck {
            let matching = Set(try String.fetchAll(db, sql: "SELECT id FROM sessions WHERE deck_id = ?", arguments: [deck]))
            if matching.isEmpty {
                let decks = try String.fetchAll(db, sql: "SELECT DISTINCT deck_id FROM sessions ORDER BY deck_id")
                throw UserError("no session of deck \"\(deck)\" in the store; decks are: \(decks.joined(separator: ", "))")
            }
            ids = ids.filter { matching.contains($0) }
        }
        return ids
    }

    static func jsonArray(_ values: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }

    public func sessions() throws -> [SessionSummary] {
        try read { db in
            var writers: [String: [String]] = [:]
            var missing: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT session, writer, missing_seqs FROM session_writers ORDER BY session, writer") {
                let session: String = row[0], writer: String = row[1], gap: Int = row[2]
                writers[session, default: []].append(writer)
                if gap > 0 { missing[session, default: [:]][writer] = gap }
            }
            var withdrawn: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT session, participant FROM tombstones ORDER BY session, participant") {
                withdrawn[row[0], default: []].append(row[1])
            }
            return try Row.fetchAll(db, sql: """
                SELECT id, deck_id, deck_title, format, started_at, last_event_at, duration_ms, ended, events, participants, comments
                FROM sessions ORDER BY started_at, id
                """).map { row in
                let id: String = row[0]
                return SessionSummary(id: id, deckID: row[1], deckTitle: row[2], format: row[3], startedAt: row[4],
                                      lastEventAt: row[5], durationMilliseconds: row[6], ended: row[7], events: row[8],
                                      writers: writers[id] ?? [], missing: missing[id] ?? [:], participants: row[9],
                                      comments: row[10], withdrawn: withdrawn[id] ?? [])
            }
        }
    }

    /// Calls `body` with each live comment's row in scope, in (session start, session id, comment order) order.
    /// Columns: the export columns 0–17 (comment_id … edited) of docs/export-columns.md.
    func visitComments(_ scope: Scope, _ body: (RawRows) throws -> Void) throws {
        try read { db in
            for session in try sessionIDs(scope, db: db) {
                let rows = try RawRows(db, sql: """
                    SELECT c.comment_id, c.session, s.deck_id, c.writer, c.at, c.prompt_id, p.position, p.title, p.kind,
                           p.persona_id, p.persona_name, p.image, c.participant, c.table_name, c.round, c.text, c.tags, c.edited
                    FROM comments c
                    JOIN sessions s ON s.id = c.session
                    LEFT JOIN prompts p ON p.session = c.session AND p.prompt_id = c.prompt_id
                    WHERE c.session = ? AND c.deleted = 0
                    ORDER BY c.ordinal
                    """, arguments: [session])
                while try rows.next() { try body(rows) }
            }
        }
    }

    /// Every live comment in scope, in (session start, session id, comment order) order.
    public func comments(_ scope: Scope = .all) throws -> [CommentRecord] {
        var records: [CommentRecord] = []
        try visitComments(scope) { rows in
            let tags = rows.text(16)
            records.append(CommentRecord(
                commentID: rows.text(0), sessionID: rows.text(1), deckID: rows.text(2), writer: rows.text(3), at: rows.text(4),
                promptID: rows.text(5), promptPosition: rows.optionalInt(6), promptTitle: rows.text(7), promptKind: rows.text(8),
                personaID: rows.optionalText(9), personaName: rows.optionalText(10), screen: rows.optionalText(11),
                participant: rows.optionalText(12), table: rows.optionalText(13), round: rows.optionalInt(14), text: rows.text(15),
                tags: tags.isEmpty ? [] : tags.split(separator: ";").map(String.init), edited: rows.bool(17)))
        }
        return records
    }

    /// Codes per session: `[session: [tag: CodeInfo]]`.
    public func codes(_ scope: Scope = .all) throws -> [String: [String: CodeInfo]] {
        try read { db in
            let ids = try sessionIDs(scope, db: db)
            var result: [String: [String: CodeInfo]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT session, tag, label, description, group_id, group_label, emergent FROM codes
                WHERE session IN (SELECT value FROM json_each(?)) ORDER BY session, position
                """, arguments: [Self.jsonArray(ids)]) {
                let session: String = row[0]
                let info = CodeInfo(tag: row[1], label: row[2], description: row[3], groupID: row[4], groupLabel: row[5], emergent: row[6])
                result[session, default: [:]][info.tag] = info
            }
            return result
        }
    }

    /// Full-text search over live comments. Words are matched whole (a trailing `*` matches a prefix),
    /// ignoring case and accents; every word must occur. Results in session and time order.
    public func search(_ text: String, filter: SearchFilter = SearchFilter()) throws -> SearchResult {
        let query = try Self.ftsQuery(text)
        return try read { db in
            // A session's comments have consecutive row numbers in session order (see Derive), so the
            // index can be walked session by session in rowid order and stop at the limit.
            var conditions: [String] = []
            var extra: [any DatabaseValueConvertible] = []
            if let tag = filter.tag {
                conditions.append("EXISTS (SELECT 1 FROM comment_tags t WHERE t.comment_n = c.n AND t.tag = ?)")
                extra.append(tag.hasPrefix("#") ? String(tag.dropFirst()).lowercased() : tag.lowercased())
            }
            if let participant = filter.participant {
                conditions.append("c.participant = ? COLLATE NOCASE")
                extra.append(participant)
            }
            if let prompt = filter.prompt {
                conditions.append("c.prompt_id = ?")
                extra.append(prompt)
            }
            let filters = conditions.map { " AND " + $0 }.joined()
            var hits: [SearchHit] = []
            var total = 0
            do {
                for session in try sessionIDs(Scope(sessions: filter.sessions), db: db) {
                    guard let low = try Int64.fetchOne(db, sql: "SELECT n FROM comments WHERE session = ? ORDER BY ordinal LIMIT 1", arguments: [session]),
                          let high = try Int64.fetchOne(db, sql: "SELECT n FROM comments WHERE session = ? ORDER BY ordinal DESC LIMIT 1", arguments: [session])
                    else { continue }
                    let range: [any DatabaseValueConvertible] = [query, low, high]
                    if conditions.isEmpty {
                        total += try Int.fetchOne(db, sql: """
                            SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ? AND rowid BETWEEN ? AND ?
                            """, arguments: StatementArguments(range)) ?? 0
                    } else {
                        total += try Int.fetchOne(db, sql: """
                            SELECT count(*) FROM comments_fts JOIN comments c ON c.n = comments_fts.rowid
                            WHERE comments_fts MATCH ? AND comments_fts.rowid BETWEEN ? AND ?\(filters)
                            """, arguments: StatementArguments(range + extra)) ?? 0
                    }
                    let wanted = max(0, filter.limit) - hits.count
                    guard wanted > 0 else { continue }
                    hits += try Row.fetchAll(db, sql: """
                        SELECT c.session, c.comment_id, c.at, c.prompt_id, p.title, c.participant, c.writer, c.tags,
                               highlight(comments_fts, 0, char(1), char(2))
                        FROM comments_fts JOIN comments c ON c.n = comments_fts.rowid
                        LEFT JOIN prompts p ON p.session = c.session AND p.prompt_id = c.prompt_id
                        WHERE comments_fts MATCH ? AND comments_fts.rowid BETWEEN ? AND ?\(filters)
                        ORDER BY comments_fts.rowid LIMIT ?
                        """, arguments: StatementArguments(range + extra + [wanted])).map { row in
                        let tags: String = row[7]
                        return SearchHit(sessionID: row[0], commentID: row[1], at: row[2], promptID: row[3], promptTitle: row[4] ?? "",
                                         participant: row[5], writer: row[6],
                                         tags: tags.isEmpty ? [] : tags.split(separator: ";").map(String.init), marked: row[8])
                    }
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                throw UserError("cannot search for \"\(text)\": \(error.message ?? "bad query")")
            }
            return SearchResult(hits: hits, total: total)
        }
    }

    /// Turns what a researcher types into an FTS5 query: every word quoted (so punctuation and FTS
    /// syntax are plain text), a trailing `*` kept as a prefix match, words ANDed. A word is also
    /// looked for in its spellings with ł, ø and đ, which the tokenizer does not fold (they are
    /// letters of their own, not letters with accents): `lodz` finds "Łódź", `łódź` finds "Lodz".
    static func ftsQuery(_ text: String) throws -> String {
        var terms: [String] = []
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            var token = String(word)
            let prefix = token.hasSuffix("*")
            token = token.replacingOccurrences(of: "*", with: "")
            guard token.unicodeScalars.contains(where: { CharacterSet.alphanumerics.contains($0) }) else { continue }
            let phrases = spellings(of: token).map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? "*" : "") }
            terms.append(phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")")
        }
        guard !terms.isEmpty else { throw UserError("nothing to search for in \"\(text)\"; give at least one word") }
        return terms.joined(separator: " AND ")
    }

    /// Letters the tokenizer keeps apart from their look-alikes, and those look-alikes.
    static let strokeLetters: [Character: Character] = ["l": "ł", "o": "ø", "d": "đ"]

    /// `word` lower-cased with ł, ø, đ written plainly, then every way of writing up to six of its
    /// l, o, d with the stroke (at most 64 spellings; later letters are left as typed).
    static func spellings(of word: String) -> [String] {
        let plainOf = Dictionary(uniqueKeysWithValues: strokeLetters.map { ($1, $0) })
        let plain = word.lowercased().map { plainOf[$0] ?? $0 }
        var spellings = [""]
        var expanded = 0
        for character in plain {
            if let stroke = strokeLetters[character], expanded < 6 {
                expanded += 1
                spellings = spellings.flatMap { [$0 + String(character), $0 + String(stroke)] }
            } else {
                spellings = spellings.map { $0 + String(character) }
            }
        }
        return spellings
    }

    /// Removes a participant's comments from the store and everything derived from it, and records a
    /// tombstone so that merging the same logs again keeps them out. Their raw events are deleted too;
    /// only the events' ids stay, to recognise them. See docs/store.md.
    public func withdraw(session: String, participant: String) throws -> WithdrawOutcome {
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        defer { try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = OFF") } }
        return try write { db in
            let id = try Self.resolveSession(session, db: db)
            let known = try String.fetchAll(db, sql: """
                SELECT participant FROM participants WHERE session = ?
                UNION SELECT participant FROM comments WHERE session = ? AND participant IS NOT NULL
                UNION SELECT participant FROM tombstones WHERE session = ?
                ORDER BY 1
                """, arguments: [id, id, id])
            let name = known.first { $0 == participant } ?? known.first { $0.lowercased() == participant.lowercased() }
            guard let name else {
                let list = known.isEmpty ? "none" : known.joined(separator: ", ")
                throw UserError("no participant \"\(participant)\" in session \(id); its participants are: \(list)")
            }
            var outcome = WithdrawOutcome(session: id, participant: name, commentsRemoved: 0, deletedCommentsRemoved: 0,
                                          eventsRemoved: 0, alreadyWithdrawn: false)
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tombstones WHERE session = ? AND participant = ?)",
                                 arguments: [id, name]) ?? false {
                outcome.alreadyWithdrawn = true
                return outcome
            }
            try db.execute(sql: "INSERT INTO tombstones (session, participant, withdrawn_at) VALUES (?, ?, ?)",
                           arguments: [id, name, Timestamp.string(clock.now())])
            let result = try Derive.rebuild(session: id, db: db)
            outcome.commentsRemoved = result.withdrawnComments
            outcome.deletedCommentsRemoved = result.withdrawnDeletedComments
            outcome.eventsRemoved = result.purgedEvents
            // Merge the full-text index's segments so no trace of the removed text stays in them.
            try db.execute(sql: "INSERT INTO comments_fts (comments_fts) VALUES ('optimize')")
            return outcome
        }
    }
}

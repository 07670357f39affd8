import Crypto
import Foundation
import ParleyCore

/// The store's tables in PostgreSQL: the same tables and columns as `Schema` (SQLite), under the same
/// migration names, in PostgreSQL's types. Text compares byte by byte (`COLLATE "C"`), as in SQLite,
/// so every ORDER BY sorts alike in both; integers are `bigint`, flags integers, as in SQLite.
/// Migrations are only ever appended, and each runs once, in the writers' transaction: its SQL, then
/// what it does in Swift (moving rows into a new layout), the same code as SQLite's migration runs.
enum PostgresSchema {
    struct Migration: Sendable {
        var name: String
        var sql: String
        var then: (@Sendable (any StoreSQL) throws -> Void)? = nil
    }

    static let migrations: [Migration] = [
        Migration(name: "v1: events, tombstones, derived tables, full-text search", sql: """
        CREATE TABLE events (
            n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text COLLATE "C" NOT NULL UNIQUE,
            session text COLLATE "C" NOT NULL,
            writer text COLLATE "C" NOT NULL,
            seq bigint NOT NULL,
            at text COLLATE "C" NOT NULL,
            type text COLLATE "C" NOT NULL,
            hash_high bigint NOT NULL,
            hash_low bigint NOT NULL,
            json text NOT NULL
        );
        CREATE INDEX events_by_session ON events (session);
        CREATE TABLE line_hashes (
            n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            hashes bytea NOT NULL
        );
        CREATE TABLE tombstones (
            session text COLLATE "C" NOT NULL,
            participant text COLLATE "C" NOT NULL,
            withdrawn_at text COLLATE "C" NOT NULL,
            PRIMARY KEY (session, participant)
        );
        CREATE TABLE withdrawn_events (
            id text COLLATE "C" PRIMARY KEY,
            session text COLLATE "C" NOT NULL,
            writer text COLLATE "C" NOT NULL,
            seq bigint NOT NULL,
            hash_high bigint NOT NULL,
            hash_low bigint NOT NULL
        );
        CREATE TABLE withdrawn_comments (
            session text COLLATE "C" NOT NULL,
            comment_id text COLLATE "C" NOT NULL,
            participant text COLLATE "C",
            PRIMARY KEY (session, comment_id)
        );
        CREATE TABLE sessions (
            id text COLLATE "C" PRIMARY KEY,
            deck_id text COLLATE "C" NOT NULL,
            deck_title text COLLATE "C" NOT NULL,
            deck_sha256 text COLLATE "C" NOT NULL,
            format text COLLATE "C" NOT NULL,
            rounds bigint,
            tables bigint,
            codebook_id text COLLATE "C" NOT NULL,
            started_at text COLLATE "C" NOT NULL,
            last_event_at text COLLATE "C" NOT NULL,
            ended bigint NOT NULL,
            duration_ms bigint NOT NULL,
            events bigint NOT NULL,
            writers bigint NOT NULL,
            participants bigint NOT NULL,
            comments bigint NOT NULL,
            has_start bigint NOT NULL
        );
        CREATE TABLE session_writers (
            session text COLLATE "C" NOT NULL,
            writer text COLLATE "C" NOT NULL,
            events bigint NOT NULL,
            first_seq bigint NOT NULL,
            last_seq bigint NOT NULL,
            missing_seqs bigint NOT NULL,
            first_at text COLLATE "C" NOT NULL,
            last_at text COLLATE "C" NOT NULL,
            PRIMARY KEY (session, writer)
        );
        CREATE TABLE prompts (
            session text COLLATE "C" NOT NULL,
            prompt_id text COLLATE "C" NOT NULL,
            position bigint NOT NULL,
            kind text COLLATE "C" NOT NULL,
            title text COLLATE "C" NOT NULL,
            persona_id text COLLATE "C",
            persona_name text COLLATE "C",
            image text COLLATE "C",
            alt text COLLATE "C",
            round bigint,
            minutes bigint,
            PRIMARY KEY (session, prompt_id)
        );
        CREATE TABLE participants (
            session text COLLATE "C" NOT NULL,
            participant text COLLATE "C" NOT NULL,
            position bigint NOT NULL,
            table_name text COLLATE "C",
            attributes text COLLATE "C" NOT NULL,
            PRIMARY KEY (session, participant)
        );
        CREATE TABLE comments (
            n bigint PRIMARY KEY,
            session text COLLATE "C" NOT NULL,
            comment_id text COLLATE "C" NOT NULL,
            ordinal bigint NOT NULL,
            writer text COLLATE "C" NOT NULL,
            at text COLLATE "C" NOT NULL,
            mono bigint NOT NULL,
            prompt_id text COLLATE "C" NOT NULL,
            participant text COLLATE "C",
            table_name text COLLATE "C",
            round bigint,
            text text COLLATE "C" NOT NULL,
            tags text COLLATE "C" NOT NULL,
            edited bigint NOT NULL,
            deleted bigint NOT NULL
        );
        CREATE INDEX comments_by_session_ordinal ON comments (session, ordinal);
        CREATE TABLE comment_tags (
            comment_n bigint NOT NULL,
            tag text COLLATE "C" NOT NULL,
            position bigint NOT NULL,
            session text COLLATE "C" NOT NULL,
            comment_id text COLLATE "C" NOT NULL,
            PRIMARY KEY (comment_n, tag)
        );
        CREATE TABLE comment_groups (
            session text COLLATE "C" NOT NULL,
            prompt_id text COLLATE "C" NOT NULL,
            participant text COLLATE "C",
            table_name text COLLATE "C",
            round bigint,
            comments bigint NOT NULL,
            untagged bigint NOT NULL
        );
        CREATE INDEX comment_groups_by_session ON comment_groups (session);
        CREATE TABLE tag_counts (
            session text COLLATE "C" NOT NULL,
            dimension text COLLATE "C" NOT NULL,
            key text COLLATE "C" NOT NULL,
            tag text COLLATE "C" NOT NULL,
            comments bigint NOT NULL,
            PRIMARY KEY (session, dimension, key, tag)
        );
        CREATE TABLE tag_pairs (
            session text COLLATE "C" NOT NULL,
            tag text COLLATE "C" NOT NULL,
            other_tag text COLLATE "C" NOT NULL,
            comments bigint NOT NULL,
            PRIMARY KEY (session, tag, other_tag)
        );
        CREATE TABLE codes (
            session text COLLATE "C" NOT NULL,
            tag text COLLATE "C" NOT NULL,
            position bigint NOT NULL,
            label text COLLATE "C" NOT NULL,
            description text COLLATE "C" NOT NULL,
            group_id text COLLATE "C",
            group_label text COLLATE "C",
            hotkey text COLLATE "C",
            emergent bigint NOT NULL,
            first_comment_n bigint,
            PRIMARY KEY (session, tag)
        );
        CREATE TABLE markers (
            session text COLLATE "C" NOT NULL,
            ordinal bigint NOT NULL,
            at text COLLATE "C" NOT NULL,
            writer text COLLATE "C" NOT NULL,
            prompt_id text COLLATE "C",
            label text COLLATE "C" NOT NULL,
            PRIMARY KEY (session, ordinal)
        );
        """),
        Migration(name: "v2: recordings", sql: """
        CREATE TABLE recordings (
            session text COLLATE "C" NOT NULL,
            ordinal bigint NOT NULL,
            recording_id text COLLATE "C" NOT NULL,
            event_id text COLLATE "C" NOT NULL,
            at text COLLATE "C" NOT NULL,
            writer text COLLATE "C" NOT NULL,
            label text COLLATE "C",
            duration_ms bigint,
            PRIMARY KEY (session, ordinal)
        );
        """),
        // The same text as SQLite's v3; text columns sort byte by byte as the others do.
        Migration(name: "v3: remarks counted when derived", sql: Schema.remarkTables.replacingOccurrences(of: " TEXT", with: " text COLLATE \"C\"")),
        Migration(name: "v4: events packed in chunks, no comment_tags, search index without sizes", sql: """
        CREATE TABLE event_chunks (
            n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            session text COLLATE "C" NOT NULL,
            count bigint NOT NULL,
            ids bytea NOT NULL,
            types bytea NOT NULL,
            lines bytea NOT NULL
        );
        -- Kept as they are, out of line: compressing a MiB of lines costs more time than the space is worth.
        ALTER TABLE event_chunks ALTER COLUMN lines SET STORAGE EXTERNAL;
        CREATE INDEX event_chunks_by_session ON event_chunks (session);
        DROP TABLE comment_tags;
        """, then: EventChunks.moveEventsTable),
        // The words are SQLite's tokenizer's (SearchWords), written with each comment: the same words as a
        // SQLite store's, and the server indexes them without parsing the text. Each session's comments
        // are a partition of their own, so a new session's indexes are built in one go after its rows are
        // in (`parley_place_comments`), much faster than row by row into one big index.
        Migration(name: "v5: search words from SQLite's tokenizer, comments partitioned by session", sql: """
        DROP INDEX IF EXISTS comments_search;
        DROP TEXT SEARCH CONFIGURATION IF EXISTS parley;
        DROP INDEX comments_by_session_ordinal;
        ALTER TABLE comments RENAME TO comments_before_v5;
        CREATE TABLE comments (LIKE comments_before_v5 INCLUDING DEFAULTS, words tsvector) PARTITION BY LIST (session);
        ALTER TABLE comments ADD PRIMARY KEY (n, session);
        CREATE INDEX comments_by_session_ordinal ON comments (session, ordinal);
        CREATE INDEX comments_search ON comments USING gin (words) WHERE deleted = 0;
        -- Raw lines compressed with lz4 where the server has it: half the space and the WAL, in the same
        -- merge time (measured; pglz, v4's reason to store them plain, costs several times more). A server
        -- built without lz4, or older than PostgreSQL 14 (no SET COMPRESSION), keeps them plain.
        DO $body$
        BEGIN
            EXECUTE 'ALTER TABLE event_chunks ALTER COLUMN lines SET STORAGE EXTENDED, ALTER COLUMN lines SET COMPRESSION lz4';
        EXCEPTION WHEN feature_not_supported OR syntax_error THEN NULL;
        END
        $body$;
        CREATE FUNCTION parley_place_comments(written text, part text, session text) RETURNS void LANGUAGE plpgsql AS $body$
        BEGIN
            IF to_regclass(part) IS NULL THEN
                EXECUTE format('ALTER TABLE %I RENAME TO %I', written, part);
                EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (n, session)', part);
                EXECUTE format('CREATE INDEX ON %I (session, ordinal)', part);
                EXECUTE format('CREATE INDEX ON %I USING gin (words) WHERE deleted = 0', part);
                EXECUTE format('ALTER TABLE comments ATTACH PARTITION %I FOR VALUES IN (%L)', part, session);
            ELSE
                EXECUTE format('INSERT INTO %I SELECT * FROM %I', part, written);
                EXECUTE format('DROP TABLE %I', written);
            END IF;
        END
        $body$;
        """, then: { db in
            try Derive.rebuildEverySession(db)
            try db.execute("DROP TABLE comments_before_v5")
        }),
    ]

    /// The partition holding `session`'s comments, and the table they are written to first: names made
    /// of a digest of the session's id, which can be anything a log says.
    static func commentTables(session: String) -> (part: String, written: String) {
        let part = "comments_" + SHA256.hash(data: Data(session.utf8)).hex.prefix(32)
        return (part, part + "_written")
    }

    /// Every table a Parley store has, with its bookkeeping.
    static let tables = ["event_chunks", "line_hashes", "tombstones", "withdrawn_events", "withdrawn_comments", "sessions",
                         "session_writers", "prompts", "participants", "comments", "comment_groups",
                         "tag_counts", "tag_pairs", "codes", "markers", "recordings", "remark_groups", "remark_tag_counts", "remark_tag_pairs",
                         "remark_writers", "remark_sessions", "parley_migrations", "parley_meta"]

    /// A store with every migration and derived by this version of Parley: nothing to do on opening it.
    static func isCurrent(_ db: any StoreSQL) throws -> Bool {
        guard try db.string("SELECT to_regclass('parley_migrations')::text") != nil else { return false }
        return try Set(db.strings("SELECT name FROM parley_migrations")) == Set(migrations.map(\.name))
            && db.derivedVersion() >= Derive.version
    }

    /// Applies the migrations this store lacks, in order; returns their names if the store had some
    /// already (a new store's are not news). A store migrated by a
    /// newer Parley (a migration this one does not know) is refused.
    /// `through`: stop after this migration (tests make an older store so).
    static func migrate(_ db: any StoreSQL, through last: String? = nil) throws -> [String] {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS parley_migrations (name text COLLATE "C" PRIMARY KEY, applied_at text NOT NULL);
            CREATE TABLE IF NOT EXISTS parley_meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL)
            """)
        let applied = Set(try db.strings("SELECT name FROM parley_migrations"))
        let known = Set(migrations.map(\.name))
        if let unknown = applied.subtracting(known).sorted().first {
            throw UserError("the store was written by a newer Parley (migration \"\(unknown)\"); update Parley to use it")
        }
        var ran: [String] = []
        let wanted = last.flatMap { name in migrations.firstIndex { $0.name == name } }.map { migrations.prefix(through: $0) } ?? migrations[...]
        for migration in wanted where !applied.contains(migration.name) {
            try db.execute(migration.sql)
            try migration.then?(db)
            try db.execute("INSERT INTO parley_migrations (name, applied_at) VALUES (?, ?)",
                           [migration.name, Timestamp.string(SystemClock().now())])
            ran.append(migration.name)
        }
        return applied.isEmpty ? [] : ran
    }
}

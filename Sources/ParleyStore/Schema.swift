import GRDB

/// The store's tables. Migrations are versioned and only ever appended: never edit a registered one.
/// docs/store.md describes every table.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: events, tombstones, derived tables, full-text search") { db in
            try db.execute(sql: """
            -- The source of truth: every merged event, its raw JSON line, and the line's fingerprint.
            CREATE TABLE events (
                n INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                session TEXT NOT NULL,
                writer TEXT NOT NULL,
                seq INTEGER NOT NULL,
                at TEXT NOT NULL,
                type TEXT NOT NULL,
                hash_high INTEGER NOT NULL,
                hash_low INTEGER NOT NULL,
                json TEXT NOT NULL
            );
            CREATE INDEX events_by_session ON events(session);
            -- The fingerprints of the events each merge added (16 bytes each, packed), so the next merge
            -- loads every known fingerprint without reading the events themselves.
            CREATE TABLE line_hashes (
                n INTEGER PRIMARY KEY,
                hashes BLOB NOT NULL
            );

            -- Withdrawal: who withdrew, and the ids (never the content) of the events removed,
            -- so merging the same logs again recognises them and keeps them out.
            CREATE TABLE tombstones (
                session TEXT NOT NULL,
                participant TEXT NOT NULL,
                withdrawn_at TEXT NOT NULL,
                PRIMARY KEY (session, participant)
            ) WITHOUT ROWID;
            CREATE TABLE withdrawn_events (
                id TEXT PRIMARY KEY,
                session TEXT NOT NULL,
                writer TEXT NOT NULL,
                seq INTEGER NOT NULL,
                hash_high INTEGER NOT NULL,
                hash_low INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE withdrawn_comments (
                session TEXT NOT NULL,
                comment_id TEXT NOT NULL,
                participant TEXT,
                PRIMARY KEY (session, comment_id)
            ) WITHOUT ROWID;

            -- Derived tables: rebuilt from the events of a session whenever it changes.
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                deck_id TEXT NOT NULL,
                deck_title TEXT NOT NULL,
                deck_sha256 TEXT NOT NULL,
                format TEXT NOT NULL,
                rounds INTEGER,
                tables INTEGER,
                codebook_id TEXT NOT NULL,
                started_at TEXT NOT NULL,
                last_event_at TEXT NOT NULL,
                ended INTEGER NOT NULL,
                duration_ms INTEGER NOT NULL,
                events INTEGER NOT NULL,
                writers INTEGER NOT NULL,
                participants INTEGER NOT NULL,
                comments INTEGER NOT NULL,
                has_start INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE session_writers (
                session TEXT NOT NULL,
                writer TEXT NOT NULL,
                events INTEGER NOT NULL,
                first_seq INTEGER NOT NULL,
                last_seq INTEGER NOT NULL,
                missing_seqs INTEGER NOT NULL,
                first_at TEXT NOT NULL,
                last_at TEXT NOT NULL,
                PRIMARY KEY (session, writer)
            ) WITHOUT ROWID;
            CREATE TABLE prompts (
                session TEXT NOT NULL,
                prompt_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                persona_id TEXT,
                persona_name TEXT,
                image TEXT,
                alt TEXT,
                round INTEGER,
                minutes INTEGER,
                PRIMARY KEY (session, prompt_id)
            ) WITHOUT ROWID;
            CREATE TABLE participants (
                session TEXT NOT NULL,
                participant TEXT NOT NULL,
                position INTEGER NOT NULL,
                table_name TEXT,
                attributes TEXT NOT NULL,
                PRIMARY KEY (session, participant)
            ) WITHOUT ROWID;
            CREATE TABLE comments (
                n INTEGER PRIMARY KEY,
                session TEXT NOT NULL,
                comment_id TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                writer TEXT NOT NULL,
                at TEXT NOT NULL,
                mono INTEGER NOT NULL,
                prompt_id TEXT NOT NULL,
                participant TEXT,
                table_name TEXT,
                round INTEGER,
                text TEXT NOT NULL,
                tags TEXT NOT NULL,
                edited INTEGER NOT NULL,
                deleted INTEGER NOT NULL
            );
            CREATE INDEX comments_by_session_ordinal ON comments(session, ordinal);
            -- One row per live comment and tag, keyed by the comment's row (comments.n), so rows are
            -- appended in order.
            CREATE TABLE comment_tags (
                comment_n INTEGER NOT NULL,
                tag TEXT NOT NULL,
                position INTEGER NOT NULL,
                session TEXT NOT NULL,
                comment_id TEXT NOT NULL,
                PRIMARY KEY (comment_n, tag)
            ) WITHOUT ROWID;
            -- Counts of live comments by prompt, speaker, table and round, of their tags, and of pairs of
            -- tags on one comment: what reports read, so their cost does not grow with the comments.
            CREATE TABLE comment_groups (
                session TEXT NOT NULL,
                prompt_id TEXT NOT NULL,
                participant TEXT,
                table_name TEXT,
                round INTEGER,
                comments INTEGER NOT NULL,
                untagged INTEGER NOT NULL
            );
            CREATE INDEX comment_groups_by_session ON comment_groups(session);
            -- Comments with each tag, by one dimension at a time: dimension is 'prompt', 'participant',
            -- 'table' or 'round' and key its value (rows only for comments that have one).
            CREATE TABLE tag_counts (
                session TEXT NOT NULL,
                dimension TEXT NOT NULL,
                key TEXT NOT NULL,
                tag TEXT NOT NULL,
                comments INTEGER NOT NULL,
                PRIMARY KEY (session, dimension, key, tag)
            ) WITHOUT ROWID;
            CREATE TABLE tag_pairs (
                session TEXT NOT NULL,
                tag TEXT NOT NULL,
                other_tag TEXT NOT NULL,
                comments INTEGER NOT NULL,
                PRIMARY KEY (session, tag, other_tag)
            ) WITHOUT ROWID;
            CREATE TABLE codes (
                session TEXT NOT NULL,
                tag TEXT NOT NULL,
                position INTEGER NOT NULL,
                label TEXT NOT NULL,
                description TEXT NOT NULL,
                group_id TEXT,
                group_label TEXT,
                hotkey TEXT,
                emergent INTEGER NOT NULL,
                -- comments.n of the session's first live comment with this tag, if any
                first_comment_n INTEGER,
                PRIMARY KEY (session, tag)
            ) WITHOUT ROWID;
            CREATE TABLE markers (
                session TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                at TEXT NOT NULL,
                writer TEXT NOT NULL,
                prompt_id TEXT,
                label TEXT NOT NULL,
                PRIMARY KEY (session, ordinal)
            ) WITHOUT ROWID;

            -- Full-text index of live (not deleted) comments' text, kept in `comments` (rowid = comments.n).
            CREATE VIRTUAL TABLE comments_fts USING fts5(text, content = 'comments', content_rowid = 'n',
                                                         tokenize = 'unicode61 remove_diacritics 2');
            """)
        }
        migrator.registerMigration("v2: recordings") { db in
            try db.execute(sql: """
            -- A session's recordings (recording.started), each as its latest correction places it.
            CREATE TABLE recordings (
                session TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                recording_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                at TEXT NOT NULL,
                writer TEXT NOT NULL,
                label TEXT,
                duration_ms INTEGER,
                PRIMARY KEY (session, ordinal)
            ) WITHOUT ROWID;
            """)
        }
        migrator.registerMigration("v3: remarks counted when derived") { db in
            try db.execute(sql: Schema.remarkTables)
        }
        migrator.registerMigration("v4: events packed in chunks, no comment_tags, search index without sizes") { db in
            try db.execute(sql: """
            -- The raw events, each session's lines packed byte for byte into chunks of about a MiB, with the
            -- fingerprint of each line's event id (16 bytes each) and its type (a byte each): see EventChunks.
            CREATE TABLE event_chunks (
                n INTEGER PRIMARY KEY,
                session TEXT NOT NULL,
                count INTEGER NOT NULL,
                ids BLOB NOT NULL,
                types BLOB NOT NULL,
                lines BLOB NOT NULL
            );
            CREATE INDEX event_chunks_by_session ON event_chunks(session);
            -- A row per live comment and tag repeated what comments.tags holds; search reads the tags there.
            DROP TABLE comment_tags;
            -- Results come in session and time order, never ranked, so the index keeps no document sizes
            -- (a table row less per comment).
            DROP TABLE comments_fts;
            CREATE VIRTUAL TABLE comments_fts USING fts5(text, content = 'comments', content_rowid = 'n',
                                                         tokenize = 'unicode61 remove_diacritics 2', columnsize = 0);
            INSERT INTO comments_fts (rowid, text) SELECT n, text FROM comments WHERE deleted = 0;
            """)
            try EventChunks.moveEventsTable(SQLiteSQL(db))
        }
        return migrator
    }

    /// The tables of v3, the same text for SQLite and PostgreSQL: each comment's remark, and the remark
    /// counts a report reads (as `comment_groups`, `tag_counts`, `tag_pairs` hold the comment counts).
    static let remarkTables = """
        ALTER TABLE comments ADD COLUMN remark_id TEXT;
        CREATE TABLE remark_groups (
            session TEXT NOT NULL,
            prompt_id TEXT NOT NULL,
            participant TEXT,
            table_name TEXT,
            round BIGINT,
            comments BIGINT NOT NULL,
            untagged BIGINT NOT NULL
        );
        CREATE INDEX remark_groups_by_session ON remark_groups (session);
        CREATE TABLE remark_tag_counts (
            session TEXT NOT NULL,
            dimension TEXT NOT NULL,
            key TEXT NOT NULL,
            tag TEXT NOT NULL,
            comments BIGINT NOT NULL,
            PRIMARY KEY (session, dimension, key, tag)
        );
        CREATE TABLE remark_tag_pairs (
            session TEXT NOT NULL,
            tag TEXT NOT NULL,
            other_tag TEXT NOT NULL,
            comments BIGINT NOT NULL,
            PRIMARY KEY (session, tag, other_tag)
        );
        CREATE TABLE remark_writers (
            session TEXT NOT NULL,
            writer TEXT NOT NULL,
            comments BIGINT NOT NULL,
            joined BIGINT NOT NULL,
            PRIMARY KEY (session, writer)
        );
        CREATE TABLE remark_sessions (
            session TEXT PRIMARY KEY,
            remarks BIGINT NOT NULL,
            joined_remarks BIGINT NOT NULL
        );
        """

    /// Tables derived from events, cleared per session before a rebuild.
    static let derivedTables = ["sessions": "id", "session_writers": "session", "prompts": "session",
                                "participants": "session", "comments": "session", "comment_groups": "session",
                                "tag_counts": "session", "tag_pairs": "session",
                                "codes": "session", "markers": "session", "recordings": "session",
                                "remark_groups": "session", "remark_tag_counts": "session", "remark_tag_pairs": "session",
                                "remark_writers": "session", "remark_sessions": "session"]
}

-- 0001_init: the archive core.
-- Why: the vault keeps originals (items), what was read from them (readings,
-- fields), the user's disputes (cases) and records of calls and chats (notes,
-- with the promises in them), and an append-only, hash-chained custody log
-- that every change writes to. Integrity does not rest on these tables: each
-- log entry carries the state digests of what it changed, and `vault verify`
-- recomputes them, so an edit made here behind the vault's back shows up.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per distinct original; the bytes live in objects/ab/cdef… named by sha256.
CREATE TABLE items (
    id                 INTEGER PRIMARY KEY,
    sha256             TEXT NOT NULL UNIQUE,
    size               INTEGER NOT NULL,
    mime               TEXT NOT NULL,
    filename           TEXT NOT NULL,          -- the name it had when first added
    added_at           TEXT NOT NULL,          -- the vault's own clock, ISO 8601 with offset
    captured_at        TEXT,                   -- claimed, local time, ISO 8601
    captured_at_source TEXT,                   -- exif | png-text | filename | ocr | user | mtime
    app                TEXT,                   -- 微信, 支付宝 … when the file name says so
    app_package        TEXT,                   -- com.tencent.mm …
    capture_detail     TEXT NOT NULL DEFAULT '{}',  -- JSON: every claim found, with its source
    user_note          TEXT,                   -- `vault add --note`
    reading_id         INTEGER REFERENCES readings(id)
);

-- OCR and text-layer readings, cached by (sha256, engine, engine_version).
CREATE TABLE readings (
    id             INTEGER PRIMARY KEY,
    sha256         TEXT NOT NULL,
    engine         TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    text           TEXT NOT NULL,
    lines          TEXT NOT NULL DEFAULT '[]',  -- JSON: [{text, box, confidence, page}]
    warnings       TEXT NOT NULL DEFAULT '[]',
    created_at     TEXT NOT NULL,
    UNIQUE (sha256, engine, engine_version)
);

CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    against    TEXT,
    platform   TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE case_items (
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    item_id   INTEGER NOT NULL REFERENCES items(id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (case_id, item_id)
);

-- A note is evidence too: its canonical JSON is stored as an object and hashed.
CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL UNIQUE,
    channel    TEXT NOT NULL,
    at         TEXT NOT NULL,
    with_whom  TEXT,
    ticket     TEXT,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE case_notes (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    note_id INTEGER NOT NULL REFERENCES notes(id),
    PRIMARY KEY (case_id, note_id)
);

CREATE TABLE note_attachments (
    note_id INTEGER NOT NULL REFERENCES notes(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    PRIMARY KEY (note_id, item_id)
);

CREATE TABLE promises (
    id         INTEGER PRIMARY KEY,
    note_id    INTEGER REFERENCES notes(id),
    item_id    INTEGER REFERENCES items(id),
    text       TEXT NOT NULL,
    due        TEXT,
    status     TEXT NOT NULL DEFAULT 'open',   -- open | kept | broken
    created_at TEXT NOT NULL
);

-- What was extracted from an item or a note.
CREATE TABLE fields (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER REFERENCES items(id),
    note_id    INTEGER REFERENCES notes(id),
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    label      TEXT,
    role       TEXT,
    confidence REAL NOT NULL,
    source     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '{}',
    CHECK ((item_id IS NULL) <> (note_id IS NULL))
);
CREATE INDEX fields_item ON fields (item_id);
CREATE INDEX fields_note ON fields (note_id);
CREATE INDEX fields_kind_value ON fields (kind, value);

-- Append-only: seq 1, 2, 3 …; hash = sha256(canonical_json(entry without hash)).
CREATE TABLE custody_log (
    seq    INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    action TEXT NOT NULL,
    ref    TEXT,
    detail TEXT NOT NULL,
    prev   TEXT NOT NULL,
    hash   TEXT NOT NULL UNIQUE
);

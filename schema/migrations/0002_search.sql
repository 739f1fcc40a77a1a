-- 0002_search: full-text search over items and notes.
-- Why: users find evidence by typing 退款, a fragment of an order number or an
-- amount. SQLite's default FTS5 tokenizer finds nothing for 退款 and its
-- trigram tokenizer nothing for one or two characters, so the text is
-- normalised (NFKC, case-folded, traditional folded to simplified) and indexed
-- as overlapping character bigrams with a closing unigram per run of letters
-- and digits, plus trigrams of ASCII runs
-- and each distinct character (see evidence_vault/search.py). search_docs keeps the text each
-- document was built from, for snippets and for removing it from the
-- contentless index.

CREATE TABLE search_docs (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,                      -- item | note
    item_id INTEGER UNIQUE REFERENCES items(id),
    note_id INTEGER UNIQUE REFERENCES notes(id),
    at      TEXT,                               -- event or capture time, for --from/--to
    text    TEXT NOT NULL,
    CHECK ((item_id IS NULL) <> (note_id IS NULL))
);
CREATE INDEX search_docs_at ON search_docs (at);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    body,                                       -- bigrams and closing unigrams
    tri,                                        -- trigrams of ASCII letter/digit runs
    uni,                                        -- each distinct character once
    tokenize = 'ascii',
    content = ''
);

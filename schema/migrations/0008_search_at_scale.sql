-- 0008_search_at_scale: the search index answers in milliseconds at a million items.
-- Why: at 1,000,000 items a query such as 退 matches most of the vault, and any plan
-- that touches every match (counting it, ranking it) takes a second. So:
-- * a document's id in the index orders it by rank: shorter documents first (the
--   more of a document the match is, the higher it ranks), then the newest; the
--   first page of any query is then its first matches in id order, found without
--   reading the rest, and the total may be counted only up to a bound;
-- * the one-character column moves to a table of its own with detail=none: it needs
--   no positions, and they were a third of the index;
-- * in a stretch of ASCII letters and digits body holds 4-grams (and trigrams, where
--   no 4-gram fits) in place of bigrams, and search_uni the runs of two and three:
--   a phrase of digits (202405, 于2024030) is then as selective as its 4-grams, where
--   its bigrams (20, 02, 24) are in every document; the tri column goes;
-- * neither table keeps column sizes (bm25 no longer ranks).
-- The index is rebuilt from search_docs' owners when the vault opens (search.INDEX_VERSION).

DELETE FROM search_docs;
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5 (
    body,                                       -- bigrams; ASCII 4-grams, trigrams
    tokenize = 'ascii',
    content = '',
    columnsize = 0
);
CREATE VIRTUAL TABLE search_uni USING fts5 (
    uni,                                        -- each distinct character, ASCII pair, triple
    tokenize = 'ascii',
    content = '',
    columnsize = 0,
    detail = 'none'
);

-- 0004_vouched: an index of what the custody log vouches for.
-- Why: a cached OCR reading may only be reused if the log vouches for it
-- (a reading inserted behind the vault's back was laundered into evidence by
-- `vault reocr`). Scanning the whole log for each look-up is slow, so
-- `vouched` keeps, for each entity key (E12, N3, C:slug, P4, R7), the last
-- digest the log recorded for it and the entry's seq. custody.append writes
-- it in the same transaction as the entry; `vault verify` re-derives it from
-- the log and reports any difference. It is filled here from the existing log.
-- Readings that existed before this migration were never vouched on their
-- own: `legacy_readings_below` marks them, so that verify does not report them
-- (the cache never trusts them unless an item's vouched digest covers them).

CREATE TABLE vouched (
    key    TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    seq    INTEGER NOT NULL
);

INSERT INTO vouched (key, digest, seq)
SELECT key, value, seq FROM (
    SELECT j.key AS key, j.value AS value, c.seq AS seq,
           row_number() OVER (PARTITION BY j.key ORDER BY c.seq DESC) AS rn
    FROM custody_log c, json_each(c.detail, '$.digests') j
    WHERE json_valid(c.detail) AND json_type(c.detail, '$.digests') = 'object'
      AND j.type = 'text'
) WHERE rn = 1;

INSERT OR REPLACE INTO meta (key, value)
SELECT 'legacy_readings_below', CAST(coalesce(max(id), 0) + 1 AS TEXT) FROM readings;

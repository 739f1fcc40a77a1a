-- 0003_dossier: what the dossier needs beyond the evidence itself.
-- Why: a 证据目录 names each exhibit, says what it proves and groups exhibits
-- by the fact they prove (DOMAIN.md §1.4); the user sets these with
-- `vault describe`. Exhibit numbers, once exported, must never change for a
-- case: exhibits records the number each item or note got in each case, and
-- a later export only appends new numbers.

CREATE TABLE descriptions (
    item_id INTEGER REFERENCES items(id),
    note_id INTEGER REFERENCES notes(id),
    name    TEXT,                 -- 证据名称, replacing the one made from the type and fields
    purpose TEXT,                 -- 证明目的
    grp     TEXT,                 -- 证明事项: the group heading in the 证据目录
    CHECK ((item_id IS NULL) <> (note_id IS NULL)),
    UNIQUE (item_id),
    UNIQUE (note_id)
);

CREATE TABLE exhibits (
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    number      INTEGER NOT NULL,
    item_id     INTEGER REFERENCES items(id),
    note_id     INTEGER REFERENCES notes(id),
    assigned_at TEXT NOT NULL,
    CHECK ((item_id IS NULL) <> (note_id IS NULL)),
    UNIQUE (case_id, number),
    UNIQUE (case_id, item_id),
    UNIQUE (case_id, note_id)
);

-- 0005_corrections: the user's word beside the machine's.
-- Why: a dossier goes out under the user's name, so the user must be able to
-- correct what the machine misread (an amount, a role, a date), take back a
-- value, confirm one, and set an item's capture time, without overwriting
-- anything: each correction is a row of its own, in the order made, applied
-- over what the readers extracted (which stays as read, and is shown as the
-- machine's values). Corrections name the value they act on by its kind,
-- value and role, not by a field's row id, so a `reocr` that extracts the
-- fields anew keeps them. The owning item's or note's state digest covers its
-- corrections, so `vault verify` catches one edited behind the vault's back.
--
-- action:  set      a value of the user's (kind, value, label, role); a machine
--                   value of the same kind and role no longer counts
--          rm       the value named by target_* no longer counts
--          confirm  the machine value named by target_* is confirmed by the user
--          at       the item's claimed capture time is `value` (the claim it
--                   replaces, with its source, is in target_value/target_role)

CREATE TABLE corrections (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER REFERENCES items(id),
    note_id      INTEGER REFERENCES notes(id),
    action       TEXT NOT NULL CHECK (action IN ('set', 'rm', 'confirm', 'at')),
    kind         TEXT,
    value        TEXT,
    label        TEXT,
    role         TEXT,
    target_kind  TEXT,
    target_value TEXT,
    target_role  TEXT,
    reason       TEXT,
    created_at   TEXT NOT NULL,
    CHECK ((item_id IS NULL) <> (note_id IS NULL))
);
CREATE INDEX corrections_item ON corrections (item_id);
CREATE INDEX corrections_note ON corrections (note_id);

-- 0006_note_changes: notes amended or voided, never rewritten.
-- Why: a note typed into the wrong case, with the wrong time or while trying
-- date formats must not stay in the dossier for good, and a record of a call
-- must not be edited either. `vault note amend N3` records a new note (its
-- stored record names the one it amends by hash) and marks N3 amended by it;
-- `vault note void N3 --reason …` marks N3 void. Both stay in the vault, the
-- custody log and `show`; only the current version of a note counts in the
-- timeline, due and the dossier. The row belongs to the note it changes, whose
-- state digest covers it.

CREATE TABLE note_changes (
    id         INTEGER PRIMARY KEY,
    note_id    INTEGER NOT NULL REFERENCES notes(id),
    action     TEXT NOT NULL CHECK (action IN ('amended', 'void')),
    by_note_id INTEGER REFERENCES notes(id),   -- the new version, for 'amended'
    reason     TEXT,
    created_at TEXT NOT NULL,
    CHECK ((action = 'amended') = (by_note_id IS NOT NULL))
);
CREATE INDEX note_changes_note ON note_changes (note_id);
CREATE INDEX note_changes_by ON note_changes (by_note_id);

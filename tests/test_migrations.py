"""The schema is append-only SQL, applied in order when a vault opens."""

from __future__ import annotations

import sqlite_utils

from evidence_vault import db, resources

EXPECTED = {
    "meta": ["key", "value"],
    "items": ["id", "sha256", "size", "mime", "filename", "added_at", "captured_at",
              "captured_at_source", "app", "app_package", "capture_detail", "user_note",
              "reading_id"],
    "readings": ["id", "sha256", "engine", "engine_version", "text", "lines", "warnings",
                 "created_at"],
    "cases": ["id", "slug", "title", "against", "platform", "created_at", "claimant", "claim"],
    "case_items": ["case_id", "item_id", "linked_at"],
    "notes": ["id", "sha256", "channel", "at", "with_whom", "ticket", "text", "created_at"],
    "case_notes": ["case_id", "note_id"],
    "note_attachments": ["note_id", "item_id"],
    "promises": ["id", "note_id", "item_id", "text", "due", "status", "created_at"],
    "fields": ["id", "item_id", "note_id", "kind", "value", "label", "role", "confidence",
               "source", "detail"],
    "custody_log": ["seq", "at", "action", "ref", "detail", "prev", "hash"],
}


def test_fresh_database_has_the_tables_and_columns(tmp_path):
    database = sqlite_utils.Database(db.connect(tmp_path / "v.db", tmp_path / ".lock"))
    for table, columns in EXPECTED.items():
        assert database[table].exists(), table
        assert [c.name for c in database[table].columns][: len(columns)] == columns
    applied = [m.name for m in db.migrations().applied(database)]
    assert applied == [p.stem for p in resources.migrations()]


def test_migrations_are_numbered_and_explain_why():
    paths = resources.migrations()
    assert [p.name[:4] for p in paths] == [f"{i:04d}" for i in range(1, len(paths) + 1)]
    for p in paths:
        first = p.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(f"-- {p.stem}:"), p.name
        assert "Why:" in p.read_text(encoding="utf-8")


def test_reopening_applies_nothing_twice(tmp_path):
    db.connect(tmp_path / "v.db", tmp_path / ".lock").close()
    again = sqlite_utils.Database(db.connect(tmp_path / "v.db", tmp_path / ".lock"))
    assert db.migrations().pending(again) == []
    assert again["_sqlite_migrations"].count == len(
        resources.migrations())

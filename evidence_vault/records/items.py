"""Items (the originals kept) and readings (what was read from their bytes)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from evidence_vault.records import corrections
from evidence_vault.records.rows import all_of, column, columns_of, new_id, one, scalar


@dataclass(frozen=True)
class Item:
    id: int
    sha256: str
    size: int
    mime: str
    filename: str
    added_at: str
    captured_at: str | None
    captured_at_source: str | None
    app: str | None
    app_package: str | None
    capture_detail: str  # JSON, as stored
    user_note: str | None
    reading_id: int | None

    @property
    def ref(self) -> str:
        return f"E{self.id}"

    def capture(self) -> dict[str, Any]:
        return json.loads(self.capture_detail)


@dataclass(frozen=True)
class StoredReading:
    """A stored reading (OCR or a text layer) of some bytes by one engine version."""

    id: int
    sha256: str
    engine: str
    engine_version: str
    text: str
    lines: str  # JSON: [{text, box, confidence, page}]
    warnings: str  # JSON list
    created_at: str


_ITEM = columns_of(Item)
_READING = columns_of(StoredReading)


def stored(conn: sqlite3.Connection, item_id: int) -> Item | None:
    """The item's row as added (what its state digest covers)."""
    return one(conn, Item, f"SELECT {_ITEM} FROM items WHERE id = ?", (item_id,))


def _claimed(item: Item, at: corrections.Correction | None) -> Item:
    """The item with the capture time that counts: the user's, when one was set."""
    if at is None:
        return item
    return dataclasses.replace(item, captured_at=at.value, captured_at_source="user")


def get(conn: sqlite3.Connection, item_id: int) -> Item | None:
    """The item as it counts: its capture time the user's when the user set one
    (`vault item set --at`); the claim read at add time stays in its capture detail."""
    item = stored(conn, item_id)
    return None if item is None else _claimed(item, corrections.latest_time(conn, item_id))


def by_sha(conn: sqlite3.Connection, sha: str) -> Item | None:
    item = one(conn, Item, f"SELECT {_ITEM} FROM items WHERE sha256 = ?", (sha,))
    return None if item is None else _claimed(item, corrections.latest_time(conn, item.id))


def ids(conn: sqlite3.Connection) -> list[int]:
    return column(conn, "SELECT id FROM items ORDER BY id")


def count(conn: sqlite3.Connection) -> int:
    return int(scalar(conn, "SELECT count(*) FROM items"))


def listed(conn: sqlite3.Connection, case_id: int | None = None) -> list[Item]:
    """Every item (or a case's), by id."""
    if case_id is None:
        found = all_of(conn, Item, f"SELECT {_ITEM} FROM items ORDER BY id")
    else:
        cols = ", ".join(f"i.{c.strip()}" for c in _ITEM.split(","))
        found = all_of(conn, Item, f"SELECT {cols} FROM items i JOIN case_items ci "
                                   f"ON ci.item_id = i.id WHERE ci.case_id = ? ORDER BY i.id",
                       (case_id,))
    times = corrections.latest_times(conn)
    return [_claimed(i, times.get(i.id)) for i in found]


def exists(conn: sqlite3.Connection, item_id: int) -> bool:
    return scalar(conn, "SELECT 1 FROM items WHERE id = ?", (item_id,)) is not None


def ids_by_sha_prefix(conn: sqlite3.Connection, prefix: str, limit: int = 2) -> list[int]:
    return column(conn, "SELECT id FROM items WHERE sha256 LIKE ? LIMIT ?",
                  (prefix + "%", limit))


def insert(conn: sqlite3.Connection, *, sha256: str, size: int, mime: str, filename: str,
           added_at: str, captured_at: str | None, captured_at_source: str | None,
           app: str | None, app_package: str | None, capture_detail: dict[str, Any],
           user_note: str | None, reading_id: int | None) -> int:
    return new_id(conn.execute(
        "INSERT INTO items (sha256, size, mime, filename, added_at, captured_at, "
        "captured_at_source, app, app_package, capture_detail, user_note, reading_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (sha256, size, mime, filename, added_at, captured_at, captured_at_source, app,
         app_package, json.dumps(capture_detail, ensure_ascii=False, sort_keys=True), user_note,
         reading_id)))


def set_reading(conn: sqlite3.Connection, item_id: int, reading_id: int) -> None:
    conn.execute("UPDATE items SET reading_id = ? WHERE id = ?", (reading_id, item_id))


def using_reading(conn: sqlite3.Connection, reading_id: int) -> list[int]:
    """The items whose current reading is `reading_id`."""
    return column(conn, "SELECT id FROM items WHERE reading_id = ?", (reading_id,))


def shas_of(conn: sqlite3.Connection, item_ids: list[int]) -> list[str]:
    return [scalar(conn, "SELECT sha256 FROM items WHERE id = ?", (i,)) for i in item_ids]


# ---- readings -------------------------------------------------------------------------------

def reading(conn: sqlite3.Connection, reading_id: int) -> StoredReading | None:
    return one(conn, StoredReading, f"SELECT {_READING} FROM readings WHERE id = ?", (reading_id,))


def find_reading(conn: sqlite3.Connection, sha: str, engine: str,
                 version: str) -> StoredReading | None:
    """The cached reading of these bytes by this engine version, if one is stored."""
    return one(conn, StoredReading, f"SELECT {_READING} FROM readings WHERE sha256 = ? AND engine = ? "
                              "AND engine_version = ?", (sha, engine, version))


def insert_reading(conn: sqlite3.Connection, sha: str, engine: str, version: str, text: str,
                   lines: str, warnings: str, created_at: str) -> int:
    return new_id(conn.execute(
        "INSERT INTO readings (sha256, engine, engine_version, text, lines, warnings, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (sha, engine, version, text, lines, warnings, created_at)))


def replace_reading(conn: sqlite3.Connection, reading_id: int, text: str, lines: str,
                    warnings: str, created_at: str) -> None:
    conn.execute("UPDATE readings SET text = ?, lines = ?, warnings = ?, created_at = ? "
                 "WHERE id = ?", (text, lines, warnings, created_at, reading_id))


def reading_ids(conn: sqlite3.Connection) -> list[int]:
    return column(conn, "SELECT id FROM readings ORDER BY id")


def lines_of_item(conn: sqlite3.Connection, item_id: int) -> list[dict[str, Any]]:
    """The line boxes of an item's current reading ({"text", "box", …}), [] if none."""
    raw = scalar(conn, "SELECT r.lines FROM items i JOIN readings r ON r.id = i.reading_id "
                       "WHERE i.id = ?", (item_id,))
    return json.loads(raw) if raw else []


def reading_exists(conn: sqlite3.Connection, reading_id: int) -> bool:
    return scalar(conn, "SELECT 1 FROM readings WHERE id = ?", (reading_id,)) is not None


def blob_shas(conn: sqlite3.Connection) -> set[str]:
    """Every blob the vault's rows own: the items' originals and the notes' records."""
    return set(column(conn, "SELECT sha256 FROM items UNION SELECT sha256 FROM notes"))


def readings_of(conn: sqlite3.Connection, sha: str) -> list[StoredReading]:
    """Every stored reading of these bytes, oldest first (numbered 1, 2 … for the user)."""
    return all_of(conn, StoredReading, f"SELECT {_READING} FROM readings WHERE sha256 = ? "
                                       "ORDER BY id", (sha,))

"""Fields (what was extracted from an item or a note), descriptions (the user's
证据名称 / 证明目的 / 证明事项), and the one rule for when an item's event happened.

An owner is an item or a note, named by its column: "item_id" or "note_id".
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from evidence_vault.records.rows import all_of, one

OWNERS = ("item_id", "note_id")


@dataclass(frozen=True)
class FieldRow:
    id: int
    kind: str
    value: str
    label: str | None
    role: str | None
    confidence: float
    source: str
    detail: str  # JSON, as stored

    def to_dict(self) -> dict[str, Any]:
        """The field as `show --json` and the state digests give it (detail parsed)."""
        return {"kind": self.kind, "value": self.value, "label": self.label, "role": self.role,
                "confidence": self.confidence, "source": self.source,
                "detail": json.loads(self.detail)}


@dataclass(frozen=True)
class Description:
    name: str | None
    purpose: str | None
    grp: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "purpose": self.purpose, "group": self.grp}


def _owner(column: str) -> str:
    if column not in OWNERS:  # the column is spliced into SQL: only these two
        raise ValueError(f"not an owner column: {column!r}")
    return column


def of_owner(conn: sqlite3.Connection, column: str, owner_id: int) -> list[FieldRow]:
    """An item's or a note's fields, in the order they were found."""
    return all_of(conn, FieldRow, f"SELECT id, kind, value, label, role, confidence, source, "
                                  f"detail FROM fields WHERE {_owner(column)} = ? ORDER BY id",
                  (owner_id,))


def dicts_of(conn: sqlite3.Connection, column: str, owner_id: int) -> list[dict[str, Any]]:
    return [f.to_dict() for f in of_owner(conn, column, owner_id)]


def save(conn: sqlite3.Connection, fields: Iterable[Any], *, item_id: int | None = None,
         note_id: int | None = None) -> None:
    """Store extracted fields (models.Field) for one owner."""
    conn.executemany(
        "INSERT INTO fields (item_id, note_id, kind, value, label, role, confidence, source, "
        "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(item_id, note_id, f.kind, f.value, f.label, f.role, round(float(f.confidence), 3),
          f.source, json.dumps(f.detail, ensure_ascii=False, sort_keys=True)) for f in fields])


def delete_of(conn: sqlite3.Connection, column: str, owner_id: int) -> None:
    conn.execute(f"DELETE FROM fields WHERE {_owner(column)} = ?", (owner_id,))


# ---- descriptions ---------------------------------------------------------------------------

def description(conn: sqlite3.Connection, column: str, owner_id: int) -> Description | None:
    try:
        return one(conn, Description, f"SELECT name, purpose, grp FROM descriptions "
                                      f"WHERE {_owner(column)} = ?", (owner_id,))
    except sqlite3.OperationalError:  # a vault opened before migration 0003
        return None


def set_description(conn: sqlite3.Connection, column: str, owner_id: int,
                    values: dict[str, str | None]) -> None:
    """Replace the description (none left when every value is empty)."""
    conn.execute(f"DELETE FROM descriptions WHERE {_owner(column)} = ?", (owner_id,))
    if any(values.values()):
        conn.execute(f"INSERT INTO descriptions ({column}, name, purpose, grp) "
                     "VALUES (?, ?, ?, ?)",
                     (owner_id, values.get("name"), values.get("purpose"), values.get("group")))


# ---- when the event happened ----------------------------------------------------------------

#: the date roles that say when an item's event happened, most telling first
EVENT_ROLES = ("payment", "order", "refund", "loan", "chat")


def event_time(fields: Sequence[Any], fallback: str | None = None) -> str | None:
    """When an item's event happened: the first date or datetime field of the most
    telling role (payment, then order, refund, loan, chat), else `fallback` (the
    claimed capture time). One rule for the search index, the timeline and the
    dossier's 形成时间, which used to disagree. `fields` are FieldRows, dicts with
    kind, value and role, or (kind, value, role) tuples, in the order found."""
    rows = [(f.kind, f.value, f.role) if isinstance(f, FieldRow) else
            (f["kind"], f["value"], f["role"]) if isinstance(f, dict) else tuple(f)
            for f in fields]
    for role in EVENT_ROLES:
        for kind, value, r in rows:
            if kind in ("datetime", "date") and r == role and value:
                return value
    return fallback

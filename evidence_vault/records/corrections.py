"""The user's corrections, stored beside what they correct (migration 0005)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from evidence_vault.records.rows import all_of, columns_of, new_id, one

ACTIONS = ("set", "rm", "confirm", "at")


@dataclass(frozen=True)
class Correction:
    id: int
    item_id: int | None
    note_id: int | None
    action: str
    kind: str | None
    value: str | None
    label: str | None
    role: str | None
    target_kind: str | None
    target_value: str | None
    target_role: str | None
    reason: str | None
    created_at: str

    def state(self) -> dict[str, Any]:
        """What an owner's state digest covers of it (everything but the row id)."""
        return {"action": self.action, "kind": self.kind, "value": self.value,
                "label": self.label, "role": self.role, "target_kind": self.target_kind,
                "target_value": self.target_value, "target_role": self.target_role,
                "reason": self.reason, "created_at": self.created_at}


_COLUMNS = columns_of(Correction)


def _owner(column: str) -> str:
    if column not in ("item_id", "note_id"):
        raise ValueError(f"not an owner column: {column!r}")
    return column


def of_owner(conn: sqlite3.Connection, column: str, owner_id: int) -> list[Correction]:
    """An item's or a note's corrections, in the order they were made ([] on a vault
    opened read-only before migration 0005)."""
    try:
        return all_of(conn, Correction, f"SELECT {_COLUMNS} FROM corrections "
                                        f"WHERE {_owner(column)} = ? ORDER BY id", (owner_id,))
    except sqlite3.OperationalError:
        return []


def latest_time(conn: sqlite3.Connection, item_id: int) -> Correction | None:
    """The capture time the user set last for an item, if any."""
    try:
        return one(conn, Correction, f"SELECT {_COLUMNS} FROM corrections WHERE item_id = ? "
                                     "AND action = 'at' ORDER BY id DESC LIMIT 1", (item_id,))
    except sqlite3.OperationalError:
        return None


def insert(conn: sqlite3.Connection, column: str, owner_id: int, action: str, *,
           created_at: str, kind: str | None = None, value: str | None = None,
           label: str | None = None, role: str | None = None,
           target: tuple[str | None, str | None, str | None] = (None, None, None),
           reason: str | None = None) -> int:
    assert action in ACTIONS
    return new_id(conn.execute(
        f"INSERT INTO corrections ({_owner(column)}, action, kind, value, label, role, "
        "target_kind, target_value, target_role, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (owner_id, action, kind, value, label, role, *target, reason, created_at)))


def latest_times(conn: sqlite3.Connection) -> dict[int, Correction]:
    """item id → the capture time the user set last for it, for every item that has one."""
    try:
        rows = all_of(conn, Correction, f"SELECT {_COLUMNS} FROM corrections "
                                        "WHERE action = 'at' AND item_id IS NOT NULL ORDER BY id")
    except sqlite3.OperationalError:
        return {}
    return {c.item_id: c for c in rows if c.item_id is not None}

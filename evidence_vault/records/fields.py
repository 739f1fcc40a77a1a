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

from evidence_vault.records import corrections
from evidence_vault.records.rows import all_of, one

OWNERS = ("item_id", "note_id")


@dataclass(frozen=True)
class FieldRow:
    id: int | None  # None for a value of the user's (it lives in `corrections`)
    kind: str
    value: str
    label: str | None
    role: str | None
    confidence: float
    source: str  # ocr, text, filename, note … as read; "user" for the user's own value
    detail: str  # JSON, as stored
    confirmed: bool = False  # a machine value the user confirmed

    def to_dict(self) -> dict[str, Any]:
        """The field as `show --json` and the state digests give it (detail parsed)."""
        out = {"kind": self.kind, "value": self.value, "label": self.label, "role": self.role,
               "confidence": self.confidence, "source": self.source,
               "detail": json.loads(self.detail)}
        if self.confirmed:
            out["confirmed"] = True
        return out

    def same_value(self, kind: str | None, value: str | None, role: str | None) -> bool:
        return (self.kind, self.value, self.role) == (kind, value, role)


@dataclass
class _Entry:
    row: FieldRow
    status: str = "counts"  # counts | overridden | removed
    by: int | None = None   # the correction that changed it


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
    """The fields as read and stored (the machine's), for the state digests."""
    return [f.to_dict() for f in of_owner(conn, column, owner_id)]


def _apply(machine: list[FieldRow], corrections: list[Any]) -> tuple[list[_Entry], list[_Entry]]:
    """The machine's fields with what each correction did to them, and the user's values
    that still count, applying the corrections in the order they were made."""
    read = [_Entry(f) for f in machine]
    users: list[_Entry] = []
    for c in corrections:
        if c.action == "set":
            replaced = []
            for e in read + users:
                if e.status == "counts" and c.role is not None and e.row.kind == c.kind \
                        and e.row.role == c.role:
                    e.status, e.by = "overridden", c.id
                    replaced.append(e.row.value)
            detail: dict[str, Any] = {"correction": c.id}
            if replaced:  # what the value replaces, for the dossier to say beside it
                detail["replaces"] = replaced
            users.append(_Entry(FieldRow(None, c.kind, c.value, c.label, c.role, 1.0, "user",
                                         json.dumps(detail, sort_keys=True)), by=c.id))
        elif c.action in ("rm", "confirm"):
            for e in read + users:
                if e.status == "counts" and e.row.same_value(c.target_kind, c.target_value,
                                                             c.target_role):
                    if c.action == "rm":
                        e.status, e.by = "removed", c.id
                    elif e.row.source != "user":
                        e.row = FieldRow(e.row.id, e.row.kind, e.row.value, e.row.label,
                                         e.row.role, e.row.confidence, e.row.source,
                                         e.row.detail, confirmed=True)
                        e.by = c.id
    return read, [u for u in users if u.status == "counts"]


def counting(conn: sqlite3.Connection, column: str, owner_id: int) -> list[FieldRow]:
    """The fields that count for an item or a note: the machine's as read, less those the
    user took back or replaced, then the user's own values. What every fact the vault
    states (search, the timeline, due, case show, the dossier) is built from."""
    read, users = _apply(of_owner(conn, column, owner_id),
                         corrections.of_owner(conn, column, owner_id))
    return [e.row for e in read if e.status == "counts"] + [u.row for u in users]


def as_read(conn: sqlite3.Connection, column: str, owner_id: int) -> list[dict[str, Any]]:
    """The machine's values as read, each with what became of it (`show`): status counts,
    overridden (by a value of the user's) or removed, and `confirmed`."""
    read, _ = _apply(of_owner(conn, column, owner_id),
                     corrections.of_owner(conn, column, owner_id))
    return [{**e.row.to_dict(), "status": e.status, "correction": e.by} for e in read]


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

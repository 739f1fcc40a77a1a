"""The repository layer, begun: look-ups that every module asks the same way.

The tables belong to one module that reads rows by column name and hands out
typed records (STYLE, "the tables belong to one module"). This is where that
layer starts: each look-up here used to be written in several modules that
disagreed (a case found by `case show` but not by `search --case`, because only
one copy normalised the slug). New look-ups come here, not into the modules
that need them; the SQL still elsewhere moves here piece by piece.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from typing import Any

from evidence_vault.errors import NotFoundError


def normal_slug(slug: str) -> str:
    """A case slug as it is stored: NFC, so a CJK compatibility character typed
    by an input method finds the case created with its unified form."""
    return unicodedata.normalize("NFC", slug or "")


def case_id(conn: sqlite3.Connection, slug: str) -> int:
    """The case's row id; NotFoundError, with the one message, if there is none."""
    row = conn.execute("SELECT id FROM cases WHERE slug = ?", (normal_slug(slug),)).fetchone()
    if row is None:
        raise NotFoundError(f"no case named {slug!r}; `vault case list` shows the cases")
    return int(row[0])


#: the date roles that say when an item's event happened, most telling first
EVENT_ROLES = ("payment", "order", "refund", "loan", "chat")


def event_time(fields: list[dict[str, Any]] | list[tuple[str, str | None, str]],
               fallback: str | None = None) -> str | None:
    """When an item's event happened: the first date or datetime field of the most
    telling role (payment, then order, refund, loan, chat), else `fallback` (the
    claimed capture time). One rule for the search index, the timeline and the
    dossier's 形成时间, which used to disagree. `fields` are dicts with kind, value
    and role, or (kind, value, role) rows, in the order they were found."""
    rows = [(f["kind"], f["value"], f["role"]) if isinstance(f, dict) else tuple(f)
            for f in fields]
    for role in EVENT_ROLES:
        for kind, value, r in rows:
            if kind in ("datetime", "date") and r == role and value:
                return value
    return fallback

"""What a ref the user typed names: E12 / 12 (an item), N3 (a note), or at least
six hex digits of a SHA-256."""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from evidence_vault.errors import AmbiguousRefError, InvalidInputError, NotFoundError
from evidence_vault.i18n import L_
from evidence_vault.records import items, notes

_HEX = re.compile(r"^[0-9a-fA-F]{6,64}$")
SQLITE_MAX_INT = 2**63 - 1  # a larger number is no row's id (SQLite integers are 64-bit)


def resolve(conn: sqlite3.Connection, ref: str) -> tuple[str, int]:
    """('item', id) or ('note', id) for E12 / 12 / N3 / a SHA-256 prefix (≥ 6 hex)."""
    raw = (ref or "").strip()
    r = unicodedata.normalize("NFKC", raw)
    m = re.fullmatch(r"([EeNn]?)(\d+)", r)
    if m:
        kind = "note" if m.group(1) in ("N", "n") else "item"
        number = int(m.group(2))
        there = number <= SQLITE_MAX_INT and (
            notes.exists(conn, number) if kind == "note" else items.exists(conn, number))
        if there:
            return kind, number
        if m.group(1) or not _HEX.match(r):
            raise NotFoundError(L_("no note {r!r}; `vault case show SLUG` lists a case's notes", r=r)
                                if kind == "note" else
                                L_("no item {r!r}; `vault list` shows the items", r=r))
    if _HEX.match(r):
        prefix = r.lower()
        found = [("item", i) for i in items.ids_by_sha_prefix(conn, prefix)]
        found += [("note", n) for n in notes.ids_by_sha_prefix(conn, prefix)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousRefError(
                L_(
                    "{raw!r} matches more than one item; type more of the SHA-256",
                    raw=raw))
        raise NotFoundError(L_(
            "no item with a SHA-256 starting {prefix!r}",
            prefix=prefix))
    raise InvalidInputError(
        L_(
            "cannot read {raw!r} as an item: use a number (12 or E12), a note (N3) or at least 6 hex "
            "digits of a SHA-256",
            raw=raw))


def item_id(conn: sqlite3.Connection, ref: str) -> int:
    kind, id_ = resolve(conn, ref)
    if kind != "item":
        raise InvalidInputError(L_("{ref!r} is a note, not an item", ref=ref))
    return id_

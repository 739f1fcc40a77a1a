"""Cases, what they hold (items and notes), and their exhibit numbers."""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass

from evidence_vault.errors import NotFoundError
from evidence_vault.i18n import L_
from evidence_vault.records import notes
from evidence_vault.records.rows import all_of, column, columns_of, named, new_id, one, scalar


@dataclass(frozen=True)
class Case:
    id: int
    slug: str
    title: str
    against: str | None
    platform: str | None
    created_at: str


@dataclass(frozen=True)
class CaseSummary(Case):
    """A case with how much it holds, for `case list`."""

    items: int
    notes: int


_CASE = columns_of(Case)


def normal_slug(slug: str) -> str:
    """A case slug as it is stored: NFC, so a CJK compatibility character typed
    by an input method finds the case created with its unified form."""
    return unicodedata.normalize("NFC", slug or "")


def find(conn: sqlite3.Connection, slug: str) -> Case | None:
    return one(conn, Case, f"SELECT {_CASE} FROM cases WHERE slug = ?", (normal_slug(slug),))


def case_id(conn: sqlite3.Connection, slug: str) -> int:
    """The case's row id; NotFoundError, with the one message, if there is none."""
    found = find(conn, slug)
    if found is None:
        raise NotFoundError(L_(
            "no case named {slug!r}; `vault case list` shows the cases",
            slug=slug))
    return found.id


def get(conn: sqlite3.Connection, case_id_: int) -> Case:
    found = one(conn, Case, f"SELECT {_CASE} FROM cases WHERE id = ?", (case_id_,))
    if found is None:
        raise NotFoundError(L_("no case with id {case_id}", case_id=case_id_))
    return found


def insert(conn: sqlite3.Connection, slug: str, title: str, created_at: str, *,
           against: str | None = None, platform: str | None = None) -> int:
    return new_id(conn.execute(
        "INSERT INTO cases (slug, title, against, platform, created_at) VALUES (?, ?, ?, ?, ?)",
        (slug, title, against, platform, created_at)))


def summaries(conn: sqlite3.Connection) -> list[CaseSummary]:
    return all_of(conn, CaseSummary, (
        "SELECT c.id, c.slug, c.title, c.against, c.platform, c.created_at, "
        "(SELECT count(*) FROM case_items ci WHERE ci.case_id = c.id) AS items, "
        "(SELECT count(*) FROM case_notes cn WHERE cn.case_id = c.id) AS notes "
        "FROM cases c ORDER BY c.slug"))


def ids_with_slugs(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    return [(int(r["id"]), r["slug"])
            for r in named(conn, "SELECT id, slug FROM cases ORDER BY id")]


# ---- membership ---------------------------------------------------------------------------

def of_item(conn: sqlite3.Connection, item_id: int) -> list[str]:
    """The slugs of the cases holding an item, sorted."""
    return column(conn, "SELECT c.slug FROM case_items ci JOIN cases c ON c.id = ci.case_id "
                        "WHERE ci.item_id = ? ORDER BY c.slug", (item_id,))


def of_note(conn: sqlite3.Connection, note_id: int) -> list[str]:
    return column(conn, "SELECT c.slug FROM case_notes cn JOIN cases c ON c.id = cn.case_id "
                        "WHERE cn.note_id = ? ORDER BY c.slug", (note_id,))


def of_owner(conn: sqlite3.Connection, column_: str, owner_id: int) -> list[Case]:
    """The cases holding an item (column_ 'item_id') or a note ('note_id'), by slug."""
    table = "case_items" if column_ == "item_id" else "case_notes"
    owner = "item_id" if column_ == "item_id" else "note_id"
    return all_of(conn, Case, f"SELECT c.id, c.slug, c.title, c.against, c.platform, "
                              f"c.created_at FROM {table} x JOIN cases c ON c.id = x.case_id "
                              f"WHERE x.{owner} = ? ORDER BY c.slug", (owner_id,))


def memberships(conn: sqlite3.Connection) -> dict[int, list[str]]:
    """Every item's case slugs (sorted), in one query."""
    out: dict[int, list[str]] = {}
    for r in named(conn, "SELECT ci.item_id, c.slug FROM case_items ci JOIN cases c "
                         "ON c.id = ci.case_id ORDER BY c.slug"):
        out.setdefault(r["item_id"], []).append(r["slug"])
    return out


def item_ids(conn: sqlite3.Connection, case_id_: int) -> list[int]:
    return column(conn, "SELECT item_id FROM case_items WHERE case_id = ? ORDER BY item_id",
                  (case_id_,))


def note_ids(conn: sqlite3.Connection, case_id_: int, *, by_time: bool = False,
             current: bool = False) -> list[int]:
    """The case's notes, by id (or by the time they record, then id); with `current`,
    only those neither amended nor voided (what the timeline and the dossier count)."""
    order = "n.at, n.id" if by_time else "n.id"
    found = column(conn, f"SELECT n.id FROM case_notes cn JOIN notes n ON n.id = cn.note_id "
                         f"WHERE cn.case_id = ? ORDER BY {order}", (case_id_,))
    if current:
        gone = notes.superseded(conn)
        found = [n for n in found if n not in gone]
    return found


def unlink_note(conn: sqlite3.Connection, case_id_: int, note_id: int) -> bool:
    return conn.execute("DELETE FROM case_notes WHERE case_id = ? AND note_id = ?",
                        (case_id_, note_id)).rowcount > 0


def link_item(conn: sqlite3.Connection, case_id_: int, item_id: int, linked_at: str) -> bool:
    """Link an item to a case; False if it was already there."""
    return conn.execute(
        "INSERT OR IGNORE INTO case_items (case_id, item_id, linked_at) VALUES (?, ?, ?)",
        (case_id_, item_id, linked_at)).rowcount > 0


def unlink_item(conn: sqlite3.Connection, case_id_: int, item_id: int) -> bool:
    return conn.execute("DELETE FROM case_items WHERE case_id = ? AND item_id = ?",
                        (case_id_, item_id)).rowcount > 0


def link_note(conn: sqlite3.Connection, case_id_: int, note_id: int) -> bool:
    return conn.execute("INSERT OR IGNORE INTO case_notes (case_id, note_id) VALUES (?, ?)",
                        (case_id_, note_id)).rowcount > 0


def linked_items_state(conn: sqlite3.Connection, case_id_: int) -> list[tuple[str, str]]:
    """(sha256, linked_at) of the case's items, by hash: what a case's digest covers."""
    rows = named(conn, "SELECT i.sha256, ci.linked_at FROM case_items ci JOIN items i "
                       "ON i.id = ci.item_id WHERE ci.case_id = ? ORDER BY i.sha256", (case_id_,))
    return [(r["sha256"], r["linked_at"]) for r in rows]


def linked_notes_state(conn: sqlite3.Connection, case_id_: int) -> list[str]:
    return column(conn, "SELECT n.sha256 FROM case_notes cn JOIN notes n ON n.id = cn.note_id "
                        "WHERE cn.case_id = ? ORDER BY n.sha256", (case_id_,))


# ---- exhibit numbers (given by the first export that lists an exhibit) ---------------------

def exhibit_numbers(conn: sqlite3.Connection, case_id_: int) -> dict[str, int]:
    """E12/N3 → the number an earlier export gave it in this case."""
    rows = named(conn, "SELECT item_id, note_id, number FROM exhibits WHERE case_id = ?",
                 (case_id_,))
    return {(f"E{r['item_id']}" if r["item_id"] is not None else f"N{r['note_id']}"): r["number"]
            for r in rows}


def highest_exhibit(conn: sqlite3.Connection, case_id_: int) -> int:
    return int(scalar(conn, "SELECT max(number) FROM exhibits WHERE case_id = ?",
                      (case_id_,)) or 0)


def keep_exhibit(conn: sqlite3.Connection, case_id_: int, ref: str, number: int,
                 assigned_at: str) -> None:
    column_ = "item_id" if ref.startswith("E") else "note_id"
    conn.execute(f"INSERT OR IGNORE INTO exhibits (case_id, number, {column_}, assigned_at) "
                 "VALUES (?, ?, ?, ?)", (case_id_, number, int(ref[1:]), assigned_at))

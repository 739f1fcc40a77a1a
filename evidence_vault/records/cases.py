"""Cases, what they hold (items and notes), and their exhibit numbers."""

from __future__ import annotations

import difflib
import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from evidence_vault.errors import NotFoundError
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
    claimant: str | None  # 申请人 (migration 0007)
    claim: str | None     # 诉求


#: what `vault case set` may change (the columns of the same names)
DETAILS = ("title", "against", "platform", "claimant", "claim")


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


def slugs(conn: sqlite3.Connection) -> list[str]:
    return column(conn, "SELECT slug FROM cases ORDER BY slug")


def _folded(slug: str) -> str:
    """What two slugs are compared by: NFKC (full-width letters), case-folded."""
    return unicodedata.normalize("NFKC", slug).casefold()


def near(conn: sqlite3.Connection, slug: str) -> str | None:
    """The existing case whose slug is nearest to `slug` (not `slug` itself), if one is
    near enough to be a typo of it: a similar string (difflib's ratio ≥ 0.6), one that
    shares a beginning of at least two characters covering most of the shorter (京东退
    for 京东退款, jd for jd-refund), or, nearest of all, the same slug with pinyin left
    where a character should be (京东退kuan for 京东退款)."""
    typed = _folded(normal_slug(slug))
    best: tuple[float, str] | None = None
    for other in slugs(conn):
        have = _folded(other)
        if other == normal_slug(slug) or not typed:
            continue
        ratio = difflib.SequenceMatcher(None, typed, have).ratio()
        prefix = len(_common_prefix(typed, have))
        shared = prefix / min(len(typed), len(have)) if prefix >= 2 else 0.0
        score = max(ratio, min(shared, 0.9) if shared >= 0.6 else 0.0,
                    0.95 if _ime_slip(typed, have) else 0.0)
        if score >= 0.6 and (best is None or score > best[0]):
            best = (score, other)
    return best[1] if best else None


_LATIN_RUN = re.compile(r"[a-z]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _ime_slip(typed: str, have: str) -> bool:
    """Is `typed` the Chinese slug `have` with a character or more left as the pinyin
    the input method had not yet turned into it (京东退kuan for 京东退款)? Each run of
    Latin letters in a slug with Chinese in it stands for one Chinese character."""
    if not (_HAN.search(typed) and _LATIN_RUN.search(typed)) or _LATIN_RUN.search(have):
        return False
    out, last = [], 0
    for m in _LATIN_RUN.finditer(typed):
        out += [re.escape(typed[last:m.start()]), _HAN.pattern]
        last = m.end()
    out.append(re.escape(typed[last:]))
    return re.fullmatch("".join(out), have) is not None


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def not_found(conn: sqlite3.Connection, slug: str) -> NotFoundError:
    """The one message for a case that does not exist, naming a near one if there is."""
    nearest = near(conn, slug)
    if nearest is not None:
        return NotFoundError(f"no case {slug!r}; did you mean {nearest!r}?")
    return NotFoundError(f"no case named {slug!r}; `vault case list` shows the cases")


def case_id(conn: sqlite3.Connection, slug: str) -> int:
    """The case's row id; NotFoundError, with the one message, if there is none."""
    found = find(conn, slug)
    if found is None:
        raise not_found(conn, slug)
    return found.id


def existing(conn: sqlite3.Connection, slug: str) -> Case:
    """The case named `slug`; NotFoundError, with the one message, if there is none."""
    found = find(conn, slug)
    if found is None:
        raise not_found(conn, slug)
    return found


def get(conn: sqlite3.Connection, case_id_: int) -> Case:
    found = one(conn, Case, f"SELECT {_CASE} FROM cases WHERE id = ?", (case_id_,))
    if found is None:
        raise NotFoundError(f"no case with id {case_id_}")
    return found


def insert(conn: sqlite3.Connection, slug: str, title: str, created_at: str, *,
           against: str | None = None, platform: str | None = None) -> int:
    return new_id(conn.execute(
        "INSERT INTO cases (slug, title, against, platform, created_at) VALUES (?, ?, ?, ?, ?)",
        (slug, title, against, platform, created_at)))


def rename(conn: sqlite3.Connection, case_id_: int, slug: str, title: str) -> None:
    conn.execute("UPDATE cases SET slug = ?, title = ? WHERE id = ?", (slug, title, case_id_))


def update(conn: sqlite3.Connection, case_id_: int, values: dict[str, str | None]) -> None:
    """Set some of the case's details (DETAILS: title, against, platform, claimant, claim)."""
    unknown = set(values) - set(DETAILS)
    if unknown:
        raise ValueError(f"not a case detail: {sorted(unknown)}")
    if values:
        sets = ", ".join(f"{k} = ?" for k in values)
        conn.execute(f"UPDATE cases SET {sets} WHERE id = ?", (*values.values(), case_id_))


def delete(conn: sqlite3.Connection, case_id_: int) -> None:
    """Remove a case: its links, its exhibit numbers, its row. Its items and notes stay."""
    for table in ("exhibits", "case_items", "case_notes"):
        conn.execute(f"DELETE FROM {table} WHERE case_id = ?", (case_id_,))
    conn.execute("DELETE FROM cases WHERE id = ?", (case_id_,))


def item_links(conn: sqlite3.Connection, case_id_: int) -> list[tuple[int, str]]:
    """(item id, linked_at) of every item in the case, by id."""
    return [(int(r["item_id"]), r["linked_at"]) for r in named(
        conn, "SELECT item_id, linked_at FROM case_items WHERE case_id = ? ORDER BY item_id",
        (case_id_,))]


def summaries(conn: sqlite3.Connection) -> list[CaseSummary]:
    return all_of(conn, CaseSummary, (
        "SELECT c.id, c.slug, c.title, c.against, c.platform, c.created_at, c.claimant, "
        "c.claim, "
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
                              f"c.created_at, c.claimant, c.claim FROM {table} x "
                              f"JOIN cases c ON c.id = x.case_id "
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

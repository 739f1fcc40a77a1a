"""Notes (calls, chats, visits the user recorded), their attachments and promises."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from evidence_vault.records.rows import all_of, column, columns_of, new_id, one, scalar


@dataclass(frozen=True)
class Note:
    id: int
    sha256: str
    channel: str
    at: str
    with_whom: str | None
    ticket: str | None
    text: str
    created_at: str

    @property
    def ref(self) -> str:
        return f"N{self.id}"


@dataclass(frozen=True)
class Promise:
    id: int
    note_id: int | None
    item_id: int | None
    text: str
    due: str | None
    status: str
    created_at: str

    @property
    def ref(self) -> str:
        return f"P{self.id}"


@dataclass(frozen=True)
class CasePromise:
    """A promise with where it was made (a note or an item) and a case that holds it
    (one row per case; slug None for one in no case)."""

    id: int
    note_id: int | None
    item_id: int | None
    text: str
    due: str | None
    status: str
    slug: str | None

    @property
    def source(self) -> str:
        return f"N{self.note_id}" if self.note_id is not None else f"E{self.item_id}"


@dataclass(frozen=True)
class PromiseState:
    """What a promise's digest covers: its text, due day, status, the hashes of the
    note or item it came from, and when it was recorded."""

    text: str
    due: str | None
    status: str
    note_sha: str | None
    item_sha: str | None
    created_at: str


_NOTE = columns_of(Note)
_PROMISE = columns_of(Promise)


def get(conn: sqlite3.Connection, note_id: int) -> Note | None:
    return one(conn, Note, f"SELECT {_NOTE} FROM notes WHERE id = ?", (note_id,))


def ids(conn: sqlite3.Connection) -> list[int]:
    return column(conn, "SELECT id FROM notes ORDER BY id")


def count(conn: sqlite3.Connection) -> int:
    return int(scalar(conn, "SELECT count(*) FROM notes"))


def exists(conn: sqlite3.Connection, note_id: int) -> bool:
    return scalar(conn, "SELECT 1 FROM notes WHERE id = ?", (note_id,)) is not None


def ids_by_sha_prefix(conn: sqlite3.Connection, prefix: str, limit: int = 2) -> list[int]:
    return column(conn, "SELECT id FROM notes WHERE sha256 LIKE ? LIMIT ?",
                  (prefix + "%", limit))


def by_sha(conn: sqlite3.Connection, sha: str) -> Note | None:
    return one(conn, Note, f"SELECT {_NOTE} FROM notes WHERE sha256 = ?", (sha,))


def same_content(conn: sqlite3.Connection, channel: str, at: str, text: str,
                 with_whom: str | None, ticket: str | None) -> list[int]:
    """Notes with these columns (candidates for 'the same note recorded again')."""
    return column(conn, "SELECT id FROM notes WHERE channel = ? AND at = ? AND text = ? "
                        "AND with_whom IS ? AND ticket IS ? ORDER BY id",
                  (channel, at, text, with_whom, ticket))


def insert(conn: sqlite3.Connection, *, sha256: str, channel: str, at: str,
           with_whom: str | None, ticket: str | None, text: str, created_at: str) -> int:
    return new_id(conn.execute(
        "INSERT INTO notes (sha256, channel, at, with_whom, ticket, text, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (sha256, channel, at, with_whom, ticket, text, created_at)))


def attach(conn: sqlite3.Connection, note_id: int, item_ids: list[int]) -> None:
    conn.executemany("INSERT OR IGNORE INTO note_attachments (note_id, item_id) VALUES (?, ?)",
                     [(note_id, i) for i in item_ids])


def attachments(conn: sqlite3.Connection, note_id: int) -> list[int]:
    """The ids of the items attached to a note, by id."""
    return column(conn, "SELECT item_id FROM note_attachments WHERE note_id = ? ORDER BY item_id",
                  (note_id,))


def attachment_shas(conn: sqlite3.Connection, note_id: int) -> list[str]:
    """The hashes of a note's attachments, sorted: as its stored record lists them."""
    return column(conn, "SELECT i.sha256 FROM note_attachments a JOIN items i ON i.id = a.item_id "
                        "WHERE a.note_id = ? ORDER BY i.sha256", (note_id,))


# ---- promises -------------------------------------------------------------------------------

def promises_of(conn: sqlite3.Connection, note_id: int) -> list[Promise]:
    return all_of(conn, Promise, f"SELECT {_PROMISE} FROM promises WHERE note_id = ? ORDER BY id",
                  (note_id,))


def promise(conn: sqlite3.Connection, promise_id: int) -> Promise | None:
    return one(conn, Promise, f"SELECT {_PROMISE} FROM promises WHERE id = ?", (promise_id,))


def promise_ids(conn: sqlite3.Connection) -> list[int]:
    return column(conn, "SELECT id FROM promises ORDER BY id")


def insert_promise(conn: sqlite3.Connection, note_id: int, text: str, due: str | None,
                   created_at: str) -> int:
    return new_id(conn.execute(
        "INSERT INTO promises (note_id, text, due, status, created_at) VALUES (?, ?, ?, 'open', ?)",
        (note_id, text, due, created_at)))


def set_promise_status(conn: sqlite3.Connection, promise_id: int, status: str) -> bool:
    """False if there is no such promise."""
    return conn.execute("UPDATE promises SET status = ? WHERE id = ?",
                        (status, promise_id)).rowcount > 0


def case_promises(conn: sqlite3.Connection, case_id: int | None = None) -> list[CasePromise]:
    """Every promise, whatever it was read from (a note, a screenshot), with its case;
    all of them or one case's; by due day (none last). A promise of an amended or voided
    note no longer counts."""
    where = "WHERE c.id = ?" if case_id is not None else ""
    sql = (
        "SELECT * FROM ("
        "SELECT p.id, p.note_id, p.item_id, p.text, p.due, p.status, c.slug FROM promises p "
        "JOIN case_notes cn ON cn.note_id = p.note_id JOIN cases c ON c.id = cn.case_id "
        f"{where} UNION ALL "
        "SELECT p.id, p.note_id, p.item_id, p.text, p.due, p.status, c.slug FROM promises p "
        "JOIN case_items ci ON ci.item_id = p.item_id JOIN cases c ON c.id = ci.case_id "
        f"{where}")
    params: tuple[int, ...] = (case_id, case_id) if case_id is not None else ()
    if case_id is None:  # and those in no case
        sql += (" UNION ALL SELECT p.id, p.note_id, p.item_id, p.text, p.due, p.status, NULL "
                "FROM promises p WHERE NOT EXISTS (SELECT 1 FROM case_notes cn WHERE "
                "cn.note_id = p.note_id) AND NOT EXISTS (SELECT 1 FROM case_items ci WHERE "
                "ci.item_id = p.item_id)")
    sql += ") ORDER BY due IS NULL, due, id, slug"
    gone = superseded(conn)
    return [p for p in all_of(conn, CasePromise, sql, params) if p.note_id not in gone]


def of_item(conn: sqlite3.Connection, item_id: int) -> list[Promise]:
    """The promises read from an item (a screenshot of a chat), in the order found."""
    return all_of(conn, Promise, f"SELECT {_PROMISE} FROM promises WHERE item_id = ? ORDER BY id",
                  (item_id,))


def insert_item_promise(conn: sqlite3.Connection, item_id: int, text: str, due: str | None,
                        created_at: str) -> int:
    return new_id(conn.execute(
        "INSERT INTO promises (item_id, text, due, status, created_at) VALUES (?, ?, ?, 'open', ?)",
        (item_id, text, due, created_at)))


def promise_state(conn: sqlite3.Connection, promise_id: int) -> PromiseState | None:
    return one(conn, PromiseState, (
        "SELECT p.text, p.due, p.status, n.sha256 AS note_sha, i.sha256 AS item_sha, "
        "p.created_at FROM promises p LEFT JOIN notes n ON n.id = p.note_id "
        "LEFT JOIN items i ON i.id = p.item_id WHERE p.id = ?"), (promise_id,))


def promise_exists(conn: sqlite3.Connection, promise_id: int) -> bool:
    return scalar(conn, "SELECT 1 FROM promises WHERE id = ?", (promise_id,)) is not None


# ---- amended and voided notes (migration 0006) ----------------------------------------------

@dataclass(frozen=True)
class NoteChange:
    id: int
    note_id: int
    action: str  # amended | void
    by_note_id: int | None
    reason: str | None
    created_at: str

    def state(self, by_sha: str | None) -> dict[str, Any]:
        """What the changed note's digest covers (the new version by its hash)."""
        return {"action": self.action, "by": by_sha, "reason": self.reason,
                "created_at": self.created_at}


_CHANGE = columns_of(NoteChange)


def changes_of(conn: sqlite3.Connection, note_id: int) -> list[NoteChange]:
    """What happened to a note since it was recorded ([] on a vault before 0006)."""
    try:
        return all_of(conn, NoteChange, f"SELECT {_CHANGE} FROM note_changes WHERE note_id = ? "
                                        "ORDER BY id", (note_id,))
    except sqlite3.OperationalError:
        return []


def amends(conn: sqlite3.Connection, note_id: int) -> int | None:
    """The note this one amends, if it is an amendment."""
    try:
        return scalar(conn, "SELECT note_id FROM note_changes WHERE by_note_id = ? "
                            "AND action = 'amended'", (note_id,))
    except sqlite3.OperationalError:
        return None


def add_change(conn: sqlite3.Connection, note_id: int, action: str, created_at: str, *,
               by_note_id: int | None = None, reason: str | None = None) -> int:
    return new_id(conn.execute(
        "INSERT INTO note_changes (note_id, action, by_note_id, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?)", (note_id, action, by_note_id, reason, created_at)))


def superseded(conn: sqlite3.Connection) -> set[int]:
    """The notes amended or voided: no longer counted in the timeline, due or dossier."""
    try:
        return set(column(conn, "SELECT DISTINCT note_id FROM note_changes"))
    except sqlite3.OperationalError:
        return set()

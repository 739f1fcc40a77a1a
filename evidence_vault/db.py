"""The vault's SQLite database: connection, pragmas, migrations, transactions.

WAL mode and a busy timeout let two `vault` processes write at once; every
write goes through `write()`, which takes the write lock up front
(BEGIN IMMEDIATE) so that read-then-write steps such as appending to the
custody log cannot interleave. synchronous=FULL because a lost commit here is
lost evidence, and a commit per item is cheap next to reading the item.

Migrations are the numbered SQL files in schema/migrations, registered with
sqlite-utils' Migrations (one named step per file, each in a transaction) and
applied under a file lock so that two processes opening a new vault do not
race.
"""

from __future__ import annotations

import contextlib
import fcntl
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from evidence_vault import resources
from evidence_vault.errors import VaultLockedError

BUSY_TIMEOUT_S = 30.0


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; executescript() would commit."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buf[:60]!r}")
    return out


def migrations() -> Migrations:
    steps = Migrations("evidence_vault")
    for path in resources.migrations():
        sql = path.read_text(encoding="utf-8")

        def apply(db: sqlite_utils.Database, _sql: str = sql) -> None:
            for statement in _statements(_sql):
                db.conn.execute(statement)

        steps(name=path.stem)(apply)
    return steps


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    with open(path, "a+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def connect(path: Path, lock_path: Path) -> sqlite_utils.Database:
    """Open (creating and migrating if needed) the database at `path`."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    steps = migrations()
    if steps.pending(db) or conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        with file_lock(lock_path):
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            steps.apply(db)
    return db


@contextlib.contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction that holds the write lock from its first statement."""
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise VaultLockedError(
                f"the vault is busy: another vault process held it for over {BUSY_TIMEOUT_S:.0f} s"
            ) from e
        raise
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")

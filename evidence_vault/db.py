"""The vault's SQLite database: connection, pragmas, migrations, transactions.

WAL mode and a busy timeout let two `vault` processes write at once; every
write goes through `write()`, which takes the write lock up front
(BEGIN IMMEDIATE) so that read-then-write steps such as appending to the
custody log cannot interleave. synchronous=FULL because a lost commit here is
lost evidence, and a commit per item is cheap next to reading the item.

Migrations are the numbered SQL files in schema/migrations, registered with
sqlite-utils' Migrations (one named step per file, each in a transaction) and
applied under a file lock so that two processes opening a new vault do not
race. sqlite-utils is imported only when a migration is pending: importing it
costs ~0.2 s (it pulls in numpy where numpy is installed, as the OCR engine
needs), which every `vault` command would otherwise pay. Day to day the vault
talks to the sqlite3 connection directly.
"""

from __future__ import annotations

import contextlib
import fcntl
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from evidence_vault import resources
from evidence_vault.errors import VaultLockedError

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Migrations

BUSY_TIMEOUT_S = 30.0
MIGRATION_SET = "evidence_vault"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' own bookkeeping table


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
    leftover = [ln for ln in buf.splitlines() if ln.strip() and not ln.strip().startswith("--")]
    if leftover:
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buf[:60]!r}")
    return out


def migrations() -> Migrations:
    from sqlite_utils import Database, Migrations

    steps = Migrations(MIGRATION_SET)
    for path in resources.migrations():
        sql = path.read_text(encoding="utf-8")

        def apply(db: Database, _sql: str = sql) -> None:
            for statement in _statements(_sql):
                db.conn.execute(statement)

        steps(name=path.stem)(apply)
    return steps


def _pending(conn: sqlite3.Connection) -> bool:
    wanted = {p.stem for p in resources.migrations()}
    try:
        done = {r[0] for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", (MIGRATION_SET,))}
    except sqlite3.OperationalError:
        return True  # no bookkeeping table yet: a new vault
    return bool(wanted - done)


def migrate(conn: sqlite3.Connection) -> None:
    from sqlite_utils import Database

    migrations().apply(Database(conn))


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    with open(path, "a+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def connect(path: Path, lock_path: Path) -> sqlite3.Connection:
    """Open (creating and migrating if needed) the database at `path`."""
    # Autocommit at the driver level: transactions are only the explicit ones in write().
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False,
                           isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    if _pending(conn) or conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        with file_lock(lock_path):
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            if _pending(conn):
                migrate(conn)
    return conn


@contextlib.contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that holds the write lock from its first statement."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise VaultLockedError(
                f"the vault is busy: another vault process held it for over {BUSY_TIMEOUT_S:.0f} s"
            ) from e
        raise
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")

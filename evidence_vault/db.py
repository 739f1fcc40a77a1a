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

A vault on read-only media (a DVD, a write-protected USB stick, a folder
mounted read-only) is opened read-only: `connect_read_only` asks SQLite for
`mode=ro`, which reads a WAL database only when its -shm file exists or can
be created; a vault closed cleanly has neither -wal nor -shm, and there
`immutable=1` (no locks, no -shm) is exact, since nothing can change the file.
With a -wal that holds changes and no -shm, no read-only open sees those
changes, so the vault is refused rather than shown without them. The
connection remembers why it cannot write, and `write()`, the one place every
change begins, refuses with one line that says so.

A vault.db that is another program's SQLite database is refused before
anything is written to it (`connect` reads only sqlite_master first).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from evidence_vault import resources
from evidence_vault.errors import (
    DiskFullError,
    NotAVaultError,
    ReadOnlyVaultError,
    VaultError,
    VaultLockedError,
)
from evidence_vault.i18n import L_

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


class Connection(sqlite3.Connection):
    """A connection to a vault's database that knows whether the vault can be written."""

    read_only: str | None = None  # why the vault cannot be written; None when it can
    location: str = ""            # the vault folder, for messages


# errno values that mean "this place cannot be written", met on the first write attempt
READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def read_only_reason(root: Path, db_path: Path) -> str | None:
    """Why the vault at `root` cannot be written, or None when it can (as far
    as can be told without writing)."""
    try:
        if os.statvfs(root).f_flag & os.ST_RDONLY:
            return "read-only file system"
    except OSError:
        pass
    if not os.access(root, os.W_OK):
        return "its folder is not writable"
    if db_path.exists() and not os.access(db_path, os.W_OK):
        return "vault.db is not writable"
    return None


DISK_FULL = "its disk is full"  # a reason for read-only: SQLite could not even make its -shm


def disk_full(root: Path) -> bool:
    """Whether the file system holding `root` has (next to) no room left."""
    try:
        st = os.statvfs(root)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 256 * 1024


def read_only_error(location: str, reason: str) -> VaultError:
    if reason == DISK_FULL:
        return _disk_full(location)
    return ReadOnlyVaultError(
        L_(
            "the vault at {location} is read-only ({reason}): this command changes it; copy it somewhere "
            "writable or use `vault backup`",
            location=location, reason=reason))


def require_writable(conn: sqlite3.Connection) -> None:
    """Raise ReadOnlyVaultError before a command writes anything (a blob, a temporary file)."""
    reason = getattr(conn, "read_only", None)
    if reason:
        raise read_only_error(getattr(conn, "location", ""), reason)


def _disk_full(location: str) -> DiskFullError:
    return DiskFullError(L_(
        "the disk holding the vault at {location} is full: nothing was recorded; free some space and run "
        "the command again",
        location=location))


def translate(conn: sqlite3.Connection, exc: BaseException) -> VaultError | None:
    """The VaultError a user should see for a write that failed for want of
    space or permission, or None when `exc` is something else."""
    location = getattr(conn, "location", "") or "?"
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
        if "database or disk is full" in text:
            return _disk_full(location)
        if "readonly" in text or "read-only" in text:
            return read_only_error(location, text)
    elif isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return _disk_full(location)
        if exc.errno == errno.EROFS:
            return read_only_error(location, "read-only file system")
    return None


def _raise_translated(conn: sqlite3.Connection, exc: BaseException) -> None:
    error = translate(conn, exc)
    if error is not None:
        raise error from None


def _is_foreign(conn: sqlite3.Connection) -> bool:
    """A database with tables of its own and no record of our migrations.

    A vault being created by another process shows either no tables or only
    the empty migrations table (sqlite-utils commits it before the first
    migration), so neither counts as foreign."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables -= {MIGRATIONS_TABLE, "sqlite_sequence", "sqlite_stat1"}
    if not tables:
        return False
    try:
        row = conn.execute(f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set = ? LIMIT 1",
                           (MIGRATION_SET,)).fetchone()
    except sqlite3.OperationalError:
        return True
    return row is None


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    if _is_foreign(conn):
        conn.close()
        raise NotAVaultError(L_(
            "{path} is a SQLite database but not an evidence vault; nothing was changed (give --vault a "
            "folder of its own)",
            path=path))


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    with open(path, "a+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def connect(path: Path, lock_path: Path) -> sqlite3.Connection:
    """Open (creating and migrating if needed) the database at `path`.
    Refuses another program's database before writing anything to it."""
    # Autocommit at the driver level: transactions are only the explicit ones in write().
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False,
                           isolation_level=None, factory=Connection)
    conn.location = str(path.parent)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    _refuse_foreign(conn, path)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    if _pending(conn) or conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        with file_lock(lock_path):
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            if _pending(conn):
                migrate(conn)
    return conn


def connect_read_only(path: Path, reason: str) -> Connection:
    """Open the vault database at `path` for reading only; `reason` says why
    it cannot be written and goes into the error of any command that tries."""
    uri = "file:" + urllib.parse.quote(str(path.absolute()))

    def open_(query: str) -> Connection:
        conn = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=BUSY_TIMEOUT_S,
                               check_same_thread=False, isolation_level=None, factory=Connection)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    try:
        conn = open_("mode=ro")
    except sqlite3.OperationalError:
        # A WAL database needs its -shm; with no -wal (or an empty one) the
        # database file alone is the whole vault and immutable=1 reads it exactly.
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise ReadOnlyVaultError(
                L_(
                    "the vault at {parent} is read-only ({reason}) and its vault.db-wal holds changes "
                    "that cannot be read without writing vault.db-shm; copy the whole folder somewhere "
                    "writable and open the copy",
                    parent=path.parent, reason=reason)) from None
        try:
            conn = open_("mode=ro&immutable=1")
        except sqlite3.DatabaseError as e:
            raise VaultError(L_(
                "{path} is not a usable vault database: {e}",
                path=path, e=e)) from None
    conn.read_only = reason
    conn.location = str(path.parent)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA query_only = ON")
    _refuse_foreign(conn, path)
    if _pending(conn):
        conn.close()
        raise ReadOnlyVaultError(
            L_(
                "the vault at {parent} is read-only ({reason}) and was made by an older version of "
                "vault: it must be upgraded before it can be read, which changes it; copy it somewhere "
                "writable and open the copy",
                parent=path.parent, reason=reason))
    return conn


@contextlib.contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that holds the write lock from its first statement.

    The one place every change begins: a read-only vault is refused here, and
    a full disk or a file system that turned read-only becomes one line."""
    require_writable(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise VaultLockedError(
                L_(
                    "the vault is busy: another vault process held it for over {busy_timeout_s:.0f} s",
                    busy_timeout_s=BUSY_TIMEOUT_S)
            ) from e
        _raise_translated(conn, e)
        raise
    try:
        yield conn
    except BaseException as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        _raise_translated(conn, exc)
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as e:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            _raise_translated(conn, e)
            raise

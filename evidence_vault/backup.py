"""Backups and restores: a complete, verified copy of a vault that is itself a vault.

`backup(vault, dest)` copies the live vault; `restore(src, dest)` copies a backup
(or any vault folder) into a new folder. Both run the same steps:

  1. snapshot   the database, through SQLite's online backup API, into DEST/.backup-tmp/.
                One step under one read transaction, so the copy is consistent while
                other processes keep writing (WAL readers do not block writers).
  2. blobs      the originals the SNAPSHOT's items and notes reference, copied after
                the snapshot was taken, so every one of them exists (an add commits its
                row only after its blob is in place, and blobs are never removed).
                Blobs stored later, or left by an add that died, are not copied: the
                snapshot does not reference them, and in the copy `verify` would call
                them originals that belong to no item.
                Each blob is hashed while it is read, written to DEST/.backup-tmp, fsynced and
                renamed into place, so a blob at its final name is complete; a rerun
                keeps a blob already there once it re-hashes to its name. That is what
                makes an interrupted backup resumable without copying anything twice.
  3. place      the snapshot is renamed to DEST/vault.db, and HEAD written to match the
                snapshot's last log entry (the live HEAD may already be ahead of it).
  4. verify     the vault's own verify runs on DEST and re-reads every byte there.

The source's HEAD, read before the snapshot, must name an entry of the snapshot
(HEAD never runs ahead of the committed log); if it does not, the log was cut and
the copy gets the source's HEAD as it is, so that the copy's verify says so instead
of a fresh HEAD hiding the cut.

A backup folder carries a BACKUP file ({backup_of: vault_id, state, ...}) from its
first step, which is how a rerun knows an interrupted backup of the same vault from a
foreign folder. A backup whose verification fails puts the previous verified copy's
database and HEAD back: a damaged source never replaces a good backup.
Only after the copy is verified does the source's custody log record the backup (a
read-only source is backed up all the same, without that entry).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from evidence_vault import custody, records
from evidence_vault.errors import InvalidInputError, VaultError, VaultLockedError
from evidence_vault.integrity import Problem
from evidence_vault.store import ObjectStore, copy_hashed
from evidence_vault.vault import Vault
from evidence_vault.when import now_iso

MARKER = "BACKUP"
RESTORING = "RESTORING"
_DB = "vault.db"
_SNAPSHOT = "snapshot.db"
_PREVIOUS = "previous"
_LOCK = ".backup-lock"
# The copy's own work folder, beside the vault's tmp/ rather than in it: what the vault
# does with its tmp/ (cleaning what a dead process left) must not reach the previous
# verified database that waits here.
_STAGE = ".backup-tmp"


@dataclass
class CopyReport:
    """What a backup or restore did. `ok` only if the copy verified clean."""

    action: str  # backup | restore
    source: str
    dest: str
    head: dict[str, Any]
    files: int = 0
    copied: int = 0
    reused: int = 0
    bytes: int = 0
    bytes_copied: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    verified: bool = False
    logged: bool = False
    log_note: str | None = None

    @property
    def ok(self) -> bool:
        return self.verified and not self.problems

    def to_json(self) -> dict[str, Any]:
        out = {"ok": self.ok, "source": self.source, "dest": self.dest, "head": self.head,
               "files": self.files, "copied": self.copied, "reused": self.reused,
               "bytes": self.bytes, "bytes_copied": self.bytes_copied,
               "seconds": round(self.seconds, 3), "verified": self.verified,
               "problems": [p.to_json() for p in self.problems]}
        if self.action == "backup":
            out["logged"] = self.logged
        return out


# ---- where a copy may go -----------------------------------------------------------------

def _refuse_overlap(src: Path, dst: Path, what: str) -> None:
    if dst == src:
        raise InvalidInputError(f"{what} {dst} is the vault itself; choose a folder outside it")
    if src in dst.parents:
        raise InvalidInputError(f"{what} {dst} is inside the vault {src}; choose a folder "
                                "outside it (on another disk, ideally)")
    if dst in src.parents:
        raise InvalidInputError(f"{what} {dst} holds the vault {src}; choose a folder outside it")


def _own_leftover(name: str) -> bool:
    """What a copy killed before its first marker landed leaves: the lock it takes
    first, and the half-written temporary of that marker."""
    return name == _LOCK or (name.startswith((f".{MARKER}.", f".{RESTORING}."))
                             and name.endswith(".tmp"))


def _is_empty(dst: Path) -> bool:
    return all(_own_leftover(p.name) for p in dst.iterdir())


def _clean_leftovers(dst: Path) -> None:
    """Temporary control files of a killed run (we hold the lock: none is live)."""
    for p in dst.glob(".*.tmp"):
        if p.name.startswith((f".{MARKER}.", f".{RESTORING}.", ".HEAD.")):
            _unlink(p)


def _read_json(path: Path) -> dict[str, Any] | None:
    """A control file another run wrote: parsed as untrusted, None if unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _vault_id_of(db_path: Path) -> str | None:
    """The vault_id of the database at db_path, read without changing the folder."""
    try:
        conn = _open_source(db_path)
    except InvalidInputError:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return row[0] if row else None


def _check_backup_dest(src: Path, dst: Path, vault_id: str | None) -> dict[str, Any] | None:
    """Refuse a DEST a backup must not touch; return its BACKUP marker if it is an
    earlier (possibly incomplete) backup of this vault, else None (a new backup)."""
    _refuse_overlap(src, dst, "backup destination")
    if not dst.exists() and not dst.is_symlink():
        return None
    if not dst.is_dir():
        raise InvalidInputError(f"backup destination {dst} exists and is not a folder")
    if _is_empty(dst):
        return None
    marker = _read_json(dst / MARKER)
    if marker is None or marker.get("backup_of") != vault_id:
        if (dst / _DB).exists():
            raise InvalidInputError(
                f"backup destination {dst} is a vault, not a backup of this vault made by "
                "`vault backup`; choose an empty or new folder")
        raise InvalidInputError(f"backup destination {dst} is not empty and is not a backup of "
                                "this vault; choose an empty or new folder")
    if (dst / _DB).exists() and _vault_id_of(dst / _DB) != vault_id:
        raise InvalidInputError(f"backup destination {dst} holds a database of another vault; "
                                "choose an empty or new folder")
    return marker


def _check_restore_dest(src: Path, dst: Path, vault_id: str | None) -> None:
    _refuse_overlap(src, dst, "restore destination")
    if not dst.exists() and not dst.is_symlink():
        return
    if not dst.is_dir():
        raise InvalidInputError(f"restore destination {dst} exists and is not a folder")
    if _is_empty(dst):
        return
    # A restore that was interrupted may be run again: its marker names the same vault.
    marker = _read_json(dst / RESTORING)
    if (marker is not None and marker.get("vault_id") == vault_id
            and (not (dst / _DB).exists() or _vault_id_of(dst / _DB) == vault_id)):
        return
    if (dst / _DB).exists():
        raise InvalidInputError(f"restore destination {dst} is a vault already; restore into a "
                                "new or empty folder")
    raise InvalidInputError(f"restore destination {dst} is not empty; restore into a new or "
                            "empty folder")


@contextlib.contextmanager
def _stopped(action: str, dst: Path):
    """A disk that fills up, a stick pulled out, a file where a folder should be: one
    line, and what is in place stays usable for the next run to resume from."""
    try:
        yield
    except (OSError, sqlite3.OperationalError) as e:
        what = getattr(e, "strerror", None) or str(e)
        filename = getattr(e, "filename", None)  # OperationalError has none
        where = f" ({filename})" if filename else ""
        raise VaultError(f"{action} into {dst} stopped: {what}{where}; nothing in the vault "
                         f"was changed; free the problem and run it again to resume") from None


@contextlib.contextmanager
def _exclusive(dst: Path):
    """One backup or restore into a folder at a time."""
    with os.fdopen(os.open(dst / _LOCK, os.O_RDWR | os.O_CREAT, 0o600), "r+b") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise VaultLockedError(f"another backup or restore into {dst} is running") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


# ---- the copy ------------------------------------------------------------------------------

def _stage(dst: Path) -> Path:
    stage = dst / _STAGE
    stage.mkdir(mode=0o700, exist_ok=True)
    return stage


def _write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _remove_db(path: Path) -> None:
    """A database file with its WAL: a stale -wal beside a new file would be replayed into it."""
    for suffix in ("-wal", "-shm", ""):
        _unlink(path.with_name(path.name + suffix))


@dataclass
class _Snapshot:
    path: Path
    vault_id: str | None
    head: tuple[int, str]
    blobs: set[str]  # the sha256 of every original and note record it references
    log_hashes: dict[int, str]
    head_bytes: bytes | None = None  # what DEST/HEAD will hold (None: no HEAD)


def _snapshot(src_conn: sqlite3.Connection, stage: Path) -> _Snapshot:
    path = stage / _SNAPSHOT
    _remove_db(path)
    dst_conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        # pages=-1: the whole database in one step, under one read transaction.
        src_conn.backup(dst_conn, pages=-1)
        meta = dst_conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
        blobs = records.items.blob_shas(dst_conn)
        log_hashes = dict(dst_conn.execute("SELECT seq, hash FROM custody_log"))
        head = custody.head(dst_conn)
    except sqlite3.DatabaseError as e:
        raise VaultError(f"cannot copy the vault's database: {e}") from None
    finally:
        dst_conn.close()
    os.chmod(path, 0o600)
    return _Snapshot(path, meta[0] if meta else None, head, blobs, log_hashes)


def _copy_blob(src: Path, dst: Path, tmp_dir: Path, sha: str) -> tuple[str, int, str | None]:
    """Copy one blob; return (copied | reused | failed, bytes, problem)."""
    if dst.is_file() and not dst.is_symlink():
        with contextlib.suppress(OSError), open(dst, "rb") as f:
            if hashlib.file_digest(f, "sha256").hexdigest() == sha:
                return "reused", os.fstat(f.fileno()).st_size, None
    try:
        fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return "failed", 0, "original is missing from the vault's objects/: not copied"
    except OSError as e:
        return "failed", 0, f"original cannot be read ({e.strerror}): not copied"
    tmp = tmp_dir / f"blob-{sha[:16]}-{os.getpid()}"
    try:
        with os.fdopen(fd, "rb") as inp:
            if not stat.S_ISREG(os.fstat(inp.fileno()).st_mode):
                return "failed", 0, "original is not a regular file: not copied"
            with open(tmp, "wb") as out:
                digest, size = copy_hashed(inp, out)
        if digest != sha:
            return "failed", 0, "original in the vault does not match its hash: not copied"
        dst.parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(tmp, 0o444)
        if dst.is_symlink() or dst.exists():
            _unlink(dst)  # a copy that no longer matched: replaced by a good one
        os.replace(tmp, dst)
        return "copied", size, None
    finally:
        _unlink(tmp)


def _head_for_copy(head_before: bytes | None, snap: _Snapshot) -> bytes | None:
    """HEAD for the copy: the snapshot's head when the source's HEAD vouches for the
    snapshot's log, else the source's HEAD untouched, so the copy's verify reports it."""
    seq, h = snap.head
    fresh = (json.dumps({"vault_id": snap.vault_id or "", "seq": seq, "hash": h}) + "\n").encode()
    if head_before is None:
        return fresh if not snap.log_hashes else None
    try:
        before = json.loads(head_before.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return head_before
    if not isinstance(before, dict):
        return head_before
    bseq, bhash = before.get("seq"), before.get("hash")
    if not isinstance(bseq, int) or isinstance(bseq, bool) or bseq < 0:
        return head_before
    if bseq == 0 or snap.log_hashes.get(bseq) == bhash:
        return fresh
    return head_before


def _read_head(root: Path) -> bytes | None:
    try:
        return (root / "HEAD").read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return b"unreadable"


def _copy(src_root: Path, src_conn: sqlite3.Connection, dst: Path, report: CopyReport,
          expect_vault_id: str | None) -> _Snapshot:
    """Steps 1 and 2: the snapshot into DEST/.backup-tmp and its blobs into DEST/objects."""
    dst_store = ObjectStore(dst)
    dst_store.ensure()
    stage = _stage(dst)
    for stale in stage.glob("blob-*"):  # left by a copy that was killed; we hold the lock
        _unlink(stale)
    head_before = _read_head(src_root)
    snap = _snapshot(src_conn, stage)
    if expect_vault_id is not None and snap.vault_id != expect_vault_id:
        raise VaultError(f"{src_root}'s database does not belong to vault {expect_vault_id}")
    report.head = {"seq": snap.head[0], "hash": snap.head[1]}
    snap.head_bytes = _head_for_copy(head_before, snap)

    src_store = ObjectStore(src_root)
    shas = sorted(snap.blobs)
    report.files = len(shas)

    def one(sha: str) -> tuple[str, str, int, str | None]:
        status, size, problem = _copy_blob(src_store.path(sha), dst_store.path(sha), stage, sha)
        return sha, status, size, problem

    workers = max(1, min(4, os.cpu_count() or 1))
    touched: set[Path] = set()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for sha, status, size, problem in pool.map(one, shas):
            if status == "failed":
                report.problems.append(Problem(_ref_of(snap, sha), problem or "not copied"))
                continue
            report.bytes += size
            if status == "copied":
                report.copied += 1
                report.bytes_copied += size
                touched.add(dst_store.path(sha).parent)
            else:
                report.reused += 1
    for d in touched:
        _fsync_dir(d)
    return snap


def _ref_of(snap: _Snapshot, sha: str) -> str:
    conn = sqlite3.connect(f"file:{quote(str(snap.path))}?mode=ro", uri=True)
    try:
        item = records.items.by_sha(conn, sha)
        if item:
            return item.ref
        note = records.notes.by_sha(conn, sha)
        return note.ref if note else sha[:12]
    finally:
        conn.close()


def _place(dst: Path, snap: _Snapshot, keep_previous: bool) -> None:
    """Step 3: the snapshot becomes DEST/vault.db and HEAD matches it. With
    keep_previous, the verified database and HEAD it replaces wait in .backup-tmp/ until
    the copy verifies (one already waiting there, from a run that was killed, is
    the verified one: what is in place then is that run's unverified copy)."""
    prev_db, prev_head = _previous(dst)
    for suffix in ("-wal", "-shm"):
        _unlink(dst / (_DB + suffix))
    if not keep_previous:
        _remove_db(prev_db)
        _unlink(prev_head)
    elif not prev_db.exists() and (dst / _DB).exists():
        _unlink(prev_head)
        if (dst / "HEAD").exists():
            os.replace(dst / "HEAD", prev_head)
        os.replace(dst / _DB, prev_db)
    os.replace(snap.path, dst / _DB)
    if snap.head_bytes is None:
        _unlink(dst / "HEAD")
    else:
        _write_atomic(dst / "HEAD", snap.head_bytes)
    _fsync_dir(dst)


def _previous(dst: Path) -> tuple[Path, Path]:
    return _stage(dst) / f"{_PREVIOUS}.db", _stage(dst) / f"{_PREVIOUS}.HEAD"


def _put_back_previous(dst: Path) -> bool:
    prev_db, prev_head = _previous(dst)
    if not prev_db.exists():
        return False
    _remove_db(dst / _DB)
    if prev_head.exists():
        os.replace(prev_head, dst / "HEAD")
    else:
        _unlink(dst / "HEAD")
    os.replace(prev_db, dst / _DB)
    _fsync_dir(dst)
    return True


def _drop_previous(dst: Path) -> None:
    prev_db, prev_head = _previous(dst)
    _remove_db(prev_db)
    _unlink(prev_head)


def _verify(dst: Path, report: CopyReport) -> None:
    """Step 4: the vault's own verify, on the copy, re-reading every byte there."""
    with Vault.open(dst) as copy:
        result = copy.verify(record=False)
    report.problems += [p for p in result.problems if p not in report.problems]
    report.verified = result.ok


# ---- the two operations ---------------------------------------------------------------------

def backup(vault: Vault, dest: Path | str) -> CopyReport:
    """Copy `vault` to `dest` (new, empty, or an earlier backup of this vault), verify
    the copy, and record the backup in the vault's custody log. Returns the report;
    `report.ok` is False if anything could not be copied or the copy does not verify."""
    started = time.monotonic()
    src = vault.root.resolve()
    dst = Path(dest).expanduser().resolve()
    marker = _check_backup_dest(src, dst, vault.vault_id)
    try:
        dst.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as e:
        raise InvalidInputError(f"cannot create backup destination {dst}: {e.strerror}") from None
    report = CopyReport("backup", str(src), str(dst), {"seq": 0, "hash": custody.GENESIS})
    with _stopped("backup", dst), _exclusive(dst):
        marker = _check_backup_dest(src, dst, vault.vault_id)  # again, now that we hold it
        _clean_leftovers(dst)
        if not (dst / _DB).exists():
            _put_back_previous(dst)  # a run killed while swapping databases
        # A verified copy in this folder is kept until the new one verifies.
        had_good = _previous(dst)[0].exists() or bool(
            marker and marker.get("state") in ("verified", "updating") and (dst / _DB).exists())
        _write_marker(dst, vault.vault_id, str(src), "updating" if had_good else "incomplete",
                      marker)
        snap = _copy(src, vault.db, dst, report, vault.vault_id)
        _place(dst, snap, keep_previous=had_good)
        _verify(dst, report)
        if report.ok:
            _drop_previous(dst)
            with contextlib.suppress(OSError):
                (dst / _STAGE).rmdir()
            _write_marker(dst, vault.vault_id, str(src), "verified", marker, report)
        elif _put_back_previous(dst):
            report.problems.append(Problem(None, "the previous verified backup in this folder "
                                                 "was kept; the failed copy was discarded"))
            _write_marker(dst, vault.vault_id, str(src), "verified", marker)
        else:
            _write_marker(dst, vault.vault_id, str(src), "failed", marker, report)
    report.seconds = time.monotonic() - started
    if report.ok:
        _log_backup(vault, report)
    return report


def _write_marker(dst: Path, vault_id: str | None, source: str, state: str,
                  previous: dict[str, Any] | None, report: CopyReport | None = None) -> None:
    data: dict[str, Any] = {"backup_of": vault_id, "source": source, "state": state,
                            "updated_at": now_iso()}
    if report is not None:
        data["head"] = report.head
    elif previous and isinstance(previous.get("head"), dict):
        data["head"] = previous["head"]
    _write_atomic(dst / MARKER, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())


def _log_backup(vault: Vault, report: CopyReport) -> None:
    """The source's custody log records a verified backup; a read-only vault cannot."""
    try:
        with vault.change("backup", None, {"dest": report.dest, "head": report.head,
                                           "files": report.files, "bytes": report.bytes}):
            pass  # the entry is the change: the source's log records the verified copy
    except VaultError as e:
        report.log_note = f"not recorded in the vault's custody log: {e}"
        return
    except (sqlite3.OperationalError, OSError) as e:
        report.log_note = f"not recorded in the vault's custody log (read-only vault?): {e}"
        return
    report.logged = True


def restore(source: Path | str, dest: Path | str) -> CopyReport:
    """Copy the vault (or backup) at `source` into `dest`, which must not exist or be
    empty, and verify the copy. The source is only read."""
    started = time.monotonic()
    src = Path(source).expanduser().resolve()
    dst = Path(dest).expanduser().resolve()
    if not (src / _DB).is_file():
        raise InvalidInputError(f"{source} is not a vault or a backup: it has no {_DB}")
    vault_id = _vault_id_of(src / _DB)
    if vault_id is None:
        raise InvalidInputError(f"{source}/{_DB} is not a vault database")
    _check_restore_dest(src, dst, vault_id)
    try:
        dst.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as e:
        raise InvalidInputError(f"cannot create restore destination {dst}: {e.strerror}"
                                ) from None
    report = CopyReport("restore", str(src), str(dst), {"seq": 0, "hash": custody.GENESIS})
    with _stopped("restore", dst), _exclusive(dst):
        _check_restore_dest(src, dst, vault_id)
        _clean_leftovers(dst)
        _write_atomic(dst / RESTORING, (json.dumps({"vault_id": vault_id, "source": str(src)})
                                        + "\n").encode())
        src_conn = _open_source(src / _DB)
        try:
            snap = _copy(src, src_conn, dst, report, vault_id)
        finally:
            src_conn.close()
        _place(dst, snap, keep_previous=False)
        _verify(dst, report)
        if report.ok:
            with contextlib.suppress(OSError):
                (dst / _STAGE).rmdir()
            _unlink(dst / RESTORING)
    _unlink(dst / _LOCK)
    report.seconds = time.monotonic() - started
    return report


def _open_source(db_path: Path) -> sqlite3.Connection:
    """The source of a restore. A plain connection first: it only reads, and when it
    closes SQLite removes the -wal and -shm files it made, leaving the folder as it
    was (a read-only connection would leave them behind). On read-only media, where
    that connection cannot make them, the file is read as immutable."""
    last: sqlite3.DatabaseError | None = None
    for uri in (f"file:{quote(str(db_path))}?mode=rw", f"file:{quote(str(db_path))}?immutable=1"):
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.DatabaseError as e:
            last = e
            continue
        try:
            conn.execute("SELECT count(*) FROM meta").fetchone()
            return conn
        except sqlite3.DatabaseError as e:
            conn.close()
            last = e
    raise InvalidInputError(f"cannot read {db_path}: {last}")

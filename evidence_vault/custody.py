"""The custody log: append-only and hash-chained.

Every change to the vault appends one entry inside the same transaction as
the change. An entry is {seq, at, action, ref, detail, prev}; its hash is the
SHA-256 of its canonical JSON, and `prev` is the hash of the entry before it
(64 zeros for the first). Removing or editing an entry breaks the chain.

Entries that change something carry `detail.digests`: the state digest of
every entity (item E12, note N3, case C:slug, promise P4, reading R7) after
the change. `vault verify` recomputes those digests from the database, so a
row edited behind the vault's back no longer matches the last digest logged
for it. A digest is a bare hex SHA-256 (version 1, what vaults made before
2027 logged) or "v2:" + hex; verify recomputes each entity by the version of
the entry that last vouched for it, so a new digest never fails an old vault.
The table `vouched` (key → last digest and the seq that logged it) is kept in
the same transaction as each append, so "does the log vouch for this?" is one
indexed look-up; verify re-derives it from the log and reports any
difference.

HEAD: cutting entries off the END leaves a valid chain, so the head (seq,
hash and the vault's id) is also written to the file HEAD beside the database.
The rule that bounds how far HEAD may lag:

1. HEAD is written after a commit (never before: HEAD must never name an
   entry that is not committed), and only ever moves forward.
2. Before appending entry n+1, `append` (holding the database's write lock)
   makes sure HEAD is at least n, writing it if a process died between its
   commit and its HEAD write.

(Rule 2 writes HEAD under .lock while holding the write lock, but only when HEAD
lags, i.e. after a kill; a migration holds .lock and then waits for the write
lock, so at worst one of the two waits out the busy timeout, never forever.)

So at every moment HEAD is at most ONE entry behind the last committed entry,
whatever the number of processes and however many of them were killed: a
kill can only leave the newest entry unrecorded in HEAD, and the next append
records it before adding another. `vault verify` reads HEAD before its
snapshot of the database (so HEAD cannot name an entry the snapshot lacks)
and again after it (so entries committed in between are not mistaken for a
lag), and reports a lag of more than one entry: HEAD set back, or replaced.
Limit: someone who rewrites vault.db and HEAD together (or puts back an older
copy of both) cannot be told from the real thing by the vault alone; only a
head recorded elsewhere (an exported dossier's manifest) can tell.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_vault.db import file_lock
from evidence_vault.identity import sha256_json
from evidence_vault.when import now_iso

GENESIS = "0" * 64
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
HEAD_TEMP_PREFIX = ".head-"


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    action: str
    ref: str | None
    detail: dict[str, Any]
    prev: str
    hash: str

    def body(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "action": self.action, "ref": self.ref,
                "detail": self.detail, "prev": self.prev}

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "hash": self.hash}

    def digests(self) -> dict[str, str]:
        """The state digests this entry vouches for (only well-formed ones)."""
        d = self.detail.get("digests")
        if not isinstance(d, dict):
            return {}
        return {k: v for k, v in d.items() if isinstance(k, str) and isinstance(v, str)}


def entry_hash(body: dict[str, Any]) -> str:
    return sha256_json(body)


def append(db: sqlite3.Connection, action: str, ref: str | None,
           detail: dict[str, Any]) -> Entry:
    """Append one entry. Call inside db.write(): the write lock makes the
    read of the previous entry and the insert one step. Keeps the `vouched`
    index and the HEAD lag rule (module docstring) in the same step."""
    row = db.execute(
        "SELECT seq, hash FROM custody_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    if row:
        _catch_up_head(db, row[0], row[1])
    at = now_iso()
    body = {"seq": seq, "at": at, "action": action, "ref": ref, "detail": detail,
            "prev": prev}
    h = entry_hash(body)
    db.execute(
        "INSERT INTO custody_log (seq, at, action, ref, detail, prev, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, at, action, ref, json.dumps(detail, ensure_ascii=False, sort_keys=True),
         prev, h))
    entry = Entry(seq, at, action, ref, detail, prev, h)
    digests = entry.digests()
    if digests:
        db.executemany("INSERT OR REPLACE INTO vouched (key, digest, seq) VALUES (?, ?, ?)",
                       [(k, v, seq) for k, v in digests.items()])
    return entry


def vouched_digest(db: sqlite3.Connection, key: str) -> str | None:
    """The last digest the log vouched for `key` (E12, R7 …), from the index."""
    row = db.execute("SELECT digest FROM vouched WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _decode(raw: Any) -> tuple[Any, bool]:
    """(text, ok): a column read as bytes, decoded; bit rot becomes U+FFFD."""
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8"), True
        except UnicodeDecodeError:
            return raw.decode("utf-8", "replace"), False
    return raw, True


def load(db: sqlite3.Connection) -> tuple[list[Entry], list[tuple[str | None, str]]]:
    """Every entry, read as untrusted input: a detail that is not a JSON
    object, or text that is not UTF-8, is a problem, never a crash. Such an
    entry keeps what could be read, so its hash no longer matches."""
    entries_: list[Entry] = []
    problems: list[tuple[str | None, str]] = []
    for r in db.execute(
            "SELECT seq, CAST(at AS BLOB), CAST(action AS BLOB), CAST(ref AS BLOB), "
            "CAST(detail AS BLOB), CAST(prev AS BLOB), CAST(hash AS BLOB) FROM custody_log "
            "ORDER BY seq"):
        seq = r[0]
        cols = [_decode(c) for c in r[1:]]
        if not all(ok for _, ok in cols):
            problems.append((f"log#{seq}", "custody log entry holds text that is not valid "
                                           "UTF-8 (bit rot or tampering)"))
        at, action, ref, detail_text, prev, h = (c for c, _ in cols)
        try:
            detail = json.loads(detail_text)
        except (TypeError, ValueError):
            detail = None
        if not isinstance(detail, dict):
            problems.append((f"log#{seq}", "custody log entry's detail is not a JSON object"))
            detail = {"unreadable": detail_text if isinstance(detail_text, str) else None}
        entries_.append(Entry(seq if isinstance(seq, int) else -1, str(at), str(action),
                              ref if ref is None else str(ref), detail, str(prev), str(h)))
    return entries_, problems


def entries(db: sqlite3.Connection) -> list[Entry]:
    return load(db)[0]


def head(db: sqlite3.Connection) -> tuple[int, str]:
    row = db.execute(
        "SELECT seq, hash FROM custody_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


# ---- the HEAD file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    vault_id: str | None


class MalformedHead(ValueError):
    """HEAD exists but is not {"vault_id": str, "seq": int ≥ 0, "hash": 64 hex}."""


def read_head(path: Path) -> Head | None:
    """HEAD, parsed as untrusted input: None if there is none; raises
    MalformedHead (a one-line reason) for anything else than a well-formed head."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise MalformedHead(f"cannot be read: {e.strerror or e}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise MalformedHead("is not JSON") from None
    if not isinstance(data, dict):
        raise MalformedHead(f"holds a JSON {type(data).__name__}, not an object")
    seq, h, vid = data.get("seq"), data.get("hash"), data.get("vault_id")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise MalformedHead("has no valid seq")
    if not isinstance(h, str) or not _HEX64.match(h):
        raise MalformedHead("has no valid hash")
    if vid is not None and not isinstance(vid, str):
        raise MalformedHead("has no valid vault_id")
    return Head(seq, h, vid)


def read_head_file(path: Path) -> dict[str, Any] | None:
    """HEAD as a dict (seq -1 when malformed), for callers that only show it."""
    try:
        hd = read_head(path)
    except MalformedHead:
        return {"seq": -1, "hash": "unreadable"}
    return None if hd is None else {"vault_id": hd.vault_id, "seq": hd.seq, "hash": hd.hash}


def _head_reaches(path: Path, seq: int) -> bool:
    """Does HEAD record entry `seq` or a later one? A malformed HEAD records none."""
    try:
        current = read_head(path)
    except MalformedHead:
        return False
    return current is not None and current.seq >= seq


def write_head_file(path: Path, lock: Path, seq: int, hash_: str, vault_id: str) -> None:
    """Advance HEAD to (seq, hash) unless another process already moved it
    further. A malformed HEAD is replaced (verify has reported it)."""
    with file_lock(lock):
        if _head_reaches(path, seq):
            return
        # The temporary file lives only while `lock` is held, so whoever holds
        # the lock knows any .head-* it sees was left by a dead process.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=HEAD_TEMP_PREFIX)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"vault_id": vault_id, "seq": seq, "hash": hash_}, f)
                f.write("\n")
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself must survive a power cut (rule 2 relies on it)
        finally:
            os.close(dir_fd)


def _catch_up_head(db: sqlite3.Connection, seq: int, hash_: str) -> None:
    """Rule 2: before entry seq+1 is added, HEAD must record at least seq."""
    path = head_path(db)
    if path is None or _head_reaches(path, seq):
        return
    row = db.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    write_head_file(path, path.parent / ".lock", seq, hash_, row[0] if row else "")


def head_path(db: sqlite3.Connection) -> Path | None:
    """HEAD beside the database file (None for an in-memory database)."""
    for _, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file).parent / "HEAD" if file else None
    return None


def check_chain(log: list[Entry]) -> list[tuple[str | None, str]]:
    """(ref, what is wrong) for every break in the chain."""
    problems: list[tuple[str | None, str]] = []
    prev = GENESIS
    expected_seq = 1
    for e in log:
        if e.seq != expected_seq:
            problems.append((f"log#{e.seq}",
                             f"custody log entries {expected_seq}–{e.seq - 1} are missing"))
        if e.prev != prev:
            problems.append((f"log#{e.seq}",
                             "custody log chain broken: prev does not match the entry before"))
        if entry_hash(e.body()) != e.hash:
            problems.append((f"log#{e.seq}", "custody log entry was altered (hash mismatch)"))
        prev = e.hash
        expected_seq = e.seq + 1
    return problems


def concerns(entry: Entry, key: str) -> bool:
    """Is the entry about the entity `key` (E12, N3, P4)? It is when it names it as its
    ref (alone or among others, as link entries do), vouches for its state, or lists
    it among the items or notes it moved or amended."""
    detail = entry.detail if isinstance(entry.detail, dict) else {}
    digests = detail.get("digests")
    if isinstance(digests, dict) and key in digests:
        return True
    if key in (entry.ref or "").split(","):
        return True
    moved = [*(detail.get("items") or []), *(detail.get("notes") or [])]
    return key in moved or detail.get("amends") == key

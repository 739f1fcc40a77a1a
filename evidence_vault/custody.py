"""The custody log: append-only and hash-chained.

Every change to the vault appends one entry inside the same transaction as
the change. An entry is {seq, at, action, ref, detail, prev}; its hash is the
SHA-256 of its canonical JSON, and `prev` is the hash of the entry before it
(64 zeros for the first). Removing or editing an entry breaks the chain.

Entries that change something carry `detail.digests`: the state digest of
every entity (item E12, note N3, case C:slug, promise P4) after the change.
`vault verify` recomputes those digests from the database, so a row edited
behind the vault's back no longer matches the last digest logged for it.

Cutting entries off the END leaves a valid chain, so the head (seq and hash)
is also written to the file HEAD beside the database after every commit.
HEAD may lag the database by the entry being written when a process died;
it must never be ahead of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_vault.db import file_lock
from evidence_vault.identity import sha256_json
from evidence_vault.when import now_iso

GENESIS = "0" * 64
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


def entry_hash(body: dict[str, Any]) -> str:
    return sha256_json(body)


def append(db: sqlite3.Connection, action: str, ref: str | None,
           detail: dict[str, Any]) -> Entry:
    """Append one entry. Call inside db.write(): the write lock makes the
    read of the previous entry and the insert one step."""
    row = db.execute(
        "SELECT seq, hash FROM custody_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    body = {"seq": seq, "at": now_iso(), "action": action, "ref": ref, "detail": detail,
            "prev": prev}
    h = entry_hash(body)
    db.execute(
        "INSERT INTO custody_log (seq, at, action, ref, detail, prev, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (seq, body["at"], action, ref, json.dumps(detail, ensure_ascii=False, sort_keys=True),
         prev, h))
    return Entry(seq, body["at"], action, ref, detail, prev, h)


def entries(db: sqlite3.Connection) -> list[Entry]:
    return [
        Entry(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6])
        for r in db.execute(
            "SELECT seq, at, action, ref, detail, prev, hash FROM custody_log ORDER BY seq")
    ]


def head(db: sqlite3.Connection) -> tuple[int, str]:
    row = db.execute(
        "SELECT seq, hash FROM custody_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def read_head_file(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (ValueError, OSError):
        return {"seq": -1, "hash": "unreadable"}


def write_head_file(path: Path, lock: Path, seq: int, hash_: str, vault_id: str) -> None:
    """Advance HEAD to (seq, hash) unless another process already moved it further."""
    with file_lock(lock):
        current = read_head_file(path)
        if current and isinstance(current.get("seq"), int) and current["seq"] >= seq:
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

"""Integrity: what the custody log vouches for, and `vault verify`, which proves it.

Three parts, one concern. `States` computes the state digest of every entity
the log vouches for (an item with its reading and fields, a note, a case with
its members, a promise, a reading). `change` is the one door every mutation
goes through: the write transaction, the digests of what it vouches for, the
custody entry and HEAD. `verify` re-reads every byte of every original,
recomputes every digest and compares it with the last one the hash-chained log
holds, checks the chain and HEAD, and returns the problems (an
empty list means intact); it never raises on what it exists to judge.

Digests are versioned: version 1 is a bare hex SHA-256, as vaults made before
2027 logged it; version 2 ("v2:" + hex) also covers a reading's warnings and
time, a case's link times and a promise's time. New entries always log the
current version; verify recomputes each entity by the version its last entry
used, so old vaults stay clean. Never change what a version hashes: add one.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence_vault import custody, records
from evidence_vault import db as dbmod
from evidence_vault.errors import NotFoundError
from evidence_vault.identity import canonical_json, sha256_bytes, sha256_json
from evidence_vault.store import ObjectStore

if TYPE_CHECKING:  # pragma: no cover
    from evidence_vault.vault import Vault

#: the version of the state digests new custody entries carry (see custody.py)
DIGEST_VERSION = 2
#: the digest logged for an entity a change removed (a case renamed, merged or removed):
#: the log vouches that it is gone, so verify expects it absent from the database
GONE = "gone"
_TAGGED = re.compile(r"^v(\d+):([0-9a-f]{64})$")
_BARE = re.compile(r"^[0-9a-f]{64}$")


def _tagged(version: int, hex_digest: str) -> str:
    """Version 1 digests are bare hex (what old vaults logged); later ones say their version."""
    return hex_digest if version == 1 else f"v{version}:{hex_digest}"


def _digest_version(logged: str | None) -> int | None:
    if logged is None:
        return None
    if _BARE.match(logged):
        return 1
    m = _TAGGED.match(logged)
    return int(m.group(1)) if m and 2 <= int(m.group(1)) <= DIGEST_VERSION else None


@dataclass(frozen=True)
class Problem:
    ref: str | None
    what: str

    def to_json(self) -> dict[str, Any]:
        return {"ref": self.ref, "what": self.what}


@dataclass
class VerifyReport:
    """What verify found. `problems` fail it; `notices` (such as an original
    stored by an add still in flight) are worth knowing and fail nothing."""

    problems: list[Problem]
    checked: dict[str, int]
    bytes_hashed: int = 0
    notices: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked,
                "problems": [p.to_json() for p in self.problems],
                "notices": [p.to_json() for p in self.notices]}


class States:
    """The state digest of every entity the custody log vouches for (E, N, C:, P, R),
    read from one connection. One home for "what the log vouches for": the mutations
    log these digests and verify recomputes them."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    # What the custody log vouches for.
    #
    # A digest is versioned (custody.py): version 1 is a bare hex SHA-256, as vaults made
    # before 2027 logged it; version 2 ("v2:" + hex) also covers a reading's warnings and
    # time, a case's link times and a promise's time. New entries always log the current
    # version; verify recomputes each entity by the version its last entry used, so old
    # vaults stay clean. Never change what a version hashes: add a version instead.

    def fields_state(self, column: str, owner_id: int) -> list[dict[str, Any]]:
        return records.fields.dicts_of(self.db, column, owner_id)

    def item_digest(self, item_id: int, version: int = DIGEST_VERSION) -> str:
        r = records.items.stored(self.db, item_id)
        if r is None:
            raise NotFoundError(f"no item E{item_id}")
        reading: Any = None
        if r.reading_id is not None and version >= 2:
            reading = self.reading_state(r.reading_id)
        elif r.reading_id is not None:
            rd = records.items.reading(self.db, r.reading_id)
            reading = None if rd is None else {
                "sha256": rd.sha256, "engine": rd.engine, "engine_version": rd.engine_version,
                "text": sha256_bytes(rd.text.encode("utf-8")),
                "lines": sha256_bytes(rd.lines.encode("utf-8"))}
        state = {"sha256": r.sha256, "size": r.size, "mime": r.mime, "filename": r.filename,
                 "added_at": r.added_at, "captured_at": r.captured_at,
                 "captured_at_source": r.captured_at_source, "app": r.app,
                 "app_package": r.app_package, "capture_detail": r.capture(),
                 "user_note": r.user_note, "reading": reading,
                 "fields": self.fields_state("item_id", item_id)}
        description = self.description("item_id", item_id)
        if description:  # only when set, so that older digests stay valid
            state["description"] = description
        self._corrections(state, "item_id", item_id)
        return _tagged(version, sha256_json(state))

    def _corrections(self, state: dict[str, Any], column: str, owner_id: int) -> None:
        """The user's corrections of an item or note, in order (only when there are
        any, so that digests logged before corrections existed stay valid)."""
        made = records.corrections.of_owner(self.db, column, owner_id)
        if made:
            state["corrections"] = [c.state() for c in made]

    def reading_state(self, reading_id: int) -> dict[str, Any] | None:
        """Everything a reading holds (the text and lines by their hashes)."""
        rd = records.items.reading(self.db, reading_id)
        if rd is None:
            return None
        return {"sha256": rd.sha256, "engine": rd.engine, "engine_version": rd.engine_version,
                "text": sha256_bytes(rd.text.encode("utf-8")),
                "lines": sha256_bytes(rd.lines.encode("utf-8")),
                "warnings": sha256_bytes(rd.warnings.encode("utf-8")),
                "created_at": rd.created_at}

    def reading_digest(self, reading_id: int, version: int = DIGEST_VERSION) -> str:
        """A reading's own digest (key R<id>); readings exist from version 2 on."""
        return _tagged(max(version, 2), sha256_json(self.reading_state(reading_id)))

    def description(self, column: str, owner_id: int) -> dict[str, str | None] | None:
        found = records.fields.description(self.db, column, owner_id)
        return found.to_dict() if found else None

    def note_content(self, note_id: int) -> dict[str, Any]:
        """A note as its stored record holds it (the canonical JSON hashed into its sha256)."""
        n = records.notes.get(self.db, note_id)
        if n is None:
            raise NotFoundError(f"no note N{note_id}")
        content = {"type": "note", "channel": n.channel, "at": n.at, "with": n.with_whom,
                   "ticket": n.ticket, "text": n.text, "created_at": n.created_at,
                   "attachments": records.notes.attachment_shas(self.db, note_id),
                   "promises": [{"text": p.text, "due": p.due}
                                for p in records.notes.promises_of(self.db, note_id)]}
        amended = records.notes.amends(self.db, note_id)
        if amended is not None:  # an amendment's record names the note it amends
            old = records.notes.get(self.db, amended)
            content["amends"] = old.sha256 if old else None
        return content

    def note_digest(self, note_id: int, version: int = DIGEST_VERSION) -> str:
        # Version 2 hashes the same state: every column of a note is in its stored record.
        n = records.notes.get(self.db, note_id)
        if n is None:
            raise NotFoundError(f"no note N{note_id}")
        state: dict[str, Any] = {"sha256": n.sha256,
                                 "fields": self.fields_state("note_id", note_id)}
        description = self.description("note_id", note_id)
        if description:
            state["description"] = description
        self._corrections(state, "note_id", note_id)
        changes = records.notes.changes_of(self.db, note_id)
        if changes:  # amended or voided since (only then, so older digests stay valid)
            state["changes"] = [c.state(self._note_sha(c.by_note_id)) for c in changes]
        return _tagged(version, sha256_json(state))

    def _note_sha(self, note_id: int | None) -> str | None:
        found = records.notes.get(self.db, note_id) if note_id is not None else None
        return found.sha256 if found else None

    def case_digest(self, case_id: int, version: int = DIGEST_VERSION) -> str:
        c = records.cases.get(self.db, case_id)
        items: list[Any] = [sha if version < 2 else {"sha256": sha, "linked_at": linked_at}
                            for sha, linked_at in records.cases.linked_items_state(self.db,
                                                                                   case_id)]
        state: dict[str, Any] = {
            "slug": c.slug, "title": c.title, "against": c.against, "platform": c.platform,
            "created_at": c.created_at, "items": items,
            "notes": records.cases.linked_notes_state(self.db, case_id)}
        # 申请人 and 诉求 (migration 0007) only once set, so that older digests stay valid
        for key in ("claimant", "claim"):
            if getattr(c, key) is not None:
                state[key] = getattr(c, key)
        return _tagged(version, sha256_json(state))

    def promise_digest(self, promise_id: int, version: int = DIGEST_VERSION) -> str:
        p = records.notes.promise_state(self.db, promise_id)
        if p is None:
            raise NotFoundError(f"no promise P{promise_id}")
        state = {"text": p.text, "due": p.due, "status": p.status, "note": p.note_sha,
                 "item": p.item_sha}
        if version >= 2:
            state["created_at"] = p.created_at
        return _tagged(version, sha256_json(state))

    def digest_of(self, key: str, version: int) -> str | None:
        """The current digest of the entity named `key` (E12, N3, C:slug, P4, R7) by
        `version`; None if the database has no such entity."""
        kind, rest = key[:1], key[1:]
        if kind == "C" and rest.startswith(":"):
            found = records.cases.find(self.db, rest[1:])
            return None if found is None or found.slug != rest[1:] else self.case_digest(
                found.id, version)
        if not rest.isdigit() or kind not in _EXISTS:
            return None
        if not _EXISTS[kind](self.db, int(rest)):
            return None
        return _DIGESTS[kind](self, int(rest), version)

    def vouched_now(self, key: str) -> bool:
        """Does the entity's current state match the last digest the log vouched
        for it? (one indexed look-up in `vouched`, then the digest by its version)"""
        logged = custody.vouched_digest(self.db, key)
        version = _digest_version(logged)
        return version is not None and self.digest_of(key, version) == logged

    def reading_trusted(self, reading_id: int) -> bool:
        """What the reading cache trusts: a reading whose own digest (R<id>) the log
        vouches for, or one that an item's vouched digest covers. An item vouched by a
        version-1 digest covers the reading's text and lines but not its warnings or
        time: those are taken as they are. Any other reading (one written behind the
        vault's back, or left unreferenced by a vault made before readings were
        vouched) is never reused: the file is read again."""
        if self.vouched_now(f"R{reading_id}"):
            return True
        return any(self.vouched_now(f"E{i}")
                   for i in records.items.using_reading(self.db, reading_id))


class Change:
    """One change as the custody log will record it: its action, the ref it names,
    its detail, and the entities it vouches for (their digests are computed at the
    end of the change, so they describe the state the change leaves)."""

    def __init__(self, action: str, ref: str | None, detail: dict[str, Any]) -> None:
        self.action, self.ref, self.detail = action, ref, detail
        self.keys: list[str] = []
        self.removed: list[str] = []
        self.logged = True
        self.warnings: list[str] = []
        self.entry: custody.Entry | None = None

    def vouch(self, *keys: str) -> None:
        """Log the state digest of these entities (E12, N3, C:slug, P4, R7)."""
        self.keys.extend(k for k in keys if k not in self.keys)

    def gone(self, *keys: str) -> None:
        """Log these entities (C:slug) as removed by this change: verify then expects
        them absent, and their history stays in the log under their key."""
        self.removed.extend(k for k in keys if k not in self.removed)

    def skip(self) -> None:
        """Nothing changed after all: no entry (the transaction still commits)."""
        self.logged = False


@contextlib.contextmanager
def change(vault: Vault, action: str, ref: str | None = None,
           detail: dict[str, Any] | None = None, *, head_warns: bool = False) -> Iterator[Change]:
    """The one door every change to the vault goes through.

    Opens the write transaction (or joins the one already open, for a change made
    inside another, such as a case created by `add --case`), lets the caller make
    its change, then, in the same transaction, computes the current state digest
    of every entity the change vouches for and appends the custody entry; after
    the commit it moves HEAD. A HEAD that cannot be written raises, unless
    `head_warns`: then it is a warning in `Change.warnings` (HEAD may lag the log
    by one entry, custody.py; the next change catches it up)."""
    db = vault.db
    joined = db.in_transaction
    ch = Change(action, ref, dict(detail or {}))
    with contextlib.nullcontext() if joined else dbmod.write(db):
        yield ch
        if ch.logged:
            body = dict(ch.detail)
            if ch.keys or ch.removed:
                body["digests"] = {k: GONE for k in ch.removed if k not in ch.keys}
                body["digests"].update(
                    {k: vault.states.digest_of(k, DIGEST_VERSION) for k in ch.keys})
            ch.entry = custody.append(db, ch.action, ch.ref, body)
    if joined or not ch.logged:
        return
    try:
        vault._sync_head()
    except OSError as e:
        if not head_warns:
            raise
        ch.warnings.append(f"the HEAD file was not updated ({e.strerror or e}); the next command "
                           "that changes the vault updates it")


def verify(vault: Vault, *, record: bool = True) -> VerifyReport:
    """Re-read and re-hash every original, check every row against the
    digests the custody log vouches for, and walk the chain. Returns the
    problems; an empty list means intact.

    Verify sees one consistent vault while other processes write to it:
    HEAD is read first, then every query runs in one read transaction (one
    SQLite snapshot), and objects/ is listed after that snapshot began, so
    every original the snapshot knows of is already in place. A stored
    original that no item or note of the snapshot owns yet, and whose bytes
    match its name, is an add in flight (or one that was stopped): it is
    counted in checked["in_flight"] and named in `notices`, never a problem.

    What is trusted: nothing in vault.db or HEAD on its own. Each entity
    (E, N, C:, P, R) must match the last digest the hash-chained log holds
    for it, by that entry's digest version (custody.py); meta's vault_id and
    created_at match the log's first entry; exhibit numbers match the
    export entries; HEAD bounds the log's end. A reading that neither has
    its own digest nor is covered by an item's is reported, unless it
    predates vouched readings (migration 0004): such a legacy reading is
    never used as a cache, nor printed, so it is left alone.
    """
    problems: list[Problem] = []
    notices: list[Problem] = []
    head_before = _read_head(vault)
    bad_text: list[bytes] = []
    conn = vault.db
    saved_factory = conn.text_factory
    conn.text_factory = _tolerant_text(bad_text)
    conn.execute("BEGIN")
    try:
        log, log_problems = custody.load(conn)  # the first read fixes the snapshot
        head_after = _read_head(vault)
        blobs, scan_problems = _scan_objects(vault.store.objects)  # after the snapshot began
        problems += [Problem(ref, what) for ref, what in log_problems]
        problems += [Problem(ref, what) for ref, what in custody.check_chain(log)]
        problems += _check_head(vault, log, head_before, head_after)
        problems += scan_problems
        check = _Checker(vault, problems, bad_text, log)
        check.meta()
        check.vouched_index()
        check.entities()
    finally:
        conn.execute("ROLLBACK")
        conn.text_factory = saved_factory

    # Re-hash every blob (outside the snapshot: blobs never change), in parallel:
    # hashlib releases the GIL on large reads.
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        hashed = dict(zip(blobs, pool.map(_hash_blob, blobs.values()), strict=True))
    total_bytes = sum(b.size for b in hashed.values())

    for ref, sha, size, kind in check.blobs:
        b = hashed.get(sha)
        what = "the note's stored record" if kind == "note" else "original"
        if b is None:
            problems.append(Problem(ref, f"{what} is missing from objects/"))
        elif b.state != "ok":
            problems.append(Problem(ref, f"{what} {_BLOB_STATES[b.state]}"))
        elif b.digest != sha:
            problems.append(Problem(ref, "content hash mismatch: "
                                    + ("the note's record was changed" if kind == "note"
                                       else "the original was changed")))
        elif size is not None and b.size != size:
            problems.append(Problem(ref, "size in the database does not match the original"))

    owned = {sha for _, sha, _, _ in check.blobs}
    in_flight = 0
    for name, b in sorted(hashed.items()):
        if name in owned:
            continue
        if not ObjectStore.looks_like_digest(name):
            problems.append(Problem(None, f"unexpected file in objects/: {name}"))
        elif b.state != "ok":
            problems.append(Problem(None, f"stored file {name[:12]}… {_BLOB_STATES[b.state]}"))
        elif b.digest != name:
            problems.append(Problem(None, f"stored file {name[:12]}… does not match its name: "
                                          "it was changed or is corrupt"))
        elif _is_note_record(b):
            in_flight += 1
            notices.append(Problem(None, f"stored note record {name[:12]}… belongs to no note "
                                         "yet: a `vault note` still running, or one that was "
                                         "stopped; recording the note again with `vault note` "
                                         "restores it"))
        else:
            in_flight += 1
            notices.append(Problem(None, f"stored original {name[:12]}… belongs to no item "
                                         "yet: a `vault add` still running, or one that was "
                                         "stopped; adding the same file again with `vault add` "
                                         "adopts it"))

    checked = {"items": check.counts["items"], "notes": check.counts["notes"],
               "cases": check.counts["cases"], "promises": check.counts["promises"],
               "readings": check.counts["readings"], "log": len(log),
               "bytes": total_bytes, "in_flight": in_flight}
    report = VerifyReport(problems, checked, total_bytes, notices)
    if record:
        _record_verify(vault, report)
    return report

def _read_head(vault: Vault) -> custody.Head | str | None:
    """HEAD, None if there is none, or why it cannot be used."""
    try:
        return custody.read_head(vault.head_path)
    except custody.MalformedHead as e:
        return f"the HEAD file {e}"

def _check_head(vault: Vault, log: list[custody.Entry], before: custody.Head | str | None,
                after: custody.Head | str | None) -> list[Problem]:
    """HEAD read before the snapshot must name an entry the snapshot holds;
    HEAD read after it may be further on (writes since), but the log may not
    run more than one entry past HEAD (the lag rule in custody.py)."""
    problems: list[Problem] = []
    if isinstance(before, str) or isinstance(after, str):
        reason = before if isinstance(before, str) else after
        problems.append(Problem("HEAD", f"{reason}: it was damaged or edited"))
    by_seq = {e.seq: e for e in log}
    last = log[-1].seq if log else 0
    heads = [h for h in (before, after) if isinstance(h, custody.Head)]
    meta_id = vault._meta("vault_id")
    for h in heads:
        if h.vault_id != meta_id:
            problems.append(Problem("HEAD", f"the HEAD file belongs to another vault "
                                            f"({h.vault_id!r}, this vault is {meta_id!r})"))
            break
    if isinstance(before, custody.Head) and before.seq > last:
        problems.append(Problem("HEAD", f"custody log entries after #{last} were removed "
                                        f"(HEAD records #{before.seq})"))
    for h in heads:
        if 0 < h.seq <= last and (h.seq not in by_seq or by_seq[h.seq].hash != h.hash):
            problems.append(Problem("HEAD", f"custody log entry #{h.seq} does not match HEAD"))
            break
    known = max([min(h.seq, last) for h in heads], default=0)
    if last - known > 1 and not isinstance(before, str) and not isinstance(after, str):
        if not heads:
            problems.append(Problem("HEAD", "the HEAD file is missing"))
        else:
            problems.append(Problem("HEAD", f"HEAD records #{known} but the custody log goes "
                                            f"to #{last}: HEAD was set back or replaced (it "
                                            "may lag by one entry at most)"))
    return problems

def _record_verify(vault: Vault, report: VerifyReport) -> None:
    if vault.read_only:
        return  # a read-only vault can be verified; the check just is not logged
    try:
        with vault.change("verify", None, {"ok": report.ok, "problems": len(report.problems),
                                           "checked": report.checked}):
            pass  # the entry is the change: the log records that the vault was checked
    except (sqlite3.OperationalError, OSError):
        return  # a read-only copy of a vault can be verified; it just is not logged


#: entity key prefix → (is there one with this id?, its digest), for keys such as E12, N3, P4, R7
_EXISTS: dict[str, Callable[[sqlite3.Connection, int], bool]] = {
    "E": records.items.exists,
    "N": records.notes.exists,
    "P": records.notes.promise_exists,
    "R": records.items.reading_exists,
}
_DIGESTS: dict[str, Callable[[States, int, int], str]] = {
    "E": States.item_digest,
    "N": States.note_digest,
    "P": States.promise_digest,
    "R": States.reading_digest,
}


# ---- verification helpers ------------------------------------------------------------------

_FAILED = object()
_BLOB_STATES = {
    "link": "is a symbolic link, not a file stored inside objects/ (it was replaced)",
    "other": "is not a regular file",
    "unreadable": "cannot be read",
}


def _tolerant_text(bad: list[bytes]) -> Callable[[bytes], str]:
    """A text factory that never raises: text that is not UTF-8 (bit rot that
    PRAGMA integrity_check passes) is decoded with U+FFFD and remembered, so
    that verify can name the row it came from instead of crashing."""
    def decode(raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(raw)
            return raw.decode("utf-8", "replace")
    return decode


@dataclass(frozen=True)
class _Blob:
    path: Path
    state: str  # ok | link | other | unreadable
    digest: str | None = None
    size: int = 0


def _scan_objects(objects: Path) -> tuple[dict[str, _Blob], list[Problem]]:
    """Every entry under objects/ by the digest its path claims, looked at with
    lstat: an original must be a regular file inside objects/, never a link
    to a copy somewhere else."""
    problems: list[Problem] = []
    blobs: dict[str, _Blob] = {}
    try:
        if stat.S_ISLNK(os.lstat(objects).st_mode):
            problems.append(Problem(None, "objects/ is a symbolic link: originals must be "
                                          "stored inside the vault"))
        subs = sorted(os.scandir(objects), key=lambda d: d.name)
    except FileNotFoundError:
        return blobs, problems
    for sub in subs:
        if not sub.is_dir(follow_symlinks=False):
            kind = "symbolic link" if sub.is_symlink() else "file"
            problems.append(Problem(None, f"unexpected {kind} in objects/: {sub.name}"))
            continue
        for f in sorted(os.scandir(sub.path), key=lambda d: d.name):
            state = ("link" if f.is_symlink() else
                     "ok" if f.is_file(follow_symlinks=False) else "other")
            blobs[sub.name + f.name] = _Blob(Path(f.path), state)
    return blobs, problems


def _hash_blob(blob: _Blob) -> _Blob:
    if blob.state != "ok":
        return blob
    try:
        fd = os.open(blob.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        return _Blob(blob.path, "link" if e.errno == errno.ELOOP else "unreadable")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return _Blob(blob.path, "other")
        with os.fdopen(fd, "rb", closefd=False) as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        return _Blob(blob.path, "ok", digest, st.st_size)
    except OSError:
        return _Blob(blob.path, "unreadable")
    finally:
        os.close(fd)


def _is_note_record(blob: _Blob) -> bool:
    """Is this stored file the canonical JSON of a note (as `vault note` writes)?"""
    if blob.size > 1 << 20:
        return False
    try:
        data = json.loads(blob.path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("type") == "note"


class _Checker:
    """The database half of `verify`, run inside its read snapshot: every
    entity against the digest the log last vouched for it, by its version."""

    def __init__(self, vault: Vault, problems: list[Problem], bad_text: list[bytes],
                 log: list[custody.Entry]) -> None:
        self.v, self.db, self.problems, self.bad_text, self.log = (
            vault, vault.db, problems, bad_text, log)
        self.vouched: dict[str, tuple[str, int]] = {}
        for e in log:
            for key, digest in e.digests().items():
                self.vouched[key] = (digest, e.seq)
        self.blobs: list[tuple[str, str, int | None, str]] = []  # ref, sha, size, item|note
        self.counts: dict[str, int] = {}

    def problem(self, ref: str | None, what: str) -> None:
        self.problems.append(Problem(ref, what))

    def guarded(self, ref: str, fn: Callable[..., Any], *args: Any) -> Any:
        """fn(*args), or _FAILED after reporting why the entity's rows cannot be read. (Pass a
        loop's variable as an argument, not through a closure.)"""
        seen = len(self.bad_text)
        try:
            result = fn(*args)
        except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError,
                NotFoundError) as e:
            self.problem(ref, f"its database rows cannot be read: {type(e).__name__}: {e}")
            return _FAILED
        if len(self.bad_text) > seen:
            self.problem(ref, "its database rows hold text that is not valid UTF-8 "
                              "(bit rot or tampering)")
            return _FAILED
        return result

    def check(self, ref: str, compute: Callable[[int], str], what: str) -> None:
        logged, seq = self.vouched.get(ref, (None, 0))
        if logged is None:
            self.problem(ref, f"{what} has no record in the custody log")
            return
        if logged == GONE:
            self.problem(ref, f"{what} was removed (custody log entry #{seq}) but is in the "
                              "database: it was put back behind the vault's back")
            return
        version = _digest_version(logged)
        if version is None:
            self.problem(ref, f"the custody log's digest for this {what} is not one this "
                              "version of vault knows")
            return
        current = self.guarded(ref, compute, version)
        if current is not _FAILED and current != logged:
            self.problem(ref, f"{what} was changed in the database behind the vault's back "
                              "(does not match the custody log)")

    # -- the vault's identity and settings ------------------------------------------------

    def meta(self) -> None:
        meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        init = next((e for e in self.log if e.action == "init"), None)
        if init is None:
            if self.log or meta.get("vault_id") is not None:
                self.problem("meta", "the custody log has no init entry: the vault's identity "
                                     "is vouched by nothing")
            return
        if init.detail.get("vault_id") != meta.get("vault_id"):
            self.problem("meta", "the vault's id (meta.vault_id) is not the one its custody "
                                 "log began with")
        created = meta.get("created_at")
        if "created_at" in init.detail:
            if init.detail["created_at"] != created:
                self.problem("meta", "the vault's creation time (meta.created_at) is not the "
                                     "one its custody log recorded")
        elif not _close_before(created, init.at, seconds=5):
            # vaults made before 2027 logged no creation time: it is written a moment
            # before the init entry, on the same clock
            self.problem("meta", "the vault's creation time (meta.created_at) does not match "
                                 "the time of its custody log's first entry")
        if "engine" in meta:
            configs = [e for e in self.log if e.action == "config" and "engine" in e.detail]
            if not configs or configs[-1].detail["engine"] != meta["engine"]:
                self.problem("meta", "the default OCR engine (meta.engine) was set behind the "
                                     "vault's back")

    def vouched_index(self) -> None:
        """`vouched` is derived from the log: re-derive it and compare."""
        table = {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT key, digest, seq FROM vouched")}
        wrong = sorted(k for k in set(table) | set(self.vouched)
                       if table.get(k) != self.vouched.get(k))
        if wrong:
            shown = ", ".join(wrong[:5]) + (" …" if len(wrong) > 5 else "")
            self.problem("vouched", f"the index of what the custody log vouches for differs "
                                    f"from the log for {shown}: it was edited")

    # -- every entity ---------------------------------------------------------------------

    def entities(self) -> None:
        db, v = self.db, self.v
        present: set[str] = set()
        item_ids = records.items.ids(db)
        referenced: set[int] = set()
        for item_id in item_ids:
            ref = f"E{item_id}"
            present.add(ref)
            row = self.guarded(ref, records.items.stored, db, item_id)
            if row is _FAILED or row is None:
                continue
            self.blobs.append((ref, row.sha256, row.size, "item"))
            if row.reading_id is not None:
                referenced.add(row.reading_id)
            self.check(ref, functools.partial(v.states.item_digest, item_id), "item")

        note_ids = records.notes.ids(db)
        for note_id in note_ids:
            ref = f"N{note_id}"
            present.add(ref)
            note = self.guarded(ref, records.notes.get, db, note_id)
            if note is _FAILED or note is None:
                continue
            sha = note.sha256
            self.blobs.append((ref, sha, None, "note"))
            content = self.guarded(ref, lambda n: sha256_bytes(
                canonical_json(v.states.note_content(n))), note_id)
            if content is not _FAILED and content != sha:
                self.problem(ref, "note was edited in the database: its text or details no "
                                  "longer match its hash")
            self.check(ref, functools.partial(v.states.note_digest, note_id), "note")

        exported = self._exported()
        cases = records.cases.ids_with_slugs(db)
        for case_id, slug in cases:
            ref = f"C:{slug}"
            present.add(ref)
            self.check(ref, functools.partial(v.states.case_digest, case_id), "case")
            numbers = self.guarded(ref, records.cases.exhibit_numbers, db, case_id)
            if numbers is not _FAILED:
                self._check_exhibits(ref, numbers, exported.get(slug, {}))

        promise_ids = records.notes.promise_ids(db)
        for pid in promise_ids:
            present.add(f"P{pid}")
            self.check(f"P{pid}", functools.partial(v.states.promise_digest, pid), "promise")

        legacy_below = _int_or(v._meta("legacy_readings_below"), 1)
        reading_ids = records.items.reading_ids(db)
        for rid in reading_ids:
            ref = f"R{rid}"
            present.add(ref)
            if ref in self.vouched:
                self.check(ref, functools.partial(v.states.reading_digest, rid), "reading")
            elif rid not in referenced and rid >= legacy_below:
                self.problem(ref, "reading has no record in the custody log: it was written "
                                  "behind the vault's back (it is never used)")
            # else: covered by its item's digest, or a legacy reading never used as a cache

        for key in sorted(set(self.vouched) - present):
            if self.vouched[key][0] != GONE:
                self.problem(key, "in the custody log but missing from the database")
        self.counts = {"items": len(item_ids), "notes": len(note_ids), "cases": len(cases),
                       "promises": len(promise_ids), "readings": len(reading_ids)}

    def _exported(self) -> dict[str, dict[str, Any]]:
        """Per case slug, the exhibit numbers every export logged (ref → number). A
        renamed case takes its numbers to its new slug; a case merged into another or
        removed takes them away (its exhibits rows went with it)."""
        out: dict[str, dict[str, Any]] = {}
        for e in self.log:
            numbers = e.detail.get("exhibits")
            ref = e.ref or ""
            if e.action == "export" and ref.startswith("C:") and isinstance(numbers, dict):
                out.setdefault(ref[2:], {}).update(numbers)
            renamed = e.detail.get("renamed_to")
            if e.action == "case-rename" and ref.startswith("C:") and isinstance(renamed, str):
                out[renamed] = out.pop(ref[2:], {})
            for key, digest in e.digests().items():
                if digest == GONE and key.startswith("C:"):
                    out.pop(key[2:], None)
        return out

    def _check_exhibits(self, ref: str, numbers: dict[str, int],
                        logged: dict[str, Any]) -> None:
        for key in sorted(set(numbers) | set(logged), key=lambda k: (k[0], int(k[1:] or 0)
                                                                     if k[1:].isdigit() else 0)):
            if numbers.get(key) != logged.get(key):
                self.problem(ref, f"exhibit numbers were changed behind the vault's back: "
                                  f"{key} is numbered {numbers.get(key) or 'nothing'} in the "
                                  f"database and {logged.get(key) or 'nothing'} in the export "
                                  "log, so the next dossier would renumber it")


def _int_or(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _close_before(earlier: str | None, later: str, *, seconds: int) -> bool:
    """Is `earlier` at most `seconds` before `later` (and not after it)?"""

    try:
        gap = (datetime.fromisoformat(later) - datetime.fromisoformat(earlier or "")
               ).total_seconds()
    except (TypeError, ValueError):
        return False
    return 0 <= gap <= seconds

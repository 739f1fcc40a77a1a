"""Adding files (`vault add`): one ordered sequence for every kind of file
(STYLE 9, 10):

    walk → hash → duplicate? → store blob → sniff type → claim capture time
         → read (OCR / text layer) → extract fields → one short transaction

Everything before the transaction happens outside it, so a crash leaves the
whole item or nothing (plus at most an unreferenced blob, which verify
lists as in flight and the next add of the same bytes adopts). A bad file is
a failed result, never an exception: the rest of the batch is kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from evidence_vault import capture, cases, filetypes, items, records, search
from evidence_vault import db as dbmod
from evidence_vault.errors import DiskFullError, FileRejectedError
from evidence_vault.i18n import L_, Msg
from evidence_vault.identity import sha256_open_file
from evidence_vault.models import Field, Reading
from evidence_vault.walk import Found, decode_name, open_found, walk
from evidence_vault.when import now_iso, parse_user_datetime

if TYPE_CHECKING:  # pragma: no cover
    from evidence_vault.ingest import Engine
    from evidence_vault.pipeline import ReadPool
    from evidence_vault.vault import Vault

NO_SPACE = L_("no space left on the device holding the vault")


def _without_path(e: FileRejectedError, shown: str) -> str:
    """A rejection's reason without the path it starts with (the line names the path), still
    a message the CLI can say in the user's language."""
    msg = e.args[0] if e.args else ""
    if isinstance(msg, Msg) and msg.msgid == "{shown}: {reason}":
        return msg.values["reason"]
    return str(e).removeprefix(f"{shown}: ")


def write_problem(e: OSError | sqlite3.Error | DiskFullError) -> str:
    """One line for an error met while adding a file: a full disk in the
    words a user acts on, else what the system said."""
    if isinstance(e, DiskFullError):
        return NO_SPACE
    if isinstance(e, OSError):
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            return NO_SPACE
        if e.errno == errno.EROFS:
            return L_("the vault is on a read-only file system")
        return e.strerror or str(e)
    code = getattr(e, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "full" in str(e):
        return NO_SPACE
    return f"the vault's database could not be written: {e}"


@dataclass(slots=True)
class AddResult:
    path: str
    status: str  # added | duplicate | failed
    id: int | None = None
    sha256: str | None = None
    mime: str | None = None
    size: int | None = None
    captured_at: str | None = None
    captured_at_source: str | None = None
    app: str | None = None
    cases: list[str] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    fields: int = 0
    created_case: str | None = None  # the --case this file's commit created
    did_you_mean: str | None = None  # an existing case near the one created

    @property
    def ref(self) -> str | None:
        return f"E{self.id}" if self.id is not None else None

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "id": self.id, "ref": self.ref,
                "sha256": self.sha256, "mime": self.mime, "size": self.size,
                "captured_at": self.captured_at, "captured_at_source": self.captured_at_source,
                "app": self.app, "cases": self.cases, "error": self.error,
                "warnings": self.warnings, "fields": self.fields}


@dataclass
class _Prepared:
    """Everything learned about one new file before its transaction."""

    path: str  # as shown to the user: always valid text (walk.display_path)
    name: str  # the item's file name, decoded (walk.decode_name)
    name_bytes: bytes | None  # the raw name when it was not UTF-8, kept in capture_detail
    name_decoding: str | None  # how it was decoded: gb18030 | escaped
    sha256: str
    size: int
    mime: str
    cap: capture.Capture
    reading: Reading | None
    fields: list[Field]
    warnings: list[str] = field(default_factory=list)

    def capture_detail(self) -> dict[str, Any]:
        detail = self.cap.detail()
        if self.name_bytes is not None:  # nothing of a name that was not UTF-8 is lost
            detail["filename_bytes"] = self.name_bytes.hex()
            detail["filename_decoded_as"] = self.name_decoding
        return detail


def _claim_source_mtime(cap: capture.Capture, st: os.stat_result) -> None:
    """The capture claim is read from the stored copy, whose file time is the
    store's; the weakest claim, the file's modification time, is the source's."""
    value = capture.mtime_claim(st.st_mtime)
    for c in cap.candidates:
        if c.get("source") == "mtime":
            c["value"] = value
    if cap.source == "mtime":
        cap.captured_at = value


def add(vault: Vault, paths: Iterable[Path | str], *, case: str | None = None,
        at: str | None = None, note: str | None = None, engine: str | None = None,
        jobs: int | None = None,
        progress: Callable[[AddResult | None, int, int], None] | None = None
        ) -> list[AddResult]:
    """Add files and folders. Returns one result per file, in the order given;
    a bad path is a failed result, never an exception, so the rest of the
    batch is kept. `progress(result, done, total)` is called once with no
    result when the batch is known, then as each file is recorded."""
    from evidence_vault import ingest, pipeline

    dbmod.require_writable(vault.db)  # before any copy is stored
    chosen = ingest.choose_engine(engine or vault.default_engine())
    user_at = parse_user_datetime(at, what=L_("--at time")) if at else None
    slug = cases.check_slug(case) if case else None
    workers = jobs if jobs and jobs > 0 else pipeline.default_jobs()
    context = pipeline.pool_context() if workers > 1 else None  # checked before any work

    found = list(walk([Path(p) for p in paths], exclude=vault.root))
    seen: dict[str, str] = {}  # sha256 → the path that stored it in this batch
    results: list[AddResult] = []
    if progress and found:
        progress(None, 0, len(found))  # the batch is known: a progress bar can start
    # A chunk at a time, so that what is learned about each file (its capture claim,
    # reading and fields) is let go once it is recorded: memory stays flat however
    # many files a batch holds (benchmarks/ingest_memory.py). One read pool serves the
    # chunks, started once a second file to read is stored, replaced every RECYCLE_AFTER
    # files (pipeline.ReadPool).
    with pipeline.ReadPool(chosen.cls, workers, context=context) as pool:
        for start in range(0, len(found), ADD_CHUNK):
            _add_chunk(vault, found[start:start + ADD_CHUNK], seen, results, chosen=chosen,
                       pool=pool, user_at=user_at, slug=slug, note=note,
                       progress=(lambda r: progress(r, len(results), len(found))) if progress
                       else None)
            pool.recycle()
    return results


#: files staged, read and recorded together by add()
ADD_CHUNK = 500


def _add_chunk(vault: Vault, found: list[Found], seen: dict[str, str],
               results: list[AddResult], *, chosen: Engine, pool: ReadPool,
               user_at: str | None, slug: str | None,
               note: str | None, progress: Callable[[AddResult], None] | None) -> None:
    from evidence_vault import ingest, pipeline

    # 1. in order: open once, hash, look for a duplicate, store, sniff, claim a time;
    # and plan the reading (a cached reading, or a job for the read pool)
    staged: list[AddResult | _Prepared] = []
    plans: list[ingest.Result | pipeline.Job | Future[pipeline.Outcome] | None] = []
    waiting: list[int] = []  # plans that are jobs not yet handed to the read pool
    for f in found:
        if f.error:
            staged.append(AddResult(f.shown, "failed", error=f.error))
        else:
            try:
                staged.append(_stage(vault, f, seen, user_at=user_at))
            except FileRejectedError as e:
                staged.append(AddResult(f.shown, "failed", error=_without_path(e, f.shown)))
            except OSError as e:
                staged.append(AddResult(f.shown, "failed", error=write_problem(e)))
        st = staged[-1]
        plans.append(None if not isinstance(st, _Prepared) else ingest.plan(
            ingest.Source(st.sha256, vault.store.path(st.sha256), st.mime, st.name,
                          st.cap.captured_at, st.cap.app),
            chosen, cached=lambda *k: items.cached_reading(vault, *k)))
        if isinstance(plans[-1], pipeline.Job):
            waiting.append(len(plans) - 1)
            if len(waiting) == 2:  # the workers start while the rest is stored
                pool.start(len(found))
            if pool.started:  # and read each file as soon as it is stored
                for i in waiting:
                    plans[i] = pool.submit(cast(pipeline.Job, plans[i]))
                waiting.clear()

    # 2. read and extract, in parallel, outside any transaction
    outcomes = ingest.read_planned(plans, pool)

    # 3. in order: record each item in one short transaction
    for st, outcome in zip(staged, outcomes, strict=True):
        if isinstance(st, _Prepared) and outcome is not None:
            st.reading, st.fields = outcome.reading, outcome.fields
            if outcome.notice:
                st.warnings.append(outcome.notice)
        try:
            if isinstance(st, _Prepared):
                r = _commit(vault, st, slug=slug, note=note)
            elif st.status == "duplicate":
                r = _duplicate(vault, st.path, st.sha256 or "", slug, batch=seen)
                if user_at and r.ref and r.captured_at != user_at:
                    r.warnings.append(
                        L_(
                            "--at was not applied to {ref}, which was already kept with the capture time "
                            '{value} ({value2}); `vault item set {ref} --at "{replace}"` sets it',
                            ref=r.ref,
                            value=r.captured_at or 'unknown',
                            value2=r.captured_at_source or 'no source',
                            replace=user_at.replace('T', ' ')))
            else:
                r = st
        except (sqlite3.OperationalError, OSError, DiskFullError) as e:
            # A full disk (or a vault gone read-only) costs this file, not the batch:
            # the transaction is rolled back whole, the blob stays for the next add.
            _rollback(vault)
            r = AddResult(st.path, "failed", sha256=st.sha256, error=write_problem(e))
        results.append(r)
        if progress:
            progress(r)


def _stage(vault: Vault, f: Found, seen: dict[str, str], *,
           user_at: str | None) -> AddResult | _Prepared:
    """Open the file once; hash, and unless its bytes are already kept, store
    it from that same descriptor, so that the file hashed is the file stored.
    Then sniff and claim a capture time from the stored copy, which cannot
    change or block, never from the path."""
    src, st = open_found(f)
    with src:
        sha = sha256_open_file(src)
        if sha in seen or records.items.by_sha(vault.db, sha):
            return AddResult(f.shown, "duplicate", sha256=sha)
        sha, size = vault.store.put_open(src, expect_sha256=sha, name=f.shown)
    seen[sha] = f.shown
    name, how = decode_name(os.fsencode(f.path.name))
    blob = vault.store.path(sha)
    mime = filetypes.sniff(blob)
    cap = capture.claim(blob, mime, original_name=name, user_at=user_at)
    _claim_source_mtime(cap, st)
    return _Prepared(f.shown, name, os.fsencode(f.path.name) if how else None, how,
                     sha, size, mime, cap, None, [], list(cap.warnings))


def _commit(vault: Vault, p: _Prepared, *, slug: str | None, note: str | None) -> AddResult:
    try:
        item_id, head_warnings, made = _record(vault, p, slug=slug, note=note)
    except sqlite3.IntegrityError:
        # Another process added the same bytes between our look-up and our insert.
        _rollback(vault)
        if records.items.by_sha(vault.db, p.sha256) is None:
            raise
        return _duplicate(vault, p.path, p.sha256, slug)
    warnings = list(p.warnings) + (list(p.reading.warnings) if p.reading else [])
    if p.cap.source == "mtime":  # the weakest claim: say so, and how to do better
        warnings.append(L_(
            "no capture time in its name or metadata: the time it was last modified ({captured_at}) "
            'stands in, which a copy changes; `vault item set E{item_id} --at "…"` sets the real one',
            captured_at=p.cap.captured_at, item_id=item_id))
    warnings += head_warnings
    r = AddResult(p.path, "added", id=item_id, sha256=p.sha256, mime=p.mime,
                  size=p.size, captured_at=p.cap.captured_at,
                  captured_at_source=p.cap.source, app=p.cap.app,
                  cases=[slug] if slug else [], warnings=warnings,
                  fields=len(p.fields))
    if made and slug:
        _created(vault, r, slug)
    return r


def _created(vault: Vault, r: AddResult, slug: str) -> None:
    said = cases.created(vault, slug)
    r.created_case, r.did_you_mean = said["created_case"], said["did_you_mean"]


def _rollback(vault: Vault) -> None:
    """End a transaction a failed COMMIT left open (SQLite keeps it open on
    a full disk; db.write only rolls back errors raised inside its block)."""
    if vault.db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            vault.db.execute("ROLLBACK")


def _duplicate(vault: Vault, path: str, sha: str, slug: str | None, *,
               batch: dict[str, str] | None = None) -> AddResult:
    existing = records.items.by_sha(vault.db, sha)
    if existing is None:
        # The same bytes earlier in this batch, and that file could not be recorded.
        first = (batch or {}).get(sha, "another file of this batch")
        return AddResult(path, "failed", sha256=sha,
                         error=f"the same bytes as {first}, which was not added")
    r = AddResult(path, "duplicate", id=existing.id, sha256=existing.sha256,
                  mime=existing.mime, size=existing.size, captured_at=existing.captured_at,
                  captured_at_source=existing.captured_at_source, app=existing.app)
    if slug:
        try:
            if cases.link_items(vault, [existing.id], slug, create_case=True)[1]:
                _created(vault, r, slug)
        except OSError as e:  # linked and logged; only HEAD could not follow
            r.warnings.append(L_(
                "the HEAD file was not updated ({write_problem}); the next command that changes the "
                "vault updates it",
                write_problem=write_problem(e)))
    r.cases = records.cases.of_item(vault.db, existing.id)
    return r


def _record(vault: Vault, p: _Prepared, *, slug: str | None,
            note: str | None) -> tuple[int, list[str], bool]:
    """One short transaction: the item, its reading, fields, case link and log
    entry; returns the item's id, a warning if HEAD could not follow, and whether
    it created the case."""
    now = now_iso()
    db = vault.db
    with vault.change("add", head_warns=True) as ch:
        reading_id = items.save_reading(vault, p.sha256, p.reading, now) if p.reading else None
        item_id = records.items.insert(
            db, sha256=p.sha256, size=p.size, mime=p.mime, filename=p.name, added_at=now,
            captured_at=p.cap.captured_at, captured_at_source=p.cap.source, app=p.cap.app,
            app_package=p.cap.app_package, capture_detail=p.capture_detail(), user_note=note,
            reading_id=reading_id)
        records.fields.save(db, p.fields, item_id=item_id)
        ch.ref = f"E{item_id}"
        ch.vouch(f"E{item_id}")
        items.sync_promises(vault, ch, item_id)
        made = False
        if slug:
            case_id, made = cases.ensure(vault, slug)
            records.cases.link_item(db, case_id, item_id, now)
            ch.vouch(f"C:{slug}")
        search.index_item(db, item_id)
        ch.detail.update({"sha256": p.sha256, "filename": p.name, "mime": p.mime,
                          "size": p.size, "case": slug})
    return item_id, ch.warnings, made

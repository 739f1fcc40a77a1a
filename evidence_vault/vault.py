"""The Vault facade: everything the CLI can ask of an evidence archive.

A vault is one folder:

    vault.db      SQLite (WAL): items, readings, fields, cases, notes, promises, custody log
    objects/      originals by SHA-256 (objects/ab/cdef…), read-only, never modified
    HEAD          the custody log's head, an independent witness against truncation
    tmp/          blobs being written; a rename moves them into objects/
    .lock         serialises migrations and HEAD updates

The add pipeline is one ordered sequence for every kind of file (STYLE 9, 10):

    walk → hash → duplicate? → store blob → sniff type → claim capture time
         → read (OCR / text layer) → extract fields → one short transaction

Everything before the transaction happens outside it, so a crash leaves the
whole item or nothing (plus at most an unreferenced blob, which verify
lists as in flight and the next add of the same bytes adopts).

What the custody log vouches for (the state digests) and `verify` live in
evidence_vault.integrity; this class keeps thin doors to them.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from evidence_vault import capture, custody, filetypes, records, search
from evidence_vault import db as dbmod
from evidence_vault.errors import (
    AmbiguousRefError,
    DiskFullError,
    FileRejectedError,
    InvalidInputError,
    NotFoundError,
    VaultError,
)
from evidence_vault.identity import (
    canonical_json,
    sha256_json,
    sha256_open_file,
)
from evidence_vault.integrity import DIGEST_VERSION, States, VerifyReport
from evidence_vault.models import Field, Reading
from evidence_vault.store import ObjectStore
from evidence_vault.walk import Found, decode_name, open_found, walk
from evidence_vault.when import now_iso, parse_user_date, parse_user_datetime

ENV_VAR = "EVIDENCE_VAULT"
ENGINE_ENV_VAR = "EVIDENCE_VAULT_ENGINE"
CHANNELS = ("phone", "chat", "email", "sms", "visit", "other")
_SLUG = re.compile(r"^[A-Za-z0-9_\-\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,64}$")
_HEX = re.compile(r"^[0-9a-fA-F]{6,64}$")
SQLITE_MAX_INT = 2**63 - 1  # a larger number is no row's id (SQLite integers are 64-bit)
def default_location() -> Path:
    """`$EVIDENCE_VAULT`, else the platform's user data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("evidence-vault", appauthor=False))


NO_SPACE = "no space left on the device holding the vault"


def _write_problem(e: OSError | sqlite3.Error | DiskFullError) -> str:
    """One line for an error met while adding a file: a full disk in the
    words a user acts on, else what the system said."""
    if isinstance(e, DiskFullError):
        return NO_SPACE
    if isinstance(e, OSError):
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            return NO_SPACE
        if e.errno == errno.EROFS:
            return "the vault is on a read-only file system"
        return e.strerror or str(e)
    code = getattr(e, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "full" in str(e):
        return NO_SPACE
    return f"the vault's database could not be written: {e}"


def _new_id(cur: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT just made."""
    assert cur.lastrowid is not None  # sqlite3 sets it after every INSERT into a rowid table
    return cur.lastrowid


def _claim_source_mtime(cap: capture.Capture, st: os.stat_result) -> None:
    """The capture claim is read from the stored copy, whose file time is the
    store's; the weakest claim, the file's modification time, is the source's."""
    value = datetime.fromtimestamp(st.st_mtime).replace(microsecond=0).isoformat()
    for c in cap.candidates:
        if c.get("source") == "mtime":
            c["value"] = value
    if cap.source == "mtime":
        cap.captured_at = value


def check_slug(slug: str) -> str:
    slug = unicodedata.normalize("NFC", slug or "")
    if not _SLUG.match(slug):
        raise InvalidInputError(
            f"invalid case name {slug!r}: use letters, digits, '-', '_' or Chinese characters "
            "(at most 64), e.g. jd-refund or 京东退款")
    return slug


@dataclass
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


class Vault:
    """An open vault. Make one with Vault.open(); the library never prints."""

    def __init__(self, root: Path, db: sqlite3.Connection) -> None:
        self.root = root
        self.db = db
        self.states = States(db)
        self.store = ObjectStore(root)
        self.vault_id = self._meta("vault_id")

    @property
    def read_only(self) -> str | None:
        """Why this vault cannot be written (read-only media…), or None."""
        return getattr(self.db, "read_only", None)

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path | str | None = None) -> Vault:
        """Open the vault at `root` (else $EVIDENCE_VAULT, else the user data
        folder), creating it on first use, readable by its owner only.

        A vault that cannot be written (read-only media, a write-protected
        folder) is opened read-only: reading commands work, no housekeeping is
        written, and a command that changes it is refused in one line."""
        root = Path(root).expanduser() if root else default_location()
        if root.exists() and not root.is_dir():
            raise InvalidInputError(f"{root} is a file, not a vault folder")
        db_path = root / "vault.db"
        reason = dbmod.read_only_reason(root, db_path) if root.is_dir() else None
        if reason is None:
            try:
                return cls._open_writable(root, db_path)
            except OSError as e:
                if e.errno in (errno.ENOSPC, errno.EDQUOT):
                    reason = dbmod.DISK_FULL
                elif e.errno in dbmod.READ_ONLY_ERRNOS:
                    reason = e.strerror or "cannot be written"
                else:
                    raise
                if not db_path.is_file():
                    raise InvalidInputError(f"cannot create the vault at {root}: "
                                            f"{e.strerror or e}") from None
            except sqlite3.OperationalError as e:
                # Reading needs no room and no write permission: fall back to a
                # read-only open when that is what stopped the writable one.
                if db_path.is_file() and dbmod.disk_full(root):
                    reason = dbmod.DISK_FULL
                elif db_path.is_file() and ("readonly" in str(e) or "unable to open" in str(e)):
                    reason = str(e)
                elif dbmod.disk_full(root):
                    raise dbmod.read_only_error(str(root), dbmod.DISK_FULL) from None
                else:
                    raise VaultError(f"{db_path} is not a usable vault database: {e}") from None
        if not db_path.is_file():
            raise InvalidInputError(f"the vault at {root} is read-only ({reason}) and holds no "
                                    "vault.db: there is no vault to open there")
        vault = cls(root, dbmod.connect_read_only(db_path, reason))
        # Housekeeping (meta, the search index's version) waits for a writable copy:
        # search reads the index as it was written.
        return vault

    @classmethod
    def _open_writable(cls, root: Path, db_path: Path) -> Vault:
        new_folder = not root.exists()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        old_umask = os.umask(0o077)
        try:
            db = dbmod.connect(db_path, root / ".lock")
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as e:
            raise VaultError(f"{db_path} is not a usable vault database: {e}") from None
        finally:
            os.umask(old_umask)
        try:
            if not new_folder:
                os.chmod(root, 0o700)
            ObjectStore(root).ensure()
            vault = cls(root, db)
            if vault.vault_id is None:
                vault._init_meta()
            if vault._meta("search_index") != search.INDEX_VERSION:
                vault.reindex()
        except BaseException:
            db.close()
            raise
        return vault

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _init_meta(self) -> None:
        import uuid

        with self.change("init") as ch:
            if self._meta("vault_id") is None:
                vid, created = str(uuid.uuid4()), now_iso()
                self.db.execute("INSERT INTO meta VALUES ('vault_id', ?)", (vid,))
                self.db.execute("INSERT INTO meta VALUES ('created_at', ?)", (created,))
                # both are printed on a dossier's cover: the log vouches for them
                ch.detail.update({"vault_id": vid, "created_at": created})
                self.vault_id = vid  # HEAD, written after the commit, names it
            else:
                ch.skip()
        self.vault_id = self._meta("vault_id")

    @property
    def head_path(self) -> Path:
        return self.root / "HEAD"

    def change(self, action: str, ref: str | None = None, detail: dict[str, Any] | None = None,
               *, head_warns: bool = False):
        """The one door for every change (integrity.change): the transaction, the
        state digests of what it vouches for, the custody entry and HEAD."""
        from evidence_vault import integrity

        return integrity.change(self, action, ref, detail, head_warns=head_warns)

    def _sync_head(self) -> None:
        """Move HEAD up to the database's last committed entry (never back)."""
        seq, h = custody.head(self.db)
        if seq:
            custody.write_head_file(self.head_path, self.root / ".lock", seq, h,
                                    self.vault_id or "")

    def info(self) -> dict[str, Any]:
        seq, h = custody.head(self.db)
        count = lambda t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
        return {"path": str(self.root), "vault_id": self.vault_id,
                "created_at": self._meta("created_at"), "items": count("items"),
                "notes": count("notes"), "cases": count("cases"),
                "log": {"seq": seq, "hash": h}}

    # ---- healing what a killed process left -----------------------------------------------

    def clean_leftovers(self) -> list[str]:
        """Remove what a killed `vault` process left half-written: its temporary
        blobs in tmp/ and temporary HEAD files. Never what a live process is
        writing: a blob's writer holds an flock on it until the rename, and a
        HEAD temp file exists only while its writer holds .lock. Returns one
        line per file removed; nothing on a vault that cannot be written.

        A complete blob with no item yet (an add killed between storing and
        its transaction) is not a leftover: the next add of the same bytes
        adopts it."""
        if getattr(self.db, "read_only", None) or not (
                os.access(self.root, os.W_OK) and os.access(self.store.tmp, os.W_OK)):
            return []
        removed = [f"removed tmp/{p.name}" for p in self.store.clean_dead_temps()]
        pattern = custody.HEAD_TEMP_PREFIX + "*"
        if any(self.root.glob(pattern)):
            try:
                with dbmod.file_lock(self.root / ".lock"):
                    for path in sorted(self.root.glob(pattern)):
                        with contextlib.suppress(OSError):
                            path.unlink()
                            removed.append(f"removed {path.name}")
            except OSError:
                pass
        return removed

    # ---- adding --------------------------------------------------------------------------

    def default_engine(self) -> str:
        """$EVIDENCE_VAULT_ENGINE, else the vault's setting, else rapidocr."""
        from evidence_vault.ocr import DEFAULT_ENGINE

        return os.environ.get(ENGINE_ENV_VAR) or self._meta("engine") or DEFAULT_ENGINE

    def set_default_engine(self, name: str) -> None:
        from evidence_vault.ocr import ENGINES

        if name not in ENGINES:
            raise InvalidInputError(
                f"unknown OCR engine {name!r}; choose one of: {', '.join(sorted(ENGINES))}")
        with self.change("config", None, {"engine": name}):
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('engine', ?)",
                            (name,))

    def add(self, paths: Iterable[Path | str], *, case: str | None = None, at: str | None = None,
            note: str | None = None, engine: str | None = None, jobs: int | None = None,
            progress: Callable[[AddResult | None, int, int], None] | None = None
            ) -> list[AddResult]:
        """Add files and folders. Returns one result per file, in the order given;
        a bad path is a failed result, never an exception, so the rest of the
        batch is kept. `progress(result, done, total)` is called once with no
        result when the batch is known, then as each file is recorded."""
        from evidence_vault import ingest, pipeline

        dbmod.require_writable(self.db)  # before any copy is stored
        chosen = ingest.choose_engine(engine or self.default_engine())
        user_at = parse_user_datetime(at, what="--at time") if at else None
        slug = check_slug(case) if case else None
        workers = jobs if jobs and jobs > 0 else pipeline.default_jobs()

        # 1. in order: open once, hash, look for a duplicate, store, sniff, claim a time
        found = list(walk([Path(p) for p in paths], exclude=self.root))
        staged: list[AddResult | _Prepared] = []
        seen: dict[str, str] = {}  # sha256 → the path that stored it in this batch
        for f in found:
            if f.error:
                staged.append(AddResult(f.shown, "failed", error=f.error))
                continue
            try:
                staged.append(self._stage(f, seen, user_at=user_at))
            except FileRejectedError as e:
                staged.append(AddResult(f.shown, "failed",
                                        error=str(e).removeprefix(f"{f.shown}: ")))
            except OSError as e:
                staged.append(AddResult(f.shown, "failed", error=_write_problem(e)))

        # 2. read and extract, in parallel, outside any transaction (cached readings reused)
        outcomes = ingest.read_all(
            [ingest.Source(st.sha256, self.store.path(st.sha256), st.mime, st.name,
                           st.cap.captured_at, st.cap.app) if isinstance(st, _Prepared) else None
             for st in staged], chosen, workers=workers, cached=self._cached_reading)

        # 3. in order: record each item in one short transaction
        results: list[AddResult] = []
        if progress and staged:
            progress(None, 0, len(staged))  # the batch is known: a progress bar can start
        for st, outcome in zip(staged, outcomes, strict=True):
            if isinstance(st, _Prepared) and outcome is not None:
                st.reading, st.fields = outcome.reading, outcome.fields
                if outcome.notice:
                    st.warnings.append(outcome.notice)
            try:
                if isinstance(st, _Prepared):
                    r = self._commit(st, slug=slug, note=note)
                elif st.status == "duplicate":
                    r = self._duplicate(st.path, st.sha256 or "", slug, batch=seen)
                else:
                    r = st
            except (sqlite3.OperationalError, OSError, DiskFullError) as e:
                # A full disk (or a vault gone read-only) costs this file, not the batch:
                # the transaction is rolled back whole, the blob stays for the next add.
                self._rollback()
                r = AddResult(st.path, "failed", sha256=st.sha256, error=_write_problem(e))
            results.append(r)
            if progress:
                progress(r, len(results), len(staged))
        return results

    def _cached_reading(self, sha: str, engine: str, version: str) -> Reading | None:
        """A reading of these bytes by this engine version that the custody log
        vouches for (see _reading_trusted), else None: the file is read again."""
        row = self.db.execute(
            "SELECT id, text, lines, warnings FROM readings WHERE sha256 = ? AND engine = ? "
            "AND engine_version = ?", (sha, engine, version)).fetchone()
        if row is None or not self._reading_trusted(row[0]):
            return None
        from evidence_vault.models import OcrLine

        lines = [OcrLine(d["text"], tuple(d["box"]), d["confidence"], d.get("page", 0))
                 for d in json.loads(row[2])]
        return Reading(engine, version, row[1], lines, json.loads(row[3]))

    def _commit(self, p: _Prepared, *, slug: str | None, note: str | None) -> AddResult:
        try:
            item_id, head_warnings = self._record(p, slug=slug, note=note)
        except sqlite3.IntegrityError:
            # Another process added the same bytes between our look-up and our insert.
            self._rollback()
            if self._existing(p.sha256) is None:
                raise
            return self._duplicate(p.path, p.sha256, slug)
        warnings = list(p.warnings) + (list(p.reading.warnings) if p.reading else [])
        warnings += head_warnings
        return AddResult(p.path, "added", id=item_id, sha256=p.sha256, mime=p.mime,
                         size=p.size, captured_at=p.cap.captured_at,
                         captured_at_source=p.cap.source, app=p.cap.app,
                         cases=[slug] if slug else [], warnings=warnings,
                         fields=len(p.fields))

    def _existing(self, sha: str) -> tuple | None:
        return self.db.execute(
            "SELECT id, mime, size, captured_at, captured_at_source, app, sha256 FROM items "
            "WHERE sha256 = ?", (sha,)).fetchone()

    def _rollback(self) -> None:
        """End a transaction a failed COMMIT left open (SQLite keeps it open on
        a full disk; db.write only rolls back errors raised inside its block)."""
        if self.db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    def _duplicate(self, path: str, sha: str, slug: str | None, *,
                   batch: dict[str, str] | None = None) -> AddResult:
        existing = self._existing(sha)
        if existing is None:
            # The same bytes earlier in this batch, and that file could not be recorded.
            first = (batch or {}).get(sha, "another file of this batch")
            return AddResult(path, "failed", sha256=sha,
                             error=f"the same bytes as {first}, which was not added")
        r = AddResult(path, "duplicate", id=existing[0], sha256=existing[6],
                      mime=existing[1], size=existing[2], captured_at=existing[3],
                      captured_at_source=existing[4], app=existing[5])
        if slug:
            try:
                self._link_items([existing[0]], slug, create_case=True)
            except OSError as e:  # linked and logged; only HEAD could not follow
                r.warnings.append(f"the HEAD file was not updated ({_write_problem(e)}); the "
                                  "next command that changes the vault updates it")
        r.cases = self._cases_of_item(existing[0])
        return r

    def _stage(self, f: Found, seen: dict[str, str], *,
               user_at: str | None) -> AddResult | _Prepared:
        """Open the file once; hash, and unless its bytes are already kept, store
        it from that same descriptor, so that the file hashed is the file stored.
        Then sniff and claim a capture time from the stored copy, which cannot
        change or block, never from the path."""
        src, st = open_found(f)
        with src:
            sha = sha256_open_file(src)
            if sha in seen or self._existing(sha):
                return AddResult(f.shown, "duplicate", sha256=sha)
            sha, size = self.store.put_open(src, expect_sha256=sha, name=f.shown)
        seen[sha] = f.shown
        name, how = decode_name(os.fsencode(f.path.name))
        blob = self.store.path(sha)
        mime = filetypes.sniff(blob)
        cap = capture.claim(blob, mime, original_name=name, user_at=user_at)
        _claim_source_mtime(cap, st)
        return _Prepared(f.shown, name, os.fsencode(f.path.name) if how else None, how,
                         sha, size, mime, cap, None, [], list(cap.warnings))

    def _record(self, p: _Prepared, *, slug: str | None,
                note: str | None) -> tuple[int, list[str]]:
        """One short transaction: the item, its reading, fields, case link and log
        entry; returns the item's id and a warning if HEAD could not follow."""
        now = now_iso()
        with self.change("add", head_warns=True) as ch:
            reading_id = self._save_reading(p.sha256, p.reading, now) if p.reading else None
            cur = self.db.execute(
                "INSERT INTO items (sha256, size, mime, filename, added_at, captured_at, "
                "captured_at_source, app, app_package, capture_detail, user_note, reading_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (p.sha256, p.size, p.mime, p.name, now, p.cap.captured_at, p.cap.source,
                 p.cap.app, p.cap.app_package,
                 json.dumps(self._capture_detail(p), ensure_ascii=False, sort_keys=True), note,
                 reading_id))
            item_id = _new_id(cur)
            self._save_fields(p.fields, item_id=item_id)
            ch.ref = f"E{item_id}"
            ch.vouch(f"E{item_id}")
            if slug:
                case_id, _ = self._ensure_case(slug)
                self._insert_link(case_id, item_id, now)
                ch.vouch(f"C:{slug}")
            search.index_item(self.db, item_id)
            ch.detail.update({"sha256": p.sha256, "filename": p.name, "mime": p.mime,
                              "size": p.size, "case": slug})
        return item_id, ch.warnings

    @staticmethod
    def _capture_detail(p: _Prepared) -> dict[str, Any]:
        detail = p.cap.detail()
        if p.name_bytes is not None:  # nothing of a name that was not UTF-8 is lost
            detail["filename_bytes"] = p.name_bytes.hex()
            detail["filename_decoded_as"] = p.name_decoding
        return detail

    def _save_reading(self, sha: str, reading: Reading, now: str) -> int:
        """Inside a write transaction: the id of the stored reading of `sha` by this
        engine version. A vouched one is reused; one the log does not vouch for is
        overwritten with `reading`. The caller vouches for the result in the entry it
        appends: through the item's digest, or with the reading's own (R<id>)."""
        engine, version = reading.engine or "none", reading.engine_version or ""
        values = (reading.text,
                  json.dumps([ln.to_json() for ln in reading.lines], ensure_ascii=False),
                  json.dumps(reading.warnings, ensure_ascii=False), now)
        row = self.db.execute(
            "SELECT id FROM readings WHERE sha256 = ? AND engine = ? AND engine_version = ?",
            (sha, engine, version)).fetchone()
        if row and self._reading_trusted(row[0]):
            return int(row[0])
        if row:
            self.db.execute("UPDATE readings SET text = ?, lines = ?, warnings = ?, created_at = ? "
                            "WHERE id = ?", (*values, row[0]))
            return int(row[0])
        cur = self.db.execute(
            "INSERT INTO readings (sha256, engine, engine_version, text, lines, warnings, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", (sha, engine, version, *values))
        return _new_id(cur)

    def _save_fields(self, fields: list[Field], *, item_id: int | None = None,
                     note_id: int | None = None) -> None:
        self.db.executemany(
            "INSERT INTO fields (item_id, note_id, kind, value, label, role, confidence, source, "
            "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(item_id, note_id, f.kind, f.value, f.label, f.role, round(float(f.confidence), 3),
              f.source, json.dumps(f.detail, ensure_ascii=False, sort_keys=True))
             for f in fields])

    # ---- state digests (evidence_vault.integrity.States) ------------------------------------

    def _item_digest(self, item_id: int, version: int = DIGEST_VERSION) -> str:
        return self.states.item_digest(item_id, version)

    def _note_digest(self, note_id: int, version: int = DIGEST_VERSION) -> str:
        return self.states.note_digest(note_id, version)

    def _case_digest(self, case_id: int, version: int = DIGEST_VERSION) -> str:
        return self.states.case_digest(case_id, version)

    def _promise_digest(self, promise_id: int, version: int = DIGEST_VERSION) -> str:
        return self.states.promise_digest(promise_id, version)

    def _reading_digest(self, reading_id: int, version: int = DIGEST_VERSION) -> str:
        return self.states.reading_digest(reading_id, version)

    def _fields_state(self, column: str, owner_id: int) -> list[dict[str, Any]]:
        return self.states.fields_state(column, owner_id)

    def _description(self, column: str, owner_id: int) -> dict[str, str | None] | None:
        return self.states.description(column, owner_id)

    def _note_content(self, note_id: int) -> dict[str, Any]:
        return self.states.note_content(note_id)

    def _vouched_now(self, key: str) -> bool:
        return self.states.vouched_now(key)

    def _reading_trusted(self, reading_id: int) -> bool:
        return self.states.reading_trusted(reading_id)

    # ---- describing and following up ------------------------------------------------------

    def describe(self, ref: str, *, name: str | None = None, purpose: str | None = None,
                 group: str | None = None) -> dict[str, Any]:
        """Set an exhibit's 证据名称, 证明目的 or 证明事项 group for dossiers. An
        empty string clears one."""
        kind, id_ = self.resolve(ref)
        column = "item_id" if kind == "item" else "note_id"
        key = f"{'E' if kind == 'item' else 'N'}{id_}"
        with self.change("describe", key) as ch:
            current = self._description(column, id_) or {"name": None, "purpose": None,
                                                         "group": None}
            for k, v in (("name", name), ("purpose", purpose), ("group", group)):
                if v is not None:
                    current[k] = v.strip() or None
            self.db.execute(f"DELETE FROM descriptions WHERE {column} = ?", (id_,))
            if any(current.values()):
                self.db.execute(
                    f"INSERT INTO descriptions ({column}, name, purpose, grp) VALUES (?, ?, ?, ?)",
                    (id_, current["name"], current["purpose"], current["group"]))
            ch.detail.update(current)
            ch.vouch(key)
        return {"ref": key, **current}

    def set_promise(self, ref: str, status: str) -> dict[str, Any]:
        from evidence_vault import followup

        followup.check_status(status)
        m = re.fullmatch(r"[Pp](\d+)", (ref or "").strip())
        if not m:
            raise InvalidInputError(f"{ref!r} is not a promise; promises are P1, P2 … "
                                    "(`vault due` lists them)")
        pid = int(m.group(1))
        with self.change("promise", f"P{pid}", {"status": status}) as ch:
            cur = self.db.execute("UPDATE promises SET status = ? WHERE id = ?", (status, pid))
            if not cur.rowcount:
                raise NotFoundError(f"no promise P{pid}; `vault due` lists them")
            ch.vouch(f"P{pid}")
        return next(p for p in followup.promises(self.db) if p["ref"] == f"P{pid}")

    def timeline(self, case: str) -> list[Any]:
        from evidence_vault import followup

        return followup.timeline(self.db, check_slug(case))

    def promises(self, case: str | None = None) -> list[dict[str, Any]]:
        from evidence_vault import followup

        if case:
            self._case_id(case)
        return followup.promises(self.db, case)

    # ---- re-reading ----------------------------------------------------------------------

    def reocr(self, refs: list[str] | None = None, *, engine: str | None = None,
              jobs: int | None = None,
              progress: Callable[[str, int, int], None] | None = None) -> list[dict[str, Any]]:
        """Read items again (all of them when `refs` is None) with `engine`,
        reusing a cached reading of the same bytes by the same engine version,
        and replace their fields. The originals are untouched; each change is
        logged with the item's new digest."""
        from evidence_vault import ingest, pipeline

        dbmod.require_writable(self.db)  # before any reading is done for nothing
        chosen = ingest.choose_engine(engine or self.default_engine())
        if chosen.missing:
            raise VaultError(f"cannot read with {chosen.name}: {chosen.missing}")
        engine, version = chosen.name, chosen.version
        ids = ([self.item_id(r) for r in refs] if refs is not None else
               [r[0] for r in self.db.execute("SELECT id FROM items ORDER BY id")])
        rows = [self.db.execute(
            "SELECT id, sha256, mime, filename, captured_at, app FROM items WHERE id = ?",
            (i,)).fetchone() for i in ids]
        # With --engine none only what needs no OCR (a PDF's text layer) is read again:
        # an image's reading and fields are never replaced by an empty one.
        rows = [r for r in rows if ingest.readable(r[2], chosen)]
        sources = [ingest.Source(r[1], self.store.path(r[1]), r[2], r[3], r[4], r[5]) for r in rows]
        workers = jobs if jobs and jobs > 0 else pipeline.default_jobs()
        out = []
        results = ingest.read_all(sources, chosen, workers=workers, cached=self._cached_reading)
        for n, (row, result) in enumerate(zip(rows, results, strict=True), 1):
            item_id, sha = row[0], row[1]
            assert result is not None and result.reading is not None  # readable() said so
            reading, fields = result.reading, result.fields
            with self.change("reocr", f"E{item_id}", {
                    "engine": engine, "engine_version": version, "cached": result.cached,
                    "fields": len(fields)}) as ch:
                before = self.db.execute("SELECT reading_id FROM items WHERE id = ?",
                                         (item_id,)).fetchone()[0]
                if before is not None and not self._reading_trusted(before):
                    before = None  # never vouch for a reading the log did not
                reading_id = self._save_reading(sha, reading, now_iso())
                self.db.execute("UPDATE items SET reading_id = ? WHERE id = ?",
                                (reading_id, item_id))
                self.db.execute("DELETE FROM fields WHERE item_id = ?", (item_id,))
                self._save_fields(fields, item_id=item_id)
                search.index_item(self.db, item_id)
                # The reading set aside stays a vouched cache entry under its own key.
                ch.vouch(*(f"R{r}" for r in sorted({before, reading_id} - {None})),
                         f"E{item_id}")
            out.append({"ref": f"E{item_id}", "engine": engine, "engine_version": version,
                        "cached": result.cached, "fields": len(fields),
                        "chars": len(reading.text), "warnings": reading.warnings})
            if progress:
                progress(f"E{item_id}", n, len(rows))
        return out

    # ---- search --------------------------------------------------------------------------

    def search(self, query: str, **filters: Any) -> search.Results:
        """Ranked hits for `query` (see evidence_vault.search for the language)."""
        return search.search(self.db, query, **filters)

    def reindex(self) -> dict[str, int]:
        """Rebuild the search index from the vault's items and notes."""
        with self.change("reindex") as ch:
            counts = search.reindex(self.db)
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('search_index', ?)",
                            (search.INDEX_VERSION,))
            ch.detail.update({**counts, "index": search.INDEX_VERSION})
            if not (counts["items"] or counts["notes"]):
                ch.skip()
        return counts

    # ---- refs ----------------------------------------------------------------------------

    def resolve(self, ref: str) -> tuple[str, int]:
        """('item', id) or ('note', id) for E12 / 12 / N3 / a SHA-256 prefix (≥ 6 hex)."""
        raw = (ref or "").strip()
        r = unicodedata.normalize("NFKC", raw)
        m = re.fullmatch(r"([EeNn]?)(\d+)", r)
        if m:
            table, kind = ("notes", "note") if m.group(1) in ("N", "n") else ("items", "item")
            number = int(m.group(2))
            row = None if number > SQLITE_MAX_INT else self.db.execute(
                f"SELECT id FROM {table} WHERE id = ?", (number,)).fetchone()
            if row:
                return kind, int(row[0])
            if m.group(1) or not _HEX.match(r):
                what = "note" if kind == "note" else "item"
                raise NotFoundError(f"no {what} {r!r}; `vault list` shows the items")
        if _HEX.match(r):
            prefix = r.lower()
            rows = [("item", row[0]) for row in self.db.execute(
                "SELECT id FROM items WHERE sha256 LIKE ? LIMIT 2", (prefix + "%",))]
            rows += [("note", row[0]) for row in self.db.execute(
                "SELECT id FROM notes WHERE sha256 LIKE ? LIMIT 2", (prefix + "%",))]
            if len(rows) == 1:
                return rows[0]
            if len(rows) > 1:
                raise AmbiguousRefError(
                    f"{raw!r} matches more than one item; type more of the SHA-256")
            raise NotFoundError(f"no item with a SHA-256 starting {prefix!r}")
        raise InvalidInputError(
            f"cannot read {raw!r} as an item: use a number (12 or E12), a note (N3) or "
            "at least 6 hex digits of a SHA-256")

    def item_id(self, ref: str) -> int:
        kind, id_ = self.resolve(ref)
        if kind != "item":
            raise InvalidInputError(f"{ref!r} is a note, not an item")
        return id_

    # ---- reading back --------------------------------------------------------------------

    def _cases_of_item(self, item_id: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT c.slug FROM case_items ci JOIN cases c ON c.id = ci.case_id "
            "WHERE ci.item_id = ? ORDER BY c.slug", (item_id,))]

    def _cases_of_note(self, note_id: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT c.slug FROM case_notes cn JOIN cases c ON c.id = cn.case_id "
            "WHERE cn.note_id = ? ORDER BY c.slug", (note_id,))]

    def list_items(self, case: str | None = None) -> list[dict[str, Any]]:
        if case:
            case_id = self._case_id(case)
            rows = self.db.execute(
                "SELECT i.id, i.sha256, i.filename, i.mime, i.size, i.captured_at, "
                "i.captured_at_source, i.app, i.added_at FROM items i "
                "JOIN case_items ci ON ci.item_id = i.id WHERE ci.case_id = ? ORDER BY i.id",
                (case_id,)).fetchall()
        else:
            rows = self.db.execute(
                "SELECT id, sha256, filename, mime, size, captured_at, captured_at_source, app, "
                "added_at FROM items ORDER BY id").fetchall()
        memberships: dict[int, list[str]] = {}
        for item_id, slug in self.db.execute(
                "SELECT ci.item_id, c.slug FROM case_items ci JOIN cases c ON c.id = ci.case_id "
                "ORDER BY c.slug"):
            memberships.setdefault(item_id, []).append(slug)
        return [{"id": r[0], "ref": f"E{r[0]}", "sha256": r[1], "filename": r[2], "mime": r[3],
                 "size": r[4], "captured_at": r[5], "captured_at_source": r[6], "app": r[7],
                 "added_at": r[8], "cases": memberships.get(r[0], [])} for r in rows]

    def show(self, ref: str) -> dict[str, Any]:
        kind, id_ = self.resolve(ref)
        return self.item(id_) if kind == "item" else self.note_view(id_)

    def item(self, item_id: int) -> dict[str, Any]:
        r = self.db.execute(
            "SELECT id, sha256, filename, mime, size, added_at, captured_at, captured_at_source, "
            "app, app_package, capture_detail, user_note, reading_id FROM items WHERE id = ?",
            (item_id,)).fetchone()
        if r is None:
            raise NotFoundError(f"no item E{item_id}")
        ocr = None
        if r[12] is not None:
            rd = self.db.execute(
                "SELECT engine, engine_version, text, warnings FROM readings WHERE id = ?",
                (r[12],)).fetchone()
            if rd:
                ocr = {"engine": rd[0], "engine_version": rd[1], "text": rd[2],
                       "warnings": json.loads(rd[3])}
        fields = [{"kind": f["kind"], "value": f["value"], "label": f["label"],
                   "role": f["role"], "confidence": f["confidence"], "source": f["source"],
                   "detail": f["detail"]} for f in self._fields_state("item_id", item_id)]
        return {"id": r[0], "ref": f"E{r[0]}", "sha256": r[1], "filename": r[2], "mime": r[3],
                "size": r[4], "added_at": r[5], "captured_at": r[6], "captured_at_source": r[7],
                "app": r[8], "app_package": r[9], "capture": json.loads(r[10]),
                "note": r[11], "cases": self._cases_of_item(r[0]), "ocr": ocr,
                "description": self._description("item_id", r[0]),
                "fields": fields, "path": str(self.store.path(r[1]))}

    # ---- cases ---------------------------------------------------------------------------

    def _case_id(self, slug: str) -> int:
        return records.case_id(self.db, slug)

    def _ensure_case(self, slug: str, title: str | None = None) -> tuple[int, bool]:
        """Inside a write transaction: the case's id, creating (and logging) it if new."""
        row = self.db.execute("SELECT id FROM cases WHERE slug = ?", (slug,)).fetchone()
        if row:
            return int(row[0]), False
        with self.change("case-new", f"C:{slug}", {"title": title or slug}) as ch:
            cur = self.db.execute(
                "INSERT INTO cases (slug, title, created_at) VALUES (?, ?, ?)",
                (slug, title or slug, now_iso()))
            ch.vouch(f"C:{slug}")
        return _new_id(cur), True

    def case_new(self, slug: str, *, title: str, against: str | None = None,
                 platform: str | None = None) -> dict[str, Any]:
        slug = check_slug(slug)
        if not (title or "").strip():
            raise InvalidInputError("a case needs a --title")
        with self.change("case-new", f"C:{slug}", {
                "title": title.strip(), "against": against, "platform": platform}) as ch:
            if self.db.execute("SELECT 1 FROM cases WHERE slug = ?", (slug,)).fetchone():
                raise InvalidInputError(f"a case named {slug!r} already exists")
            self.db.execute(
                "INSERT INTO cases (slug, title, against, platform, created_at) "
                "VALUES (?, ?, ?, ?, ?)", (slug, title.strip(), against, platform, now_iso()))
            ch.vouch(f"C:{slug}")
        return self.case_show(slug)

    def case_list(self) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT c.id, c.slug, c.title, c.against, c.platform, c.created_at, "
            "(SELECT count(*) FROM case_items ci WHERE ci.case_id = c.id), "
            "(SELECT count(*) FROM case_notes cn WHERE cn.case_id = c.id) "
            "FROM cases c ORDER BY c.slug").fetchall()
        return [{"slug": r[1], "title": r[2], "against": r[3], "platform": r[4],
                 "created_at": r[5], "items": r[6], "notes": r[7]} for r in rows]

    def case_show(self, slug: str) -> dict[str, Any]:
        case_id = self._case_id(slug)
        r = self.db.execute(
            "SELECT slug, title, against, platform, created_at FROM cases WHERE id = ?",
            (case_id,)).fetchone()
        notes = [self.note_view(row[0]) for row in self.db.execute(
            "SELECT n.id FROM case_notes cn JOIN notes n ON n.id = cn.note_id "
            "WHERE cn.case_id = ? ORDER BY n.at, n.id", (case_id,))]
        return {"slug": r[0], "title": r[1], "against": r[2], "platform": r[3],
                "created_at": r[4], "items": self.list_items(r[0]), "notes": notes}

    def _insert_link(self, case_id: int, item_id: int, now: str) -> bool:
        cur = self.db.execute(
            "INSERT OR IGNORE INTO case_items (case_id, item_id, linked_at) VALUES (?, ?, ?)",
            (case_id, item_id, now))
        return cur.rowcount > 0

    def _link_items(self, item_ids: list[int], slug: str, *,
                    create_case: bool = False) -> list[int]:
        now = now_iso()
        changed: list[int] = []
        with self.change("link") as ch:
            if create_case:
                case_id, _ = self._ensure_case(slug)
            else:
                case_id = self._case_id(slug)
            for item_id in item_ids:
                if self._insert_link(case_id, item_id, now):
                    changed.append(item_id)
                    search.index_item(self.db, item_id)
            self._log_membership(ch, slug, changed)
        return changed

    @staticmethod
    def _log_membership(ch: Any, slug: str, changed: list[int]) -> None:
        """A link or unlink entry names the items it moved and vouches for the case."""
        if not changed:
            ch.skip()
            return
        ch.ref = ",".join(f"E{i}" for i in changed)
        ch.detail.update({"case": slug, "items": [f"E{i}" for i in changed]})
        ch.vouch(f"C:{slug}")

    def link(self, refs: list[str], case: str) -> list[str]:
        """Link items to a case; returns the refs newly linked."""
        slug = check_slug(case)
        self._case_id(slug)
        ids = [self.item_id(r) for r in refs]
        return [f"E{i}" for i in self._link_items(ids, slug)]

    def unlink(self, refs: list[str], case: str) -> list[str]:
        slug = check_slug(case)
        case_id = self._case_id(slug)
        ids = [self.item_id(r) for r in refs]
        changed: list[int] = []
        with self.change("unlink") as ch:
            for item_id in ids:
                cur = self.db.execute(
                    "DELETE FROM case_items WHERE case_id = ? AND item_id = ?", (case_id, item_id))
                if cur.rowcount:
                    changed.append(item_id)
                    search.index_item(self.db, item_id)
            self._log_membership(ch, slug, changed)
        return [f"E{i}" for i in changed]

    # ---- notes ---------------------------------------------------------------------------

    def note(self, *, case: str, channel: str, at: str, text: str, with_whom: str | None = None,
             ticket: str | None = None, promise: str | None = None, due: str | None = None,
             attach: list[str] | None = None) -> dict[str, Any]:
        """Record a call, chat, email, SMS or visit. The note's canonical JSON is
        stored as an object like any original, so it is hashed and verifiable.

        A note is identified by what it says (channel, time, who, ticket, text,
        attachments, promises), not by when it was typed in: recording the same
        note again returns the one already recorded (with `already_recorded`),
        linking it to `case` if it was not in it yet.

        Order, so that a crash leaves nothing verify calls tampering:
        1. a marker tmp/note-<key> holding the note's created_at (key: the
           hash of the note without it); 2. the note's record in objects/;
        3. one transaction: the rows and the custody entry; 4. the marker goes.
        Killed after 2, the record is a blob no note owns yet ("in flight");
        running the same `vault note` again finds the marker, rebuilds the very
        same bytes and adopts the record instead of leaving it behind."""
        slug = check_slug(case)
        if channel not in CHANNELS:
            raise InvalidInputError(
                f"unknown channel {channel!r}; choose one of: {', '.join(CHANNELS)}")
        text = (text or "").strip()
        if not text:
            raise InvalidInputError("a note needs its text: what was said or done")
        at_iso = parse_user_datetime(at, what="--at time")
        if due and not promise:
            raise InvalidInputError("--due goes with --promise: what was promised by that date")
        due_iso = parse_user_date(due, what="--due date") if due else None
        if due_iso and due_iso < at_iso[:10]:
            raise InvalidInputError(
                f"--due {due_iso} is before the note's own date {at_iso[:10]}: a promise cannot "
                "be due before it was made; check --due and --at")
        attach_ids = [self.item_id(r) for r in (attach or [])]
        from evidence_vault import pipeline

        note_fields = pipeline.extract_fields(
            "\n".join(t for t in (text, with_whom, ticket, promise) if t),
            captured_at=at_iso if "T" in at_iso else None, app=None, filename=None,
            source="note")
        attachments = sorted({self.db.execute(
            "SELECT sha256 FROM items WHERE id = ?", (i,)).fetchone()[0] for i in attach_ids})
        content = {"type": "note", "channel": channel, "at": at_iso, "with": with_whom,
                   "ticket": ticket, "text": text, "created_at": None,
                   "attachments": attachments,
                   "promises": [{"text": promise, "due": due_iso}] if promise else []}
        key = sha256_json(content)  # the note without the time it was typed in
        marker = self.store.tmp / f"note-{key}"

        existing = self._same_note(content)
        if existing is not None:
            return self._note_again(existing, slug, marker)
        dbmod.require_writable(self.db)  # before anything is written
        try:
            content["created_at"] = self._note_marker(marker)
            sha = self.store.put_bytes(canonical_json(content))
        except OSError as e:
            error = dbmod.translate(self.db, e)
            if error is None:
                raise
            raise error from None
        note_id: int | None = None
        try:
            with self.change("note") as ch:
                existing = self._same_note(content)
                if existing is not None:  # another process recorded it meanwhile
                    ch.skip()
                    if self.db.execute("SELECT 1 FROM notes WHERE sha256 = ?",
                                       (sha,)).fetchone() is None:
                        with contextlib.suppress(OSError):  # our copy: unowned, never to be
                            self.store.path(sha).unlink()
                else:
                    note_id = self._insert_note(ch, content, sha, slug, attach_ids, note_fields)
        except OSError as e:  # committed; only HEAD, after the commit, could not follow
            error = dbmod.translate(self.db, e) if note_id is not None else None
            if error is None:
                raise
            raise type(error)(
                f"noted N{note_id}, but the vault's HEAD file could not be updated "
                f"({e.strerror}); the next change to the vault updates it") from None
        if existing is not None:
            return self._note_again(existing, slug, marker)
        assert note_id is not None  # no same note was there, so _insert_note gave this one its id
        with contextlib.suppress(OSError):
            marker.unlink()
        return {**self.note_view(note_id), "already_recorded": False}

    def _note_marker(self, marker: Path) -> str:
        """The created_at of an earlier, interrupted attempt at this very note
        (so that its stored record is adopted), else now, written down first."""
        try:
            earlier = marker.read_text(encoding="utf-8").strip()
            parse_user_datetime(earlier[:19])
            return earlier
        except (OSError, UnicodeDecodeError, InvalidInputError):
            pass
        now = now_iso()
        self.store.ensure()
        fd, tmp = tempfile.mkstemp(dir=self.store.tmp, prefix=".note-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(now + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, marker)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        return now

    def _same_note(self, content: dict[str, Any]) -> int | None:
        """The note already recorded with exactly this content (created_at aside)."""
        rows = self.db.execute(
            "SELECT id FROM notes WHERE channel = ? AND at = ? AND text = ? AND with_whom IS ? "
            "AND ticket IS ? ORDER BY id", (content["channel"], content["at"], content["text"],
                                            content["with"], content["ticket"])).fetchall()
        wanted = {k: v for k, v in content.items() if k != "created_at"}
        for (note_id,) in rows:
            have = self._note_content(note_id)
            have.pop("created_at")
            if have == wanted:
                return int(note_id)
        return None

    def _note_again(self, note_id: int, slug: str, marker: Path) -> dict[str, Any]:
        """The same note recorded again: link it to `slug` if it is new there."""
        if slug not in self._cases_of_note(note_id):
            with self.change("link", f"N{note_id}", {"case": slug, "notes": [f"N{note_id}"]}) as ch:
                case_id, _ = self._ensure_case(slug)
                self.db.execute("INSERT OR IGNORE INTO case_notes (case_id, note_id) VALUES (?, ?)",
                                (case_id, note_id))
                search.index_note(self.db, note_id)
                ch.vouch(f"C:{slug}")
        if not self.read_only:
            with contextlib.suppress(OSError):
                marker.unlink()
        return {**self.note_view(note_id), "already_recorded": True}

    def _insert_note(self, ch: Any, content: dict[str, Any], sha: str, slug: str,
                     attach_ids: list[int], note_fields: list[Field]) -> int:
        """Inside the change `ch`: the note's rows, its promise, and what its entry says."""
        case_id, _ = self._ensure_case(slug)
        cur = self.db.execute(
            "INSERT INTO notes (sha256, channel, at, with_whom, ticket, text, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (sha, content["channel"], content["at"],
                                             content["with"], content["ticket"], content["text"],
                                             content["created_at"]))
        note_id = _new_id(cur)
        self._save_fields(note_fields, note_id=note_id)
        self.db.executemany(
            "INSERT OR IGNORE INTO note_attachments (note_id, item_id) VALUES (?, ?)",
            [(note_id, i) for i in attach_ids])
        self.db.execute("INSERT INTO case_notes (case_id, note_id) VALUES (?, ?)",
                        (case_id, note_id))
        ch.ref = f"N{note_id}"
        ch.vouch(f"N{note_id}", f"C:{slug}")
        for p in content["promises"]:
            pcur = self.db.execute(
                "INSERT INTO promises (note_id, text, due, status, created_at) "
                "VALUES (?, ?, ?, 'open', ?)", (note_id, p["text"], p["due"],
                                                content["created_at"]))
            ch.vouch(f"P{_new_id(pcur)}")
        search.index_note(self.db, note_id)
        ch.detail.update({"sha256": sha, "case": slug, "channel": content["channel"]})
        return note_id

    def note_view(self, note_id: int) -> dict[str, Any]:
        r = self.db.execute(
            "SELECT id, sha256, channel, at, with_whom, ticket, text, created_at FROM notes "
            "WHERE id = ?", (note_id,)).fetchone()
        if r is None:
            raise NotFoundError(f"no note N{note_id}")
        attachments = [f"E{row[0]}" for row in self.db.execute(
            "SELECT item_id FROM note_attachments WHERE note_id = ? ORDER BY item_id",
            (note_id,))]
        from evidence_vault.followup import effective_status

        promises = [{"ref": f"P{row[0]}", "text": row[1], "due": row[2],
                     "status": effective_status(row[3], row[2])}
                    for row in self.db.execute(
                        "SELECT id, text, due, status FROM promises WHERE note_id = ? ORDER BY id",
                        (note_id,))]
        return {"id": r[0], "ref": f"N{r[0]}", "kind": "note", "sha256": r[1], "channel": r[2],
                "at": r[3], "with": r[4], "ticket": r[5], "text": r[6], "created_at": r[7],
                "cases": self._cases_of_note(r[0]), "attachments": attachments,
                "promises": promises, "fields": self._fields_state("note_id", r[0]),
                "description": self._description("note_id", r[0])}

    # ---- custody log and verification ----------------------------------------------------

    def log(self) -> list[custody.Entry]:
        return custody.entries(self.db)

    def verify(self, *, record: bool = True) -> VerifyReport:
        """Re-hash every original and check every row against the custody log
        (evidence_vault.integrity.verify); an empty list of problems means intact."""
        from evidence_vault import integrity

        return integrity.verify(self, record=record)

"""The Vault: an open evidence archive, and the facade the CLI asks.

A vault is one folder:

    vault.db      SQLite (WAL): items, readings, fields, cases, notes, promises, custody log
    objects/      originals by SHA-256 (objects/ab/cdef…), read-only, never modified
    HEAD          the custody log's head, an independent witness against truncation
    tmp/          blobs being written; a rename moves them into objects/
    .lock         serialises migrations and HEAD updates

This module opens and closes a vault, keeps its settings (meta) and its one door
for changes (`change`, evidence_vault.integrity); everything else is a module
named for what it owns, which the methods below hand over to:

    adding        `vault add`: walk, hash, store, read, one transaction per file
    items         show, list, describe, reocr, the reading cache
    cases         case new/list/show/rename/merge/rm/set, link, unlink
    corrections   the user's word: field set/rm/confirm, item set --at
    notes         note, its promises, `vault promise`
    followup      timeline and due
    search        the index and queries
    integrity     the state digests, the one door, verify
    records       the repository: the SQL on every table above
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from evidence_vault import adding, cases, corrections, custody, items, notes, records, search
from evidence_vault import db as dbmod
from evidence_vault.adding import NO_SPACE, AddResult
from evidence_vault.cases import check_slug
from evidence_vault.errors import InvalidInputError, NotFoundError, VaultError
from evidence_vault.integrity import States, VerifyReport
from evidence_vault.notes import CHANNELS
from evidence_vault.store import ObjectStore
from evidence_vault.when import now_iso

__all__ = ["CHANNELS", "NO_SPACE", "AddResult", "Vault", "check_slug", "default_location"]

ENV_VAR = "EVIDENCE_VAULT"
ENGINE_ENV_VAR = "EVIDENCE_VAULT_ENGINE"


def default_location() -> Path:
    """`$EVIDENCE_VAULT`, else the platform's user data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("evidence-vault", appauthor=False))


def _key(vault: Vault, ref: str) -> str:
    """The custody log's key of what `ref` names: E12, N3 or P4."""
    import re

    m = re.fullmatch(r"[Pp](\d+)", (ref or "").strip())
    if m:
        if not records.notes.promise_exists(vault.db, int(m.group(1))):
            raise NotFoundError(f"no promise P{m.group(1)}; `vault due` lists them")
        return f"P{int(m.group(1))}"
    kind, id_ = records.refs.resolve(vault.db, ref)
    return f"{'E' if kind == 'item' else 'N'}{id_}"


def _case_history(vault: Vault, entries: list[custody.Entry], slug: str) -> list[custody.Entry]:
    """The entries about a case (C:slug), under the names it had before a rename too; a
    case that is gone (removed, merged) still has its history. None at all: not found."""
    names = {f"C:{slug}"}
    for e in reversed(entries):
        if e.action == "case-rename" and f"C:{e.detail.get('renamed_to')}" in names:
            names.add(f"C:{e.detail.get('case')}")
    found = [e for e in entries if any(custody.concerns(e, k) for k in names)]
    if not found:
        raise records.cases.not_found(vault.db, slug)
    return found


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
            if vault._meta("item_promises") is None:
                # vaults made before promises read from items had rows of their own
                with vault.change("promises") as ch:
                    if not items.backfill_promises(vault, ch):
                        ch.skip()
                    vault.db.execute("INSERT OR REPLACE INTO meta (key, value) "
                                     "VALUES ('item_promises', '1')")
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
        return {"path": str(self.root), "vault_id": self.vault_id,
                "created_at": self._meta("created_at"), "items": records.items.count(self.db),
                "notes": records.notes.count(self.db),
                "cases": len(records.cases.ids_with_slugs(self.db)),
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

    # ---- settings ------------------------------------------------------------------------

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
        """Add files and folders (evidence_vault.adding): one result per file, in order."""
        return adding.add(self, paths, case=case, at=at, note=note, engine=engine, jobs=jobs,
                          progress=progress)

    def reocr(self, refs: list[str] | None = None, *, engine: str | None = None,
              jobs: int | None = None,
              progress: Callable[[str, int, int], None] | None = None) -> list[dict[str, Any]]:
        """Read items again with `engine` (evidence_vault.items.reocr)."""
        return items.reocr(self, refs, engine=engine, jobs=jobs, progress=progress)

    def readings(self, ref: str) -> dict[str, Any]:
        """Every reading kept of an item's bytes, numbered, and the one it uses."""
        return items.readings(self, ref)

    def use_reading(self, ref: str, n: int) -> dict[str, Any]:
        return items.use_reading(self, ref, n)

    # ---- items and refs ------------------------------------------------------------------

    def resolve(self, ref: str) -> tuple[str, int]:
        """('item', id) or ('note', id) for E12 / 12 / N3 / a SHA-256 prefix (≥ 6 hex)."""
        return records.refs.resolve(self.db, ref)

    def item_id(self, ref: str) -> int:
        return records.refs.item_id(self.db, ref)

    def list_items(self, case: str | None = None) -> list[dict[str, Any]]:
        return items.listing(self, case)

    def show(self, ref: str) -> dict[str, Any]:
        kind, id_ = self.resolve(ref)
        return self.item(id_) if kind == "item" else self.note_view(id_)

    def item(self, item_id: int) -> dict[str, Any]:
        return items.view(self, item_id)

    def describe(self, ref: str, *, name: str | None = None, purpose: str | None = None,
                 group: str | None = None) -> dict[str, Any]:
        """Set an exhibit's 证据名称, 证明目的 or 证明事项 group; "" clears one."""
        return items.describe(self, ref, name=name, purpose=purpose, group=group)

    # ---- corrections (evidence_vault.corrections) ------------------------------------------

    def field_set(self, ref: str, kind: str, value: str, *, role: str | None = None,
                  label: str | None = None, reason: str | None = None) -> dict[str, Any]:
        """A value of the user's for an item or note; the machine's stays as read."""
        return corrections.field_set(self, ref, kind, value, role=role, label=label,
                                     reason=reason)

    def field_rm(self, ref: str, field: str, *, reason: str | None = None) -> dict[str, Any]:
        return corrections.field_rm(self, ref, field, reason=reason)

    def field_confirm(self, ref: str, field: str) -> dict[str, Any]:
        return corrections.field_confirm(self, ref, field)

    def set_capture_time(self, ref: str, at: str, *, reason: str | None = None
                         ) -> dict[str, Any]:
        """The item's claimed capture time, the user's word (the claim read is kept)."""
        return corrections.set_time(self, ref, at, reason=reason)

    # ---- cases ---------------------------------------------------------------------------

    def case_new(self, slug: str, *, title: str, against: str | None = None,
                 platform: str | None = None) -> dict[str, Any]:
        return self.case_show(cases.new(self, slug, title=title, against=against,
                                         platform=platform))

    def case_list(self) -> list[dict[str, Any]]:
        return cases.listing(self)

    def case_show(self, slug: str) -> dict[str, Any]:
        return cases.show(self, slug, notes.view)

    def case_rename(self, old: str, new: str) -> dict[str, Any]:
        return cases.rename(self, old, new)

    def case_merge(self, source: str, into: str) -> dict[str, Any]:
        """Move SOURCE's items and notes into INTO and remove SOURCE (cases.merge)."""
        return cases.merge(self, source, into)

    def case_rm(self, slug: str) -> dict[str, Any]:
        """Remove a case; its items and notes are unlinked, never deleted."""
        return cases.remove(self, slug)

    def case_set(self, slug: str, **values: str | None) -> dict[str, Any]:
        """Set a case's title, against, platform, claimant (申请人) or claim (诉求)."""
        return cases.set_details(self, slug, values)

    def link(self, refs: list[str], case: str) -> list[str]:
        """Link items to a case; returns the refs newly linked."""
        return cases.link(self, refs, case)

    def unlink(self, refs: list[str], case: str) -> list[str]:
        return cases.unlink(self, refs, case)

    # ---- notes, promises, the timeline -----------------------------------------------------

    def note(self, *, case: str, channel: str, at: str, text: str, with_whom: str | None = None,
             ticket: str | None = None, promise: str | None = None, due: str | None = None,
             attach: list[str] | None = None) -> dict[str, Any]:
        """Record a call, chat, email, SMS or visit (evidence_vault.notes.record)."""
        return notes.record(self, case=case, channel=channel, at=at, text=text,
                            with_whom=with_whom, ticket=ticket, promise=promise, due=due,
                            attach=attach)

    def note_amend(self, ref: str, **changes: Any) -> dict[str, Any]:
        """A new version of a note (evidence_vault.notes.amend); the old one is kept."""
        return notes.amend(self, ref, **changes)

    def note_void(self, ref: str, *, reason: str) -> dict[str, Any]:
        return notes.void(self, ref, reason=reason)

    def note_view(self, note_id: int) -> dict[str, Any]:
        return notes.view(self, note_id)

    def set_promise(self, ref: str, status: str) -> dict[str, Any]:
        return notes.set_promise(self, ref, status)

    def timeline(self, case: str) -> list[Any]:
        from evidence_vault import followup

        return followup.timeline(self.db, check_slug(case))

    def promises(self, case: str | None = None) -> list[dict[str, Any]]:
        from evidence_vault import followup

        return followup.promises(self.db, case)

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

    # ---- custody log and verification ----------------------------------------------------

    def log(self, ref: str | None = None) -> list[custody.Entry]:
        """The custody log; with `ref` (E12, N3, P4, C:slug), the entries about that one alone."""
        entries = custody.entries(self.db)
        if ref is None:
            return entries
        case = re.fullmatch(r"[Cc]:(.+)", (ref or "").strip())
        if case:
            return _case_history(self, entries, records.normal_slug(case.group(1)))
        key = _key(self, ref)
        return [e for e in entries if custody.concerns(e, key)]

    def verify(self, *, record: bool = True) -> VerifyReport:
        """Re-hash every original and check every row against the custody log
        (evidence_vault.integrity.verify); an empty list of problems means intact."""
        from evidence_vault import integrity

        return integrity.verify(self, record=record)

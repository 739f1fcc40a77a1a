"""`vault export`: a case as a bundle a regulator, mediator, lawyer or court can use.

    dossier.pdf            cover, 证据目录, timeline, exhibits, 电子数据保全说明
    dossier-redacted.pdf   (--redact) the same marked 脱敏版, personal data masked on every page
    evidence-list.csv      the 证据目录 (UTF-8 with BOM, for spreadsheet programs)
    evidence-list.docx     the 证据目录 as a Word table, for lawyers to edit and file
    originals/证据01-…     byte-identical copies of the originals (and notes' records)
    redacted/证据01-…      (--redact) every image and PDF exhibit with its personal data
                           blacked out (manifest.json says how each was made)
    manifest.json          every file with its SHA-256 and size, the exhibits, the log head
    SHA256SUMS             every file but itself, for `sha256sum -c SHA256SUMS`

This module orchestrates; the layers below it do the work: content.py the
facts, wording.py the words, build.py the Dossier, pdf.py, tables.py and
manifest.py one format each, redact.py the public copy. What stays here is
the bundle's safety and the checking of a bundle.

Nothing is half-written, and nothing is left in $TMPDIR: everything an export
writes (page images, the typesetter's files, the bundle, the zip) lives in ONE
staging folder beside the destination, `.vault-export-XXXXXXXX`, and the bundle
is renamed into place at the end. The exporting process holds an flock on
`lock` inside it for as long as it writes, so the next export can tell a dead
export's leftovers (the lock is free) from a live one's, removes the former
and says so. `--force` swaps an old dossier out through the same folder
(`old`), and the next export finishes a swap that was killed half-way: it puts
the old dossier back if nothing took its place, else removes it.

`--out` is checked after every symlink is resolved: never inside the vault,
never holding it. `--force` replaces only what this vault wrote (a dossier
whose manifest names this vault) or an empty folder; never a symlink, a
device, a FIFO, a socket or anyone else's folder. The font is found before
anything is written. Exhibit numbers are stable for a case: the first export
numbers the exhibits, and later exports keep those numbers and append new ones.

verify_export reads a bundle as untrusted input: every malformation of the
manifest, SHA256SUMS or the zip is a reported problem, a path that leaves the
bundle is refused unopened, and control files are read only up to
MAX_CONTROL_BYTES.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_vault import custody, records
from evidence_vault.dossier import build as builder
from evidence_vault.dossier import content
from evidence_vault.dossier.images import MAX_IMAGE_PAGES, _image_pages, page_images, slice_image  # noqa: F401
from evidence_vault.dossier.manifest import FORMAT, build_manifest, write_sums
from evidence_vault.dossier.tables import list_rows, write_csv, write_docx
from evidence_vault.dossier.wording import check_lang
from evidence_vault.errors import InvalidInputError, NotFoundError, VaultError
from evidence_vault.i18n import L_
from evidence_vault.identity import sha256_file, sha256_json
from evidence_vault.when import now_iso

STAGING_PREFIX = ".vault-export-"   # the one staging folder of an export, beside --out
MAX_CONTROL_BYTES = 64 * 1024 * 1024  # manifest.json or SHA256SUMS bigger than this is refused
NAME_MAX_BYTES = builder.NAME_MAX_BYTES


@dataclass
class ExportResult:
    path: Path
    zip: bool
    exhibits: list[dict[str, Any]]
    files: list[dict[str, Any]]
    pages: int
    redacted: bool
    new_numbers: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cleaned: list[dict[str, str]] = field(default_factory=list)  # what a dead export left: healed
    redactions: list[dict[str, Any]] = field(default_factory=list)  # redacted/ copies, as in the manifest

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "zip": self.zip, "pages": self.pages,
                "redacted": self.redacted, "exhibits": self.exhibits, "files": self.files,
                "new_numbers": self.new_numbers, "warnings": self.warnings,
                "cleaned": self.cleaned, "redactions": self.redactions}


# ---- where the bundle goes ------------------------------------------------------------------


#: names that say "a file" but are no dossier: a dossier is a folder (or a .zip of one)
_FILE_SUFFIXES = (".pdf", ".docx", ".doc", ".csv", ".xlsx", ".txt", ".json", ".html", ".md")


def _zip_wanted(out: Path, zip_: bool) -> bool:
    """--out jd.zip writes a .zip as --zip does; --out jd.pdf is refused, since a dossier
    is never one file: it is dossier.pdf with the originals and their hashes."""
    suffix = out.suffix.lower()
    if suffix == ".zip":
        return True
    if suffix in _FILE_SUFFIXES and not zip_:
        raise InvalidInputError(
            L_(
                "--out {name}: a dossier is a folder holding dossier.pdf, the originals and their "
                "hashes, not one {suffix} file; give a folder (--out {stem}) or a .zip (--out {stem}.zip)",
                name=out.name, suffix=suffix, stem=out.stem))
    return zip_


def _target(out: Path, zip_: bool) -> Path:
    """The destination, with its folder's symlinks resolved (so the checks and
    the writes see the same place); a symlink at the destination itself stays
    one, for the checks to refuse."""
    out = Path(os.path.abspath(Path(out).expanduser()))
    if zip_ and out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    if not out.name:
        raise InvalidInputError(L_(
            "--out {out}: name a folder to write, not the root",
            out=out))
    if len(os.fsencode(out.name)) > NAME_MAX_BYTES:
        raise InvalidInputError(L_(
            "--out {name}…: the name is longer than {name_max_bytes} bytes; choose a shorter one",
            name=out.name[:40], name_max_bytes=NAME_MAX_BYTES))
    return Path(os.path.realpath(out.parent)) / out.name


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _refuse_inside_vault(target: Path, vault_root: Path) -> None:
    """--out may not be the vault, lie inside it or hold it, wherever symlinks
    (of the vault's path, of --out's folders or at --out itself) lead."""
    root = os.path.realpath(vault_root)
    for where in {str(target), os.path.realpath(target)}:
        if _within(where, root) or _within(root, where):
            raise InvalidInputError(L_(
                "--out {target}: it is inside the vault {root} (or holds it); export elsewhere",
                target=target, root=root))


def _kind(mode: int) -> str | None:
    """What a file that no dossier can replace is, or None."""
    if stat.S_ISLNK(mode):
        return L_("a symbolic link")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return L_("a device")
    if stat.S_ISFIFO(mode):
        return L_("a FIFO")
    if stat.S_ISSOCK(mode):
        return L_("a socket")
    return None


def _check_target(target: Path, zip_: bool, force: bool, vault_id: str | None) -> None:
    """Refuse a destination that exists, unless --force and it is a dossier this
    vault wrote (or, for a folder, an empty folder)."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as e:
        raise InvalidInputError(L_(
            "--out {target}: {strerror}",
            target=target, strerror=e.strerror)) from None
    if not force:
        raise InvalidInputError(L_(
            "--out {target} already exists; choose another --out or add --force (which replaces only a "
            "dossier this vault wrote)",
            target=target))
    never = _kind(st.st_mode)
    if never:
        raise InvalidInputError(L_(
            "--out {target} is {never}; --force never replaces one",
            target=target, never=never))
    if stat.S_ISDIR(st.st_mode):
        if zip_:
            raise InvalidInputError(L_(
                "--out {target} is a folder; --force --zip replaces only a dossier zip",
                target=target))
        try:
            empty = not any(os.scandir(target))
        except OSError as e:
            raise InvalidInputError(L_(
                "--out {target}: {strerror}",
                target=target, strerror=e.strerror)) from None
        if empty:
            return
    elif not zip_:
        raise InvalidInputError(L_(
            "--out {target} is a file; --force replaces only a dossier folder (add --zip to replace a "
            "dossier zip)",
            target=target))
    why = _not_ours(target, vault_id)
    if why:
        raise InvalidInputError(L_(
            "--out {target} {why}; --force replaces only a dossier this vault wrote, so move it away or "
            "choose another --out",
            target=target, why=why))


def _not_ours(path: Path, vault_id: str | None) -> str | None:
    """Why `path` is not a dossier this vault wrote, or None if it is one."""
    try:
        reader = _open_bundle(path)
    except VaultError:
        return L_("is not a dossier (no readable manifest.json)")
    try:
        raw = reader.read("manifest.json", MAX_CONTROL_BYTES)
    except _Unreadable:
        raw = None
    finally:
        reader.close()
    try:
        manifest = json.loads(raw) if raw is not None else None
    except (ValueError, RecursionError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return L_("is not a dossier (no manifest.json of format {format})", format=FORMAT)
    if not vault_id or manifest.get("vault_id") != vault_id:
        return L_("is a dossier from another vault")
    return None


# ---- the staging folder, and what a dead export left ----------------------------------------


class _Staging:
    """The one folder beside --out that holds everything an export writes,
    locked (flock on `lock`) by the process writing it for as long as it lives.

        lock      the flock; free once its process is dead
        target    the name of --out (for finishing a killed --force swap)
        work/     page images and other scratch files
        b/        the bundle being built
        old       (during a --force swap) the dossier being replaced
    """

    def __init__(self, path: Path, fd: int) -> None:
        self.path, self.fd = path, fd
        self.work, self.built, self.old = path / "work", path / "b", path / "old"

    @classmethod
    def create(cls, target: Path) -> _Staging:
        for _ in range(5):
            path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
            fd = os.open(path / "lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                ours = os.stat(path / "lock").st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                ours = False  # another export took it for a dead one's and removed it: again
            if ours:
                (path / "target").write_bytes(os.fsencode(target.name))
                (path / "work").mkdir()
                (path / "b").mkdir()
                return cls(path, fd)
            os.close(fd)
        raise VaultError(L_(
            "could not make a staging folder in {parent}",
            parent=target.parent))

    def remove(self) -> None:
        try:
            _remove(self.old)  # first, so that a kill now never loses track of what it is
            _remove(self.path)
        finally:
            os.close(self.fd)


def _remove(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        for _ in range(3):  # a typesetter of a killed export may still be adding a file
            shutil.rmtree(path, ignore_errors=True)
            if not os.path.lexists(path):
                return
    else:
        path.unlink(missing_ok=True)


def clean_leftovers(folder: Path) -> list[dict[str, str]]:
    """Remove the staging folders that dead exports left in `folder` (their lock
    is free; a live export's is held and its folder is left alone), finishing a
    killed --force swap first: the old dossier goes back if nothing took its
    place, else it is removed. Returns what was done, {"path", "action"}."""
    done: list[dict[str, str]] = []
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(STAGING_PREFIX)
                   and e.is_dir(follow_symlinks=False)]
    except OSError:
        return done
    for entry in entries:
        staging = Path(entry.path)
        try:
            fd = os.open(staging / "lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                         0o600)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live export is writing it
            old = staging / "old"
            if os.path.lexists(old):
                try:
                    name = os.fsdecode((staging / "target").read_bytes())
                except OSError:
                    continue  # cannot tell where it belongs: keep it
                dest = Path(folder) / name
                if "/" in name or not name or name in (".", ".."):
                    continue
                if os.path.lexists(dest):
                    _remove(old)  # the new dossier is in place
                else:
                    try:
                        os.replace(old, dest)
                    except OSError:
                        continue
                    done.append({"path": str(dest), "action": "restored"})
            _remove(staging)
            done.append({"path": str(staging), "action": "removed"})
        finally:
            os.close(fd)
    return done


# ---- the bundle -----------------------------------------------------------------------------


def _check_stored(facts: content.CaseContent) -> None:
    """Every exhibit's stored original (or note record) is there, before any work."""
    missing = [L_("exhibit {number} ({ref})", number=number, ref=ref)
               for number, ref in facts.missing]
    if missing:
        more = L_(" and {n} more", n=len(missing) - 3) if len(missing) > 3 else ""
        raise VaultError(L_(
            "{missing}{more}: the stored original is missing from the vault; run `vault verify`",
            missing=', '.join(missing[:3]), more=more))


def _write_error(e: OSError, target: Path, replacing: bool) -> VaultError:
    kept = L_("; the dossier already at {target} is kept", target=target) if replacing else ""
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return VaultError(L_(
            "{parent}: no space left on the device; nothing was written{kept}. Free some space and "
            "export again",
            parent=target.parent, kept=kept))
    where = e.filename or target
    return VaultError(L_(
        "{where}: {value}; the dossier was not written{kept}",
        where=where, value=e.strerror or e, kept=kept))


def export(vault: Any, slug: str, out: Path, *, zip_: bool = False, redact: bool = False,
           lang: str = "zh", force: bool = False, font_path: Path | None = None) -> ExportResult:
    from evidence_vault.dossier import fonts, pdf

    check_lang(lang)
    zip_ = _zip_wanted(Path(out), zip_)
    conn = vault.db
    facts = content.case(vault, slug)
    slug, case_id = facts.slug, facts.case_id
    target = _target(Path(out), zip_)
    _refuse_inside_vault(target, vault.root)
    numbers, new = content.exhibit_numbers(conn, case_id)
    if not numbers:
        raise InvalidInputError(L_(
            "case {slug!r} has no items or notes to export; add some with `vault add FILE --case {slug}`",
            slug=slug))
    _check_stored(content.gather(vault, facts, numbers))
    _check_target(target, zip_, force, vault.vault_id)  # refused before anything is written
    font = fonts.find_cjk_font(lang, font_path)  # and so is a missing font
    engine = None
    if redact:  # and a redacted copy that would need OCR where no engine can run
        from evidence_vault.dossier import redact as redactor

        engine = redactor.check(vault, facts)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _write_error(e, target, False) from None
    cleaned = clean_leftovers(target.parent)
    _check_target(target, zip_, force, vault.vault_id)
    replacing = os.path.lexists(target)

    try:
        staging = _Staging.create(target)
    except OSError as e:
        raise _write_error(e, target, replacing) from None
    try:
        bundle = staging.built / (target.stem if zip_ else target.name)
        bundle.mkdir()
        seq, head = custody.head(conn)
        dossier, sources = builder.build(
            facts, content.timeline(vault, slug), lang=lang, made_at=now_iso(),
            vault_id=vault.vault_id or "", log_head=(seq, head), images=page_images(staging.work))

        originals = bundle / "originals"
        originals.mkdir()
        for src in sources:
            dest = bundle / src.exhibit.original
            if src.blob is not None:
                try:
                    shutil.copyfile(src.blob, dest)
                except FileNotFoundError:
                    if os.path.exists(src.blob):
                        raise
                    raise VaultError(L_(
                        "exhibit {number} ({ref}): the stored original is missing from the vault; run "
                        "`vault verify`",
                        number=src.exhibit.number, ref=src.exhibit.ref)) from None
            else:
                dest.write_bytes(src.record or b"")
            os.chmod(dest, 0o644)
            if sha256_file(dest) != src.exhibit.sha256:
                raise VaultError(L_(
                    "{ref}: the copy does not match the original's hash; run `vault verify`",
                    ref=src.exhibit.ref))

        rendered = pdf.render(dossier, bundle / "dossier.pdf", font)
        header, rows = list_rows(dossier, rendered.exhibit_pages)
        write_csv(bundle / "evidence-list.csv", header, rows)
        write_docx(bundle / "evidence-list.docx", dossier, header, rows)
        public = None
        if redact:
            public = redactor.redact_bundle(vault, facts, dossier, sources, bundle, staging.work,
                                            font, engine)

        manifest = build_manifest(dossier, bundle, slug, seq, head, rendered.pages, redact,
                                  [r.to_json() for r in public.redactions] if public else None)
        (bundle / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        write_sums(bundle)

        if zip_:
            final_source = staging.built / "dossier.zip"
            _zip(bundle, final_source)
        else:
            final_source = bundle
        # checked again: what is at --out may have changed while the bundle was built
        _check_target(target, zip_, force, vault.vault_id)
        _replace(final_source, target, staging.old)
    except OSError as e:
        raise _write_error(e, target, replacing) from None
    finally:
        staging.remove()

    warnings: list[str] = list(public.warnings) if public else []
    redactions = manifest.get("redactions", [])
    if getattr(conn, "read_only", None):  # the dossier is written; only its bookkeeping is not
        warnings.append(L_(
            "the vault is read-only ({read_only}): this export's exhibit numbers and its custody log "
            "entry were not recorded",
            read_only=conn.read_only))
        return ExportResult(target, zip_, manifest["exhibits"], manifest["files"],
                            rendered.pages, redact, new, warnings=warnings, cleaned=cleaned,
                            redactions=redactions)
    with vault.change("export", f"C:{slug}", {
            "path": str(target), "zip": zip_, "redacted": redact, "lang": lang,
            # what was written, as identity hashes structured data (entries before this
            # change hashed json.dumps with its default separators; nothing checks either)
            "manifest_sha256": sha256_json(manifest),
            "exhibits": {ref: n for ref, n in sorted(numbers.items(), key=lambda kv: kv[1])}}):
        for ref, number in numbers.items():
            records.cases.keep_exhibit(conn, case_id, ref, number, now_iso())
    return ExportResult(target, zip_, manifest["exhibits"], manifest["files"], rendered.pages,
                        redact, new, warnings=warnings, cleaned=cleaned, redactions=redactions)


def _zip(bundle: Path, dest: Path) -> None:
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for p in sorted(bundle.rglob("*")):
            if p.is_file():
                z.write(p, arcname=f"{bundle.name}/{p.relative_to(bundle).as_posix()}")


def _replace(source: Path, target: Path, old: Path) -> None:
    """Move the finished bundle into place. What is at `target` (a dossier of
    this vault or an empty folder, under --force) goes to `old` in the staging
    folder first, and back if the new one cannot be moved in; the staging
    folder's removal removes it. A kill in between is finished by the next
    export (clean_leftovers)."""
    if os.path.lexists(target):
        os.replace(target, old)
        try:
            os.replace(source, target)
        except OSError:
            os.replace(old, target)
            raise
    else:
        os.replace(source, target)


# ---- checking a bundle ----------------------------------------------------------------------


@dataclass
class ExportProblem:
    path: str
    what: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "what": self.what}


class _Unreadable(Exception):
    """A file of the bundle that cannot be read as it is listed (the reason)."""


_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
               RuntimeError, ValueError)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _bad_path(rel: Any) -> str | None:
    """Why a path a manifest lists is not a plain path inside the bundle, or None."""
    if not isinstance(rel, str) or not rel:
        return "is not a file path"
    if rel.startswith("/") or "\\" in rel or re.match(r"[A-Za-z]:", rel):
        return "is an absolute path, outside the dossier: not opened"
    if "\0" in rel or any(part in ("", ".", "..") for part in rel.split("/")):
        return "leads outside the dossier (. or .. or an empty part): not opened"
    return None


class _Folder:
    """A dossier folder. A listed path is opened only if, with every symlink
    resolved, it is still inside the folder, and only if it is a regular file
    (a FIFO there would block forever)."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        self.problems: list[ExportProblem] = []

    def close(self) -> None:
        pass

    def _open(self, rel: str) -> int | None:
        real = os.path.realpath(os.path.join(self.root, rel))
        if not _within(real, self.root) or real == self.root:
            raise _Unreadable("leads outside the dossier through a symbolic link: not opened")
        try:
            st = os.stat(real)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as e:
            raise _Unreadable(f"cannot be read: {e.strerror}") from None
        if not stat.S_ISREG(st.st_mode):
            raise _Unreadable("is not a regular file")
        try:
            fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as e:
            raise _Unreadable(f"cannot be read: {e.strerror}") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since it was looked at
            os.close(fd)
            raise _Unreadable("is not a regular file")
        return fd

    def read(self, rel: str, limit: int) -> bytes | None:
        fd = self._open(rel)
        if fd is None:
            return None
        with os.fdopen(fd, "rb") as f:
            if os.fstat(f.fileno()).st_size > limit:
                raise _Unreadable(f"is larger than {limit // 2**20} MB: not read")
            try:
                data = f.read(limit + 1)
            except OSError as e:
                raise _Unreadable(f"cannot be read: {e.strerror}") from None
        if len(data) > limit:
            raise _Unreadable(f"is larger than {limit // 2**20} MB: not read")
        return data

    def digest(self, rel: str) -> str | None:
        fd = self._open(rel)
        if fd is None:
            return None
        with os.fdopen(fd, "rb") as f:
            try:
                return hashlib.file_digest(f, "sha256").hexdigest()
            except OSError as e:
                raise _Unreadable(f"cannot be read: {e.strerror}") from None

    def present(self) -> set[str]:
        """Every file, symlink or other non-folder entry, without following symlinks."""
        found = set()
        for here, dirs, files in os.walk(self.root, followlinks=False):
            rel = os.path.relpath(here, self.root)
            for name in files + [d for d in dirs if os.path.islink(os.path.join(here, d))]:
                found.add(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
        return found


class _Zip:
    """A dossier zip, read member by member and never extracted. Every member is
    checked by its own header and stream: a corrupt or truncated one is reported
    as unreadable, a duplicated name as a problem."""

    def __init__(self, path: Path) -> None:
        try:
            self.z = zipfile.ZipFile(path)
            infos = [i for i in self.z.infolist() if not i.is_dir()]
        except _ZIP_ERRORS as e:
            raise InvalidInputError(L_("{path}: not a readable zip ({e})", path=path, e=e)) from None
        names = [i.filename for i in infos]
        cut = len({n.split("/", 1)[0] for n in names}) == 1 and all("/" in n for n in names)
        if cut:  # the bundle's own folder, as export writes it
            names = [n.split("/", 1)[1] for n in names]
        self.problems = [ExportProblem(n, L_(
            "appears {c} times in the zip: which one is the dossier's cannot be told",
            c=c))
                         for n, c in sorted(Counter(names).items()) if c > 1]
        self.entries = dict(zip(names, infos, strict=True))

    def close(self) -> None:
        self.z.close()

    def read(self, rel: str, limit: int) -> bytes | None:
        info = self.entries.get(rel)
        if info is None:
            return None
        if info.file_size > limit:
            raise _Unreadable(f"is larger than {limit // 2**20} MB: not read")
        data = bytearray()
        try:
            with self.z.open(info) as f:
                # in small steps, stopping at the bound: the header may lie, and one big
                # read would inflate all of it at once
                while chunk := f.read(1 << 20):
                    data += chunk
                    if len(data) > limit:
                        raise _Unreadable(f"is larger than {limit // 2**20} MB: not read")
        except _ZIP_ERRORS as e:
            raise _Unreadable(f"cannot be read from the zip (damaged or changed): {e}") from None
        return bytes(data)

    def digest(self, rel: str) -> str | None:
        info = self.entries.get(rel)
        if info is None:
            return None
        h = hashlib.sha256()
        try:
            with self.z.open(info) as f:
                while chunk := f.read(1 << 20):
                    h.update(chunk)
        except _ZIP_ERRORS as e:
            raise _Unreadable(f"cannot be read from the zip (damaged or changed): {e}") from None
        return h.hexdigest()

    def present(self) -> set[str]:
        return set(self.entries)


def _open_bundle(path: Path) -> _Folder | _Zip:
    try:
        st = os.stat(path)  # a symlink the user names is followed
    except FileNotFoundError:
        raise NotFoundError(L_("{path}: no such folder or zip", path=path)) from None
    except OSError as e:
        raise InvalidInputError(L_("{path}: {strerror}", path=path, strerror=e.strerror)) from None
    if stat.S_ISDIR(st.st_mode):
        return _Folder(path)
    if stat.S_ISREG(st.st_mode):
        try:
            is_zip = zipfile.is_zipfile(path)
        except OSError:
            is_zip = False
        if is_zip:
            return _Zip(path)
    raise InvalidInputError(L_("{path} is neither a dossier folder nor a zip", path=path))


def _sums(raw: bytes, problems: list[ExportProblem]) -> dict[str, str]:
    summed: dict[str, str] = {}
    for n, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line)
        if not m:
            problems.append(ExportProblem("SHA256SUMS", L_("line {n} is not a SHA-256 line", n=n)))
        elif m.group(2) in summed:
            problems.append(ExportProblem("SHA256SUMS", L_(
                "line {n} lists {group} again",
                n=n, group=m.group(2))))
        else:
            summed[m.group(2)] = m.group(1).lower()
    return summed


def verify_export(path: Path) -> tuple[dict[str, Any], list[ExportProblem]]:
    """Check a dossier folder or zip against its manifest and SHA256SUMS, byte
    for byte. Returns (summary, problems); no problems means intact. The bundle
    is untrusted input: whatever is wrong with it is a problem, not an error."""
    path = Path(path)
    reader = _open_bundle(path)
    try:
        return _verify(path, reader)
    finally:
        reader.close()


def _verify(path: Path, reader: _Folder | _Zip) -> tuple[dict[str, Any], list[ExportProblem]]:
    problems = list(reader.problems)
    summary: dict[str, Any] = {"path": str(path), "case": None, "files": 0, "exhibits": 0,
                               "custody_head": None}
    try:
        raw = reader.read("manifest.json", MAX_CONTROL_BYTES)
    except _Unreadable as e:
        return summary, [*problems, ExportProblem("manifest.json", str(e))]
    if raw is None:
        raise InvalidInputError(L_(
            "{path} has no manifest.json: not a dossier made by vault export",
            path=path))

    try:
        manifest = json.loads(raw)
    except (ValueError, RecursionError):
        return summary, [*problems, ExportProblem("manifest.json", L_("is not valid JSON"))]
    if not isinstance(manifest, dict):
        return summary, [*problems, ExportProblem("manifest.json", L_("is not a JSON object"))]

    def malformed(what: str) -> None:
        problems.append(ExportProblem("manifest.json", what))

    files = manifest.get("files")
    if not isinstance(files, list):
        malformed("has no list of files ('files' is missing or not a list)")
        files = []
    listed: dict[str, dict[str, Any]] = {}
    refused: set[str] = set()
    for n, f in enumerate(files):
        if not isinstance(f, dict) or not isinstance(f.get("path"), str) \
                or not isinstance(f.get("sha256"), str) or not _SHA256.fullmatch(f["sha256"]):
            malformed(f"files[{n}] is not an entry with a path and a SHA-256")
            continue
        rel = f["path"]
        why = _bad_path(rel)
        if why:
            problems.append(ExportProblem(rel, why))
            refused.add(rel)
        elif rel in listed:
            problems.append(ExportProblem(rel, L_("is listed twice in the manifest")))
        else:
            listed[rel] = f
    for rel, f in sorted(listed.items()):
        try:
            actual = reader.digest(rel)
        except _Unreadable as e:
            problems.append(ExportProblem(rel, str(e)))
            continue
        if actual is None:
            problems.append(ExportProblem(rel, L_("missing")))
        elif actual != f["sha256"]:
            problems.append(ExportProblem(rel, L_("changed: its SHA-256 differs from the manifest")))

    exhibits = manifest.get("exhibits", [])
    if not isinstance(exhibits, list):
        malformed("'exhibits' is not a list")
        exhibits = []
    for n, entry in enumerate(exhibits):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) \
                or not isinstance(entry.get("sha256"), str):
            malformed(f"exhibits[{n}] is not an entry with a file and a SHA-256")
        elif entry["file"] in listed and listed[entry["file"]]["sha256"] != entry["sha256"]:
            problems.append(ExportProblem(entry["file"], L_(
                "the manifest lists another hash for this exhibit than for its file")))

    try:
        sums = reader.read("SHA256SUMS", MAX_CONTROL_BYTES)
        if sums is None:
            problems.append(ExportProblem("SHA256SUMS", L_("missing")))
    except _Unreadable as e:
        problems.append(ExportProblem("SHA256SUMS", str(e)))
        sums = None
    if sums is not None:
        summed = _sums(sums, problems)
        if "manifest.json" not in summed:
            problems.append(ExportProblem("manifest.json", L_("not listed in SHA256SUMS")))
        elif hashlib.sha256(raw).hexdigest() != summed["manifest.json"]:
            problems.append(ExportProblem("manifest.json", L_("changed since SHA256SUMS was written")))
        for rel, h in sorted(summed.items()):
            if rel == "manifest.json":
                continue
            if rel in refused:
                continue
            if rel not in listed:
                problems.append(ExportProblem(rel, L_("in SHA256SUMS but not in the manifest")))
            elif listed[rel]["sha256"] != h:
                problems.append(ExportProblem(rel, L_("SHA256SUMS and the manifest disagree")))
        for rel in sorted(set(listed) - set(summed)):
            problems.append(ExportProblem(rel, L_("in the manifest but not in SHA256SUMS")))
    for rel in sorted(reader.present() - set(listed) - {"manifest.json", "SHA256SUMS"}):
        problems.append(ExportProblem(rel, L_("not in the manifest: added after the export")))

    case = manifest.get("case")
    head = manifest.get("custody_head")
    summary.update({"case": case.get("slug") if isinstance(case, dict)
                    and isinstance(case.get("slug"), str) else None,
                    "files": len(listed), "exhibits": len(exhibits),
                    "custody_head": head if isinstance(head, dict) else None})
    return summary, problems

"""Turn the paths a user gives `vault add` into files, reporting what cannot be added.

Folders are walked recursively with a set of the folders already entered, so
that a link back to an ancestor is reported as a loop instead of walked
forever. Hidden entries inside folders (.DS_Store, .thumbnails) are skipped; a
hidden file named explicitly is added.

Paths the user did not name are hostile (STYLE). A symbolic link met inside a
folder is followed only while it stays inside the folder the user named
(`chat-export -> ~/.ssh` is reported, not followed); a symbolic link the user
names on the command line is followed, file or folder, since they chose it.

Listing and opening are two moments: between them a file can be swapped for a
FIFO (whose open() would block forever), a device, or a link elsewhere. So
every file is opened once, without blocking, and the OPENED descriptor is
checked: it must be a regular file, and the same file (device, inode) that was
listed. The caller hashes and copies from that one descriptor.

File names are bytes on Linux. A name that is not UTF-8 (a Windows zip's GBK
names) becomes a str that cannot be stored or printed (surrogate escapes), so
`decode_name` turns it into text once, here, and says how.
"""

from __future__ import annotations

import fcntl
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from evidence_vault.errors import FileRejectedError
from evidence_vault.i18n import L_

NOT_REGULAR = L_("not a regular file (a device, socket or pipe)")


def decode_name(raw: bytes) -> tuple[str, str | None]:
    """(text, how) for one file-name component: UTF-8 as it is (how is None),
    else GB18030 (what Chinese Windows writes into zips), else UTF-8 with the
    bytes it cannot read shown as \\xNN (how is "escaped")."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), "escaped"


def display_path(path: Path | str) -> str:
    """A path as text that can be stored, printed and put in JSON. Each
    component is decoded on its own: a UTF-8 folder may hold a GBK file."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "/".join(decode_name(part)[0] for part in raw.split(b"/"))


@dataclass(frozen=True)
class Found:
    path: Path
    error: str | None = None  # one-line reason the path cannot be added
    ident: tuple[int, int] | None = None  # (st_dev, st_ino) when listed

    @property
    def shown(self) -> str:
        return display_path(self.path)


def _file_problem(path: Path, st: os.stat_result) -> str | None:
    if stat.S_ISDIR(st.st_mode):
        return None
    if not stat.S_ISREG(st.st_mode):
        return NOT_REGULAR
    if st.st_size == 0:
        return L_("empty file (0 bytes); nothing to keep")
    if not os.access(path, os.R_OK):
        return L_("permission denied: the file is not readable")
    return None


def _found_file(path: Path, st: os.stat_result) -> Found:
    return Found(path, _file_problem(path, st), (st.st_dev, st.st_ino))


def _inside(real: Path, top: Path) -> bool:
    return real == top or top in real.parents


def walk(paths: list[Path], *, exclude: Path | None = None) -> Iterator[Found]:
    """Yield every file under `paths` in a stable order, or why it cannot be added."""
    excluded = exclude.resolve() if exclude else None
    for given in paths:
        try:
            st = os.stat(given)
        except FileNotFoundError:
            if os.path.islink(given):
                yield Found(given, L_("broken symbolic link"))
            else:
                yield Found(given, L_("no such file or folder"))
            continue
        except PermissionError:
            yield Found(given, L_("permission denied"))
            continue
        except OSError as e:
            yield Found(given, e.strerror or str(e))
            continue
        real = Path(os.path.realpath(given))
        if excluded and _inside(real, excluded):
            yield Found(given, L_("is inside the vault itself"))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(given, real, excluded)
        else:
            yield _found_file(given, st)


def _walk_dir(top: Path, top_real: Path, excluded: Path | None) -> Iterator[Found]:
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[Found]:
        try:
            st = os.stat(folder)
        except OSError as e:
            yield Found(folder, e.strerror or str(e))
            return
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            yield Found(folder, L_(
                "folder loop: a link here points back to a folder above it"))
            return
        if key in seen:
            return  # reached again through another link: its files are already listed
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            yield Found(folder, L_("permission denied: the folder cannot be listed"))
            return
        except OSError as e:
            yield Found(folder, e.strerror or str(e))
            return
        inner = ancestors | {key}
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            real = Path(os.path.realpath(path))
            if entry.is_symlink() and not _inside(real, top_real):
                target = display_path(os.readlink(path))
                yield Found(path, L_(
                    "symbolic link leads outside the folder (-> {target}); not followed",
                    target=target))
                continue
            try:
                est = os.stat(path)
            except FileNotFoundError:
                yield Found(path, L_("broken symbolic link"))
                continue
            except OSError as e:
                yield Found(path, e.strerror or str(e))
                continue
            if excluded and _inside(real, excluded):
                continue
            if stat.S_ISDIR(est.st_mode):
                yield from visit(path, inner)
            else:
                yield _found_file(path, est)

    yield from visit(top, frozenset())


def open_found(found: Found) -> tuple[io.BufferedReader, os.stat_result]:
    """Open a listed file for reading, once: (file, its fstat).

    O_NONBLOCK so that a FIFO put in the file's place cannot block, O_NOCTTY
    so that a terminal cannot become ours; then the opened descriptor must be
    a regular file, and the very file that was listed. Raises
    FileRejectedError (or OSError from open itself)."""
    fd = os.open(found.path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRejectedError(L_("{shown}: {reason}", shown=found.shown,
                                       reason=NOT_REGULAR))
        if found.ident is not None and (st.st_dev, st.st_ino) != found.ident:
            raise FileRejectedError(L_("{shown}: {reason}", shown=found.shown, reason=L_(
                "the file was replaced after the folder was listed; not added (add it again)")))
        if st.st_size == 0:
            raise FileRejectedError(L_("{shown}: {reason}", shown=found.shown,
                                       reason=L_("empty file (0 bytes); nothing to keep")))
        # Reads of a regular file never block; clear the flag all the same.
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb"), st
    except BaseException:
        os.close(fd)
        raise

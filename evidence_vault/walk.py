"""Turn the paths a user gives `vault add` into files, reporting what cannot be added.

Folders are walked recursively, following symbolic links, with a set of the
folders already entered so that a link back to an ancestor is reported as a
loop instead of walked forever. Hidden entries inside folders (.DS_Store,
.thumbnails) are skipped; a hidden file named explicitly is added.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Found:
    path: Path
    error: str | None = None  # one-line reason the path cannot be added


def _file_problem(path: Path, st: os.stat_result) -> str | None:
    if stat.S_ISDIR(st.st_mode):
        return None
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (a device, socket or pipe)"
    if st.st_size == 0:
        return "empty file (0 bytes); nothing to keep"
    if not os.access(path, os.R_OK):
        return "permission denied: the file is not readable"
    return None


def walk(paths: list[Path], *, exclude: Path | None = None) -> Iterator[Found]:
    """Yield every file under `paths` in a stable order, or why it cannot be added."""
    excluded = exclude.resolve() if exclude else None
    for given in paths:
        try:
            st = os.stat(given)
        except FileNotFoundError:
            if os.path.islink(given):
                yield Found(given, "broken symbolic link")
            else:
                yield Found(given, "no such file or folder")
            continue
        except PermissionError:
            yield Found(given, "permission denied")
            continue
        except OSError as e:
            yield Found(given, e.strerror or str(e))
            continue
        real = Path(os.path.realpath(given))
        if excluded and (real == excluded or excluded in real.parents):
            yield Found(given, "is inside the vault itself")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(given, excluded)
        else:
            problem = _file_problem(given, st)
            yield Found(given, problem)


def _walk_dir(top: Path, excluded: Path | None) -> Iterator[Found]:
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[Found]:
        try:
            st = os.stat(folder)
        except OSError as e:
            yield Found(folder, e.strerror or str(e))
            return
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            yield Found(folder, "folder loop: a link here points back to a folder above it")
            return
        if key in seen:
            return  # reached again through another link: its files are already listed
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            yield Found(folder, "permission denied: the folder cannot be listed")
            return
        except OSError as e:
            yield Found(folder, e.strerror or str(e))
            return
        inner = ancestors | {key}
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                est = os.stat(path)
            except FileNotFoundError:
                yield Found(path, "broken symbolic link")
                continue
            except OSError as e:
                yield Found(path, e.strerror or str(e))
                continue
            if excluded:
                real = Path(os.path.realpath(path))
                if real == excluded or excluded in real.parents:
                    continue
            if stat.S_ISDIR(est.st_mode):
                yield from visit(path, inner)
            else:
                yield Found(path, _file_problem(path, est))

    yield from visit(top, frozenset())

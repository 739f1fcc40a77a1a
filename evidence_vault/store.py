"""Content-addressed, read-only originals.

A blob is named by the SHA-256 of its bytes: objects/ab/cdef…, as git and
dvc-data do. It is written to a temporary file inside the vault (same file
system, so the rename is atomic), fsynced, renamed into place, made read-only
(0444) and never modified again. The same bytes stored twice are one blob.

The store never trusts itself: `put` re-hashes what it copied and refuses a
file that changed while it was being read; a blob already in place (left by an
add that was killed before its commit) is adopted only if its bytes still
hash to its name; `verify` (in the vault) re-reads every byte.

A temporary file in tmp/ is flock()ed by its writer from its creation to its
rename, so `clean_dead_temps` can tell a dead writer's leftover (no lock held:
the kernel drops a killed process's locks) from a file a live process is
writing, across processes, without trusting pids or clocks.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from evidence_vault.errors import FileRejectedError

CHUNK = 1 << 20
# Free space a new blob must leave on the vault's device, so that what is stored
# can still be recorded: a commit appends to the database's WAL, which grows to
# about 4 MB (1000 pages) between checkpoints.
RESERVE = 8 << 20
HEX = set("0123456789abcdef")


def copy_hashed(src: BinaryIO, out: BinaryIO) -> tuple[str, int]:
    """Copy `src` to `out`, each from where it stands, hashing the bytes as they pass;
    `out` is flushed and fsynced. Returns (sha256, size): the hash of what was written,
    whatever `src` holds by the time it is read."""
    h = hashlib.sha256()
    size = 0
    while chunk := src.read(CHUNK):
        h.update(chunk)
        out.write(chunk)
        size += len(chunk)
    out.flush()
    os.fsync(out.fileno())
    return h.hexdigest(), size


class ObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self.tmp = root / "tmp"

    def ensure(self) -> None:
        for d in (self.objects, self.tmp):
            d.mkdir(mode=0o700, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.objects / sha256[:2] / sha256[2:]

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_file(self, source: Path, expect_sha256: str | None = None) -> tuple[str, int]:
        """Copy the file at `source` into the store; return (sha256, size)."""
        with open(source, "rb") as src:
            return self.put_open(src, expect_sha256, name=str(source))

    def put_open(self, src: BinaryIO, expect_sha256: str | None = None, *,
                 name: str = "the file") -> tuple[str, int]:
        """Copy an open file, from its first byte, into the store; return
        (sha256, size).

        With `expect_sha256`, the copy must hash to it (the caller hashed the
        same open file first to look for a duplicate): a file that changed in
        between is refused rather than stored under the wrong name. Nothing is
        left in tmp/ whatever fails (a full disk included).
        """
        self._check_room(os.fstat(src.fileno()).st_size)
        src.seek(0)
        fd, tmp = self._temp()
        try:
            with os.fdopen(fd, "wb") as out:
                digest, size = copy_hashed(src, out)
                if expect_sha256 is not None and digest != expect_sha256:
                    raise FileRejectedError(f"{name}: the file changed while it was being added")
                self._place(tmp, digest)  # still holding the lock: never "dead" before this
            return digest, size
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def put_bytes(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        if self.has(digest):
            return digest
        fd, tmp = self._temp()
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
                self._place(tmp, digest)
            return digest
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def _check_room(self, size: int) -> None:
        """Refuse a blob that would leave the vault's device with less than
        RESERVE bytes free (as ENOSPC, the error the write would soon give)."""
        try:
            fs = os.statvfs(self.tmp)
        except OSError:
            return
        if fs.f_bavail * fs.f_frsize < size + RESERVE:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.tmp))

    def _temp(self) -> tuple[int, Path]:
        """A new temporary file in tmp/, locked by this process until closed."""
        while True:
            fd, name = tempfile.mkstemp(dir=self.tmp, prefix="put-")
            fcntl.flock(fd, fcntl.LOCK_EX)
            # A cleaner may have taken it for a leftover between mkstemp and
            # flock and removed it: then start again with a new name.
            try:
                if os.stat(name).st_ino == os.fstat(fd).st_ino:
                    return fd, Path(name)
            except FileNotFoundError:
                pass
            os.close(fd)

    def clean_dead_temps(self) -> list[Path]:
        """Remove the temporary files of writers that are gone; never one a
        live process holds. Returns what was removed."""
        removed: list[Path] = []
        try:
            names = sorted(self.tmp.glob("put-*"))
        except OSError:
            return removed
        for path in names:
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    continue
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # its writer is alive
                if os.stat(path, follow_symlinks=False).st_ino != os.fstat(fd).st_ino:
                    continue
                path.unlink()
                removed.append(path)
            except OSError:
                continue
            finally:
                os.close(fd)
        return removed

    def _place(self, tmp: Path, digest: str) -> None:
        final = self.path(digest)
        if final.is_file():
            try:
                intact = self._hash(final) == digest
            except OSError:
                intact = False
            if intact:
                return  # same bytes already stored (or left by a killed add): adopted as is
            # A damaged copy that claims these bytes: the fresh, checked copy replaces it.
        final.parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(tmp, 0o444)
        os.replace(tmp, final)
        dir_fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    @staticmethod
    def _hash(path: Path) -> str:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()

    def iter_blobs(self) -> Iterator[tuple[str, Path]]:
        """Every file under objects/, with the digest its path claims."""
        if not self.objects.is_dir():
            return
        for sub in sorted(self.objects.iterdir()):
            if not sub.is_dir():
                yield sub.name, sub
                continue
            for f in sorted(sub.iterdir()):
                yield sub.name + f.name, f

    @staticmethod
    def looks_like_digest(name: str) -> bool:
        return len(name) == 64 and set(name) <= HEX

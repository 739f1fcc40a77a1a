"""Content-addressed, read-only originals.

A blob is named by the SHA-256 of its bytes: objects/ab/cdef…, as git and
dvc-data do. It is written to a temporary file inside the vault (same file
system, so the rename is atomic), fsynced, renamed into place, made read-only
(0444) and never modified again. The same bytes stored twice are one blob.

The store never trusts itself: `put` re-hashes what it copied and refuses a
file that changed while it was being read; `verify` (in the vault) re-reads
every byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from evidence_vault.errors import FileRejectedError

CHUNK = 1 << 20
HEX = set("0123456789abcdef")


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
        """Copy `source` into the store; return (sha256, size).

        With `expect_sha256`, the copy must hash to it (the caller hashed the
        file first to look for a duplicate): a file that changed in between is
        refused rather than stored under the wrong name.
        """
        h = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix="put-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(CHUNK):
                    h.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            digest = h.hexdigest()
            if expect_sha256 is not None and digest != expect_sha256:
                raise FileRejectedError(f"{source}: the file changed while it was being added")
            self._place(tmp, digest)
            return digest, size
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def put_bytes(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        if self.has(digest):
            return digest
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix="put-")
        tmp = Path(tmp_name)
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

    def _place(self, tmp: Path, digest: str) -> None:
        final = self.path(digest)
        if final.is_file():
            return  # same bytes already stored; the existing blob stays untouched
        final.parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(tmp, 0o444)
        os.replace(tmp, final)
        dir_fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

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

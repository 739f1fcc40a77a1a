"""Identity is a contract: how the vault turns things into SHA-256 digests.

Originals are identified by the SHA-256 of their bytes, nothing else. Anything
hashed that is not raw bytes (a note, the state of an item, a custody-log
entry) goes through `canonical_json` first.

CHANGING canonical_json CHANGES EVERY HASH the vault has ever written: every
custody-log entry and every note would fail `vault verify`. Never change it;
add a new, versioned function instead.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

CHUNK = 1 << 20


def canonical_json(obj: Any) -> bytes:
    """UTF-8 JSON with sorted keys, no insignificant whitespace, non-ASCII
    kept as is. The only serialisation that may be hashed."""
    return json.dumps(
        obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_json(obj: Any) -> str:
    return sha256_bytes(canonical_json(obj))


def sha256_file(path: Path | str) -> str:
    """Hash a file by reading every byte; never trusts sizes or modes."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def sha256_open_file(f: io.BufferedIOBase) -> str:
    """Hash an already opened file from its first byte (the caller's one
    open, so that the file hashed is the file then stored)."""
    f.seek(0)
    return hashlib.file_digest(f, "sha256").hexdigest()

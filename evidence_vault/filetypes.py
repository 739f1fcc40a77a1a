"""What a file is, from its content: python-magic, never the extension.

This is the only module that imports `magic`. A screenshot renamed .txt is
still an image; a PDF saved as .jpg is still a PDF.
"""

from __future__ import annotations

import threading
from pathlib import Path

_local = threading.local()

# libmagic's names for a few types, mapped to the registered MIME types that
# readers and dossiers expect.
_ALIASES = {
    "image/x-ms-bmp": "image/bmp",
    "audio/x-m4a": "audio/mp4",
    "image/heif-sequence": "image/heif",
    "image/heic-sequence": "image/heic",
}


def _magic():
    m = getattr(_local, "magic", None)
    if m is None:
        import magic

        m = magic.Magic(mime=True)
        _local.magic = m
    return m


def sniff(path: Path) -> str:
    """The MIME type of the file at `path`, read from its first bytes."""
    mime = _magic().from_file(str(path)) or "application/octet-stream"
    mime = mime.split(";")[0].strip()
    return _ALIASES.get(mime, mime)


def kind_of(mime: str) -> str:
    """A coarse kind for display and the 证据形式 column."""
    if mime.startswith("image/"):
        return "image"
    if mime == "application/pdf":
        return "pdf"
    if mime.startswith("audio/"):
        return "audio"
    if mime.startswith("video/"):
        return "video"
    if mime in ("message/rfc822",):
        return "email"
    if mime.startswith("text/"):
        return "text"
    return "other"

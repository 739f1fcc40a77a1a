"""Readers turn one stored file into a Reading: its text, and the lines it came from.

The ingest path is one sequence for every kind of file (STYLE rule 9): sniff
the MIME type, pick the reader from READERS, read, extract. A new kind of
evidence is a new module here and a row in the table, never a special case in
the vault. Readers are plain functions `(path, mime, engine) -> Reading`, so a
test can hand any of them a fake engine.

The contract with the caller:

- `read_file` returns None when no reader handles the MIME type (audio,
  video, e-mail, anything else): the file is still stored, just not read.
- A file that cannot be decoded (a corrupt image, an encrypted PDF) raises
  ReadError with a one-line reason; the vault keeps the file and reports it.
- A missing or broken OCR engine never raises: the Reading comes back without
  OCR text and with the engine's reason (and install hint) in `warnings`.
  A PDF's text layer is still read, since it needs no engine.

Reader modules import their libraries (Pillow, pillow-heif, pypdfium2) inside
their functions, so importing this package costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evidence_vault.models import Reading
from evidence_vault.ocr import OcrEngine


class ReadError(Exception):
    """The file could not be decoded; the message is one line a user can read."""


Reader = Callable[[Path, str, OcrEngine], Reading]


def _read_image(path: Path, mime: str, engine: OcrEngine) -> Reading:
    from evidence_vault.readers import image

    return image.read(path, mime, engine)


def _read_pdf(path: Path, mime: str, engine: OcrEngine) -> Reading:
    from evidence_vault.readers import pdf

    return pdf.read(path, mime, engine)


#: MIME type -> reader. A key ending in "/" matches every type under it; an
#: exact key wins over a prefix. Only types a reader can decode are listed:
#: image/svg+xml, for one, is not a picture Pillow can open.
READERS: dict[str, Reader] = {
    "image/png": _read_image,
    "image/apng": _read_image,
    "image/jpeg": _read_image,
    "image/pjpeg": _read_image,
    "image/webp": _read_image,
    "image/bmp": _read_image,
    "image/x-ms-bmp": _read_image,
    "image/gif": _read_image,
    "image/tiff": _read_image,
    "image/heic": _read_image,
    "image/heif": _read_image,
    "image/heic-sequence": _read_image,
    "image/heif-sequence": _read_image,
    "application/pdf": _read_pdf,
    "application/x-pdf": _read_pdf,
}


def reader_for(mime: str) -> Reader | None:
    """The reader registered for `mime` (exact match first, then the longest
    matching prefix), or None."""
    mime = mime.split(";", 1)[0].strip().lower()
    if mime in READERS:
        return READERS[mime]
    prefixes = [key for key in READERS if key.endswith("/") and mime.startswith(key)]
    return READERS[max(prefixes, key=len)] if prefixes else None


def read_file(path: Path, mime: str, engine: OcrEngine) -> Reading | None:
    """Read one file with the reader its MIME type calls for.

    Returns None when no reader handles `mime`. Raises ReadError when the file
    cannot be decoded. Never raises because the OCR engine is missing.
    """
    reader = reader_for(mime)
    if reader is None:
        return None
    return reader(Path(path), mime, engine)

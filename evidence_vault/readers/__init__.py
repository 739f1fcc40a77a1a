"""Readers turn one stored file into a Reading: its text, the lines it came
from, and (for the readers to come) table rows and child files.

The ingest path is one sequence for every kind of file (STYLE rule 9): sniff
the MIME type, pick the reader from READERS, read, extract. READERS is the one
place that says which reader handles a file and whether it needs an OCR
engine; nothing else looks at a MIME type to decide whether or how to read.
A new kind of evidence is a new module here and one row in the table, never
a special case in the vault. Readers are plain functions
`(path, mime, engine) -> Reading`, so a test can hand any of them a fake engine.

Whether a reader needs OCR (`Reader.ocr`):

- ALWAYS: nothing can be read without an engine (an image). With
  `--engine none` such a file is stored and not read; with an engine that is
  not installed it is stored with a warning, and `vault reocr` reads it later.
- SOME_PAGES: the reader reads what it can without one and hands the rest
  to the engine (a PDF: its text layer always, OCR for pages that are
  pictures). Without a usable engine it is still read, and the pages left
  unread are named in a warning that says `vault reocr` reads them.
- NEVER: the file is text or data (a CSV/XLSX bill export, an .eml): read the
  same whatever the engine.

The contract with the caller:

- `read_file` returns None when no reader handles the MIME type (audio,
  video, anything else): the file is still stored, just not read.
- A file that cannot be decoded (a corrupt image, an encrypted PDF) raises
  ReadError with a one-line reason; the vault keeps the file and reports it.
- A missing or broken OCR engine never raises: the Reading comes back without
  OCR text and with the engine's reason (and install hint) in `warnings`.
  Whatever needs no engine (a PDF's text layer) is still read.

Reader modules import their libraries (Pillow, pillow-heif, pypdfium2) inside
their functions, so importing this package costs nothing.

Adding a reader (say .eml): a module here with `read(path, mime, engine)`,
one row per MIME type in READERS (with its `ocr`), and its tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evidence_vault.errors import ReadError  # noqa: F401 - re-exported
from evidence_vault.models import Reading
from evidence_vault.ocr import OcrEngine

# ReadError lives with the other errors (one root, VaultError); it is named here too
# because readers raise it and callers catch it by this name.


ReadFunction = Callable[[Path, str, OcrEngine], Reading]

#: Reader.ocr: whether the reader needs an OCR engine (see the module notes)
ALWAYS = "always"
SOME_PAGES = "pages without text"
NEVER = "never"


@dataclass(frozen=True)
class Reader:
    """One row of READERS: the reader's name, what it reads with, and whether
    it needs an OCR engine. Calling it reads the file."""

    name: str
    read: ReadFunction
    ocr: str = ALWAYS

    @property
    def needs_engine(self) -> bool:
        """True when the reader reads nothing at all without an OCR engine."""
        return self.ocr == ALWAYS

    def __call__(self, path: Path, mime: str, engine: OcrEngine) -> Reading:
        return self.read(path, mime, engine)


def _read_image(path: Path, mime: str, engine: OcrEngine) -> Reading:
    from evidence_vault.readers import image

    return image.read(path, mime, engine)


def _read_pdf(path: Path, mime: str, engine: OcrEngine) -> Reading:
    from evidence_vault.readers import pdf

    return pdf.read(path, mime, engine)


IMAGE = Reader("image", _read_image, ALWAYS)
PDF = Reader("pdf", _read_pdf, SOME_PAGES)

#: MIME type -> reader. A key ending in "/" matches every type under it; an
#: exact key wins over a prefix. Only types a reader can decode are listed:
#: image/svg+xml, for one, is not a picture Pillow can open.
READERS: dict[str, Reader] = {
    "image/png": IMAGE,
    "image/apng": IMAGE,
    "image/jpeg": IMAGE,
    "image/pjpeg": IMAGE,
    "image/webp": IMAGE,
    "image/bmp": IMAGE,
    "image/x-ms-bmp": IMAGE,
    "image/gif": IMAGE,
    "image/tiff": IMAGE,
    "image/heic": IMAGE,
    "image/heif": IMAGE,
    "image/heic-sequence": IMAGE,
    "image/heif-sequence": IMAGE,
    "application/pdf": PDF,
    "application/x-pdf": PDF,
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

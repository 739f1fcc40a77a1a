"""The one way the vault opens an image: a header is believed only within a budget.

An image file states its size in a few header bytes, and decoding allocates
what the header states: a 600-byte PNG claiming 50000 x 50000 asks for 7.5 GB.
Pillow's own guard (Image.MAX_IMAGE_PIXELS) is a process-wide default that
raises inside Image.open, before anyone has read the header, so a look at the
EXIF for the capture time crashed the whole batch on such a file. The policy
lives here instead: importing this module switches Pillow's guard off, and
every original the vault opens goes through `open_image`, which applies the
vault's own limits:

- Opening reads the header only. Metadata (EXIF, PNG text chunks, even those
  after the image data) is read without decoding a pixel (`exif`, `png_text`):
  `vault add --engine none` never decodes.
- `OpenImage.decode` decodes one frame of at most MAX_PIXELS pixels. A JPEG
  over it is decoded at 1/2 or 1/4 scale (Pillow's draft(): the DCT is scaled,
  so the full size is never allocated); anything else over it, and any JPEG
  claiming more than MAX_PIXELS x 16, is refused with ImageTooLarge, whose
  message names the size. A non-interlaced PNG can be decoded down to its
  first `rows` rows only, so a long screenshot costs no more than the slices
  read from it.
- Frames are decoded one at a time, each replacing the one before; readers
  take at most MAX_FRAMES.
- Warnings Pillow raises while a file is open (corrupt EXIF, truncated tags)
  are collected as one-line `warnings`, never printed on the terminal.

The limits were measured with benchmarks/hostile.py (2 cores, rapidocr):
a 1080 x 2400 screenshot is 2.6 MP, a 1080 x 12,000 chat 13 MP, an iPhone
48 MP HEIC 8064 x 6048 = 48.8 MP, so MAX_PIXELS = 50 MP reads every real
capture as before while bounding one decoded frame to 200 MB (RGBA).
"""

from __future__ import annotations

import struct
import warnings as pywarnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from evidence_vault.errors import ReadError
from evidence_vault.i18n import L_

# This module applies the budget below to every image before decoding it.
Image.MAX_IMAGE_PIXELS = None

#: the most pixels decoded for one frame (after a JPEG's scaling)
MAX_PIXELS = 50_000_000
#: a JPEG may be decoded at down to 1 / this scale to fit MAX_PIXELS
MAX_JPEG_REDUCTION = 4
#: frames (pages of a TIFF) read from one file at most
MAX_FRAMES = 10
#: pixels of one rendered PDF page at most (A4 at 200 dpi is 3.9 MP)
MAX_RENDER_PIXELS = 16_000_000

HEIF_TYPES = {"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"}
HEIF_SUFFIXES = {".heic", ".heif", ".hif"}
_JPEG_FORMATS = {"JPEG", "MPO"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: chunks walked at most when reading a PNG's metadata (a real one has a few dozen)
_MAX_PNG_CHUNKS = 100_000


class ImageError(ReadError):
    """The image cannot be opened or decoded; the message is one line."""


class ImageTooLarge(ImageError):
    """Decoding the image would take more pixels than the budget allows."""


_heif_registered = False


def register_heif() -> bool:
    """Teach Pillow HEIC/HEIF (iPhone photos) once; False when pillow-heif is missing."""
    global _heif_registered
    if not _heif_registered:
        try:
            from pillow_heif import register_heif_opener
        except ImportError:
            return False
        register_heif_opener()
        _heif_registered = True
    return True


def fit_scale(width: float, height: float, scale: float, max_pixels: int = MAX_RENDER_PIXELS) -> float:
    """`scale`, lowered so that a width x height page rendered at it has at most
    `max_pixels` pixels."""
    area = max(width, 1.0) * max(height, 1.0)
    if area * scale * scale > max_pixels:
        scale = (max_pixels / area) ** 0.5
    return scale


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _translate(records: list[pywarnings.WarningMessage]) -> list[str]:
    """Pillow's warnings as one-line item warnings: all the complaints about
    EXIF and TIFF tags become one line; leaks and deprecations are dropped."""
    metadata: list[str] = []
    other: list[str] = []
    for rec in records:
        if issubclass(rec.category, (ResourceWarning, DeprecationWarning, PendingDeprecationWarning)):
            continue
        text = " ".join(str(rec.message).split())
        if not text:
            continue
        is_meta = "TiffImagePlugin" in (rec.filename or "") or "exif" in text.lower() \
            or "tag" in text.lower() or "metadata" in text.lower()
        bucket = metadata if is_meta else other
        if text not in bucket:
            bucket.append(text)
    out = []
    if metadata:
        more = f" (and {len(metadata) - 1} more)" if len(metadata) > 1 else ""
        out.append(f"damaged EXIF/metadata: {metadata[0]}{more}; what could be read was used")
    out.extend(f"image: {text}" for text in other[:3])
    return out


class OpenImage:
    """An image file whose header has been read and no pixel decoded."""

    def __init__(self, image: ImageFile.ImageFile, path: Path) -> None:
        self.image = image
        self.path = path
        self.warnings: list[str] = []
        self._png_meta: tuple[dict[str, str], bytes | None] | None = None
        self._exif: Image.Exif | None = None

    @property
    def format(self) -> str:
        return self.image.format or ""

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    @property
    def n_frames(self) -> int:
        try:
            return max(1, int(getattr(self.image, "n_frames", 1)))
        except (OSError, ValueError, EOFError, struct.error, SyntaxError):
            return 1

    # ---- metadata, without decoding ----------------------------------------------------------

    def _png_chunks(self) -> tuple[dict[str, str], bytes | None]:
        """Text chunks and the eXIf chunk of a PNG, wherever they are, by walking
        the chunk list and skipping the image data (Pillow's own `text` and
        `getexif` decode the whole image to reach chunks after it)."""
        if self._png_meta is None:
            from PIL import PngImagePlugin

            text: dict[str, str] = {}
            exif: bytes | None = None
            try:
                with open(self.path, "rb") as fp:
                    if fp.read(8) == _PNG_SIGNATURE:
                        stream = PngImagePlugin.PngStream(fp)
                        for _ in range(_MAX_PNG_CHUNKS):
                            cid, pos, length = stream.read()
                            if cid == b"IEND":
                                break
                            if cid in (b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
                                stream.call(cid, pos, length)
                            else:
                                fp.seek(length, 1)
                            fp.read(4)  # CRC
                        text = {k: str(v) for k, v in stream.im_text.items()}
                        exif = stream.im_info.get("exif")
            except (OSError, ValueError, SyntaxError, EOFError, struct.error, UnicodeDecodeError):
                pass
            self._png_meta = (text, exif)
        return self._png_meta

    def png_text(self) -> dict[str, str]:
        """A PNG's text chunks (empty for other formats)."""
        return self._png_chunks()[0] if self.format == "PNG" else {}

    def exif(self) -> Image.Exif:
        """The image's EXIF, read without decoding pixels (empty when it has none)."""
        if self._exif is None:
            self._exif = self._read_exif()
        return self._exif

    def _read_exif(self) -> Image.Exif:
        if self.format == "PNG":
            exif = Image.Exif()
            data = self._png_chunks()[1]
            if data:
                try:
                    exif.load(data)
                except (OSError, ValueError, SyntaxError, EOFError, struct.error):
                    self.warnings.append(L_("damaged EXIF/metadata: unreadable; ignored"))
            return exif
        try:
            return self.image.getexif()
        except (OSError, ValueError, SyntaxError, EOFError, struct.error):
            self.warnings.append(L_("damaged EXIF/metadata: unreadable; ignored"))
            return Image.Exif()

    # ---- pixels, within the budget -----------------------------------------------------------

    def limit(self) -> int:
        """The most pixels the header may claim for this format."""
        jpeg = self.format in _JPEG_FORMATS
        return MAX_PIXELS * (MAX_JPEG_REDUCTION ** 2 if jpeg else 1)

    def refusal(self, rows: int | None = None) -> str | None:
        """Why the current frame (its first `rows` rows) will not be decoded, or None."""
        width, height = self.image.size
        if rows is not None and rows < height and self._can_stop_early():
            height = rows
        if width * height > self.limit():
            return (f"the image claims {self.image.size[0]}×{self.image.size[1]} pixels, over the "
                    f"limit of {self.limit():,} (not decoded; the file is stored)")
        return None

    def reduction(self, min_width: int | None = None) -> int:
        """The scale divisor a JPEG is decoded at: 1, or the least power of two
        that fits MAX_PIXELS; with `min_width`, as far down as keeps at least that
        width (up to 1/8)."""
        if self.format not in _JPEG_FORMATS:
            return 1
        width, height = self.image.size
        r = 1
        while width * height / (r * r) > MAX_PIXELS and r < MAX_JPEG_REDUCTION:
            r *= 2
        while min_width and r < 8 and width // (2 * r) >= min_width:
            r *= 2
        return r

    def _can_stop_early(self) -> bool:
        im = self.image
        return (self.format == "PNG" and len(im.tile) == 1 and im.tile[0][0] == "zip"
                and not im.info.get("interlace") and not getattr(im, "is_animated", False)
                and self.orientation() in (0, 1))

    def orientation(self) -> int:
        """The EXIF orientation (1 = upright as stored)."""
        try:
            return int(self.exif().get(0x0112, 1) or 1)
        except (TypeError, ValueError):
            return 1

    def decode(self, frame: int = 0, *, rows: int | None = None,
               min_width: int | None = None) -> Image.Image:
        """Frame `frame`, decoded and turned upright by its EXIF orientation, in
        its own mode (callers flatten alpha as they need).

        With `rows`, a PNG is decoded only down to that row (other images are
        decoded whole; the caller crops). With `min_width`, a large JPEG may be
        decoded smaller, down to that width. The result may share memory with the
        open file: use it before the `open_image` block ends (copy it to keep it).
        Raises ImageTooLarge over the budget, ImageError when it cannot decode."""
        im = self.image
        try:
            if frame != im.tell():
                im.seek(frame)
            reason = self.refusal(rows)
            if reason:
                raise ImageTooLarge(reason)
            r = self.reduction(min_width)
            if r > 1:
                im.draft(im.mode, (im.width // r, im.height // r))
            elif rows is not None and rows < im.height and self._can_stop_early():
                tile = im.tile[0]
                extents = (0, 0, im.width, rows)
                # Pillow >= 11 types a tile as the _Tile named tuple; Pillow 10 (still allowed by
                # pyproject) keeps plain tuples, which the installed stubs do not describe.
                im.tile = [tile._replace(extents=extents) if hasattr(tile, "_replace")
                           else (tile[0], extents, *tile[2:])]  # type: ignore[list-item]
                im._size = (im.width, rows)  # the decoder stops once these rows are filled
            im.load()
        except ImageError:
            raise
        except MemoryError as exc:
            raise ImageTooLarge(f"not enough memory to decode {im.width}×{im.height} pixels") from exc
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
            raise ImageError(L_(
                "cannot decode image: {first_line}",
                first_line=_first_line(exc))) from exc
        if self.orientation() in (0, 1):
            return im
        try:
            return ImageOps.exif_transpose(im)
        except Exception:  # noqa: BLE001 - a broken EXIF block must not cost the reading
            self.warnings.append(L_("EXIF orientation unreadable; read as stored"))
            return im


@contextmanager
def open_image(path: Path | str, mime: str | None = None) -> Iterator[OpenImage]:
    """Open an image file, reading its header only. Pillow's warnings during the
    block end up in `OpenImage.warnings` (filled in when the block ends).
    Raises ImageError when the file is not an image Pillow can open."""
    path = Path(path)
    if (mime in HEIF_TYPES or path.suffix.lower() in HEIF_SUFFIXES) and not register_heif():
        raise ImageError(L_("cannot read HEIC/HEIF images: pip install pillow-heif"))
    with pywarnings.catch_warnings(record=True) as caught:
        pywarnings.simplefilter("always")
        try:
            im = Image.open(path)
        except UnidentifiedImageError as exc:
            raise ImageError(L_(
                "not an image this reader can decode ({value})",
                value=mime or path.suffix)) from exc
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
            raise ImageError(L_(
                "cannot decode image: {first_line}",
                first_line=_first_line(exc))) from exc
        opened = OpenImage(im, path)
        try:
            yield opened
        finally:
            im.close()
            opened.warnings.extend(_translate(list(caught)))


def header(path: Path | str, mime: str | None = None) -> dict[str, Any]:
    """Format, size and frame count from the header alone (for messages and tests)."""
    with open_image(path, mime) as op:
        return {"format": op.format, "size": op.size, "frames": op.n_frames}


#: a photo's sensor noise leaves few pixels equal to all their neighbours; a rendered screen
#: (a screenshot, even recompressed, blurred or scaled down) leaves most. Measured on samples/
#: and ../shared/realdata: camera photos of tickets, receipts and screens 0.02-0.70, screenshots
#: 0.75-0.97 (a heavily recompressed one lowest).
PHOTO_FLATNESS = 0.6
_FLAT_CROP = 1024  # the middle of the image, at full resolution: noise is lost by scaling down


def looks_photographed(path: Path | str, mime: str | None = None) -> bool | None:
    """Whether an image's pixels look like a camera's (True) or a rendered screen's
    (False): the share of pixels equal to their right and lower neighbours, in the middle
    of the image, against PHOTO_FLATNESS. A flat photo (a document in even light) may
    pass for a screen, so only True is a finding; None when the image cannot be read.
    Pillow alone (no numpy): the exporter may run in a process that forks OCR workers
    later, and a BLAS thread pool started here would not survive the fork."""
    from PIL import ImageChops

    try:
        with open_image(path, mime) as op:
            im = op.decode(min_width=_FLAT_CROP)
            w, h = im.size
            left, top = max(0, (w - _FLAT_CROP) // 2), max(0, (h - _FLAT_CROP) // 2)
            gray = im.crop((left, top, min(w, left + _FLAT_CROP),
                            min(h, top + _FLAT_CROP))).convert("L")
    except (ImageError, OSError, ValueError):
        return None
    w, h = gray.size
    if w < 8 or h < 8:
        return None
    here = gray.crop((0, 0, w - 1, h - 1))
    right, below = gray.crop((1, 0, w, h - 1)), gray.crop((0, 1, w - 1, h))
    change = ImageChops.lighter(ImageChops.difference(here, right), ImageChops.difference(here, below))
    flat = change.histogram()[0] / ((w - 1) * (h - 1))
    return flat < PHOTO_FLATNESS

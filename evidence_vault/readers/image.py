"""The image reader: screenshots and photos in any format a phone produces.

Opening: PNG, JPEG, WebP, BMP, GIF (first frame: a sticker's later frames
repeat it), TIFF (every page, as pages), and HEIC/HEIF from iPhones through
pillow-heif, whose opener is registered only when such a file turns up. The
EXIF orientation is applied before OCR (a phone photo is stored sideways with
a tag saying so) and transparency is flattened onto white, because OCR
engines read only upright RGB.

Long screenshots: a scrolled chat captured as one 1080 x 12,000 image would
be shrunk by any engine to fit its input size (rapidocr to 2,000 px, making
the text 6 px tall and unreadable). Instead such an image is read in slices
as tall as 1.6 x its width, at full resolution, each overlapping the next by
15 %. A text line cut by a slice's edge is dropped from that slice: the
overlap is taller than any line, so the neighbouring slice holds it whole.
Lines read whole in both slices of an overlap are merged once, recognised as
the same by their boxes (mapped back to the full image) and their text.

Very wide images (photos over 4,000 px wide) are scaled down to 2,400 px
for OCR, which is more than a receipt's text needs, and their boxes mapped
back. Boxes are always in the pixels of the upright original.

Bounds, whatever the header says (the pixel budget itself lives in
evidence_vault.imaging): at most MAX_SLICES = 12 slices of a long screenshot
are read (1080 wide: the top 17,887 px, half as much again as a long chat of
12,000, which is read whole), and a PNG is decoded only that far; at most
imaging.MAX_FRAMES = 10 pages of a TIFF, decoded one at a time; an image over
imaging.MAX_PIXELS = 50 MP is decoded at reduced scale (JPEG) or not at all.
What is left unread is named in the warnings. Measured with
benchmarks/hostile.py on 2 busy cores, rapidocr: one slice or TIFF page takes
5-8 s and the engine itself ~380 MB, so the limits bound a file to about
1.5 minutes and 750 MB (a 1080 x 60,000 screenshot: over 150 s before, never
finished; a 120-page TIFF likewise).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from evidence_vault.i18n import L_
from evidence_vault.models import OcrLine, Reading
from evidence_vault.ocr import OcrEngine
from evidence_vault.ocr.layout import reading_order

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

#: height / width above which an image is a long (scrolling) screenshot
LONG_RATIO = 2.5
#: slice height as a multiple of the width
SLICE_RATIO = 1.6
#: overlap between neighbouring slices, as a share of the slice height
OVERLAP = 0.15
#: images wider than this are scaled down for OCR ...
DOWNSCALE_ABOVE = 4000
#: ... to this width
OCR_WIDTH = 2400
#: a line whose box comes this close to a slice's inner edge (as a share of the
#: slice height, at least 3 px) counts as cut by it; the overlap is 15 % of the
#: slice, so a line dropped for this is still whole, and kept, in the neighbour
EDGE = 0.01

#: a long screenshot is read down to this many slices at most (1080 px wide:
#: the top 17,887 px, some 7 phone screens); the rest is left with a warning
MAX_SLICES = 12


def rows_to_read(width: int, height: int) -> int | None:
    """How many rows of a width x height upright image the first MAX_SLICES
    slices cover, or None when the whole image is read."""
    scale = OCR_WIDTH / width if width > DOWNSCALE_ABOVE else 1.0
    spans = slice_spans(max(1, round(width * scale)), max(1, round(height * scale)))
    if len(spans) <= MAX_SLICES:
        return None
    return min(height, -(-spans[MAX_SLICES - 1][1] * width // max(1, round(width * scale))))


def pages(path: Path, mime: str, warnings: list[str]) -> Iterator[Image.Image]:
    """The file's pages as upright RGB images, one at a time (one unless a
    multi-page TIFF, at most MAX_FRAMES), each valid until the next is made.
    Warnings (frames or rows left unread, damaged metadata) are appended to
    `warnings` as they are known; those of the file's metadata at the end.
    Raises ReadError when the file cannot be decoded or is over the budget."""
    from evidence_vault import imaging
    from evidence_vault.ocr.prepare import flatten_alpha

    opened = None
    try:
        with imaging.open_image(path, mime) as opened:
            frames = opened.n_frames
            many = opened.format == "TIFF" and frames > 1
            wanted = min(frames, imaging.MAX_FRAMES) if many else 1
            for index in range(wanted):
                if index:
                    opened.image.seek(index)
                width, height = opened.image.size
                if opened.orientation() in (5, 6, 7, 8):  # turned a quarter: upright is h x w
                    width, height = height, width
                rows = rows_to_read(width, height)
                reduced = opened.reduction()
                frame = opened.decode(index, rows=rows)
                if rows is not None:
                    warnings.append(L_(
                        "only the top {rows:,} of {height:,} px were read ({max_slices} slices, the "
                        "limit for a long image)",
                        rows=rows, height=height, max_slices=MAX_SLICES))
                    keep = max(1, round(rows * frame.width / width))  # a JPEG may come smaller
                    if frame.height > keep:
                        frame = frame.crop((0, 0, frame.width, keep))
                if reduced > 1:
                    warnings.append(L_(
                        "read at 1/{reduced} scale: the image has {width}×{height} pixels, over the "
                        "limit of {max_pixels:,}",
                        reduced=reduced, width=width, height=height, max_pixels=imaging.MAX_PIXELS))
                yield flatten_alpha(frame)
                del frame
    finally:
        if opened is not None:
            # metadata complaints that matter to the capture time are reported by capture
            warnings.extend(w for w in opened.warnings
                            if not w.startswith("damaged EXIF") and w not in warnings)
    if many and frames > wanted:
        warnings.append(L_(
            "only the first {wanted} of {frames} pages were read (the limit for one file)",
            wanted=wanted, frames=frames))
    elif frames > 1 and not many:
        warnings.append(L_(
            "only the first of {frames} frames was read",
            frames=frames))


def slice_spans(width: int, height: int) -> list[tuple[int, int]]:
    """(top, bottom) of each slice for an image of this size: one span for a
    normal image, overlapping spans for a long one. The last slice is aligned
    with the bottom so that none is a thin sliver."""
    if height <= LONG_RATIO * width:
        return [(0, height)]
    slice_h = max(1, round(SLICE_RATIO * width))
    step = max(1, slice_h - round(OVERLAP * slice_h))
    spans = []
    top = 0
    while top + slice_h < height:
        spans.append((top, top + slice_h))
        top += step
    spans.append((max(0, height - slice_h), height))
    return spans


def _squash(text: str) -> str:
    return "".join(text.split())


def same_line(a: OcrLine, b: OcrLine) -> bool:
    """Two readings of one line of text: boxes over the same place (full-image
    coordinates) and similar text."""
    h = min(a.box[3] - a.box[1], b.box[3] - b.box[1])
    w = min(a.box[2] - a.box[0], b.box[2] - b.box[0])
    v_overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    h_overlap = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
    if h <= 0 or w <= 0 or v_overlap < 0.5 * h or h_overlap < 0.5 * w:
        return False
    ta, tb = _squash(a.text), _squash(b.text)
    if not ta or not tb or ta in tb or tb in ta:
        return True
    return difflib.SequenceMatcher(None, ta, tb).ratio() >= 0.5


def merge_slices(parts: list[tuple[tuple[int, int], list[OcrLine]]]) -> list[OcrLine]:
    """One list of lines from the slices' readings, each given with its span
    and boxes already in full-image coordinates: lines cut by an inner slice
    edge are dropped, lines read in two slices are kept once (the longer
    reading, then the more confident), and the rest is put in reading order."""
    kept: list[OcrLine] = []
    last = len(parts) - 1
    for k, ((top, bottom), lines) in enumerate(parts):
        edge = max(3.0, EDGE * (bottom - top))
        for line in lines:
            if k > 0 and line.box[1] <= top + edge:
                continue
            if k < last and line.box[3] >= bottom - edge:
                continue
            twin = next((i for i, old in enumerate(kept)
                         if old.box[3] > top and same_line(old, line)), None)
            if twin is None:
                kept.append(line)
                continue
            old = kept[twin]
            if (len(_squash(line.text)), line.confidence) > (len(_squash(old.text)), old.confidence):
                kept[twin] = line
    return reading_order(kept)


def _moved(box: tuple[float, float, float, float], dy: float,
           scale: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return (x0 / scale, (y0 + dy) / scale, x1 / scale, (y1 + dy) / scale)


def _shift(line: OcrLine, dy: float, scale: float, page: int) -> OcrLine:
    chars = None if line.chars is None else tuple(
        None if b is None else _moved(b, dy, scale) for b in line.chars)
    return OcrLine(text=line.text, box=_moved(line.box, dy, scale),
                   confidence=line.confidence, page=page, chars=chars)


def ocr_image(image: Image.Image, engine: OcrEngine, page: int = 0,
              chars: bool = False) -> list[OcrLine]:
    """Read one upright RGB image with `engine`, slicing a long screenshot and
    scaling down a huge photo; boxes in `image`'s pixels. With `chars`, each
    line has its characters' boxes where the engine gives them (redaction)."""
    from PIL import Image as PILImage

    scale = 1.0
    if image.width > DOWNSCALE_ABOVE:
        scale = OCR_WIDTH / image.width
        image = image.resize((OCR_WIDTH, max(1, round(image.height * scale))),
                             PILImage.Resampling.LANCZOS)
    read = engine.read_chars if chars else engine.read_image
    spans = slice_spans(image.width, image.height)[:MAX_SLICES]  # callers crop; this is the bound
    if len(spans) == 1:
        return [_shift(ln, 0, scale, page) for ln in read(image)]
    parts = []
    for top, bottom in spans:
        lines = read(image.crop((0, top, image.width, bottom)))
        # boxes in the (possibly scaled) full image, for the merge
        parts.append(((top, bottom), [_shift(ln, top, 1.0, page) for ln in lines]))
    return [_shift(ln, 0, scale, page) for ln in merge_slices(parts)]


def read(path: Path, mime: str, engine: OcrEngine) -> Reading:
    """Read an image file: decode page by page, make upright, OCR (see the
    module notes). Nothing is decoded when the engine cannot run."""
    reason = engine.available()
    if reason:
        return Reading(engine=engine.name, warnings=[reason])
    warnings: list[str] = []
    lines: list[OcrLine] = []
    count = 0
    for index, page in enumerate(pages(path, mime, warnings)):
        lines.extend(ocr_image(page, engine, page=index))
        count = index + 1
    text = "\n\f\n".join(
        "\n".join(ln.text for ln in lines if ln.page == index) for index in range(count)
    )
    return Reading(engine=engine.name, engine_version=engine.version(), text=text,
                   lines=lines, warnings=warnings)

"""Blacking out personal data on one page image, through the OCR boxes of that image.

The page's lines (boxes in the image's pixels) are read as one text in reading order, so a
label in one box (身份证号码：) still names the number in the next; extract.personal says which
characters are personal data; each run of them gets one black box over those characters only,
so 身份证号码： and the amounts beside the number stay readable.

Where the characters are, from the best source there is:

1. each character's own box, where the line has them (`OcrLine.chars`: a PDF's text layer
   exactly; rapidocr and tesseract from the recogniser), or the line's own box where all of
   the line is personal (OCR often boxes a number apart from its label);
2. else, for a line that comes from a stored reading (which keeps line boxes only), the line is
   read again on its own: its strip of the image is cropped (with a margin, enlarged when the
   text is small) and given to the engine for character boxes, and its characters are matched
   to the stored line's text;
3. else, and as well wherever the match in 2 leaves a character of the span unplaced, the
   characters are placed by their share of the line's width (a Chinese character counting
   twice a digit), with a wider margin, since a font's digits are narrower than half its
   Chinese characters.

Every black box is widened a little beyond its characters, as OCR boxes are not exact. The
boxes are all found before any is drawn, so no black box hides a line that is read again.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from evidence_vault.extract.personal import find_personal
from evidence_vault.models import OcrLine
from evidence_vault.ocr.layout import reading_order

Box = tuple[float, float, float, float]

#: a line read again for its characters is enlarged until its text is at least this tall
MIN_TEXT_PX = 32
#: margin around a run of characters placed from their own boxes, as a share of a character
CHAR_MARGIN = 0.35
#: margin around a run placed by its share of the line, in characters (digit widths)
SHARE_MARGIN = 1.0


@dataclass
class Covered:
    """What was blacked out on one page: how many runs of each kind, and the boxes drawn."""

    kinds: Counter[str] = field(default_factory=Counter)
    boxes: list[Box] = field(default_factory=list)
    reread: int = 0     # lines read again for their characters
    failed: int = 0     # … of which the engine could not read (placed by their share instead)


def _units(text: str) -> list[float]:
    """Where each character of `text` starts, in digit widths, and the line's end."""
    out = [0.0]
    for ch in text:
        out.append(out[-1] + (2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.0))
    return out


def _by_share(line: OcrLine, a: int, b: int) -> Box:
    """Characters a..b of `line` placed by their share of its width, with SHARE_MARGIN."""
    units = _units(line.text)
    x0, y0, x1, y1 = line.box
    per = (x1 - x0) / max(1.0, units[-1])
    left = x0 + per * max(0.0, units[a] - SHARE_MARGIN)
    right = x0 + per * min(units[-1], units[b] + SHARE_MARGIN)
    return (left, y0, right, y1)


def _union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _padded(box: Box, line: OcrLine, chars: list[Box]) -> Box:
    """`box` widened by CHAR_MARGIN of a character each side and by a sixth of the line's
    height above and below."""
    width = sum(c[2] - c[0] for c in chars) / len(chars) if chars else 0.0
    height = max(line.box[3] - line.box[1], box[3] - box[1], 1.0)
    dx, dy = max(2.0, CHAR_MARGIN * width), max(2.0, height / 6)
    return (box[0] - dx, min(box[1], line.box[1]) - dy, box[2] + dx, max(box[3], line.box[3]) + dy)


class _Reader:
    """Reads a line's strip of the image again for character boxes (source 2 above)."""

    def __init__(self, image: Any, engine: Any) -> None:
        self.image, self.engine = image, engine
        self.cache: dict[int, list[Box | None] | None] = {}
        self.count = self.failed = 0

    def chars(self, index: int, line: OcrLine) -> list[Box | None] | None:
        """A box (or None) per character of `line`, from reading its strip again."""
        if self.engine is None:
            return None
        if index not in self.cache:
            self.count += 1
            self.cache[index] = self._read(line)
        return self.cache[index]

    def _read(self, line: OcrLine) -> list[Box | None] | None:
        from PIL import Image

        x0, y0, x1, y1 = line.box
        h = max(1.0, y1 - y0)
        left, top = max(0, int(x0 - h)), max(0, int(y0 - 0.4 * h))
        right, bottom = min(self.image.width, int(x1 + h + 1)), min(self.image.height,
                                                                    int(y1 + 0.4 * h + 1))
        if right - left < 4 or bottom - top < 4:
            return None
        strip = self.image.crop((left, top, right, bottom))
        zoom = max(1.0, min(4.0, MIN_TEXT_PX / h))
        if zoom > 1.0:
            strip = strip.resize((round(strip.width * zoom), round(strip.height * zoom)),
                                 Image.Resampling.LANCZOS)
        try:
            found = self.engine.read_chars(strip)
        except Exception:  # noqa: BLE001 - the line keeps its share-of-width placing
            self.failed += 1
            return None
        # the lines of the strip on the stored line's row, left to right, as one text
        mid = ((y0 + y1) / 2 - top) * zoom
        row = sorted((f for f in found if f.chars is not None and f.box[1] <= mid <= f.box[3]),
                     key=lambda f: f.box[0])
        text, boxes = "", list[Box | None]()
        for f in row:
            if text:
                text, boxes = text + " ", [*boxes, None]
            text += f.text
            assert f.chars is not None
            boxes += [None if c is None else (left + c[0] / zoom, top + c[1] / zoom,
                                              left + c[2] / zoom, top + c[3] / zoom)
                      for c in f.chars]
        if not text:
            return None
        out: list[Box | None] = [None] * len(line.text)
        matcher = difflib.SequenceMatcher(None, line.text, text, autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):  # a digit misread
                for k in range(a1 - a0):
                    out[a0 + k] = boxes[b0 + k]
        return out


def find_boxes(image: Any, lines: list[OcrLine], known: Iterable[str] = (),
               engine: Any = None) -> Covered:
    """The black boxes that hide the personal data of `lines` (boxes in `image`'s pixels) on
    `image`; `known` are numbers the vault read from the same evidence; `engine`, when there
    is one, reads again the lines that come without character boxes."""
    ordered = reading_order([OcrLine(ln.text, ln.box, ln.confidence, 0, ln.chars)
                             for ln in lines if ln.text])
    starts, text = [], ""
    for line in ordered:
        starts.append(len(text))
        text += line.text + "\n"
    covered = Covered()
    reader = _Reader(image, engine)
    for p in find_personal(text, known):
        covered.kinds[p.kind] += 1
        for i, line in enumerate(ordered):
            a, b = max(p.start - starts[i], 0), min(p.end - starts[i], len(line.text))
            if a >= b or not line.text[a:b].strip():
                continue
            covered.boxes.append(_span_box(reader, i, line, a, b))
    covered.reread, covered.failed = reader.count, reader.failed
    return covered


def _span_box(reader: _Reader, index: int, line: OcrLine, a: int, b: int) -> Box:
    """The black box over characters a..b of `line` (sources 1-3 of the module notes)."""
    wanted = [k for k in range(a, b) if not line.text[k].isspace()]
    if line.chars is None and not line.text[:a].strip() and not line.text[b:].strip():
        return _padded(line.box, line, [])  # the whole line is personal: its box is the span's
    chars = list(line.chars) if line.chars is not None and len(line.chars) == len(line.text) \
        else reader.chars(index, line)
    placed = [c for k in wanted if chars is not None and (c := chars[k]) is not None]
    box = _union(placed)
    if box is not None and len(placed) == len(wanted):
        assert chars is not None
        return _clamped(_padded(box, line, placed), box, chars, a, b)
    share = _by_share(line, a, b)
    if box is None:
        return _padded(share, line, [])
    return _padded(_union([box, share]) or share, line, placed)


def _clamped(padded: Box, exact: Box, chars: list[Box | None], a: int, b: int) -> Box:
    """`padded` kept from reaching past the middle of the characters either side of a..b
    (so 银行 stays readable before a card number), never inside the span's own `exact` box."""
    before = next((c for c in reversed(chars[:a]) if c is not None), None)
    after = next((c for c in chars[b:] if c is not None), None)
    left, top, right, bottom = padded
    if before is not None:
        left = max(left, min((before[0] + before[2]) / 2, exact[0]))
    if after is not None:
        right = min(right, max((after[0] + after[2]) / 2, exact[2]))
    return (left, top, right, bottom)


def draw(image: Any, boxes: Iterable[Box]) -> None:
    """Black boxes on `image`, in place."""
    from PIL import ImageDraw

    pen = ImageDraw.Draw(image)
    for x0, y0, x1, y1 in boxes:
        pen.rectangle([max(0.0, x0), max(0.0, y0), min(image.width - 1.0, x1),
                       min(image.height - 1.0, y1)], fill="black")

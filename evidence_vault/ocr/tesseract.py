"""Tesseract through pytesseract: the engine that needs only Debian packages.

Tesseract reads clean black-on-white text well and phone screenshots badly: it
binarises the page with one global threshold, so text on a WeChat-green bubble
or a grey time stamp vanishes, and avatars and bubble edges come out as stray
characters. Every image therefore goes through `prepare.prepare_for_ocr`
first (dark mode inverted, bubbles flattened to white, small text enlarged),
which on our drawn screenshots took tesseract from 33 of 58 expected phrases
to all 58 (details in prepare.py).

Choices, each measured on drawn screenshots:

- Page segmentation mode 6 (one uniform block): on prepared chats it found
  58/58 phrases against 55 for psm 4 and 53 for psm 11 (sparse text), which
  splits bubble lines into fragments.
- Languages: chi_sim+eng first. Adding chi_tra to the same run makes tesseract
  choose traditional shapes for simplified text (工号 -> 工號, 发货 -> 發貨),
  which broke 13 of 58 phrases, so traditional Chinese gets its own run
  instead: when the first run found Chinese with a mean confidence under
  TRADITIONAL_RETRY_BELOW, chi_tra+eng runs too, and wins only when it is
  more confident by TRADITIONAL_MARGIN. Measured mean confidences: on
  traditional text chi_tra beats chi_sim by 2.6-2.7 points (and chi_sim
  turns it into simplified characters); on simplified text chi_sim beats
  chi_tra by 1.0-2.1, and clean simplified screenshots score 91.7-93.6.
- Lines come from image_to_data, grouped by block/paragraph/line. Tesseract
  returns each Chinese character as a word, so CJK words are joined without a
  space, Latin words with one, and a CJK/Latin boundary gets a space only
  where the gap on the page is wider than a third of the line height. A line
  whose words all score under 30 is dropped: that is what tesseract makes of
  icons and photos.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING, Any

from evidence_vault.models import OcrLine
from evidence_vault.ocr.engine import OcrEngine
from evidence_vault.ocr.layout import reading_order
from evidence_vault.ocr.prepare import PREPARE_VERSION, prepare_for_ocr

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

INSTALL_HINT = "sudo apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra"
LANGUAGES = ("chi_sim", "chi_tra", "eng")
DEFAULT_PSM = 6
TRADITIONAL_RETRY_BELOW = 93.0
TRADITIONAL_MARGIN = 1.5
#: seconds before one tesseract run is given up (a runaway on a huge image)
TIMEOUT = 180
#: words below this confidence (0..100) are noise when a whole line is made of them
NOISE_CONF = 30


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，：（）￥
        or 0x20000 <= code <= 0x3FFFF
    )


Box = tuple[float, float, float, float]


def _pieces(words: list[tuple[str, Box]]) -> list[tuple[str, str, Box]]:
    """Each word with the separator before it: none between CJK words, a space
    between Latin words, and at a CJK/Latin boundary a space only where the page
    shows a gap."""
    out: list[tuple[str, str, Box]] = []
    prev: tuple[str, Box] | None = None
    for text, box in words:
        sep = ""
        if prev is not None:
            cjk_left, cjk_right = _is_cjk(prev[0][-1]), _is_cjk(text[0])
            if not cjk_left and not cjk_right:
                sep = " "
            elif cjk_left != cjk_right:
                height = max(box[3] - box[1], 1.0)
                sep = " " if box[0] - prev[1][2] > height / 3 else ""
        out.append((sep, text, box))
        prev = (text, box)
    return out


def join_words(words: list[tuple[str, Box]]) -> str:
    """One line's text from its words (text, box), in order: no space between
    CJK words, a space between Latin words, and at a CJK/Latin boundary a
    space only where the page shows a gap."""
    return "".join(sep + text for sep, text, _ in _pieces(words))


def _char_boxes(words: list[tuple[str, Box]], scale: float) -> tuple[Box | None, ...]:
    """A box per character of join_words(words): tesseract boxes words (each CJK
    character is a word of its own), so a word's box is shared among its
    characters by their width, a CJK character counting twice a digit's."""
    out: list[Box | None] = []
    for sep, text, (x0, y0, x1, y1) in _pieces(words):
        out.extend([None] * len(sep))
        units = [2.0 if _is_cjk(c) else 1.0 for c in text]
        per = (x1 - x0) / max(sum(units), 1.0)
        left = x0
        for u in units:
            out.append((left / scale, y0 / scale, (left + per * u) / scale, y1 / scale))
            left += per * u
    return tuple(out)


def lines_from_data(data: dict[str, list[Any]], scale: float = 1.0,
                    chars: bool = False) -> list[OcrLine]:
    """OcrLines from pytesseract's image_to_data dict, boxes divided by `scale`
    (the factor the image was enlarged by before OCR); with `chars`, a box per
    character too."""
    groups: dict[tuple[int, int, int, int], list[tuple[str, tuple, float]]] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (int(data["page_num"][i]), int(data["block_num"][i]),
               int(data["par_num"][i]), int(data["line_num"][i]))
        x, y = float(data["left"][i]), float(data["top"][i])
        box = (x, y, x + float(data["width"][i]), y + float(data["height"][i]))
        groups.setdefault(key, []).append((text, box, conf))
    lines = []
    for words in groups.values():
        if all(conf < NOISE_CONF for _, _, conf in words):
            continue
        words.sort(key=lambda w: w[1][0])
        placed = [(t, b) for t, b, _ in words]
        text = join_words(placed)
        box = (min(b[0] for _, b, _ in words) / scale, min(b[1] for _, b, _ in words) / scale,
               max(b[2] for _, b, _ in words) / scale, max(b[3] for _, b, _ in words) / scale)
        confidence = sum(c for _, _, c in words) / len(words) / 100
        lines.append(OcrLine(text=text, box=box, confidence=confidence,
                             chars=_char_boxes(placed, scale) if chars else None))
    return reading_order(lines)


class TesseractEngine(OcrEngine):
    """Tesseract 4/5 (LSTM) with screenshot preparation."""

    name = "tesseract"

    def __init__(self, threads: int | None = None, psm: int = DEFAULT_PSM) -> None:
        self.threads = threads
        self.psm = psm
        self._languages: list[str] | None = None

    # -- what is installed ----------------------------------------------------

    def installed_languages(self) -> list[str]:
        if self._languages is None:
            import pytesseract

            try:
                self._languages = pytesseract.get_languages()
            except pytesseract.TesseractNotFoundError:
                self._languages = []
        return self._languages

    def missing_languages(self) -> list[str]:
        have = set(self.installed_languages())
        return [lang for lang in LANGUAGES if lang not in have]

    def available(self) -> str | None:
        try:
            import pytesseract
        except ImportError:
            return "pytesseract is not installed: pip install pytesseract"
        if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
            return f"tesseract is not installed: {INSTALL_HINT}"
        missing = self.missing_languages()
        if missing:
            return (f"tesseract is missing the language data {'+'.join(missing)}: "
                    f"{INSTALL_HINT}")
        return None

    def _passes(self) -> tuple[str, str | None]:
        """The first run's languages, and the traditional retry's (or None)."""
        have = set(self.installed_languages())
        first = "+".join(lang for lang in ("chi_sim", "eng") if lang in have) or "eng"
        retry = "+".join(lang for lang in ("chi_tra", "eng") if lang in have)
        return first, (retry if "chi_tra" in have else None)

    def version(self) -> str:
        import pytesseract

        try:
            tess = str(pytesseract.get_tesseract_version(cached=True))
        except pytesseract.TesseractNotFoundError:
            tess = "missing"
        first, retry = self._passes()
        langs = first + (f"|{retry}" if retry else "")
        return f"tesseract {tess} ({langs}) psm {self.psm} {PREPARE_VERSION}"

    # -- reading ----------------------------------------------------------------

    def _run(self, image: Image.Image, langs: str, scale: float,
             chars: bool = False) -> list[OcrLine]:
        import pytesseract

        data = pytesseract.image_to_data(
            image, lang=langs, config=f"--psm {self.psm}",
            output_type=pytesseract.Output.DICT, timeout=TIMEOUT,
        )
        return lines_from_data(data, scale, chars)

    def read_image(self, image: Image.Image) -> list[OcrLine]:
        return self._read(image, chars=False)

    def read_chars(self, image: Image.Image) -> list[OcrLine]:
        """With a box per character, from tesseract's word boxes (see _char_boxes)."""
        return self._read(image, chars=True)

    def _read(self, image: Image.Image, chars: bool) -> list[OcrLine]:
        if self.threads is not None:
            # tesseract's OpenMP threads; pytesseract passes os.environ through
            os.environ["OMP_THREAD_LIMIT"] = str(self.threads)
        prepared, scale = prepare_for_ocr(image)
        first, retry = self._passes()
        lines = self._run(prepared, first, scale, chars)
        if retry and lines:
            conf = 100 * sum(ln.confidence for ln in lines) / len(lines)
            has_cjk = any(_is_cjk(ch) for ln in lines for ch in ln.text)
            if has_cjk and conf < TRADITIONAL_RETRY_BELOW:
                other = self._run(prepared, retry, scale, chars)
                if other:
                    other_conf = 100 * sum(ln.confidence for ln in other) / len(other)
                    if other_conf >= conf + TRADITIONAL_MARGIN:
                        lines = other
        return lines

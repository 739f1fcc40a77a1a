"""The PDF reader: the text layer where a page has one, OCR where it has not.

Evidence PDFs come in two kinds: exported bills, invoices and e-mails, whose
pages carry real text (exact, free to read, no engine needed), and scans or
"print to PDF" of screenshots, whose pages are pictures. Each page is judged
on its own with pdfium (pypdfium2):

- A page with a text layer is read from it. Lines are built from pdfium's
  characters: a line ends at a line break or at a wide horizontal gap, so a
  label and a value in two columns stay two lines, as they do in OCR output.
  Each line's box is the union of its characters' boxes.
- A page with (almost) no text is rendered at RENDER_DPI and OCR'd.
- A page with some text and a large picture (a screenshot pasted under a
  heading) gets both: the text layer, plus the OCR lines that do not overlap
  a text-layer line.

Boxes are in PDF points (1/72 inch) from the top-left corner of the page as it
is displayed (crop box, page rotation applied), for text-layer and OCR lines
alike, so one page's boxes can be compared whatever produced them. Page
numbers start at 0. Reading.text joins lines with "\\n" and pages with
"\\n\\f\\n" (a form feed on its own line).

An encrypted or corrupt PDF raises ReadError; a missing OCR engine costs only
the image-only pages, which are listed in the warnings. At most MAX_OCR_PAGES
= 20 image-only pages are OCR'd per file (a 2,000-page scan would take hours),
the rest listed in a warning; a page is rendered at no more than
imaging.MAX_RENDER_PIXELS (16 MP) whatever size it claims.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

from evidence_vault.errors import ReadError
from evidence_vault.i18n import L_, Ln_
from evidence_vault.models import OcrLine, Reading
from evidence_vault.ocr import OcrEngine
from evidence_vault.ocr.layout import reading_order

RENDER_DPI = 200
#: image-only pages OCR'd per PDF at most (each costs a render and an OCR run of
#: ~1-3 s); later ones are listed in a warning. Text-layer pages are always read.
MAX_OCR_PAGES = 20
#: a page with fewer non-space characters than this counts as image-only
MIN_TEXT_CHARS = 8
#: pictures covering this share of the page are worth OCR next to a text layer
BIG_IMAGE_SHARE = 0.3
#: a gap wider than this many character heights splits a line in two
COLUMN_GAP = 2.0

Box = tuple[float, float, float, float]


def _display_box(box: Box, crop: Box, rotation: int) -> Box:
    """A box in PDF user space (y up) -> points from the displayed page's
    top-left corner."""
    left, bottom, right, top = box
    cx0, cy0, cx1, cy1 = crop
    # unrotated, origin top-left
    return _rotate((left - cx0, cy1 - top, right - cx0, cy1 - bottom), crop, rotation)


def _rotate(box: Box, crop: Box, rotation: int) -> Box:
    """A top-left-origin box on the unrotated page -> on the page as shown,
    turned clockwise by `rotation` degrees."""
    u0, v0, u1, v1 = box
    w, h = crop[2] - crop[0], crop[3] - crop[1]
    if rotation == 90:
        return (h - v1, u0, h - v0, u1)
    if rotation == 180:
        return (w - u1, h - v1, w - u0, h - v0)
    if rotation == 270:
        return (v0, w - u1, v1, w - u0)
    return (u0, v0, u1, v1)


def text_layer_lines(textpage: Any, crop: Box, rotation: int, page: int) -> list[OcrLine]:
    """Lines of a page's text layer, with boxes from its characters (see the
    module notes for the box coordinates), each character's own box in `chars`."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    full = textpage.get_text_range()
    aligned = len(full) == count  # one str char per pdfium char (no surrogates)
    lines: list[OcrLine] = []
    chars: list[str] = []
    boxes: list[Box | None] = []

    def flush() -> None:
        placed = [b for b in boxes if b is not None]
        if placed:
            # spaces trimmed at the ends and each run of them made one, boxes kept in step
            text, kept = "", list[Box | None]()
            for ch, b in zip(chars, boxes, strict=True):
                if b is None:
                    if text and not text.endswith(" "):
                        text, kept = text + " ", [*kept, None]
                    continue
                text += ch
                kept.append(_rotate(b, crop, rotation))
            while text.endswith(" "):
                text, kept = text[:-1], kept[:-1]
            box = (min(b[0] for b in placed), min(b[1] for b in placed),
                   max(b[2] for b in placed), max(b[3] for b in placed))
            lines.append(OcrLine(text=text, box=_rotate(box, crop, rotation), confidence=1.0,
                                 page=page, chars=tuple(kept)))
        chars.clear()
        boxes.clear()

    for i in range(count):
        ch = full[i] if aligned else textpage.get_text_range(i, 1)
        if ch in ("\r", "\n", "\x02", "\f"):
            flush()
            continue
        if not ch.strip():
            chars.append(" ")
            boxes.append(None)
            continue
        # lines are built on the unrotated page, where text runs left to right
        box = _display_box(textpage.get_charbox(i), crop, 0)
        placed = [b for b in boxes if b is not None]
        if placed:
            # compare with the line so far: punctuation sits low, so rows are
            # told apart by vertical overlap, not by equal centres
            top, bottom = min(b[1] for b in placed), max(b[3] for b in placed)
            height = max(bottom - top, 1.0)
            same_row = min(bottom, box[3]) - max(top, box[1]) > 0.2 * min(height, box[3] - box[1])
            if not same_row or box[0] - placed[-1][2] > COLUMN_GAP * height:
                flush()
        chars.append(ch)
        boxes.append(box)
    flush()
    return lines


def page_text(page: Any, index: int) -> list[OcrLine]:
    """The text-layer lines of one pdfium page (boxes in points, see the module notes)."""
    crop = tuple(page.get_cropbox())
    return text_layer_lines(page.get_textpage(), crop, page.get_rotation() % 360, index)


def needs_ocr(page: Any, lines: list[OcrLine]) -> bool:
    """Whether `read` OCRs this page, given its text-layer lines: a page with (almost) no
    text, or with a large picture the text does not cover."""
    n_chars = sum(len(_nonspace(ln.text)) for ln in lines)
    if n_chars < MIN_TEXT_CHARS:
        return True
    crop = tuple(page.get_cropbox())
    return any(sum(len(_nonspace(ln.text)) for ln in lines if overlaps(ln.box, box))
               < MIN_TEXT_CHARS for box in pictures(page, crop, page.get_rotation() % 360))


def overlaps(a: Box, b: Box) -> bool:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return False
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h > 0.3 * max(smaller, 1e-6)


def pictures(page: Any, crop: Box, rotation: int, share: float = BIG_IMAGE_SHARE) -> list[Box]:
    """The boxes of the pictures covering at least `share` of the page."""
    import pypdfium2.raw as raw

    cx0, cy0, cx1, cy1 = crop
    area = max((cx1 - cx0) * (cy1 - cy0), 1.0)
    out = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        left, right = max(left, cx0), min(right, cx1)
        bottom, top = max(bottom, cy0), min(top, cy1)
        if right > left and top > bottom and (right - left) * (top - bottom) >= share * area:
            out.append(_display_box((left, bottom, right, top), crop, rotation))
    return out


def _render_scale(page: Any) -> float:
    """Pixels per point for OCR: RENDER_DPI, or less when the page's largest
    picture has fewer pixels than that (a screenshot saved as a PDF page at
    72 dpi is 15 inches wide; rendering it at 200 dpi only enlarges it)."""
    import pypdfium2.raw as raw

    scale = RENDER_DPI / 72
    best = None
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        left, _, right, _ = obj.get_bounds()
        try:
            px_w, _ = obj.get_px_size()
        except Exception:  # an image pdfium cannot size: keep the default
            continue
        if right - left > 1 and (best is None or right - left > best[0]):
            best = (right - left, px_w / (right - left))
    if best is not None:
        scale = min(scale, max(best[1], 1.0))
    from evidence_vault.imaging import fit_scale

    # a page may claim any size (up to 200 inches a side): its pixels are bounded
    return fit_scale(page.get_width(), page.get_height(), scale)


def _ocr_page(page: Any, engine: OcrEngine, index: int) -> list[OcrLine]:
    from evidence_vault.readers.image import ocr_image

    scale = _render_scale(page)
    image = page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
    lines = ocr_image(image, engine, page=index)
    return [OcrLine(text=ln.text, box=(ln.box[0] / scale, ln.box[1] / scale, ln.box[2] / scale,
                                       ln.box[3] / scale),
                    confidence=ln.confidence, page=index) for ln in lines]


def ocr_pages_read(path: Path) -> set[int]:
    """The pages (from 0) that `read` OCRs when an engine can run: those it judges
    image-only or holding an uncovered picture, the first MAX_OCR_PAGES of them. A
    stored OCR reading of the PDF has OCR lines for these pages and no others."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        wanted = [i for i in range(len(doc)) if needs_ocr(doc[i], page_text(doc[i], i))]
    finally:
        doc.close()
    return set(wanted[:MAX_OCR_PAGES])


def pdfium_version() -> str:
    try:
        return f"pypdfium2 {metadata.version('pypdfium2')}"
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "pypdfium2"


def read(path: Path, mime: str, engine: OcrEngine) -> Reading:
    """Read a PDF page by page (see the module notes)."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise ReadError(L_("cannot read PDFs: pip install pypdfium2")) from exc

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        why = str(exc).splitlines()[0] if str(exc) else "unreadable"
        if "password" in why.lower():
            raise ReadError(L_("the PDF is encrypted (password protected)")) from exc
        raise ReadError(L_("cannot open the PDF: {why}", why=why)) from exc

    warnings: list[str] = []
    reason = engine.available()
    pages_text: list[str] = []
    all_lines: list[OcrLine] = []
    ocr_used = False
    needs_ocr_but_none: list[int] = []
    over_limit: list[int] = []
    ocr_pages = 0
    try:
        for index in range(len(doc)):
            page = doc[index]
            lines = page_text(page, index)
            n_chars = sum(len(_nonspace(ln.text)) for ln in lines)
            if needs_ocr(page, lines):
                if reason:
                    needs_ocr_but_none.append(index + 1)
                elif ocr_pages >= MAX_OCR_PAGES:
                    over_limit.append(index + 1)
                else:
                    ocr_lines = _ocr_page(page, engine, index)
                    ocr_pages += 1
                    ocr_used = True
                    if n_chars < MIN_TEXT_CHARS:
                        lines = ocr_lines
                    else:
                        lines = lines + [o for o in ocr_lines
                                         if not any(overlaps(o.box, t.box) for t in lines)]
            lines = reading_order(lines)
            all_lines.extend(lines)
            pages_text.append("\n".join(ln.text for ln in lines))
    except pdfium.PdfiumError as exc:
        raise ReadError(L_("cannot read the PDF: {exc}", exc=exc)) from exc
    finally:
        doc.close()

    if needs_ocr_but_none:
        listed = page_ranges(needs_ocr_but_none)
        warnings.append(Ln_(
            "page {listed} of the PDF is an image and was not read: {reason}; OCR would read it "
            "(`vault reocr` with an engine that can run)",
            "pages {listed} of the PDF are images and were not read: {reason}; OCR would read them "
            "(`vault reocr` with an engine that can run)",
            len(needs_ocr_but_none), listed=listed, reason=reason))
    if over_limit:
        warnings.append(Ln_(
            "page {page_ranges} of the PDF is an image and was not read: OCR reads at most "
            "{max_ocr_pages} such pages of one file",
            "pages {page_ranges} of the PDF are images and were not read: OCR reads at most "
            "{max_ocr_pages} such pages of one file",
            len(over_limit), page_ranges=page_ranges(over_limit), max_ocr_pages=MAX_OCR_PAGES))
    if ocr_used:
        name, version = engine.name, f"{engine.version()}; {pdfium_version()}"
    else:
        name, version = "pdf-text", pdfium_version()
    return Reading(engine=name, engine_version=version, text="\n\f\n".join(pages_text),
                   lines=all_lines, warnings=warnings)


def page_ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5, 7, 8 -> '1-3, 5, 7-8': a list of 2,000 pages stays one short line."""
    parts: list[str] = []
    start: int | None = None
    prev: int | None = None  # None exactly when start is
    for n in [*numbers, None]:
        if start is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(parts)


def _nonspace(text: str) -> str:
    return "".join(text.split())

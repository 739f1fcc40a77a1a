"""The public copy: redacted/ and dossier-redacted.pdf, with personal data hidden on every
page of every exhibit, for complaint sites (黑猫投诉, social media). The originals, the court
copy (dossier.pdf) and originals/ are never touched.

What is personal data is defined once, in extract/personal.py (ID-card, phone and bank-card
numbers, names beside 姓名/收款人/借款人 …); here it is found on the pages as they are shown:

- **Images** (screenshots, photos): the image upright, blacked out through the OCR boxes of
  its stored reading (the vault's own, vouched by the custody log) where one covers it, else
  through a fresh reading by the vault's engine (a long screenshot's rows below what was read
  at add time too). Its copy in redacted/ is re-encoded, which also drops EXIF and GPS data.
- **PDFs**: every page rendered as the dossier shows it; its text layer gives each character's
  exact box; a page that is a picture (a scan), or holds one, is read by OCR: the stored
  reading's lines where add OCR'd that page, else the engine now. Its copy in redacted/ is a PDF
  of the blacked-out page images, so no text layer, metadata or hidden layer comes along.
- **Text** everywhere in the dossier (OCR text, fields, names, the timeline) is masked
  (138****5678, 张*).

Which characters a black box covers is blackout.py's business. When a page needs OCR and no
engine can run, `check` refuses the export before anything is written: a redacted copy that
silently shows what it promises to hide is worse than none. Each copy's derivation (from which
original, how each page was read, what was hidden) goes into the manifest.
"""

from __future__ import annotations

import copy
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_vault.dossier import blackout, content
from evidence_vault.dossier.images import (
    MAX_IMAGE_PAGES,
    MAX_PDF_PAGES,
    SLICE_RATIO,
    _open_image,
    pdf_page_scale,
    save_slices,
)
from evidence_vault.dossier.model import Dossier, FieldLine
from evidence_vault.errors import VaultError
from evidence_vault.extract.personal import is_personal_field, mask, mask_text
from evidence_vault.models import OcrLine

#: a picture on a PDF page covering this share of it is read by OCR, whatever its text layer
#: (an ID card photographed into a letter is smaller than the reader's threshold for OCR)
PICTURE_SHARE = 0.05
#: a text layer with more than this share of unmappable characters (private-use glyphs, U+FFFD)
#: does not say what the page shows: the page is read by OCR instead
GARBLED_SHARE = 0.1

_LOSSY = ("image/jpeg", "image/heic", "image/heif")


class RedactionRefused(VaultError):
    """--redact cannot make a copy that hides what it promises (a page needs OCR, no engine)."""


@dataclass
class Redaction:
    """One exhibit's copy in redacted/, and how it was made (for the manifest)."""

    number: int
    ref: str
    file: str                      # redacted/…
    source: str                    # originals/…
    source_sha256: str
    pages: int
    hidden: Counter[str] = field(default_factory=Counter)
    boxes: int = 0
    read: list[dict[str, Any]] = field(default_factory=list)   # per page: how it was read
    unread: int = 0    # lines the engine failed to read again: covered by their share of width

    def to_json(self) -> dict[str, Any]:
        return {"exhibit": self.number, "ref": self.ref, "file": self.file, "from": self.source,
                "from_sha256": self.source_sha256, "pages": self.pages,
                "hidden": dict(sorted(self.hidden.items())), "boxes": self.boxes,
                "read": self.read, "unread": self.unread}


@dataclass
class PublicCopy:
    """What redact_bundle wrote: the copies and what the user should know."""

    redactions: list[Redaction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---- which pages need an engine --------------------------------------------------------------


def _engine(vault: Any) -> tuple[Any, str | None]:
    """The vault's engine, in a process of its own (started on its first read: the export's
    own process never holds a model), and why it cannot run (None when it can)."""
    from evidence_vault.ocr import engine_class
    from evidence_vault.ocr.worker import EngineProcess

    name = vault.default_engine()
    if name == "none":
        return None, "the vault's OCR engine is none"
    try:
        engine = EngineProcess(engine_class(name))
    except VaultError as e:
        return None, str(e)
    reason = engine.available()
    return (None, f"the vault's OCR engine {name} cannot run: {reason}") if reason else (engine, None)


def _needs_engine(vault: Any, ev: content.Evidence) -> bool:
    """Whether some page of this exhibit has no stored reading with boxes for it."""
    from evidence_vault.filetypes import kind_of

    if ev.is_note or kind_of(ev.record["mime"]) not in ("image", "pdf"):
        return False
    kind = kind_of(ev.record["mime"])
    stored = content.stored_ocr(vault, ev)
    if kind == "image":
        if stored is None:
            return True
        try:
            width, height = _upright_size(ev.blob, ev.record["mime"])
        except Exception:  # noqa: BLE001 - an image that cannot be opened is not shown either
            return False
        shown = min(height, int(width * SLICE_RATIO * MAX_IMAGE_PAGES))  # what the dossier draws
        return _rows_read(width, height) < shown
    try:
        return any(plan.fresh for plan in _pdf_plans(ev.blob, stored))
    except Exception:  # noqa: BLE001 - a PDF pdfium cannot open is not shown either
        return False


def check(vault: Any, facts: content.CaseContent) -> Any:
    """The engine redaction reads with (None when none can run), after making sure that no
    page needs one when none can: else a VaultError naming the first such exhibit."""
    engine, reason = _engine(vault)
    if engine is not None:
        return engine
    for ev in facts.evidence:
        if _needs_engine(vault, ev):
            name = ev.record["filename"]
            name = name if len(name) <= 40 else name[:39] + "…"
            raise RedactionRefused(
                f"--redact: exhibit {ev.number} ({ev.ref}, {name}) has pages that "
                f"no stored reading covers, and {reason}; a redacted copy made without OCR could "
                "show what it hides, so none was written. Install the engine or choose one that "
                "runs (`vault config engine NAME`), then export again")
    return None


# ---- images ----------------------------------------------------------------------------------


def _upright_size(blob: Path, mime: str) -> tuple[int, int]:
    from evidence_vault import imaging

    with imaging.open_image(blob, mime) as opened:
        width, height = opened.size
        if opened.orientation() in (5, 6, 7, 8):
            width, height = height, width
        r = opened.reduction()
        return max(1, width // r), max(1, height // r)


def _rows_read(width: int, height: int) -> int:
    """How many rows of an upright image `add` read (all but the end of a very long one)."""
    from evidence_vault.readers.image import rows_to_read

    rows = rows_to_read(width, height)
    return height if rows is None else rows


def _ocr_rows(im: Any, top: int, engine: Any) -> list[OcrLine]:
    """OCR of `im` from row `top` down, in as many runs as the reader's bound needs, with
    character boxes; boxes in `im`'s pixels."""
    from evidence_vault.readers.image import ocr_image

    lines: list[OcrLine] = []
    while top < im.height:
        part = im.crop((0, top, im.width, im.height))
        read = _rows_read(part.width, part.height)
        for ln in ocr_image(part, engine, chars=True):
            lines.append(_moved(ln, 0.0, float(top), 1.0))
        if top + read >= im.height:
            break
        top += max(1, read - _overlap_rows(im.width))
    return lines


def _overlap_rows(width: int) -> int:
    """The rows two OCR runs share where one goes on from the other: the reader's overlap
    of slices, taller than any line, so a line cut by one run is whole in the next."""
    from evidence_vault.readers.image import OVERLAP
    from evidence_vault.readers.image import SLICE_RATIO as READ_SLICE_RATIO

    return int(OVERLAP * READ_SLICE_RATIO * width)


def _moved(line: OcrLine, dx: float, dy: float, scale: float) -> OcrLine:
    def move(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        return (b[0] * scale + dx, b[1] * scale + dy, b[2] * scale + dx, b[3] * scale + dy)

    chars = None if line.chars is None else tuple(None if c is None else move(c) for c in line.chars)
    return OcrLine(line.text, move(line.box), line.confidence, line.page, chars)


def _stored_lines(stored: content.StoredOcr, page: int, scale: float = 1.0) -> list[OcrLine]:
    return [_moved(OcrLine(d["text"], tuple(d["box"]), float(d.get("confidence", 1.0)),
                           int(d.get("page", 0))), 0.0, 0.0, scale)
            for d in stored.lines if int(d.get("page", 0)) == page and d.get("text")]


def _image_lines(ev: content.Evidence, stored: content.StoredOcr | None, im: Any,
                 engine: Any) -> tuple[list[OcrLine], list[dict[str, Any]]]:
    """The lines of an image exhibit in `im`'s pixels, and how they were read."""
    if stored is None:
        return _ocr_rows(im, 0, _need(engine, ev)), [
            {"page": 1, "how": "ocr", "engine": engine.name, "engine_version": engine.version()}]
    lines = _stored_lines(stored, 0)
    how = [{"page": 1, "how": "stored", "reading": stored.reading_id, "engine": stored.engine,
            "engine_version": stored.engine_version}]
    read = _rows_read(im.width, im.height)
    if read < im.height:  # a long screenshot shown further down than add read it
        top = max(0, read - _overlap_rows(im.width))
        lines += _ocr_rows(im, top, _need(engine, ev))
        how.append({"page": 1, "how": "ocr", "rows_from": top, "engine": engine.name,
                    "engine_version": engine.version()})
    return lines, how


def _need(engine: Any, ev: content.Evidence) -> Any:
    if engine is None:  # check() refuses such an export first; never draw a copy without OCR
        raise RedactionRefused(f"--redact: exhibit {ev.number} ({ev.ref}) needs OCR and no engine "
                               "can run")
    return engine


def _redact_image(vault: Any, ev: content.Evidence, ex: Any, out_dir: Path, work: Path,
                  engine: Any, known: list[str],
                  warnings: list[str]) -> tuple[Redaction, list[Path] | None]:
    """An image exhibit's redacted copy, and its page images for the public dossier (None:
    the court copy's, nothing was hidden)."""
    name = Path(ex.original).name
    stem = Path(name).stem
    lossy = ex.mime in _LOSSY
    dest = out_dir / f"{stem}{'.jpg' if lossy else '.png'}"
    red = Redaction(ex.number, ex.ref, f"redacted/{dest.name}", ex.original, ex.sha256, 1)
    stored = content.stored_ocr(vault, ev)
    if (stored is not None and ex.mime in ("image/png", "image/jpeg")
            and not _has_metadata(ev.blob, ex.mime)):
        try:
            width, height = _upright_size(ev.blob, ex.mime)
        except Exception:  # noqa: BLE001
            width = height = 0
        text = "\n".join(d.get("text", "") for d in stored.lines)
        from evidence_vault.extract.personal import find_personal

        if width and _rows_read(width, height) >= height and not find_personal(text, known):
            # nothing to hide and no metadata to strip: the original's bytes are the public copy
            dest = out_dir / f"{stem}{'.jpg' if ex.mime == 'image/jpeg' else '.png'}"
            red.file = f"redacted/{dest.name}"
            shutil.copyfile(ev.blob, dest)
            red.read = [{"page": 1, "how": "stored", "reading": stored.reading_id,
                         "engine": stored.engine, "engine_version": stored.engine_version}]
            return red, None
    im = _open_image(ev.blob, max_pages=MAX_IMAGE_PAGES, mime=ex.mime)
    try:
        full = _upright_size(ev.blob, ex.mime)[1]
    except Exception:  # noqa: BLE001
        full = im.height
    if im.height < full:
        warnings.append(f"exhibit {ex.number}: its redacted copy and the dossiers show the top "
                        f"{im.height:,} of its {full:,} px")
    lines, red.read = _image_lines(ev, stored, im, engine)
    found = blackout.find_boxes(im, lines, known, engine)
    blackout.draw(im, found.boxes)
    red.hidden, red.boxes, red.unread = found.kinds, len(found.boxes), found.failed
    if lossy:
        im.save(dest, "JPEG", quality=92)
    else:
        im.save(dest, "PNG", compress_level=1)
    if not found.boxes:
        return red, None
    return red, save_slices(im, work, f"redacted-{ex.number:02d}")


def _has_metadata(path: Path, mime: str) -> bool:
    """Whether an image carries EXIF or XMP (device, place, time) worth stripping
    (read from the metadata alone, never by decoding the pixels)."""
    from evidence_vault import imaging

    try:
        with imaging.open_image(path, mime) as opened:
            info = opened.image.info
            return (bool(opened.exif()) or "xmp" in info or "XML:com.adobe.xmp" in info
                    or any(k.startswith("XML:com.adobe.xmp") for k in opened.png_text()))
    except Exception:  # noqa: BLE001
        return True


# ---- PDFs ------------------------------------------------------------------------------------


@dataclass
class _PagePlan:
    index: int
    text: list[OcrLine]            # the text layer, in points
    stored: list[OcrLine]          # stored OCR lines of the page, in points
    fresh: bool                    # to be read by OCR now


def _garbled(lines: list[OcrLine]) -> bool:
    chars = [c for ln in lines for c in ln.text if not c.isspace()]
    bad = sum(1 for c in chars if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cn", "Cc"))
    return bool(chars) and bad > GARBLED_SHARE * len(chars)


def _pdf_plans(blob: Path, stored: content.StoredOcr | None) -> list[_PagePlan]:
    """How each shown page of a PDF is to be read: its text layer, plus OCR where the page is
    or holds a picture (stored when add OCR'd that page, else now)."""
    import pypdfium2 as pdfium

    from evidence_vault.readers import pdf as reader

    ocrd = reader.ocr_pages_read(blob) if stored is not None else set()
    doc = pdfium.PdfDocument(str(blob))
    plans = []
    try:
        for i in range(min(len(doc), MAX_PDF_PAGES)):
            page = doc[i]
            text = reader.page_text(page, i)
            if _garbled(text):
                text = []
            crop = tuple(page.get_cropbox())
            pictured = reader.needs_ocr(page, text) or bool(
                reader.pictures(page, crop, page.get_rotation() % 360, PICTURE_SHARE))
            old: list[OcrLine] = []
            if pictured and stored is not None and i in ocrd:
                old = [ln for ln in _stored_lines(stored, i)
                       if not any(reader.overlaps(ln.box, t.box) for t in text)]
            plans.append(_PagePlan(i, text, old, pictured and i not in ocrd))
    finally:
        doc.close()
    return plans


def _redact_pdf(vault: Any, ev: content.Evidence, ex: Any, out_dir: Path, work: Path,
                engine: Any, known: list[str], warnings: list[str]) -> tuple[Redaction, list[Path]]:
    """A PDF exhibit's redacted copy (a PDF of its blacked-out pages) and its page images."""
    import img2pdf
    import pypdfium2 as pdfium

    from evidence_vault.readers.image import ocr_image

    stored = content.stored_ocr(vault, ev)
    plans = _pdf_plans(ev.blob, stored)
    dest = out_dir / (Path(Path(ex.original).name).stem + ".pdf")
    red = Redaction(ex.number, ex.ref, f"redacted/{dest.name}", ex.original, ex.sha256, len(plans))
    doc = pdfium.PdfDocument(str(ev.blob))
    pages: list[Path] = []
    rendered: list[tuple[Path, float, float]] = []
    try:
        if len(doc) > MAX_PDF_PAGES:
            warnings.append(f"exhibit {ex.number}: its redacted copy and the dossiers show the "
                            f"first {MAX_PDF_PAGES} of its {len(doc)} pages")
        for plan in plans:
            page = doc[plan.index]
            width, height = page.get_width(), page.get_height()
            scale = pdf_page_scale(width, height)
            im = page.render(scale=scale).to_pil().convert("RGB")
            lines = [_moved(ln, 0.0, 0.0, scale) for ln in plan.text + plan.stored]
            how: dict[str, Any] = {"page": plan.index + 1,
                                   "text_layer": bool(plan.text)}
            if plan.stored:
                how.update(how="stored", reading=stored.reading_id if stored else None,
                           engine=stored.engine if stored else None,
                           engine_version=stored.engine_version if stored else None)
            elif plan.fresh:
                from evidence_vault.readers.pdf import overlaps

                text_boxes = [t.box for t in lines]
                lines += [ln for ln in ocr_image(im, _need(engine, ev), chars=True)
                          if not any(overlaps(ln.box, t) for t in text_boxes)]
                how.update(how="ocr", engine=engine.name, engine_version=engine.version())
            else:
                how.update(how="text-layer")
            red.read.append(how)
            found = blackout.find_boxes(im, lines, known, engine)
            blackout.draw(im, found.boxes)
            red.hidden.update(found.kinds)
            red.boxes += len(found.boxes)
            red.unread += found.failed
            page_file = work / f"redacted-{ex.number:02d}-p{plan.index + 1:02d}.jpg"
            im.save(page_file, "JPEG", quality=85)
            rendered.append((page_file, width, height))
            pages += save_slices(im, work, f"redacted-{ex.number:02d}-p{plan.index + 1:02d}")
            del im
    finally:
        doc.close()
    if rendered:
        # each page the size the original gives it, showing its blacked-out image
        dest.write_bytes(img2pdf.convert([str(p) for p, _, _ in rendered], nodate=True,
                                         layout_fun=_page_layout([(w, h) for _, w, h in rendered])))
    return red, pages


def _page_layout(sizes: list[tuple[float, float]]) -> Any:
    """An img2pdf layout giving page k the size (in points) of the original's page k."""
    import img2pdf

    remaining = list(sizes)

    def layout(imgwidthpx: Any, imgheightpx: Any, ndpi: Any) -> Any:
        width, height = remaining.pop(0) if remaining else (595.0, 842.0)
        return img2pdf.get_fixed_dpi_layout_fun((72 * imgwidthpx / width,
                                                 72 * imgheightpx / height))(
            imgwidthpx, imgheightpx, ndpi)

    return layout


# ---- the bundle ------------------------------------------------------------------------------


def _mask_exhibit(ex: Any, known: list[str]) -> None:
    ex.text = mask_text(ex.text, known)
    ex.description = mask_text(ex.description, known)
    ex.purpose = mask_text(ex.purpose, known)
    ex.name = mask_text(ex.name, known)
    ex.filename = mask_text(ex.filename, known)
    ex.fields = [FieldLine(f.label, mask_text(f.value, known)) for f in ex.fields]


def redact_bundle(vault: Any, facts: content.CaseContent, dossier: Dossier, sources: list[Any],
                  bundle: Path, work: Path, font: Any, engine: Any) -> PublicCopy:
    """redacted/ (a copy of every image and PDF exhibit with its personal data blacked out) and
    dossier-redacted.pdf beside the court copy; `engine` (from `check`) reads what no stored
    reading covers."""
    from evidence_vault.dossier import pdf

    evidence = {ev.ref: ev for ev in facts.evidence}
    out_dir = bundle / "redacted"
    out_dir.mkdir()
    public = copy.deepcopy(dossier)
    public.redacted = True
    result = PublicCopy()
    # the claimant's own name, wherever it is written or shown
    own = (dossier.claimant or "").strip()
    everywhere: set[str] = {own} if own else set()
    if own:
        masked = mask(own, "name")
        public.parties = [(label, masked if value == dossier.claimant else value)
                          for label, value in public.parties]
        public.claimant = masked
    try:
        _redact_exhibits(vault, evidence, public, sources, out_dir, work, engine, result,
                         everywhere)
    finally:
        if engine is not None:
            engine.close()  # its model's memory goes before the typesetter's comes
    unread = sum(r.unread for r in result.redactions)
    if unread:
        result.warnings.append(f"the OCR engine failed to read {unread} line(s) again for their "
                               "characters; they were covered by their share of the line, with "
                               "a wider margin (manifest.json: redactions, unread)")
    for row in public.timeline:
        row.text = mask_text(row.text, everywhere)
    for kept in public.custody:
        kept.filename = mask_text(kept.filename, everywhere)
    public.title = mask_text(public.title, everywhere)
    public.claim = mask_text(public.claim or "", everywhere) or None
    pdf.render(public, bundle / "dossier-redacted.pdf", font)
    return result


def _redact_exhibits(vault: Any, evidence: dict[str, content.Evidence], public: Dossier,
                     sources: list[Any], out_dir: Path, work: Path, engine: Any,
                     result: PublicCopy, everywhere: set[str]) -> None:
    claimant = set(everywhere)
    for ex, src in zip(public.exhibits, sources, strict=True):
        ev = evidence[ex.ref]
        known = [f["value"] for f in ev.fields if is_personal_field(f)] + sorted(claimant)
        everywhere.update(known)
        _mask_exhibit(ex, known)
        if src.blob is None:
            continue
        if ex.kind not in ("image", "pdf"):
            continue
        before = set(out_dir.iterdir())
        try:
            if ex.kind == "image":
                red, images = _redact_image(vault, ev, ex, out_dir, work, engine, known,
                                            result.warnings)
            else:
                red, images = _redact_pdf(vault, ev, ex, out_dir, work, engine, known,
                                          result.warnings)
        except RedactionRefused:
            raise
        except Exception as e:  # noqa: BLE001 - a file Pillow or pdfium cannot open
            # whatever the court copy shows of it, the public copy shows nothing unredacted
            for half_made in set(out_dir.iterdir()) - before:
                half_made.unlink()
            if ex.images:
                result.warnings.append(f"exhibit {ex.number}: could not be redacted ({e}); the "
                                       "public copy shows no image of it, redacted/ no copy")
            ex.images = []
            continue
        result.redactions.append(red)
        ex.public_copy = red.file
        if images is not None:
            ex.images = images

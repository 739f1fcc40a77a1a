"""The page images an exhibit shows in the PDF: upright, at most PAGE_WIDTH_PX
wide, a long screenshot cut into page-sized slices at full legibility rather
than shrunk, a PDF exhibit's pages rendered. Used by the exporter for the
court copy and by redact.py for the public one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evidence_vault.dossier.model import Exhibit

PAGE_WIDTH_PX = 1240      # images for the PDF: at most this wide (A4 text width at ~190 dpi)
SLICE_RATIO = 1.30        # a slice at most this many times as tall as it is wide fits a page


def page_images(work: Path):
    """A function making the images an exhibit shows: upright, at most
    PAGE_WIDTH_PX wide, and a long screenshot cut into page-sized slices at
    full legibility rather than shrunk."""

    def make(ex: Exhibit, blob: Path) -> list[Path]:
        if ex.kind == "image":
            return _image_pages(ex, blob, work)
        if ex.kind == "pdf":
            return _pdf_pages(ex, blob, work)
        return []

    return make


def _open_image(path: Path, min_width: int | None = None, max_pages: int | None = None,
                mime: str | None = None):
    """The image upright and flattened onto white, as RGB, within the pixel
    budget of evidence_vault.imaging (a large JPEG may come back smaller, down
    to `min_width`; with `max_pages`, a long PNG only as far down as that many
    page slices). `mime` is the type the vault sniffed: a stored blob has no
    extension, and a HEIC photo is opened only when its type is known. Raises
    imaging.ImageError for a file it will not decode."""
    from PIL import Image

    from evidence_vault import imaging

    with imaging.open_image(path, mime) as opened:
        rows = int(opened.size[0] * SLICE_RATIO * max_pages) if max_pages else None
        im = opened.decode(0, rows=rows, min_width=min_width)
        if rows is not None and im.height > rows and opened.orientation() in (0, 1):
            im = im.crop((0, 0, im.width, rows))
        if im.mode not in ("RGB", "L"):
            background = Image.new("RGB", im.size, "white")
            rgba = im.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            im = background
        return im.convert("RGB")  # a new image: valid once the file is closed


def save_slices(im, work: Path, stem: str, **save: Any) -> list[Path]:
    """The page images of `im`: slice_image's slices saved as JPEG files `stem-N.jpg` in
    `work`, in order (shown on the dossier's pages, the original's or the redacted copy's)."""
    out = []
    for n, part in enumerate(slice_image(im), 1):
        p = work / f"{stem}-{n:02d}.jpg"
        part.save(p, "JPEG", quality=85, **save)
        out.append(p)
    return out


def slice_image(im, max_width: int = PAGE_WIDTH_PX, ratio: float = SLICE_RATIO) -> list:
    """Scale down to max_width, then cut into slices no taller than ratio × width."""
    from PIL import Image

    if im.width > max_width:
        im = im.resize((max_width, max(1, round(im.height * max_width / im.width))),
                       Image.Resampling.LANCZOS)
    limit = max(1, int(im.width * ratio))
    if im.height <= limit * 1.1:
        return [im]
    count = -(-im.height // limit)
    step = -(-im.height // count)
    return [im.crop((0, top, im.width, min(im.height, top + step)))
            for top in range(0, im.height, step)]


MAX_IMAGE_PAGES = 30      # a long screenshot is drawn down to this many pages (as a PDF's pages)


def _image_pages(ex: Exhibit, blob: Path, work: Path) -> list[Path]:
    """The exhibit's image as page-sized JPEGs, at most MAX_IMAGE_PAGES; none
    (the exhibit is described, not drawn) for an image that cannot be decoded
    or is over the pixel budget. An iPhone's HEIC photo is drawn like any other."""
    try:
        im = _open_image(blob, min_width=PAGE_WIDTH_PX, max_pages=MAX_IMAGE_PAGES, mime=ex.mime)
    except Exception:  # noqa: BLE001 - an image Pillow cannot open is described, not shown
        return []
    return save_slices(im, work, f"E{ex.number:02d}", optimize=True)


MAX_PDF_PAGES = 30        # a PDF exhibit is shown (and redacted) down to this many pages


def pdf_page_scale(width: float, height: float) -> float:
    """Pixels per point a PDF exhibit's page is shown at: PAGE_WIDTH_PX wide (at most 3x),
    its pixels bounded like an image's, since a page may claim any size."""
    from evidence_vault.imaging import fit_scale

    return fit_scale(width, height, min(PAGE_WIDTH_PX / max(1.0, width), 3.0))


def _pdf_pages(ex: Exhibit, blob: Path, work: Path, max_pages: int = MAX_PDF_PAGES) -> list[Path]:
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(blob))
    except Exception:  # noqa: BLE001
        return []
    out = []
    try:
        for i in range(min(len(pdf), max_pages)):
            page = pdf[i]
            scale = pdf_page_scale(page.get_width(), page.get_height())
            im = page.render(scale=scale).to_pil().convert("RGB")
            out += save_slices(im, work, f"E{ex.number:02d}-p{i + 1:02d}")
            del im
    finally:
        pdf.close()
    return out



"""dossier.pdf: a Dossier typeset with Typst.

The layout lives in templates/dossier.typ; this module hands it the dossier as
JSON and runs the compiler that ships inside the `typst` wheel (no system
packages, nothing fetched at run time). The template never parses user text as
markup: every string reaches the page as a string, so file names and OCR text
can hold #, $, *, [, ], <, >, \\ or backticks without changing the document.

Fonts: the chosen face is written out of its collection once, into the user's
cache folder (fonts.cached_face; into the work folder where there is no cache),
linked into the work folder, and Typst sees only that face, plus the fonts built into
Typst (DejaVu Sans Mono for hashes). So the PDF cannot fall back to the
Japanese face of Noto Sans CJK, and every font in it is embedded and subset.

Page numbers: Typst lays the document out until its references settle, so the
证据目录 can give each exhibit's real page range before the exhibit is reached;
the same markers give RenderResult.exhibit_pages.

Images reach Typst wrapped, each in a one-page PDF of its own (written by
img2pdf), with the JPEG or PNG data copied in as it is: Typst embeds such a page without decoding it,
where it would decode and hold every raster image (1.6 GB for 400 phone
screenshots). Images too wide for A4 at ~200 dpi, turned by EXIF, or in other
formats are converted first.

Size: Typst holds every page it has laid out, and all it memoised, until its
process ends (about 0.5 MB a page). So it always runs in a child process, and a
dossier of more than about SINGLE_RUN_PAGES pages is typeset in parts, each in
a fresh process, and the parts joined with pdfium (see _render_in_parts). A
joined PDF has no bookmarks; one run has them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_vault.dossier.build import sections as build_sections
from evidence_vault.dossier.fonts import CjkFont, cached_face, extract_face
from evidence_vault.dossier.model import Dossier, Exhibit
from evidence_vault.dossier.wording import words
from evidence_vault.errors import VaultError
from evidence_vault.i18n import L_

TEMPLATE = Path(__file__).parent / "templates" / "dossier.typ"

# The page geometry the template uses (keep in step with templates/dossier.typ).
PAGE_W_MM, PAGE_H_MM = 210.0, 297.0
MARGIN_X_MM, MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 16.0, 18.0, 18.0
BODY_W_MM = PAGE_W_MM - 2 * MARGIN_X_MM
BODY_H_MM = PAGE_H_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM
IMAGE_RESERVE_MM = 8.0     # under every image: its caption, and a little room to spare
EXHIBIT_HEAD_MM = 62.0     # a typical exhibit heading and its table, above the first image
NATURAL_DPI = 75           # an image is never shown larger than this many pixels per inch (2× at 150)
MAX_IMAGE_PX = 1400        # wider images are scaled down to this first (178 mm at 200 dpi)
SINGLE_RUN_PAGES = 100     # a dossier of about this many pages is typeset in one run
CHUNK_PAGES = 80           # a bigger one in runs of about this many pages, each in a process of its own
WORKERS = 1                # one at a time: two halve the time and double the memory


@dataclass
class RenderResult:
    pages: int
    exhibit_pages: dict[int, tuple[int, int]] = field(default_factory=dict)  # number → (first, last)


def slice_height(width_px: int, first: bool = False) -> int:
    """The tallest slice, in pixels, of an image `width_px` wide that shows at full
    size on one page (on the exhibit's first page, under its heading and table,
    when `first`). Taller images are shrunk to fit the page, not cut."""
    width_mm = min(BODY_W_MM, width_px / NATURAL_DPI * 25.4)
    height_mm = BODY_H_MM - IMAGE_RESERVE_MM - (EXHIBIT_HEAD_MM if first else 0.0)
    return int(width_px * height_mm / width_mm)


def render(dossier: Dossier, out: Path, font: CjkFont) -> RenderResult:
    """Typeset `dossier` into the PDF `out`, and say how many pages it has and
    where each exhibit is."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Beside the PDF, not in $TMPDIR: the exporter writes it inside its staging folder, so
    # a killed export leaves nothing anywhere else (the next export removes that folder).
    with tempfile.TemporaryDirectory(prefix=".dossier-pdf-", dir=out.parent) as tmp:
        work = Path(tmp)
        family = _install_fonts(font, work / "fonts")
        shutil.copyfile(TEMPLATE, work / "main.typ")
        data = document_data(dossier, family, work)
        (work / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        order = [e["number"] for g in data["groups"] for e in g["exhibits"]]
        chunks = _chunks(data)
        when = dossier.made_at
        if len(chunks) <= 1:
            # In a process of its own even so: Typst keeps what it memoised for as long as
            # its process lives, and the exporter goes on to render the redacted copy.
            whole = {"parts": ["front", "exhibits", "back"], "exhibits": order}
            done = _in_processes(work, [[(whole, "all.pdf")]], when)[0][0]
            result = RenderResult(done["pages"], _ranges(done, 0))
            _move_into_place(work / "all.pdf", out)
        else:
            result = _render_in_parts(work, chunks, when, out)
    return result


Job = tuple[dict[str, Any], str | None]  # what to typeset, and the PDF to write (None: only count)


def _render_in_parts(work: Path, chunks: list[list[int]], when: str, out: Path) -> RenderResult:
    """A big dossier, typeset part by part in processes of their own.

    Typst keeps every page it has laid out, and what it memoised, until its process
    ends: a 600-page dossier costs 700 MB in one run. So the front matter (cover,
    catalogue, timeline) with the statement, and each run of exhibits, are typeset
    in turn, each in a fresh process, and their pages joined. A part's layout does
    not depend on the numbers printed on it, so each is laid out once to count its
    pages, then once more with its page numbers and the total."""
    ends: list[Job] = [({"parts": ["front"], "exhibit_pages": {}}, None), ({"parts": ["back"]}, None)]
    counted = _in_processes(work, [ends] + [[({"parts": ["exhibits"], "exhibits": c}, None)] for c in chunks],
                            when)
    (front, back), runs = [r["pages"] for r in counted[0]], [r[0] for r in counted[1:]]
    for _attempt in range(3):
        total = front + sum(r["pages"] for r in runs) + back
        ranges: dict[int, tuple[int, int]] = {}
        batches: list[list[Job]] = []
        first = front + 1
        for i, (chunk, run) in enumerate(zip(chunks, runs, strict=True)):
            ranges.update(_ranges(run, first - 1))
            job = {"parts": ["exhibits"], "exhibits": chunk, "first_page": first, "total": total}
            batches.append([(job, f"exhibits-{i}.pdf")])
            first += run["pages"]
        pages = {str(n): list(r) for n, r in ranges.items()}
        batches.insert(0, [({"parts": ["front"], "exhibit_pages": pages, "total": total}, "front.pdf"),
                           ({"parts": ["back"], "first_page": first, "total": total}, "back.pdf")])
        done = _in_processes(work, batches, when)
        if done[0][0]["pages"] == front:
            break
        front = done[0][0]["pages"]  # the numbers changed the catalogue's length: number again
    names = ["front.pdf"] + [f"exhibits-{i}.pdf" for i in range(len(chunks))] + ["back.pdf"]
    _join([work / name for name in names], work / "all.pdf")
    _move_into_place(work / "all.pdf", out)
    return RenderResult(total, ranges)


def _chunks(data: dict[str, Any]) -> list[list[int]]:
    """The exhibits, in catalogue order, cut into runs of about CHUNK_PAGES pages
    (guessed from their images and text); one run when the whole dossier is small."""
    exhibits = [e for g in data["groups"] for e in g["exhibits"]]
    guesses = [1 + len(e["images"]) + len(e["text"]) // 2500 for e in exhibits]
    if sum(guesses) <= SINGLE_RUN_PAGES:
        return [[e["number"] for e in exhibits]]
    chunks: list[list[int]] = [[]]
    pages = 0
    for e, guess in zip(exhibits, guesses, strict=True):
        if chunks[-1] and pages + guess > CHUNK_PAGES:
            chunks.append([])
            pages = 0
        chunks[-1].append(e["number"])
        pages += guess
    return chunks


def _ranges(done: dict[str, Any], offset: int) -> dict[int, tuple[int, int]]:
    ends = {int(n): int(p) for n, p in done["ends"]}
    return {int(n): (int(p) + offset, ends.get(int(n), int(p)) + offset) for n, p in done["starts"]}


def _in_processes(work: Path, batches: list[list[Job]], when: str) -> list[list[dict[str, Any]]]:
    """Each batch of jobs typeset in a fresh process (WORKERS at a time), so that the
    memory Typst holds goes when it ends; the results in order."""

    def run(batch: list[Job]) -> list[dict[str, Any]]:
        args = [sys.executable, "-m", "evidence_vault.dossier.pdf", str(work), json.dumps(batch), when or ""]
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            raise VaultError(L_(
                "could not typeset the dossier: {value}",
                value=lines[-1] if lines else done.returncode))
        return json.loads(done.stdout)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(run, batches))


def _typeset(work: Path, jobs: list[Job], when: str) -> list[dict[str, Any]]:
    """Lay out each job of main.typ, write its PDF when one is named, and say where its
    exhibits start and end and how many pages it has (counted from 1)."""
    import typst

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True,
                        font_paths=[str(work / "fonts")])
    results = []
    for job, output in jobs:
        compiler = typst.Compiler(str(work / "main.typ"), root=str(work), font_paths=fonts,
                                  sys_inputs={"job": json.dumps(job)},
                                  package_path=str(work), package_cache_path=str(work))
        try:
            if output:
                # Written by the compiler itself: the PDF never passes through Python's memory.
                compiler.compile(output=str(work / output), format="pdf", timestamp=_timestamp(when))
            results.append(json.loads(compiler.eval(
                "(starts: query(<ex-start>).map(m => (m.value, m.location().page())),"
                " ends: query(<ex-end>).map(m => (m.value, m.location().page())),"
                " pages: query(<doc-end>).map(m => m.location().page()).at(-1, default: 0))",
                format="json")))
        except typst.TypstError as e:
            raise VaultError(L_(
                "could not typeset the dossier: {message}",
                message=e.message)) from e
    return results


def _place_face(path: Path, index: int, dest: Path) -> Path:
    """A link to the face in the user's font cache, else the face extracted here."""
    cached = cached_face(path, index)
    if cached is not None:
        try:
            os.symlink(cached, dest)
            return dest
        except OSError:
            pass
    return extract_face(path, index, dest)


def _install_fonts(font: CjkFont, folder: Path) -> str:
    """Put the chosen face (and its bold) alone in `folder`; the family name Typst knows it by."""
    import typst

    folder.mkdir()
    regular = _place_face(font.path, font.index, folder / "cjk-regular.otf")
    if font.bold is not None:
        _place_face(font.bold[0], font.bold[1], folder / "cjk-bold.otf")
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(folder)])
    names = {regular.name, Path(os.path.realpath(regular)).name}  # Typst may name the link's target
    family = next((f.family for f in fonts.fonts() if f.path and Path(f.path).name in names), None)
    if family is None:
        raise VaultError(L_(
            "the font {path} (face {index}) cannot be used for the PDF; give another with --font PATH",
            path=font.path, index=font.index))
    return family


def _join(parts: list[Path], out: Path) -> None:
    import pypdfium2 as pdfium

    joined = pdfium.PdfDocument.new()
    try:
        for part in parts:
            src = pdfium.PdfDocument(str(part))
            try:
                joined.import_pages(src)
            finally:
                src.close()
        joined.save(str(out))
    finally:
        joined.close()


# ---- the data the template lays out ------------------------------------------------------------


def document_data(dossier: Dossier, family: str, work: Path) -> dict[str, Any]:
    """The dossier as the template reads it: plain JSON, every string final."""
    code = (dossier.lang or "zh").replace("_", "-").lower()
    lang = "zh-Hant" if code in {"zh-hant", "zh-tw", "zh-hk"} else "en" if code.startswith("en") else "zh"
    w = words(lang)
    labels = {**w, **dossier.labels}
    images = work / "images"
    images.mkdir()

    sections = build_sections(dossier, w)
    named = [heading for heading, exs in sections if exs and exs[0].group]
    exhibits = [_exhibit(ex, labels, images) for _, exs in sections for ex in exs]
    by_number = {e["number"]: e for e in exhibits}

    timeline = sorted(dossier.timeline, key=lambda e: e.at or "")
    if named:
        total = labels["total_groups"].format(groups=len(named), count=len(exhibits), pages="{pages}")
    else:
        total = labels["total"].format(count=len(exhibits), pages="{pages}")
    return {
        "lang": "en" if lang == "en" else "zh",
        "region": {"zh": "cn", "zh-Hant": "tw", "en": "us"}[lang],
        "font": family,
        "labels": labels,
        "title": dossier.title,
        "redacted": dossier.redacted,
        "parties": [list(p) for p in dossier.parties],
        "claimant": dossier.claimant or "",
        "claim": dossier.claim or "",
        "money": [list(m) for m in dossier.money],
        "counts": [list(c) for c in dossier.counts],
        "made_at": _when(dossier.made_at),
        "made_date": (dossier.made_at or "")[:10],
        "vault_id": dossier.vault_id,
        "log_head": dossier.log_head,
        "groups": [{"heading": heading, "exhibits": [by_number[e.number] for e in exs]}
                   for heading, exs in sections],
        "catalogue_total": total,
        "timeline": [{"at": _when(e.at), "kind": labels.get(f"kind_{e.kind}", e.kind), "ref": e.ref,
                      "text": e.text, "status": e.status or "",
                      "status_text": labels.get(f"status_{e.status}", e.status or "")}
                     for e in timeline],
        "statement": list(dossier.statement),
        "custody": [{"label": labels["exhibit"].format(n=r.number), "filename": r.filename,
                     "sha256": r.sha256, "size": _size(r.size, labels), "added_at": _when(r.added_at),
                     "captured": _claimed(r.captured_at, r.captured_at_source, labels)}
                    for r in dossier.custody],
        "check_commands": list(dossier.check_commands),
    }


def _exhibit(ex: Exhibit, labels: dict[str, str], images_dir: Path) -> dict[str, Any]:
    images = []
    for i, path in enumerate(ex.images, 1):
        prepared = _prepare_image(Path(path), images_dir / f"{ex.number}-{i}")
        images.append(prepared or {"missing": labels["image_missing"].format(file=ex.original)})
    kind_name = labels.get(f"kindname_{ex.kind}", ex.kind)
    if ex.kind == "note":
        notice = labels["notice_note"].format(file=ex.original)
    elif not ex.images:
        notice = labels["notice_file"].format(kind=kind_name, file=ex.original,
                                              size=_size(ex.size, labels), mime=ex.mime)
    else:
        notice = ""
    return {
        "number": ex.number,
        "label": labels["exhibit"].format(n=ex.number),
        "ref": ex.ref,
        "name": ex.name,
        "form": ex.form,
        "source": ex.source,
        "formed_at": _when(ex.formed_at),
        "purpose": ex.purpose,
        "original": ex.original,
        "public_copy": ex.public_copy,
        "original_line": labels["original_line"].format(file=ex.original, name=ex.filename,
                                                        size=_size(ex.size, labels)),
        "sha256": ex.sha256,
        "sha16": ex.sha256[:16],
        "added_at": _when(ex.added_at),
        "captured": _when(ex.captured_at) if ex.captured_at_source == "mtime"
        else _claimed(ex.captured_at, ex.captured_at_source, labels),
        "captured_label": ex.captured_label or labels["ex_captured"],
        "fields": [[f.label, f.value] for f in ex.fields],
        "text": ex.text,
        "text_title": labels["note_text"] if ex.kind == "note" else labels["ocr_text"],
        "description": ex.description,
        "attached": ex.attached,
        "notice": notice,
        "images": images,
    }


def _prepare_image(src: Path, stem: Path, converted: bool = False) -> dict[str, Any] | None:
    """The image as a one-page PDF in the work folder, for Typst to place.

    Typst decodes every raster image it is given and keeps the pixels until the
    document is written: 400 phone screenshots cost 1.6 GB. A PDF page holding
    the image is embedded as it is, never decoded, so a JPEG or a plain PNG goes
    into the dossier byte for byte (its compressed data is copied, not
    re-encoded). Images that cannot be copied so (turned by EXIF, with alpha,
    a palette, 16 bits, interlaced, too wide, or another format) are converted
    with Pillow first. None when the file is not an image Pillow can read."""
    from PIL import Image, ImageOps

    try:
        with Image.open(src) as im:
            width, height = im.size
            upright = im.getexif().get(0x0112, 1) in (0, 1)
            icc = im.info.get("icc_profile")
            if upright and width <= MAX_IMAGE_PX and im.mode in ("RGB", "L") and (
                    im.format == "JPEG" or (im.format == "PNG" and not im.info.get("interlace"))):
                wrapped = _wrap(src)
                if wrapped is not None:
                    return _write_wrapped(stem, wrapped, width, height)
            if converted:
                return None
            im.seek(0)
            pic = ImageOps.exif_transpose(im)
            if pic.mode not in ("RGB", "L"):
                rgba = pic.convert("RGBA")
                flat = Image.new("RGB", pic.size, "white")
                flat.paste(rgba, mask=rgba.getchannel("A"))
                pic = flat
            if pic.width > MAX_IMAGE_PX:
                pic = pic.resize((MAX_IMAGE_PX, max(1, round(pic.height * MAX_IMAGE_PX / pic.width))),
                                 Image.Resampling.LANCZOS)
            photo = im.format == "JPEG"
            copy = stem.with_name(stem.name + "-converted").with_suffix(".jpg" if photo else ".png")
            if photo:
                pic.save(copy, "JPEG", quality=90, icc_profile=icc)
            else:
                pic.save(copy, "PNG", compress_level=1, icc_profile=icc)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return _prepare_image(copy, stem, converted=True)


def _wrap(src: Path) -> bytes | None:
    """A one-page PDF showing the JPEG or PNG `src`, its compressed data copied in as
    it is (img2pdf's own PDF writer: a PNG's rows keep their filters as PDF's
    predictor, a JPEG stays DCT data, an ICC profile comes along); None when
    img2pdf would have to re-encode it, so that Pillow converts it instead."""
    import img2pdf

    try:
        return img2pdf.convert(src.read_bytes(), engine=img2pdf.Engine.internal, nodate=True,
                               rotation=img2pdf.Rotation.ifvalid)
    except Exception:  # noqa: BLE001 - whatever img2pdf refuses, Pillow converts
        return None


def _write_wrapped(stem: Path, pdf: bytes, width: int, height: int) -> dict[str, Any]:
    dest = stem.with_suffix(".pdf")
    dest.write_bytes(pdf)
    return {"path": f"images/{dest.name}", "wpx": width, "hpx": height}


_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")


def _when(value: str | None) -> str:
    """An ISO time as people write it: 2024-03-15 14:23:07 (+08:00 kept, apart)."""
    if not value:
        return ""
    m = _ISO.match(value.strip())
    if not m:
        return value
    return f"{m[1]} {m[2]}" + (f" {m[3]}" if m[3] else "")


def _claimed(at: str | None, source: str | None, labels: dict[str, str]) -> str:
    if not at:
        return labels["unknown"]
    if not source:
        return _when(at)
    return labels["claimed"].format(at=_when(at), source=labels.get(f"source_{source}", source))


def _size(n: int, labels: dict[str, str]) -> str:
    if n >= 1024 * 1024:
        return labels["bytes_mb"].format(n=f"{n:,}", mb=f"{n / 1024 / 1024:.1f}")
    return labels["bytes"].format(n=f"{n:,}")


def _timestamp(made_at: str) -> dt.datetime | None:
    """The PDF's creation date: when the dossier was made, so the same dossier gives
    the same file."""
    try:
        when = dt.datetime.fromisoformat(made_at)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _move_into_place(written: Path, out: Path) -> None:
    """Put the finished PDF at `out` in one step: a reader never sees half a file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(fd)
    try:
        shutil.move(written, tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _main(argv: list[str]) -> None:
    """`python -m evidence_vault.dossier.pdf WORK JOBS WHEN`: a batch, for _in_processes."""
    work, jobs, when = argv
    try:
        done = _typeset(Path(work), [(job, output) for job, output in json.loads(jobs)], when)
    except VaultError as e:
        sys.exit(str(e))
    print(json.dumps(done))


if __name__ == "__main__":
    _main(sys.argv[1:])

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

Images reach Typst wrapped, each in a one-page PDF of its own, with the JPEG or
PNG data copied in as it is: Typst embeds such a page without decoding it,
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
import struct
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_vault.dossier.fonts import CjkFont, cached_face, extract_face
from evidence_vault.dossier.model import Dossier, Exhibit
from evidence_vault.errors import VaultError

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
            raise VaultError(f"could not typeset the dossier: {lines[-1] if lines else done.returncode}")
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
            raise VaultError(f"could not typeset the dossier: {e.message}") from e
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
        raise VaultError(f"the font {font.path} (face {font.index}) cannot be used for the PDF; "
                         "give another with --font PATH")
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
    labels = {**LABELS[lang], **dossier.labels}
    images = work / "images"
    images.mkdir()

    groups: dict[str | None, list[Exhibit]] = {}
    for ex in dossier.exhibits:
        groups.setdefault(ex.group or None, []).append(ex)
    named = [g for g in groups if g is not None]
    sections = []
    for i, g in enumerate(named, 1):
        sections.append({"heading": _group_heading(g, i, lang), "exhibits": groups[g]})
    if None in groups:
        sections.append({"heading": labels["ungrouped"] if named else "", "exhibits": groups[None]})
    exhibits = [_exhibit(ex, labels, images) for s in sections for ex in s["exhibits"]]
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
        "parties": [list(p) for p in dossier.parties],
        "money": [list(m) for m in dossier.money],
        "counts": [list(c) for c in dossier.counts],
        "made_at": _when(dossier.made_at),
        "made_date": (dossier.made_at or "")[:10],
        "vault_id": dossier.vault_id,
        "log_head": dossier.log_head,
        "groups": [{"heading": s["heading"], "exhibits": [by_number[e.number] for e in s["exhibits"]]}
                   for s in sections],
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
        "original_line": labels["original_line"].format(file=ex.original, name=ex.filename,
                                                        size=_size(ex.size, labels)),
        "sha256": ex.sha256,
        "sha16": ex.sha256[:16],
        "added_at": _when(ex.added_at),
        "captured": _claimed(ex.captured_at, ex.captured_at_source, labels),
        "fields": [[f.label, f.value] for f in ex.fields],
        "text": ex.text,
        "text_title": labels["note_text"] if ex.kind == "note" else labels["ocr_text"],
        "description": ex.description,
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
            if upright and width <= MAX_IMAGE_PX:
                if im.format == "JPEG" and im.mode in ("RGB", "L"):
                    wrapped = _image_pdf(src.read_bytes(), "/DCTDecode", "", width, height, im.mode, icc)
                    return _write_wrapped(stem, wrapped, width, height)
                png = _plain_png(src) if im.format == "PNG" else None
                if png is not None:
                    mode, data = png
                    colors = 1 if mode == "L" else 3
                    parms = (f"/DecodeParms << /Predictor 15 /Colors {colors} /BitsPerComponent 8 "
                             f"/Columns {width} >>")
                    wrapped = _image_pdf(data, "/FlateDecode", parms, width, height, mode, icc)
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
                                 Image.LANCZOS)
            photo = im.format == "JPEG"
            copy = stem.with_name(stem.name + "-converted").with_suffix(".jpg" if photo else ".png")
            if photo:
                pic.save(copy, "JPEG", quality=90, icc_profile=icc)
            else:
                pic.save(copy, "PNG", compress_level=1, icc_profile=icc)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return _prepare_image(copy, stem, converted=True)


def _plain_png(path: Path) -> tuple[str, bytes] | None:
    """(mode, zlib data) of an 8-bit grey or RGB, non-interlaced PNG, whose data a PDF
    can hold as it is (PNG's row filters are PDF's predictor 15); else None."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, idat, mode = 8, [], None
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            _w, _h, depth, color, _c, _f, interlace = struct.unpack(">IIBBBBB", body[:13])
            if depth != 8 or interlace != 0 or color not in (0, 2):
                return None
            mode = "L" if color == 0 else "RGB"
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if mode is None or not idat:
        return None
    return mode, b"".join(idat)


def _image_pdf(data: bytes, filter_: str, parms: str, width: int, height: int, mode: str,
               icc: bytes | None) -> bytes:
    """A one-page PDF, the page the size of the image, showing `data` as an image XObject."""
    channels = 1 if mode == "L" else 3
    space = "/DeviceGray" if mode == "L" else "/DeviceRGB"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
        f"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".encode(),
        b"",  # the image, once its colour space is known
        _stream(f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode(), ""),
    ]
    if icc:
        objects.append(_stream(icc, f"/N {channels} /Alternate {space}"))
        space = f"[/ICCBased {len(objects)} 0 R]"
    objects[3] = _stream(data, f"/Type /XObject /Subtype /Image /Width {width} /Height {height} "
                               f"/ColorSpace {space} /BitsPerComponent 8 /Filter {filter_} {parms}")
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, entries: str) -> bytes:
    return f"<< {entries} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def _write_wrapped(stem: Path, pdf: bytes, width: int, height: int) -> dict[str, Any]:
    dest = stem.with_suffix(".pdf")
    dest.write_bytes(pdf)
    return {"path": f"images/{dest.name}", "wpx": width, "hpx": height}


def _group_heading(group: str, i: int, lang: str) -> str:
    if lang.startswith("zh"):
        if re.match(r"^\s*(第?[一二三四五六七八九十百零〇]+[、组.．]|[0-9]+[、.．])", group):
            return group
        return f"{_chinese_numeral(i)}、{group}"
    return group if re.match(r"^\s*[0-9]+[.)]", group) else f"{i}. {group}"


def _chinese_numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return str(n)


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


# ---- words -------------------------------------------------------------------------------------
# Headings and column names by language. Dossier.labels overrides any of them;
# {placeholders} are filled here or by the template ({n}/{m} page numbers, {pages}).

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "dossier": "证据材料",
        "parties": "当事人", "money": "涉案金额", "counts": "证据概况",
        "made_at": "制作时间", "vault_id": "证据库标识", "log_head": "保管日志末条",
        "cover_note": "本卷宗由证据库自动生成；原件、SHA256SUMS 与 manifest.json 随附，"
                      "校验方法见“电子数据保全说明”。",
        "catalogue": "证据目录",
        "case_name": "案件名称", "submitter": "提交人", "submit_date": "提交日期",
        "col_no": "证据编号", "col_name": "证据名称", "col_form": "证据形式", "col_source": "证据来源",
        "col_formed_at": "形成时间", "col_purpose": "证明目的", "col_pages": "页码",
        "col_sha": "SHA-256（前16位）",
        "ungrouped": "其他证据",
        "total_groups": "共 {groups} 组 {count} 份，全卷共 {pages} 页",
        "total": "共 {count} 份，全卷共 {pages} 页",
        "sha_note": "SHA-256 完整值见各证据页及“电子数据保全说明”。",
        "timeline": "案件时间线",
        "tl_at": "时间", "tl_kind": "类型", "tl_ref": "编号", "tl_text": "事项", "tl_status": "状态",
        "tl_empty": "（无记录）",
        "kind_payment": "支付", "kind_item": "证据", "kind_note": "沟通记录", "kind_promise": "承诺",
        "status_open": "○ 待履行", "status_kept": "✓ 已履行", "status_broken": "× 未履行",
        "exhibit": "证据{n}",
        "ex_source": "证据来源", "ex_formed_at": "形成时间", "ex_form": "证据形式",
        "ex_captured": "声称的截图时间", "ex_added": "入库时间", "ex_sha": "SHA-256",
        "ex_original": "原件", "ex_purpose": "证明目的",
        "original_line": "{file}（原文件名：{name}；{size}）",
        "claimed": "{at}（依据：{source}）",
        "unknown": "未知",
        "continued": "（续）",
        "image_part": "图 {i}/{n}",
        "fields": "提取的信息",
        "ocr_text": "识别文字（OCR，仅供检索参考，以图像为准）",
        "note_text": "记录内容",
        "description": "说明",
        "notice_note": "本证据为当事人制作的沟通记录，内容如下；记录文件见 {file}。",
        "notice_file": "本证据为{kind}文件，无法在纸面上呈现；原件见 {file}（{size}，{mime}），"
                       "可当庭播放或演示。",
        "image_missing": "此图像无法显示；原件见 {file}。",
        "kindname_audio": "音频", "kindname_video": "视频", "kindname_email": "电子邮件",
        "kindname_text": "文本", "kindname_pdf": "PDF", "kindname_other": "电子",
        "kindname_image": "图片",
        "statement": "电子数据保全说明",
        "custody": "附表：文件清单",
        "cu_no": "编号", "cu_file": "文件名", "cu_sha": "SHA-256", "cu_size": "大小",
        "cu_added": "入库时间", "cu_captured": "声称的截图时间（依据）",
        "check": "校验方法",
        "bytes": "{n} 字节", "bytes_mb": "{n} 字节（{mb} MB）",
        "page": "第 {n} 页 共 {m} 页",
        "source_exif": "照片EXIF信息", "source_png-text": "图片元数据", "source_filename": "文件名",
        "source_user": "用户填写", "source_mtime": "文件修改时间", "source_ocr": "截图内容",
        "source_pdf-meta": "PDF元数据",
    },
    "en": {
        "dossier": "Evidence dossier",
        "parties": "Parties", "money": "Amounts", "counts": "Evidence",
        "made_at": "Made", "vault_id": "Vault ID", "log_head": "Custody log head",
        "cover_note": "Made by the evidence vault; the originals, SHA256SUMS and manifest.json come with "
                      "it, and the preservation statement says how to check them.",
        "catalogue": "List of exhibits",
        "case_name": "Case", "submitter": "Submitted by", "submit_date": "Date",
        "col_no": "No.", "col_name": "Exhibit", "col_form": "Form", "col_source": "Source",
        "col_formed_at": "Date of event", "col_purpose": "What it proves", "col_pages": "Pages",
        "col_sha": "SHA-256 (first 16)",
        "ungrouped": "Other exhibits",
        "total_groups": "{count} exhibits in {groups} groups; {pages} pages in all",
        "total": "{count} exhibits; {pages} pages in all",
        "sha_note": "The full SHA-256 of each file is on its exhibit page and in the preservation statement.",
        "timeline": "Timeline",
        "tl_at": "Time", "tl_kind": "Kind", "tl_ref": "Ref", "tl_text": "What happened",
        "tl_status": "Status", "tl_empty": "(nothing recorded)",
        "kind_payment": "Payment", "kind_item": "Evidence", "kind_note": "Contact", "kind_promise": "Promise",
        "status_open": "○ OPEN", "status_kept": "✓ KEPT", "status_broken": "× BROKEN",
        "exhibit": "Exhibit {n}",
        "ex_source": "Source", "ex_formed_at": "Date of event", "ex_form": "Form",
        "ex_captured": "Claimed capture time", "ex_added": "Added to the vault", "ex_sha": "SHA-256",
        "ex_original": "Original", "ex_purpose": "What it proves",
        "original_line": "{file} (original name: {name}; {size})",
        "claimed": "{at} (from the {source})",
        "unknown": "unknown",
        "continued": " (continued)",
        "image_part": "Image {i} of {n}",
        "fields": "Extracted fields",
        "ocr_text": "Recognised text (OCR; for reference, the image prevails)",
        "note_text": "Record",
        "description": "Description",
        "notice_note": "This exhibit is the user's own record of a contact, as follows; its file is {file}.",
        "notice_file": "This exhibit ({kind} file) cannot be shown on paper; the original is {file} "
                       "({size}, {mime}) and can be played or shown at the hearing.",
        "image_missing": "This image cannot be shown; the original is {file}.",
        "kindname_audio": "audio", "kindname_video": "video", "kindname_email": "email",
        "kindname_text": "text", "kindname_pdf": "PDF", "kindname_other": "computer",
        "kindname_image": "image",
        "statement": "Electronic evidence preservation statement",
        "custody": "Schedule: the files",
        "cu_no": "No.", "cu_file": "File name", "cu_sha": "SHA-256", "cu_size": "Size",
        "cu_added": "Added", "cu_captured": "Claimed capture time (from)",
        "check": "How to check",
        "bytes": "{n} bytes", "bytes_mb": "{n} bytes ({mb} MB)",
        "page": "Page {n} of {m}",
        "source_exif": "EXIF data", "source_png-text": "image metadata", "source_filename": "file name",
        "source_user": "user's entry", "source_mtime": "file modification time",
        "source_ocr": "screenshot text", "source_pdf-meta": "PDF metadata",
    },
}


# Traditional characters for --lang zh-Hant: the same words, character for character
# (the mainland's legal terms, such as 電子數據, are kept).
LABELS["zh-Hant"] = {**LABELS["zh"], **{
        "dossier": "證據材料",
        "parties": "當事人",
        "money": "涉案金額",
        "counts": "證據概況",
        "made_at": "製作時間",
        "vault_id": "證據庫標識",
        "log_head": "保管日誌末條",
        "cover_note": "本卷宗由證據庫自動生成；原件、SHA256SUMS 與 manifest.json 隨附，"
                      "校驗方法見“電子數據保全說明”。",
        "catalogue": "證據目錄",
        "case_name": "案件名稱",
        "col_no": "證據編號",
        "col_name": "證據名稱",
        "col_form": "證據形式",
        "col_source": "證據來源",
        "col_formed_at": "形成時間",
        "col_purpose": "證明目的",
        "col_pages": "頁碼",
        "ungrouped": "其他證據",
        "total_groups": "共 {groups} 組 {count} 份，全卷共 {pages} 頁",
        "total": "共 {count} 份，全卷共 {pages} 頁",
        "sha_note": "SHA-256 完整值見各證據頁及“電子數據保全說明”。",
        "timeline": "案件時間線",
        "tl_at": "時間",
        "tl_kind": "類型",
        "tl_ref": "編號",
        "tl_text": "事項",
        "tl_status": "狀態",
        "tl_empty": "（無記錄）",
        "kind_item": "證據",
        "kind_note": "溝通記錄",
        "kind_promise": "承諾",
        "exhibit": "證據{n}",
        "ex_source": "證據來源",
        "ex_formed_at": "形成時間",
        "ex_form": "證據形式",
        "ex_captured": "聲稱的截圖時間",
        "ex_added": "入庫時間",
        "ex_purpose": "證明目的",
        "claimed": "{at}（依據：{source}）",
        "continued": "（續）",
        "image_part": "圖 {i}/{n}",
        "ocr_text": "識別文字（OCR，僅供檢索參考，以圖像為準）",
        "note_text": "記錄內容",
        "description": "說明",
        "notice_note": "本證據為當事人製作的溝通記錄，內容如下；記錄文件見 {file}。",
        "notice_file": "本證據為{kind}文件，無法在紙面上呈現；原件見 {file}（{size}，{mime}），"
                       "可當庭播放或演示。",
        "image_missing": "此圖像無法顯示；原件見 {file}。",
        "kindname_audio": "音頻",
        "kindname_video": "視頻",
        "kindname_email": "電子郵件",
        "kindname_other": "電子",
        "kindname_image": "圖片",
        "statement": "電子數據保全說明",
        "custody": "附表：文件清單",
        "cu_no": "編號",
        "cu_added": "入庫時間",
        "cu_captured": "聲稱的截圖時間（依據）",
        "check": "校驗方法",
        "bytes": "{n} 字節",
        "bytes_mb": "{n} 字節（{mb} MB）",
        "page": "第 {n} 頁 共 {m} 頁",
        "source_png-text": "圖片元數據",
        "source_user": "用戶填寫",
        "source_mtime": "文件修改時間",
        "source_ocr": "截圖內容",
        "source_pdf-meta": "PDF元數據",
}}


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

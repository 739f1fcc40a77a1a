"""`vault export`: a case as a bundle a regulator, mediator, lawyer or court can use.

    dossier.pdf            cover, 证据目录, timeline, exhibits, 电子数据保全说明
    dossier-redacted.pdf   (--redact) the same with ID, phone and card numbers masked
    evidence-list.csv      the 证据目录 (UTF-8 with BOM, for spreadsheet programs)
    evidence-list.docx     the 证据目录 as a Word table, for lawyers to edit and file
    originals/E01-…        byte-identical copies of the originals (and notes' records)
    redacted/E01-…         (--redact) images with those numbers blacked out
    manifest.json          every file with its SHA-256 and size, the exhibits, the log head
    SHA256SUMS             every file but itself, for `sha256sum -c SHA256SUMS`

Nothing is half-written: the bundle is built in a hidden folder beside the
destination and renamed into place at the end (a zip is written beside it and
renamed). The font is found before anything is written. Exhibit numbers are
stable for a case: the first export numbers the exhibits, and later exports
keep those numbers and append new ones.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_vault import custody
from evidence_vault import db as dbmod
from evidence_vault.dossier import build as builder
from evidence_vault.dossier.model import Dossier, Exhibit
from evidence_vault.errors import InvalidInputError, NotFoundError, VaultError
from evidence_vault.when import now_iso

FORMAT = "evidence-vault-dossier/1"
PAGE_WIDTH_PX = 1240      # images for the PDF: at most this wide (A4 text width at ~190 dpi)
SLICE_RATIO = 1.30        # a slice at most this many times as tall as it is wide fits a page


@dataclass
class ExportResult:
    path: Path
    zip: bool
    exhibits: list[dict[str, Any]]
    files: list[dict[str, Any]]
    pages: int
    redacted: bool
    new_numbers: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "zip": self.zip, "pages": self.pages,
                "redacted": self.redacted, "exhibits": self.exhibits, "files": self.files,
                "new_numbers": self.new_numbers}


def sha256_of(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# ---- exhibit numbers ------------------------------------------------------------------------


def exhibit_numbers(conn: Any, case_id: int) -> tuple[dict[str, int], list[int]]:
    """Refs → numbers: those already exported keep theirs; new ones follow, in
    the order of the time they show (then the order they were added)."""
    numbers = {(f"E{r[0]}" if r[0] is not None else f"N{r[1]}"): r[2] for r in conn.execute(
        "SELECT item_id, note_id, number FROM exhibits WHERE case_id = ?", (case_id,))}
    members = [(f"E{r[0]}", r[1] or "", r[2]) for r in conn.execute(
        "SELECT ci.item_id, coalesce(sd.at, i.captured_at, i.added_at), i.id FROM case_items ci "
        "JOIN items i ON i.id = ci.item_id LEFT JOIN search_docs sd ON sd.item_id = i.id "
        "WHERE ci.case_id = ?", (case_id,))]
    members += [(f"N{r[0]}", r[1] or "", 10**9 + r[0]) for r in conn.execute(
        "SELECT n.id, n.at FROM case_notes cn JOIN notes n ON n.id = cn.note_id "
        "WHERE cn.case_id = ?", (case_id,))]
    current = {ref for ref, _, _ in members}
    numbers = {ref: n for ref, n in numbers.items() if ref in current}
    nxt = max([0, *[r[0] for r in conn.execute(
        "SELECT number FROM exhibits WHERE case_id = ?", (case_id,))]]) + 1
    new = []
    for ref, _, _ in sorted(members, key=lambda m: (m[1], m[2])):
        if ref not in numbers:
            numbers[ref] = nxt
            new.append(nxt)
            nxt += 1
    return numbers, new


# ---- images for the PDF ---------------------------------------------------------------------


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


def _open_image(path: Path, min_width: int | None = None, max_pages: int | None = None):
    """The image upright and flattened onto white, as RGB, within the pixel
    budget of evidence_vault.imaging (a large JPEG may come back smaller, down
    to `min_width`; with `max_pages`, a long PNG only as far down as that many
    page slices). Raises imaging.ImageError for a file it will not decode."""
    from PIL import Image

    from evidence_vault import imaging

    with imaging.open_image(path) as opened:
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


def slice_image(im, max_width: int = PAGE_WIDTH_PX, ratio: float = SLICE_RATIO) -> list:
    """Scale down to max_width, then cut into slices no taller than ratio × width."""
    from PIL import Image

    if im.width > max_width:
        im = im.resize((max_width, max(1, round(im.height * max_width / im.width))),
                       Image.LANCZOS)
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
    or is over the pixel budget."""
    try:
        im = _open_image(blob, min_width=PAGE_WIDTH_PX, max_pages=MAX_IMAGE_PAGES)
    except Exception:  # noqa: BLE001 - an image Pillow cannot open is described, not shown
        return []
    out = []
    for n, part in enumerate(slice_image(im), 1):
        p = work / f"E{ex.number:02d}-{n:02d}.jpg"
        part.save(p, "JPEG", quality=85, optimize=True)
        out.append(p)
    return out


def _pdf_pages(ex: Exhibit, blob: Path, work: Path, max_pages: int = 30) -> list[Path]:
    from evidence_vault.imaging import fit_scale

    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(blob))
    except Exception:  # noqa: BLE001
        return []
    out = []
    try:
        for i in range(min(len(pdf), max_pages)):
            page = pdf[i]
            width, height = page.get_width(), page.get_height()
            # a page may claim any size: its pixels are bounded like an image's
            scale = fit_scale(width, height, min(PAGE_WIDTH_PX / max(1.0, width), 3.0))
            im = page.render(scale=scale).to_pil().convert("RGB")
            for n, part in enumerate(slice_image(im), 1):
                p = work / f"E{ex.number:02d}-p{i + 1:02d}-{n}.jpg"
                part.save(p, "JPEG", quality=85)
                out.append(p)
            del im
    finally:
        pdf.close()
    return out


# ---- the evidence list as a table -----------------------------------------------------------


def list_rows(d: Dossier, pages: dict[int, tuple[int, int]]) -> tuple[list[str], list[list[str]]]:
    zh = d.lang != "en"
    header = (["证据编号", "证明事项", "证据名称", "证据形式", "证据来源", "形成时间", "证明目的", "页码",
               "原件/复印件", "SHA-256"] if zh else
              ["No.", "Group", "Name", "Form", "Source", "Formed", "Purpose", "Pages",
               "Original/copy", "SHA-256"])
    rows = []
    for e in d.exhibits:
        first, last = pages.get(e.number, (0, 0))
        page = "" if not first else (str(first) if first == last else f"{first}-{last}")
        carrier = ("电子数据打印件，原始载体为申请人手机，可当庭展示" if e.kind != "note" else "申请人记录")\
            if zh else ("printout of electronic data; the original device can be shown"
                        if e.kind != "note" else "claimant's record")
        rows.append([str(e.number), e.group or "", e.name, e.form, e.source, e.formed_at,
                     e.purpose, page, carrier, e.sha256])
    return header, rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def write_docx(path: Path, d: Dossier, header: list[str], rows: list[list[str]]) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = doc.styles["Normal"]
    style.font.size = Pt(9)
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    zh = d.lang != "en"
    doc.add_heading("证据目录" if zh else "List of exhibits", level=1)
    doc.add_paragraph(("案件名称：" if zh else "Case: ") + d.title)
    doc.add_paragraph(("提交人：" if zh else "Submitted by: ") + "_" * 16 + "    " +
                      ("提交日期：" if zh else "Date: ") + "_" * 12)
    shown = [0, 2, 3, 4, 5, 6, 7, 9]  # the group is a heading row; the carrier stays in the CSV
    table = doc.add_table(rows=1, cols=len(shown))
    table.style = "Table Grid"
    for cell, i in zip(table.rows[0].cells, shown, strict=True):
        cell.text = header[i]
    group = None
    for row in rows:
        if row[1] and row[1] != group:
            group = row[1]
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = group
        cells = table.add_row().cells
        for cell, i in zip(cells, shown, strict=True):
            cell.text = row[i][:16] if i == 9 else row[i]
    doc.add_paragraph(("共 {m} 份证据" if zh else "{m} exhibits").format(m=len(rows)))
    doc.save(str(path))


# ---- the bundle -----------------------------------------------------------------------------


def _target(out: Path, zip_: bool) -> Path:
    out = out.expanduser()
    if zip_ and out.suffix.lower() != ".zip":
        out = out.with_name(out.name.rstrip("/") + ".zip")
    return Path(os.path.abspath(out))


def export(vault: Any, slug: str, out: Path, *, zip_: bool = False, redact: bool = False,
           lang: str = "zh", force: bool = False, font_path: Path | None = None) -> ExportResult:
    from evidence_vault.dossier import fonts, pdf

    if lang not in ("zh", "en"):
        raise InvalidInputError(f"--lang is zh or en, not {lang!r}")
    conn = vault.db
    row = conn.execute("SELECT id FROM cases WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        raise NotFoundError(f"no case named {slug!r}; `vault case list` shows the cases")
    case_id = row[0]
    target = _target(Path(out), zip_)
    root = vault.root.resolve()
    if target == root or root in target.parents or target in root.parents:
        raise InvalidInputError(f"{target} is inside the vault (or holds it); export elsewhere")
    if target.exists() and not force:
        raise InvalidInputError(f"{target} already exists; choose another --out or add --force")
    if target.exists() and target.is_file() and not zip_:
        raise InvalidInputError(f"{target} is a file; a dossier folder cannot replace it")
    numbers, new = exhibit_numbers(conn, case_id)
    if not numbers:
        raise InvalidInputError(f"case {slug!r} has no items or notes to export; add some with "
                                f"`vault add FILE --case {slug}`")
    font = fonts.find_cjk_font(lang, font_path)  # before anything is written
    target.parent.mkdir(parents=True, exist_ok=True)

    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    work = Path(tempfile.mkdtemp(prefix="vault-export-"))
    try:
        bundle = staging / (target.stem if zip_ else target.name)
        bundle.mkdir()
        seq, head = custody.head(conn)
        dossier, sources = builder.build(
            conn, vault.store.path, slug=slug, lang=lang, numbers=numbers, made_at=now_iso(),
            vault_id=vault.vault_id or "", log_head=(seq, head), images=page_images(work))

        originals = bundle / "originals"
        originals.mkdir()
        for src in sources:
            dest = bundle / src.exhibit.original
            if src.blob is not None:
                shutil.copyfile(src.blob, dest)
            else:
                dest.write_bytes(src.record or b"")
            os.chmod(dest, 0o644)
            if sha256_of(dest) != src.exhibit.sha256:
                raise VaultError(f"{src.exhibit.ref}: the copy does not match the original's "
                                 "hash; run `vault verify`")

        rendered = pdf.render(dossier, bundle / "dossier.pdf", font)
        header, rows = list_rows(dossier, rendered.exhibit_pages)
        write_csv(bundle / "evidence-list.csv", header, rows)
        write_docx(bundle / "evidence-list.docx", dossier, header, rows)
        if redact:
            from evidence_vault.dossier import redact as redactor

            redactor.redact_bundle(conn, dossier, sources, bundle, work, font)

        manifest = _manifest(dossier, bundle, slug, seq, head, rendered.pages, redact)
        _validate_manifest(manifest)
        (bundle / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _write_sums(bundle)

        if zip_:
            _zip(bundle, staging / target.name)
            final_source = staging / target.name
        else:
            final_source = bundle
        _replace(final_source, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)

    with dbmod.write(conn):
        for ref, number in numbers.items():
            column = "item_id" if ref.startswith("E") else "note_id"
            conn.execute(
                f"INSERT OR IGNORE INTO exhibits (case_id, number, {column}, assigned_at) "
                "VALUES (?, ?, ?, ?)", (case_id, number, int(ref[1:]), now_iso()))
        custody.append(conn, "export", f"C:{slug}", {
            "path": str(target), "zip": zip_, "redacted": redact, "lang": lang,
            "manifest_sha256": hashlib.sha256(json.dumps(manifest, ensure_ascii=False,
                                                         sort_keys=True).encode()).hexdigest(),
            "exhibits": {ref: n for ref, n in sorted(numbers.items(), key=lambda kv: kv[1])}})
    vault._sync_head()
    return ExportResult(target, zip_, manifest["exhibits"], manifest["files"], rendered.pages,
                        redact, new)


def _manifest(d: Dossier, bundle: Path, slug: str, seq: int, head: str, pages: int,
              redacted: bool) -> dict[str, Any]:
    files = []
    for p in sorted(bundle.rglob("*")):
        if p.is_file() and p.name not in ("manifest.json", "SHA256SUMS"):
            files.append({"path": p.relative_to(bundle).as_posix(), "sha256": sha256_of(p),
                          "size": p.stat().st_size})
    return {
        "format": FORMAT,
        "case": {"slug": slug, "title": d.title},
        "lang": d.lang,
        "made_at": d.made_at,
        "vault_id": d.vault_id,
        "custody_head": {"seq": seq, "hash": head},
        "pages": pages,
        "redacted": redacted,
        "exhibits": [{"number": e.number, "ref": e.ref, "name": e.name, "kind": e.kind,
                      "file": e.original, "sha256": e.sha256, "size": e.size, "mime": e.mime,
                      "added_at": e.added_at, "captured_at": e.captured_at,
                      "captured_at_source": e.captured_at_source, "group": e.group,
                      "purpose": e.purpose} for e in d.exhibits],
        "files": files,
    }


def _validate_manifest(manifest: dict[str, Any]) -> None:
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - a test dependency; the schema ships regardless
        return
    from evidence_vault import resources

    schema = json.loads(resources.json_schema("manifest").read_text(encoding="utf-8"))
    jsonschema.validate(manifest, schema)


def _write_sums(bundle: Path) -> None:
    lines = []
    for p in sorted(bundle.rglob("*")):
        if p.is_file() and p.name != "SHA256SUMS":
            lines.append(f"{sha256_of(p)}  {p.relative_to(bundle).as_posix()}\n")
    (bundle / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def _zip(bundle: Path, dest: Path) -> None:
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for p in sorted(bundle.rglob("*")):
            if p.is_file():
                z.write(p, arcname=f"{bundle.name}/{p.relative_to(bundle).as_posix()}")


def _replace(source: Path, target: Path) -> None:
    """Move the finished bundle into place; an existing one (--force) is moved
    aside first and removed only once the new one is there."""
    aside = None
    if target.exists() or target.is_symlink():
        aside = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, aside)
    os.replace(source, target)
    if aside is not None:
        if aside.is_dir():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.unlink(missing_ok=True)


# ---- checking a bundle ----------------------------------------------------------------------


@dataclass
class ExportProblem:
    path: str
    what: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "what": self.what}


def verify_export(path: Path) -> tuple[dict[str, Any], list[ExportProblem]]:
    """Check a dossier folder or zip against its manifest and SHA256SUMS, byte
    for byte. Returns (summary, problems); no problems means intact."""
    path = Path(path)
    if not path.exists():
        raise NotFoundError(f"{path}: no such folder or zip")
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise InvalidInputError(f"{path} is neither a dossier folder nor a zip")
        z = zipfile.ZipFile(path)
        names = [n for n in z.namelist() if not n.endswith("/")]
        prefix = os.path.commonprefix([n.split("/", 1)[0] + "/" for n in names]) if names else ""
        entries = {n[len(prefix):]: n for n in names} if prefix.endswith("/") else {
            n: n for n in names}

        def read(rel: str) -> bytes | None:
            return z.read(entries[rel]) if rel in entries else None

        def digest(rel: str) -> str | None:
            if rel not in entries:
                return None
            h = hashlib.sha256()
            with z.open(entries[rel]) as f:
                while chunk := f.read(1 << 20):
                    h.update(chunk)
            return h.hexdigest()

        present = set(entries)
    else:
        def read(rel: str) -> bytes | None:
            p = path / rel
            return p.read_bytes() if p.is_file() else None

        def digest(rel: str) -> str | None:
            p = path / rel
            return sha256_of(p) if p.is_file() else None

        present = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()}

    raw = read("manifest.json")
    if raw is None:
        raise InvalidInputError(f"{path} has no manifest.json: not a dossier made by vault export")
    try:
        manifest = json.loads(raw)
    except ValueError:
        return {"files": 0}, [ExportProblem("manifest.json", "is not valid JSON")]
    problems: list[ExportProblem] = []
    listed = {f["path"]: f for f in manifest.get("files", [])}
    for rel, f in sorted(listed.items()):
        actual = digest(rel)
        if actual is None:
            problems.append(ExportProblem(rel, "missing"))
        elif actual != f["sha256"]:
            problems.append(ExportProblem(rel, "changed: its SHA-256 differs from the manifest"))
    for e in manifest.get("exhibits", []):
        if e["file"] in listed and listed[e["file"]]["sha256"] != e["sha256"]:
            problems.append(ExportProblem(e["file"], "the manifest lists another hash for this "
                                                     "exhibit than for its file"))
    sums = read("SHA256SUMS")
    if sums is None:
        problems.append(ExportProblem("SHA256SUMS", "missing"))
    else:
        summed = {}
        for line in sums.decode("utf-8", "replace").splitlines():
            if line.strip():
                h, _, rel = line.partition("  ")
                summed[rel] = h
        for rel, h in summed.items():
            if rel == "manifest.json":
                if digest(rel) != h:
                    problems.append(ExportProblem(rel, "changed since SHA256SUMS was written"))
            elif rel in listed and listed[rel]["sha256"] != h:
                problems.append(ExportProblem(rel, "SHA256SUMS and the manifest disagree"))
    for rel in sorted(present - set(listed) - {"manifest.json", "SHA256SUMS"}):
        problems.append(ExportProblem(rel, "not in the manifest: added after the export"))
    summary = {"path": str(path), "case": manifest.get("case", {}).get("slug"),
               "files": len(listed), "exhibits": len(manifest.get("exhibits", [])),
               "custody_head": manifest.get("custody_head")}
    return summary, problems


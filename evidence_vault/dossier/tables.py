"""The 证据目录 as tables: evidence-list.csv (UTF-8 with BOM, for spreadsheet
programs) and evidence-list.docx (a Word table for lawyers to edit and file).
The words come from wording.py; the rows from the Dossier and the page ranges
the PDF writer found.
"""

from __future__ import annotations

import csv
from pathlib import Path

from evidence_vault.dossier.build import sections
from evidence_vault.dossier.model import Dossier
from evidence_vault.dossier.wording import words

# The font Word is told to use for the table's Chinese text, by language.
DOCX_FONTS = {"zh": ("SimSun", "宋体"), "zh-Hant": ("PMingLiU", "新細明體"), "en": ("SimSun", "宋体")}


def list_rows(d: Dossier, pages: dict[int, tuple[int, int]]) -> tuple[list[str], list[list[str]]]:
    """The 证据目录's rows, in the PDF's order (build.sections); the 证明事项 column
    holds the group's heading as the PDF prints it (一、…)."""
    w = words(d.lang)
    header = w["list_columns"].split("|")
    rows = []
    for heading, exhibits in sections(d, w):
        grouped = bool(exhibits and exhibits[0].group)
        for e in exhibits:
            first, last = pages.get(e.number, (0, 0))
            page = "" if not first else (str(first) if first == last else f"{first}-{last}")
            carrier = w["carrier_file"] if e.kind != "note" else w["carrier_note"]
            rows.append([str(e.number), heading if grouped else "", e.name, e.form, e.source,
                         e.formed_at, e.purpose, page, carrier, e.sha256])
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

    w = words(d.lang)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = doc.styles["Normal"]
    style.font.size = Pt(9)
    latin, east_asian = DOCX_FONTS[d.lang]
    style.font.name = latin
    style.element.rPr.rFonts.set(qn("w:eastAsia"), east_asian)
    doc.add_heading(w["catalogue"], level=1)
    doc.add_paragraph(w("docx_case", title=d.title))
    doc.add_paragraph(w("docx_submit", blank=d.claimant or "_" * 16, date="_" * 12))
    shown = [0, 2, 3, 4, 5, 6, 7, 9]  # the group is a heading row; the carrier stays in the CSV
    table = doc.add_table(rows=1, cols=len(shown))
    table.style = "Table Grid"
    for cell, i in zip(table.rows[0].cells, shown, strict=True):
        cell.text = header[i]
    group = None
    grouped = any(row[1] for row in rows)
    for row in rows:
        # a heading row where the group changes, as in the PDF: 其他证据 above the exhibits
        # of no group, so that they are not read as the last group's
        heading = row[1] or (w["ungrouped"] if grouped else "")
        if heading and heading != group:
            group = heading
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = heading
        cells = table.add_row().cells
        for cell, i in zip(cells, shown, strict=True):
            cell.text = row[i][:16] if i == 9 else row[i]
    doc.add_paragraph(w("docx_total", m=len(rows)))
    doc.save(str(path))

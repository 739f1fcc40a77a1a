"""Reading order for OCR lines, shared by every engine and reader.

Engines return text boxes in whatever order their detector found them. People
(and the extractors after them) read a screenshot top to bottom, and a row
left to right: "实付款" on the left, "¥1,280.00" on the right of the same row.
Boxes on the same visual row rarely share a top edge exactly, so a row is the
set of boxes whose vertical centres lie within half a line height of each
other; the rows are then read top to bottom and each row left to right. Boxes
on one row stay separate lines: merging them would glue a label to a value
that merely happens to sit at the same height in another column.
"""

from __future__ import annotations

from evidence_vault.models import OcrLine


def _centre_y(line: OcrLine) -> float:
    return (line.box[1] + line.box[3]) / 2


def _height(line: OcrLine) -> float:
    return max(1.0, line.box[3] - line.box[1])


def reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """`lines` sorted by page, then rows top to bottom, then left to right."""
    out: list[OcrLine] = []
    for page in sorted({line.page for line in lines}):
        on_page = sorted((ln for ln in lines if ln.page == page), key=_centre_y)
        rows: list[list[OcrLine]] = []
        for line in on_page:
            if rows:
                row = rows[-1]
                row_centre = sum(_centre_y(r) for r in row) / len(row)
                row_height = sum(_height(r) for r in row) / len(row)
                if abs(_centre_y(line) - row_centre) < 0.5 * min(_height(line), row_height):
                    row.append(line)
                    continue
            rows.append([line])
        for row in rows:
            out.extend(sorted(row, key=lambda ln: ln.box[0]))
    return out

"""An exhibit's recognised text as a reader wants it: lines on the same row of the page joined
(a label and its value, 到账金额 ¥9,200.00), the lines of a wrapped sentence joined into one
paragraph, and runs of short items (a status bar, the rows of a details card) put on one line
with a separator, so that a screenshot's text takes a few lines, not a page of one token each.

The engines hand over one box per line; their boxes say where each line was. Rows are lines
whose boxes overlap vertically; a paragraph is rows with no more than a line's gap between
them; a row runs on into the next when it reaches the paragraph's right edge, the next is one box
starting where the row's last box starts (a bubble's text after its avatar) and the sentence
does not end there (wrapped text); other rows are items, kept apart by a separator.
Without boxes (an older reading) the text's own lines are used, the short ones put together.
Nothing is dropped or reordered beyond the page's own reading order: every character the
engine read is still there, and the redacted copy masks this text as it masks the raw one.
"""

from __future__ import annotations

import re
import statistics
from typing import Any

SEPARATOR = " · "       # between short items put on one line
SHORT = 24              # characters: an item this short shares its line with its neighbours
LINE_CHARS = 80         # … up to about this many characters a line
_GAP = 0.8              # a vertical gap over this many line heights starts a paragraph
_WIDE = 0.8             # a row reaching this share of its paragraph's width wraps into the next,
_MARGIN = 0.08          # if the next row is one box starting where the row's last box starts
_SENTENCE_END = re.compile(r"[。！？!?；;]$")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def reflow(text: str, lines: list[dict[str, Any]] | None = None) -> str:
    """`text` (as the reading gives it, pages apart by form feeds) laid out for reading, by
    the line boxes in `lines` ({"text", "box": [x0, y0, x1, y1], "page"}) when they are
    there and agree with it."""
    boxed = [ln for ln in lines or [] if _usable(ln)]
    if boxed and _same_text(text, boxed):
        pages: dict[int, list[dict[str, Any]]] = {}
        for ln in boxed:
            pages.setdefault(int(ln.get("page") or 0), []).append(ln)
        paragraphs = [p for page in sorted(pages) for p in _paragraphs(pages[page])]
    else:
        paragraphs = [ln.strip() for ln in text.replace("\f", "\n").splitlines() if ln.strip()]
    return "\n".join(_compact(paragraphs))


def _usable(line: dict[str, Any]) -> bool:
    box = line.get("box")
    return bool(str(line.get("text") or "").strip()) and isinstance(box, (list, tuple)) \
        and len(box) == 4 and box[3] > box[1]


def _same_text(text: str, lines: list[dict[str, Any]]) -> bool:
    """The boxes are this reading's: the same characters (a reading that was corrected
    or cut keeps its own text)."""
    squash = re.compile(r"\s+")
    return squash.sub("", "".join(str(ln["text"]) for ln in lines)) == squash.sub("", text)


def _paragraphs(lines: list[dict[str, Any]]) -> list[str]:
    rows = _rows(lines)
    heights = [r["bottom"] - r["top"] for r in rows]
    unit = statistics.median(heights) if heights else 1.0
    groups: list[list[dict[str, Any]]] = []
    for row in rows:
        if groups and row["top"] - groups[-1][-1]["bottom"] <= _GAP * unit:
            groups[-1].append(row)
        else:
            groups.append([row])
    out = []
    for group in groups:
        left = min(r["left"] for r in group)
        right = max(r["right"] for r in group)
        text = group[0]["text"]
        for prev, row in zip(group, group[1:], strict=False):
            # a sentence wraps: one box a row, the first reaching the right edge and ending
            # mid-sentence; a table's rows (several boxes each) are items of their own
            width = right - left
            last = max(x for x, _ in prev["cells"])  # the box the sentence is in (after an avatar)
            wrapped = (len(row["cells"]) == 1 and abs(row["left"] - last) <= _MARGIN * width
                       and prev["right"] - left >= _WIDE * width
                       and not _SENTENCE_END.search(prev["text"]))
            text = _glue(text, row["text"], wrapped)
        out.append(text)
    return out


def _rows(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines whose boxes overlap by half the smaller height are one row, read left to right."""
    rows: list[dict[str, Any]] = []
    for ln in sorted(lines, key=lambda ln: (ln["box"][1] + ln["box"][3]) / 2):
        x0, y0, x1, y1 = (float(v) for v in ln["box"])
        row = rows[-1] if rows else None
        if row is not None:
            overlap = min(y1, row["bottom"]) - max(y0, row["top"])
            if overlap >= 0.5 * min(y1 - y0, row["bottom"] - row["top"]):
                row["cells"].append((x0, str(ln["text"]).strip()))
                row.update(top=min(row["top"], y0), bottom=max(row["bottom"], y1),
                           left=min(row["left"], x0), right=max(row["right"], x1))
                continue
        rows.append({"cells": [(x0, str(ln["text"]).strip())], "top": y0, "bottom": y1,
                     "left": x0, "right": x1})
    for row in rows:
        row["text"] = " ".join(t for _, t in sorted(row["cells"], key=lambda c: c[0]))
    return rows


def _glue(before: str, after: str, wrapped: bool) -> str:
    """Two rows of one paragraph: a wrapped sentence runs on (no space between Chinese
    characters); separate items keep apart."""
    if not wrapped:
        return before + SEPARATOR + after
    if _CJK.match(after[:1]) or _CJK.match(before[-1:]):
        return before + after
    return before + " " + after


def _compact(paragraphs: list[str]) -> list[str]:
    """Runs of short paragraphs on shared lines (up to LINE_CHARS), the long ones alone."""
    out: list[str] = []
    run: list[str] = []
    for p in paragraphs:
        if len(p) <= SHORT and sum(len(x) + len(SEPARATOR) for x in run) + len(p) <= LINE_CHARS:
            run.append(p)
            continue
        if run:
            out.append(SEPARATOR.join(run))
            run = []
        if len(p) <= SHORT:
            run.append(p)
        else:
            out.append(p)
    if run:
        out.append(SEPARATOR.join(run))
    return out

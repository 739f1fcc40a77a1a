"""The normalised text of one screenshot or note, shared by every extractor.

OCR text is normalised once, here, so that no extractor has to cope with full-width forms, odd
dashes or traditional characters on its own. A `Page` keeps three strings of the same length side
by side, so an offset found in one is valid in all three:

- `text`: NFKC with every dash folded to '-'. Labels are cut from here, so a traditional 訂單編號
  comes back as it was seen.
- `simp`: `text` in simplified Chinese (OpenCC t2s), so one label table serves both scripts.
- `scan`: `simp` with OCR's letter-for-digit slips repaired where digits surround them
  (2O24 → 2024, 1l:30 → 11:30, 2024一03一15 → 2024-03-15). Shapes and values are read here.

t2s runs line by line, and character by character on a line whose length a phrase rule would
change, because the three strings must stay aligned. Extractors run through `Page.run`, which
memoises them, so one family can build on another (cross-checks read ids and dates; promises read
message times) without any of them running twice.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from evidence_vault.models import Field

# Dashes that NFKC leaves alone; OCR engines emit all of them for an ASCII hyphen or minus sign.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u30fc"
_FOLD = str.maketrans({**{c: "-" for c in _DASHES}, "\u2236": ":", "\u3000": " ", "\r": "\n"})


@functools.cache
def _t2s() -> Any:
    import opencc  # 15 ms to build the converter; built once per process, on first use

    return opencc.OpenCC("t2s")


def simplify(text: str) -> str:
    """Traditional → simplified, keeping the length (and so every offset) of `text`."""
    if text.isascii():
        return text
    converter = _t2s()
    out = []
    for line in text.split("\n"):
        simple = converter.convert(line)
        if len(simple) != len(line):
            simple = "".join(c if len(s := converter.convert(c)) != 1 else s for c in line)
        out.append(simple)
    return "\n".join(out)


# A letter OCR reads for a digit, repaired only with a digit (or a digit and one separator) on
# each side: inside a digit run it cannot be a letter, while a code such as JD1234 is left alone.
_LEFT = r"(?:(?<=\d)|(?<=\d[-/.:]))"
_RIGHT = r"(?=[-/.:]?\d)"
_SLIPS = [
    (re.compile(_LEFT + r"[Oo]{1,2}" + _RIGHT), "0"),
    (re.compile(_LEFT + r"[lI]{1,2}" + _RIGHT), "1"),
    (re.compile(r"(?<=\d)[一—](?=\d)"), "-"),
    (re.compile(r"(?<=\d)。(?=\d)"), "."),
]


def _repeat(digit: str, m: re.Match[str]) -> str:
    return digit * len(m.group())


def repair_digits(text: str) -> str:
    for pattern, digit in _SLIPS:
        text = pattern.sub(functools.partial(_repeat, digit), text)
    return text


def normalise(raw: str) -> str:
    """NFKC, then fold dashes, the ratio colon, ideographic spaces and CR to their ASCII forms."""
    text = unicodedata.normalize("NFKC", raw.replace("\r\n", "\n"))
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Found:
    """A field and the span of `Page.text` it was read from (used for text order and overlaps)."""

    start: int
    end: int
    field: Field


@dataclass(frozen=True)
class Label:
    start: int
    end: int
    key: str


Extractor = Callable[["Page"], list[Found]]


@dataclass
class Page:
    raw: str
    captured_at: datetime | None = None
    app: str | None = None
    filename: str | None = None
    source: str = "ocr"
    text: str = field(init=False)
    simp: str = field(init=False)
    scan: str = field(init=False)
    _line_starts: list[int] = field(init=False, repr=False)
    _memo: dict[Extractor, list[Found]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.text = normalise(self.raw)
        self.simp = simplify(self.text)
        self.scan = repair_digits(self.simp)
        assert len(self.text) == len(self.simp) == len(self.scan)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    # -- lines ---------------------------------------------------------------------------------

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self._line_starts, pos) - 1

    def line_span(self, index: int) -> tuple[int, int]:
        start = self._line_starts[index]
        end = self._line_starts[index + 1] - 1 if index + 1 < len(self._line_starts) else len(
            self.text)
        return start, end

    # -- running and building ------------------------------------------------------------------

    def run(self, extractor: Extractor) -> list[Found]:
        if extractor not in self._memo:
            self._memo[extractor] = extractor(self)
        return self._memo[extractor]

    def found(self, start: int, end: int, kind: str, value: str, *, label: Label | None = None,
              role: str | None = None, confidence: float = 0.5, keep: tuple[str, ...] = (),
              **detail: Any) -> Found:
        """A Found field with this page's source; detail keys whose value is None are dropped,
        except those named in `keep` (a promise says due=None outright)."""
        detail.setdefault("line", self.line_of(start))
        text_label = re.sub(r"\s*\n\s*", "", self.text[label.start:label.end]).strip() if (
            label) else None
        detail = {k: v for k, v in detail.items() if v is not None or k in keep}
        return Found(start, end, Field(kind=kind, value=value, label=text_label or None, role=role,
                                       confidence=round(confidence, 3), source=self.source,
                                       detail=detail))

    def has(self, pattern: str | re.Pattern[str]) -> bool:
        return re.search(pattern, self.simp) is not None

    @functools.cached_property
    def cjk_count(self) -> int:
        return sum(1 for c in self.simp if "\u4e00" <= c <= "\u9fff")


def words_pattern(words: Iterable[str]) -> str:
    """An alternation of label words, longest first; a Chinese word tolerates the spaces that
    justified labels get in OCR (运　　费, 订 单 号) and one line break (a chat bubble that
    wraps after 工 and goes on with 号TB5520)."""
    def spaced(word: str) -> str:
        if word.isascii():
            return re.escape(word)
        return r"(?:[ \t]{0,3}|[ \t]*\n[ \t]*)".join(re.escape(c) for c in word)

    return "|".join(spaced(w) for w in sorted(words, key=len, reverse=True))


def one_line(pattern: str) -> str:
    """An English label pattern whose spaces never run over a line break."""
    return pattern.replace(r"\s", r"[ \t]")


class LabelTable:
    """The labels of one family: Chinese words per key, and English patterns per key.

    All the words go into one alternation, longest first, so that 商家订单号 wins over the
    订单号 inside it whatever their keys; English patterns are case-blind and stop at word
    edges. Compiled on first use, so importing the package stays cheap.
    """

    def __init__(self, words: dict[str, list[str]], english: dict[str, str] | None = None,
                 tail: str = "", word_end: bool = True) -> None:
        self._words, self._english, self._tail = words, english or {}, tail
        self._end = r"(?![A-Za-z])" if word_end else ""

    @functools.cached_property
    def _compiled(self) -> tuple[dict[str, str], re.Pattern[str] | None,
                                 list[tuple[str, re.Pattern[str]]]]:
        index: dict[str, str] = {}
        for key, words in self._words.items():
            for word in words:
                assert index.setdefault(word.lower(), key) == key, f"{word} has two keys"
        chinese = re.compile(f"(?:{words_pattern(index)}){self._tail}", re.I) if index else None
        english = [(key, re.compile(rf"(?<![A-Za-z])(?:{one_line(p)}){self._end}", re.I))
                   for key, p in self._english.items()]
        return index, chinese, english

    def find(self, page: Page) -> list[Label]:
        """Every label in the page, leftmost-longest where two overlap."""
        index, chinese, english = self._compiled
        hits: list[Label] = []
        if chinese is not None:
            hits += [Label(m.start(), m.end(), index[re.sub(r"\s", "", m.group()).lower()])
                     for m in chinese.finditer(page.scan)]
        hits += [Label(m.start(), m.end(), key) for key, p in english
                 for m in p.finditer(page.scan) if m.end() > m.start()]
        merged: list[Label] = []
        for hit in leftmost_longest(hits):  # 满减 + 优惠 is one discount label
            if merged and merged[-1].key == hit.key and page.scan[
                    merged[-1].end:hit.start].strip(" \t") == "":
                merged[-1] = Label(merged[-1].start, hit.end, hit.key)
            else:
                merged.append(hit)
        return merged


class Span(Protocol):
    """Anything found at [start, end) of a text: a label, an amount."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Span)


def leftmost_longest(hits: Iterable[S]) -> list[S]:
    """The hits that do not overlap, the leftmost first and the longest where two start
    together, in text order."""
    chosen: list[S] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if chosen and hit.start < chosen[-1].end:
            continue
        chosen.append(hit)
    return chosen


_BLANKISH = re.compile(r"[\s:;,.|>\-=*·•●\[\]()（）【】]*")


def is_blankish(s: str) -> bool:
    return _BLANKISH.fullmatch(s) is not None


def rest_is_blank(rest: str) -> bool:
    """Nothing after a label but separators and a note in brackets: 借款金额（元）."""
    return is_blankish(re.sub(r"\([^()\n]*\)", "", rest))


_GARBLED = re.compile(r"[\s\d.,:;'`+\-()¥$]*\d[\s\d.,:;'`+\-()¥$]*")


def pair_labels(page: Page, labels: Sequence[Label], values: Sequence[tuple[int, int]],
                gap_ok: Callable[[str], bool], reach: int = 4,
                rest_ok: Callable[[str], bool] = rest_is_blank,
                how: dict[int, str] | None = None) -> dict[int, Label]:
    """Give each value (index into `values`) the label that introduced it.

    Same row first: the nearest label before the value, if nothing but an allowed gap (spaces,
    a colon, "(元)") lies between, so the value at the far end of a row still finds its label.
    Then the next line: a label that ends its line after other words (a chat bubble wrapped
    after 订单编号) takes the value that starts the following line. Then columns: labels alone
    on their lines wait, and the next lines whose first thing is a value take the waiting labels
    in order (OCR reads a two-column page as a block of labels, then a block of values). A
    waiting label expires after `reach` lines. A label's line is the line it ends on, since a
    wrapped bubble can break a label in two.

    `how`, when given, is filled with how each value found its label, which is how sure the
    pairing is: "row" (same line, label first), "above" (the label alone or ending the line
    just above: a cell, a wrapped bubble), "column" (a label waiting in a block of labels read
    apart from their values: inferred from the layout) or "below" (a value a line above its
    label: inferred).
    """
    how = {} if how is None else how
    def last_line(lab: Label) -> int:
        return page.line_of(max(lab.start, lab.end - 1))

    events: list[tuple[int, int, str, int]] = []  # (position, order, what, index)
    events += [(max(lab.start, lab.end - 1), 0, "label", i) for i, lab in enumerate(labels)]
    events += [(span[0], 1, "value", i) for i, span in enumerate(values)]
    events.sort()
    pairs: dict[int, Label] = {}
    used: set[int] = set()
    current: int | None = None
    current_line = -1
    for pos, _order, what, index in events:
        line = page.line_of(pos)
        if line != current_line:
            current, current_line = None, line
        if what == "label":
            current = index
            continue
        if current is not None:
            lab = labels[current]
            if gap_ok(page.scan[lab.end:pos]):
                pairs[index] = lab
                how[index] = "row"
                used.add(current)
            current = None

    first_value_on_line: dict[int, int] = {}
    for start, i in sorted((span[0], i) for i, span in enumerate(values) if i not in pairs):
        line = page.line_of(start)
        line_start, _ = page.line_span(line)
        if line not in first_value_on_line and is_blankish(page.scan[line_start:start]):
            first_value_on_line[line] = i

    alone: list[tuple[int, Label]] = []
    for i, lab in enumerate(labels):
        if i in used:
            continue
        line = last_line(lab)
        line_start, line_end = page.line_span(page.line_of(lab.start))
        if not rest_ok(page.scan[lab.end:page.line_span(line)[1]]):
            continue
        if is_blankish(page.scan[line_start:lab.start]):
            alone.append((line, lab))
        elif any(line_start <= end <= lab.start and page.scan[end:lab.start].strip(" \t") == ""
                 for _, end in values):
            continue  # 9,200.00元 到账金额: the label closes the value before it, not the next
        elif line + 1 in first_value_on_line:
            index = first_value_on_line.pop(line + 1)
            pairs[index] = lab
            how[index] = "above"

    # Columns, in reading order: a label alone on its line waits for the next value that starts
    # a line. A value that finds no label waiting may be taken by a label alone on the very next
    # line (OCR puts a right-aligned amount a pixel above its label: "¥3.50 / 配送费"), unless
    # the label ends in a colon (it introduces what follows) or the page has already shown that
    # its labels come first.
    alone_at = {line: lab for line, lab in sorted(alone, key=lambda x: -x[1].start)}
    waiting: list[tuple[int, Label]] = []
    orphan: tuple[int, int] | None = None  # (line, value index) with no label yet
    labels_first = False
    for line in range(page.line_count):
        if line in first_value_on_line:
            index = first_value_on_line[line]
            waiting = [(ln, lab) for ln, lab in waiting if line - ln <= reach + len(waiting)]
            if waiting:
                label_line, pairs[index] = waiting.pop(0)
                how[index] = "above" if label_line == line - 1 else "column"
                labels_first, orphan = True, None
            else:
                orphan = (line, index)
        elif line in alone_at:
            lab = alone_at[line]
            colon = page.scan[lab.end:page.line_span(line)[1]].strip().endswith(":")
            if orphan is not None and orphan[0] == line - 1 and not waiting and not (
                    colon or labels_first):
                pairs[orphan[1]] = lab
                how[orphan[1]] = "below"
            else:
                waiting.append((line, lab))
            orphan = None
        elif page.scan[slice(*page.line_span(line))].strip():
            orphan = None
            if waiting and waiting[-1][0] == line - 1 and _GARBLED.fullmatch(
                    page.scan[slice(*page.line_span(line))]):
                # a label whose line below is a value OCR garbled (Discount / 000): that value
                # went unread, and the labels waiting must not shift onto the next values
                waiting = []
    return pairs

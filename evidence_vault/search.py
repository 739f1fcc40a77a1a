"""Full-text search over items and notes, built for Chinese.

SQLite's FTS5 tokenizers do not fit Chinese: unicode61 makes one token of a
whole run of Han characters (退款 is never found inside 客服承诺退款), and
trigram cannot answer a query of one or two characters. So the vault does its
own tokenising before FTS5 sees the text, and FTS5 (tokenize='ascii') only
splits on the spaces we put in:

1. normalise: NFKC (full-width → half-width, ￥ → ¥), case-fold, traditional →
   simplified one character at a time (a table built once from OpenCC, so that
   a query and a document always fold alike: 訂單 ≡ 订单), and every character
   that is not a letter or digit becomes a space;
2. each run of letters and digits becomes one token per character: the bigram
   starting there (the run's last character closes it alone), except in a stretch
   of ASCII letters and digits, where it is the longest n-gram up to a 4-gram, and
   the stretch's first character gives its bigram, trigram and 4-gram in turn:
   订单号20240315 → 订单 单号 号2 20 202 2024 0240 2403 4031 0315 315 15 5
   (column body). Digits and Latin letters have too small an alphabet for bigrams
   to be selective (20 is in every receipt, 2403 is not), and a phrase costs what
   walking its tokens' lists costs; each distinct character, and each distinct run
   of two or three ASCII characters, is listed once besides (table search_uni).

A query term then becomes an FTS5 phrase of the same tokens, which matches
exactly where the normalised term is a substring of the normalised document:
one character, or two or three ASCII ones, is a look-up in search_uni; longer
terms a phrase. A token depends on the characters after it (up to three) and on
whether the character before it ends a stretch, so a term's phrase starts at the
last token of its first character and stops where what follows the term would
decide (query_tokens). A term that spans runs (订单号:2024) ends its inner runs
with their closing unigram, so the runs must end where they end in the query. The
correctness tests compare every query kind with a brute-force substring scan
under the same normalisation, and random queries over text of a tiny alphabet.

The query language: space-separated terms must all match; "quoted phrases";
-term excludes; OR between two terms (binding tighter than the implicit AND).
The user's text never reaches FTS5 as syntax: every token is quoted by us and
contains only letters and digits, so no query can raise an error.

The index is contentless (the text lives once, in search_docs) and is written
in the same transaction as the item, note or field it indexes. Two FTS5 tables
hold it: search_fts (body, with positions, for phrases) and search_uni (uni,
detail=none: a character needs no position).

Ranking at scale: hits come shortest document first (the more of a document the
match is, the higher it ranks: BM25's length normalisation, each term counted
once), then the one indexed last. A document's id in the index *is* that rank
((length cap - length) << 40 | its order among documents of its length), so the
first page of any query is its first matches read in descending id: FTS5 stops
there, however many match (退 at a million items). Counting stops at
COUNT_BOUND (the total is then reported as a lower bound); count=True counts all.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from evidence_vault import records
from evidence_vault.errors import InvalidInputError
from evidence_vault.i18n import L_
from evidence_vault.when import parse_user_date

_NON_WORD = re.compile(r"[\W_]+")
# A thousands separator between digits is dropped, so 1280 finds ¥1,280.00.
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
#: bump when normalize() or doc_tokens() change: vaults then rebuild their index on open
# 4: an item's time by records.event_time (refund, loan, chat too); 5: the values that count
# (the user's corrections), no case titles, identifiers' digit groups joined; 6: event_time
# also takes a document's issue, journey, signing and completion times; 7: a document's id
# is its rank, 4-grams in ASCII runs, one-character look-ups in search_uni (0008)
INDEX_VERSION = "7"
MAX_LIMIT = 2**63 - 1  # the most hits a search can be asked for: all of them
_TOKENS = re.compile(r"(?=(\S\S?))")
_ASCII_RUN = re.compile(r"[a-z0-9]{3,}")
_TRIGRAMS = re.compile(r"(?=([a-z0-9]{3}))")
SNIPPET_CONTEXT = 24


# ---- normalisation ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional → simplified, character by character, from OpenCC's own
    dictionaries (converted once for every CJK ideograph)."""
    import opencc

    ranges = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF)]
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - OpenCC kept one char per line so far
        converted = [opencc.OpenCC("t2s").convert(c) for c in chars]
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


#: an identifier printed in groups of 3+ digits (442-1458442-3232367, 4200 0012 3456 7890,
#: 138 0013 8000): the separators go, so any run of its digits typed without them finds it.
#: Dates (2024-03-15) and times keep theirs: their groups are shorter.
_DIGIT_GROUPS = re.compile(r"\d{3,}(?:[- \u00a0\u2010-\u2015\uff0d]\d{3,})+")
_GROUP_SEP = re.compile(r"[- \u00a0\u2010-\u2015\uff0d]")
#: a currency unit typed beside an amount in a query (1280元, RMB 1280): amounts are
#: matched by their digits, however the document printed them (¥1,280.00, 1280元)
_UNIT_AFTER = re.compile(r"(?<=\d)\s*(?:元|块钱|块|圆|rmb|cny)", re.IGNORECASE)
_UNIT_BEFORE = re.compile(r"(?:rmb|cny|人民币)\s*(?=\d)", re.IGNORECASE)
_ZERO_CENTS = re.compile(r"(?<=\d)[.．]0{1,2}(?![\d.])")  # 1,280.00 is the amount 1280


def _separators(text: str) -> set[int]:
    """Positions of the separators inside printed digit groups (see _DIGIT_GROUPS)."""
    return {m.start() + k.start() for m in _DIGIT_GROUPS.finditer(text)
            for k in _GROUP_SEP.finditer(m.group(0))}


def _drop(text: str, positions: set[int]) -> str:
    return "".join(c for i, c in enumerate(text) if i not in positions) if positions else text


def normalize(text: str) -> str:
    """The form both documents and queries are matched in."""
    text = text or ""
    s = unicodedata.normalize("NFKC", _drop(text, _separators(text))).casefold()
    s = s.translate(_t2s_table())
    return _NON_WORD.sub(" ", _THOUSANDS.sub("", s)).strip()


def normalize_query(text: str) -> str:
    """A query term's form: as a document's, less the currency units beside amounts and
    their zero cents, so 1280元, ¥1280 and 1,280.00 are one amount."""
    text = _UNIT_BEFORE.sub("", _UNIT_AFTER.sub("", text or ""))
    return normalize(_ZERO_CENTS.sub("", text))


def _ascii(c: str) -> bool:
    return c in _ASCII_ALNUM


_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _stretches(run: str) -> list[int]:
    """For each character, how many ASCII letters or digits start there (0 for others)."""
    k = [0] * (len(run) + 1)
    for i in range(len(run) - 1, -1, -1):
        k[i] = k[i + 1] + 1 if _ascii(run[i]) else 0
    return k


def _ladder(run: str, i: int, k: int) -> list[str]:
    """The tokens at the start of a stretch of k ASCII characters: its bigram (or the
    run's closing character), trigram and 4-gram, as long as the stretch allows."""
    out = [run[i:i + 2]] if i + 1 < len(run) else [run[i]]
    return out + [run[i:i + n] for n in (3, 4) if k >= n]


def _longest(run: str, i: int, k: int) -> str:
    """The token inside a stretch: the longest n-gram (up to 4) it allows there."""
    if k >= 3:
        return run[i:i + min(k, 4)]
    return run[i:i + 2] if i + 1 < len(run) else run[i]


def run_tokens(run: str) -> list[str]:
    """The body tokens of one run of letters and digits. Each character gives the
    bigram starting there (the last one closes the run with itself), except inside
    a stretch of ASCII letters and digits, where it gives the longest n-gram up to a
    4-gram; the first character of a stretch gives its bigram, trigram and 4-gram
    in turn. 订单号20240315 → 订单 单号 号2 20 202 2024 0240 2403 4031 0315 315 15 5."""
    n = len(run)
    if n < 3 or not _ASCII_RUN.search(run):  # no stretch of 3: bigrams, then the last
        return [run[i:i + 2] for i in range(n - 1)] + [run[-1]] if run else []
    k = _stretches(run)
    out: list[str] = []
    for i in range(n):
        if k[i] and (i == 0 or not k[i - 1]):
            out += _ladder(run, i, k[i])
        elif k[i]:
            out.append(_longest(run, i, k[i]))
        else:
            out.append(run[i:i + 2] if i + 1 < n else run[i])
    return out


def query_tokens(run: str, *, first: bool, closed: bool) -> list[str] | None:
    """The tokens a query's run must have consecutively in a document's body (see
    run_tokens). `first`: the document's run may start before it, so whether its
    first character starts a stretch is unknown: the phrase starts at the last token
    there, the same either way. Not `closed`: the document's run may go on after it,
    so the phrase stops where the tokens depend on what follows. None when that
    leaves a character unchecked: a lone run of two or three ASCII characters, which
    search_uni answers, or a last single character, a prefix."""
    n = len(run)
    k = _stretches(run)
    out: list[str] = []
    covered = 0
    for i in range(n):
        open_end = not closed and i + k[i] == n  # its stretch may go on in the document
        if not k[i]:
            if i + 1 == n and not closed:
                break  # the character after it is unknown
            out.append(run[i:i + 2] if i + 1 < n else run[i])
        elif i == 0 and first:
            if open_end and k[i] < 4:
                break
            out.append(_longest(run, i, k[i]))
        elif i == 0 or not k[i - 1]:  # it starts its stretch
            ladder = _ladder(run, i, k[i])
            if open_end:  # the bigram (if the run goes on) and what the stretch shows
                ladder = [t for t in ladder if len(t) <= k[i] and len(t) > 1]
            out += ladder
            if open_end and k[i] < 4:
                covered = max(covered, i + max((len(t) for t in ladder), default=0))
                break
        else:
            if open_end and k[i] < 4:
                break
            out.append(_longest(run, i, k[i]))
        covered = max(covered, i + len(out[-1]))
    return out if covered >= n else None


_STRETCH = re.compile(r"[a-z0-9]{3,}")


def doc_tokens(normalized: str) -> str:
    """The body column: the tokens of each run, as run_tokens gives them (which the
    tests check), made a stretch of ASCII at a time with the regular expressions doing
    the rest: indexing a million documents spends its time here."""
    out: list[str] = []
    pos = 0
    norm = normalized
    for m in _STRETCH.finditer(norm):
        s, e = m.span()
        out += _TOKENS.findall(norm, pos, s + 1)[:-1]  # up to the stretch: bigrams
        out += (norm[s:s + 2], norm[s:s + 3])  # its first character: bigram, trigram,
        if e - s >= 4:
            out.append(norm[s:s + 4])  # 4-gram
            out += [norm[i:i + 4] for i in range(s + 1, e - 3)]
        out += (norm[e - 3:e], norm[e - 2:e]) if e - s >= 4 else (norm[e - 2:e],)
        out.append(norm[e - 1:e + 1].rstrip(" "))  # its last character, with what follows
        pos = e
    out += _TOKENS.findall(norm, pos)
    return " ".join(out)


_PAIR_RUNS = re.compile(r"[a-z0-9]{2,}")


def char_tokens(normalized: str) -> str:
    """Each distinct letter or digit of the document once, and each distinct run of two
    and of three adjacent ASCII letters or digits (50, 115, pay): what a query of one
    character or of two or three ASCII characters needs (no position, no prefix)."""
    tokens = set(normalized)
    tokens.discard(" ")
    for m in _PAIR_RUNS.finditer(normalized):
        w = m.group()
        tokens.update([w[i:i + 2] for i in range(len(w) - 1)])
        tokens.update([w[i:i + 3] for i in range(len(w) - 2)])
    return " ".join(sorted(tokens))


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """normalize(), keeping for each output character the index of the input
    character it came from (for highlighting the original text)."""
    table = _t2s_table()
    out: list[str] = []
    where: list[int] = []
    last_space = True
    dropped = {m.start() for m in _THOUSANDS.finditer(text)} | _separators(text)
    for i, ch in enumerate(text):
        if i in dropped:
            continue
        piece = unicodedata.normalize("NFKC", ch).casefold().translate(table)
        for c in piece:
            if c == "_" or not c.isalnum():
                if not last_space:
                    out.append(" ")
                    where.append(i)
                    last_space = True
            else:
                out.append(c)
                where.append(i)
                last_space = False
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


# ---- queries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str  # normalised: runs of letters and digits separated by single spaces
    negate: bool = False


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=list)  # AND of ORs
    excluded: list[Term] = field(default_factory=list)

    @property
    def positive(self) -> list[Term]:
        return [t for g in self.groups for t in g]

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded


_LEX = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse(query: str) -> Query:
    """Parse the query language. Never raises: what cannot be searched for
    (punctuation alone, a dangling OR) is dropped."""
    q = Query()
    pending_or = False
    for m in _LEX.finditer(query or ""):
        if m.group(3) is not None:
            raw = m.group(3)
            if raw == "OR":
                pending_or = bool(q.groups)
                continue
            negate = raw.startswith("-") and len(raw) > 1
            text = normalize_query(raw[1:] if negate else raw)
        else:
            negate = m.group(1) == "-"
            text = normalize_query(m.group(2))
        if not text:
            continue
        term = Term(text, negate)
        if negate:
            q.excluded.append(term)
        elif pending_or:
            q.groups[-1].append(term)
        else:
            q.groups.append([term])
        pending_or = False
    return q


def uni_term(term: Term) -> bool:
    """Answered by search_uni: one character, or two or three ASCII letters or digits."""
    text = term.text
    return len(text) == 1 or (len(text) <= 3 and all(_ascii(c) for c in text))


def term_expression(term: Term) -> str:
    """The FTS5 phrase (search_fts) that matches where `term.text` is a substring of a
    document; not for uni_term() terms alone."""
    runs = term.text.split(" ")
    tokens: list[str] = []
    for k, run in enumerate(runs[:-1]):  # inner runs end where the document's do
        tokens += query_tokens(run, first=k == 0, closed=True) or []
    last = runs[-1]
    tail = query_tokens(last, first=len(runs) == 1, closed=False)
    if tail is None:  # a last single character may be followed by anything
        assert len(last) == 1 and len(runs) > 1, term
        return 'body : "' + " ".join([*tokens, last]) + '" *'
    return 'body : "' + " ".join(tokens + tail) + '"'


def matches(q: Query, normalized_doc: str) -> bool:
    """The brute-force meaning of a query, for tests and for highlighting."""
    padded = normalized_doc
    ok = all(any(t.text in padded for t in group) for group in q.groups)
    return ok and not any(t.text in padded for t in q.excluded)


# ---- documents ----------------------------------------------------------------------------


def _field_lines(fields: list[records.fields.FieldRow]) -> list[str]:
    return [f"{f.label or ''} {f.value}".strip() for f in fields if f.kind != "check"]


def item_document(conn: sqlite3.Connection, item_id: int) -> tuple[str, str | None]:
    item = records.items.get(conn, item_id)
    assert item is not None  # indexed inside the transaction that wrote it
    reading = records.items.reading(conn, item.reading_id) if item.reading_id else None
    fields = records.fields.counting(conn, "item_id", item_id)
    parts = [item.filename, item.user_note or "", item.app or "",
             reading.text if reading else ""]
    parts += _field_lines(fields)
    return "\n".join(p for p in parts if p), records.event_time(fields, item.captured_at)


def note_document(conn: sqlite3.Connection, note_id: int) -> tuple[str, str | None]:
    note = records.notes.get(conn, note_id)
    assert note is not None
    parts = [note.text, note.with_whom or "", note.ticket or ""]
    parts += [p.text for p in records.notes.promises_of(conn, note_id)]
    parts += _field_lines(records.fields.counting(conn, "note_id", note_id))
    return "\n".join(p for p in parts if p), note.at


#: a document's id in the index is its rank: (_LENGTH_CAP - its length) << _SEQ_BITS | the
#: order it was indexed in among documents of its length. Searching in descending id order
#: is then searching best first (see search()).
_SEQ_BITS = 40
_LENGTH_CAP = (1 << 23) - 1  # 8 million characters: longer documents rank as if that long


def doc_length(normalized: str) -> int:
    """A document's length for ranking: the characters of its normalised text."""
    return min(len(normalized), _LENGTH_CAP)


def _rank_base(length: int) -> int:
    return (_LENGTH_CAP - length) << _SEQ_BITS


def doc_score(length: int) -> float:
    """The score a hit shows: higher for shorter documents, as the ranking goes."""
    return 1000.0 / max(length, 1)


class _Ids:
    """The next id for a document of each length (cached during a reindex)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.next: dict[int, int] = {}

    def take(self, length: int) -> int:
        base = _rank_base(length)
        nxt = self.next.get(length)
        if nxt is None:
            last = self.conn.execute(
                "SELECT max(id) FROM search_docs WHERE id >= ? AND id < ?",
                (base, base + (1 << _SEQ_BITS))).fetchone()[0]
            nxt = base if last is None else last + 1
        self.next[length] = nxt + 1
        return nxt


def _fts_insert(conn: sqlite3.Connection, doc_id: int, norm: str, *, delete: bool) -> None:
    cmd, first = ("search_fts, ", "'delete', ") if delete else ("", "")
    conn.execute(f"INSERT INTO search_fts ({cmd}rowid, body) VALUES ({first}?, ?)",
                 (doc_id, doc_tokens(norm)))
    cmd = "search_uni, " if delete else ""
    conn.execute(f"INSERT INTO search_uni ({cmd}rowid, uni) VALUES ({first}?, ?)",
                 (doc_id, char_tokens(norm)))


def _put(conn: sqlite3.Connection, kind: str, owner_id: int, text: str, at: str | None,
         ids: _Ids | None = None) -> tuple[int, str]:
    """Write the document's row in search_docs (its id taken for its length) and return
    (id, normalised text) for _fts_insert."""
    column = "item_id" if kind == "item" else "note_id"
    old = conn.execute(f"SELECT id, text FROM search_docs WHERE {column} = ?",
                       (owner_id,)).fetchone()
    if old is not None:  # its length, so its id, may change: out and in again
        _fts_insert(conn, old[0], normalize(old[1]), delete=True)
        conn.execute("DELETE FROM search_docs WHERE id = ?", (old[0],))
    norm = normalize(text)
    doc_id = (ids or _Ids(conn)).take(doc_length(norm))
    conn.execute(f"INSERT INTO search_docs (id, kind, {column}, at, text) VALUES (?, ?, ?, ?, ?)",
                 (doc_id, kind, owner_id, at, text))
    return doc_id, norm


def index_item(conn: sqlite3.Connection, item_id: int) -> None:
    """(Re)index one item. Call inside the transaction that changed it."""
    _fts_insert(conn, *_put(conn, "item", item_id, *item_document(conn, item_id)), delete=False)


def index_note(conn: sqlite3.Connection, note_id: int) -> None:
    _fts_insert(conn, *_put(conn, "note", note_id, *note_document(conn, note_id)), delete=False)


#: documents indexed together by reindex, written to FTS5 in ascending id: FTS5 flushes
#: its pending terms to a new segment whenever a rowid is lower than the one before, so
#: ids in rank order (not in the order owners come) would make a segment per document
_REINDEX_CHUNK = 4000


def reindex(conn: sqlite3.Connection) -> dict[str, int]:
    """Rebuild the whole index from the vault. Call inside a write transaction."""
    for table in ("search_fts", "search_uni"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
    conn.execute("DELETE FROM search_docs")
    items = records.items.ids(conn)
    notes = records.notes.ids(conn)
    ids = _Ids(conn)
    for kind, owners, document in (("item", items, item_document),
                                   ("note", notes, note_document)):
        for start in range(0, len(owners), _REINDEX_CHUNK):
            chunk = [_put(conn, kind, owner, *document(conn, owner), ids)
                     for owner in owners[start:start + _REINDEX_CHUNK]]
            for doc_id, norm in sorted(chunk):
                _fts_insert(conn, doc_id, norm, delete=False)
    for table in ("search_fts", "search_uni"):  # one merged segment each
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    return {"items": len(items), "notes": len(notes)}


# ---- searching ----------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    id: int
    at: str | None
    cases: list[str]
    score: float
    snippet: str
    title: str

    @property
    def ref(self) -> str:
        return f"{'E' if self.kind == 'item' else 'N'}{self.id}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "ref": self.ref, "at": self.at,
                "cases": self.cases, "score": round(self.score, 3), "snippet": self.snippet,
                "title": self.title}


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]
    total_is_lower_bound: bool = False  # more than `total` match; search(count=True) counts them

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total,
                "total_is_lower_bound": self.total_is_lower_bound,
                "hits": [h.to_json() for h in self.hits]}


@lru_cache(maxsize=256)
def _term_pattern(term: Term) -> re.Pattern[str]:
    """A regex finding `term` in text that was case-folded and character-folded
    but not stripped of punctuation: runs may be separated by any non-word
    characters, and digits by a thousands separator."""
    runs = []
    for run in term.text.split(" "):
        out = ""
        for a, b in zip(run, run[1:] + " ", strict=True):
            out += re.escape(a)
            if a.isdigit() and b.isdigit():  # a thousands or a digit-group separator
                out += "[,，\\- \u00a0\u2010-\u2015\uff0d]?"
        runs.append(out)
    return re.compile(r"[\W_]+".join(runs))


def _match_spans(text: str, q: Query) -> list[tuple[int, int]]:
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_t2s_table())
    if len(folded) == len(text):  # one character for one: positions carry over
        return [m.span() for t in q.positive for m in _term_pattern(t).finditer(folded)]
    norm, where = _normalize_with_map(text)  # rare: a character expanded or merged
    spans = []
    for t in q.positive:
        start = norm.find(t.text)
        while start != -1:
            spans.append((where[start], where[start + len(t.text) - 1] + 1))
            start = norm.find(t.text, start + 1)
    return spans


def snippet(text: str, q: Query, context: int = SNIPPET_CONTEXT) -> str:
    """The first match with `context` characters around it, every match inside
    marked [like this]; the start of the text when nothing matches."""
    spans = sorted(_match_spans(text, q))
    if not spans:
        flat = " ".join(text.split())
        return flat[: 2 * context] + ("…" if len(flat) > 2 * context else "")
    first = spans[0]
    lo, hi = max(0, first[0] - context), min(len(text), first[1] + context)
    out, pos = [], lo
    for s, e in spans:
        if s < pos or s >= hi:
            continue
        e = min(e, hi)
        out += [text[pos:s], "[", text[s:e], "]"]
        pos = e
    out.append(text[pos:hi])
    body = " ".join("".join(out).split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


@dataclass
class _Plan:
    """How a query is answered: one table drives (its matches read in descending id, so
    best first), the other table's terms are checked row by row (x.id is the row)."""

    source: str                      # FROM clause: the driving rows, aliased x
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)  # the source's, then where's


def _any_of(exprs: list[str]) -> str:
    return exprs[0] if len(exprs) == 1 else "(" + " OR ".join(exprs) + ")"


def _all_of(groups: list[str], excluded: list[str]) -> str:
    expr = " AND ".join(groups)
    return f"({expr}) NOT {_any_of(excluded)}" if excluded else expr


def _driven_by(table: str, expr: str) -> _Plan:
    return _Plan(f"(SELECT rowid AS id FROM {table} WHERE {table} MATCH ?) x", [], [expr])


def _check(plan: _Plan, table: str, groups: list[str], excluded: list[str]) -> None:
    """Add the condition that the row matches `groups` and none of `excluded` in `table`."""
    if groups:
        plan.where.append(f"EXISTS (SELECT 1 FROM {table} WHERE {table} MATCH ? "
                          "AND rowid = x.id)")
        plan.params.append(_all_of(groups, excluded))
    elif excluded:
        plan.where.append(f"NOT EXISTS (SELECT 1 FROM {table} WHERE {table} MATCH ? "
                          "AND rowid = x.id)")
        plan.params.append(_any_of(excluded))


def _plan(q: Query) -> _Plan:
    """One-character terms are looked up in search_uni, all others in search_fts. A group
    of OR alternatives mixing both asks search_fts for the character as the start of a
    body token (x*: every character of a run starts one): slower, the same meaning."""
    fts_groups: list[str] = []
    uni_groups: list[str] = []
    for group in q.groups:
        if all(uni_term(t) for t in group):
            uni_groups.append(_any_of([f'"{t.text}"' for t in group]))
        else:
            fts_groups.append(_any_of([f'body : "{t.text}" *' if uni_term(t) else term_expression(t)
                                       for t in group]))
    fts_not = [term_expression(t) for t in q.excluded if not uni_term(t)]
    uni_not = [f'"{t.text}"' for t in q.excluded if uni_term(t)]
    if fts_groups:
        plan = _driven_by("search_fts", _all_of(fts_groups, fts_not))
        _check(plan, "search_uni", uni_groups, uni_not)
    elif uni_groups:
        plan = _driven_by("search_uni", _all_of(uni_groups, uni_not))
        _check(plan, "search_fts", [], fts_not)
    else:  # only exclusions: everything else
        plan = _Plan("(SELECT id FROM search_docs) x")
        _check(plan, "search_fts", [], fts_not)
        _check(plan, "search_uni", [], uni_not)
    return plan


#: counting stops here unless asked to count them all: the total is then a lower bound
COUNT_BOUND = 10_000


def search(conn: sqlite3.Connection, query: str, *, case: str | None = None,
           kind: str | None = None, field_kind: str | None = None, date_from: str | None = None,
           date_to: str | None = None, min_amount: float | None = None,
           max_amount: float | None = None, platform: str | None = None,
           limit: int = 20, count: bool = False) -> Results:
    """Hits for `query`, best first: shorter documents first, then the newest (each
    document's id in the index is its rank, so the first page is the first matches
    read in descending id, without reading the rest; tests compare it with a
    brute-force ranking). `total` counts at most COUNT_BOUND matches unless `count`,
    and says so in `total_is_lower_bound`."""
    q = parse(query)
    if q.empty:
        return Results(query, 0, [])
    plan = _plan(q)
    where, params = list(plan.where), list(plan.params)
    filters: list[str] = []
    if kind:
        if kind not in ("item", "note"):
            raise InvalidInputError(L_(
                "--kind must be item or note, not {kind!r}",
                kind=kind))
        filters.append("d.kind = ?")
        params.append(kind)
    conditions: list[records.filters.Condition] = []
    if case:
        conditions.append(records.filters.in_case(records.case_id(conn, case)))
    if field_kind:
        conditions.append(records.filters.has_field(field_kind))
    if date_from:
        filters.append("d.at >= ?")
        params.append(parse_user_date(date_from, what=L_("--from date")))
    if date_to:
        filters.append("d.at < ?")
        params.append(parse_user_date(date_to, what=L_("--to date")) + "T24")
    if min_amount is not None or max_amount is not None:
        lo = -1e18 if min_amount is None else float(min_amount)
        hi = 1e18 if max_amount is None else float(max_amount)
        conditions.append(records.filters.has_amount(lo, hi))
    if platform:
        conditions.append(records.filters.on_platform(platform))
    for sql, values in conditions:
        filters.append(sql)
        params += values
    joined = f"{plan.source} CROSS JOIN search_docs d ON d.id = x.id"  # the index drives
    where += filters
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    matching = f"SELECT x.id FROM {joined if filters else plan.source}{sql_where}"

    limit = min(max(0, int(limit)), MAX_LIMIT)  # SQLite integers are 64-bit
    rows = conn.execute(
        f"SELECT x.id, d.kind, coalesce(d.item_id, d.note_id), d.at, d.text FROM {joined}"
        f"{sql_where} ORDER BY x.id DESC LIMIT ?", [*params, limit]).fetchall() if limit else []
    lower_bound = False
    if count:
        total = conn.execute(f"SELECT count(*) FROM ({matching})", params).fetchone()[0]
    elif len(rows) < limit:
        total = len(rows)  # the page holds them all
    else:
        total = conn.execute(f"SELECT count(*) FROM ({matching} LIMIT ?)",
                             [*params, COUNT_BOUND + 1]).fetchone()[0]
        if total > COUNT_BOUND:
            total, lower_bound = max(COUNT_BOUND, len(rows)), True
    hits = []
    for doc_id, kind_, owner_id, at, text in rows:
        length = _LENGTH_CAP - (doc_id >> _SEQ_BITS)
        hits.append(Hit(kind_, owner_id, at, _cases(conn, kind_, owner_id), doc_score(length),
                        snippet(text, q), text.split("\n", 1)[0]))
    return Results(query, total, hits, lower_bound)


def _cases(conn: sqlite3.Connection, kind: str, owner_id: int) -> list[str]:
    return (records.cases.of_item(conn, owner_id) if kind == "item"
            else records.cases.of_note(conn, owner_id))

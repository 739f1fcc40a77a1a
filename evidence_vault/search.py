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
2. each run of letters and digits becomes its overlapping bigrams followed by
   its last character: 订单号2024 → 订单 单号 号2 20 02 24 4 (column body);
   runs of ASCII letters and digits also become trigrams (column tri: 11 or 20
   is in every receipt, 115 is not), and each distinct character is listed once
   (column uni, for one-character queries).

A query term then becomes an FTS5 phrase of the same tokens, which matches
exactly where the normalised term is a substring of the normalised document:
one character is a look-up in uni, two characters one bigram, longer terms a
phrase of consecutive bigrams (or trigrams, for ASCII). A term that spans runs (订单号:2024) ends its
inner runs with their closing unigram, so the runs must end where they end in
the query. The correctness tests compare every query kind with a brute-force
substring scan under the same normalisation.

The query language: space-separated terms must all match; "quoted phrases";
-term excludes; OR between two terms (binding tighter than the implicit AND).
The user's text never reaches FTS5 as syntax: every token is quoted by us and
contains only letters and digits, so no query can raise an error.

The index is contentless (the text lives once, in search_docs) and is written
in the same transaction as the item, note or field it indexes.
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
# also takes a document's issue, journey, signing and completion times
INDEX_VERSION = "6"
MAX_LIMIT = 2**63 - 1  # the most hits a search can be asked for: all of them
_TOKENS = re.compile(r"(?=(\S\S?))")
_ASCII_RUN = re.compile(r"[a-z0-9]{3,}")
_TRIGRAMS = re.compile(r"(?=([a-z0-9]{3}))")
_TRI_BREAK = "\u3001"  # a token normalisation never produces: keeps runs apart
SNIPPET_CONTEXT = 24
RANK_WINDOW = 500


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


def doc_tokens(normalized: str) -> str:
    """Bigrams of each run of letters and digits, then its last character."""
    return " ".join(_TOKENS.findall(normalized))


def tri_tokens(normalized: str) -> str:
    """Trigrams of each run of ASCII letters and digits (order numbers, amounts,
    English words), runs kept apart. Digits and Latin letters have too small an
    alphabet for bigrams to be selective: 11 or 20 is in nearly every receipt."""
    return f" {_TRI_BREAK} ".join(" ".join(_TRIGRAMS.findall(run))
                                   for run in _ASCII_RUN.findall(normalized))


def char_tokens(normalized: str) -> str:
    """Each distinct letter or digit of the document once: what a query of one
    character needs, at a fraction of the size of a prefix index."""
    return " ".join(sorted(set(normalized) - {" "}))


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


def term_expression(term: Term) -> str:
    """The FTS5 phrase that matches where `term.text` is a substring."""
    if _ASCII_RUN.fullmatch(term.text):
        return 'tri : "' + " ".join(_TRIGRAMS.findall(term.text)) + '"'
    if len(term.text) == 1:
        return f'uni : "{term.text}"'
    runs = term.text.split(" ")
    tokens: list[str] = []
    prefix = False
    for k, run in enumerate(runs):
        if k < len(runs) - 1:
            tokens += _TOKENS.findall(run)  # bigrams and the closing unigram
        elif len(run) == 1:
            tokens.append(run)
            prefix = True  # a last single character may be followed by anything
        else:
            tokens += [run[i:i + 2] for i in range(len(run) - 1)]
    return 'body : "' + " ".join(tokens) + '"' + (" *" if prefix else "")


def match_expression(q: Query) -> str | None:
    """The FTS5 MATCH string of the positive terms (None when there are none)."""
    if not q.groups:
        return None
    parts = []
    for group in q.groups:
        exprs = [term_expression(t) for t in group]
        parts.append(exprs[0] if len(exprs) == 1 else "(" + " OR ".join(exprs) + ")")
    expr = " AND ".join(parts)
    for t in q.excluded:
        expr = f"({expr}) NOT {term_expression(t)}"
    return expr


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


def _put(conn: sqlite3.Connection, kind: str, owner_id: int, text: str, at: str | None) -> None:
    column = "item_id" if kind == "item" else "note_id"
    old = conn.execute(f"SELECT id, text FROM search_docs WHERE {column} = ?",
                       (owner_id,)).fetchone()
    if old is not None:
        norm = normalize(old[1])
        conn.execute("INSERT INTO search_fts (search_fts, rowid, body, tri, uni) "
                     "VALUES ('delete', ?, ?, ?, ?)",
                     (old[0], doc_tokens(norm), tri_tokens(norm), char_tokens(norm)))
        conn.execute("UPDATE search_docs SET text = ?, at = ? WHERE id = ?", (text, at, old[0]))
        doc_id = old[0]
    else:
        doc_id = conn.execute(
            f"INSERT INTO search_docs (kind, {column}, at, text) VALUES (?, ?, ?, ?)",
            (kind, owner_id, at, text)).lastrowid
    norm = normalize(text)
    conn.execute("INSERT INTO search_fts (rowid, body, tri, uni) VALUES (?, ?, ?, ?)",
                 (doc_id, doc_tokens(norm), tri_tokens(norm), char_tokens(norm)))


def index_item(conn: sqlite3.Connection, item_id: int) -> None:
    """(Re)index one item. Call inside the transaction that changed it."""
    _put(conn, "item", item_id, *item_document(conn, item_id))


def index_note(conn: sqlite3.Connection, note_id: int) -> None:
    _put(conn, "note", note_id, *note_document(conn, note_id))


def reindex(conn: sqlite3.Connection) -> dict[str, int]:
    """Rebuild the whole index from the vault. Call inside a write transaction."""
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    conn.execute("DELETE FROM search_docs")
    items = records.items.ids(conn)
    notes = records.notes.ids(conn)
    for i in items:
        index_item(conn, i)
    for n in notes:
        index_note(conn, n)
    conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")  # one merged segment
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

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total,
                "hits": [h.to_json() for h in self.hits]}


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


def search(conn: sqlite3.Connection, query: str, *, case: str | None = None,
           kind: str | None = None, field_kind: str | None = None, date_from: str | None = None,
           date_to: str | None = None, min_amount: float | None = None,
           max_amount: float | None = None, platform: str | None = None,
           limit: int = 20) -> Results:
    q = parse(query)
    if q.empty:
        return Results(query, 0, [])
    where: list[str] = []
    params: list[Any] = []
    expr = match_expression(q)
    if expr is not None:
        source = "search_fts JOIN search_docs d ON d.id = search_fts.rowid"
        where.append("search_fts MATCH ?")
        params.append(expr)
        score = "-bm25(search_fts)"
    else:  # only exclusions: everything except what they match
        source = "search_docs d"
        neg = " OR ".join(term_expression(t) for t in q.excluded)
        where.append("d.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)")
        params.append(neg)
        score = "0.0"
    if kind:
        if kind not in ("item", "note"):
            raise InvalidInputError(L_(
                "--kind must be item or note, not {kind!r}",
                kind=kind))
        where.append("d.kind = ?")
        params.append(kind)
    conditions: list[records.filters.Condition] = []
    if case:
        conditions.append(records.filters.in_case(records.case_id(conn, case)))
    if field_kind:
        conditions.append(records.filters.has_field(field_kind))
    if date_from:
        where.append("d.at >= ?")
        params.append(parse_user_date(date_from, what=L_("--from date")))
    if date_to:
        where.append("d.at < ?")
        params.append(parse_user_date(date_to, what=L_("--to date")) + "T24")
    if min_amount is not None or max_amount is not None:
        lo = -1e18 if min_amount is None else float(min_amount)
        hi = 1e18 if max_amount is None else float(max_amount)
        conditions.append(records.filters.has_amount(lo, hi))
    if platform:
        conditions.append(records.filters.on_platform(platform))
    for sql, values in conditions:
        where.append(sql)
        params += values
    sql_where = " AND ".join(where)
    filtered = len(where) > 1
    if expr is not None and not filtered:
        # FTS5 counts its own matches without touching search_docs: fast even for 退.
        total = conn.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
                             (expr,)).fetchone()[0]
    else:
        total = conn.execute(f"SELECT count(*) FROM {source} WHERE {sql_where}",
                             params).fetchone()[0]
    # Ranking every match costs microseconds each: fine for thousands, too slow
    # for a query such as 退 that matches most of 100,000 items. Beyond
    # RANK_WINDOW matches, bm25 ranks the RANK_WINDOW most recent ones (FTS5
    # walks its doclist newest first and stops there); the total stays exact.
    limit = min(max(0, int(limit)), MAX_LIMIT)  # SQLite integers are 64-bit
    ranked = max(RANK_WINDOW, limit)  # asking for more hits ranks more
    window = "" if total <= ranked or expr is None else \
        f"ORDER BY search_fts.rowid DESC LIMIT {ranked}"
    rows = conn.execute(
        f"SELECT d.kind, coalesce(d.item_id, d.note_id), d.at, d.text, x.score FROM ("
        f"SELECT d.id AS id, {score} AS score FROM {source} WHERE {sql_where} {window}) x "
        f"JOIN search_docs d ON d.id = x.id ORDER BY x.score DESC, x.id DESC LIMIT ?",
        [*params, limit]).fetchall()
    hits = []
    for kind_, owner_id, at, text, sc in rows:
        cases = _cases(conn, kind_, owner_id)
        title = text.split("\n", 1)[0]
        hits.append(Hit(kind_, owner_id, at, cases, float(sc), snippet(text, q), title))
    return Results(query, total, hits)


def _cases(conn: sqlite3.Connection, kind: str, owner_id: int) -> list[str]:
    return (records.cases.of_item(conn, owner_id) if kind == "item"
            else records.cases.of_note(conn, owner_id))

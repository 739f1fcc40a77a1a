"""What reading a file produces: no I/O, no database, no third-party imports.

Field, OcrLine and Reading are what readers and extractors return and what the
add pipeline stores; they are dataclasses so that the library returns data and
leaves printing to the CLI (STYLE rule 6). `to_json()` methods give the shapes
of the `--json` contract in DESIGN.md; adding a key is allowed, renaming one is not.

Rows as stored are typed records too, in the repository (evidence_vault.records).
The Vault's command methods (show, list_items, case_show, note, …) return the
`--json` shapes themselves, as dicts checked against schema/json by the tests,
since those shapes are the contract scripts outside this repository rely on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Field:
    """One thing extracted from an item or a note.

    kind:       order_no, transaction_no, merchant_order_no, refund_no, tracking_no,
                contract_no, serial_no, ticket_no, staff_id, amount, date, datetime,
                phone, id_card, bank_card, credit_code, platform, promise, ...
    value:      identifier characters alone; amounts as "1280.00"; dates ISO 8601.
    label:      the text that introduced it (订单编号), or None.
    role:       paid, refund, payment, order, due, ... or None.
    confidence: 0..1.
    source:     where it came from: "ocr", "note", "filename", "user", ...
    detail:     anything else worth keeping (line index, inferred=True, raw text).
    """

    kind: str
    value: str
    label: str | None = None
    role: str | None = None
    confidence: float = 0.5
    source: str = "ocr"
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "label": self.label,
            "role": self.role,
            "confidence": round(self.confidence, 3),
            "source": self.source,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class OcrLine:
    """One line of text read from an image, with its box in image pixels.

    `chars`, where the engine or the text layer gives them, holds a box per character of
    `text` (None for a space), for blacking out a number and not its whole line. They are
    not stored with a reading (to_json leaves them out): redaction asks for them afresh."""

    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    confidence: float
    page: int = 0
    chars: tuple[tuple[float, float, float, float] | None, ...] | None = field(
        default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "box": [round(v, 1) for v in self.box],
                "confidence": round(self.confidence, 4), "page": self.page}


@dataclass(frozen=True)
class ChildFile:
    """A file found inside another: an e-mail's attachment, a file in an archive.

    A reader that finds one gives its name as the container states it (untrusted:
    never used as a path), its bytes (`data`) or, when large, a `path` to a
    temporary copy the reader wrote, and the MIME type the container claims
    (None when it claims none; the vault sniffs the bytes in any case).

    How `add` will store children (not done yet): each child becomes an item of
    its own, stored and read like any added file (sniffed, read by its reader,
    its fields extracted), recorded in the parent's transaction and linked to
    the parent so that the dossier can say "attachment 2 of E12". Nothing reads
    this field today.
    """

    name: str
    data: bytes | None = None
    path: str | None = None
    mime: str | None = None


@dataclass
class Reading:
    """What a reader got out of one file: the text and the lines it came from,
    and, for readers of structured files, rows and child files.

    rows:     the records of a table-shaped file, each a dict of column -> value
              as the file states them (strings, unconverted). A CSV/XLSX bill
              export (支付宝/微信 账单) gives one dict per transaction, keyed by
              its header row (交易时间, 交易对方, 金额(元), ...), and also a `text`
              that extraction and search read; an .eml gives none.
    children: files carried inside this one (an .eml's attachments); see
              ChildFile for how `add` will store them.

    Neither is stored yet: the readings table keeps engine, version, text,
    lines and warnings, and a reading's digest covers exactly those. When rows
    are stored it will be in a new column (a new migration) that the digest
    covers only when it is not empty, so the digest of every reading made
    before, which has none, stays what it is.
    """

    engine: str | None = None
    engine_version: str | None = None
    text: str = ""
    lines: list[OcrLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    children: list[ChildFile] = field(default_factory=list)


def as_dict(obj: Any) -> dict[str, Any]:
    return asdict(obj)

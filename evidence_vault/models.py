"""Plain records the vault hands out: no I/O, no database, no third-party imports.

Everything here is a dataclass so that the library can return data and leave
printing to the CLI (STYLE rule 6). `to_json()` methods give the shapes of the
`--json` contract in DESIGN.md; adding a key is allowed, renaming one is not.
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
    """One line of text read from an image, with its box in image pixels."""

    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    confidence: float
    page: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "box": [round(v, 1) for v in self.box],
                "confidence": round(self.confidence, 4), "page": self.page}


@dataclass
class Reading:
    """What a reader got out of one file: the text and the lines it came from."""

    engine: str | None = None
    engine_version: str | None = None
    text: str = ""
    lines: list[OcrLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def as_dict(obj: Any) -> dict[str, Any]:
    return asdict(obj)

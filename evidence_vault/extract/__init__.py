"""Field extractors: pure functions from text (and what is known about it) to fields.

`extract()` normalises the text once into a `Page` (NFKC, dashes, traditional → simplified for
label matching, OCR digit slips), runs every extractor in the registry over it, drops duplicates
and returns the fields in the order their text appears. Each family lives in its own module and is
one function from a `Page` to `Found` fields; adding one is a function, an entry in `REGISTRY`
and a test table; the roles fields carry are named once, in `roles.py`. Nothing here reads files,
a clock or the network: the capture time, the app and the file name come in through `Context`,
so the same text always gives the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from evidence_vault.extract.amounts import extract_amounts
from evidence_vault.extract.contacts import extract_contacts
from evidence_vault.extract.crosscheck import extract_checks
from evidence_vault.extract.dates import extract_dates
from evidence_vault.extract.ids import extract_ids
from evidence_vault.extract.page import Extractor, Found, Page
from evidence_vault.extract.platforms import extract_platforms
from evidence_vault.extract.promises import extract_promises
from evidence_vault.extract.rates import extract_rates
from evidence_vault.models import Field

__all__ = ["Context", "REGISTRY", "extract", "extract_found"]


@dataclass(frozen=True)
class Context:
    """What is known about the text besides the text: the claimed capture time (to place 昨天
    14:23 and 3个工作日内), the app the file name names (微信), the file name, and the `source`
    written on every field ("ocr" for a screenshot, "note" for a user's note)."""

    captured_at: datetime | None = None
    app: str | None = None
    filename: str | None = None
    source: str = "ocr"


REGISTRY: list[Extractor] = [
    extract_ids,
    extract_amounts,
    extract_rates,
    extract_dates,
    extract_contacts,
    extract_platforms,
    extract_promises,
    extract_checks,
]


def extract_found(text: str, ctx: Context | None = None) -> list[Found]:
    """Like `extract`, keeping the span of the normalised text each field was read from."""
    ctx = ctx or Context()
    page = Page(text, captured_at=ctx.captured_at, app=ctx.app, filename=ctx.filename,
                source=ctx.source)
    best: dict[tuple[str, str, str | None], Found] = {}
    first: dict[tuple[str, str, str | None], int] = {}
    for extractor in REGISTRY:
        for found in page.run(extractor):
            f = found.field
            key = (f.kind, f.value, f.role)
            first[key] = min(first.get(key, found.start), found.start)
            if key not in best or f.confidence > best[key].field.confidence:
                best[key] = found
    return sorted(best.values(), key=lambda fd: (first[(fd.field.kind, fd.field.value,
                                                        fd.field.role)], fd.end))


def extract(text: str, ctx: Context | None = None) -> list[Field]:
    """All the fields in `text`, de-duplicated (same kind, value and role) and in text order."""
    return [found.field for found in extract_found(text, ctx)]

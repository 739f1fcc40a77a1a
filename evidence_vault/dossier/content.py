"""What the vault holds about a case, as the dossier needs it: the case, its
exhibits (items and notes) with their fields, text and descriptions, and the
timeline. Facts only, no words: build.py turns them into a Dossier in the
chosen language.

Everything is asked of the Vault through what it offers (case_show, item,
note_view, timeline, store). Three questions have no home in the vault yet,
so their SQL lives here and only here, for the repository layer to take over:
a case's row id (the exhibits table is keyed by it), the stable exhibit
numbers (the exhibits table, and the time an item shows from the search
index), and an item's stored OCR readings (whose line boxes redaction reuses).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_vault import records
from evidence_vault.errors import NotFoundError


@dataclass
class Evidence:
    """One exhibit's facts: an item (ref E12) or a note (ref N3)."""

    ref: str
    number: int
    sha256: str
    blob: Path                       # the stored original, or the note's stored record
    fields: list[dict[str, Any]]     # kind, value, label, role, detail, … as `vault show` gives them
    description: dict[str, Any]      # name, purpose, group the user set with `vault describe`
    record: dict[str, Any]           # the rest, as Vault.item or Vault.note_view gives it

    @property
    def is_note(self) -> bool:
        return self.ref.startswith("N")

    @property
    def owner_id(self) -> int:
        return int(self.ref[1:])


@dataclass
class CaseContent:
    case_id: int
    slug: str
    title: str
    against: str | None
    platform: str | None
    claimant: str | None = None      # 申请人
    claim: str | None = None         # 诉求
    evidence: list[Evidence] = field(default_factory=list)   # in exhibit-number order
    missing: list[tuple[int, str]] = field(default_factory=list)  # (number, ref) gone from the store


def case(vault: Any, slug: str) -> CaseContent:
    """The case (found as every command finds it; NotFoundError if there is none)."""
    shown = vault.case_show(slug)
    return CaseContent(records.case_id(vault.db, shown["slug"]), shown["slug"], shown["title"],
                       shown["against"], shown["platform"], shown.get("claimant"),
                       shown.get("claim"))


def exhibit_numbers(conn: Any, case_id: int) -> tuple[dict[str, int], list[int]]:
    """Refs → numbers: those already exported keep theirs; new ones follow, in
    the order of the time they show (then the order they were added)."""
    members = []
    for item_id in records.cases.item_ids(conn, case_id):
        item = records.items.get(conn, item_id)
        if item is not None:  # the time it shows: the one rule the timeline and 形成时间 use
            at = records.event_time(records.fields.counting(conn, "item_id", item_id),
                                    item.captured_at or item.added_at)
            members.append((item.ref, at or "", item_id))
    for note_id in records.cases.note_ids(conn, case_id, current=True):
        note = records.notes.get(conn, note_id)
        members.append((f"N{note_id}", note.at if note else "", 10**9 + note_id))
    current = {ref for ref, _, _ in members}
    numbers = {ref: n for ref, n in records.cases.exhibit_numbers(conn, case_id).items()
               if ref in current}
    nxt = records.cases.highest_exhibit(conn, case_id) + 1
    new = []
    for ref, _, _ in sorted(members, key=lambda m: (m[1], m[2])):
        if ref not in numbers:
            numbers[ref] = nxt
            new.append(nxt)
            nxt += 1
    return numbers, new


def gather(vault: Any, content: CaseContent, numbers: dict[str, int]) -> CaseContent:
    """Fill `content` with the facts of every numbered exhibit; one whose stored
    original (or note record) is gone is listed in `missing` instead."""
    for ref, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        try:
            record = vault.item(int(ref[1:])) if ref.startswith("E") else vault.note_view(int(ref[1:]))
        except NotFoundError:
            content.missing.append((number, ref))
            continue
        blob = Path(vault.store.path(record["sha256"]))
        if not blob.is_file():
            content.missing.append((number, ref))
            continue
        content.evidence.append(Evidence(ref, number, record["sha256"], blob, record["fields"],
                                         record.get("description") or {}, record))
    return content


def timeline(vault: Any, slug: str) -> list[Any]:
    return vault.timeline(slug)


def note_record(ev: Evidence) -> bytes:
    """A note's stored record (its canonical JSON), as it goes into originals/."""
    return ev.blob.read_bytes()


@dataclass
class StoredOcr:
    """A stored OCR reading of an item's bytes: its line boxes (`vault show`'s lines: text,
    box, confidence, page) and which reading it is."""

    reading_id: int
    engine: str
    engine_version: str
    lines: list[dict[str, Any]]


#: readings that are no OCR: `--engine none`, and a PDF read from its text layer alone
NOT_OCR = ("none", "pdf-text")


def stored_ocr(vault: Any, ev: Evidence) -> StoredOcr | None:
    """The OCR reading of an item's bytes whose boxes redaction may reuse: the item's current
    reading when an engine made it, else the newest such reading of the same bytes; only one
    the custody log vouches for (a reading changed behind the log's back could hide a line).
    None when no engine has read the bytes."""
    conn = vault.db
    item = records.items.get(conn, ev.owner_id)
    if item is None:
        return None
    candidates = records.items.readings_of(conn, item.sha256)[::-1]
    candidates.sort(key=lambda r: r.id != item.reading_id)  # the current one first
    for r in candidates:
        if r.engine in NOT_OCR or not r.engine_version or not vault.states.reading_trusted(r.id):
            continue
        return StoredOcr(r.id, r.engine, r.engine_version, json.loads(r.lines))
    return None

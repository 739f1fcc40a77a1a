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

from evidence_vault import capture, imaging, records
from evidence_vault.dossier.wording import group_order
from evidence_vault.errors import NotFoundError
from evidence_vault.filetypes import kind_of


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
    medium: str = "note"             # what the file is as a picture or a file: screenshot,
    #                                  photo, image (no one can tell), pdf, scan (a PDF read by
    #                                  OCR), audio, video, other; a note's "note"
    device: str | None = None        # a screenshot's: "computer" (a desktop's screenshot name)
    lines: list[dict[str, Any]] = field(default_factory=list)  # an item's OCR line boxes

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
    promises: dict[str, str] = field(default_factory=dict)   # P4 → the ref of its exhibit
    outside: dict[str, str] = field(default_factory=dict)    # E7 → its file name: attached to a
    #                                                          note of the case, but not in it
    missing: list[tuple[int, str]] = field(default_factory=list)  # (number, ref) gone from the store


def case(vault: Any, slug: str) -> CaseContent:
    """The case (found as every command finds it; NotFoundError if there is none)."""
    shown = vault.case_show(slug)
    return CaseContent(records.case_id(vault.db, shown["slug"]), shown["slug"], shown["title"],
                       shown["against"], shown["platform"], shown.get("claimant"),
                       shown.get("claim"))


def exhibit_numbers(conn: Any, case_id: int) -> tuple[dict[str, int], list[int]]:
    """Refs → numbers: those already exported keep theirs; new ones follow in the
    order the dossier presents them (presentation_key): by 证明事项 group, the
    groups in the order group_order gives, the exhibits without one last, and
    within each in the order of the time they show (then the order they were
    added). So a first export numbers 证据1, 2, 3 … down the 证据目录."""
    members = []
    for item_id in records.cases.item_ids(conn, case_id):
        item = records.items.get(conn, item_id)
        if item is not None:  # the time it shows: the one rule the timeline and 形成时间 use
            at = records.event_time(records.fields.counting(conn, "item_id", item_id),
                                    item.captured_at or item.added_at)
            members.append((item.ref, at or "", item_id, _group(conn, "item_id", item_id)))
    for note_id in records.cases.note_ids(conn, case_id, current=True):
        note = records.notes.get(conn, note_id)
        members.append((f"N{note_id}", note.at if note else "", 10**9 + note_id,
                        _group(conn, "note_id", note_id)))
    members.sort(key=lambda m: (m[1], m[2]))
    rank = group_order([m[3] for m in members if m[3]])
    current = {m[0] for m in members}
    numbers = {ref: n for ref, n in records.cases.exhibit_numbers(conn, case_id).items()
               if ref in current}
    nxt = records.cases.highest_exhibit(conn, case_id) + 1
    new = []
    for ref, _, _, _ in sorted(members, key=lambda m: presentation_key(rank, m[3], 0)):
        if ref not in numbers:
            numbers[ref] = nxt
            new.append(nxt)
            nxt += 1
    return numbers, new


def presentation_key(rank: dict[str, int], group: str | None, number: int) -> tuple[int, int]:
    """Where an exhibit stands in the dossier, the same in the PDF, the CSV and the
    Word list: its group's rank (ungrouped last), then its number (sorted() keeps
    the time order of equal keys)."""
    return (rank.get(group, len(rank)) if group else len(rank), number)


def _group(conn: Any, column: str, owner_id: int) -> str | None:
    found = records.fields.description(conn, column, owner_id)
    return (found.to_dict().get("group") if found else None) or None


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
        ev = Evidence(ref, number, record["sha256"], blob, record["fields"],
                      record.get("description") or {}, record)
        if not ev.is_note:
            ev.medium, ev.device = medium(record, blob)
            ev.lines = records.items.lines_of_item(vault.db, ev.owner_id)
        content.evidence.append(ev)
    content.promises = promise_sources(vault, content)
    for ev in content.evidence:
        for ref in ev.record.get("attachments") or [] if ev.is_note else []:
            item = records.items.get(vault.db, int(ref[1:])) if ref not in numbers else None
            if item is not None:
                content.outside[ref] = item.filename
    return content


def medium(record: dict[str, Any], blob: Path) -> tuple[str, str | None]:
    """(medium, device) of an item, as Evidence.medium says: a picture's from its name,
    app and metadata, else from its pixels (capture.picture_origin); a PDF is a scan when
    its text had to be read by OCR."""
    mime = record["mime"]
    kind = kind_of(mime)
    candidates = (record.get("capture") or {}).get("candidates") or []
    if kind == "image":
        origin = capture.picture_origin(mime, record["filename"], record["app"], candidates,
                                        lambda: imaging.looks_photographed(blob, mime),
                                        lambda: _size(blob, mime))
        desktop = origin == "screenshot" and capture.desktop_screenshot(record["filename"],
                                                                        candidates)
        return origin or "image", "computer" if desktop else None
    if kind == "pdf":
        engine = (record.get("ocr") or {}).get("engine")
        return ("scan" if engine and engine != "pdf-text" else "pdf"), None
    return kind, None


def _size(blob: Path, mime: str) -> tuple[int, int] | None:
    """An image's pixel size from its header, or None when it cannot be read."""
    try:
        width, height = imaging.header(blob, mime)["size"]
    except (imaging.ImageError, OSError, ValueError):
        return None
    return int(width), int(height)


def promise_sources(vault: Any, content: CaseContent) -> dict[str, str]:
    """P4 → the exhibit's ref (N3, E12) that holds the promise: the timeline names the
    exhibit, not the vault's promise ref."""
    out: dict[str, str] = {}
    for ev in content.evidence:
        if ev.is_note:
            out.update({p["ref"]: ev.ref for p in ev.record.get("promises") or []})
        else:
            out.update({p.ref: ev.ref for p in records.notes.of_item(vault.db, ev.owner_id)})
    return out


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

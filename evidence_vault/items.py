"""Items once kept: showing and listing them, describing them for the dossier
(`vault describe`), reading them again (`vault reocr`), and the reading cache both
adding and re-reading use. Adding is evidence_vault.adding.

Functions take the open Vault; rows come from the repository (records).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from evidence_vault import db as dbmod
from evidence_vault import records, search
from evidence_vault.errors import NotFoundError, VaultError
from evidence_vault.models import OcrLine, Reading
from evidence_vault.when import now_iso

if TYPE_CHECKING:  # pragma: no cover
    from evidence_vault.vault import Vault


# ---- reading back ---------------------------------------------------------------------------

def listing(vault: Vault, case: str | None = None) -> list[dict[str, Any]]:
    case_id = records.case_id(vault.db, case) if case else None
    memberships = records.cases.memberships(vault.db)
    return [{"id": i.id, "ref": i.ref, "sha256": i.sha256, "filename": i.filename,
             "mime": i.mime, "size": i.size, "captured_at": i.captured_at,
             "captured_at_source": i.captured_at_source, "app": i.app, "added_at": i.added_at,
             "cases": memberships.get(i.id, [])}
            for i in records.items.listed(vault.db, case_id)]


def view(vault: Vault, item_id: int) -> dict[str, Any]:
    """Everything the vault knows of an item (`vault show`)."""
    i = records.items.get(vault.db, item_id)
    if i is None:
        raise NotFoundError(f"no item E{item_id}")
    ocr = None
    rd = records.items.reading(vault.db, i.reading_id) if i.reading_id is not None else None
    if rd:
        ocr = {"engine": rd.engine, "engine_version": rd.engine_version, "text": rd.text,
               "warnings": json.loads(rd.warnings)}
    description = records.fields.description(vault.db, "item_id", i.id)
    return {"id": i.id, "ref": i.ref, "sha256": i.sha256, "filename": i.filename,
            "mime": i.mime, "size": i.size, "added_at": i.added_at,
            "captured_at": i.captured_at, "captured_at_source": i.captured_at_source,
            "app": i.app, "app_package": i.app_package, "capture": i.capture(),
            "note": i.user_note, "cases": records.cases.of_item(vault.db, i.id), "ocr": ocr,
            "description": description.to_dict() if description else None,
            "fields": [f.to_dict() for f in records.fields.counting(vault.db, "item_id", i.id)],
            "read": records.fields.as_read(vault.db, "item_id", i.id),
            "corrections": [c.state() for c in
                            records.corrections.of_owner(vault.db, "item_id", i.id)],
            "path": str(vault.store.path(i.sha256))}


# ---- describing -----------------------------------------------------------------------------

def describe(vault: Vault, ref: str, *, name: str | None = None, purpose: str | None = None,
             group: str | None = None) -> dict[str, Any]:
    """Set an exhibit's 证据名称, 证明目的 or 证明事项 group for dossiers. An
    empty string clears one."""
    kind, id_ = records.refs.resolve(vault.db, ref)
    column = "item_id" if kind == "item" else "note_id"
    key = f"{'E' if kind == 'item' else 'N'}{id_}"
    with vault.change("describe", key) as ch:
        found = records.fields.description(vault.db, column, id_)
        current: dict[str, str | None] = found.to_dict() if found else {
            "name": None, "purpose": None, "group": None}
        for k, v in (("name", name), ("purpose", purpose), ("group", group)):
            if v is not None:
                current[k] = v.strip() or None
        records.fields.set_description(vault.db, column, id_, current)
        ch.detail.update(current)
        ch.vouch(key)
    return {"ref": key, **current}


# ---- the reading cache ----------------------------------------------------------------------

def cached_reading(vault: Vault, sha: str, engine: str, version: str) -> Reading | None:
    """A reading of these bytes by this engine version that the custody log
    vouches for (integrity.States.reading_trusted), else None: the file is read again."""
    row = records.items.find_reading(vault.db, sha, engine, version)
    if row is None or not vault.states.reading_trusted(row.id):
        return None
    lines = [OcrLine(d["text"], tuple(d["box"]), d["confidence"], d.get("page", 0))
             for d in json.loads(row.lines)]
    return Reading(engine, version, row.text, lines, json.loads(row.warnings))


def save_reading(vault: Vault, sha: str, reading: Reading, now: str) -> int:
    """Inside a write transaction: the id of the stored reading of `sha` by this
    engine version. A vouched one is reused; one the log does not vouch for is
    overwritten with `reading`. The caller vouches for the result in the entry it
    appends: through the item's digest, or with the reading's own (R<id>)."""
    engine, version = reading.engine or "none", reading.engine_version or ""
    text = reading.text
    lines = json.dumps([ln.to_json() for ln in reading.lines], ensure_ascii=False)
    warnings = json.dumps(reading.warnings, ensure_ascii=False)
    row = records.items.find_reading(vault.db, sha, engine, version)
    if row and vault.states.reading_trusted(row.id):
        return row.id
    if row:
        records.items.replace_reading(vault.db, row.id, text, lines, warnings, now)
        return row.id
    return records.items.insert_reading(vault.db, sha, engine, version, text, lines, warnings,
                                        now)


# ---- re-reading -----------------------------------------------------------------------------

def reocr(vault: Vault, refs: list[str] | None = None, *, engine: str | None = None,
          jobs: int | None = None,
          progress: Callable[[str, int, int], None] | None = None) -> list[dict[str, Any]]:
    """Read items again (all of them when `refs` is None) with `engine`,
    reusing a cached reading of the same bytes by the same engine version,
    and replace their fields. The originals are untouched; each change is
    logged with the item's new digest."""
    from evidence_vault import ingest, pipeline

    db = vault.db
    dbmod.require_writable(db)  # before any reading is done for nothing
    chosen = ingest.choose_engine(engine or vault.default_engine())
    if chosen.missing:
        raise VaultError(f"cannot read with {chosen.name}: {chosen.missing}")
    engine, version = chosen.name, chosen.version
    ids = ([records.refs.item_id(db, r) for r in refs] if refs is not None
           else records.items.ids(db))
    found = [records.items.get(db, i) for i in ids]
    # With --engine none only what needs no OCR (a PDF's text layer) is read again:
    # an image's reading and fields are never replaced by an empty one.
    rows = [r for r in found if r is not None and ingest.readable(r.mime, chosen)]
    sources = [ingest.Source(r.sha256, vault.store.path(r.sha256), r.mime, r.filename,
                             r.captured_at, r.app) for r in rows]
    workers = jobs if jobs and jobs > 0 else pipeline.default_jobs()
    context = pipeline.pool_context() if workers > 1 else None  # checked before any work
    out = []
    results = ingest.read_all(sources, chosen, workers=workers, context=context,
                              cached=lambda *k: cached_reading(vault, *k))
    for n, (row, result) in enumerate(zip(rows, results, strict=True), 1):
        assert result is not None and result.reading is not None  # readable() said so
        reading, fields = result.reading, result.fields
        with vault.change("reocr", row.ref, {
                "engine": engine, "engine_version": version, "cached": result.cached,
                "fields": len(fields)}) as ch:
            current = records.items.get(db, row.id)
            before = current.reading_id if current else None
            had = len(records.fields.of_owner(db, "item_id", row.id))
            if before is not None and not vault.states.reading_trusted(before):
                before = None  # never vouch for a reading the log did not
            reading_id = save_reading(vault, row.sha256, reading, now_iso())
            records.items.set_reading(db, row.id, reading_id)
            records.fields.delete_of(db, "item_id", row.id)
            records.fields.save(db, fields, item_id=row.id)
            sync_promises(vault, ch, row.id)
            search.index_item(db, row.id)
            # The reading set aside stays a vouched cache entry under its own key.
            kept = sorted({reading_id} | ({before} if before is not None else set()))
            ch.vouch(*(f"R{r}" for r in kept), row.ref)
        warnings = list(reading.warnings)
        if len(fields) < had:
            number = _reading_number(vault, row.sha256, before) if before is not None else None
            back = f"; `vault reading use {row.ref} {number}` takes it back" if number else ""
            warnings.append(f"{len(fields)} fields where the reading it replaces gave {had}"
                            f"{back}")
        out.append({"ref": row.ref, "engine": engine, "engine_version": version,
                    "cached": result.cached, "fields": len(fields), "fields_before": had,
                    "chars": len(reading.text), "warnings": warnings})
        if progress:
            progress(row.ref, n, len(rows))
    return out


# ---- choosing a reading -----------------------------------------------------------------------

def _reading_number(vault: Vault, sha: str, reading_id: int) -> int | None:
    ids = [r.id for r in records.items.readings_of(vault.db, sha)]
    return ids.index(reading_id) + 1 if reading_id in ids else None


def _source(vault: Vault, item: records.items.Item) -> Any:
    from evidence_vault import ingest

    return ingest.Source(item.sha256, vault.store.path(item.sha256), item.mime, item.filename,
                         item.captured_at, item.app)


def _as_reading(row: records.items.StoredReading) -> Reading:
    lines = [OcrLine(d["text"], tuple(d["box"]), d["confidence"], d.get("page", 0))
             for d in json.loads(row.lines)]
    return Reading(row.engine, row.engine_version, row.text, lines, json.loads(row.warnings))


def readings(vault: Vault, ref: str) -> dict[str, Any]:
    """Every reading kept of an item's bytes, numbered, with the one it uses."""
    from evidence_vault import ingest

    item = records.items.get(vault.db, records.refs.item_id(vault.db, ref))
    assert item is not None
    out = []
    for n, row in enumerate(records.items.readings_of(vault.db, item.sha256), 1):
        trusted = vault.states.reading_trusted(row.id)
        fields = ingest.fields_of(_as_reading(row), _source(vault, item)) if trusted else []
        out.append({"n": n, "engine": row.engine, "engine_version": row.engine_version,
                    "created_at": row.created_at, "chars": len(row.text),
                    "fields": len(fields), "used": row.id == item.reading_id,
                    "trusted": trusted})
    return {"ref": item.ref, "readings": out}


def use_reading(vault: Vault, ref: str, n: int) -> dict[str, Any]:
    """Make the item use its n-th reading (`vault reading list`): its fields are extracted
    from it again; the user's corrections still apply over them."""
    from evidence_vault import ingest

    item_id = records.refs.item_id(vault.db, ref)
    item = records.items.get(vault.db, item_id)
    assert item is not None
    kept = records.items.readings_of(vault.db, item.sha256)
    if not 1 <= n <= len(kept):
        raise NotFoundError(f"{item.ref} has no reading {n}; `vault reading list {item.ref}` "
                            f"numbers its {len(kept)}")
    row = kept[n - 1]
    if not vault.states.reading_trusted(row.id):
        raise VaultError(f"reading {n} of {item.ref} is not vouched for by the custody log "
                         "(it was written behind the vault's back) and cannot be used")
    if row.id == item.reading_id:
        return readings(vault, item.ref)
    fields = ingest.fields_of(_as_reading(row), _source(vault, item))
    with vault.change("reading-use", item.ref, {"reading": n, "engine": row.engine,
                                                 "engine_version": row.engine_version,
                                                 "fields": len(fields)}) as ch:
        before = item.reading_id
        records.items.set_reading(vault.db, item_id, row.id)
        records.fields.delete_of(vault.db, "item_id", item_id)
        records.fields.save(vault.db, fields, item_id=item_id)
        sync_promises(vault, ch, item_id)
        search.index_item(vault.db, item_id)
        kept_ids = sorted({row.id} | ({before} if before is not None else set()))
        ch.vouch(*(f"R{r}" for r in kept_ids), item.ref)
    return readings(vault, item.ref)


# ---- promises read from an item ---------------------------------------------------------------

def sync_promises(vault: Vault, ch: Any, item_id: int) -> list[int]:
    """Inside a change: a promise (P ref) for every promise the item's fields that count
    hold and that it has none for yet (by its text), due when the extractor counted it
    from the time the item was made. A promise once made is kept (the user may have
    marked it), even when a later reading no longer finds it."""
    have = {p.text for p in records.notes.of_item(vault.db, item_id)}
    made = []
    for f in records.fields.counting(vault.db, "item_id", item_id):
        if f.kind == "promise" and f.value not in have:
            due = json.loads(f.detail).get("due")
            made.append(records.notes.insert_item_promise(vault.db, item_id, f.value, due,
                                                          now_iso()))
            have.add(f.value)
    ch.vouch(*(f"P{p}" for p in made))
    return made


def backfill_promises(vault: Vault, ch: Any) -> int:
    """Inside a change, once, on a vault made before promises read from items got rows
    of their own: give each its promise. Returns how many were made."""
    made = []
    for item_id in records.items.ids(vault.db):
        made += sync_promises(vault, ch, item_id)
    ch.detail.update({"promises": [f"P{p}" for p in made], "why": "read from items"})
    return len(made)

"""Notes and promises: what the user recorded of calls, chats, e-mails and visits
(`vault note`), the promises made in them (`vault due`, `vault promise`) and the
case's timeline.

A note is evidence too: its canonical JSON is stored as an object like any
original, so it is hashed and verifiable. Functions take the open Vault.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence_vault import cases, records, search
from evidence_vault import db as dbmod
from evidence_vault.errors import InvalidInputError, NotFoundError
from evidence_vault.identity import canonical_json, sha256_json
from evidence_vault.models import Field
from evidence_vault.when import now_iso, parse_user_date, parse_user_datetime

if TYPE_CHECKING:  # pragma: no cover
    from evidence_vault.integrity import Change
    from evidence_vault.vault import Vault

CHANNELS = ("phone", "chat", "email", "sms", "visit", "other")


def record(vault: Vault, *, case: str, channel: str, at: str, text: str,
           with_whom: str | None = None, ticket: str | None = None, promise: str | None = None,
           due: str | None = None, attach: list[str] | None = None) -> dict[str, Any]:
    """Record a call, chat, email, SMS or visit.

    A note is identified by what it says (channel, time, who, ticket, text,
    attachments, promises), not by when it was typed in: recording the same
    note again returns the one already recorded (with `already_recorded`),
    linking it to `case` if it was not in it yet.

    Order, so that a crash leaves nothing verify calls tampering:
    1. a marker tmp/note-<key> holding the note's created_at (key: the
       hash of the note without it); 2. the note's record in objects/;
    3. one transaction: the rows and the custody entry; 4. the marker goes.
    Killed after 2, the record is a blob no note owns yet ("in flight");
    running the same `vault note` again finds the marker, rebuilds the very
    same bytes and adopts the record instead of leaving it behind."""
    slug = cases.check_slug(case)
    if channel not in CHANNELS:
        raise InvalidInputError(
            f"unknown channel {channel!r}; choose one of: {', '.join(CHANNELS)}")
    text = (text or "").strip()
    if not text:
        raise InvalidInputError("a note needs its text: what was said or done")
    at_iso = parse_user_datetime(at, what="--at time")
    if due and not promise:
        raise InvalidInputError("--due goes with --promise: what was promised by that date")
    due_iso = parse_user_date(due, what="--due date") if due else None
    if due_iso and due_iso < at_iso[:10]:
        raise InvalidInputError(
            f"--due {due_iso} is before the note's own date {at_iso[:10]}: a promise cannot "
            "be due before it was made; check --due and --at")
    attach_ids = [records.refs.item_id(vault.db, r) for r in (attach or [])]
    from evidence_vault import pipeline

    note_fields = pipeline.extract_fields(
        "\n".join(t for t in (text, with_whom, ticket, promise) if t),
        captured_at=at_iso if "T" in at_iso else None, app=None, filename=None,
        source="note")
    content = {"type": "note", "channel": channel, "at": at_iso, "with": with_whom,
               "ticket": ticket, "text": text, "created_at": None,
               "attachments": sorted(set(records.items.shas_of(vault.db, attach_ids))),
               "promises": [{"text": promise, "due": due_iso}] if promise else []}
    key = sha256_json(content)  # the note without the time it was typed in
    marker = vault.store.tmp / f"note-{key}"

    existing = _same_note(vault, content)
    if existing is not None:
        return _again(vault, existing, slug, marker)
    dbmod.require_writable(vault.db)  # before anything is written
    try:
        content["created_at"] = _marker(vault, marker)
        sha = vault.store.put_bytes(canonical_json(content))
    except OSError as e:
        error = dbmod.translate(vault.db, e)
        if error is None:
            raise
        raise error from None
    note_id: int | None = None
    try:
        with vault.change("note") as ch:
            existing = _same_note(vault, content)
            if existing is not None:  # another process recorded it meanwhile
                ch.skip()
                if records.notes.by_sha(vault.db, sha) is None:
                    with contextlib.suppress(OSError):  # our copy: unowned, never to be
                        vault.store.path(sha).unlink()
            else:
                note_id = _insert(vault, ch, content, sha, slug, attach_ids, note_fields)
    except OSError as e:  # committed; only HEAD, after the commit, could not follow
        error = dbmod.translate(vault.db, e) if note_id is not None else None
        if error is None:
            raise
        raise type(error)(
            f"noted N{note_id}, but the vault's HEAD file could not be updated "
            f"({e.strerror}); the next change to the vault updates it") from None
    if existing is not None:
        return _again(vault, existing, slug, marker)
    assert note_id is not None  # no same note was there, so _insert gave this one its id
    with contextlib.suppress(OSError):
        marker.unlink()
    return {**view(vault, note_id), "already_recorded": False}


def _marker(vault: Vault, marker: Path) -> str:
    """The created_at of an earlier, interrupted attempt at this very note
    (so that its stored record is adopted), else now, written down first."""
    try:
        earlier = marker.read_text(encoding="utf-8").strip()
        parse_user_datetime(earlier[:19])
        return earlier
    except (OSError, UnicodeDecodeError, InvalidInputError):
        pass
    now = now_iso()
    vault.store.ensure()
    fd, tmp = tempfile.mkstemp(dir=vault.store.tmp, prefix=".note-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(now + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, marker)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return now


def _same_note(vault: Vault, content: dict[str, Any]) -> int | None:
    """The note already recorded with exactly this content (created_at aside)."""
    wanted = {k: v for k, v in content.items() if k != "created_at"}
    for note_id in records.notes.same_content(vault.db, content["channel"], content["at"],
                                              content["text"], content["with"],
                                              content["ticket"]):
        have = vault.states.note_content(note_id)
        have.pop("created_at")
        if have == wanted:
            return int(note_id)
    return None


def _again(vault: Vault, note_id: int, slug: str, marker: Path) -> dict[str, Any]:
    """The same note recorded again: link it to `slug` if it is new there."""
    if slug not in records.cases.of_note(vault.db, note_id):
        cases.link_note(vault, note_id, slug)
    if not vault.read_only:
        with contextlib.suppress(OSError):
            marker.unlink()
    return {**view(vault, note_id), "already_recorded": True}


def _insert(vault: Vault, ch: Change, content: dict[str, Any], sha: str, slug: str,
            attach_ids: list[int], note_fields: list[Field]) -> int:
    """Inside the change `ch`: the note's rows, its promise, and what its entry says."""
    db = vault.db
    case_id, _ = cases.ensure(vault, slug)
    note_id = records.notes.insert(db, sha256=sha, channel=content["channel"], at=content["at"],
                                   with_whom=content["with"], ticket=content["ticket"],
                                   text=content["text"], created_at=content["created_at"])
    records.fields.save(db, note_fields, note_id=note_id)
    records.notes.attach(db, note_id, attach_ids)
    records.cases.link_note(db, case_id, note_id)
    ch.ref = f"N{note_id}"
    ch.vouch(f"N{note_id}", f"C:{slug}")
    for p in content["promises"]:
        pid = records.notes.insert_promise(db, note_id, p["text"], p["due"], content["created_at"])
        ch.vouch(f"P{pid}")
    search.index_note(db, note_id)
    ch.detail.update({"sha256": sha, "case": slug, "channel": content["channel"]})
    return note_id


def view(vault: Vault, note_id: int) -> dict[str, Any]:
    from evidence_vault.followup import effective_status

    n = records.notes.get(vault.db, note_id)
    if n is None:
        raise NotFoundError(f"no note N{note_id}")
    description = records.fields.description(vault.db, "note_id", n.id)
    return {"id": n.id, "ref": n.ref, "kind": "note", "sha256": n.sha256, "channel": n.channel,
            "at": n.at, "with": n.with_whom, "ticket": n.ticket, "text": n.text,
            "created_at": n.created_at, "cases": records.cases.of_note(vault.db, n.id),
            "attachments": [f"E{i}" for i in records.notes.attachments(vault.db, n.id)],
            "promises": [{"ref": p.ref, "text": p.text, "due": p.due,
                          "status": effective_status(p.status, p.due)}
                         for p in records.notes.promises_of(vault.db, n.id)],
            "fields": [f.to_dict() for f in records.fields.counting(vault.db, "note_id", n.id)],
            "read": records.fields.as_read(vault.db, "note_id", n.id),
            "description": description.to_dict() if description else None}


def set_promise(vault: Vault, ref: str, status: str) -> dict[str, Any]:
    from evidence_vault import followup

    followup.check_status(status)
    m = re.fullmatch(r"[Pp](\d+)", (ref or "").strip())
    if not m:
        raise InvalidInputError(f"{ref!r} is not a promise; promises are P1, P2 … "
                                "(`vault due` lists them)")
    pid = int(m.group(1))
    with vault.change("promise", f"P{pid}", {"status": status}) as ch:
        if not records.notes.set_promise_status(vault.db, pid, status):
            raise NotFoundError(f"no promise P{pid}; `vault due` lists them")
        ch.vouch(f"P{pid}")
    return next(p for p in followup.promises(vault.db) if p["ref"] == f"P{pid}")

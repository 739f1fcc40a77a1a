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
    linking it to `case` if it was not in it yet."""
    slug = cases.check_slug(case)
    content, attach_ids = _content(vault, channel=channel, at=at, text=text,
                                   with_whom=with_whom, ticket=ticket, promise=promise, due=due,
                                   attach=attach or [])
    made: list[str] = []
    shown = _store(vault, content, [slug], attach_ids, made=made)
    said = cases.created(vault, made[0]) if made else {"created_case": None,
                                                       "did_you_mean": None}
    return {**shown, **said}


def _content(vault: Vault, *, channel: str, at: str, text: str, with_whom: str | None,
             ticket: str | None, promise: str | None, due: str | None,
             attach: list[str]) -> tuple[dict[str, Any], list[int]]:
    """The note's record (created_at still None) from what the user typed, checked."""
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
    if promise and not due_iso:  # 7个工作日内退还: due counted from when it was promised
        due_iso = _due_of(promise, at_iso)
    attach_ids = [records.refs.item_id(vault.db, r) for r in attach]
    content = {"type": "note", "channel": channel, "at": at_iso, "with": with_whom,
               "ticket": ticket, "text": text, "created_at": None,
               "attachments": sorted(set(records.items.shas_of(vault.db, attach_ids))),
               "promises": [{"text": promise, "due": due_iso}] if promise else []}
    return content, attach_ids


def _due_of(promise: str, at_iso: str) -> str | None:
    """The due date a promise's own words give, counted from the note's time (working
    days by the Chinese calendar); None when it names no time."""
    from evidence_vault import pipeline

    found = [f for f in pipeline.extract_fields(promise, captured_at=at_iso if "T" in at_iso
                                                else at_iso + "T00:00:00",
                                                app=None, filename=None, source="note")
             if f.kind == "promise" and f.detail.get("due")]
    return str(found[0].detail["due"]) if found else None


def _store(vault: Vault, content: dict[str, Any], slugs: list[str], attach_ids: list[int], *,
           amends: int | None = None, reason: str | None = None,
           made: list[str] | None = None) -> dict[str, Any]:
    """Store a note's record and rows, in an order a crash cannot make look like tampering:
    1. a marker tmp/note-<key> holding the note's created_at (key: the hash of the note
    without it); 2. the note's record in objects/; 3. one transaction: the rows and the
    custody entry; 4. the marker goes. Killed after 2, the record is a blob no note owns
    yet ("in flight"); running the same command again finds the marker, rebuilds the very
    same bytes and adopts the record instead of leaving it behind."""
    from evidence_vault import pipeline

    at_iso = content["at"]
    note_fields = pipeline.extract_fields(
        "\n".join(t for t in (content["text"], content["with"], content["ticket"],
                              *[p["text"] for p in content["promises"]]) if t),
        captured_at=at_iso if "T" in at_iso else None, app=None, filename=None,
        source="note")
    key = sha256_json(content)  # the note without the time it was typed in
    marker = vault.store.tmp / f"note-{key}"

    made = made if made is not None else []
    existing = _same_note(vault, content)
    if existing is not None:
        return _again(vault, existing, slugs, marker, made)
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
        with vault.change("note-amend" if amends is not None else "note") as ch:
            existing = _same_note(vault, content)
            if existing is not None:  # another process recorded it meanwhile
                ch.skip()
                if records.notes.by_sha(vault.db, sha) is None:
                    with contextlib.suppress(OSError):  # our copy: unowned, never to be
                        vault.store.path(sha).unlink()
            else:
                note_id = _insert(vault, ch, content, sha, slugs, attach_ids, note_fields, made)
                if amends is not None:
                    records.notes.add_change(vault.db, amends, "amended", content["created_at"],
                                             by_note_id=note_id, reason=reason)
                    ch.vouch(f"N{amends}")
                    ch.detail.update({"amends": f"N{amends}", "reason": reason})
    except OSError as e:  # committed; only HEAD, after the commit, could not follow
        error = dbmod.translate(vault.db, e) if note_id is not None else None
        if error is None:
            raise
        raise type(error)(
            f"noted N{note_id}, but the vault's HEAD file could not be updated "
            f"({e.strerror}); the next change to the vault updates it") from None
    if existing is not None:
        return _again(vault, existing, slugs, marker, made)
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


def _again(vault: Vault, note_id: int, slugs: list[str], marker: Path,
           made: list[str]) -> dict[str, Any]:
    """The same note recorded again: link it to the cases it is not in yet."""
    for slug in slugs:
        if slug not in records.cases.of_note(vault.db, note_id) and cases.link_note(
                vault, note_id, slug):
            made.append(slug)
    if not vault.read_only:
        with contextlib.suppress(OSError):
            marker.unlink()
    return {**view(vault, note_id), "already_recorded": True}


def _insert(vault: Vault, ch: Change, content: dict[str, Any], sha: str, slugs: list[str],
            attach_ids: list[int], note_fields: list[Field], made: list[str]) -> int:
    """Inside the change `ch`: the note's rows, its promise, and what its entry says."""
    db = vault.db
    note_id = records.notes.insert(db, sha256=sha, channel=content["channel"], at=content["at"],
                                   with_whom=content["with"], ticket=content["ticket"],
                                   text=content["text"], created_at=content["created_at"])
    records.fields.save(db, note_fields, note_id=note_id)
    records.notes.attach(db, note_id, attach_ids)
    for slug in slugs:
        case_id, created = cases.ensure(vault, slug)
        records.cases.link_note(db, case_id, note_id)
        if created:
            made.append(slug)
    ch.ref = f"N{note_id}"
    ch.vouch(f"N{note_id}", *(f"C:{slug}" for slug in slugs))
    for p in content["promises"]:
        pid = records.notes.insert_promise(db, note_id, p["text"], p["due"], content["created_at"])
        ch.vouch(f"P{pid}")
    search.index_note(db, note_id)
    ch.detail.update({"sha256": sha, "case": slugs[0] if len(slugs) == 1 else slugs,
                      "channel": content["channel"]})
    return note_id


def _note_id(vault: Vault, ref: str) -> int:
    kind, id_ = records.refs.resolve(vault.db, ref)
    if kind != "note":
        raise InvalidInputError(f"{ref!r} is an item, not a note; notes are N1, N2 …")
    return id_


def _current(vault: Vault, note_id: int) -> None:
    """Refuse to change a note that is no longer current, naming what replaced it."""
    for c in records.notes.changes_of(vault.db, note_id):
        if c.action == "amended":
            raise InvalidInputError(f"N{note_id} was amended by N{c.by_note_id}: change that "
                                    f"one (`vault show N{c.by_note_id}`)")
        raise InvalidInputError(f"N{note_id} is void ({c.reason}); it can no longer change")


def amend(vault: Vault, ref: str, *, text: str | None = None, channel: str | None = None,
          at: str | None = None, with_whom: str | None = None, ticket: str | None = None,
          promise: str | None = None, due: str | None = None, attach: list[str] | None = None,
          reason: str | None = None) -> dict[str, Any]:
    """A new version of a note: what is not given is the old one's. The old note stays
    in the vault, the log and `show`, marked amended by the new one, which takes its
    place in its cases; only the new one counts in the timeline, due and the dossier."""
    note_id = _note_id(vault, ref)
    _current(vault, note_id)
    old = vault.states.note_content(note_id)
    old_note = records.notes.get(vault.db, note_id)
    assert old_note is not None
    old_promise = old["promises"][0] if old["promises"] else None
    if promise is None and old_promise:
        promise = old_promise["text"]
        due = due or old_promise["due"]
    attach_refs = attach if attach is not None else [
        f"E{i}" for i in records.notes.attachments(vault.db, note_id)]
    content, attach_ids = _content(
        vault, channel=channel or old["channel"], at=at or old["at"].replace("T", " "),
        text=text if text is not None else old["text"],
        with_whom=with_whom if with_whom is not None else old["with"],
        ticket=ticket if ticket is not None else old["ticket"],
        promise=promise or None, due=due, attach=attach_refs)
    content["amends"] = old_note.sha256
    same = {k: v for k, v in content.items() if k not in ("created_at", "amends")}
    if same == {k: v for k, v in old.items() if k not in ("created_at", "amends")}:
        raise InvalidInputError(f"the amendment of N{note_id} changes nothing: give the new "
                                "text or a new --at, --with, --ticket, --channel, --promise")
    slugs = records.cases.of_note(vault.db, note_id)
    shown = _store(vault, content, slugs, attach_ids, amends=note_id, reason=reason)
    return {**shown, "amends": f"N{note_id}"}


def void(vault: Vault, ref: str, *, reason: str) -> dict[str, Any]:
    """Take a note back: out of the timeline, due and the dossier; still in the vault,
    the log and `show`, with the reason."""
    note_id = _note_id(vault, ref)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInputError("say why the note is void: --reason TEXT")
    _current(vault, note_id)
    with vault.change("note-void", f"N{note_id}", {"reason": reason}) as ch:
        records.notes.add_change(vault.db, note_id, "void", now_iso(), reason=reason)
        search.index_note(vault.db, note_id)
        ch.vouch(f"N{note_id}")
    return view(vault, note_id)


def view(vault: Vault, note_id: int) -> dict[str, Any]:
    from evidence_vault.followup import effective_status

    n = records.notes.get(vault.db, note_id)
    if n is None:
        raise NotFoundError(f"no note N{note_id}")
    description = records.fields.description(vault.db, "note_id", n.id)
    promises = records.notes.promises_of(vault.db, n.id)
    return {"id": n.id, "ref": n.ref, "kind": "note", "sha256": n.sha256, "channel": n.channel,
            "at": n.at, "with": n.with_whom, "ticket": n.ticket, "text": n.text,
            "created_at": n.created_at, "cases": records.cases.of_note(vault.db, n.id),
            "attachments": [f"E{i}" for i in records.notes.attachments(vault.db, n.id)],
            "promises": [{"ref": p.ref, "text": p.text, "due": p.due,
                          "status": effective_status(p.status, p.due)}
                         for p in promises],
            "status": _status(vault, n.id), **_versions(vault, n.id),
            "fields": _fields(vault, n.id, promises),
            "read": records.fields.as_read(vault.db, "note_id", n.id),
            "description": description.to_dict() if description else None}


def _fields(vault: Vault, note_id: int, promises: list[Any]) -> list[dict[str, Any]]:
    """The note's fields; a promise the user recorded with its due date gives that date to
    the promise read from the note's words (which counts its own from the note's time), so
    the dossier never states two due dates for one promise."""
    due_of = {p.text: p.due for p in promises if p.due}
    fields = [f.to_dict() for f in records.fields.counting(vault.db, "note_id", note_id)]
    for f in fields:
        due = due_of.get(f["value"]) if f["kind"] == "promise" else None
        detail = f.get("detail") or {}
        if due and detail.get("due") != due:
            f["detail"] = {**detail, "due": due, "basis": "user"}
    return fields


def _status(vault: Vault, note_id: int) -> str:
    changes = records.notes.changes_of(vault.db, note_id)
    return changes[-1].action if changes else "current"


def _versions(vault: Vault, note_id: int) -> dict[str, Any]:
    """The note it amends and the one that amended it, and why it is void."""
    out: dict[str, Any] = {}
    amended = records.notes.amends(vault.db, note_id)
    if amended is not None:
        out["amends"] = f"N{amended}"
    for c in records.notes.changes_of(vault.db, note_id):
        if c.action == "amended":
            out["amended_by"] = f"N{c.by_note_id}"
        if c.reason:
            out["reason"] = c.reason
    return out


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

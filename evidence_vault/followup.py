"""A case in time order, and the promises in it.

The timeline puts a case's items, notes and promises on one time axis: an
item at the time of the payment or order it shows (else when it was
captured), a note when the call or chat happened, a promise at its due date.

A promise is open until its due date passes. The user marks it kept (or
broken) with `vault promise`; one still unmarked after its due date is
broken: had it been kept, the user would say so. A promise read from a
screenshot (a `promise` field) is shown the same way, with the due date the
extractor counted.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from evidence_vault import records
from evidence_vault.dossier.wording import ZH  # the timeline's words: the dossier's, in Chinese
from evidence_vault.errors import InvalidInputError

STATUSES = ("open", "kept", "broken")


def effective_status(stored: str, due: str | None, today: date | None = None) -> str:
    if stored in ("kept", "broken"):
        return stored
    today = today or date.today()
    if due and due[:10] < today.isoformat():
        return "broken"
    return "open"


@dataclass
class Event:
    at: str
    kind: str  # payment | item | note | promise
    ref: str
    text: str
    status: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at, "kind": self.kind, "ref": self.ref, "text": self.text,
                "status": self.status}


def money(value: str) -> str:
    try:
        return f"¥{float(value):,.2f}"
    except ValueError:
        return value


def fields_of(conn: sqlite3.Connection, column: str, owner: int) -> list[dict[str, Any]]:
    return [{"kind": r[0], "value": r[1], "label": r[2], "role": r[3], "detail": json.loads(r[4])}
            for r in conn.execute(
                f"SELECT kind, value, label, role, detail FROM fields WHERE {column} = ? "
                "ORDER BY id", (owner,))]


def _item_event(conn: sqlite3.Connection, item_id: int) -> tuple[list[Event], list[Event]]:
    filename, captured_at, added_at = conn.execute(
        "SELECT filename, captured_at, added_at FROM items WHERE id = ?", (item_id,)).fetchone()
    fields = fields_of(conn, "item_id", item_id)
    ref = f"E{item_id}"
    ids = [f for f in fields if f["kind"].endswith("_no")]
    paid = [f for f in fields if f["kind"] == "amount" and f["role"] in ("paid", "refund")]
    events: list[Event] = []
    at = records.event_time(fields)
    if paid and at:
        verb = ZH["verb_refund"] if paid[0]["role"] == "refund" else ZH["verb_payment"]
        label = ids[0]["label"] or ZH.get(f"idlabel_{ids[0]['kind']}", ZH["id_fallback"]) if ids else ""
        key = f" {label} {ids[0]['value']}" if ids else ""
        text = f"{verb} {money(paid[0]['value'])}{key}"
        events.append(Event(at, "payment", ref, text))
    else:
        events.append(Event(at or captured_at or added_at[:19], "item", ref, filename))
    promises = []
    for f in fields:
        if f["kind"] == "promise":
            due = f["detail"].get("due")
            promises.append(Event(due or captured_at or added_at[:19], "promise", ref,
                                  f["value"], effective_status("open", due)))
    return events, promises


def timeline(conn: sqlite3.Connection, slug: str) -> list[Event]:
    case_id = records.case_id(conn, slug)
    events: list[Event] = []
    for (item_id,) in conn.execute(
            "SELECT item_id FROM case_items WHERE case_id = ? ORDER BY item_id", (case_id,)):
        evs, proms = _item_event(conn, item_id)
        events += evs + proms
    for note_id, at, channel, with_whom, text in conn.execute(
            "SELECT n.id, n.at, n.channel, n.with_whom, n.text FROM case_notes cn "
            "JOIN notes n ON n.id = cn.note_id WHERE cn.case_id = ? ORDER BY n.id", (case_id,)):
        who = ZH("note_with", with_=with_whom) if with_whom else ""
        events.append(Event(at, "note", f"N{note_id}",
                            ZH("note_event", channel=ZH.get(f"channel_{channel}", channel), who=who,
                               text=text)))
        for pid, ptext, due, status in conn.execute(
                "SELECT id, text, due, status FROM promises WHERE note_id = ? ORDER BY id",
                (note_id,)):
            events.append(Event(due or at, "promise", f"P{pid}", ptext,
                                effective_status(status, due)))
    order = {"payment": 0, "item": 1, "note": 2, "promise": 3}
    events.sort(key=lambda e: (e.at or "", order.get(e.kind, 9), e.ref))
    return events


def promises(conn: sqlite3.Connection, slug: str | None = None) -> list[dict[str, Any]]:
    """Promises recorded in notes, with their effective status."""
    sql = ("SELECT p.id, p.text, p.due, p.status, p.note_id, c.slug FROM promises p "
           "JOIN case_notes cn ON cn.note_id = p.note_id JOIN cases c ON c.id = cn.case_id")
    params: tuple = ()
    if slug:
        sql += " WHERE c.id = ?"
        params = (records.case_id(conn, slug),)
    sql += " ORDER BY p.due IS NULL, p.due, p.id"
    return [{"ref": f"P{r[0]}", "text": r[1], "due": r[2],
             "status": effective_status(r[3], r[2]), "source": f"N{r[4]}", "case": r[5]}
            for r in conn.execute(sql, params)]


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInputError(f"a promise is {', '.join(STATUSES)}, not {status!r}")
    return status

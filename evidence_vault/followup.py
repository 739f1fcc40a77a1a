"""A case in time order, and the promises in it.

The timeline puts a case's items, notes and promises on one time axis: an
item at the time of the payment or order it shows (else when it was
captured), a note when the call or chat happened, a promise at its due date.

A promise is open until its due date passes. The user marks it kept (or
broken) with `vault promise`; one still unmarked after its due date is
broken: had it been kept, the user would say so. A promise read from a
screenshot (a `promise` field) becomes a promise like a note's (a P ref, marked
the same way), with the due date the extractor counted from when it was made.
"""

from __future__ import annotations

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


#: the money events a timeline shows: an amount of this role, at a date of these roles
MONEY_EVENTS = (("paid", ("payment", "order")), ("refund", ("refund",)),
                ("disbursed", ("loan",)), ("principal", ("loan",)),
                ("repaid", ("payment",)), ("received", ("receive", "payment")))


def _sure(f: records.fields.FieldRow) -> bool:
    from evidence_vault.extract.roles import ROLE_CONFIDENT

    return f.source == "user" or f.confirmed or f.confidence >= ROLE_CONFIDENT


def _item_event(conn: sqlite3.Connection, item_id: int) -> tuple[list[Event], list[Event]]:
    """An item's events: each sure amount at the time the evidence gives for its own
    role (a refund at the refund time, a loan at its disbursement), else the item at
    its event time or capture time; and the promises read from it."""
    item = records.items.get(conn, item_id)
    assert item is not None  # the case's own list named it
    fields = records.fields.counting(conn, "item_id", item_id)
    fallback = item.captured_at or item.added_at[:19]
    ids = [f for f in fields if f.kind.endswith("_no")]
    label = (ids[0].label or ZH.get(f"idlabel_{ids[0].kind}", ZH["id_fallback"])) if ids else ""
    key = f" {label} {ids[0].value}" if ids else ""
    dates = [f for f in fields if f.kind in ("datetime", "date") and f.value]
    events: list[Event] = []
    taken: set[str] = set()
    for role, date_roles in MONEY_EVENTS:
        amount = next((f for f in fields if f.kind == "amount" and f.role == role
                       and _sure(f)), None)
        if amount is None or (role == "principal" and "disbursed" in taken):
            continue
        at = next((d.value for r in date_roles for d in dates if d.role == r), None)
        if at is None and not events:
            at = records.event_time(fields)
        if at is None:
            continue
        verb = ZH.get(f"verb_{role}", ZH.get(f"role_{role}", role))
        events.append(Event(at, "payment", item.ref, f"{verb} {money(amount.value)}{key}"))
        taken.add(role)
    if not events:
        events.append(Event(records.event_time(fields) or fallback, "item", item.ref,
                            item.filename))
    promises = [Event(p.due or fallback, "promise", p.ref, p.text,
                      effective_status(p.status, p.due))
                for p in records.notes.of_item(conn, item_id)]
    return events, promises


def timeline(conn: sqlite3.Connection, slug: str) -> list[Event]:
    case_id = records.case_id(conn, slug)
    events: list[Event] = []
    for item_id in records.cases.item_ids(conn, case_id):
        evs, proms = _item_event(conn, item_id)
        events += evs + proms
    for note_id in records.cases.note_ids(conn, case_id, current=True):
        n = records.notes.get(conn, note_id)
        assert n is not None
        who = ZH("note_with", with_=n.with_whom) if n.with_whom else ""
        events.append(Event(n.at, "note", n.ref,
                            ZH("note_event", channel=ZH.get(f"channel_{n.channel}", n.channel),
                               who=who, text=n.text)))
        for p in records.notes.promises_of(conn, note_id):
            events.append(Event(p.due or n.at, "promise", p.ref, p.text,
                                effective_status(p.status, p.due)))
    order = {"payment": 0, "item": 1, "note": 2, "promise": 3}
    events.sort(key=lambda e: (e.at or "", order.get(e.kind, 9), e.ref))
    return events


def promises(conn: sqlite3.Connection, slug: str | None = None) -> list[dict[str, Any]]:
    """Every promise (recorded in a note or read from a screenshot), with its effective
    status and its case: one list for `due`, `case show`, the timeline and the dossier."""
    case_id = records.case_id(conn, slug) if slug else None
    return [{"ref": f"P{p.id}", "text": p.text, "due": p.due,
             "status": effective_status(p.status, p.due), "source": p.source,
             "case": p.slug} for p in records.notes.case_promises(conn, case_id)]


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInputError(f"a promise is {', '.join(STATUSES)}, not {status!r}")
    return status

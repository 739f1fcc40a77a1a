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

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from evidence_vault import records
from evidence_vault.dossier.wording import ZH  # the timeline's words: the dossier's, in Chinese
from evidence_vault.errors import InvalidInputError
from evidence_vault.i18n import L_

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
    suggested_by: str | None = None  # a promise marked kept by this exhibit's refund
    #: what `text` was made of (a note's channel, with and text; a payment's role, amount,
    #: label and number), so the CLI can say it in the user's language; never in --json
    parts: dict[str, str] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        out = {"at": self.at, "kind": self.kind, "ref": self.ref, "text": self.text,
               "status": self.status}
        if self.suggested_by:
            out["suggested_by"] = self.suggested_by
        return out


# ---- a promise checked against the evidence -----------------------------------------------

_REFUND_WORDS = re.compile(r"退|返还|返款")
_PROMISED_AMOUNT = re.compile(r"(?:[¥￥]\s*(\d[\d,，]*(?:\.\d+)?))|(?:(\d[\d,，]*(?:\.\d+)?)\s*(?:元|块))")

#: a refund the case's evidence shows: when, how much, which exhibit
Refund = tuple[str, str, str]


def kept_by(text: str, made_at: str | None, due: str | None,
            refunds: list[Refund]) -> str | None:
    """The exhibit whose refund fulfils a promise to refund, if one does: a sure refund
    dated from the day the promise was made to its due day, of the promised amount when
    the promise names one. A suggestion: the user's own mark always wins."""
    if not _REFUND_WORDS.search(text or ""):
        return None
    m = _PROMISED_AMOUNT.search(text)
    wanted = None
    if m:
        try:
            wanted = float((m.group(1) or m.group(2)).replace(",", "").replace("，", ""))
        except ValueError:
            wanted = None
    for at, amount, ref in sorted(refunds):
        day = at[:10]
        if made_at and day < made_at[:10]:
            continue
        if due and day > due[:10]:
            continue
        try:
            if wanted is not None and abs(float(amount) - wanted) > 0.005:
                continue
        except ValueError:
            continue
        return ref
    return None


def promise_status(stored: str, due: str | None, text: str, made_at: str | None,
                   refunds: list[Refund]) -> tuple[str, str | None]:
    """The promise's status and, when the evidence marks it kept, the exhibit that does."""
    if stored in ("kept", "broken"):
        return stored, None
    by = kept_by(text, made_at, due, refunds)
    return ("kept", by) if by else (effective_status(stored, due), None)


def money(value: str) -> str:
    try:
        return f"¥{float(value):,.2f}"
    except ValueError:
        return value


#: the money events a timeline shows: an amount of this role, at a date of these roles (a
#: payment at its payment time, else its order's; an invoice's 价税合计 at its issue date)
MONEY_EVENTS = (("paid", ("payment", "order", "issue", "travel")), ("refund", ("refund",)),
                ("disbursed", ("loan",)), ("principal", ("loan",)),
                ("repaid", ("payment",)), ("received", ("receive", "payment")))


def _sure(f: records.fields.FieldRow) -> bool:
    from evidence_vault.extract.roles import ROLE_CONFIDENT

    return f.source == "user" or f.confirmed or f.confidence >= ROLE_CONFIDENT


def case_refunds(conn: sqlite3.Connection, case_id: int) -> list[Refund]:
    """Every refund the case's items show with its own refund time (退款时间): the amount's
    role need not be sure, since the refund's time is and the result is only a
    suggestion the user confirms or overrides."""
    out: list[Refund] = []
    for item_id in records.cases.item_ids(conn, case_id):
        fields = records.fields.counting(conn, "item_id", item_id)
        when = next((f.value for f in fields if f.kind in ("datetime", "date")
                     and f.role == "refund" and f.value), None)
        out += [(when, f.value, f"E{item_id}") for f in fields
                if when and f.kind == "amount" and f.role == "refund"]
    return out


def _money(fields: list[records.fields.FieldRow]
           ) -> list[tuple[str, str, records.fields.FieldRow]]:
    """An item's sure amounts with the time the evidence gives for each one's role
    (role, when, the amount): a refund at the refund time, a loan at its disbursement."""
    dates = [f for f in fields if f.kind in ("datetime", "date") and f.value]
    out: list[tuple[str, str, records.fields.FieldRow]] = []
    for role, date_roles in MONEY_EVENTS:
        amount = next((f for f in fields if f.kind == "amount" and f.role == role
                       and _sure(f)), None)
        if amount is None or (role == "principal" and any(r == "disbursed" for r, _, _ in out)):
            continue
        at = next((d.value for r in date_roles for d in dates if d.role == r), None)
        if at is None and not out:
            at = records.event_time(fields)
        if at is not None:
            out.append((role, at, amount))
    return out


def _item_event(conn: sqlite3.Connection, item_id: int,
                refunds: list[Refund]) -> tuple[list[Event], list[Event]]:
    """An item's events: each sure amount at the time the evidence gives for its own
    role (a refund at the refund time, a loan at its disbursement), else the item at
    its event time or capture time; and the promises read from it, each checked
    against the case's refunds."""
    item = records.items.get(conn, item_id)
    assert item is not None  # the case's own list named it
    fields = records.fields.counting(conn, "item_id", item_id)
    fallback = item.captured_at or item.added_at[:19]
    ids = [f for f in fields if f.kind.endswith("_no")]
    label = (ids[0].label or ZH.get(f"idlabel_{ids[0].kind}", ZH["id_fallback"])) if ids else ""
    key = f" {label} {ids[0].value}" if ids else ""
    events = [Event(at, "payment", item.ref,
                    f"{ZH.get(f'verb_{role}', ZH.get(f'role_{role}', role))} "
                    f"{money(amount.value)}{key}",
                    parts={"role": role, "amount": amount.value,
                           "label": (ids[0].label or "") if ids else "",
                           "id_kind": ids[0].kind if ids else "",
                           "id": ids[0].value if ids else ""})
              for role, at, amount in _money(fields)]
    if not events:
        events.append(Event(records.event_time(fields) or fallback, "item", item.ref,
                            item.filename))
    made = records.event_time(fields) or fallback
    promises = [Event(p.due or fallback, "promise", p.ref, p.text,
                      *promise_status(p.status, p.due, p.text, made, refunds))
                for p in records.notes.of_item(conn, item_id)]
    return events, promises


def timeline(conn: sqlite3.Connection, slug: str) -> list[Event]:
    case_id = records.case_id(conn, slug)
    refunds = case_refunds(conn, case_id)
    events: list[Event] = []
    for item_id in records.cases.item_ids(conn, case_id):
        evs, proms = _item_event(conn, item_id, refunds)
        events += evs + proms
    for note_id in records.cases.note_ids(conn, case_id, current=True):
        n = records.notes.get(conn, note_id)
        assert n is not None
        who = ZH("note_with", with_=n.with_whom) if n.with_whom else ""
        events.append(Event(n.at, "note", n.ref,
                            ZH("note_event", channel=ZH.get(f"channel_{n.channel}", n.channel),
                               who=who, text=n.text),
                            parts={"channel": n.channel, "with": n.with_whom or "",
                                   "text": n.text}))
        for p in records.notes.promises_of(conn, note_id):
            events.append(Event(p.due or n.at, "promise", p.ref, p.text,
                                *promise_status(p.status, p.due, p.text, n.at, refunds)))
    order = {"payment": 0, "item": 1, "note": 2, "promise": 3}
    events.sort(key=lambda e: (e.at or "", order.get(e.kind, 9), e.ref))
    return events


def promises(conn: sqlite3.Connection, slug: str | None = None) -> list[dict[str, Any]]:
    """Every promise (recorded in a note or read from a screenshot), with its effective
    status and its case: one list for `due`, `case show`, the timeline and the dossier."""
    case_id = records.case_id(conn, slug) if slug else None
    refunds: dict[str | None, list[Refund]] = {}
    out = []
    for p in records.notes.case_promises(conn, case_id):
        if p.slug not in refunds:
            refunds[p.slug] = case_refunds(conn, records.case_id(conn, p.slug)) if p.slug else []
        status, by = promise_status(p.status, p.due, p.text, _made_at(conn, p),
                                    refunds[p.slug])
        row = {"ref": f"P{p.id}", "text": p.text, "due": p.due, "status": status,
               "source": p.source, "case": p.slug}
        if by:
            row["suggested_by"] = by
        out.append(row)
    return out


def _made_at(conn: sqlite3.Connection, p: records.notes.CasePromise) -> str | None:
    """When a promise was made: its note's time, or the time its item shows."""
    if p.note_id is not None:
        note = records.notes.get(conn, p.note_id)
        return note.at if note else None
    item = records.items.get(conn, p.item_id) if p.item_id is not None else None
    if item is None:
        return None
    return records.event_time(records.fields.counting(conn, "item_id", item.id),
                              item.captured_at)


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidInputError(L_(
            "a promise is {statuses}, not {status!r}",
            statuses=', '.join(STATUSES), status=status))
    return status

"""From a case's facts (content.py) to a Dossier: names, sources, purposes,
the timeline, the custody table and the statement, in the chosen language.

This is where the 证据目录 is composed (DOMAIN.md §1.4): an exhibit's name is
made from what it is and its key identifier (支付宝账单详情截图（订单号2024…）)
unless the user named it with `vault describe`; its purpose is the user's or a
suggestion from its fields (the amount paid, the promise made). What an
exhibit is gets decided here from its facts; how that is said comes from
wording.py, by key, so nothing here tests the language, reads the vault's
tables or knows how the PDF is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_vault import records
from evidence_vault.dossier.content import CaseContent, Evidence, note_record, presentation_key
from evidence_vault.dossier.model import CustodyRow, Dossier, Event, Exhibit, FieldLine
from evidence_vault.dossier.textflow import reflow
from evidence_vault.dossier.wording import (
    Words,
    check_commands,
    group_heading,
    group_order,
    statement,
    words,
)
from evidence_vault.extract import documents
from evidence_vault.extract.roles import ROLE_CONFIDENT
from evidence_vault.filetypes import kind_of
from evidence_vault.followup import money

MONEY_ROLES = ("paid", "refund", "principal", "disbursed", "due", "repaid", "overdue",
               "penalty", "fee", "total")


@dataclass
class Source:
    """An exhibit and where its bytes are: what the exporter copies to originals/."""

    exhibit: Exhibit
    blob: Path | None          # the stored original (None for a note: its record is written)
    record: bytes | None = None  # a note's canonical JSON


def safe_name(name: str) -> str:
    """A file name that is safe on every system and keeps Chinese readable."""
    bad = '<>:"/\\|?*\x00'
    cleaned = "".join("_" if c in bad or ord(c) < 32 else c for c in name).strip(" .")
    return cleaned[:120] or "file"


NAME_MAX_BYTES = 255      # the longest file name Linux, macOS and Windows file systems take (UTF-8)
REDACTED_SUFFIX = ".png"  # redacted/ copies keep the stem and end in .png or .jpg


def exhibit_file_name(prefix: str, filename: str) -> str:
    """The name of an exhibit's copy in originals/: `prefix` (证据01-) and the safe
    file name, cut to NAME_MAX_BYTES of UTF-8, also once its redacted copy takes
    .png or .jpg. The extension is kept and no character is split; the prefix
    keeps the names unique."""
    name = "".join("_" if 0xD800 <= ord(c) <= 0xDFFF else c for c in safe_name(filename))
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext.encode()) > 16:
        stem, ext = name, ""
    suffix = "." + ext if ext else ""
    room = NAME_MAX_BYTES - len(prefix.encode()) - max(len(suffix.encode()), len(REDACTED_SUFFIX))
    if len(stem.encode()) > room:
        stem = stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .") or "file"
    return prefix + stem + suffix



# ---- what an exhibit is, decided from its facts; the words come from wording.py -----------------

_KEY_IDS = ("order_no", "transaction_no", "contract_no", "refund_no", "tracking_no",
            "merchant_order_no", "serial_no", "ticket_no")


_MEDIA = ("screenshot", "photo", "image", "pdf", "scan")


def _name(w: Words, ev: Evidence, kind: str) -> str:
    """An item's 证据名称 from what the document is (extract/documents.py) and what kind of
    picture or file it is: 招商银行短信截图, 微信支付账单详情截图, 火车票照片, 分期乐借款合同扫描件,
    电子发票, with its key identifier: （订单号295914147223954356）."""
    r, fields = ev.record, ev.fields
    text = (r.get("ocr") or {}).get("text") or ""
    doc = documents.document_kind(text, fields) if kind in ("image", "pdf") else None
    if documents.is_loan(doc, text):
        doc = "loan_contract"
    place = documents.where("contract" if doc == "loan_contract" else doc, fields, r["app"])
    medium = ev.medium if ev.medium in _MEDIA else {"image": "image", "pdf": "pdf"}.get(kind, "")
    if kind not in ("image", "pdf"):
        what = w(f"what_{kind if kind in ('audio', 'video') else 'file'}")
    elif doc is None and medium in ("pdf", "scan"):
        what = w("what_pdf", where=place) if medium == "pdf" else w("medium_scan", what=place)
    else:
        word = ""
        if doc is not None:
            word = (w.get(f"doc_{doc}_{medium}") or (w.get(f"doc_{doc}_alone") if not place else None)
                    or w[f"doc_{doc}"])
        what = w(f"medium_{medium}", what=_join(w, place, word))
    what = what.strip()
    if not w.chinese:
        what = what[:1].upper() + what[1:]
    return what + _key_id(w, fields)


def _join(w: Words, first: str, second: str) -> str:
    """Two parts of a name, a word they share said once: 微信支付 + 支付账单详情 is
    微信支付账单详情 (in English, two words with a space)."""
    if not (first and second):
        return first or second
    if not w.chinese:
        return f"{first} {second}"
    for n in range(min(len(first), len(second)), 0, -1):
        if first.endswith(second[:n]):
            return first + second[n:]
    return first + second


def _key_id(w: Words, fields: list[dict[str, Any]]) -> str:
    """The exhibit's key identifier, under the label the document gave it (发票号码, 回单编号)
    in a Chinese dossier, else the identifier's name."""
    for kind in _KEY_IDS:
        for f in fields:
            if f["kind"] == kind:
                label = f["label"] if w.chinese and f["label"] and len(f["label"]) <= 8 \
                    and not re.search(r"[A-Za-z]", f["label"]) else w[f"idlabel_{kind}"]
                return w("key_id", label=label, value=f["value"])
    return ""


def _formed_at(fields: list[dict[str, Any]], fallback: str | None) -> str:
    return (records.event_time(fields, fallback) or "").replace("T", " ")


def _item_formed_at(w: Words, fields: list[dict[str, Any]], r: dict[str, Any]) -> str:
    """形成时间: the time the document itself gives (a payment's, an order's …), else the
    claimed capture time; a time that is only the file's modification time (which a copy
    changes) or the time it was added is no 形成时间, and says so."""
    own = records.event_time(fields)
    if own:
        return own.replace("T", " ")
    if r["captured_at"] and r["captured_at_source"] not in (None, "mtime"):
        return r["captured_at"].replace("T", " ")
    if r["captured_at"]:
        return w("formed_unknown_mtime", when=r["captured_at"].replace("T", " "))
    return w("formed_unknown_added", when=r["added_at"][:19].replace("T", " "))


def _role(w: Words, role: str) -> str:
    """A role in the dossier's words; a role no table names (one a user typed) as it is
    in English, and not at all in Chinese (no English in a Chinese dossier)."""
    return w.get(f"role_{role}", "" if w.chinese else role)


def _kind_label(w: Words, kind: str) -> str:
    return w.get(f"kindlabel_{kind}") or w["kindlabel_other"]


def suggest_purpose(w: Words, fields: list[dict[str, Any]]) -> str:
    """证明目的 from the fields: the money, the promise, the identifiers."""
    parts = []
    amounts = [f for f in fields if f["kind"] == "amount" and f["role"] in MONEY_ROLES]
    when = _formed_at(fields, None)[:10]
    for f in amounts[:2]:
        parts.append(w("purpose_amount_on" if when else "purpose_amount", when=when,
                       role=_role(w, f["role"]), amount=money(f["value"])))
    for f in fields:
        if f["kind"] == "promise":
            due = f["detail"].get("due")
            parts.append(w("purpose_promise_due" if due else "purpose_promise", value=f["value"], due=due))
            break
    key = _key_id(w, fields)
    if not parts and key:
        parts.append(w("purpose_transaction", key=key))
    if not parts:
        return ""
    return w("purpose", parts=w["purpose_sep"].join(parts))


def _field_lines(w: Words, fields: list[dict[str, Any]]) -> list[FieldLine]:
    """The 提取的信息 table: each field under the label the document gave it, else the
    kind's name, with its role where the label does not already say it; every word from
    wording.py, so a Chinese dossier shows no code name (price, sign, txn_date_mismatch)."""
    out = []
    for f in fields:
        kind, label, role = f["kind"], f["label"], f["role"]
        detail = f.get("detail") or {}
        if kind == "check":
            out.append(FieldLine(w["field_check"], _check_text(w, f["value"], detail)))
            continue
        if kind == "platform" or not label:
            # a platform's "label" is its name as the page wrote it (中国工商银行): the kind says
            # what the row is; a number with no label of its own, its role (客服电话)
            label = _kind_label(w, kind)
            if kind == "phone" and role in ("service", "caller"):
                label = _role(w, role) or label
        if kind == "rate":
            if role and not re.search(r"率|息|rate|APR", label, re.I):
                label = w.get(f"rate_{role}", w["rate_any"])
            value = w("percent", value=f["value"])
        elif kind == "amount":
            value = money(f["value"])
        else:
            value = f["value"].replace("T", " ")
        if role and kind in ("amount", "datetime", "date", "bank_card", "phone") \
                and not (kind == "phone" and role in ("service", "caller")):
            said = _role(w, role)
            if said and said not in label:
                label = w("label_with_role", label=label, role=said)
        if kind == "promise" and detail.get("due"):
            value += w("due_suffix", due=detail["due"])
        value += _whose(w, f)
        out.append(FieldLine(label, value))
    return out


def _whose(w: Words, f: dict[str, Any]) -> str:
    """A value the claimant gave or checked says so, with what the machine read beside a
    correction: the dossier never passes a person's value off as the document's."""
    if f.get("source") == "user":
        read = (f.get("detail") or {}).get("replaces")
        if read:
            shown = w["money_numbers_sep"].join(
                money(v) if f["kind"] == "amount" else str(v).replace("T", " ") for v in read)
            return w("by_user", read=shown)
        return w["by_user_added"]
    return w["confirmed"] if f.get("confirmed") else ""


def _check_text(w: Words, value: str, detail: dict[str, Any]) -> str:
    try:
        return w(f"check_{value}", **{k: detail.get(k, "") for k in (
            "identifier", "date_in_identifier", "shown_date", "days_apart")})
    except KeyError:
        return w["check_other"]


def _item_exhibit(w: Words, ev: Evidence) -> Exhibit:
    r = ev.record
    fields, desc = ev.fields, ev.description
    kind = kind_of(r["mime"])
    cap_source = r["captured_at_source"]
    name = desc.get("name") or _name(w, ev, kind)
    medium = ev.medium if ev.medium in _MEDIA else "image" if kind == "image" else "file"
    app = r["app"] or ""
    if medium == "screenshot":
        if not app and documents.document_kind((r.get("ocr") or {}).get("text") or "",
                                               fields) == "sms":
            app = w["app_sms"]
        what = w("source_screenshot_computer" if ev.device == "computer" else "source_screenshot",
                 app=app, app_=app + " " if app else "")
    else:
        what = w[f"source_{medium}"]
    timed = "screenshot" if medium == "screenshot" else "photo" if medium == "photo" else "file"
    when = (r["captured_at"] or "").replace("T", " ")
    source = what
    if when:
        # a time that is only the file's modification time (which a copy changes) is no
        # claim of when the picture was taken
        source = w("source_claim_mtime" if cap_source == "mtime" else "source_claim", what=what,
                   when=when, when_word=w[f"when_{timed}"],
                   source=w.get(f"source_{cap_source}", cap_source or ""))
    description = ""
    if kind not in ("image", "pdf"):
        description = w("file_description", name=name, filename=r["filename"], size=r["size"],
                        mime=r["mime"])
    if r["note"]:
        description += "\n" + w("user_note", note=r["note"])
    return Exhibit(number=ev.number, ref=ev.ref, kind=kind, name=name,
                   form=w["form_av" if kind in ("audio", "video") else "form_data"], source=source,
                   formed_at=_item_formed_at(w, fields, r),
                   purpose=desc.get("purpose") or suggest_purpose(w, fields), group=desc.get("group"),
                   filename=r["filename"],
                   original="originals/" + exhibit_file_name(w("file_prefix", n=ev.number),
                                                             r["filename"]),
                   sha256=ev.sha256, size=r["size"], mime=r["mime"], added_at=r["added_at"],
                   captured_at=r["captured_at"], captured_at_source=cap_source,
                   # a time that is only the file's modification time says so, and is no
                   # claimed 拍摄时间
                   captured_label=w["captured_mtime" if cap_source == "mtime" else f"captured_{timed}"],
                   fields=_field_lines(w, fields),
                   text=reflow((r["ocr"] or {}).get("text") or "", ev.lines),
                   description=description)


def _note_exhibit(w: Words, ev: Evidence, record: bytes) -> Exhibit:
    """A note as an exhibit: its record (the text, the ticket, the promises) once, under
    记录内容; its time labelled by what it was (通话时间 for a call); its attachments are
    named once every exhibit has its number (_attach)."""
    r = ev.record
    desc, at, with_whom = ev.description, r["at"], r["with"]
    channel = w.get(f"channel_{r['channel']}", r["channel"])
    who = w("note_with", with_=with_whom) if with_whom else ""
    name = desc.get("name") or w("note_name", channel=channel, who=who)
    lines = [r["text"]]
    if r["ticket"]:
        lines.append(w("ticket", ticket=r["ticket"]))
    for p in r["promises"]:
        lines.append(w("promised", text=p["text"]) + (w("due_suffix", due=p["due"]) if p["due"] else ""))
    promises = r["promises"]
    purpose = desc.get("purpose") or (
        w("note_purpose_promise", date=at[:10], promise=promises[0]["text"]) if promises
        else w("note_purpose", date=at[:10]))
    filename = f"note-N{ev.owner_id}.json"
    created = r["created_at"]
    return Exhibit(number=ev.number, ref=ev.ref, kind="note", name=name, form=w["form_note"],
                   source=w("source_note", created_at=created[:19].replace("T", " "),
                            created_date=created[:10]),
                   formed_at=at.replace("T", " "), purpose=purpose, group=desc.get("group"),
                   filename=filename,
                   original="originals/" + exhibit_file_name(w("file_prefix", n=ev.number), filename),
                   sha256=ev.sha256, size=len(record), mime="application/json",
                   added_at=created, captured_at=at, captured_at_source="user",
                   captured_label=w.get(f"captured_note_{r['channel']}", w["captured_note_other"]),
                   fields=_field_lines(w, ev.fields), text="\n".join(lines))


def _attach(w: Words, content: CaseContent, exhibits: list[Exhibit]) -> dict[str, list[str]]:
    """Fill each note's `attached` with the exhibits it names (vault note --attach), by
    number and name; an attachment outside the case by its file name. Returns each note's
    ref → the labels of its attachments in the dossier (证据2), for the timeline."""
    by_ref = {e.ref: e for e in exhibits}
    notes = {e.ref: e for e in exhibits if e.kind == "note"}
    labels: dict[str, list[str]] = {}
    for ev in content.evidence:
        if not ev.is_note or ev.ref not in notes:
            continue
        parts, mine = [], []
        for ref in ev.record.get("attachments") or []:
            ex = by_ref.get(ref)
            if ex is not None:
                label = w("exhibit", n=ex.number)
                parts.append(w("attached_item", label=label, name=ex.name))
                mine.append(label)
            else:
                parts.append(w("attached_elsewhere", filename=content.outside.get(ref, ref)))
        notes[ev.ref].attached = w["attached_sep"].join(parts)
        labels[ev.ref] = mine
    return labels


#: a note longer than this is shortened in the timeline, which says where it is in full
TIMELINE_NOTE_CHARS = 120


def _timeline(w: Words, events: list[Event], exhibits: list[Exhibit], promises: dict[str, str],
              attached: dict[str, list[str]]) -> list[Event]:
    """The case's events as the dossier shows them: each under its exhibit's number (a
    promise under the exhibit that holds it), an item by its exhibit name rather than its
    file name, a long note shortened with a pointer to its page, a note with the exhibits
    attached to it."""
    by_ref = {e.ref: e for e in exhibits}
    out = []
    for e in events:
        ex = by_ref.get(promises.get(e.ref, e.ref))
        label = w("exhibit", n=ex.number) if ex is not None else e.ref
        text = e.text
        if ex is not None and e.kind == "item":
            text = ex.name
        elif ex is not None and e.kind == "note":
            if len(text) > TIMELINE_NOTE_CHARS:
                text = w("tl_cut", text=text[:TIMELINE_NOTE_CHARS].rstrip(), label=label)
            if attached.get(ex.ref):
                text += w("tl_attached", labels=w["attached_sep"].join(attached[ex.ref]))
        out.append(Event(e.at.replace("T", " "), e.kind, label, text, e.status))
    return out


def build(content: CaseContent, events: list[Event], *, lang: str, made_at: str, vault_id: str,
          log_head: tuple[int, str], images: Any) -> tuple[Dossier, list[Source]]:
    """The Dossier for a case, from its facts (content.gather) and its timeline.
    `images(exhibit, blob)` returns the page images for an exhibit (the exporter
    makes them)."""
    w = words(lang)
    sources: list[Source] = []
    all_fields: list[tuple[str, dict[str, Any]]] = []
    for ev in content.evidence:
        all_fields += [(ev.ref, f) for f in ev.fields]
        if ev.is_note:
            record = note_record(ev)
            sources.append(Source(_note_exhibit(w, ev, record), None, record))
        else:
            ex = _item_exhibit(w, ev)
            ex.images = images(ex, ev.blob)
            sources.append(Source(ex, ev.blob))

    # one order everywhere: the PDF, the CSV and the Word list all follow dossier.exhibits
    rank = group_order([s.exhibit.group for s in sorted(sources, key=lambda s: s.exhibit.number)
                        if s.exhibit.group])
    sources.sort(key=lambda s: presentation_key(rank, s.exhibit.group, s.exhibit.number))
    exhibits = [s.exhibit for s in sources]
    by_ref = {e.ref: e.number for e in exhibits}
    attached = _attach(w, content, exhibits)
    timeline = _timeline(w, events, exhibits, content.promises, attached)
    custody = [CustodyRow(e.number, e.original.split("/", 1)[1], e.sha256, e.size,
                          e.added_at.replace("T", " "),
                          (e.captured_at or "").replace("T", " ") or None,
                          e.captured_at_source) for e in exhibits]
    dossier = Dossier(
        lang=lang, title=content.title, slug=content.slug,
        parties=_parties(w, content), money=_money(w, all_fields, by_ref),
        counts=_counts(w, exhibits, timeline), made_at=made_at, vault_id=vault_id,
        log_head=f"#{log_head[0]} {log_head[1]}", exhibits=exhibits, timeline=timeline,
        custody=custody, statement=statement(w, log_head), check_commands=check_commands(w),
        claimant=content.claimant, claim=content.claim)
    return dossier, sources


def sections(d: Dossier, w: Words | None = None) -> list[tuple[str, list[Exhibit]]]:
    """The 证据目录's sections in order, (heading, exhibits): each 证明事项 group under
    its heading (一、…), then the exhibits of no group (其他证据, or no heading when no
    exhibit has a group). The PDF, the CSV and the Word list all take them from here."""
    w = w or words(d.lang)
    groups: dict[str | None, list[Exhibit]] = {}
    for ex in d.exhibits:  # already in presentation order (build)
        groups.setdefault(ex.group or None, []).append(ex)
    named = [g for g in groups if g is not None]
    out = [(group_heading(w, g, i), groups[g]) for i, g in enumerate(named, 1)]
    if None in groups:
        out.append((w["ungrouped"] if named else "", groups[None]))
    return out


def _parties(w: Words, content: CaseContent) -> list[tuple[str, str]]:
    out = [(w["party_claimant"], content.claimant or "")]  # blank to fill in by hand
    if content.against:
        out.append((w["party_respondent"], content.against))
    if content.platform:
        out.append((w["party_platform"], content.platform))
    return out


def _money(w: Words, all_fields: list[tuple[str, dict[str, Any]]],
           by_ref: dict[str, int]) -> list[tuple[str, str]]:
    """Distinct amounts by role, each with the exhibits showing it: the same
    payment shown on two screenshots is one payment, not two. The cover states
    only money a document states in that role: an exhibit's amount whose role is
    sure (roles.ROLE_CONFIDENT: its label beside it, the invoice's arithmetic)
    or that the user confirmed; never a note's text (the user's own account), a
    role inferred from a page's layout, a claim in a chat or a promise."""
    seen: dict[tuple[str, str], list[int]] = {}
    for ref, f in all_fields:
        if f["kind"] == "amount" and f["role"] in MONEY_ROLES and _role_sure(ref, f):
            seen.setdefault((f["role"], f["value"]), []).append(by_ref[ref])
    out = []
    for role in MONEY_ROLES:
        values = [(v, nums) for (r, v), nums in seen.items() if r == role]
        if values:
            out.append((_role(w, role), w["money_sep"].join(
                w("money_item", amount=money(v),
                  numbers=w["money_numbers_sep"].join(map(str, sorted(set(n)))))
                for v, n in values)))
    return out


def _role_sure(ref: str, f: dict[str, Any]) -> bool:
    """An item's field (E12, not a note N3) whose role the user confirmed or the
    extractor is sure of."""
    if not ref.startswith("E"):
        return False
    return (f.get("source") == "user" or bool(f.get("confirmed"))
            or float(f.get("confidence") or 0) >= ROLE_CONFIDENT)


def _counts(w: Words, exhibits: list[Exhibit], events: list[Event]) -> list[tuple[str, str]]:
    groups = {e.group for e in exhibits if e.group}
    promises = [e for e in events if e.kind == "promise"]
    broken = sum(1 for e in promises if e.status == "broken")
    return [(w["count_exhibits_label"], w("count_exhibits", n=len(exhibits))
             + (w("count_groups", groups=len(groups)) if groups else "")),
            (w["count_files_label"], w("count_files", n=sum(1 for e in exhibits if e.kind != "note"))),
            (w["count_notes_label"], w("count_notes", n=sum(1 for e in exhibits if e.kind == "note"))),
            (w["count_promises_label"], w("count_promises", n=len(promises), broken=broken))]

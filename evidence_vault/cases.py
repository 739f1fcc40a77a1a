"""Cases: a dispute and the evidence filed under it (`vault case …`, `link`, `unlink`).

Functions take the open Vault; every change goes through `vault.change` and the
rows through the repository (evidence_vault.records).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from evidence_vault import records, search
from evidence_vault.errors import InvalidInputError
from evidence_vault.when import now_iso

if TYPE_CHECKING:  # pragma: no cover
    from evidence_vault.integrity import Change
    from evidence_vault.vault import Vault

_SLUG = re.compile(r"^[A-Za-z0-9_\-\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,64}$")


def check_slug(slug: str) -> str:
    slug = records.normal_slug(slug)
    if not _SLUG.match(slug):
        raise InvalidInputError(
            f"invalid case name {slug!r}: use letters, digits, '-', '_' or Chinese characters "
            "(at most 64), e.g. jd-refund or 京东退款")
    return slug


def ensure(vault: Vault, slug: str, title: str | None = None) -> tuple[int, bool]:
    """Inside a write transaction: the case's id, creating (and logging) it if new."""
    found = records.cases.find(vault.db, slug)
    if found:
        return found.id, False
    with vault.change("case-new", f"C:{slug}", {"title": title or slug}) as ch:
        case_id = records.cases.insert(vault.db, slug, title or slug, now_iso())
        ch.vouch(f"C:{slug}")
    return case_id, True


def new(vault: Vault, slug: str, *, title: str, against: str | None = None,
        platform: str | None = None) -> str:
    """Create a case; returns its slug as stored."""
    slug = check_slug(slug)
    if not (title or "").strip():
        raise InvalidInputError("a case needs a --title")
    with vault.change("case-new", f"C:{slug}", {
            "title": title.strip(), "against": against, "platform": platform}) as ch:
        if records.cases.find(vault.db, slug):
            raise InvalidInputError(f"a case named {slug!r} already exists")
        records.cases.insert(vault.db, slug, title.strip(), now_iso(), against=against,
                             platform=platform)
        ch.vouch(f"C:{slug}")
    return slug


def listing(vault: Vault) -> list[dict[str, Any]]:
    return [{"slug": c.slug, "title": c.title, "against": c.against, "platform": c.platform,
             "created_at": c.created_at, "items": c.items, "notes": c.notes}
            for c in records.cases.summaries(vault.db)]


def show(vault: Vault, slug: str,
         note_view: Callable[[Vault, int], dict[str, Any]]) -> dict[str, Any]:
    """The case with its items and its notes (each as `note_view` shows a note; the
    notes module, which files notes into cases, gives it)."""
    from evidence_vault import followup, items

    c = records.cases.get(vault.db, records.case_id(vault.db, slug))
    return {"slug": c.slug, "title": c.title, "against": c.against, "platform": c.platform,
            "created_at": c.created_at, "items": items.listing(vault, c.slug),
            "notes": [note_view(vault, n)
                      for n in records.cases.note_ids(vault.db, c.id, by_time=True)],
            "promises": followup.promises(vault.db, c.slug)}


def link_items(vault: Vault, item_ids: list[int], slug: str, *,
               create_case: bool = False) -> list[int]:
    """Link items to a case (creating it if asked); returns the ids newly linked."""
    now = now_iso()
    changed: list[int] = []
    with vault.change("link") as ch:
        case_id = ensure(vault, slug)[0] if create_case else records.case_id(vault.db, slug)
        for item_id in item_ids:
            if records.cases.link_item(vault.db, case_id, item_id, now):
                changed.append(item_id)
                search.index_item(vault.db, item_id)
        _log_refs(ch, slug, [f"E{i}" for i in changed])
    return changed


def link_note(vault: Vault, note_id: int, slug: str) -> None:
    """Put a note in a case (creating the case if new), logged."""
    with vault.change("link", f"N{note_id}", {"case": slug, "notes": [f"N{note_id}"]}) as ch:
        case_id, _ = ensure(vault, slug)
        records.cases.link_note(vault.db, case_id, note_id)
        search.index_note(vault.db, note_id)
        ch.vouch(f"C:{slug}")


def _refs(vault: Vault, refs: list[str]) -> tuple[list[int], list[int]]:
    """The items and the notes named by refs (E12, 12, N3, a hash prefix)."""
    item_ids: list[int] = []
    note_ids: list[int] = []
    for r in refs:
        kind, id_ = records.refs.resolve(vault.db, r)
        (item_ids if kind == "item" else note_ids).append(id_)
    return item_ids, note_ids


def link(vault: Vault, refs: list[str], case: str) -> list[str]:
    """Put items and notes into a case; returns the refs newly linked."""
    now = now_iso()
    return _move(vault, refs, case, "link",
                 lambda db, case_id, item_id: records.cases.link_item(db, case_id, item_id, now),
                 records.cases.link_note)


def unlink(vault: Vault, refs: list[str], case: str) -> list[str]:
    """Take items and notes out of a case (they stay in the vault)."""
    return _move(vault, refs, case, "unlink", records.cases.unlink_item,
                 records.cases.unlink_note)


#: changes one membership of a case (db, case id, item or note id); True when it changed
Membership = Callable[[sqlite3.Connection, int, int], bool]


def _move(vault: Vault, refs: list[str], case: str, action: str, item: Membership,
          note: Membership) -> list[str]:
    """Link or unlink (`item` and `note` change one membership each, True when it changed),
    reindex what changed and log it in one entry; returns the refs that changed."""
    slug = check_slug(case)
    case_id = records.case_id(vault.db, slug)
    item_ids, note_ids = _refs(vault, refs)
    changed: list[str] = []
    with vault.change(action) as ch:
        for item_id in item_ids:
            if item(vault.db, case_id, item_id):
                changed.append(f"E{item_id}")
                search.index_item(vault.db, item_id)
        for note_id in note_ids:
            if note(vault.db, case_id, note_id):
                changed.append(f"N{note_id}")
                search.index_note(vault.db, note_id)
        _log_refs(ch, slug, changed)
    return changed


def _log_refs(ch: Change, slug: str, changed: list[str]) -> None:
    """A link or unlink entry names what it moved and vouches for the case."""
    if not changed:
        ch.skip()
        return
    ch.ref = ",".join(changed)
    items = [r for r in changed if r.startswith("E")]
    notes = [r for r in changed if r.startswith("N")]
    ch.detail.update({"case": slug, "items": items, **({"notes": notes} if notes else {})})
    ch.vouch(f"C:{slug}")

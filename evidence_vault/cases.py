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


def created(vault: Vault, slug: str) -> dict[str, str | None]:
    """What a command that created a case (`add --case NEW`, `note --case NEW`) says of
    it: its slug, and the existing case it is near, which may be the one meant."""
    return {"created_case": slug, "did_you_mean": records.cases.near(vault.db, slug)}


def listing(vault: Vault) -> list[dict[str, Any]]:
    return [{"slug": c.slug, "title": c.title, "against": c.against, "platform": c.platform,
             "claimant": c.claimant, "claim": c.claim, "created_at": c.created_at,
             "items": c.items, "notes": c.notes}
            for c in records.cases.summaries(vault.db)]


def show(vault: Vault, slug: str,
         note_view: Callable[[Vault, int], dict[str, Any]]) -> dict[str, Any]:
    """The case with its items and its notes (each as `note_view` shows a note; the
    notes module, which files notes into cases, gives it)."""
    from evidence_vault import followup, items

    c = records.cases.existing(vault.db, slug)
    return {"slug": c.slug, "title": c.title, "against": c.against, "platform": c.platform,
            "claimant": c.claimant, "claim": c.claim,
            "created_at": c.created_at, "items": items.listing(vault, c.slug),
            "notes": [note_view(vault, n)
                      for n in records.cases.note_ids(vault.db, c.id, by_time=True)],
            "promises": followup.promises(vault.db, c.slug)}


def link_items(vault: Vault, item_ids: list[int], slug: str, *,
               create_case: bool = False) -> tuple[list[int], bool]:
    """Link items to a case (creating it if asked); returns the ids newly linked and
    whether the case was created."""
    now = now_iso()
    changed: list[int] = []
    made = False
    with vault.change("link") as ch:
        if create_case:
            case_id, made = ensure(vault, slug)
        else:
            case_id = records.case_id(vault.db, slug)
        for item_id in item_ids:
            if records.cases.link_item(vault.db, case_id, item_id, now):
                changed.append(item_id)
                search.index_item(vault.db, item_id)
        _log_refs(ch, slug, [f"E{i}" for i in changed])
    return changed, made


def link_note(vault: Vault, note_id: int, slug: str) -> bool:
    """Put a note in a case (creating the case if new), logged; True if it created it."""
    with vault.change("link", f"N{note_id}", {"case": slug, "notes": [f"N{note_id}"]}) as ch:
        case_id, made = ensure(vault, slug)
        records.cases.link_note(vault.db, case_id, note_id)
        search.index_note(vault.db, note_id)
        ch.vouch(f"C:{slug}")
    return made


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


# ---- rename, merge, remove, set ------------------------------------------------------------
#
# Each is one change: one custody entry that vouches for the case as it is left and
# logs the key of a case that is no more as gone (integrity.GONE), so `vault verify`
# expects it absent; the entry's detail keeps what the case was and held, so its
# history stays in the log. Items and notes are never deleted, only unlinked.


def _case_state(c: records.cases.Case) -> dict[str, str | None]:
    return {k: getattr(c, k) for k in records.cases.DETAILS}


def rename(vault: Vault, old: str, new: str) -> dict[str, Any]:
    """OLD is called NEW from now on: its items, notes, exhibit numbers and details go
    with it. A title that was only the old slug (as `add --case` makes one) follows."""
    new_slug = check_slug(new)
    with vault.change("case-rename") as ch:
        c = records.cases.existing(vault.db, old)
        if new_slug == c.slug:
            raise InvalidInputError(f"the case is already named {new!r}")
        if records.cases.find(vault.db, new_slug) is not None:
            raise InvalidInputError(
                f"a case named {new_slug!r} already exists; `vault case merge {c.slug} "
                f"{new_slug}` puts {c.slug}'s evidence into it")
        title = new_slug if c.title == c.slug else c.title
        records.cases.rename(vault.db, c.id, new_slug, title)
        ch.ref = f"C:{c.slug}"
        ch.detail.update({"case": c.slug, "renamed_to": new_slug,
                          **({"title": title} if title != c.title else {})})
        ch.vouch(f"C:{new_slug}")
        ch.gone(f"C:{c.slug}")
    return {"slug": new_slug, "renamed_from": c.slug, "title": title}


def merge(vault: Vault, source: str, into: str) -> dict[str, Any]:
    """Move every item and note of SOURCE (and so their promises) into INTO, fill INTO's
    empty details from SOURCE's, and remove SOURCE. An item or note already in both is
    linked once. INTO keeps its exhibit numbers; the ones SOURCE's dossiers gave stay in
    the log with those exports."""
    db = vault.db
    with vault.change("case-merge") as ch:
        src = records.cases.existing(db, source)
        dst = records.cases.existing(db, into)
        if src.id == dst.id:
            raise InvalidInputError(f"cannot merge case {src.slug!r} into itself")
        moved_items: list[str] = []
        moved_notes: list[str] = []
        already: list[str] = []
        for item_id, linked_at in records.cases.item_links(db, src.id):
            if records.cases.link_item(db, dst.id, item_id, linked_at):
                moved_items.append(f"E{item_id}")
            else:
                already.append(f"E{item_id}")
        for note_id in records.cases.note_ids(db, src.id):
            if records.cases.link_note(db, dst.id, note_id):
                moved_notes.append(f"N{note_id}")
            else:
                already.append(f"N{note_id}")
        promises = _promises_of(db, src.id)
        copied = _fill(src, dst)
        records.cases.update(db, dst.id, copied)
        records.cases.delete(db, src.id)
        for ref in moved_items + moved_notes + already:
            (search.index_item if ref[0] == "E" else search.index_note)(db, int(ref[1:]))
        ch.ref = f"C:{src.slug}"
        ch.detail.update({"case": src.slug, "into": dst.slug, "items": moved_items,
                          "notes": moved_notes, "already_in": already,
                          "promises": promises, "copied": copied, "was": _case_state(src)})
        ch.vouch(f"C:{dst.slug}")
        ch.gone(f"C:{src.slug}")
    return {"slug": dst.slug, "merged_from": src.slug, "items": moved_items,
            "notes": moved_notes, "already_in": already, "promises": promises,
            "copied": copied}


def _fill(src: records.cases.Case, dst: records.cases.Case) -> dict[str, str | None]:
    """SOURCE's details where INTO has none (a title that is only INTO's slug, as
    `add --case` makes one, counts as none)."""
    out: dict[str, str | None] = {}
    for key in records.cases.DETAILS:
        have, give = getattr(dst, key), getattr(src, key)
        empty = not (have or "").strip() or (key == "title" and have == dst.slug)
        if key == "title" and give == src.slug:
            give = None  # SOURCE's title is only its slug: nothing to give
        if empty and (give or "").strip():
            out[key] = give
    return out


def _promises_of(conn: Any, case_id: int) -> list[str]:
    """The P refs of the promises in a case's items and notes (amended or void ones too)."""
    refs = [p.ref for i in records.cases.item_ids(conn, case_id)
            for p in records.notes.of_item(conn, i)]
    refs += [p.ref for n in records.cases.note_ids(conn, case_id)
             for p in records.notes.promises_of(conn, n)]
    return sorted(set(refs), key=lambda r: int(r[1:]))


def remove(vault: Vault, slug: str) -> dict[str, Any]:
    """Remove a case: its items and notes are unlinked, never deleted; those in no other
    case are still in `vault list`, `search` and `due` (their promises with no case).
    The entry keeps the case's details and what it held."""
    db = vault.db
    with vault.change("case-rm") as ch:
        c = records.cases.existing(db, slug)
        item_refs = [f"E{i}" for i in records.cases.item_ids(db, c.id)]
        note_refs = [f"N{n}" for n in records.cases.note_ids(db, c.id)]
        promises = _promises_of(db, c.id)
        records.cases.delete(db, c.id)
        orphans = [r for r in item_refs if not records.cases.of_item(db, int(r[1:]))]
        orphans += [r for r in note_refs if not records.cases.of_note(db, int(r[1:]))]
        for ref in item_refs + note_refs:
            (search.index_item if ref[0] == "E" else search.index_note)(db, int(ref[1:]))
        ch.ref = f"C:{c.slug}"
        ch.detail.update({"case": c.slug, "was": _case_state(c), "items": item_refs,
                          "notes": note_refs, "promises": promises})
        ch.gone(f"C:{c.slug}")
    return {"removed": c.slug, "items": item_refs, "notes": note_refs, "promises": promises,
            "in_no_case": orphans}


def set_details(vault: Vault, slug: str, values: dict[str, str | None]) -> dict[str, Any]:
    """Set a case's title, against, platform, claimant (申请人) or claim (诉求); an empty
    value clears one (not the title). Returns the case's details and what changed."""
    given = {k: (v.strip() if v is not None else None) for k, v in values.items()
             if v is not None}
    if not given:
        raise InvalidInputError("say what to set: --title, --against, --platform, "
                                "--claimant or --claim")
    if "title" in given and not given["title"]:
        raise InvalidInputError("a case needs a title: --title cannot be empty")
    new = {k: (v or None) for k, v in given.items()}
    with vault.change("case-set") as ch:
        c = records.cases.existing(vault.db, slug)
        changed = {k: v for k, v in new.items() if getattr(c, k) != v}
        if not changed:
            ch.skip()
        else:
            records.cases.update(vault.db, c.id, changed)
            ch.ref = f"C:{c.slug}"
            ch.detail.update({"case": c.slug, "set": changed,
                              "was": {k: getattr(c, k) for k in changed}})
            ch.vouch(f"C:{c.slug}")
        after = records.cases.get(vault.db, c.id)
    return {"slug": after.slug, **_case_state(after), "changed": sorted(changed)}

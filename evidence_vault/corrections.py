"""The user has the last word: `vault field set|rm|confirm` and `vault item set --at`.

Nothing is overwritten. A correction is a row of its own (records.corrections),
applied over the values the readers extracted, which stay as read and are shown
by `show` as the machine's; every correction is made through `vault.change`, so
the custody log vouches for it with the owner's new state digest and `verify`
catches one edited behind the vault's back. From then on everything that states
a fact (search, timeline, due, case show, the dossier and its CSV/DOCX) reads
the values that count (records.fields.counting).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from evidence_vault import items, records, search
from evidence_vault.errors import InvalidInputError, NotFoundError
from evidence_vault.i18n import L_
from evidence_vault.records.fields import FieldRow
from evidence_vault.when import now_iso, parse_user_date, parse_user_datetime

if TYPE_CHECKING:  # pragma: no cover
    from evidence_vault.vault import Vault

_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_AMOUNT = re.compile(r"^-?\d{1,13}(\.\d{1,2})?$")


def _owner(vault: Vault, ref: str) -> tuple[str, int, str]:
    kind, id_ = records.refs.resolve(vault.db, ref)
    return ("item_id", id_, f"E{id_}") if kind == "item" else ("note_id", id_, f"N{id_}")


def _normal_value(kind: str, value: str) -> str:
    """The value as the extractors store it: amounts as 1280.00, dates ISO 8601."""
    value = (value or "").strip()
    if not value:
        raise InvalidInputError(L_("a field needs a value"))
    if kind == "amount":
        bare = value.replace(",", "").replace("，", "").lstrip("¥￥").removesuffix("元").strip()
        if not _AMOUNT.match(bare):
            raise InvalidInputError(L_(
                "{value!r} is not an amount: write it as 1280 or 1280.00",
                value=value))
        return f"{float(bare):.2f}"
    if kind == "datetime":
        return parse_user_datetime(value, what=L_("datetime value"))
    if kind == "date":
        return parse_user_date(value, what=L_("date value"))
    return value


def find_field(vault: Vault, column: str, owner_id: int, ref: str, spec: str) -> FieldRow:
    """The value that counts named by `spec`: its number in `vault show` (1, 2 …) or
    KIND:VALUE (amount:1280.00)."""
    counting = records.fields.counting(vault.db, column, owner_id)
    spec = (spec or "").strip()
    if spec.isdigit():
        n = int(spec)
        if not 1 <= n <= len(counting):
            raise NotFoundError(L_(
                "{ref} has no field {n}; `vault show {ref}` numbers its {n_counting} field(s)",
                ref=ref, n=n, n_counting=len(counting)))
        return counting[n - 1]
    kind, sep, value = spec.partition(":")
    if not sep:
        raise InvalidInputError(L_(
            "cannot read {spec!r} as a field: give its number in `vault show {ref}` or KIND:VALUE "
            "(amount:1280.00)",
            spec=spec, ref=ref))
    kind = kind.strip()
    try:
        value = _normal_value(kind, value)
    except InvalidInputError:
        value = value.strip()
    found = [f for f in counting if f.kind == kind and f.value == value]
    if not found:
        raise NotFoundError(L_(
            "{ref} has no {kind} field {value!r}; `vault show {ref}` lists them",
            ref=ref, kind=kind, value=value))
    return found[0]


def _changed(vault: Vault, ch: Any, column: str, owner_id: int) -> None:
    if column == "item_id":
        items.sync_promises(vault, ch, owner_id)  # a promise the user wrote in is one too
        search.index_item(vault.db, owner_id)
    else:
        search.index_note(vault.db, owner_id)


def field_set(vault: Vault, ref: str, kind: str, value: str, *, role: str | None = None,
              label: str | None = None, reason: str | None = None) -> dict[str, Any]:
    """A value of the user's; a machine value of the same kind and role stops counting."""
    column, owner_id, key = _owner(vault, ref)
    kind = (kind or "").strip()
    if not _KIND.match(kind):
        raise InvalidInputError(L_(
            "invalid field kind {kind!r}: lower-case letters, digits and '_' (amount, order_no, datetime "
            "…)",
            kind=kind))
    value = _normal_value(kind, value)
    role = (role or "").strip() or None
    with vault.change("field-set", key, {"kind": kind, "value": value, "role": role,
                                          "label": label, "reason": reason}) as ch:
        records.corrections.insert(vault.db, column, owner_id, "set", created_at=now_iso(),
                                   kind=kind, value=value, label=label, role=role, reason=reason)
        _changed(vault, ch, column, owner_id)
        ch.vouch(key)
    return fields_view(vault, key)


def field_rm(vault: Vault, ref: str, spec: str, *, reason: str | None = None) -> dict[str, Any]:
    """A value (the machine's or the user's) no longer counts; it stays as read."""
    column, owner_id, key = _owner(vault, ref)
    target = find_field(vault, column, owner_id, key, spec)
    with vault.change("field-rm", key, {"kind": target.kind, "value": target.value,
                                         "role": target.role, "reason": reason}) as ch:
        records.corrections.insert(vault.db, column, owner_id, "rm", created_at=now_iso(),
                                   target=(target.kind, target.value, target.role),
                                   reason=reason)
        _changed(vault, ch, column, owner_id)
        ch.vouch(key)
    return fields_view(vault, key)


def field_confirm(vault: Vault, ref: str, spec: str) -> dict[str, Any]:
    """The user confirms a value the machine read (the dossier may then rely on it)."""
    column, owner_id, key = _owner(vault, ref)
    target = find_field(vault, column, owner_id, key, spec)
    if target.source == "user":
        raise InvalidInputError(L_(
            "{spec!r} of {key} is already your own value",
            spec=spec, key=key))
    if target.confirmed:
        return fields_view(vault, key)
    with vault.change("field-confirm", key, {"kind": target.kind, "value": target.value,
                                              "role": target.role}) as ch:
        records.corrections.insert(vault.db, column, owner_id, "confirm", created_at=now_iso(),
                                   target=(target.kind, target.value, target.role))
        _changed(vault, ch, column, owner_id)
        ch.vouch(key)
    return fields_view(vault, key)


def fields_view(vault: Vault, key: str) -> dict[str, Any]:
    """The values that count, numbered as `show` numbers them, and the machine's as read."""
    column, owner_id, key = _owner(vault, key)
    return {"ref": key,
            "fields": [f.to_dict() for f in records.fields.counting(vault.db, column, owner_id)],
            "read": records.fields.as_read(vault.db, column, owner_id)}


def set_time(vault: Vault, ref: str, at: str, *, reason: str | None = None) -> dict[str, Any]:
    """The item's claimed capture time is `at`, the user's word; the claim it replaces
    (with its source) is kept beside it and in the capture detail."""
    item_id = records.refs.item_id(vault.db, ref)
    at_iso = parse_user_datetime(at, what=L_("--at time"))
    current = records.items.get(vault.db, item_id)
    assert current is not None
    key = f"E{item_id}"
    if current.captured_at == at_iso and current.captured_at_source == "user":
        return {"ref": key, "captured_at": at_iso, "captured_at_source": "user",
                "replaced": None, "changed": False}
    replaced = {"captured_at": current.captured_at, "source": current.captured_at_source}
    with vault.change("item-set", key, {"captured_at": at_iso, "replaced": replaced,
                                         "reason": reason}) as ch:
        records.corrections.insert(vault.db, "item_id", item_id, "at", created_at=now_iso(),
                                   value=at_iso,
                                   target=("captured_at", current.captured_at,
                                           current.captured_at_source),
                                   reason=reason)
        search.index_item(vault.db, item_id)
        ch.vouch(key)
    return {"ref": key, "captured_at": at_iso, "captured_at_source": "user",
            "replaced": replaced, "changed": True}

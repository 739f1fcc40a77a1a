"""Conditions on the vault's tables for queries that select something else.

The search index (evidence_vault.search) keeps its own tables, one row per item
or note with `item_id` and `note_id` columns; its filters (`--case`, `--field`,
amounts, `--platform`) are conditions on the vault's tables. They are written
here, with the rest of the SQL on those tables, as (SQL, parameters) pairs that
name the owning row by the alias given (`d` by default).
"""

from __future__ import annotations

from typing import Any

Condition = tuple[str, list[Any]]


def _owner(alias: str) -> str:
    return (f"((f.item_id IS NOT NULL AND f.item_id = {alias}.item_id) OR "
            f"(f.note_id IS NOT NULL AND f.note_id = {alias}.note_id))")


def in_case(case_id: int, alias: str = "d") -> Condition:
    """The item or note is in the case."""
    return (f"({alias}.item_id IN (SELECT item_id FROM case_items WHERE case_id = ?) "
            f"OR {alias}.note_id IN (SELECT note_id FROM case_notes WHERE case_id = ?))",
            [case_id, case_id])


def has_field(kind: str, alias: str = "d") -> Condition:
    return f"EXISTS (SELECT 1 FROM fields f WHERE {_owner(alias)} AND f.kind = ?)", [kind]


def has_amount(low: float, high: float, alias: str = "d") -> Condition:
    return (f"EXISTS (SELECT 1 FROM fields f WHERE {_owner(alias)} AND f.kind = 'amount' "
            "AND CAST(f.value AS REAL) BETWEEN ? AND ?)", [low, high])


def on_platform(platform: str, alias: str = "d") -> Condition:
    """A platform field, the app the file came from, or a case against that platform."""
    return (f"(EXISTS (SELECT 1 FROM fields f WHERE {_owner(alias)} AND f.kind = 'platform' "
            f"AND f.value = ?) OR EXISTS (SELECT 1 FROM items i WHERE i.id = {alias}.item_id "
            "AND i.app = ?) OR EXISTS (SELECT 1 FROM case_items ci JOIN cases c ON "
            f"c.id = ci.case_id WHERE ci.item_id = {alias}.item_id AND c.platform = ?) OR EXISTS "
            "(SELECT 1 FROM case_notes cn JOIN cases c ON c.id = cn.case_id WHERE "
            f"cn.note_id = {alias}.note_id AND c.platform = ?))", [platform] * 4)

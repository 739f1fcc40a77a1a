"""The repository layer: the one home of the SQL on items, readings, fields,
notes, promises and cases.

The tables belong to this package (STYLE, "the tables belong to one module"):
it reads rows by column name and hands out typed, frozen records. The rest of
the package asks it: the commands (items, cases, notes), the state digests and
verify (integrity), the search index, the timeline (followup) and the dossier.
Before it, the same look-ups were written in several modules that disagreed (a
case found by `case show` but not by `search --case`, because only one copy
normalised the slug; three rules for an item's event time).

    records.cases    cases, what they hold, exhibit numbers
    records.items    items and their readings
    records.fields   fields, descriptions, the event-time rule
    records.notes    notes, attachments, promises
    records.corrections  the user's corrections, beside what they correct
    records.refs     E12 / N3 / a SHA-256 prefix → what it names

Nothing here opens a transaction or writes the custody log: a change is made
inside `Vault.change` (integrity.change), which vouches for what it wrote.
"""

from __future__ import annotations

from evidence_vault.records import cases, corrections, fields, filters, items, notes, refs
from evidence_vault.records.cases import case_id, normal_slug
from evidence_vault.records.fields import EVENT_ROLES, event_time

__all__ = ["EVENT_ROLES", "case_id", "cases", "corrections", "event_time", "fields", "filters",
           "items", "normal_slug", "notes", "refs"]

"""The custody commands: log and verify."""

from __future__ import annotations

import sys
import time

import click

from evidence_vault.cli.output import State, echo_json, json_option, pass_state, table
from evidence_vault.i18n import _, localize, ngettext, show_time


@click.command()
@click.argument("ref", required=False)
@click.option("--limit", type=int, default=None, help="Only the last N entries.")
@json_option
@pass_state
def log(state: State, ref: str | None, limit: int | None, as_json: bool) -> None:
    """Show the custody log: every change, each entry hashing the one before. With
    REF (E12, N3, P4, or C:SLUG for a case), only the entries about that item, note,
    promise or case: its whole history, corrections included.

    \b
    Example:
        vault log E12
    """
    entries = state.vault.log(ref)
    if limit is not None:
        entries = entries[-limit:] if limit > 0 else []
    if as_json:
        echo_json({"entries": [e.to_json() for e in entries]})
        return
    def summary(detail: dict) -> str:
        keep = {k: v for k, v in detail.items() if k not in ("digests",) and v not in (None, "")}
        return ", ".join(f"{k}={v}" for k, v in keep.items())

    click.echo(table([[str(e.seq), show_time(e.at), e.action, e.ref or "", summary(e.detail),
                       e.hash[:12]] for e in entries],
                     ["#", _("at"), _("action"), _("ref"), _("detail"), _("hash")], {4: 60}))


@click.command()
@json_option
@pass_state
def verify(state: State, as_json: bool) -> None:
    """Re-hash every original and check the vault against its custody log.

    Exits 1 if anything is wrong, naming the item and the problem.

    \b
    Example:
        vault verify
    """
    started = time.monotonic()
    report = state.vault.verify()
    elapsed = time.monotonic() - started
    if as_json:
        echo_json(report.to_json())
    else:
        c = report.checked
        mb = report.bytes_hashed / 1e6
        click.echo(_("checked {items}, {notes}, {cases}, {entries}; re-hashed {mb:.1f} MB in "
                     "{seconds:.1f} s").format(
            items=ngettext("{n} item", "{n} items", c["items"]).format(n=c["items"]),
            notes=ngettext("{n} note", "{n} notes", c["notes"]).format(n=c["notes"]),
            cases=ngettext("{n} case", "{n} cases", c["cases"]).format(n=c["cases"]),
            entries=ngettext("{n} log entry", "{n} log entries", c["log"]).format(n=c["log"]),
            mb=mb, seconds=elapsed))
        for p in report.notices:
            click.echo((_("notice {ref}: {what}") if p.ref else _("notice: {what}")).format(
                ref=p.ref, what=localize(p.what)), err=True)
        for p in report.problems:
            click.echo(_("PROBLEM {ref}: {what}").format(ref=p.ref or "-", what=localize(p.what)),
                       err=True)
        if report.ok:
            click.echo(click.style(_("OK"), fg="green") + _(": every original and record "
                       "matches its hash and the custody log is unbroken"))
        else:
            n = len(report.problems)
            click.echo(click.style(_("FAILED"), fg="red") + ngettext(
                ": {n} problem", ": {n} problems", n).format(n=n), err=True)
    if not report.ok:
        sys.exit(1)


COMMANDS = [log, verify]

"""The custody commands: log and verify."""

from __future__ import annotations

import sys
import time

import click

from evidence_vault.cli.output import State, echo_json, human_time, json_option, pass_state, table


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

    click.echo(table([[str(e.seq), human_time(e.at), e.action, e.ref or "", summary(e.detail),
                       e.hash[:12]] for e in entries],
                     ["#", "at", "action", "ref", "detail", "hash"], {4: 60}))


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
        click.echo(f"checked {c['items']} items, {c['notes']} notes, {c['cases']} cases, "
                   f"{c['log']} log entries; re-hashed {mb:.1f} MB in {elapsed:.1f} s")
        for p in report.notices:
            click.echo(f"notice{' ' + p.ref if p.ref else ''}: {p.what}", err=True)
        for p in report.problems:
            click.echo(f"PROBLEM {p.ref or '-'}: {p.what}", err=True)
        if report.ok:
            click.echo(click.style("OK", fg="green") + ": every original and record matches "
                       "its hash and the custody log is unbroken")
        else:
            click.echo(click.style("FAILED", fg="red") + f": {len(report.problems)} problem(s)",
                       err=True)
    if not report.ok:
        sys.exit(1)


COMMANDS = [log, verify]

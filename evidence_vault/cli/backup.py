"""The copy commands: backup and restore."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from evidence_vault.cli.output import State, echo_json, json_option, pass_state
from evidence_vault.i18n import _, localize, ngettext


def _report(report, as_json: bool) -> None:  # a backup.CopyReport
    if as_json:
        echo_json(report.to_json())
    else:
        done = (_("backed up {source} -> {dest}") if report.action == "backup"
                else _("restored {source} -> {dest}"))
        click.echo(done.format(source=report.source, dest=report.dest))
        click.echo("  " + _("{files} ({copied} copied, {reused} already there), {mb:.1f} MB, "
                            "{seconds:.1f} s, custody log #{seq}").format(
            files=ngettext("{n} file", "{n} files", report.files).format(n=report.files),
            copied=report.copied, reused=report.reused, mb=report.bytes / 1e6,
            seconds=report.seconds, seq=report.head["seq"]))
        for p in report.problems:
            click.echo(_("PROBLEM {ref}: {what}").format(ref=p.ref or "-", what=localize(p.what)),
                       err=True)
        if report.log_note:
            click.echo(_("note: the backup is {note}").format(note=localize(report.log_note)),
                       err=True)
        if report.ok:
            click.echo(click.style(_("verified"), fg="green") + _(": the copy re-hashes clean "
                       "and its custody log is unbroken"))
        else:
            n = len(report.problems)
            click.echo(click.style(_("FAILED"), fg="red") + ngettext(
                ": {n} problem; the copy is not a verified backup",
                ": {n} problems; the copy is not a verified backup", n).format(n=n), err=True)
    if not report.ok:
        sys.exit(1)


@click.command()
@click.argument("dest", type=click.Path(path_type=Path))
@json_option
@pass_state
def backup(state: State, dest: Path, as_json: bool) -> None:
    """Copy the whole vault to DEST and verify the copy, which is itself a vault.

    DEST must be new, empty, or an earlier backup of this vault, which is then
    brought up to date (only new originals are copied). Safe while other `vault`
    commands write; an interrupted backup resumes when run again. Exits 1 if the
    copy does not verify.

    \b
    Example:
        vault backup /media/usb/vault-backup
    """
    from evidence_vault.backup import backup as do_backup

    _report(do_backup(state.vault, dest), as_json)


@click.command()
@click.argument("src", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("dest", type=click.Path(path_type=Path))
@json_option
def restore(src: Path, dest: Path, as_json: bool) -> None:
    """Copy a backup (or any vault folder) SRC into DEST, a new or empty folder,
    and verify the copy. SRC is only read. Use the copy with `--vault DEST`.

    \b
    Example:
        vault restore /media/usb/vault-backup ~/vault-restored
    """
    from evidence_vault.backup import restore as do_restore

    _report(do_restore(src, dest), as_json)


COMMANDS = [backup, restore]

"""The `vault` command: a thin adapter over evidence_vault.vault.Vault.

A command parses its arguments, makes one library call, formats the result
and picks the exit code (0 ok, 1 an error or failed check, 2 bad usage).
Library errors (VaultError) become `Error: …` here, in one place.
Commands live in modules by group: items, cases, notes, custody.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import click

from evidence_vault import __version__
from evidence_vault.cli.output import State
from evidence_vault.errors import VaultError


class VaultGroup(click.Group):
    """Turns every VaultError into a one-line error with exit code 1."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except VaultError as e:
            raise click.ClickException(str(e)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted; what was added before is kept.", err=True)
            sys.exit(130)
        except OSError as e:
            # The machine, not the vault: a full disk or a file system gone
            # read-only under a command is one line, whatever step met it.
            if e.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                raise
            where = f": {e.filename}" if e.filename else ""
            raise click.ClickException(f"{e.strerror or e}{where}") from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        # The order a user meets them in, not alphabetical.
        order = ["init", "add", "list", "show", "search", "case", "link", "unlink", "note",
                 "timeline", "due", "promise", "describe", "field", "item", "export", "verify-export", "log",
                 "verify", "backup", "restore", "reocr", "reading", "reindex", "config"]
        rest = sorted(set(super().list_commands(ctx)) - set(order))
        return [c for c in order if c in self.commands] + rest


@click.group(cls=VaultGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--vault", "vault_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="EVIDENCE_VAULT", show_envvar=True,
              help="The vault folder (default: your user data folder).")
@click.version_option(__version__, "--version", prog_name="vault")
@click.pass_context
def cli(ctx: click.Context, vault_dir: Path | None) -> None:
    """A private, tamper-evident archive of evidence for a dispute with a platform:
    screenshots, receipts, call notes, and a dossier to hand over.

    \b
    Example:
        vault add Screenshot_20240315-142307.png --case jd-refund
    """
    ctx.obj = State(vault_dir)
    if ctx.invoked_subcommand is None:
        click.echo("vault: keep evidence safe, find it, hand it over.\n")
        click.echo("Commands:")
        width = max(len(n) for n in cli.list_commands(ctx))
        for name in cli.list_commands(ctx):
            cmd = cli.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            click.echo(f"  {name.ljust(width)}  {cmd.get_short_help_str(limit=70)}")
        click.echo("\nRun `vault COMMAND --help` for a command's options and an example.")


def _register() -> None:
    from evidence_vault.cli import (
        backup,
        cases,
        corrections,
        custody,
        dossier,
        find,
        follow,
        items,
        notes,
        reading,
        readings,
    )

    for module in (items, find, cases, notes, follow, corrections, dossier, custody, backup,
                   reading, readings):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="vault")

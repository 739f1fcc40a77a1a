"""The `vault` command: a thin adapter over evidence_vault.vault.Vault.

A command parses its arguments, makes one library call, formats the result
and picks the exit code (0 ok, 1 an error or failed check, 2 bad usage).
Library errors (VaultError) become `Error: …` here, in one place, in the user's
language (cli/lang.py picks it before anything is parsed).
Commands live in modules by group: items, cases, notes, custody.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import Any

import click

from evidence_vault import __version__, i18n
from evidence_vault.cli import lang
from evidence_vault.cli.output import State
from evidence_vault.errors import VaultError
from evidence_vault.i18n import N_, _, localize

#: the commands by what a user is doing, for `vault`, `vault help` and `vault --help`; a
#: command in none of them is listed last, under "Other" (tests/test_i18n.py wants none there)
TASKS: list[tuple[str, list[str]]] = [
    (N_("Collect evidence"), ["init", "add", "case", "link", "unlink", "describe", "field", "item",
                          "reocr", "reading"]),
    (N_("Record contacts"), ["note"]),
    (N_("Follow up promises"), ["due", "promise", "timeline"]),
    (N_("Find"), ["list", "show", "search", "reindex"]),
    (N_("Export for others"), ["export", "backup", "restore"]),
    (N_("Check"), ["verify", "verify-export", "log"]),
    (N_("Settings and help"), ["config", "help"]),
]


class VaultGroup(click.Group):
    """Turns every VaultError into a one-line error with exit code 1."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except VaultError as e:
            raise click.ClickException(localize(e)) from None
        except KeyboardInterrupt:
            click.echo(_("Interrupted; what was added before is kept."), err=True)
            sys.exit(130)
        except OSError as e:
            # The machine, not the vault: a full disk or a file system gone
            # read-only under a command is one line, whatever step met it.
            if e.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                raise
            where = f": {e.filename}" if e.filename else ""
            raise click.ClickException(f"{e.strerror or e}{where}") from None

    def make_context(self, info_name: str | None, args: list[str],  # type: ignore[override]
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        # The language first: `vault --help` and a usage error are already in it.
        lang.apply(list(args))
        lang.localize_tree(self)
        return super().make_context(info_name, args, parent, **extra)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for heading, rows in command_rows(ctx, formatter.width):
            with formatter.section(heading):
                formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        # The order a user meets them in, not alphabetical.
        order = ["init", "add", "list", "show", "search", "case", "link", "unlink", "note",
                 "timeline", "due", "promise", "describe", "field", "item", "export", "verify-export", "log",
                 "verify", "backup", "restore", "reocr", "reading", "reindex", "config", "help"]
        rest = sorted(set(super().list_commands(ctx)) - set(order))
        return [c for c in order if c in self.commands] + rest


@click.group(cls=VaultGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--vault", "vault_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="EVIDENCE_VAULT", show_envvar=True,
              help="The vault folder (default: your user data folder).")
@click.option("--lang", "lang_", metavar="zh|zh-Hant|en",
              help="The language to speak (default: `vault config lang`, else your locale, "
                   "else your system's). --json is the same in every language.")
@click.version_option(__version__, "--version", prog_name="vault")
@click.pass_context
def cli(ctx: click.Context, vault_dir: Path | None, lang_: str | None) -> None:
    """A private, tamper-evident archive of evidence for a dispute with a platform:
    screenshots, receipts, call notes, and a dossier to hand over.

    \b
    Example:
        vault add Screenshot_20240315-142307.png --case jd-refund
    """
    if lang_ is not None and i18n.lang_of(lang_) is None:
        raise click.BadParameter(_("choose zh, zh-Hant or en"), param_hint="'--lang'")
    ctx.obj = State(vault_dir)
    if ctx.invoked_subcommand is None:
        print_overview(ctx)


def command_rows(ctx: click.Context, width: int = 78) -> list[tuple[str, list[tuple[str, str]]]]:
    """The commands by task, each with its short help, in the language in use."""
    group = ctx.find_root().command
    assert isinstance(group, click.Group)
    names = [n for n in group.list_commands(ctx)
             if (c := group.get_command(ctx, n)) is not None and not c.hidden]
    limit = max(width - 8 - max(len(n) for n in names), 30)
    placed: set[str] = set()
    out = []
    for heading, members in [*TASKS, (N_("Other"), names)]:
        rows = []
        for name in members:
            cmd = group.get_command(ctx, name)
            if name in placed or name not in names or cmd is None:
                continue
            placed.add(name)
            rows.append((name, cmd.get_short_help_str(limit=limit)))
        if rows:
            out.append((_(heading), rows))
    return out


def print_overview(ctx: click.Context) -> None:
    """`vault` alone and `vault help`: what vault is for, and its commands by task."""
    formatter = ctx.make_formatter()
    formatter.write_text(_("vault: keep evidence safe, find it, hand it over."))
    cli.format_commands(ctx, formatter)
    formatter.write_paragraph()
    formatter.write_text(_("Run `vault COMMAND --help` (or `vault help COMMAND`) for a "
                           "command's options and an example."))
    click.echo(formatter.getvalue().rstrip("\n"))


@click.command(name="help")
@click.argument("command", nargs=-1)
@click.pass_context
def help_(ctx: click.Context, command: tuple[str, ...]) -> None:
    """List the commands by task, or show one command's help.

    \b
    Example:
        vault help add
    """
    if not command:
        print_overview(ctx)
        return
    cmd: click.Command = cli
    sub_ctx = ctx.find_root()
    for word in command:
        found = cmd.get_command(sub_ctx, word) if isinstance(cmd, click.Group) else None
        if found is None:
            raise click.UsageError(_("no command {name!r}; `vault help` lists them").format(
                name=" ".join(command)))
        cmd = found
        sub_ctx = cmd.make_context(word, [], parent=sub_ctx, resilient_parsing=True)
    click.echo(cmd.get_help(sub_ctx))


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
    cli.add_command(help_)


_register()


def main() -> None:
    cli(prog_name="vault")

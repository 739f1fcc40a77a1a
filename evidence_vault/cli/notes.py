"""The note command: records of calls, chats, emails, SMS and visits."""

from __future__ import annotations

import re
from typing import Any

import click

from evidence_vault.cli.output import (
    State,
    created_line,
    echo_json,
    human_time,
    json_option,
    pass_state,
)
from evidence_vault.vault import CHANNELS


def print_note(n: dict[str, Any]) -> None:
    status = {"amended": f"  (amended by {n.get('amended_by')})",
              "void": f"  (void: {n.get('reason')})"}.get(n.get("status", ""), "")
    click.echo(f"{n['ref']}  {n['channel']} at {human_time(n['at'])}{status}")
    if n.get("amends"):
        click.echo(f"  amends: {n['amends']}")
    if n["with"]:
        click.echo(f"  with: {n['with']}")
    if n["ticket"]:
        click.echo(f"  ticket: {n['ticket']}")
    click.echo(f"  {n['text']}")
    for p in n["promises"]:
        due = f" by {p['due']}" if p["due"] else ""
        click.echo(f"  promise {p['ref']}: {p['text']}{due} ({p['status']})")
    if n["attachments"]:
        click.echo(f"  attached: {', '.join(n['attachments'])}")
    click.echo(f"  cases: {', '.join(n['cases'])}")
    click.echo(f"  sha256: {n['sha256']}")


class NoteGroup(click.Group):
    """`vault note …` records a note; `vault note amend N3 …` and `vault note void N3 …`
    change one. The first word picks a subcommand only when a note ref follows it, so a
    note whose text begins with "amend" or "void" is still recorded as written."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not (len(args) >= 2 and args[0] in self.commands and args[0] != "record"
                and re.fullmatch(r"[Nn]\d+", args[1].strip())):
            args = ["record", *args]
        return super().parse_args(ctx, args)


class _Record(click.Command):
    """`vault note TEXT…`: its usage line names the command as the user types it."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        path = ctx.parent.command_path if ctx.parent else ctx.command_path
        formatter.write_usage(path, " ".join(self.collect_usage_pieces(ctx)))


@click.group(cls=NoteGroup, invoke_without_command=False,
             short_help="Record a call, chat, email, SMS or visit; amend or void a note.")
def note() -> None:
    """Record a note, or amend or void one."""


@note.command(name="record", cls=_Record, hidden=True, epilog=(
    "Changing a note: `vault note amend NREF [TEXT] [options]` records a new version, "
    "`vault note void NREF --reason TEXT` takes one back; each has its own --help."))
@click.argument("text", nargs=-1, required=True)
@click.option("--case", required=True, metavar="SLUG", help="The case the note belongs to.")
@click.option("--channel", required=True, type=click.Choice(CHANNELS),
              help="How you were in touch.")
@click.option("--at", "at", required=True, metavar="DATETIME",
              help="When it happened: 2024-03-16 10:05.")
@click.option("--with", "with_whom", metavar="WHO", help="Who: name, 工号, number.")
@click.option("--ticket", metavar="NO", help="The ticket or case number they gave (工单号).")
@click.option("--promise", metavar="TEXT", help="What they promised: 3个工作日内退款.")
@click.option("--due", metavar="DATE", help="By when the promise is due: 2024-03-21.")
@click.option("--attach", "attach", multiple=True, metavar="REF",
              help="An item this note is about (a recording, a screenshot); repeatable, "
                   "or comma-separated.")
@json_option
@pass_state
def note_record(state: State, text: tuple[str, ...], case: str, channel: str, at: str,
         with_whom: str | None, ticket: str | None, promise: str | None, due: str | None,
         attach: tuple[str, ...], as_json: bool) -> None:
    """Record a call, chat, email, SMS or visit. A note is evidence too: it is
    hashed and written to the custody log like an item.

    \b
    Example:
        vault note --case jd-refund --channel phone --with "客服 工号A1023" \\
            --at "2024-03-16 10:05" --promise "3个工作日内退款" --due 2024-03-21 \\
            "客服确认订单异常，承诺退款"
    """
    refs = [r.strip() for a in attach for r in a.split(",") if r.strip()]
    n = state.vault.note(case=case, channel=channel, at=at, text=" ".join(text),
                         with_whom=with_whom, ticket=ticket, promise=promise, due=due,
                         attach=refs)
    if as_json:
        echo_json(n)
        return
    if n["already_recorded"]:
        click.echo(f"already recorded as {n['ref']} (the same note); cases: {', '.join(n['cases'])}")
    else:
        click.echo(f"noted {n['ref']} in {n['cases'][0] if len(n['cases']) == 1 else case}")
        for p in n["promises"]:
            due_s = f" due {p['due']}" if p["due"] else ""
            click.echo(f"  promise {p['ref']}: {p['text']}{due_s}")
    if n.get("created_case"):
        click.echo(created_line(n["created_case"], n.get("did_you_mean")))


@note.command(name="amend")
@click.argument("ref", metavar="NREF")
@click.argument("text", nargs=-1)
@click.option("--channel", type=click.Choice(CHANNELS), help="How you were in touch.")
@click.option("--at", "at", metavar="DATETIME", help="When it happened: 2024-03-16 10:05.")
@click.option("--with", "with_whom", metavar="WHO", help="Who: name, 工号, number.")
@click.option("--ticket", metavar="NO", help="The ticket or case number they gave (工单号).")
@click.option("--promise", metavar="TEXT", help="What they promised: 3个工作日内退款.")
@click.option("--due", metavar="DATE", help="By when the promise is due: 2024-03-21.")
@click.option("--attach", "attach", multiple=True, metavar="REF",
              help="The items this note is about (replacing the old note's).")
@click.option("--reason", metavar="TEXT", help="Why, kept in the custody log.")
@json_option
@pass_state
def note_amend(state: State, ref: str, text: tuple[str, ...], channel: str | None,
               at: str | None, with_whom: str | None, ticket: str | None,
               promise: str | None, due: str | None, attach: tuple[str, ...],
               reason: str | None, as_json: bool) -> None:
    """Record a new version of a note: what you do not give is the old one's. The old
    note stays in the vault, the log and `show`, marked amended; the new one takes its
    place in its cases, the timeline, due and the dossier.

    \b
    Example:
        vault note amend N3 --at "2024-03-16 10:05" --reason "typed the wrong day"
    """
    refs = [r.strip() for a in attach for r in a.split(",") if r.strip()]
    n = state.vault.note_amend(ref, text=" ".join(text) if text else None, channel=channel,
                               at=at, with_whom=with_whom, ticket=ticket, promise=promise,
                               due=due, attach=refs if attach else None, reason=reason)
    if as_json:
        echo_json(n)
    else:
        click.echo(f"noted {n['ref']}, amending {n['amends']}; cases: {', '.join(n['cases'])}")


@note.command(name="void")
@click.argument("ref", metavar="NREF")
@click.option("--reason", required=True, metavar="TEXT", help="Why the note is taken back.")
@json_option
@pass_state
def note_void(state: State, ref: str, reason: str, as_json: bool) -> None:
    """Take a note back: it leaves the timeline, due and the dossier, and stays in the
    vault, the custody log and `show` with your reason.

    \b
    Example:
        vault note void N5 --reason "a test note, typed while trying date formats"
    """
    n = state.vault.note_void(ref, reason=reason)
    if as_json:
        echo_json(n)
    else:
        click.echo(f"{n['ref']} is void: {reason}")


COMMANDS = [note]

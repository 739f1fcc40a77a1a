"""The note command: records of calls, chats, emails, SMS and visits."""

from __future__ import annotations

from typing import Any

import click

from evidence_vault.cli.output import State, echo_json, human_time, json_option, pass_state
from evidence_vault.vault import CHANNELS


def print_note(n: dict[str, Any]) -> None:
    click.echo(f"{n['ref']}  {n['channel']} at {human_time(n['at'])}")
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


@click.command()
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
def note(state: State, text: tuple[str, ...], case: str, channel: str, at: str,
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
    elif n["already_recorded"]:
        click.echo(f"already recorded as {n['ref']} (the same note); cases: {', '.join(n['cases'])}")
    else:
        click.echo(f"noted {n['ref']} in {case}")
        for p in n["promises"]:
            due_s = f" due {p['due']}" if p["due"] else ""
            click.echo(f"  promise {p['ref']}: {p['text']}{due_s}")


COMMANDS = [note]

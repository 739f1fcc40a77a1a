"""Commands that follow a case through time: timeline, due, promise, describe."""

from __future__ import annotations

import click

from evidence_vault.cli.output import State, echo_json, human_time, json_option, pass_state, table
from evidence_vault.dossier.wording import ZH


@click.command()
@click.option("--case", required=True, metavar="SLUG", help="The case.")
@json_option
@pass_state
def timeline(state: State, case: str, as_json: bool) -> None:
    """Show a case in time order: payments, screenshots, calls and chats, promises.

    \b
    Example:
        vault timeline --case jd-refund
    """
    events = state.vault.timeline(case)
    if as_json:
        echo_json({"case": case, "events": [e.to_json() for e in events]})
        return
    if not events:
        click.echo(f"Nothing in {case} yet.")
        return
    for e in events:
        by = f", {e.suggested_by} 显示已退款" if e.suggested_by else ""
        status = f"  [{e.status} {ZH.get(f'due_{e.status}', '')}{by}]" if e.status else ""
        click.echo(f"{human_time(e.at):<19}  {e.kind:<8} {e.ref:<5} {e.text}{status}")


@click.command()
@click.option("--case", metavar="SLUG", help="Only this case.")
@json_option
@pass_state
def due(state: State, case: str | None, as_json: bool) -> None:
    """List the promises made to you, with their due dates and whether they were kept.

    A promise still open after its due date counts as broken until you mark it
    kept with `vault promise P4 kept`.

    \b
    Example:
        vault due --case jd-refund
    """
    promises = state.vault.promises(case)
    if as_json:
        echo_json({"promises": promises})
        return
    if not promises:
        click.echo("No promises recorded. Add one with `vault note … --promise TEXT --due DATE`.")
        return
    click.echo(table([[p["ref"], p["due"] or "", f"{p['status']} {ZH['due_' + p['status']]}"
                       + (f" ({p['suggested_by']})" if p.get("suggested_by") else ""),
                       p["text"], p["source"], p["case"] or "(no case)"] for p in promises],
                     ["ref", "due", "status", "promise", "from", "case"], {3: 40}))


@click.command()
@click.argument("ref")
@click.argument("status", type=click.Choice(["kept", "broken", "open"]))
@json_option
@pass_state
def promise(state: State, ref: str, status: str, as_json: bool) -> None:
    """Mark a promise kept, broken or open again.

    \b
    Example:
        vault promise P4 kept
    """
    p = state.vault.set_promise(ref, status)
    if as_json:
        echo_json(p)
    else:
        click.echo(f"{p['ref']} {p['text']}: {p['status']}")


@click.command()
@click.argument("ref")
@click.option("--name", help="证据名称: what the exhibit is called in the 证据目录.")
@click.option("--purpose", help="证明目的: what it proves.")
@click.option("--group", help="证明事项: the fact it proves, shared by the exhibits of a group.")
@json_option
@pass_state
def describe(state: State, ref: str, name: str | None, purpose: str | None, group: str | None,
             as_json: bool) -> None:
    """Name an exhibit, say what it proves and group it, for the dossier.

    Without options, shows what is set. An empty value clears it.

    \b
    Example:
        vault describe E12 --purpose "证明申请人已支付1280元" --group "一、双方存在买卖合同关系"
    """
    if name is None and purpose is None and group is None:
        obj = state.vault.show(ref)
        d = obj.get("description") or {}
        result = {"ref": obj["ref"], "name": d.get("name"), "purpose": d.get("purpose"),
                  "group": d.get("group")}
    else:
        result = state.vault.describe(ref, name=name, purpose=purpose, group=group)
    if as_json:
        echo_json(result)
        return
    click.echo(result["ref"])
    for key in ("name", "purpose", "group"):
        click.echo(f"  {key}: {result[key] or '(not set)'}")


COMMANDS = [timeline, due, promise, describe]

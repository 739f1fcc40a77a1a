"""Commands on cases: case new, case list, case show."""

from __future__ import annotations

import click

from evidence_vault.cli.output import State, echo_json, human_time, json_option, pass_state, table


@click.group()
def case() -> None:
    """Create, list and show cases (one dispute each).

    \b
    Example:
        vault case new jd-refund --title "京东退款纠纷" --against "某某旗舰店" --platform 京东
    """


@case.command(name="new")
@click.argument("slug")
@click.option("--title", required=True, help="What the dispute is, in a few words.")
@click.option("--against", metavar="PARTY", help="The other party: shop, company or lender.")
@click.option("--platform", metavar="P", help="The platform: 京东, 淘宝, 支付宝 …")
@json_option
@pass_state
def case_new(state: State, slug: str, title: str, against: str | None, platform: str | None,
             as_json: bool) -> None:
    """Create a case. SLUG is the short name you type: letters, digits, - _ or Chinese.

    \b
    Example:
        vault case new jd-refund --title "京东退款纠纷" --against "某某旗舰店" --platform 京东
    """
    c = state.vault.case_new(slug, title=title, against=against, platform=platform)
    if as_json:
        echo_json(c)
    else:
        click.echo(f"created case {c['slug']}: {c['title']}")


@case.command(name="list")
@json_option
@pass_state
def case_list(state: State, as_json: bool) -> None:
    """List the cases.

    \b
    Example:
        vault case list
    """
    cases = state.vault.case_list()
    if as_json:
        echo_json({"cases": cases})
        return
    if not cases:
        click.echo("No cases yet. Create one with `vault case new SLUG --title …`.")
        return
    click.echo(table([[c["slug"], c["title"], c["against"], c["platform"], str(c["items"]),
                       str(c["notes"])] for c in cases],
                     ["case", "title", "against", "platform", "items", "notes"], {1: 40}))


@case.command(name="show")
@click.argument("slug")
@json_option
@pass_state
def case_show(state: State, slug: str, as_json: bool) -> None:
    """Show a case with its items and notes.

    \b
    Example:
        vault case show jd-refund
    """
    c = state.vault.case_show(slug)
    if as_json:
        echo_json(c)
        return
    click.echo(f"{c['slug']}: {c['title']}")
    for k in ("against", "platform"):
        if c[k]:
            click.echo(f"  {k}: {c[k]}")
    click.echo(f"  created: {human_time(c['created_at'])}")
    click.echo(f"\n{len(c['items'])} items")
    if c["items"]:
        click.echo(table([[i["ref"], human_time(i["captured_at"]), i["mime"], i["filename"]]
                          for i in c["items"]], ["ref", "captured (claimed)", "type", "file"],
                         {3: 50}))
    click.echo(f"\n{len(c['notes'])} notes")
    for n in c["notes"]:
        who = f" with {n['with']}" if n["with"] else ""
        click.echo(f"  {n['ref']:<5} {human_time(n['at'])}  {n['channel']}{who}: {n['text']}")
        for p in n["promises"]:
            due = f" by {p['due']}" if p["due"] else ""
            click.echo(f"        promise {p['ref']}: {p['text']}{due} ({p['status']})")


COMMANDS = [case]

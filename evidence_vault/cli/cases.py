"""Commands on cases: case new, case list, case show."""

from __future__ import annotations

import click

from evidence_vault.cli.output import State, echo_json, json_option, pass_state, table
from evidence_vault.i18n import _, ngettext, show_time


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
        click.echo(_("created case {slug}: {title}").format(slug=c["slug"], title=c["title"]))


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
        click.echo(_("No cases yet. Create one with `vault case new SLUG --title …`."))
        return
    click.echo(table([[c["slug"], c["title"], c["against"], c["platform"], str(c["items"]),
                       str(c["notes"])] for c in cases],
                     [_("case"), _("title"), _("against"), _("platform"), _("items"), _("notes")],
                     {1: 40}))


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
    from evidence_vault.cli.follow import note_text
    from evidence_vault.cli.notes import promise_line

    click.echo(f"{c['slug']}: {c['title']}")
    labels = {"against": _("against"), "platform": _("platform")}
    for k in ("against", "platform"):
        if c[k]:
            click.echo(f"  {labels[k]}: {c[k]}")
    click.echo("  " + _("created: {time}").format(time=show_time(c["created_at"])))
    n_items, n_notes = len(c["items"]), len(c["notes"])
    click.echo("\n" + ngettext("{n} item", "{n} items", n_items).format(n=n_items))
    if c["items"]:
        click.echo(table([[i["ref"], show_time(i["captured_at"]), i["mime"], i["filename"]]
                          for i in c["items"]],
                         [_("ref"), _("captured (claimed)"), _("type"), _("file")], {3: 50}))
    click.echo("\n" + ngettext("{n} note", "{n} notes", n_notes).format(n=n_notes))
    for n in c["notes"]:
        # as the timeline says it: phone with 客服: … / 电话（客服）：…
        text = note_text(n["channel"], n["with"], n["text"])
        click.echo(f"  {n['ref']:<5} {show_time(n['at'])}  {text}")
        for p in n["promises"]:
            click.echo("        " + promise_line(p))


COMMANDS = [case]

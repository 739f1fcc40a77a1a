"""Commands on cases: case new, list, show, rename, merge, rm, set."""

from __future__ import annotations

import click

from evidence_vault.cli.output import State, echo_json, json_option, pass_state, table
from evidence_vault.i18n import _, ngettext, show_time


@click.group()
def case() -> None:
    """Create, list, show, rename, merge and remove cases (one dispute each), and set
    who brings it and what they ask for.

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
    labels = {"against": _("against"), "platform": _("platform"), "claimant": _("claimant"),
              "claim": _("claim")}
    for k in ("against", "platform", "claimant", "claim"):
        if c.get(k):
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


def _refs(refs: list[str]) -> str:
    return ", ".join(refs)


def _items(n: int) -> str:
    return ngettext("{n} item", "{n} items", n).format(n=n)


def _notes(n: int) -> str:
    return ngettext("{n} note", "{n} notes", n).format(n=n)


def _detail(key: str) -> str:
    words = {"title": _("title"), "against": _("against"), "platform": _("platform"),
             "claimant": _("claimant"), "claim": _("claim")}
    return words.get(key, key)


@case.command(name="rename")
@click.argument("old")
@click.argument("new")
@json_option
@pass_state
def case_rename(state: State, old: str, new: str, as_json: bool) -> None:
    """Rename a case: OLD is called NEW from now on, with all it holds. The custody
    log keeps the old name.

    \b
    Example:
        vault case rename 京东退 京东退款
    """
    r = state.vault.case_rename(old, new)
    if as_json:
        echo_json(r)
        return
    click.echo(_("renamed case {old} to {new}").format(old=r["renamed_from"], new=r["slug"]))


@case.command(name="merge")
@click.argument("source", metavar="FROM")
@click.argument("into", metavar="INTO")
@json_option
@pass_state
def case_merge(state: State, source: str, into: str, as_json: bool) -> None:
    """Merge case FROM into case INTO: FROM's items and notes (with their promises)
    move into INTO, INTO's empty details (title, against, platform, claimant,
    claim) are filled from FROM's, and FROM is removed. Nothing is deleted.

    \b
    Example:
        vault case merge 京东退 京东退款
    """
    r = state.vault.case_merge(source, into)
    if as_json:
        echo_json(r)
        return
    moved = r["items"] + r["notes"]
    click.echo(_("merged case {source} into {into}: {items} and {notes} moved").format(
        source=r["merged_from"], into=r["slug"], items=_items(len(r["items"])),
        notes=_notes(len(r["notes"]))) + (f" ({_refs(moved)})" if moved else ""))
    if r["already_in"]:
        click.echo("  " + _("already in {case}: {refs}").format(case=r["slug"],
                                                                refs=_refs(r["already_in"])))
    if r["promises"]:
        click.echo("  " + _("promises now in {case}: {refs}").format(
            case=r["slug"], refs=_refs(r["promises"])))
    for k, v in r["copied"].items():
        click.echo("  " + _("{detail}: {value} (from {case})").format(
            detail=_detail(k), value=v, case=r["merged_from"]))
    click.echo("  " + _("case {case} removed; the custody log keeps its history").format(
        case=r["merged_from"]))


@case.command(name="rm")
@click.argument("slug")
@json_option
@pass_state
def case_rm(state: State, slug: str, as_json: bool) -> None:
    """Remove a case. Its items and notes are only unlinked, never deleted: they stay
    in the vault, in `vault list`, `search` and `due`, and the custody log keeps
    the case's history.

    \b
    Example:
        vault case rm test-case
    """
    r = state.vault.case_rm(slug)
    if as_json:
        echo_json(r)
        return
    click.echo(_("removed case {case}; its {items} and {notes} stay in the vault").format(
        case=r["removed"], items=_items(len(r["items"])), notes=_notes(len(r["notes"]))))
    if r["in_no_case"]:
        click.echo("  " + _("now in no case: {refs} (`vault link REF --case SLUG` files them "
                            "again)").format(refs=_refs(r["in_no_case"])))
    if r["promises"]:
        click.echo("  " + _("their promises still count in `vault due`: {refs}").format(
            refs=_refs(r["promises"])))


@case.command(name="set")
@click.argument("slug")
@click.option("--title", help="What the dispute is, in a few words.")
@click.option("--against", metavar="PARTY", help="The other party (被申请人): shop, company, "
              "lender.")
@click.option("--platform", metavar="P", help="The platform: 京东, 淘宝, 支付宝 …")
@click.option("--claimant", metavar="WHO", help="申请人: who brings the dispute (you).")
@click.option("--claim", metavar="TEXT", help="诉求: what you ask for, e.g. 退还货款1280元.")
@json_option
@pass_state
def case_set(state: State, slug: str, title: str | None, against: str | None,
             platform: str | None, claimant: str | None, claim: str | None,
             as_json: bool) -> None:
    """Set a case's details; the dossier's cover shows them. An empty value clears
    one (not the title). Each change is in the custody log, with the old value.

    \b
    Example:
        vault case set jd-refund --claimant 张三 --claim "退还货款1280元"
    """
    r = state.vault.case_set(slug, title=title, against=against, platform=platform,
                             claimant=claimant, claim=claim)
    if as_json:
        echo_json(r)
        return
    if not r["changed"]:
        click.echo(_("case {case}: nothing changed").format(case=r["slug"]))
        return
    click.echo(_("case {case}:").format(case=r["slug"]))
    cleared = _("(cleared)")
    for k in r["changed"]:
        click.echo(f"  {_detail(k)}: {r[k] if r[k] is not None else cleared}")


COMMANDS = [case]

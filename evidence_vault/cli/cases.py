"""Commands on cases: case new, list, show, rename, merge, rm, set."""

from __future__ import annotations

import click

from evidence_vault.cli.output import State, echo_json, human_time, json_option, pass_state, table


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
    for k in ("against", "platform", "claimant", "claim"):
        if c.get(k):
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


def _refs(refs: list[str]) -> str:
    return ", ".join(refs)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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
    click.echo(f"renamed case {r['renamed_from']} to {r['slug']}")


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
    click.echo(f"merged case {r['merged_from']} into {r['slug']}: "
               f"{_count(len(r['items']), 'item')} and {_count(len(r['notes']), 'note')} moved"
               + (f" ({_refs(moved)})" if moved else ""))
    if r["already_in"]:
        click.echo(f"  already in {r['slug']}: {_refs(r['already_in'])}")
    if r["promises"]:
        click.echo(f"  promises now in {r['slug']}: {_refs(r['promises'])}")
    for k, v in r["copied"].items():
        click.echo(f"  {k}: {v} (from {r['merged_from']})")
    click.echo(f"  case {r['merged_from']} removed; the custody log keeps its history")


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
    click.echo(f"removed case {r['removed']}; its {_count(len(r['items']), 'item')} and "
               f"{_count(len(r['notes']), 'note')} stay in the vault")
    if r["in_no_case"]:
        click.echo(f"  now in no case: {_refs(r['in_no_case'])} (`vault link REF --case SLUG` "
                   "files them again)")
    if r["promises"]:
        click.echo(f"  their promises still count in `vault due`: {_refs(r['promises'])}")


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
        click.echo(f"case {r['slug']}: nothing changed")
        return
    click.echo(f"case {r['slug']}:")
    for k in r["changed"]:
        click.echo(f"  {k}: {r[k] if r[k] is not None else '(cleared)'}")


COMMANDS = [case]

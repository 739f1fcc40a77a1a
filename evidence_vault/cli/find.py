"""The search commands: search and reindex."""

from __future__ import annotations

import os
import re
import sys

import click

from evidence_vault.cli.lang import said_back, width
from evidence_vault.cli.output import State, echo_json, json_option, pass_state
from evidence_vault.i18n import L_, _, ngettext, show_time
from evidence_vault.when import parse_user_date

_MARK = re.compile(r"\[([^\[\]]*)\]")


class QueryCommand(click.Command):
    """A command whose words may start with '-': `-拒绝` is a query term (an
    exclusion), not an unknown option. Only this command's own option names
    (and their values) are options; every other word is part of the query."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not (param.is_flag or param.count)
        options: list[str] = []
        words: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                words += args[i + 1:]
                break
            name = arg.split("=", 1)[0]
            if arg.startswith("-") and name in takes_value:
                options.append(arg)
                if takes_value[name] and "=" not in arg and i + 1 < len(args):
                    i += 1
                    options.append(args[i])
            else:
                words.append(arg)
            i += 1
        return super().parse_args(ctx, [*options, "--", *words] if words else options)


@click.command(cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--case", metavar="SLUG", help="Only in this case.")
@click.option("--kind", type=click.Choice(["item", "note"]), help="Only items or only notes.")
@click.option("--field", "field_kind", metavar="KIND",
              help="Only what has a field of this kind: order_no, amount, promise …")
@click.option("--from", "date_from", metavar="DATE", help="Event or capture time on or after.")
@click.option("--to", "date_to", metavar="DATE", help="Event or capture time on or before.")
@click.option("--min-amount", type=float, metavar="X", help="Only with an amount of at least X.")
@click.option("--max-amount", type=float, metavar="X", help="Only with an amount of at most X.")
@click.option("--platform", metavar="P", help="Only from this platform or app: 京东, 微信 …")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True)
@click.option("--count", "count", is_flag=True,
              help="Print only how many match, counted exactly (past 10,000 the total is "
                   "otherwise shown as 10000+).")
@json_option
@pass_state
def search(state: State, query: tuple[str, ...], case: str | None, kind: str | None,
           field_kind: str | None, date_from: str | None, date_to: str | None,
           min_amount: float | None, max_amount: float | None, platform: str | None,
           limit: int, count: bool, as_json: bool) -> None:
    """Find items and notes by any part of their text, fields or file name.

    Terms must all match; "quoted phrases" match as written; -term excludes;
    OR between two terms accepts either. One or two Chinese characters, part of
    an order number, an amount: all work; 訂單 finds 订单 and back.

    \b
    Example:
        vault search 退款 承诺 --case jd-refund
        vault search '"退款 成功"' -拒绝
        vault search 退 --count
    """
    text = " ".join(query)
    if date_from:
        typed, date_from = date_from, parse_user_date(date_from, what=L_("--from date"))
        said_back(typed, date_from, "--from")
    if date_to:
        typed, date_to = date_to, parse_user_date(date_to, what=L_("--to date"))
        said_back(typed, date_to, "--to")
    results = state.vault.search(text, case=case, kind=kind, field_kind=field_kind,
                                 date_from=date_from, date_to=date_to, min_amount=min_amount,
                                 max_amount=max_amount, platform=platform,
                                 limit=0 if count else limit, count=count)
    if as_json:
        echo_json(results.to_json())
        return
    if count:
        click.echo(ngettext("{n} found", "{n} found", results.total).format(n=results.total))
        return
    if not results.hits:
        click.echo(_("Nothing found for {query!r}.").format(query=text))
        return
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    for h in results.hits:
        snippet = h.snippet
        if colour:  # on a terminal the match is coloured; elsewhere it keeps its [markers]
            snippet = _MARK.sub(lambda m: click.style(m.group(1), fg="yellow", bold=True), snippet)
        cases = f"  [{', '.join(h.cases)}]" if h.cases else ""
        at = show_time(h.at)
        click.echo(f"{click.style(f'{h.ref:<6}', bold=True)} {at}{' ' * max(19 - width(at), 0)}  "
                   f"{h.title[:40]}{cases}")
        click.echo(f"       {snippet}")
    shown = len(results.hits)
    if results.total_is_lower_bound:
        click.echo(_("{n}+ found (showing {shown}; --count counts them all)").format(
            n=results.total, shown=shown))
        return
    found = ngettext("{n} found", "{n} found", results.total).format(n=results.total)
    if results.total > shown:
        found += _(" (showing {shown}; --limit for more)").format(shown=shown)
    click.echo(found)


@click.command()
@pass_state
def reindex(state: State) -> None:
    """Rebuild the search index from the vault's items and notes.

    \b
    Example:
        vault reindex
    """
    counts = state.vault.reindex()
    click.echo(_("reindexed {items} and {notes}").format(
        items=ngettext("{n} item", "{n} items", counts["items"]).format(n=counts["items"]),
        notes=ngettext("{n} note", "{n} notes", counts["notes"]).format(n=counts["notes"])))


COMMANDS = [search, reindex]

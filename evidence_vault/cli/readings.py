"""The readings kept of an item: vault reading list, vault reading use."""

from __future__ import annotations

from typing import Any

import click

from evidence_vault.cli.output import (
    State,
    echo_view,
    json_option,
    pass_state,
    short_version,
    table,
)
from evidence_vault.i18n import _, show_time


def _print(view: dict[str, Any]) -> None:
    not_vouched = _("not vouched")
    click.echo(table([[str(r["n"]), "*" if r["used"] else "", r["engine"],
                       short_version(r["engine_version"]),
                       show_time(r["created_at"]), str(r["chars"]),
                       str(r["fields"]) if r["trusted"] else not_vouched]
                      for r in view["readings"]],
                     ["#", _("used"), _("engine"), _("version"), _("read"), _("characters"),
                      _("fields")], {3: 40}))


@click.group()
def reading() -> None:
    """The readings kept of an item (every `reocr` keeps the one before), and which the
    item uses.

    \b
    Example:
        vault reading list E7
    """


@reading.command(name="list")
@click.argument("ref")
@json_option
@pass_state
def reading_list(state: State, ref: str, as_json: bool) -> None:
    """List the readings kept of an item, numbered; * marks the one it uses.

    \b
    Example:
        vault reading list E7
    """
    view = state.vault.readings(ref)
    echo_view(view, as_json, _print)


@reading.command(name="use")
@click.argument("ref")
@click.argument("number", type=click.IntRange(min=1))
@json_option
@pass_state
def reading_use(state: State, ref: str, number: int, as_json: bool) -> None:
    """Make an item use one of its readings again (its number in `vault reading list`);
    its fields are extracted from it anew, and your corrections still apply.

    \b
    Example:
        vault reading use E7 1
    """
    view = state.vault.use_reading(ref, number)
    echo_view(view, as_json, _print)


COMMANDS = [reading]

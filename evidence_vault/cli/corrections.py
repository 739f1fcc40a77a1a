"""The user's corrections: vault field set|rm|confirm, vault item set --at."""

from __future__ import annotations

from typing import Any

import click

from evidence_vault.cli.output import State, echo_json, echo_view, human_time, json_option, pass_state


def print_fields(view: dict[str, Any]) -> None:
    """The values that count, numbered as `field rm`/`confirm` take them, then what the
    machine read that no longer counts."""
    click.echo(f"{view['ref']} fields:")
    for n, f in enumerate(view["fields"], 1):
        click.echo(f"  {n:>2}. {field_line(f)}")
    for f in view["read"]:
        if f["status"] != "counts":
            click.echo(f"      read as {f['kind']}: {f['value']}  ({f['status']})")


def field_line(f: dict[str, Any]) -> str:
    role = f" ({f['role']})" if f["role"] else ""
    label = f"  [{f['label']}]" if f["label"] else ""
    whose = "  — yours" if f["source"] == "user" else (
        "  — confirmed" if f.get("confirmed") else "")
    return f"{f['kind']}{role}: {f['value']}{label}{whose}"


@click.group()
def field() -> None:
    """Correct what was read from an item or note: set, remove or confirm a value.

    The machine's values stay as read (`vault show` lists both); yours count from
    then on in search, the timeline, due, case show and the dossier.

    \b
    Example:
        vault field set E7 amount 1380.00 --role paid
    """


@field.command(name="set")
@click.argument("ref")
@click.argument("kind")
@click.argument("value")
@click.option("--role", metavar="R", help="What the value is: paid, refund, order, payment …")
@click.option("--label", metavar="L", help="The label printed beside it: 实付款, 订单编号 …")
@click.option("--reason", metavar="TEXT", help="Why, kept in the custody log.")
@json_option
@pass_state
def field_set(state: State, ref: str, kind: str, value: str, role: str | None,
              label: str | None, reason: str | None, as_json: bool) -> None:
    """Give an item or note a value of yours. A value the machine read with the same
    KIND and --role stops counting (it stays visible as read).

    \b
    Example:
        vault field set E7 amount 1380.00 --role paid --label 价税合计
    """
    view = state.vault.field_set(ref, kind, value, role=role, label=label, reason=reason)
    echo_view(view, as_json, print_fields)


@field.command(name="rm")
@click.argument("ref")
@click.argument("field_spec", metavar="FIELD")
@click.option("--reason", metavar="TEXT", help="Why, kept in the custody log.")
@json_option
@pass_state
def field_rm(state: State, ref: str, field_spec: str, reason: str | None,
             as_json: bool) -> None:
    """Take back a value: FIELD is its number in `vault show REF` or KIND:VALUE.
    Nothing is deleted: it stays as read, and no longer counts.

    \b
    Example:
        vault field rm E7 amount:258.00 --reason "not this order"
    """
    view = state.vault.field_rm(ref, field_spec, reason=reason)
    echo_view(view, as_json, print_fields)


@field.command(name="confirm")
@click.argument("ref")
@click.argument("field_spec", metavar="FIELD")
@json_option
@pass_state
def field_confirm(state: State, ref: str, field_spec: str, as_json: bool) -> None:
    """Confirm a value the machine read (FIELD: its number in `vault show REF` or
    KIND:VALUE).

    \b
    Example:
        vault field confirm E7 2
    """
    view = state.vault.field_confirm(ref, field_spec)
    echo_view(view, as_json, print_fields)


@click.group()
def item() -> None:
    """Correct what the vault claims about an item.

    \b
    Example:
        vault item set E7 --at "2024-03-15 14:23"
    """


@item.command(name="set")
@click.argument("ref")
@click.option("--at", "at", required=True, metavar="DATETIME",
              help="When the screenshot or photo was taken: 2024-03-15 14:23.")
@click.option("--reason", metavar="TEXT", help="Why, kept in the custody log.")
@json_option
@pass_state
def item_set(state: State, ref: str, at: str, reason: str | None, as_json: bool) -> None:
    """Set an item's capture time. The time claimed before (and where it came from)
    is kept beside yours.

    \b
    Example:
        vault item set E7 --at "2024-03-15 14:23" --reason "phone clock was wrong"
    """
    r = state.vault.set_capture_time(ref, at, reason=reason)
    if as_json:
        echo_json(r)
        return
    if not r["changed"]:
        click.echo(f"{r['ref']} already has the capture time {human_time(r['captured_at'])}")
        return
    was = r["replaced"]
    before = (f"{human_time(was['captured_at'])} from {was['source']}" if was["captured_at"]
              else "none")
    click.echo(f"{r['ref']} captured {human_time(r['captured_at'])} (yours; was {before})")


COMMANDS = [field, item]

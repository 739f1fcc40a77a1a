"""Commands that follow a case through time: timeline, due, promise, describe."""

from __future__ import annotations

import click

from evidence_vault import i18n
from evidence_vault.cli.lang import STATUS_WORDS, Words, width
from evidence_vault.cli.output import State, echo_json, json_option, pass_state, table
from evidence_vault.dossier import wording
from evidence_vault.followup import Event, money
from evidence_vault.i18n import _, pgettext, show_time


def status_word(status: str) -> str:
    """A promise's status in the user's language: kept, broken, open / 已兑现, 未兑现, 待定."""
    words = {"kept": pgettext("promise status", "kept"),
             "broken": pgettext("promise status", "broken"),
             "open": pgettext("promise status", "open")}
    return words.get(status, status)


def status_line(status: str, suggested_by: str | None) -> str:
    """kept, or kept (E3 shows the refund) when the evidence marked it."""
    if not suggested_by:
        return status_word(status)
    return _("{status} ({ref} shows the refund)").format(status=status_word(status),
                                                         ref=suggested_by)


def event_text(e: Event) -> str:
    """A timeline event in the user's language, with the dossier's words for it (the stored
    text, in Chinese, is what --json and the dossier give)."""
    if not e.parts:
        return e.text
    if e.kind == "note":
        return note_text(e.parts["channel"], e.parts["with"], e.parts["text"])
    if e.kind == "payment":
        w = wording.words(i18n.current())
        role = e.parts["role"]
        label = e.parts["label"] or w.get(f"idlabel_{e.parts['id_kind']}",
                                          w.get("id_fallback", "no."))
        key = f" {label} {e.parts['id']}" if e.parts["id"] else ""
        return f"{money_verb(role)} {money(e.parts['amount'])}{key}"
    return e.text


def channel_word(channel: str) -> str:
    """phone, chat … / 电话, 在线聊天 … (the dossier's words for them)."""
    words = {"phone": pgettext("channel", "phone"), "chat": pgettext("channel", "chat"),
             "email": pgettext("channel", "email"), "sms": pgettext("channel", "sms"),
             "visit": pgettext("channel", "visit"), "other": pgettext("channel", "other")}
    return words.get(channel, channel)


def note_text(channel: str, with_whom: str | None, text: str) -> str:
    """phone with 客服 工号A1023: … / 电话（客服 工号A1023）：…, in timeline and case show."""
    if with_whom:
        return _("{channel} with {who}: {text}").format(channel=channel_word(channel),
                                                        who=with_whom, text=text)
    return _("{channel}: {text}").format(channel=channel_word(channel), text=text)


def money_verb(role: str) -> str:
    words = {"paid": pgettext("money", "paid"), "refund": pgettext("money", "refund"),
             "disbursed": pgettext("money", "loan paid out"),
             "principal": pgettext("money", "loan"), "repaid": pgettext("money", "repaid"),
             "received": pgettext("money", "received")}
    return words.get(role, role)


def kind_word(kind: str) -> str:
    words = {"payment": pgettext("event", "payment"), "item": pgettext("event", "item"),
             "note": pgettext("event", "note"), "promise": pgettext("event", "promise")}
    return words.get(kind, kind)


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
        click.echo(_("Nothing in {case} yet.").format(case=case))
        return
    times = [show_time(e.at) for e in events]
    cols = max(width(t) for t in times)
    for e, at in zip(events, times, strict=True):
        status = f"  [{status_line(e.status, e.suggested_by)}]" if e.status else ""
        kind = kind_word(e.kind)
        click.echo(f"{at}{' ' * (cols - width(at))}  {kind}{' ' * max(8 - width(kind), 1)}"
                   f" {e.ref:<5} {event_text(e)}{status}")


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
        click.echo(_("No promises recorded. Add one with `vault note … --promise TEXT --due DATE`."))
        return
    no_case = _("(no case)")
    click.echo(table([[p["ref"], show_time(p["due"]),
                       status_line(p["status"], p.get("suggested_by")),
                       p["text"], p["source"], p["case"] or no_case] for p in promises],
                     [_("ref"), _("due"), _("status"), _("promise"), _("from"), _("case")],
                     {3: 40}))


@click.command()
@click.argument("ref")
@click.argument("status", type=Words(STATUS_WORDS))
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
        click.echo(_("{ref} {text}: {status}").format(ref=p["ref"], text=p["text"],
                                                     status=status_word(p["status"])))


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
    labels = {"name": _("name"), "purpose": _("purpose"), "group": _("group")}
    unset = _("(not set)")
    for key in ("name", "purpose", "group"):
        click.echo(f"  {labels[key]}: {result[key] or unset}")


COMMANDS = [timeline, due, promise, describe]

"""Commands on items: init, add, list, show, link, unlink."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from evidence_vault.cli.lang import said_back, width
from evidence_vault.cli.output import (
    ProgressBar,
    State,
    created_line,
    echo_json,
    echo_json_items,
    human_size,
    json_option,
    pass_state,
    short_version,
    table,
)
from evidence_vault.i18n import N_, _, localize, ngettext, pgettext, show_time
from evidence_vault.ocr import engine_names
from evidence_vault.vault import NO_SPACE, AddResult
from evidence_vault.when import parse_user_datetime

NO_SPACE_HINT = N_("hint: free some space on the vault's disk, then run the same `vault add` "
                   "again: what was added is kept, and the rest is added then.")


@click.command()
@json_option
@pass_state
def init(state: State, as_json: bool) -> None:
    """Create the vault (done for you on first use) and say where it is.

    \b
    Example:
        vault --vault ~/evidence init
    """
    info = state.vault.info()
    if as_json:
        echo_json(info)
        return
    click.echo(_("Vault {vault_id} at {path}").format(vault_id=info["vault_id"], path=info["path"]))
    click.echo(_("{items}, {notes}, {cases}; custody log at #{seq}").format(
        items=ngettext("{n} item", "{n} items", info["items"]).format(n=info["items"]),
        notes=ngettext("{n} note", "{n} notes", info["notes"]).format(n=info["notes"]),
        cases=ngettext("{n} case", "{n} cases", info["cases"]).format(n=info["cases"]),
        seq=info["log"]["seq"]))


def _status_word(status: str) -> str:
    words = {"added": pgettext("add status", "added"),
             "duplicate": pgettext("add status", "duplicate"),
             "failed": pgettext("add status", "failed")}
    return words.get(status, status)


def source_word(source: str | None) -> str:
    """Where a claimed capture time came from: exif, filename, user … / EXIF, 文件名, 你设定的 …"""
    words = {"exif": pgettext("time source", "exif"),
             "png-text": pgettext("time source", "png-text"),
             "pdf-meta": pgettext("time source", "pdf-meta"),
             "filename": pgettext("time source", "filename"),
             "user": pgettext("time source", "user"),
             "mtime": pgettext("time source", "mtime")}
    return words.get(source or "", source or "")


def _describe(r: AddResult) -> str:
    bits = [r.mime or ""]
    if r.captured_at:
        bits.append(_("captured {time} ({source})").format(
            time=show_time(r.captured_at), source=source_word(r.captured_at_source)))
    if r.app:
        bits.append(r.app)
    return "  ".join(b for b in bits if b)


@click.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(path_type=Path, exists=False))
@click.option("--case", "case", metavar="SLUG",
              help="Put the items in this case (created if it does not exist).")
@click.option("--at", "at", metavar="DATETIME",
              help="The capture time, when you know better than the file: 2024-03-15 14:23.")
@click.option("--note", "note", metavar="TEXT", help="A remark kept with each item.")
@click.option("--engine", type=click.Choice(engine_names()), default=None,
              help="OCR engine that reads images and scanned PDFs (default: the vault's, "
                   "rapidocr unless `vault config engine` changed it; none reads only PDFs' text).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Files read at once (default: the number of cores).")
@json_option
@pass_state
def add(state: State, paths: tuple[Path, ...], case: str | None, at: str | None,
        note: str | None, engine: str | None, jobs: int | None, as_json: bool) -> None:
    """Add files and folders (recursively) as evidence.

    Originals are kept byte for byte, named by their SHA-256. The same bytes
    added again are reported as a duplicate and linked to --case. A path that
    cannot be added is reported and the others are still added; the exit code
    is then 1.

    \b
    Example:
        vault add Screenshot_20240315-142307.png ~/Pictures/jd/ --case jd-refund
    """

    if at:
        typed_at, at = at, parse_user_datetime(at, what=_("--at time"))
        said_back(typed_at, at, "--at")

    def progress(r: AddResult | None, done: int, total: int) -> None:
        if r is None:
            pass
        elif r.status == "failed":
            bar.echo(_("Error: {message}").format(message=_("{path}: {reason}").format(
                path=r.path, reason=localize(r.error))), err=True)
        elif not as_json:
            word = _status_word(r.status)
            label = word + " " * max(9 - width(word), 0)
            if r.status == "added":
                label = click.style(label, fg="green")
            extra = _describe(r)
            if r.status == "duplicate":
                extra = (_("already in the vault; in {cases}").format(cases=", ".join(r.cases))
                         if r.cases else _("already in the vault"))
            if r.status == "added" and r.fields:
                extra += "  " + ngettext("{n} field", "{n} fields", r.fields).format(n=r.fields)
            bar.echo(f"{label} {r.ref:<6} {r.path}  {extra}")
            for w in r.warnings:
                bar.echo("          " + _("warning: {message}").format(message=localize(w)),
                         err=True)
        bar.update(done, total, _("reading"))

    with ProgressBar(not as_json) as bar:
        results = state.vault.add(list(paths), case=case, at=at, note=note, engine=engine,
                                  jobs=jobs, progress=progress)
    counts = {s: sum(1 for r in results if r.status == s)
              for s in ("added", "duplicate", "failed")}
    made = next((r for r in results if r.created_case), None)
    if as_json:
        echo_json_items((r.to_json() for r in results), **counts,
                        created_case=made.created_case if made else None,
                        did_you_mean=made.did_you_mean if made else None)
    else:
        if made:
            click.echo(created_line(made.created_case, made.did_you_mean))
        summary = _("{added} added, {duplicate} duplicate, {failed} failed").format(**counts)
        if case and (counts["added"] or counts["duplicate"]):
            summary += _("; case {case}").format(case=case)
        click.echo(summary)
    if any(r.error == NO_SPACE for r in results):
        click.echo(_(NO_SPACE_HINT), err=True)
    if counts["failed"]:
        sys.exit(1)


@click.command(name="list")
@click.option("--case", metavar="SLUG", help="Only the items of this case.")
@json_option
@pass_state
def list_(state: State, case: str | None, as_json: bool) -> None:
    """List the items in the vault, or in one case.

    \b
    Example:
        vault list --case jd-refund
    """
    items = state.vault.list_items(case)
    if as_json:
        echo_json({"items": items})
        return
    if not items:
        click.echo(_("No items yet. Add some with `vault add FILE…`."))
        return
    click.echo(table(
        [[i["ref"], show_time(i["captured_at"]), i["mime"], human_size(i["size"]),
          i["filename"], ", ".join(i["cases"])] for i in items],
        [_("ref"), _("captured (claimed)"), _("type"), _("size"), _("file"), _("cases")],
        {4: 48}))


@click.command()
@click.argument("ref")
@json_option
@pass_state
def show(state: State, ref: str, as_json: bool) -> None:
    """Show one item or note: E12, 12, N3, or 6+ hex digits of a SHA-256.

    \b
    Example:
        vault show E12
    """
    obj = state.vault.show(ref)
    if as_json:
        echo_json(obj)
        return
    if obj.get("kind") == "note":
        from evidence_vault.cli.notes import print_note

        print_note(obj)
        return
    rows = [
        (_("item"), obj["ref"]),
        (_("file"), obj["filename"]),
        (_("type"), f"{obj['mime']}, {human_size(obj['size'])}"),
        ("sha256", obj["sha256"]),
        (_("added"), show_time(obj["added_at"])),
        (_("captured"), _("{time} (claimed; from {source})").format(
            time=show_time(obj["captured_at"]), source=source_word(obj["captured_at_source"]))
         if obj["captured_at"] else _("unknown")),
        (_("app"), obj["app"] or ""),
        (_("cases"), ", ".join(obj["cases"])),
        (_("note"), obj["note"] or ""),
        (_("stored at"), obj["path"]),
    ]
    for k, v in rows:
        if v:
            click.echo(f"{' ' * max(10 - width(k), 0)}{k}  {v}")
    if obj["fields"] or obj.get("read"):
        from evidence_vault.cli.corrections import print_fields

        click.echo("")
        print_fields(obj)
    if obj["ocr"] and obj["ocr"]["text"]:
        engine, version = obj["ocr"]["engine"], short_version(obj["ocr"]["engine_version"])
        # rapidocr's version names the engine itself ("rapidocr 3.10.0 / openvino …")
        reader = version if version.startswith(f"{engine} ") else f"{engine} {version}"
        click.echo("\n" + _("text ({reader}):").format(reader=reader))
        click.echo(obj["ocr"]["text"])


@click.command()
@click.argument("refs", nargs=-1, required=True)
@click.option("--case", required=True, metavar="SLUG", help="The case to link to.")
@json_option
@pass_state
def link(state: State, refs: tuple[str, ...], case: str, as_json: bool) -> None:
    """Put items and notes into a case (E12, N3 …).

    \b
    Example:
        vault link E12 E13 N2 --case jd-refund
    """
    changed = state.vault.link(list(refs), case)
    if as_json:
        echo_json({"case": case, "linked": changed})
        return
    click.echo(_("linked {refs} to {case}").format(refs=", ".join(changed), case=case) if changed
               else _("already in {case}; nothing changed").format(case=case))


@click.command()
@click.argument("refs", nargs=-1, required=True)
@click.option("--case", required=True, metavar="SLUG", help="The case to unlink from.")
@json_option
@pass_state
def unlink(state: State, refs: tuple[str, ...], case: str, as_json: bool) -> None:
    """Take items and notes out of a case (they stay in the vault).

    \b
    Example:
        vault unlink E13 --case jd-refund
    """
    _moved(state.vault.unlink(list(refs), case), case, as_json, "unlinked",
           "unlinked {refs} from {case}", "not in {case}")


def _moved(changed: list[str], case: str, as_json: bool, key: str, moved: str, unmoved: str
           ) -> None:
    """What link or unlink changed: `{"case", key: refs}` with --json, else `moved` (or
    `unmoved` when nothing changed), with {refs} and {case} filled in."""
    if as_json:
        echo_json({"case": case, "unlinked": changed})
        return
    click.echo(_("unlinked {refs} from {case}").format(refs=", ".join(changed), case=case)
               if changed else _("not in {case}; nothing changed").format(case=case))


COMMANDS = [init, add, list_, show, link, unlink]

"""Commands on items: init, add, list, show, link, unlink."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from evidence_vault.cli.output import (
    ProgressBar,
    State,
    created_line,
    echo_json,
    echo_json_items,
    human_size,
    human_time,
    json_option,
    pass_state,
    table,
)
from evidence_vault.ocr import engine_names
from evidence_vault.vault import NO_SPACE, AddResult

NO_SPACE_HINT = ("hint: free some space on the vault's disk, then run the same `vault add` again: "
                 "what was added is kept, and the rest is added then.")


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
    click.echo(f"Vault {info['vault_id']} at {info['path']}")
    click.echo(f"{info['items']} items, {info['notes']} notes, {info['cases']} cases; "
               f"custody log at #{info['log']['seq']}")


def _describe(r: AddResult) -> str:
    bits = [r.mime or ""]
    if r.captured_at:
        bits.append(f"captured {human_time(r.captured_at)} ({r.captured_at_source})")
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

    def progress(r: AddResult | None, done: int, total: int) -> None:
        if r is None:
            pass
        elif r.status == "failed":
            bar.echo(f"Error: {r.path}: {r.error}", err=True)
        elif not as_json:
            label = f"{r.status:<9}"
            if r.status == "added":
                label = click.style(label, fg="green")
            extra = _describe(r)
            if r.status == "duplicate":
                extra = "already in the vault" + (
                    f"; in {', '.join(r.cases)}" if r.cases else "")
            if r.status == "added" and r.fields:
                extra += f"  {r.fields} fields"
            bar.echo(f"{label} {r.ref:<6} {r.path}  {extra}")
            for w in r.warnings:
                bar.echo(f"          warning: {w}", err=True)
        bar.update(done, total, "reading")

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
        summary = (f"{counts['added']} added, {counts['duplicate']} duplicate, "
                   f"{counts['failed']} failed")
        if case and (counts["added"] or counts["duplicate"]):
            summary += f"; case {case}"
        click.echo(summary)
    if any(r.error == NO_SPACE for r in results):
        click.echo(NO_SPACE_HINT, err=True)
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
        click.echo("No items yet. Add some with `vault add FILE…`.")
        return
    click.echo(table(
        [[i["ref"], human_time(i["captured_at"]), i["mime"], human_size(i["size"]),
          i["filename"], ", ".join(i["cases"])] for i in items],
        ["ref", "captured (claimed)", "type", "size", "file", "cases"], {4: 48}))


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
        ("item", obj["ref"]),
        ("file", obj["filename"]),
        ("type", f"{obj['mime']}, {human_size(obj['size'])}"),
        ("sha256", obj["sha256"]),
        ("added", human_time(obj["added_at"])),
        ("captured", f"{human_time(obj['captured_at'])} (claimed; from {obj['captured_at_source']})"
         if obj["captured_at"] else "unknown"),
        ("app", obj["app"] or ""),
        ("cases", ", ".join(obj["cases"])),
        ("note", obj["note"] or ""),
        ("stored at", obj["path"]),
    ]
    for k, v in rows:
        if v:
            click.echo(f"{k:>10}  {v}")
    if obj["fields"] or obj.get("read"):
        from evidence_vault.cli.corrections import print_fields

        click.echo("")
        print_fields(obj)
    if obj["ocr"] and obj["ocr"]["text"]:
        click.echo(f"\ntext ({obj['ocr']['engine']} {obj['ocr']['engine_version']}):")
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
    _moved(state.vault.link(list(refs), case), case, as_json, "linked",
           "linked {refs} to {case}", "already in {case}")


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
        echo_json({"case": case, key: changed})
    elif changed:
        click.echo(moved.format(refs=", ".join(changed), case=case))
    else:
        click.echo(unmoved.format(case=case) + "; nothing changed")


COMMANDS = [init, add, list_, show, link, unlink]

"""The dossier commands: export and verify-export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from evidence_vault.cli.output import State, echo_json, json_option, pass_state
from evidence_vault.i18n import _, localize, ngettext


@click.command()
@click.option("--case", required=True, metavar="SLUG", help="The case to export.")
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="The folder to write (or the .zip, with --zip).")
@click.option("--zip", "zip_", is_flag=True, help="Write one .zip file instead of a folder.")
@click.option("--redact", is_flag=True,
              help="Also write the public copy (脱敏版) for complaint sites: ID, phone and card "
                   "numbers and names hidden on every page of every exhibit.")
@click.option("--lang", type=click.Choice(["zh", "zh-Hant", "en"]), default="zh", show_default=True,
              help="The dossier's language: simplified Chinese, traditional Chinese or English.")
@click.option("--font", "font_path", type=click.Path(path_type=Path, dir_okay=False),
              help="A Chinese font file to use (.ttf, .otf or .ttc) when none is found.")
@click.option("--force", is_flag=True,
              help="Replace --out if it is a dossier this vault wrote (or fill it if it is an "
                   "empty folder); anything else there is never replaced.")
@json_option
@pass_state
def export(state: State, case: str, out: Path, zip_: bool, redact: bool, lang: str,
           font_path: Path | None, force: bool, as_json: bool) -> None:
    """Make the dossier of a case: dossier.pdf with the 证据目录, the timeline, every
    exhibit and the 电子数据保全说明; the list as CSV and Word; the originals;
    manifest.json and SHA256SUMS.

    Exhibit numbers stay the same across exports of a case; new evidence gets
    new numbers.

    \b
    Example:
        vault export --case jd-refund --out ~/dossier-jd --redact
    """
    from evidence_vault.dossier.export import export as do_export

    result = do_export(state.vault, case, out, zip_=zip_, redact=redact, lang=lang,
                       force=force, font_path=font_path)
    for warning in result.warnings:
        click.echo(_("warning: {message}").format(message=localize(warning)), err=True)
    if as_json:
        echo_json(result.to_json())
        return
    if result.cleaned:
        click.echo(_cleaned_line(result.cleaned), err=True)
    click.echo(_("wrote {path}").format(path=result.path))
    pages = ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages)
    exhibits = ngettext("{n} exhibit", "{n} exhibits", len(result.exhibits)).format(
        n=len(result.exhibits))
    new = (_(" (new: {numbers})").format(numbers=", ".join(map(str, result.new_numbers)))
           if result.new_numbers and len(result.new_numbers) < len(result.exhibits) else "")
    click.echo(f"  dossier.pdf: {pages}, {exhibits}{new}")
    if redact:
        hidden = sum(sum(r["hidden"].values()) for r in result.redactions)
        click.echo("  dossier-redacted.pdf, redacted/: " + ngettext(
            "{copies} redacted copy; {hidden} ID, phone, card numbers and names hidden",
            "{copies} redacted copies; {hidden} ID, phone, card numbers and names hidden",
            len(result.redactions)).format(copies=len(result.redactions), hidden=hidden))
    click.echo("  evidence-list.csv, evidence-list.docx, originals/, manifest.json, SHA256SUMS")
    if result.zip:
        click.echo(_("check it: unzip it, then in {folder}/ run `sha256sum -c SHA256SUMS`, or "
                     "`vault verify-export {path}`").format(folder=Path(result.path).stem,
                                                            path=result.path))
    else:
        click.echo(_("check it: in {path} run `sha256sum -c SHA256SUMS`, or "
                     "`vault verify-export {path}`").format(path=result.path))


def _cleaned_line(cleaned: list[dict[str, str]]) -> str:
    removed = [c["path"] for c in cleaned if c["action"] == "removed"]
    restored = [c["path"] for c in cleaned if c["action"] == "restored"]
    line = (ngettext("cleaned up after {n} interrupted export: removed its staging folder in "
                     "{where}", "cleaned up after {n} interrupted exports: removed their staging "
                     "folders in {where}", len(removed)).format(
                         n=len(removed), where=Path(removed[0]).parent)
            if removed else _("cleaned up"))
    if restored:
        line += _("; put the previous dossier back at {paths}").format(paths=", ".join(restored))
    return line


@click.command(name="verify-export")
@click.argument("path", type=click.Path(path_type=Path))
@json_option
@pass_state
def verify_export(state: State, path: Path, as_json: bool) -> None:
    """Check a dossier folder or zip against its manifest, byte for byte.

    Names every file that changed, went missing, was added or cannot be read,
    and anything malformed in the manifest, SHA256SUMS or the zip; a path that
    leads outside the dossier is reported, never opened. Exits 1 if any.

    \b
    Example:
        vault verify-export ~/dossier-jd
    """
    from evidence_vault.dossier.export import verify_export as check

    summary, problems = check(path)
    if as_json:
        echo_json({**summary, "ok": not problems, "problems": [p.to_json() for p in problems]})
    else:
        for p in problems:
            click.echo(_("PROBLEM {ref}: {what}").format(ref=p.path, what=localize(p.what)),
                       err=True)
        if problems:
            click.echo(click.style(_("FAILED"), fg="red") + ngettext(
                ": {n} problem in {path}", ": {n} problems in {path}", len(problems)).format(
                    n=len(problems), path=path), err=True)
        else:
            click.echo(click.style(_("OK"), fg="green") + ngettext(
                ": {n} file in {path} matches the manifest byte for byte",
                ": {n} files in {path} match the manifest byte for byte", summary["files"]).format(
                    n=summary["files"], path=path))
    if problems:
        sys.exit(1)


COMMANDS = [export, verify_export]

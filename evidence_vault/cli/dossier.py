"""The dossier commands: export and verify-export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from evidence_vault.cli.output import State, echo_json, json_option, pass_state


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
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        echo_json(result.to_json())
        return
    if result.cleaned:
        click.echo(_cleaned_line(result.cleaned), err=True)
    click.echo(f"wrote {result.path}")
    click.echo(f"  dossier.pdf: {result.pages} pages, {len(result.exhibits)} exhibits"
               + (f" (new: {', '.join(map(str, result.new_numbers))})"
                  if result.new_numbers and len(result.new_numbers) < len(result.exhibits)
                  else ""))
    if redact:
        hidden = sum(sum(r["hidden"].values()) for r in result.redactions)
        click.echo(f"  dossier-redacted.pdf (脱敏版) and redacted/ ({len(result.redactions)} "
                   f"copies): {hidden} ID, phone, card numbers and names hidden")
    click.echo("  evidence-list.csv, evidence-list.docx, originals/, manifest.json, SHA256SUMS")
    where = f"unzip it, then in {Path(result.path).stem}/" if result.zip else f"in {result.path}"
    click.echo(f"check it: {where} run `sha256sum -c SHA256SUMS`, or "
               f"`vault verify-export {result.path}`")


def _cleaned_line(cleaned: list[dict[str, str]]) -> str:
    removed = [c["path"] for c in cleaned if c["action"] == "removed"]
    restored = [c["path"] for c in cleaned if c["action"] == "restored"]
    line = (f"cleaned up after {len(removed)} interrupted export(s): removed their staging "
            f"folder(s) in {Path(removed[0]).parent}" if removed else "cleaned up")
    if restored:
        line += f"; put the previous dossier back at {', '.join(restored)}"
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
            click.echo(f"PROBLEM {p.path}: {p.what}", err=True)
        if problems:
            click.echo(click.style("FAILED", fg="red") + f": {len(problems)} problem(s) in "
                       f"{path}", err=True)
        else:
            click.echo(click.style("OK", fg="green") + f": {summary['files']} files in {path} "
                       "match the manifest byte for byte")
    if problems:
        sys.exit(1)


COMMANDS = [export, verify_export]

"""Commands about reading evidence: reocr, and the vault's settings (config)."""

from __future__ import annotations

import click

from evidence_vault.cli.output import ProgressBar, State, echo_json, json_option, pass_state
from evidence_vault.ocr import engine_names


@click.command()
@click.argument("refs", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every item that can be read.")
@click.option("--engine", type=click.Choice(engine_names()), default=None,
              help="The OCR engine (default: the vault's).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Files read at once (default: the number of cores).")
@json_option
@pass_state
def reocr(state: State, refs: tuple[str, ...], all_: bool, engine: str | None,
          jobs: int | None, as_json: bool) -> None:
    """Read items again, with another engine or a newer one, and re-extract their fields.

    A reading of the same bytes by the same engine version is reused, never
    redone. The originals are untouched; every change is in the custody log.

    \b
    Example:
        vault reocr E12 E13 --engine tesseract
    """
    if bool(refs) == all_:
        raise click.UsageError("give the items to read again, or --all")
    with ProgressBar(not as_json) as bar:
        done = state.vault.reocr(None if all_ else list(refs), engine=engine, jobs=jobs,
                                 progress=lambda ref, n, total: bar.update(n, total, f"read {ref}"))
    if as_json:
        echo_json({"items": done})
        return
    for d in done:
        how = "cached" if d["cached"] else "read"
        click.echo(f"{d['ref']:<6} {how:<6} {d['chars']} characters, {d['fields']} fields "
                   f"({d['engine']})")
        for w in d["warnings"]:
            click.echo(f"       warning: {w}", err=True)
    click.echo(f"{len(done)} items read again")


@click.command()
@click.argument("key", required=False, type=click.Choice(["engine"]))
@click.argument("value", required=False)
@json_option
@pass_state
def config(state: State, key: str | None, value: str | None, as_json: bool) -> None:
    """Show or change the vault's settings: `engine` is the default OCR engine.

    \b
    Example:
        vault config engine tesseract
    """
    v = state.vault
    if key and value:
        v.set_default_engine(value)
    settings = {"engine": v.default_engine()}
    if as_json:
        echo_json(settings)
    elif key:
        click.echo(settings[key])
    else:
        for k, val in settings.items():
            click.echo(f"{k} = {val}")


COMMANDS = [reocr, config]

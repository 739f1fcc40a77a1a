"""Commands about reading evidence: reocr, and the vault's settings (config)."""

from __future__ import annotations

import click

from evidence_vault import i18n
from evidence_vault.cli.lang import width
from evidence_vault.cli.output import ProgressBar, State, echo_json, json_option, pass_state
from evidence_vault.i18n import _, localize, ngettext
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
        raise click.UsageError(_("give the items to read again, or --all"))
    with ProgressBar(not as_json) as bar:
        done = state.vault.reocr(
            None if all_ else list(refs), engine=engine, jobs=jobs,
            progress=lambda ref, n, total: bar.update(n, total, _("read {ref}").format(ref=ref)))
    if as_json:
        echo_json({"items": done})
        return
    for d in done:
        how = _("cached") if d["cached"] else _("read")
        click.echo(f"{d['ref']:<6} {how}{' ' * max(7 - width(how), 1)}" + _(
            "{chars}, {fields} ({engine})").format(
                chars=ngettext("{n} character", "{n} characters", d["chars"]).format(n=d["chars"]),
                fields=ngettext("{n} field", "{n} fields", d["fields"]).format(n=d["fields"]),
                engine=d["engine"]))
        for w in d["warnings"]:
            click.echo("       " + _("warning: {message}").format(message=localize(w)),
                       err=True)
    click.echo(ngettext("{n} item read again", "{n} items read again", len(done)).format(
        n=len(done)))


@click.command()
@click.argument("key", required=False, type=click.Choice(["engine", "lang"]))
@click.argument("value", required=False)
@json_option
@pass_state
def config(state: State, key: str | None, value: str | None, as_json: bool) -> None:
    """Show or change the settings: `engine` is the vault's default OCR engine; `lang` is
    the language vault speaks to you (zh, zh-Hant or en; auto follows your locale again),
    kept in your user config folder, not in the vault.

    \b
    Example:
        vault config engine tesseract
        vault config lang zh
    """
    if key == "lang":
        if value:
            if value != "auto" and i18n.lang_of(value) not in i18n.LANGS:
                raise click.BadParameter(_("choose zh, zh-Hant, en or auto"),
                                         param_hint="'lang'")
            i18n.write_config("lang", None if value == "auto" else i18n.lang_of(value))
        if not as_json:  # the language is yours, not the vault's: no vault is opened
            click.echo(i18n.configured_lang() or _("auto (follows your locale: {lang})")
                       .format(lang=i18n.resolve()))
            return
    v = state.vault
    if key and value:
        v.set_default_engine(value)
    settings = {"engine": v.default_engine(), "lang": i18n.configured_lang()}
    if as_json:
        echo_json(settings)
    elif key:
        click.echo(settings[key])
    else:
        auto = _("auto")
        for k, val in settings.items():
            click.echo(f"{k} = {val or auto}")


COMMANDS = [reocr, config]

"""The catalogues: extract the messages, keep the translations in step, compile them.

    python scripts/i18n.py            # all of it: extract, update, traditional, compile
    python scripts/i18n.py --check    # exit 1, naming them, if anything is out of step

Messages come from three places, all into evidence_vault/locale/messages.pot:
1. the package's source, by Babel's Python extractor: _(), N_(), L_(), ngettext(), Ln_(),
   pgettext() (evidence_vault/i18n.py says which is for what);
2. the command tree: every command's help, short help and epilog and every option's help,
   read from Click's objects as Click shows them (cli/lang.py looks them up the same way), so
   a docstring needs no marking;
3. Click's own messages (Usage:, Error: …, Missing argument …), by the same extractor from
   the installed Click, which marks them for gettext.

zh_CN.po is translated by hand; a message new in the template arrives there untranslated (no
fuzzy guesses), and tests/test_i18n.py fails until it has its Chinese. zh_TW.po is made from
zh_CN.po by OpenCC (s2twp: Taiwan's characters and words, as a reader there expects them,
e.g. 檔案, 資料夾, 預設), and is never edited by hand. The .mo files are compiled by Babel and
committed, so a checkout runs in Chinese without a build step and the wheel needs no Babel to
be built; tests/test_i18n.py checks that each one is what compiling its .po gives.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "evidence_vault"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "messages.pot"
DOMAIN = "evidence_vault"
KEYWORDS = {"_": None, "N_": None, "L_": None, "ngettext": (1, 2), "Ln_": (1, 2),
            "pgettext": ((1, "c"), 2)}
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
HEADER = "Messages of evidence-vault's command line (vault); English is the source."


def _po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _mo(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


Found = tuple[str | tuple[str, ...], str, str | None]  # message, where, context


def from_source() -> Iterator[Found]:
    for filename, _lineno, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=(), strip_comment_tags=True):
        yield message, f"evidence_vault/{filename}", context


def from_tree() -> Iterator[Found]:
    sys.path.insert(0, str(REPO))
    from evidence_vault.cli import cli, lang

    for msgid, where in lang.msgids(cli):
        yield msgid, where, None


def from_click() -> Iterator[Found]:
    import click

    for filename, _lineno, message, _comments, context in extract_from_dir(
            str(Path(click.__file__).parent), method_map=[("**.py", "python")],
            keywords=CLICK_KEYWORDS):
        yield message, f"click/{filename}", context


def template() -> Catalog:
    cat = Catalog(domain=DOMAIN, project="evidence-vault", header_comment=f"# {HEADER}",
                  fuzzy=False)
    for source in (from_source(), from_tree(), from_click()):
        for message, where, context in source:
            key = message[0] if isinstance(message, tuple) else message
            if not key:
                continue
            existing = cat.get(key, context)
            if existing is not None:
                if where not in [loc for loc, _ in existing.locations]:
                    existing.locations.append((where, None))
                continue
            cat.add(message, locations=[(where, None)], context=context,
                    flags=("python-brace-format",) if "{" in key else ())
    return cat


def _text(cat: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, cat, width=100, include_lineno=False, omit_header=False, sort_output=False)
    # the creation date changes on every run; the template is compared by its messages
    lines = [ln for ln in out.getvalue().splitlines(keepends=True)
             if not ln.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date'))]
    return b"".join(lines)


def updated(pot: Catalog, lang: str) -> Catalog:
    if _po(lang).exists():
        with open(_po(lang), "rb") as f:
            cat = read_po(f, locale=lang)
    else:
        cat = Catalog(locale=lang, domain=DOMAIN, project="evidence-vault", fuzzy=False)
    cat.update(pot, no_fuzzy_matching=True, update_header_comment=False)
    cat.obsolete.clear()
    return cat


def traditional(simplified: Catalog) -> Catalog:
    """zh_TW from zh_CN, converted by OpenCC (s2twp)."""
    import opencc

    convert = opencc.OpenCC("s2twp").convert
    cat = Catalog(locale="zh_TW", domain=DOMAIN, project="evidence-vault",
                  header_comment="# Made from zh_CN by scripts/i18n.py with OpenCC (s2twp): "
                                 "do not edit.", fuzzy=False)
    for m in simplified:
        if not m.id:
            continue
        s = m.string
        string = (tuple(convert(x or "") for x in s) if isinstance(s, (list, tuple))
                  else convert(s or ""))
        cat.add(m.id, string, locations=m.locations, context=m.context, flags=m.flags)
    return cat


def compiled(cat: Catalog) -> bytes:
    # the header's dates would make every compile differ; the .mo is compared byte for byte
    cat.creation_date = cat.revision_date = FIXED_DATE
    out = io.BytesIO()
    write_mo(out, cat, use_fuzzy=False)
    return out.getvalue()


def build() -> dict[Path, bytes]:
    """Every file the catalogues should be, by path."""
    pot = template()
    zh = updated(pot, "zh_CN")
    tw = traditional(zh)
    return {POT: _text(pot), _po("zh_CN"): _text(zh), _po("zh_TW"): _text(tw),
            _mo("zh_CN"): compiled(zh), _mo("zh_TW"): compiled(tw)}


def untranslated(cat: Catalog) -> list[str]:
    missing = []
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
        if m.fuzzy or not all(strings):
            missing.append(m.id if isinstance(m.id, str) else m.id[0])
    return missing


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = ap.parse_args()
    files = build()
    stale = [p for p, data in files.items() if not p.exists() or p.read_bytes() != data]
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(REPO)}")
    else:
        for p in stale:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(files[p])
            print(f"wrote {p.relative_to(REPO)}")
    missing = untranslated(read_po(io.BytesIO(files[_po("zh_CN")]), locale="zh_CN"))
    if missing:
        print(f"{len(missing)} messages without a zh_CN translation, e.g. {missing[0]!r}")
    return 1 if (args.check and stale) or missing else 0


if __name__ == "__main__":
    sys.exit(main())

"""README.zh-CN.md is the whole README in Chinese: linked from the top of README.md, and
kept in step with it, documenting the same commands and the same options."""

from __future__ import annotations

import re

import click
from conftest import REPO
from test_help import all_commands

from evidence_vault.cli import cli

EN = REPO / "README.md"
ZH = REPO / "README.zh-CN.md"


def _commands(text: str) -> set[str]:
    """Every `vault <command> [<subcommand>]` the text mentions that names a real command."""
    names = {name for name, _ in all_commands(cli)}
    found = set()
    for m in re.finditer(r"vault ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?", text):
        two = f"{m.group(1)} {m.group(2)}" if m.group(2) else None
        if two in names:
            found.add(two)
        elif m.group(1) in names:
            found.add(m.group(1))
    return found


def _options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", text))


def test_the_chinese_readme_is_linked_from_the_top_of_the_english_one():
    head = EN.read_text(encoding="utf-8").split("\n## ")[0]
    assert "(README.zh-CN.md)" in head
    assert "(README.md)" in ZH.read_text(encoding="utf-8").split("\n## ")[0]


def test_both_readmes_document_the_same_commands_and_options():
    en, zh = EN.read_text(encoding="utf-8"), ZH.read_text(encoding="utf-8")
    assert _commands(en) == _commands(zh), (
        f"only in README.md: {sorted(_commands(en) - _commands(zh))}; "
        f"only in README.zh-CN.md: {sorted(_commands(zh) - _commands(en))}")
    assert _options(en) == _options(zh), (
        f"only in README.md: {sorted(_options(en) - _options(zh))}; "
        f"only in README.zh-CN.md: {sorted(_options(zh) - _options(en))}")
    leaves = {name for name, cmd in all_commands(cli) if not isinstance(cmd, click.Group)}
    assert leaves <= _commands(zh), sorted(leaves - _commands(zh))  # every command, in Chinese


def test_the_chinese_readme_is_chinese():
    text = ZH.read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    han = len(re.findall(r"[\u4e00-\u9fff]", prose))
    latin = len(re.findall(r"[A-Za-z]", re.sub(r"`[^`]*`", "", prose)))
    assert han > 2 * latin, (han, latin)
    assert len(re.findall(r"^#+ ", text, re.M)) == len(
        re.findall(r"^#+ ", EN.read_text(encoding="utf-8"), re.M))  # every section

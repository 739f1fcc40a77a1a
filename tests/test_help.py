"""Help is part of the product: every command has it, ends with an example,
and is explained in the README."""

from __future__ import annotations

import click
from conftest import REPO

from evidence_vault.cli import cli


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:  # `note record` is `vault note TEXT`, explained as such
            continue
        full = f"{prefix}{name}"
        out.append((full, cmd))
        if isinstance(cmd, click.Group):
            out += all_commands(cmd, full + " ")
    return out


def test_every_command_has_help_ending_with_an_example(run):
    for name, _ in all_commands(cli):
        out = run(*name.split(), "--help").stdout
        body = out.split("Options:")[0].rstrip().splitlines()
        assert any(line.strip() == "Example:" for line in body), name
        assert body[-1].strip().startswith("vault") or body[-1].strip().startswith('"'), name


def test_every_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, _ in all_commands(cli):
        assert f"vault {name}" in readme, f"README does not explain `vault {name}`"

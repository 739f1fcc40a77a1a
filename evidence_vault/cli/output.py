"""Shared CLI plumbing: the lazily opened vault, JSON output, terminal tables."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import click

from evidence_vault.vault import Vault

# Commands that only read; every other command first cleans up what a killed
# vault process left behind (Vault.clean_leftovers) and says so in one line.
READING_COMMANDS = {"list", "show", "search", "timeline", "due", "log", "verify-export",
                    "case list", "case show"}


class State:
    """Handed to every command; opens the vault on first use only, so that
    `vault --help` never creates one."""

    def __init__(self, vault_dir: Path | None) -> None:
        self.vault_dir = vault_dir
        self._vault: Vault | None = None

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            self._vault = Vault.open(self.vault_dir)
            ctx = click.get_current_context()
            ctx.call_on_close(self._vault.close)
            if " ".join(ctx.command_path.split()[1:]) not in READING_COMMANDS:
                cleaned = self._vault.clean_leftovers()
                if cleaned:
                    n = len(cleaned)
                    click.echo(f"cleaned up {n} file{'s' if n != 1 else ''} left by an "
                               "interrupted vault process", err=True)
        return self._vault


pass_state = click.make_pass_decorator(State)

json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print JSON (the stable contract) instead of text.")


def echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def width(s: str) -> int:
    """Columns a string takes on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def clip(s: str, cols: int) -> str:
    if width(s) <= cols:
        return s
    out, used = "", 0
    for c in s:
        w = width(c)
        if used + w > cols - 1:
            break
        out += c
        used += w
    return out + "…"


def table(rows: list[list[str]], headers: list[str], max_cols: dict[int, int] | None = None
          ) -> str:
    max_cols = max_cols or {}
    cells = [headers] + [[clip(str(c or ""), max_cols.get(i, 200)) for i, c in enumerate(r)]
                         for r in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        line = "  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(row)).rstrip()
        lines.append(click.style(line, bold=True) if n == 0 else line)
    return "\n".join(lines)


def human_time(iso: str | None) -> str:
    return (iso or "").replace("T", " ")


def human_size(n: int | None) -> str:
    if n is None:
        return ""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def created_line(slug: str | None, near: str | None) -> str:
    """What `add` and `note` say when their --case created the case: a typo of an
    existing case is a new case, so the near one is named."""
    line = f"created case {slug}"
    if near:
        line += (f"; did you mean {near!r}? (`vault case merge {slug} {near}` moves what "
                 "went into it)")
    return line

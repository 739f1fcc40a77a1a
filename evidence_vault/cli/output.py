"""Shared CLI plumbing: the lazily opened vault, JSON output, terminal tables and progress."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from evidence_vault.i18n import _, ngettext, show_time
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
                    click.echo(ngettext("cleaned up {n} file left by an interrupted vault "
                                        "process", "cleaned up {n} files left by an "
                                        "interrupted vault process", n).format(n=n), err=True)
        return self._vault


pass_state = click.make_pass_decorator(State)

json_option = click.option("--json", "as_json", is_flag=True,
                           help="Print JSON (the stable contract) instead of text.")


def echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def echo_view(view: dict[str, Any], as_json: bool, show: Callable[[dict[str, Any]], None]
              ) -> None:
    """What a command returns: as JSON with --json, else as `show` prints it for people."""
    if as_json:
        echo_json(view)
    else:
        show(view)


def echo_json_items(items: Iterable[dict[str, Any]], **rest: Any) -> None:
    """Print {"items": [...], **rest} exactly as echo_json would, an item at a time: a
    batch of 10,000 files is never held as one string."""
    enc = json.JSONEncoder(ensure_ascii=False, indent=2)
    sep = ""
    click.echo('{\n  "items": [', nl=False)
    for item in items:
        click.echo(sep + "\n    " + enc.encode(item).replace("\n", "\n    "), nl=False)
        sep = ","
    click.echo("\n  ]" if sep else "]", nl=False)
    for key, value in rest.items():
        click.echo(f",\n  {enc.encode(key)}: " + enc.encode(value).replace("\n", "\n  "),
                   nl=False)
    click.echo("\n}")


def table(rows: list[list[str]], headers: list[str], max_cols: dict[int, int] | None = None
          ) -> str:
    """Rows under a bold header line, columns two spaces apart and aligned by the columns
    each character takes on a terminal (a CJK character two, a combining mark none), laid
    out by rich. A cell wider than `max_cols` of its column (200 unless given) is cut with
    "…". The table is as wide as it needs, never wrapped or squeezed, with no trailing
    spaces; click drops the header's bold where stdout is no terminal. rich is imported
    here, not at start-up, so `vault --help` does not pay for it."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    max_cols = max_cols or {}
    grid = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1), highlight=False)
    for i, header in enumerate(headers):
        grid.add_column(Text(header), no_wrap=True, overflow="ellipsis",
                        max_width=max_cols.get(i, 200))
    for row in rows:  # Text, never markup: a file named [1].png is printed as it is named
        grid.add_row(*(Text(str(cell or "")) for cell in row))
    out = io.StringIO()
    Console(file=out, color_system=None, width=1_000_000, soft_wrap=False).print(grid)
    head, *body = (line.rstrip() for line in out.getvalue().splitlines())
    return "\n".join([click.style(head, bold=True), *body])


class ProgressBar:
    """A progress bar on stderr, shown only when stderr is a terminal and `show` (no
    --json). While it is shown, the lines a command prints go through `echo`, which puts
    them above the bar; piped stdout is written as it always is. rich.progress is
    imported only when a bar is shown. Its refresh runs in a thread: worker processes
    started while it runs must not be forked (pipeline.pool_context never forks)."""

    def __init__(self, show: bool) -> None:
        import sys

        self.show = show and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._stdout_too = False

    def __enter__(self) -> ProgressBar:
        if self.show:
            import sys

            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), console=Console(stderr=True),
                                 transient=True, redirect_stdout=False)
            self._stdout_too = sys.stdout.isatty()
            self._bar.start()
        return self

    def update(self, done: int, total: int, what: str = "") -> None:
        if self._bar is None:
            return
        if self._task is None:
            self._task = self._bar.add_task(what, total=total)
        self._bar.update(self._task, completed=done, total=total, description=what)

    def echo(self, message: str, err: bool = False) -> None:
        """click.echo, above the bar while it is shown. click writes to the terminal
        itself, past rich's redirection, so a line for the terminal is handed to the
        bar's console (stdout's too, when stdout is that terminal: it looks the same)."""
        if self._bar is None or not (err or self._stdout_too):
            click.echo(message, err=err)
            return
        from rich.text import Text

        self._bar.console.print(Text.from_ansi(message), soft_wrap=True)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def short_version(version: str) -> str:
    """An engine version for the eye: each model's SHA-256 cut to its first 12 hex digits
    (the stored version and --json keep them whole)."""
    return re.sub(r"\b(sha256:[0-9a-f]{12})[0-9a-f]{52}\b", r"\1", version)


def human_time(iso: str | None) -> str:
    """A stored time as the user's language writes it (i18n.show_time)."""
    return show_time(iso)


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
    if near:
        return _("created case {slug}; did you mean {near!r}? (`vault case merge {slug} {near}` "
                 "moves what went into it)").format(slug=slug, near=near)
    return _("created case {slug}").format(slug=slug)

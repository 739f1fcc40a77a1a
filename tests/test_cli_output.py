"""What the commands print for people: tables that align Chinese text, a progress bar only on
a terminal, and output that scripts read (piped, or --json) with no escape codes in it.

Widths are checked against the Unicode tables directly (a wide or full-width character takes
two columns, a combining mark none), not against rich, which lays the tables out. The
terminal is a real pseudo-terminal (pty), the commands real `vault` processes.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import REPO, png_bytes

ESC = "\x1b"


def columns(s: str) -> int:
    """Terminal columns of `s`, from the Unicode tables alone."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def column_of(line: str, cell: str) -> int:
    """The terminal column at which `cell` starts in `line`."""
    at = line.index(cell)
    return columns(line[:at])


# Names a Chinese user's files have: wide characters, full-width letters and brackets, a
# name as macOS writes it (a combining accent), and plain ASCII beside them.
NAMES = ["IMG_4238.png", "微信图片_20240315142307.png", "京东退款截图（订单）.png",
         "ＡＢＣ全角.png", "cafe\u0301 receipt.png", "[b]重要[i]截图.png"]


@pytest.fixture
def listed(run, files, monkeypatch):
    monkeypatch.delenv("NO_COLOR")  # escape codes must be absent because stdout is piped
    run("case", "new", "京东退款", "--title", "京东退款纠纷（三月）", "--against", "某某旗舰店",
        "--platform", "京东")
    for i, name in enumerate(NAMES):
        run("add", str(files(name, png_bytes(color=(i, 0, 0)))),
            "--case", "京东退款" if i % 2 else "jd-refund")
    return run


def test_list_aligns_chinese_and_wide_names_under_their_headers(listed):
    out = listed("list").stdout
    header, *rows = out.rstrip("\n").split("\n")
    assert len(rows) == len(NAMES)
    file_col, cases_col = column_of(header, "file"), column_of(header, "cases")
    for row, name in zip(rows, NAMES, strict=True):
        assert column_of(row, name) == file_col, row
        case = "京东退款" if NAMES.index(name) % 2 else "jd-refund"
        assert column_of(row, case) == cases_col, row
    assert "[b]重要[i]截图.png" in out  # a name is printed as named, never as markup


def test_case_list_aligns_chinese_titles(listed):
    header, *rows = listed("case", "list").stdout.rstrip("\n").split("\n")
    by_slug = {row.split()[0]: row for row in rows}
    row = by_slug["京东退款"]
    assert column_of(row, "京东退款纠纷（三月）") == column_of(header, "title")
    assert column_of(row, "某某旗舰店") == column_of(header, "against")
    assert column_of(row, "京东 ") == column_of(header, "platform")
    assert column_of(by_slug["jd-refund"], "3") == column_of(header, "items")


def test_a_long_name_is_cut_to_its_column_and_the_rest_stays_aligned(run, files):
    long = "京东商城订单退款申请截图" * 5 + ".png"  # 122 columns
    run("add", str(files(long, png_bytes())), "--case", "k")
    run("add", str(files("a.png", png_bytes(color=(1, 1, 1)))), "--case", "k")
    header, *rows = run("list").stdout.rstrip("\n").split("\n")
    cut = next(r for r in rows if "京东商城" in r)
    cell = cut[cut.index("京东商城"):cut.index("…") + 1]
    assert cell.startswith("京东商城订单退款") and 40 <= columns(cell) <= 48
    assert column_of(cut, cell) == column_of(header, "file")
    for row in rows:
        assert column_of(row, "k") == column_of(header, "cases"), row


def test_piped_output_of_every_table_has_no_escape_codes(listed):
    listed("note", "--case", "京东退款", "--channel", "phone", "--at", "2024-03-16 10:05",
           "--promise", "3个工作日内退款", "--due", "2024-03-21", "客服承诺退款")
    for args in (["list"], ["case", "list"], ["case", "show", "京东退款"], ["log"], ["due"],
                 ["timeline", "--case", "京东退款"], ["reading", "list", "E1"], ["show", "E2"],
                 ["search", "png"]):
        result = listed(*args, ok=None)
        assert result.exit_code in (0, 1), (args, result.output)
        assert ESC not in result.stdout and ESC not in result.stderr, args
        assert all(line == line.rstrip() for line in result.stdout.split("\n")), args


# ---- a real process, with stderr on a terminal -------------------------------------------


def vault_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "evidence_vault", *args]


def env_for(vault: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return env | {"EVIDENCE_VAULT": str(vault), "PYTHONPATH": str(REPO),
                  "EVIDENCE_VAULT_ENGINE": "none", "TERM": "xterm-256color"}


def run_with_terminal_stderr(args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    """Run with stdout piped and stderr a pseudo-terminal; (stdout, terminal, exit code)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = bytearray()
    while True:  # read the terminal as it is written, so the process never blocks on it
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the process closed its end
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    stdout = proc.stdout.read() if proc.stdout else b""
    proc.wait()
    os.close(master)
    return stdout.decode(), seen.decode(errors="replace"), proc.returncode


@pytest.mark.slow
def test_progress_bar_is_on_the_terminal_and_piped_stdout_is_unchanged(files, tmp_path):
    paths = [str(files(name, png_bytes(color=(i, 0, 0)))) for i, name in enumerate(NAMES)]
    args = vault_cmd("add", *paths, "--case", "京东退款", "--jobs", "1")
    piped = subprocess.run(args, capture_output=True, text=True, env=env_for(tmp_path / "a"))
    stdout, terminal, code = run_with_terminal_stderr(args, env_for(tmp_path / "b"))
    assert piped.returncode == code == 0
    assert stdout == piped.stdout and ESC not in stdout
    assert stdout.count("added ") == len(NAMES) and stdout.endswith("; case 京东退款\n")
    assert ESC not in piped.stderr and "reading" not in piped.stderr
    assert "reading" in terminal and f"/{len(NAMES)}" in terminal  # the bar, on stderr only

    # --json: the same JSON whichever stderr is, and no bar
    piped = subprocess.run([*args, "--json"], capture_output=True, text=True,
                           env=env_for(tmp_path / "c"))
    stdout, terminal, code = run_with_terminal_stderr([*args, "--json"], env_for(tmp_path / "d"))
    assert code == 0 and "reading" not in terminal and ESC not in terminal
    assert json.loads(stdout) == json.loads(piped.stdout)


def test_help_does_not_import_rich():
    probe = ("import sys\nfrom evidence_vault.cli import cli\n"
             "try:\n    cli(['--help'], prog_name='vault')\nexcept SystemExit:\n    pass\n"
             "print('rich loaded' if 'rich' in sys.modules else 'rich not loaded')")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(REPO)), check=True).stdout
    assert out.strip().endswith("rich not loaded")

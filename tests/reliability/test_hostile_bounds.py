"""Every hostile file of hostile_files.make_all, in one `vault add` batch and one
`vault export` of the case holding them: each command is a real process whose peak
memory (the largest process of its tree, as the kernel reports it to wait4) stays
under a bound, and which ends (a hang is killed after HANG_S and fails the test).

The bounds are generous on purpose: they catch an image decoded at the size its
header claims (a 13000 x 13000 PNG cost 846 MB at export and a 50000 x 50000 bomb
asks for 7.5 GB), not a few megabytes of drift. benchmarks/hostile.py measures the
same commands file by file, with OCR, and prints the figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import hostile_files

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
PEAK_MB = 500       # what one command may hold at once, whatever a header claims
HANG_S = 600        # not a speed check: a process still running after this is stuck


def run_measured(args: list[str], tmp: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run `python -m evidence_vault ARGS`; return its result and the peak RSS (MB) of
    its process tree."""
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1", TMPDIR=str(tmp))
    out, err = tmp / "stdout", tmp / "stderr"
    with open(out, "w") as o, open(err, "w") as e:
        proc = subprocess.Popen([sys.executable, "-m", "evidence_vault", *args], stdout=o,
                                stderr=e, env=env, cwd=REPO)
        deadline = time.monotonic() + HANG_S
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                pytest.fail(f"`vault {' '.join(args[:3])} …` still ran after {HANG_S} s")
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = subprocess.CompletedProcess(args, proc.returncode, out.read_text(), err.read_text())
    return result, usage.ru_maxrss / 1024


def test_every_hostile_file_is_kept_within_bounds(tmp_path):
    made = hostile_files.make_all(tmp_path / "hostile")
    vault = tmp_path / "vault"
    (tmp_path / "tmp").mkdir()
    paths = [str(p) for p in made.values()]

    add, add_mb = run_measured(["--vault", str(vault), "add", *paths, "--case", "h",
                                "--engine", "none", "--json"], tmp_path / "tmp")
    assert "Traceback" not in add.stderr and "warnings.warn" not in add.stderr, add.stderr
    items = json.loads(add.stdout)["items"]
    stored = [i for i in items if i["status"] in ("added", "duplicate")]
    # every file stored (the folder's link to a bomb may be refused as leading outside it)
    assert len(stored) >= len(made) - 1, add.stdout
    assert add_mb < PEAK_MB, f"vault add of the hostile files peaked at {add_mb:.0f} MB"

    out = tmp_path / "dossier"
    export, export_mb = run_measured(["--vault", str(vault), "export", "--case", "h", "--out",
                                      str(out), "--json"], tmp_path / "tmp")
    assert export.returncode == 0, export.stderr
    assert "Traceback" not in export.stderr and "warnings.warn" not in export.stderr
    assert export_mb < PEAK_MB, f"vault export of the hostile files peaked at {export_mb:.0f} MB"

    verify, _ = run_measured(["--vault", str(vault), "verify", "--json"], tmp_path / "tmp")
    assert json.loads(verify.stdout)["ok"], verify.stdout

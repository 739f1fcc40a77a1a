"""The harness's own checks catch what they are there to catch: a trial that cannot fail
proves nothing."""

from __future__ import annotations

import os
import random

import pytest

from .harness import Result, Runner, check_present_once, check_streams, leftovers, make_files, verify_problems

pytestmark = [pytest.mark.reliability]


def test_checks_see_tampering_leftovers_missing_files_and_tracebacks(tmp_path):
    runner = Runner(tmp_path / "vault", tmp_path / "tmp")
    files = make_files(tmp_path / "in", 5, random.Random(1))
    runner.ok("add", str(tmp_path / "in"), "--engine", "none", "--json")
    assert verify_problems(runner)[0] == []
    assert check_present_once(runner, files) == []
    assert leftovers(runner.vault, tmp_path / "tmp", tmp_path / "out") == []

    assert check_present_once(runner, [*files, "0" * 64]) == [
        "1 file(s) missing from the vault (first 000000000000)"]

    (runner.vault / "tmp" / "put-x1").write_bytes(b"half")
    (runner.vault / ".head-x2").write_text("{}")
    (tmp_path / "tmp" / "vault-export-x3").mkdir()
    (tmp_path / ".out.partial-x4").mkdir()
    found = leftovers(runner.vault, tmp_path / "tmp", tmp_path / "out")
    assert found == ["leftover .head-x2 in the vault", "leftover .out.partial-x4 beside --out",
                     "leftover tmp/put-x1 in the vault", "leftover vault-export-x3 in TMPDIR"]

    blob = next(p for p in (runner.vault / "objects").rglob("*") if p.is_file())
    os.chmod(blob, 0o600)
    blob.write_bytes(b"not what was stored")
    assert verify_problems(runner)[0], "verify must see a changed original"

    crashed = Result(["add"], 1, "", "Traceback (most recent call last):\n  ...\nKeyError: 'x'\n", 0.1)
    locked = Result(["note"], 1, "", "Error: database is locked\n", 0.1)
    assert check_streams([crashed, locked]) == ["traceback from `vault add`: KeyError: 'x'",
                                                "lock error from `vault note`: Error: database is locked"]


def test_a_kill_stops_the_whole_process_group(tmp_path):
    runner = Runner(tmp_path / "vault", tmp_path / "tmp")
    make_files(tmp_path / "in", 40, random.Random(2))
    r = runner.run("add", str(tmp_path / "in"), "--engine", "none", kill_after=0.01)
    assert r.killed and r.returncode == -9

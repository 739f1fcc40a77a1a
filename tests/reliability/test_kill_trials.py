"""Seeded SIGKILL trials, a few per command: after the kill and the next command, `vault
verify` is clean, every file is there exactly once, nothing printed a traceback and no
temporary file of the dead process is left (see harness.run_trial)."""

from __future__ import annotations

import pytest

from .harness import run_trials

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

# Trials per command in the test run; benchmarks/reliability.py runs 30 or more.
TRIALS = {"add": 3, "add-ocr": 2, "note": 3, "export": 2, "reocr": 2, "reindex": 3, "backup": 3}


@pytest.mark.parametrize("command", [
    "add",
    "add-ocr",
    "note",
    "export",
    "reocr",
    "reindex",
    "backup",
])
def test_killed_command_heals(command, tmp_path, seed):
    report = run_trials(command, TRIALS[command], tmp_path, seed=seed)
    if report.skipped:
        pytest.skip(report.skipped)
    assert report.results
    assert not report.failures, "\n".join(r.describe() for r in report.failures)

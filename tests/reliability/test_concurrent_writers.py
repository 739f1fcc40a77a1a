"""Four writers, a searcher and a verifier on one vault at once (harness.concurrency)."""

from __future__ import annotations

import pytest

from .harness import concurrency

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def test_writers_searcher_and_verifier_at_once(tmp_path, seed):
    report = concurrency(tmp_path, seed=seed, files_per_writer=12, shared_files=8, chunk=5, notes=4,
                         min_verifies=3, max_rounds=2)
    assert report.verify_runs >= 1, "the verifier never ran during the writes"
    assert not report.problems, "\n".join(report.problems) + f"\n(seed {seed})"
    assert not report.false_alarms, (f"{len(report.false_alarms)} of {report.verify_runs} verify "
                                     f"runs during the writes failed (seed {seed}):\n"
                                     + "\n".join(report.false_alarms))

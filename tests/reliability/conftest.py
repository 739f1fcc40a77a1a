"""The reliability trials: real `vault` processes killed, run together, on a full disk and
on read-only media. `pytest -m reliability` runs only these; benchmarks/reliability.py runs
the long versions. Set RELIABILITY_SEED to draw other trials (the default is fixed, so a
run is repeatable); a failing trial prints its seed and how to replay it."""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "reliability: the crash, concurrency, full-disk and "
                                       "read-only trials of tests/reliability/")


@pytest.fixture
def seed() -> int:
    return int(os.environ.get("RELIABILITY_SEED", "9"))

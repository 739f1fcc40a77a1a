"""A vault on a small tmpfs filled to the brim (harness.full_disk); skips where this
machine does not allow mounting one."""

from __future__ import annotations

import pytest

from .harness import Skip, full_disk

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def test_full_disk_fails_cleanly_and_heals(tmp_path, seed):
    try:
        problems = full_disk(tmp_path, seed=seed)
    except Skip as e:
        pytest.skip(str(e))
    assert not problems, "\n".join(problems) + f"\n(seed {seed})"

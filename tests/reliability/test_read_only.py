"""A vault seen through a read-only bind mount (harness.read_only); skips where this
machine does not allow the mount."""

from __future__ import annotations

import pytest

from .harness import Skip, read_only

pytestmark = [pytest.mark.reliability]


def test_read_only_vault_reads_and_refuses_writes(tmp_path, seed):
    try:
        problems = read_only(tmp_path, seed=seed)
    except Skip as e:
        pytest.skip(str(e))
    assert not problems, "\n".join(problems)

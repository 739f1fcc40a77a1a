"""`vault verify` while other processes add: it must never cry wolf (issue 9, item 8).

Real `vault add` processes write to the vault while verify runs in a loop in
this process, recording each run in the log as the CLI does; every run must
find nothing wrong. Before the fix, 10 of 13 runs reported FAILED on an
intact vault (items with no log record, cases changed "behind the vault's
back", originals that belonged to no item)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import png_bytes

from evidence_vault.vault import Vault

VERIFY_RUNS = 20  # at least this many verify runs while an add is running


@pytest.mark.slow
def test_verify_during_adds_has_no_false_alarm(tmp_path, vault_dir):
    env = {**os.environ, "EVIDENCE_VAULT": str(vault_dir)}
    Vault.open(vault_dir).close()
    alarms: list[list[str]] = []
    during = 0
    expected = 0
    with Vault.open(vault_dir) as v:
        for wave in range(6):  # more waves only if the adds finished too fast
            procs = []
            for who in ("a", "b"):
                d = tmp_path / f"{who}{wave}"
                d.mkdir()
                for i in range(20):
                    data = png_bytes(color=(wave, i, ord(who))) if i % 3 == 0 else os.urandom(64)
                    (d / f"{who}{i}.{'png' if i % 3 == 0 else 'bin'}").write_bytes(data)
                expected += 20
                case = "race" if who == "a" else f"case-{wave}"
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "evidence_vault", "add", str(d), "--case", case,
                     "--jobs", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            while any(p.poll() is None for p in procs):
                report = v.verify()  # recorded, as `vault verify` does
                during += 1
                if not report.ok:
                    alarms.append([f"{p.ref}: {p.what}" for p in report.problems])
            for p in procs:
                assert p.wait() == 0, p.stderr.read().decode() if p.stderr else ""
                if p.stderr:
                    p.stderr.close()
            if during >= VERIFY_RUNS:
                break
        assert during >= VERIFY_RUNS, f"only {during} verify runs overlapped an add"
        assert alarms == [], f"{len(alarms)} of {during} runs cried wolf: {alarms[:3]}"
        final = v.verify()
        assert final.ok and not final.notices
        assert len(v.list_items()) == expected



def test_a_snapshot_older_than_head_is_not_a_removal(tmp_path, monkeypatch):
    """HEAD read before verify's snapshot began once named an entry the snapshot did not
    hold (seen once in a concurrency trial under heavy load: 'entries after #1 were
    removed (HEAD records #2)'). The snapshot is made older than HEAD here by hiding the
    log's last entry from it: entries that are there when read afresh were not removed."""
    from evidence_vault import custody, integrity
    from evidence_vault.vault import Vault

    root = tmp_path / "v"
    v = Vault.open(root)
    try:
        v.case_new("c", title="c")
        real_load = custody.load
        monkeypatch.setattr(custody, "load", lambda conn: (lambda log, p: (log[:-1], p))(
            *real_load(conn)))
        report = integrity.verify(v, record=False)
        assert not [p for p in report.problems if "removed" in p.what], report.problems
        # a real removal is still one
        monkeypatch.setattr(custody, "load", real_load)
        with v.db:
            v.db.execute("DELETE FROM custody_log WHERE seq = (SELECT max(seq) FROM custody_log)")
        report = integrity.verify(v, record=False)
        assert [p for p in report.problems if "removed" in p.what], report.problems
    finally:
        v.close()

"""Two `vault` processes writing to one vault at the same time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from evidence_vault.vault import Vault


def test_two_processes_add_at_once(tmp_path, vault_dir):
    shared = tmp_path / "shared"
    shared.mkdir()
    for i in range(15):  # both processes add these: each must end up stored once
        (shared / f"s{i}.bin").write_bytes(f"shared evidence {i}".encode())
    dirs = []
    for who in ("a", "b"):
        d = tmp_path / who
        d.mkdir()
        for i in range(40):
            (d / f"{who}{i}.bin").write_bytes(os.urandom(32) + f"{who}{i}".encode())
        dirs.append(d)
    env = {**os.environ, "EVIDENCE_VAULT": str(vault_dir)}
    Vault.open(vault_dir).close()  # the race is on adding, not on creating the vault
    procs = [subprocess.Popen([sys.executable, "-m", "evidence_vault", "add", str(d), str(shared),
                               "--case", "race", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for d in dirs]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()
    reports = [json.loads(out) for out, _ in outs]
    assert sum(r["added"] for r in reports) == 95
    assert sum(r["duplicate"] for r in reports) == 15
    with Vault.open(vault_dir) as v:
        assert len(v.list_items()) == 95
        assert len(v.list_items("race")) == 95
        report = v.verify()
        assert report.ok, report.problems
        seqs = [e.seq for e in v.log()]
        assert seqs == list(range(1, len(seqs) + 1))


def test_two_processes_create_a_new_vault_at_once(tmp_path):
    target = tmp_path / "fresh"
    env = {**os.environ, "EVIDENCE_VAULT": str(target)}
    procs = [subprocess.Popen([sys.executable, "-m", "evidence_vault", "init", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e.decode() for _, e in outs]
    ids = {json.loads(o)["vault_id"] for o, _ in outs}
    assert len(ids) == 1
    with Vault.open(target) as v:
        assert [e.action for e in v.log()] == ["init"]

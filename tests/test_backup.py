"""`backup` and `restore`: a complete copy that is itself a vault, verified before it
reports success, consistent while others write, resumable after a kill, and never
written where it would harm the vault or someone else's folder."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import png_bytes

from evidence_vault import backup as bk
from evidence_vault.errors import InvalidInputError
from evidence_vault.vault import Vault

VAULT = [sys.executable, "-m", "evidence_vault"]


@pytest.fixture
def filled(vault, files):
    vault.case_new("jd-refund", title="京东退款纠纷")
    vault.add([files("Screenshot_20240315-142307.png", png_bytes()),
               files("receipt.png", png_bytes(color=(0, 90, 0))),
               files("rec.bin", os.urandom(5000))], case="jd-refund")
    vault.note(case="jd-refund", channel="phone", at="2024-03-16 10:05",
               promise="3个工作日内退款", due="2024-03-21", text="客服承诺退款", attach=["E1"])
    return vault


def blobs(root: Path) -> dict[str, bytes]:
    return {p.parent.name + p.name: p.read_bytes() for p in (root / "objects").glob("*/*")}


def verify(root: Path):
    with Vault.open(root) as v:
        return v.verify(record=False)


def test_backup_is_a_complete_verified_vault(filled, tmp_path):
    dest = tmp_path / "usb" / "backup"
    head_before = filled.info()["log"]
    report = bk.backup(filled, dest)
    assert report.ok, report.problems
    assert (report.files, report.copied, report.reused) == (4, 4, 0)  # 3 originals, 1 note
    assert report.head == head_before
    assert verify(dest).ok
    assert blobs(dest) == blobs(filled.root)
    with Vault.open(dest) as copy:
        assert copy.vault_id == filled.vault_id
        assert copy.list_items() == filled.list_items()
        assert [e.hash for e in copy.log()] == [e.hash for e in filled.log()][:-1]
    assert json.loads((dest / "HEAD").read_text())["seq"] == head_before["seq"]
    # The source's log vouches for the backup, after it verified; the copy is one entry behind.
    last = filled.log()[-1]
    assert last.action == "backup"
    assert last.detail["dest"] == str(dest.resolve()) and last.detail["head"] == head_before
    assert report.logged and filled.verify(record=False).ok
    assert json.loads((dest / bk.MARKER).read_text())["state"] == "verified"


def test_backup_again_copies_only_what_is_new(filled, files, tmp_path):
    dest = tmp_path / "backup"
    assert bk.backup(filled, dest).ok
    filled.add([files("new.bin", os.urandom(3000))], case="jd-refund")
    report = bk.backup(filled, dest)
    assert report.ok, report.problems
    assert (report.files, report.copied, report.reused) == (5, 1, 4)
    assert verify(dest).ok and blobs(dest) == blobs(filled.root)


def test_a_bad_copy_in_the_backup_is_replaced(filled, tmp_path):
    dest = tmp_path / "backup"
    assert bk.backup(filled, dest).ok
    sha = filled.list_items()[0]["sha256"]
    copy = dest / "objects" / sha[:2] / sha[2:]
    os.chmod(copy, 0o644)
    copy.write_bytes(b"bit rot")
    report = bk.backup(filled, dest)
    assert report.ok, report.problems
    assert (report.copied, report.reused) == (1, 3)
    assert blobs(dest) == blobs(filled.root)


def test_blobs_the_snapshot_does_not_reference_are_not_copied(filled, tmp_path):
    # A blob an add stored but has not recorded yet (in flight, or its process died):
    # in the copy it would be an original that belongs to no item.
    orphan = filled.store.put_bytes(b"stored, not yet recorded")
    report = bk.backup(filled, tmp_path / "backup")
    assert report.ok, report.problems
    assert orphan not in blobs(tmp_path / "backup")


def test_tampered_original_fails_the_backup(filled, tmp_path):
    sha = filled.list_items()[1]["sha256"]
    blob = filled.store.path(sha)
    os.chmod(blob, 0o644)
    blob.write_bytes(blob.read_bytes()[:-1] + b"\x00")
    seq_before = filled.info()["log"]["seq"]
    report = bk.backup(filled, tmp_path / "backup")
    assert not report.ok and not report.verified
    assert any(p.ref == "E2" for p in report.problems), report.problems
    assert sha not in blobs(tmp_path / "backup")  # wrong bytes never stored under its name
    assert filled.info()["log"]["seq"] == seq_before  # a failed backup is not logged
    assert json.loads((tmp_path / "backup" / bk.MARKER).read_text())["state"] == "failed"


def test_row_edited_behind_the_vaults_back_fails_the_backup_and_keeps_the_good_one(
        filled, tmp_path):
    dest = tmp_path / "backup"
    assert bk.backup(filled, dest).ok
    good_db = (dest / "vault.db").read_bytes()
    conn = sqlite3.connect(filled.root / "vault.db")
    conn.execute("UPDATE items SET filename = 'forged.png' WHERE id = 1")
    conn.commit()
    conn.close()
    report = bk.backup(filled, dest)
    assert not report.ok
    assert any(p.ref == "E1" and "behind the vault's back" in p.what for p in report.problems)
    # The damaged state did not replace the verified backup.
    assert (dest / "vault.db").read_bytes() == good_db
    assert verify(dest).ok
    with Vault.open(dest) as copy:
        assert copy.show("E1")["filename"] == "Screenshot_20240315-142307.png"


def test_log_cut_at_the_end_is_not_hidden_by_a_fresh_head(filled, tmp_path):
    conn = sqlite3.connect(filled.root / "vault.db")
    conn.execute("DELETE FROM custody_log WHERE seq = (SELECT max(seq) FROM custody_log)")
    conn.commit()
    conn.close()
    report = bk.backup(filled, tmp_path / "backup")
    assert not report.ok
    assert any(p.ref == "HEAD" for p in report.problems), report.problems


def test_read_only_vault_is_backed_up_without_a_log_entry(filled, tmp_path):
    seq = filled.info()["log"]["seq"]
    ro = sqlite3.connect(f"file:{filled.root / 'vault.db'}?mode=ro", uri=True,
                         isolation_level=None)
    report = bk.backup(Vault(filled.root, ro), tmp_path / "backup")
    ro.close()
    assert report.ok and not report.logged and report.log_note
    assert filled.info()["log"]["seq"] == seq
    assert verify(tmp_path / "backup").ok


def test_backup_killed_before_its_marker_landed_runs_again(filled, tmp_path):
    # What a SIGKILL between the lock and the first marker's rename leaves behind.
    dest = tmp_path / "b"
    dest.mkdir()
    (dest / bk._LOCK).touch()
    (dest / f".{bk.MARKER}.4242.tmp").write_text('{"backup_of": ')
    report = bk.backup(filled, dest)
    assert report.ok, report.problems
    assert not list(dest.glob(".*.tmp"))


# ---- refusals ----------------------------------------------------------------------------

def snapshot_tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_refused_inside_or_over_the_vault(filled, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(filled.root)
    before = snapshot_tree(filled.root)
    for dest, why in [(filled.root, "is the vault itself"),
                      (filled.root / "objects", "inside the vault"),
                      (link / "objects" / "bk", "inside the vault"),
                      (link, "is the vault itself"),
                      (filled.root.parent, "holds the vault")]:
        with pytest.raises(InvalidInputError, match=why):
            bk.backup(filled, dest)
    assert snapshot_tree(filled.root) == before
    assert not (filled.root / "objects" / "bk").exists()


def test_refused_over_a_foreign_folder_or_vault(filled, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "t.txt").write_text("mine")
    other = tmp_path / "other"
    Vault.open(other).close()
    clone = tmp_path / "clone"  # the same vault, but not a backup: a restored copy in use
    assert bk.restore(bk.backup(filled, tmp_path / "b").dest, clone).ok
    afile = tmp_path / "afile"
    afile.write_text("x")
    for dest, why in [(docs, "not empty"), (other, "is a vault"), (clone, "is a vault"),
                      (afile, "not a folder")]:
        before = snapshot_tree(dest) if dest.is_dir() else dest.read_bytes()
        with pytest.raises(InvalidInputError, match=why):
            bk.backup(filled, dest)
        assert (snapshot_tree(dest) if dest.is_dir() else dest.read_bytes()) == before


def test_refused_over_a_backup_of_another_vault(filled, tmp_path):
    other = Vault.open(tmp_path / "other")
    assert bk.backup(other, tmp_path / "b").ok
    other.close()
    with pytest.raises(InvalidInputError, match="not a backup of this vault"):
        bk.backup(filled, tmp_path / "b")


# ---- restore -------------------------------------------------------------------------------

def test_restore_a_backup(filled, tmp_path):
    assert bk.backup(filled, tmp_path / "b").ok
    b_before = snapshot_tree(tmp_path / "b")
    report = bk.restore(tmp_path / "b", tmp_path / "restored")
    assert report.ok, report.problems
    assert report.files == 4 and report.copied == 4
    assert snapshot_tree(tmp_path / "b") == b_before  # the source is only read
    # a vault like any other: no backup marker, lock or work folder left in it
    assert sorted(p.name for p in (tmp_path / "restored").iterdir()) == [
        "HEAD", "objects", "tmp", "vault.db"]
    with Vault.open(tmp_path / "restored") as r:
        assert r.verify(record=False).ok
        assert r.list_items() == filled.list_items()
        assert r.note_view(1)["text"] == "客服承诺退款"


def test_restore_refuses_a_vault_or_a_full_folder(filled, tmp_path):
    assert bk.backup(filled, tmp_path / "b").ok
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    with pytest.raises(InvalidInputError, match="is a vault already"):
        bk.restore(tmp_path / "b", filled.root)
    with pytest.raises(InvalidInputError, match="not empty"):
        bk.restore(tmp_path / "b", full)
    with pytest.raises(InvalidInputError, match="inside the vault"):
        bk.restore(tmp_path / "b", tmp_path / "b" / "sub")
    with pytest.raises(InvalidInputError, match="not a vault"):
        bk.restore(full, tmp_path / "new")
    assert (full / "x").read_text() == "x" and not (tmp_path / "new").exists()


# ---- other processes, and kills ----------------------------------------------------------

def _make_inputs(root: Path, n: int, rng: random.Random, size: int) -> Path:
    root.mkdir(parents=True)
    for i in range(n):
        (root / f"f{i:04d}.bin").write_bytes(rng.randbytes(size) + f"{root.name}{i}".encode())
    return root


@pytest.mark.slow
def test_backup_while_two_processes_add(vault_dir, tmp_path):
    rng = random.Random(9)
    Vault.open(vault_dir).close()
    inputs = [_make_inputs(tmp_path / f"in{w}", 60, rng, 2000) for w in range(2)]
    env = {**os.environ, "EVIDENCE_VAULT": str(vault_dir)}
    writers = [subprocess.Popen([*VAULT, "add", str(d), "--case", "race"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
               for d in inputs]
    reports = []
    with Vault.open(vault_dir) as v:
        # the first backup starts once the writers have begun committing, so that
        # backups overlap the adds however slowly the writer processes start
        while (v.db.execute("SELECT count(*) FROM items").fetchone()[0] < 5
               and any(w.poll() is None for w in writers)):
            time.sleep(0.01)
        while any(w.poll() is None for w in writers) or len(reports) < 2:
            reports.append(bk.backup(v, tmp_path / "backup"))
            assert reports[-1].ok, reports[-1].problems
            assert verify(tmp_path / "backup").ok
        for w in writers:
            assert w.wait() == 0, w.stderr.read().decode()
        final = bk.backup(v, tmp_path / "backup")
        assert final.ok, final.problems
        assert final.files == 120
    assert any(0 < r.files < 120 for r in reports), [r.files for r in reports]


def _kill_when(proc: subprocess.Popen, dest: Path, blobs_at_least: int) -> bool:
    """SIGKILL `proc` once DEST holds the given number of copied blobs (or it is
    verifying); False if it finished first."""
    while proc.poll() is None:
        if len(list((dest / "objects").glob("*/*"))) >= blobs_at_least:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    return False


@pytest.mark.slow
def test_killed_backup_resumes_without_copying_again(vault_dir, tmp_path):
    rng = random.Random(20240315)
    files = _make_inputs(tmp_path / "in", 80, rng, 40_000)
    with Vault.open(vault_dir) as v:
        v.add([files], case="c")
    env = {**os.environ, "EVIDENCE_VAULT": str(vault_dir)}
    killed = 0
    for trial in range(4):
        dest = tmp_path / f"b{trial}"
        proc = subprocess.Popen([*VAULT, "backup", str(dest)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killed += _kill_when(proc, dest, rng.randint(0, 80))
        there = {p.parent.name + p.name for p in (dest / "objects").glob("*/*")} \
            if (dest / "objects").is_dir() else set()
        with Vault.open(vault_dir) as v:
            report = bk.backup(v, dest)
        assert report.ok, report.problems
        assert report.reused == len(there) and report.copied == 80 - len(there)
        assert verify(dest).ok
        assert not list((dest / ".backup-tmp").glob("blob-*"))
    assert killed >= 2  # most trials must really be cut short to prove anything


@pytest.mark.slow
def test_killed_restore_runs_again_into_the_same_folder(vault_dir, tmp_path):
    rng = random.Random(7)
    files = _make_inputs(tmp_path / "in", 60, rng, 40_000)
    with Vault.open(vault_dir) as v:
        v.add([files], case="c")
        assert bk.backup(v, tmp_path / "b").ok
    dest = tmp_path / "restored"
    proc = subprocess.Popen([*VAULT, "restore", str(tmp_path / "b"), str(dest)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert _kill_when(proc, dest, 20)
    report = bk.restore(tmp_path / "b", dest)
    assert report.ok, report.problems
    assert report.reused >= 20 and report.reused + report.copied == 60
    assert verify(dest).ok and not (dest / bk.RESTORING).exists()

"""A vault on read-only media (a DVD, a write-protected USB stick, a folder
mounted read-only) can be read, listed, searched, verified and exported;
every command that would change it is refused in one line, and nothing in it
is touched.

The real thing is a read-only bind mount, which needs root; where mount is not
allowed the same logic is driven by a file system that says it is read-only
(os.statvfs) or that refuses the first write (EROFS), so it is always tested.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import png_bytes

from evidence_vault.errors import ReadOnlyVaultError
from evidence_vault.vault import Vault

READING = [
    ["list"], ["show", "E1"], ["show", "N1"], ["search", "退款"], ["timeline", "--case", "jd"],
    ["due"], ["log"], ["case", "list"], ["case", "show", "jd"], ["verify"],
]
WRITING = [
    ["note", "--case", "jd", "--channel", "phone", "--at", "2024-03-17 09:00", "又打了一次"],
    ["unlink", "E1", "--case", "jd"],
    ["case", "new", "other", "--title", "Other"],
    ["describe", "E1", "--name", "付款截图"],
    ["promise", "P1", "kept"],
    ["reindex"],
    ["config", "engine", "none"],
]


def make_vault(root: Path, files) -> None:
    with Vault.open(root) as v:
        v.add([files("Screenshot_20240315-142307.png", png_bytes())], case="jd")
        v.note(case="jd", channel="phone", at="2024-03-16 10:05", text="客服承诺退款",
               promise="3个工作日内退款", due="2024-03-21", attach=["E1"])


def snapshot(root: Path) -> dict[str, str]:
    """Every file in the vault folder with the SHA-256 of its bytes (and its mode)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[str(p.relative_to(root))] = (hashlib.sha256(p.read_bytes()).hexdigest()
                                             + oct(p.stat().st_mode))
    return out


def check_vault_reads_and_refuses_writes(run, vault: Path, tmp_path: Path) -> None:
    for args in READING:
        result = run("--vault", str(vault), *args, ok=False)
        assert result.exit_code == 0, (args, result.output, result.stderr)
    report = json.loads(run("--vault", str(vault), "verify", "--json").stdout)
    assert report["ok"], report
    assert [h["ref"] for h in run.json("--vault", str(vault), "search", "退款")["hits"]] == ["N1"]
    for args in WRITING:
        result = run("--vault", str(vault), *args, ok=False)
        assert result.exit_code == 1, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (args, result.stderr)
        assert lines[0].startswith(f"Error: the vault at {vault} is read-only ("), lines
        assert "this command changes it" in lines[0]
    new = tmp_path / "new.png"
    new.write_bytes(png_bytes(color=(1, 2, 3)))
    result = run("--vault", str(vault), "add", str(new), ok=False)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "is read-only" in result.stderr


@contextlib.contextmanager
def read_only_view(src: Path, mnt: Path):
    """`src` bind-mounted read-only at `mnt`; skips where mount is not allowed."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a read-only bind mount needs root and mount(8)")
    mnt.mkdir()
    ok = subprocess.run(["mount", "--bind", str(src), str(mnt)], capture_output=True)
    if ok.returncode:
        pytest.skip(f"mount --bind is not allowed here: {ok.stderr.decode().strip()}")
    try:
        ro = subprocess.run(["mount", "-o", "remount,ro,bind", str(mnt)], capture_output=True)
        if ro.returncode:
            pytest.skip(f"cannot remount read-only here: {ro.stderr.decode().strip()}")
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def vault_process(vault: Path) -> tuple[str, list[str], bool]:
    """Open `vault` in a fresh process: (why read-only, the notes of case jd, verify ok)."""
    code = ("import json, sys; from evidence_vault.vault import Vault; "
            "v = Vault.open(sys.argv[1]); print(json.dumps([v.read_only, "
            "[n['text'] for n in v.case_show('jd')['notes']], v.verify().ok]))")
    out = subprocess.run([sys.executable, "-c", code, str(vault)], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    if out.returncode:
        return out.stderr.strip().splitlines()[-1], [], False
    return tuple(json.loads(out.stdout))


@pytest.fixture
def ro_mount(tmp_path: Path, files):
    src = tmp_path / "src"
    make_vault(src / "v", files)
    with read_only_view(src, tmp_path / "mnt") as mnt:
        yield src / "v", mnt / "v"


def test_read_only_mount_reads_verifies_exports_and_refuses_changes(run, ro_mount, tmp_path):
    src, vault = ro_mount
    with pytest.raises(OSError) as e:
        (vault / "probe").write_bytes(b"x")
    assert e.value.errno == errno.EROFS  # the mount really is read-only
    before = snapshot(src)
    check_vault_reads_and_refuses_writes(run, vault, tmp_path)

    out = tmp_path / "dossier"
    result = run("--vault", str(vault), "export", "--case", "jd", "--out", str(out), "--json",
                 ok=False)
    assert result.exit_code == 0, result.stderr
    assert "read-only" in result.stderr and "were not recorded" in result.stderr
    assert json.loads(result.stdout)["warnings"]
    assert (out / "manifest.json").is_file() and len(list((out / "originals").iterdir())) == 2
    assert snapshot(src) == before
    with Vault.open(src) as v:  # the writable original: no export, no verify was logged
        assert [e.action for e in v.log()][-1] == "note"


def wal_only_change(root: Path, files) -> Vault:
    """A vault whose last note is committed to vault.db-wal only (the writer stays open)."""
    make_vault(root, files)
    writer = Vault.open(root)
    writer.db.execute("PRAGMA wal_autocheckpoint = 0")
    writer.note(case="jd", channel="chat", at="2024-03-18 12:00", text="只在WAL里的记录")
    assert (root / "vault.db-wal").stat().st_size > 0
    return writer


def test_read_only_mount_sees_changes_still_in_the_wal(tmp_path, files):
    """A vault copied (or burned) while open holds committed changes in
    vault.db-wal: they must be read, not silently missed (immutable=1 would)."""
    writer = wal_only_change(tmp_path / "src" / "v", files)
    try:
        with read_only_view(tmp_path / "src", tmp_path / "mnt") as mnt:
            assert vault_process(mnt / "v") == (
                "read-only file system", ["客服承诺退款", "只在WAL里的记录"], True)
    finally:
        writer.close()


def test_wal_without_shm_on_read_only_media_is_refused_not_shown_stale(tmp_path, files):
    """Committed changes in a -wal with no -shm cannot be read without
    writing: refuse in one line rather than show the vault without them."""
    writer = wal_only_change(tmp_path / "v", files)
    shutil.copytree(tmp_path / "v", tmp_path / "src" / "v",
                    ignore=shutil.ignore_patterns("vault.db-shm"))
    writer.close()
    with read_only_view(tmp_path / "src", tmp_path / "mnt") as mnt:
        reason, texts, ok = vault_process(mnt / "v")
        assert reason.startswith("evidence_vault.errors.ReadOnlyVaultError: the vault at ")
        assert "vault.db-wal holds changes that cannot be read" in reason
        result = subprocess.run([sys.executable, "-m", "evidence_vault", "--vault",
                                 str(mnt / "v"), "list"], capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "vault.db-wal holds changes" in result.stderr


class _ReadOnlyStat:
    def __init__(self, real):
        self._real = real
        self.f_flag = real.f_flag | os.ST_RDONLY

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_a_file_system_that_says_it_is_read_only(run, tmp_path, files, monkeypatch):
    """Without mount: statvfs reports ST_RDONLY, as on a DVD or a locked SD card."""
    vault = tmp_path / "v"
    make_vault(vault, files)
    before = snapshot(vault)
    real = os.statvfs
    monkeypatch.setattr(os, "statvfs", lambda p: _ReadOnlyStat(real(p)))
    with Vault.open(vault) as v:
        assert v.read_only == "read-only file system"
    check_vault_reads_and_refuses_writes(run, vault, tmp_path)
    after = snapshot(vault)
    for sidecar in ("vault.db-shm", "vault.db-wal"):  # SQLite's own, where the folder allows
        after.pop(sidecar, None)
    assert after == before


def test_a_file_system_that_refuses_the_first_write(tmp_path, files, monkeypatch):
    """statvfs says writable but the first write fails with EROFS (a file
    system remounted read-only after an error): opened read-only, no traceback."""
    vault = tmp_path / "v"
    make_vault(vault, files)

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "chmod", refuse)
    with Vault.open(vault) as v:
        assert v.read_only == "Read-only file system"
        assert [i["ref"] for i in v.list_items()] == ["E1"]
        with pytest.raises(ReadOnlyVaultError, match="is read-only"):
            v.case_new("x", title="x")


def test_an_empty_read_only_folder_is_no_vault(run, tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    real = os.statvfs
    monkeypatch.setattr(os, "statvfs", lambda p: _ReadOnlyStat(real(p)))
    result = run("--vault", str(empty), "list", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: the vault at {empty} is read-only (read-only file system) and holds no "
        "vault.db: there is no vault to open there"]
    assert list(empty.iterdir()) == []


def test_read_only_vault_from_an_older_version_is_refused_in_one_line(tmp_path, files,
                                                                      monkeypatch):
    vault = tmp_path / "v"
    make_vault(vault, files)
    conn = sqlite3.connect(vault / "vault.db")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0003_dossier'")
    conn.commit()
    conn.close()
    real = os.statvfs
    monkeypatch.setattr(os, "statvfs", lambda p: _ReadOnlyStat(real(p)))
    with pytest.raises(ReadOnlyVaultError, match="older version of vault"):
        Vault.open(vault)

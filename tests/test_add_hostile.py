"""`vault add` against hostile input and a hostile machine (issue 9: items 4, 6, 7, 12, 15).

A batch is never lost: a name that is not UTF-8, a symbolic link out of the
folder, a file swapped for a FIFO after listing, a full disk, a process killed
at any moment. Each file that cannot be added is one failed result; everything
else is kept, and the next command heals what a killed process left.
"""

from __future__ import annotations

import errno
import fcntl
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
from conftest import REPO, png_bytes

from evidence_vault import store
from evidence_vault import walk as walkmod
from evidence_vault.cli.items import NO_SPACE_HINT
from evidence_vault.store import ObjectStore
from evidence_vault.vault import NO_SPACE, Vault

GBK_WECHAT = "微信图片_20240316125218.jpg".encode("gbk")
LATIN1_CAFE = b"caf\xe9.png"


def _env(vault_dir: Path) -> dict[str, str]:
    env = {**os.environ, "EVIDENCE_VAULT": str(vault_dir), "EVIDENCE_VAULT_ENGINE": "none",
           "PYTHONPATH": str(REPO)}
    return env


def _vault_cli(vault_dir: Path, *args: str | bytes, **kw) -> subprocess.CompletedProcess:
    """The real `vault` in a real process: real stdout encoding, real signals."""
    return subprocess.run([sys.executable, "-m", "evidence_vault", *args], env=_env(vault_dir),
                          capture_output=True, **kw)


def _mkfile(folder: Path, raw_name: bytes, data: bytes) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), raw_name)))
    path.write_bytes(data)
    return path


# ---- 4. names that are not UTF-8 ----------------------------------------------------------

def test_names_that_are_not_utf8_are_decoded_and_their_bytes_kept(vault, tmp_path):
    folder = tmp_path / "zip"
    folder.mkdir()
    _mkfile(folder, LATIN1_CAFE, png_bytes(color=(1, 2, 3)))
    _mkfile(folder, GBK_WECHAT, png_bytes(color=(4, 5, 6)))
    (folder / "z-after.png").write_bytes(png_bytes(color=(7, 8, 9)))

    results = vault.add([folder])

    assert [r.status for r in results] == ["added", "added", "added"]
    for r in results:  # every path handed back is text that can be printed and stored
        r.path.encode("utf-8")
    rows = {r[0]: (r[1], json.loads(r[2])) for r in vault.db.execute(
        "SELECT filename, captured_at_source, capture_detail FROM items")}
    assert set(rows) == {"caf\\xe9.png", "微信图片_20240316125218.jpg", "z-after.png"}
    source, detail = rows["微信图片_20240316125218.jpg"]
    assert source == "filename"  # the capture time is parsed from the decoded GBK name
    assert bytes.fromhex(detail["filename_bytes"]) == GBK_WECHAT
    assert detail["filename_decoded_as"] == "gb18030"
    _, detail = rows["caf\\xe9.png"]
    assert bytes.fromhex(detail["filename_bytes"]) == LATIN1_CAFE
    assert detail["filename_decoded_as"] == "escaped"
    assert "filename_bytes" not in rows["z-after.png"][1]
    wechat = next(i for i in vault.list_items() if i["filename"].startswith("微信"))
    assert wechat["captured_at"] == "2024-03-16T12:52:18"
    assert vault.verify().ok


def test_cli_prints_names_that_are_not_utf8(tmp_path, vault_dir):
    folder = tmp_path / "zip"
    folder.mkdir()
    _mkfile(folder, LATIN1_CAFE, png_bytes(color=(1, 2, 3)))
    _mkfile(folder, GBK_WECHAT, png_bytes(color=(4, 5, 6)))
    _mkfile(folder, b"empty-\xff.png", b"")  # a failed result whose path is not UTF-8

    done = _vault_cli(vault_dir, "add", str(folder), "--case", "c")
    out, err = done.stdout.decode(), done.stderr.decode()

    assert done.returncode == 1, err
    assert "Traceback" not in err
    assert "caf\\xe9.png" in out and "微信图片_20240316125218.jpg" in out
    assert "empty-\\xff.png: empty file" in err
    assert "2 added, 0 duplicate, 1 failed" in out
    report = json.loads(_vault_cli(vault_dir, "add", str(folder), "--json").stdout)
    assert sorted(i["status"] for i in report["items"]) == ["duplicate", "duplicate", "failed"]


# ---- 6. symbolic links out of a folder ---------------------------------------------------

def test_symlink_inside_a_folder_is_not_followed_out_of_it(vault, tmp_path):
    secret = tmp_path / "ssh"
    secret.mkdir()
    (secret / "id_rsa").write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n")
    (tmp_path / "outside.txt").write_bytes(b"not in the folder")
    folder = tmp_path / "export"
    (folder / "pics").mkdir(parents=True)
    (folder / "pics" / "a.png").write_bytes(png_bytes(color=(10, 10, 10)))
    (folder / "chat-export").symlink_to(secret)
    (folder / "note.txt").symlink_to(tmp_path / "outside.txt")
    (folder / "same-pics").symlink_to(folder / "pics")  # stays inside: fine
    (folder / "b.png").symlink_to("pics/a.png")  # relative, stays inside: fine

    results = {Path(r.path).name: r for r in vault.add([folder])}

    assert results["chat-export"].status == "failed"
    assert results["chat-export"].error == (
        f"symbolic link leads outside the folder (-> {secret}); not followed")
    assert results["note.txt"].status == "failed"
    assert "leads outside the folder" in results["note.txt"].error
    assert results["b.png"].status == "added"  # listed first; pics/a.png is the same bytes
    assert results["a.png"].status == "duplicate"
    names = [r[0] for r in vault.db.execute("SELECT filename FROM items")]
    assert names == ["b.png"]
    assert not any(b"PRIVATE KEY" in p.read_bytes() for _, p in vault.store.iter_blobs())


def test_symlink_named_on_the_command_line_is_followed(vault, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "x.png").write_bytes(png_bytes(color=(20, 20, 20)))
    (tmp_path / "y.png").write_bytes(png_bytes(color=(30, 30, 30)))
    (tmp_path / "dir-link").symlink_to(real)
    (tmp_path / "file-link.png").symlink_to(tmp_path / "y.png")

    results = vault.add([tmp_path / "dir-link", tmp_path / "file-link.png"])

    assert [r.status for r in results] == ["added", "added"]


# ---- 12. a file swapped after the folder was listed --------------------------------------

@pytest.fixture
def no_hang():
    """Turn a hang (the bug) into a failure instead of a stuck test run."""
    def fail(*_):
        raise AssertionError("add blocked")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_file_swapped_for_a_fifo_after_listing_is_refused_without_blocking(
        vault, tmp_path, monkeypatch, no_hang):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.png").write_bytes(png_bytes(color=(i, 40, 40)))
    (tmp_path / "elsewhere.bin").write_bytes(b"a file outside the folder")
    real_walk = walkmod.walk

    def walk_then_swap(paths, **kw):
        found = list(real_walk(paths, **kw))
        (folder / "1.png").unlink()
        os.mkfifo(folder / "1.png")
        (folder / "2.png").unlink()
        (folder / "2.png").symlink_to(tmp_path / "elsewhere.bin")
        yield from found

    monkeypatch.setattr("evidence_vault.adding.walk", walk_then_swap)
    results = vault.add([folder])

    assert [r.status for r in results] == ["added", "failed", "failed"]
    assert results[1].error == "not a regular file (a device, socket or pipe)"
    assert results[2].error.startswith("the file was replaced after the folder was listed")
    assert len(list(vault.store.iter_blobs())) == 1  # no orphan copies
    assert vault.verify().ok


def test_open_found_refuses_a_fifo_named_directly(tmp_path, no_hang):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(Exception, match="not a regular file"):
        walkmod.open_found(walkmod.Found(fifo))


# ---- 7. a full disk ----------------------------------------------------------------------

def test_full_database_fails_each_file_and_keeps_the_rest(vault, files):
    first = files("first.png", png_bytes(color=(50, 1, 1)))
    assert vault.add([first])[0].status == "added"
    same = png_bytes(color=(60, 1, 1))
    batch = [files("a.png", same), files("b.png", same), files("c.png", png_bytes(color=(70, 1, 1)))]
    pages = vault.db.execute("PRAGMA page_count").fetchone()[0]
    vault.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"

    results = vault.add(batch, note="长" * 50_000)  # needs new pages: overflow

    assert [r.status for r in results] == ["failed", "failed", "failed"]
    assert results[0].error == NO_SPACE
    assert results[1].error == f"the same bytes as {batch[0]}, which was not added"
    assert results[2].error == NO_SPACE
    assert not vault.db.in_transaction
    assert [r["filename"] for r in vault.list_items()] == ["first.png"]
    assert not list(vault.store.tmp.iterdir())

    vault.db.execute("PRAGMA max_page_count = 1073741823")
    again = vault.add(batch, note="长" * 50_000)
    assert [r.status for r in again] == ["added", "duplicate", "added"]
    report = vault.verify()
    assert report.ok, report.problems  # the blobs stored before the failures were adopted


def test_full_disk_while_storing_leaves_no_temp_file(vault, files, monkeypatch):
    batch = [files(f"{i}.png", png_bytes(color=(80 + i, 1, 1))) for i in range(3)]
    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] == 3:  # the second file's blob
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr("evidence_vault.store.os.fsync", fsync)
    results = vault.add(batch)

    assert [r.status for r in results] == ["added", "failed", "added"]
    assert results[1].error == NO_SPACE
    assert not list(vault.store.tmp.iterdir())
    assert vault.verify().ok


@pytest.fixture
def small_tmpfs(tmp_path):
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mnt)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode().strip()}); "
                    "the full-disk path is covered by the monkeypatched tests")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(mnt: Path, name: str, leave: int) -> None:
    fs = os.statvfs(mnt)
    (mnt / name).write_bytes(b"\0" * max(0, fs.f_bavail * fs.f_frsize - leave))


@pytest.mark.slow
def test_full_disk_on_a_real_small_filesystem(tmp_path, small_tmpfs):
    vault_dir = small_tmpfs / "vault"
    assert _vault_cli(vault_dir, "init").returncode == 0
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:02}.bin").write_bytes(random.Random(i).randbytes(30_000))
    _fill(small_tmpfs, "filler", store.RESERVE + 400_000)

    # 1. Nearly full: what fits is stored and recorded, the rest is one line each.
    nearly = _vault_cli(vault_dir, "add", str(folder), "--json")
    assert nearly.returncode == 1
    assert b"Traceback" not in nearly.stderr
    statuses = [i["status"] for i in json.loads(nearly.stdout)["items"]]
    assert statuses.count("added") >= 1 and statuses.count("failed") >= 1
    assert {i["error"] for i in json.loads(nearly.stdout)["items"]
            if i["status"] == "failed"} == {NO_SPACE}

    # 2. Completely full: even the database cannot grow (linking to a case writes to it).
    _fill(small_tmpfs, "filler2", 100_000)
    full = _vault_cli(vault_dir, "add", str(folder), "--case", "c")
    assert full.returncode == 1
    assert b"Traceback" not in full.stderr
    lines = full.stderr.decode().splitlines()
    assert lines[-1] == NO_SPACE_HINT
    assert set(lines[:-1]) <= {f"Error: {folder / f'{i:02}.bin'}: {NO_SPACE}" for i in range(40)}
    assert not list((vault_dir / "tmp").iterdir())
    assert not list(vault_dir.glob(".head-*"))

    # 3. Space freed: the same folder again heals everything.
    (small_tmpfs / "filler").unlink()
    (small_tmpfs / "filler2").unlink()
    healed = _vault_cli(vault_dir, "add", str(folder), "--case", "c", "--json")
    assert healed.returncode == 0, healed.stderr.decode()
    again = json.loads(healed.stdout)
    assert again["added"] == statuses.count("failed")
    assert again["duplicate"] == statuses.count("added")
    with Vault.open(vault_dir) as v:
        assert len(v.list_items("c")) == 40
        report = v.verify()
        assert report.ok, report.problems


# ---- 15. leftovers of a killed process ---------------------------------------------------

def test_clean_leftovers_removes_only_what_dead_writers_left(vault, run):
    dead = vault.store.tmp / "put-dead"
    dead.write_bytes(b"half a blob")
    head_tmp = vault.root / ".head-dead"
    head_tmp.write_text("{")
    live = vault.store.tmp / "put-live"
    live.write_bytes(b"being written")
    with open(live, "rb") as held:  # a live writer holds its lock (another open file: conflicts)
        fcntl.flock(held, fcntl.LOCK_EX)
        removed = vault.clean_leftovers()
        assert removed == ["removed tmp/put-dead", "removed .head-dead"]
        assert live.exists() and not dead.exists() and not head_tmp.exists()
    assert vault.clean_leftovers() == ["removed tmp/put-live"]  # its writer let go


def test_write_commands_clean_up_and_say_so(run, files, vault_dir):
    run("init")
    (vault_dir / "tmp" / "put-x").write_bytes(b"x")
    (vault_dir / ".head-y").write_bytes(b"y")
    listed = run("list")
    assert "cleaned up" not in listed.stderr  # reading commands touch nothing
    assert (vault_dir / "tmp" / "put-x").exists()
    added = run("add", str(files("a.png", png_bytes())))
    assert added.stderr.splitlines()[0] == "cleaned up 2 files left by an interrupted vault process"
    assert not (vault_dir / "tmp" / "put-x").exists()


def test_stored_blob_without_item_is_adopted(vault, files):
    data = png_bytes(color=(90, 1, 1))
    sha = vault.store.put_bytes(data)  # an add killed after storing, before its commit
    damaged = png_bytes(color=(91, 1, 1))
    sha2 = ObjectStore(vault.root).put_bytes(damaged)
    blob = vault.store.path(sha2)
    os.chmod(blob, 0o644)
    blob.write_bytes(b"bit rot")  # a damaged orphan: must not become an item's original
    os.chmod(blob, 0o444)

    results = vault.add([files("a.png", data), files("b.png", damaged)])

    assert [(r.status, r.sha256) for r in results] == [("added", sha), ("added", sha2)]
    assert vault.store.path(sha2).read_bytes() == damaged
    report = vault.verify()
    assert report.ok, report.problems


def _stored(vault_dir: Path) -> int:
    return len(list((vault_dir / "objects").glob("*/*")))


def _recorded(vault_dir: Path) -> int:
    db = sqlite3.connect(f"file:{vault_dir / 'vault.db'}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        db.close()


@pytest.mark.slow
def test_killed_adds_heal_on_the_next_add(tmp_path, vault_dir):
    """SIGKILL real `vault add`s of 50 files at seeded random points of their
    work, each on a new folder of the same vault: while storing (after k
    blobs) or while recording (after k items). Progress, not clocks, picks the
    moment, so every kill cuts real work. Then one add of them all leaves every
    file there exactly once, no leftover, and verify clean."""
    rng = random.Random(9)
    assert _vault_cli(vault_dir, "init").returncode == 0
    folders = []
    for trial in range(5):
        folder = tmp_path / f"in{trial}"
        folder.mkdir()
        for i in range(50):
            size = 300_000 if i % 10 == 0 else 2_000  # some large ones, to be cut mid-copy
            (folder / f"{trial}-{i:02}.bin").write_bytes(rng.randbytes(size))
        folders.append(folder)
        phase, k = rng.choice(("storing", "recording")), rng.randrange(1, 45)
        base = _stored(vault_dir) if phase == "storing" else _recorded(vault_dir)
        count = _stored if phase == "storing" else _recorded
        proc = subprocess.Popen([sys.executable, "-m", "evidence_vault", "add", str(folder),
                                 "--jobs", "1", "--case", "k"], env=_env(vault_dir),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and count(vault_dir) - base < k:
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL, f"trial {trial} finished before its kill"
    healed = _vault_cli(vault_dir, "add", *map(str, folders), "--case", "k", "--json")
    assert healed.returncode == 0, healed.stderr.decode()
    assert b"Traceback" not in healed.stderr
    with Vault.open(vault_dir) as v:
        names = sorted(i["filename"] for i in v.list_items("k"))
        assert names == sorted(f"{t}-{i:02}.bin" for t in range(5) for i in range(50))
        assert not list(v.store.tmp.iterdir())
        assert not list(v.root.glob(".head-*"))
        report = v.verify()
        assert report.ok, report.problems

"""Small inputs that used to end in a traceback: each gets one line and no harm."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence_vault.errors import DiskFullError, NotAVaultError
from evidence_vault.vault import Vault


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_programs_sqlite_file_is_not_made_a_vault(run, tmp_path, journal):
    folder = tmp_path / "app"
    folder.mkdir(mode=0o755)
    db = folder / "vault.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '13800138000')")
    conn.commit()
    conn.close()
    before, listing = sha(db), sorted(p.name for p in folder.iterdir())
    result = run("--vault", str(folder), "list", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {db} is a SQLite database but not an evidence vault; nothing was changed "
        "(give --vault a folder of its own)"]
    assert sha(db) == before
    assert sorted(p.name for p in folder.iterdir()) == listing
    assert folder.stat().st_mode & 0o777 == 0o755
    with pytest.raises(NotAVaultError):
        Vault.open(folder)


def test_a_vault_whose_first_migration_was_interrupted_is_still_a_vault(tmp_path):
    """sqlite-utils commits its (empty) bookkeeping table before the first
    migration: a vault killed there is a new vault, not a foreign database."""
    folder = tmp_path / "v"
    folder.mkdir()
    conn = sqlite3.connect(folder / "vault.db")
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, "
                 "name TEXT, applied_at TEXT)")
    conn.commit()
    conn.close()
    with Vault.open(folder) as v:
        assert v.vault_id and v.verify().ok


NOTE = dict(channel="phone", at="2024-03-16 10:05", with_whom="客服 工号A1023",
            promise="3个工作日内退款", due="2024-03-21", text="客服确认订单异常，承诺退款")


def test_the_same_note_recorded_twice_is_one_note(run, vault):
    """A user who runs the same `vault note` twice (shell history, a retry
    after a crash) means one call, not two: the second run returns the first
    note. Before, within one second it was an IntegrityError traceback."""
    first = vault.note(case="jd", **NOTE)
    again = vault.note(case="jd", **NOTE)
    assert not first["already_recorded"] and again["already_recorded"]
    assert again["ref"] == first["ref"] and again["sha256"] == first["sha256"]
    result = run("note", "--case", "jd", "--channel", "phone", "--at", "2024-03-16 10:05",
                 "--with", "客服 工号A1023", "--promise", "3个工作日内退款", "--due", "2024-03-21",
                 "客服确认订单异常，承诺退款")
    assert result.stdout.strip() == "already recorded as N1 (the same note); cases: jd"
    # in another case: the same note, now in both cases, and logged
    other = vault.note(case="other", **NOTE)
    assert other["ref"] == "N1" and other["cases"] == ["jd", "other"]
    assert vault.log()[-1].action == "link"
    # anything different is another note
    assert vault.note(case="jd", **{**NOTE, "at": "2024-03-16 10:06"})["ref"] == "N2"
    assert vault.note(case="jd", **{**NOTE, "due": "2024-03-22"})["ref"] == "N3"
    assert len(vault.db.execute("SELECT id FROM notes").fetchall()) == 3
    report = vault.verify()
    assert report.ok, report.problems


def test_a_promise_due_before_the_note_is_refused(run, vault_dir):
    result = run("note", "--case", "jd", "--channel", "phone", "--at", "2024-03-16 10:05",
                 "--promise", "退款", "--due", "2024-03-15", "客服承诺退款", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: --due 2024-03-15 is before the note's own date 2024-03-16: a promise cannot be "
        "due before it was made; check --due and --at"]
    run("note", "--case", "jd", "--channel", "phone", "--at", "2024-03-16 10:05",
        "--promise", "今天退款", "--due", "2024-03-16", "客服承诺当天退款")  # the same day is fine


def _vault_cli(*args: str, **kw) -> subprocess.CompletedProcess | subprocess.Popen:
    cmd = [sys.executable, "-m", "evidence_vault", *args]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    if kw.pop("popen", False):
        return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    return subprocess.run(cmd, env=env, capture_output=True, text=True, **kw)


def _note_args(vault: Path, n: int) -> list[str]:
    return ["--vault", str(vault), "note", "--case", "jd", "--channel", "phone",
            "--at", "2024-03-16 10:05", "--promise", "退款", "--due", "2024-03-21", f"第{n}次通话"]


@pytest.mark.slow
def test_killed_notes_leave_nothing_verify_calls_tampering_and_a_rerun_adopts_them(tmp_path):
    """SIGKILL real `vault note` processes at seeded random moments around
    their writes; running each note again records it exactly once and
    leaves `vault verify` clean (every stored record owned, no marker left)."""
    vault = tmp_path / "v"
    with Vault.open(vault) as v:
        v.case_new("jd", title="jd")
    started = time.monotonic()
    for n in range(2):  # calibrate: how long one note takes here, start to finish
        assert _vault_cli(*_note_args(vault, 100 + n)).returncode == 0
    took = (time.monotonic() - started) / 2
    rng = random.Random(9_2026)
    trials, killed = 30, 0
    for n in range(0, trials, 2):  # two at a time: the machine has two cores
        procs = [_vault_cli(*_note_args(vault, n + k), popen=True) for k in (0, 1)]
        for proc in procs:
            try:
                proc.wait(timeout=rng.uniform(0.5 * took, 1.2 * took))
            except subprocess.TimeoutExpired:
                proc.kill()
                killed += 1
            proc.wait()
    with Vault.open(vault) as v:
        recorded = {r[0] for r in v.db.execute("SELECT text FROM notes")}
        before = sum(f"第{n}次通话" in recorded for n in range(trials))
        assert killed and 0 < before < trials, (killed, before)  # kills straddled the writes
        for n in range(trials):
            v.note(case="jd", channel="phone", at="2024-03-16 10:05", promise="退款",
                   due="2024-03-21", text=f"第{n}次通话")
        texts = [r[0] for r in v.db.execute("SELECT text FROM notes")]
        assert sorted(texts) == sorted([f"第{n}次通话" for n in range(trials)]
                                       + ["第100次通话", "第101次通话"])
        report = v.verify()
        assert report.ok, report.problems
        assert not list((vault / "tmp").glob("note-*"))


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs; skips where mounting one is not allowed."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                          capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_during_note_is_one_line_and_the_retry_heals(small_disk):
    vault = small_disk / "v"
    with Vault.open(vault) as v:
        v.case_new("jd", title="jd")
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\0" * 4096)
    result = _vault_cli(*_note_args(vault, 1))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: the disk holding the vault at {vault} is full: nothing was recorded; free some "
        "space and run the command again"]
    listed = _vault_cli("--vault", str(vault), "case", "list")  # reading still works
    assert listed.returncode == 0 and "jd" in listed.stdout, listed.stderr
    # Free the disk a page pair at a time: every failure on the way is one line.
    failures: list[str] = []
    for _ in range(400):
        try:
            with Vault.open(vault) as v:
                note = v.note(case="jd", channel="phone", at="2024-03-16 10:05", promise="退款",
                              due="2024-03-21", text="第1次通话")
            break
        except DiskFullError as e:
            failures.append(str(e))
        os.truncate(filler, max(0, filler.stat().st_size - 8192))
    else:
        pytest.fail("the note was never recorded")
    assert failures and note["ref"] == "N1"
    filler.unlink()
    with Vault.open(vault) as v:
        assert [r[0] for r in v.db.execute("SELECT text FROM notes")] == ["第1次通话"]
        report = v.verify()
        assert report.ok, report.problems
    assert not list((vault / "tmp").glob("note-*"))


@pytest.mark.parametrize("ref", ["E99999999999999999999999", "N99999999999999999999999",
                                 "E9223372036854775808"])
def test_a_ref_too_large_for_sqlite_is_no_such_item(run, files, ref):
    run("add", str(files("a.png", b"\x89PNG" + os.urandom(64))))
    result = run("show", ref, ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: no note {ref!r}; `vault case show SLUG` lists a case's notes" if ref[0] == "N"
        else f"Error: no item {ref!r}; `vault list` shows the items"]


def test_search_limit_too_large_for_sqlite_means_all(run, vault):
    vault.note(case="jd", **NOTE)
    for limit in ("9223372036854775807", "9223372036854775808", str(10**30)):
        out = run.json("search", "退款", "--limit", limit)
        assert out["total"] == 1 and [h["ref"] for h in out["hits"]] == ["N1"]


def test_a_query_term_may_start_with_a_dash(run, vault):
    """The README's own example: -拒绝 excludes, it is not an unknown option."""
    vault.note(case="jd", channel="phone", at="2024-03-16 10:05", text="退款 成功 了")
    vault.note(case="jd", channel="phone", at="2024-03-16 10:06", text="退款 成功 但被拒绝")
    vault.note(case="other", channel="phone", at="2024-03-16 10:07", text="退款 成功")
    assert sorted(h["ref"] for h in run.json("search", '"退款 成功"', "-拒绝")["hits"]) == ["N1", "N3"]
    # real options still work, before, between and after the terms, with or without '='
    out = run.json("--vault", str(vault.root), "search", "--case", "jd", '"退款 成功"', "-拒绝")
    assert [h["ref"] for h in out["hits"]] == ["N1"]
    out = run.json("search", '"退款 成功"', "--limit=1", "-拒绝", "--kind", "note")
    assert out["total"] == 2 and len(out["hits"]) == 1
    assert [h["ref"] for h in run.json("search", "-拒绝", "--case", "jd")["hits"]] == ["N1"]
    after_dashes = run("search", "--json", "--", "-拒绝", "--case").stdout  # all terms
    assert json.loads(after_dashes)["query"] == "-拒绝 --case"
    assert "search [OPTIONS] QUERY..." in run("search", "退款", "-h").stdout
    result = run("search", "--case", ok=False)
    assert result.exit_code == 2 and "requires an argument" in result.stderr


def test_a_read_error_or_a_full_disk_never_shows_a_traceback(run, monkeypatch):
    from evidence_vault.readers import ReadError

    def unreadable(self, case=None):
        raise ReadError("cannot decode image: broken data")

    monkeypatch.setattr(Vault, "list_items", unreadable)
    result = run("list", ok=False)
    assert (result.exit_code, result.stderr) == (1, "Error: cannot decode image: broken data\n")

    def full(self, case=None):
        raise OSError(errno.ENOSPC, "No space left on device", "/v/objects/ab")

    monkeypatch.setattr(Vault, "list_items", full)
    result = run("list", ok=False)
    assert (result.exit_code, result.stderr) == (1, "Error: No space left on device: /v/objects/ab\n")

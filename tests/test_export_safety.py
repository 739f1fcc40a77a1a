"""`vault export` never destroys what it did not write, and never leaves a mess.

Issue 9, items 1, 2, 10 and 15: --out through symlinks into the vault, --force
onto anything that is not this vault's dossier, names too long for the file
system, a missing original, a full disk, and what a killed export leaves (and
how the next one heals it). Real vaults, real files, real processes."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, png_bytes
from test_dossier_export import needs_tools

from evidence_vault.dossier import build
from evidence_vault.dossier import export as exporter
from evidence_vault.dossier.export import export, verify_export
from evidence_vault.errors import InvalidInputError, VaultError
from evidence_vault.vault import Vault


@pytest.fixture
def small_case(vault_dir, files):
    """A closed vault with case `c`: one screenshot and one call note."""
    v = Vault.open(vault_dir)
    v.add([files("Screenshot_20240315-142307.png", png_bytes((60, 90)))], case="c")
    v.note(case="c", channel="phone", at="2024-03-16 10:05", text="客服承诺退款")
    v.close()
    return vault_dir


def _vault_state(vault_dir: Path) -> list[str]:
    return sorted(p.relative_to(vault_dir).as_posix() for p in vault_dir.rglob("*")
                  if p.is_file() and p.parent.name != "tmp")


def _one_line_error(r) -> str:
    assert r.exit_code == 1, r.output
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("Error: "), r.stderr
    return r.stderr


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---- 1. --out inside the vault, through symlinks -----------------------------------------------


def test_out_inside_a_symlinked_vault_is_refused(small_case, tmp_path, run):
    link = tmp_path / "L"
    link.symlink_to(small_case)
    before = _vault_state(small_case)
    for out in (link / "objects", link, link / "objects" / "new", tmp_path):
        r = run("--vault", str(link), "export", "--case", "c", "--out", str(out), "--force", ok=False)
        assert "inside the vault" in _one_line_error(r), out
    assert _vault_state(small_case) == before
    assert run("--vault", str(link), "verify", "--json", ok=None).exit_code == 0


def test_out_reaching_the_vault_through_its_own_symlinks_is_refused(small_case, tmp_path, run):
    (tmp_path / "to-objects").symlink_to(small_case / "objects")     # --out itself a symlink
    (tmp_path / "to-vault").symlink_to(small_case)                   # an ancestor a symlink
    before = _vault_state(small_case)
    for out in (tmp_path / "to-objects", tmp_path / "to-vault" / "objects",
                tmp_path / "to-vault" / "x" / ".." / "objects"):
        r = run("export", "--case", "c", "--out", str(out), "--force", ok=False)
        assert "inside the vault" in _one_line_error(r), out
    assert _vault_state(small_case) == before


# ---- 2. what --force may replace ----------------------------------------------------------------


def test_force_never_replaces_a_foreign_folder_a_folder_named_zip_a_fifo_or_a_symlink(
        small_case, tmp_path, run):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "t.txt").write_text("x")
    r = run("export", "--case", "c", "--out", str(docs), "--force", ok=False)
    assert str(docs) in _one_line_error(r) and "not a dossier" in r.stderr
    assert (docs / "t.txt").read_text() == "x"

    zdir = tmp_path / "x.zip"
    zdir.mkdir()
    (zdir / "keep").write_text("k")
    r = run("export", "--case", "c", "--out", str(zdir), "--zip", "--force", ok=False)
    assert "is a folder" in _one_line_error(r) and (zdir / "keep").read_text() == "k"

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    r = run("export", "--case", "c", "--out", str(fifo), "--force", ok=False)
    assert "FIFO" in _one_line_error(r) and stat.S_ISFIFO(os.lstat(fifo).st_mode)

    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    r = run("export", "--case", "c", "--out", str(link), "--force", ok=False)
    assert "symbolic link" in _one_line_error(r) and os.readlink(link) == "/dev/null"

    foreign_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(foreign_zip, "w") as z:
        z.writestr("photos/a.txt", "holiday")
    r = run("export", "--case", "c", "--out", str(foreign_zip), "--zip", "--force", ok=False)
    assert "not a dossier" in _one_line_error(r) and zipfile.is_zipfile(foreign_zip)
    assert _hidden(tmp_path) == []


def test_force_never_replaces_a_device(small_case, tmp_path, run):
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs CAP_MKNOD (root)")
    r = run("export", "--case", "c", "--out", str(dev), "--force", ok=False)
    assert "a device" in _one_line_error(r) and stat.S_ISCHR(os.lstat(dev).st_mode)


def test_force_never_replaces_another_vaults_dossier(small_case, tmp_path, run):
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.json").write_text(json.dumps({"format": exporter.FORMAT,
                                                     "vault_id": "someone-else"}))
    r = run("export", "--case", "c", "--out", str(other), "--force", ok=False)
    assert "another vault" in _one_line_error(r) and (other / "manifest.json").exists()


@needs_tools
@pytest.mark.slow
def test_force_replaces_this_vaults_dossier_and_fills_an_empty_folder(small_case, tmp_path, run):
    empty = tmp_path / "empty"
    empty.mkdir()
    run("export", "--case", "c", "--out", str(empty), "--force")
    assert verify_export(empty)[1] == []
    (empty / "dossier.pdf").write_bytes(b"old")
    run("export", "--case", "c", "--out", str(empty), "--force")
    assert verify_export(empty)[1] == [] and (empty / "dossier.pdf").read_bytes() != b"old"
    z = tmp_path / "d.zip"
    run("export", "--case", "c", "--out", str(z), "--zip")
    run("export", "--case", "c", "--out", str(z), "--zip", "--force")
    assert verify_export(z)[1] == [] and _hidden(tmp_path) == []


# ---- 10. exports that could not be made ------------------------------------------------------


def test_exhibit_file_names_fit_255_bytes_without_splitting_a_character():
    long = "退" * 83 + ".png"                       # 253 bytes: a legal name
    name = build.exhibit_file_name("E01-", long)
    assert len(name.encode()) <= 255 and name.startswith("E01-退") and name.endswith(".png")
    assert len((Path(name).stem + ".jpg").encode()) <= 255   # its redacted copy too
    assert build.exhibit_file_name("E01-", "a.png") == "E01-a.png"
    odd = build.exhibit_file_name("E123-", "é" * 200)            # no extension, 2-byte characters
    assert len(odd.encode()) <= 251 and odd.encode().decode() == odd
    names = {build.exhibit_file_name(f"E{n:02d}-", long) for n in range(1, 120)}
    assert len(names) == 119


@needs_tools
def test_a_253_byte_file_name_and_a_249_byte_out_name_export(vault, files, tmp_path, monkeypatch):
    vault.add([files("退" * 83 + ".png", png_bytes((40, 40)))], case="c")
    monkeypatch.setenv("EVIDENCE_VAULT_ENGINE", "rapidocr")  # --redact reads what add did not
    out = tmp_path / ("卷" * 83)                       # 249 bytes
    result = export(vault, "c", out, redact=True)
    [original] = (out / "originals").iterdir()
    assert len(original.name.encode()) <= 255 and original.name.endswith(".png")
    assert all(len(p.name.encode()) <= 255 for p in (out / "redacted").iterdir())
    assert verify_export(result.path)[1] == []
    assert _hidden(tmp_path) == []


@pytest.mark.parametrize("what", ["item", "note"])
def test_a_missing_original_is_a_one_line_error_naming_the_exhibit(small_case, tmp_path, run,
                                                                   what):
    v = Vault.open(small_case)
    table = "items" if what == "item" else "notes"
    sha = v.db.execute(f"SELECT sha256 FROM {table}").fetchone()[0]
    blob = v.store.path(sha)
    v.close()
    blob.unlink()
    r = run("export", "--case", "c", "--out", str(tmp_path / "d"), ok=False)
    line = _one_line_error(r)
    assert "exhibit" in line and ("(E1)" if what == "item" else "(N1)") in line
    assert "vault verify" in line and not (tmp_path / "d").exists() and _hidden(tmp_path) == []


@needs_tools
def test_a_full_disk_is_one_line_and_keeps_the_old_dossier(small_case, tmp_path, run, monkeypatch):
    out = tmp_path / "d"
    run("export", "--case", "c", "--out", str(out))
    before = (out / "manifest.json").read_bytes()

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(shutil, "copyfile", full)
    r = run("export", "--case", "c", "--out", str(out), "--force", ok=False)
    line = _one_line_error(r)
    assert "no space left" in line and "kept" in line
    assert (out / "manifest.json").read_bytes() == before and verify_export(out)[1] == []
    assert _hidden(tmp_path) == []


@pytest.fixture
def small_tmpfs(tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    if not shutil.which("mount"):
        pytest.skip("no mount command")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


@needs_tools
def test_a_real_full_disk(small_case, files, small_tmpfs, run):
    """The dossier does not fit on a 2 MB file system: one line, nothing left on it."""
    v = Vault.open(small_case)
    v.add([files("call.m4a", b"\0\0\0\x20ftypM4A " + os.urandom(3 * 2**20))], case="c")
    v.close()
    r = run("export", "--case", "c", "--out", str(small_tmpfs / "d"), ok=False)
    assert "no space left" in _one_line_error(r)
    assert list(small_tmpfs.iterdir()) == []


# ---- 15. leftovers, and how the next export heals them ---------------------------------------


@needs_tools
def test_nothing_goes_to_tmpdir(small_case, tmp_path, monkeypatch):
    """Every temporary file of an export is in its staging folder beside --out."""
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    from evidence_vault.dossier import pdf

    seen: list[list[str]] = []
    real_render = pdf.render

    def watching(*a, **k):
        seen.append(sorted(os.listdir(tmp)))
        seen.append(sorted(p.name for p in (tmp_path / "out").iterdir()))
        return real_render(*a, **k)

    monkeypatch.setattr(pdf, "render", watching)
    v = Vault.open(small_case)
    try:
        export(v, "c", tmp_path / "out" / "d")
    finally:
        v.close()
    assert seen[0] == [] and os.listdir(tmp) == []
    assert len(seen[1]) == 1 and seen[1][0].startswith(exporter.STAGING_PREFIX)
    assert len(seen[1][0].encode()) < 30  # short, whatever the length of --out's name


def _dead_staging(target: Path) -> Path:
    """A staging folder as a killed export leaves it: made by a process that is gone."""
    code = ("import sys; from pathlib import Path; from evidence_vault.dossier import export as e\n"
            "s = e._Staging.create(Path(sys.argv[1])); (s.work / 'E01-01.jpg').write_bytes(b'x' * 999)\n"
            "print(s.path)")
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return Path(done.stdout.strip())


@needs_tools
def test_the_next_export_removes_a_dead_exports_folder_not_a_live_one(small_case, tmp_path, run):
    out = tmp_path / "d"
    dead = _dead_staging(out)
    live = exporter._Staging.create(tmp_path / "other")  # this process holds its lock
    try:
        r = run("export", "--case", "c", "--out", str(out), "--json", ok=None)
        assert r.exit_code == 0, r.output
        result = json.loads(r.stdout)
        assert result["cleaned"] == [{"path": str(dead), "action": "removed"}]
        assert not dead.exists() and live.path.is_dir() and (live.path / "lock").exists()
        r = run("export", "--case", "c", "--out", str(out), "--force")
        assert "cleaned up" not in r.stderr
        dead = _dead_staging(out)
        r = run("export", "--case", "c", "--out", str(out), "--force")
        assert r.stderr.startswith("cleaned up after 1 interrupted export") and not dead.exists()
    finally:
        live.remove()
    assert _hidden(tmp_path) == []


KILL_AT_SWAP = """
import os, signal, sys
from pathlib import Path
from evidence_vault.dossier import export as e
from evidence_vault.vault import Vault

real, target, after = os.replace, Path(sys.argv[1]), sys.argv[2] == "after"

def replace(src, dst):
    # the second step of the swap: the new dossier into place (killed before or after it)
    if Path(dst) == target and Path(src).parent.name == "b":
        if after:
            real(src, dst)
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)

e.os.replace = replace
v = Vault.open(sys.argv[3])
e.export(v, "c", target, force=True)
"""


@needs_tools
@pytest.mark.parametrize("when", ["before", "after"])
def test_a_killed_force_swap_is_finished_by_the_next_export(small_case, tmp_path, run, when):
    out = tmp_path / "d"
    run("export", "--case", "c", "--out", str(out))
    old = (out / "manifest.json").read_bytes()
    done = subprocess.run([sys.executable, "-c", KILL_AT_SWAP, str(out), when, str(small_case)],
                          env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    [staging] = [p for p in tmp_path.iterdir() if p.name.startswith(exporter.STAGING_PREFIX)]
    assert out.exists() == (when == "after") and (staging / "old" / "manifest.json").exists()

    cleaned = exporter.clean_leftovers(tmp_path)
    if when == "before":  # nothing took its place: the old dossier goes back, as it was
        assert cleaned[0] == {"path": str(out), "action": "restored"}
        assert (out / "manifest.json").read_bytes() == old
    else:                 # the new one is in place: the old one is removed
        assert [c["action"] for c in cleaned] == ["removed"]
    assert verify_export(out)[1] == [] and _hidden(tmp_path) == []


@needs_tools
@pytest.mark.slow
def test_sigkilled_exports_are_healed_by_the_next_one(small_case, files, tmp_path):
    """A real `vault export --force` killed at seeded random moments; after each,
    the next export leaves nothing behind, the vault verifies and so does the
    dossier."""
    v = Vault.open(small_case)
    v.add([files("Screenshot_20240316-101500.png", png_bytes((400, 1200), (237, 237, 237)))],
          case="c")
    v.close()
    out = tmp_path / "d"
    cmd = [sys.executable, "-m", "evidence_vault", "--vault", str(small_case), "export",
           "--case", "c", "--out", str(out), "--force"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    rng = random.Random(9)
    leftovers = 0
    for delay in (0.0, rng.uniform(0, 0.4), rng.uniform(0.2, 0.8)):
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
        # the moment is counted from when the export starts writing, not from its start-up,
        # so that a slow machine moves the kill no earlier than the first file
        while p.poll() is None and not any(n.startswith(exporter.STAGING_PREFIX)
                                           for n in os.listdir(tmp_path)):
            time.sleep(0.005)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        leftovers += len([n for n in _hidden(tmp_path) if n.startswith(exporter.STAGING_PREFIX)])
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)  # a typesetter the killed export had started
        assert done.returncode == 0, done.stderr
        assert _hidden(tmp_path) == [] and sorted(os.listdir(tmp_path)) == ["d", "in", "vault"]
        assert verify_export(out)[1] == []
        v = Vault.open(small_case)
        try:
            assert v.verify().ok
        finally:
            v.close()
    assert leftovers >= 1  # at least one kill came while the export was writing


def test_clean_leftovers_leaves_other_hidden_things_alone(tmp_path):
    (tmp_path / ".config").mkdir()
    (tmp_path / ".vault-export-notes.txt").write_text("a file, not a staging folder")
    held = exporter._Staging.create(tmp_path / "x")
    try:
        fd = os.open(held.path / "lock", os.O_RDWR)
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(fd)
        assert exporter.clean_leftovers(tmp_path) == []
    finally:
        held.remove()
    assert sorted(os.listdir(tmp_path)) == [".config", ".vault-export-notes.txt"]


def test_refusals_are_library_errors(small_case, tmp_path):
    v = Vault.open(small_case)
    try:
        (tmp_path / "d").mkdir()
        (tmp_path / "d" / "f").write_text("x")
        with pytest.raises(InvalidInputError, match="not a dossier"):
            export(v, "c", tmp_path / "d", force=True)
        with pytest.raises(VaultError, match="longer than 255 bytes"):
            export(v, "c", tmp_path / ("卷" * 86), force=True)
    finally:
        v.close()


def test_out_named_like_a_file_does_what_it_says(run, vault_dir, files, tmp_path):
    """--out jd.zip writes a zip as --zip does; --out jd.pdf is refused in one line
    (issue 12, defect 7), before anything is written."""
    import zipfile

    run("add", str(files("a.png")), "--case", "jd", "--engine", "none")
    r = run("export", "--case", "jd", "--out", str(tmp_path / "jd.zip"))
    assert zipfile.is_zipfile(tmp_path / "jd.zip") and "unzip it" in r.stdout
    for name in ("jd.pdf", "jd.docx", "jd.csv"):
        r = run("export", "--case", "jd", "--out", str(tmp_path / name), ok=None)
        assert r.exit_code == 1 and "a dossier is a folder" in r.stderr, r.stderr
        assert f"--out {name[:-len(name.split('.')[-1]) - 1]}.zip" in r.stderr
        assert not (tmp_path / name).exists()
    # --zip with a .pdf name still writes a zip beside it, as asked
    run("export", "--case", "jd", "--out", str(tmp_path / "x.pdf"), "--zip")
    assert zipfile.is_zipfile(tmp_path / "x.pdf.zip")

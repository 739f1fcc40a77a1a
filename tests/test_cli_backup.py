"""`vault backup DEST` and `vault restore SRC DEST` through the CLI."""

from __future__ import annotations

import json
import os
import re
import shutil

import jsonschema
from conftest import png_bytes

from evidence_vault import resources


def valid(name: str, obj: dict) -> dict:
    schema = json.loads(resources.json_schema(name).read_text(encoding="utf-8"))
    jsonschema.validate(obj, schema)
    return obj


def fill(run, files) -> None:
    run("add", str(files("a.png", png_bytes())), str(files("b.bin", b"x" * 2000)),
        "--case", "jd-refund")


def test_backup_prints_a_summary_and_the_copy_is_a_vault(run, files, tmp_path):
    fill(run, files)
    dest = tmp_path / "backup"
    out = run("backup", str(dest)).stdout
    out = re.sub(r"\d+\.\d s", "T s", out)
    assert out == (f"backed up {tmp_path / 'vault'} -> {dest}\n"
                   "  2 files (2 copied, 0 already there), 0.0 MB, T s, custody log #4\n"
                   "verified: the copy re-hashes clean and its custody log is unbroken\n")
    assert run("--vault", str(dest), "verify").exit_code == 0
    log = run.json("log")["entries"]
    assert log[-1]["action"] == "backup" and log[-1]["detail"]["dest"] == str(dest)


def test_backup_json_and_again(run, files, tmp_path):
    fill(run, files)
    first = valid("backup", run.json("backup", str(tmp_path / "b")))
    assert first["ok"] and first["verified"] and first["logged"]
    assert (first["files"], first["copied"], first["reused"]) == (2, 2, 0)
    again = valid("backup", run.json("backup", str(tmp_path / "b")))
    assert (again["copied"], again["reused"]) == (0, 2)
    assert again["head"]["seq"] == first["head"]["seq"] + 1  # the first backup's own entry


def test_backup_refusal_is_one_line(run, files, tmp_path):
    fill(run, files)
    r = run("backup", str(tmp_path / "vault" / "objects" / "bk"), ok=False)
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines() == [
        f"Error: backup destination {tmp_path / 'vault' / 'objects' / 'bk'} is inside the vault "
        f"{tmp_path / 'vault'}; choose a folder outside it (on another disk, ideally)"]
    assert not (tmp_path / "vault" / "objects" / "bk").exists()


def test_backup_of_a_tampered_vault_exits_1(run, files, tmp_path):
    fill(run, files)
    sha = run.json("show", "E2")["sha256"]
    blob = tmp_path / "vault" / "objects" / sha[:2] / sha[2:]
    os.chmod(blob, 0o644)
    blob.write_bytes(b"y" * 2000)
    r = run("backup", str(tmp_path / "b"), ok=False)
    assert r.exit_code == 1
    assert "PROBLEM E2: original in the vault does not match its hash: not copied" in r.stderr
    assert "FAILED" in r.stderr
    out = valid("backup", json.loads(run("backup", str(tmp_path / "b"), "--json",
                                         ok=False).stdout))
    assert not out["ok"] and not out["logged"]


def test_restore_then_verify(run, files, tmp_path, monkeypatch):
    fill(run, files)
    run("backup", str(tmp_path / "b"))
    # restore needs no vault of its own: it must not create the default one
    monkeypatch.setenv("EVIDENCE_VAULT", str(tmp_path / "unused"))
    out = valid("restore", run.json("restore", str(tmp_path / "b"), str(tmp_path / "r")))
    assert out["ok"] and out["files"] == 2 and "logged" not in out
    assert not (tmp_path / "unused").exists()
    assert run("--vault", str(tmp_path / "r"), "verify").exit_code == 0
    items = run.json("--vault", str(tmp_path / "r"), "list")["items"]
    assert [i["filename"] for i in items] == ["a.png", "b.bin"]


def test_restore_refuses_a_vault(run, files, tmp_path):
    fill(run, files)
    run("backup", str(tmp_path / "b"))
    r = run("restore", str(tmp_path / "b"), str(tmp_path / "vault"), ok=False)
    assert r.exit_code == 1
    assert r.stderr.strip() == (f"Error: restore destination {tmp_path / 'vault'} is a vault "
                                "already; restore into a new or empty folder")


def test_backup_that_cannot_write_stops_with_one_line_and_resumes(run, files, tmp_path):
    fill(run, files)
    dest = tmp_path / "b"
    run("backup", str(dest))
    run("add", str(files("c.bin", b"z" * 3000)))
    good_db = (dest / "vault.db").read_bytes()
    shutil.rmtree(dest / "objects")
    (dest / "objects").write_text("a file where the originals' folder should be")
    r = run("backup", str(dest), ok=False)
    assert r.exit_code == 1
    [line] = r.stderr.strip().splitlines()
    assert line.startswith(f"Error: backup into {dest} stopped: File exists")
    assert (dest / "vault.db").read_bytes() == good_db  # the earlier backup is untouched
    (dest / "objects").unlink()
    out = run.json("backup", str(dest))
    assert out["ok"] and out["copied"] == 3

"""`vault verify-export` on hostile or broken bundles (issue 9, item 14).

A dossier folder or zip comes from someone else: every malformation is a
reported problem (never a traceback), a path that leaves the bundle is never
opened, and a huge manifest is refused by its size before it is read. The
bundles are written here by hand, as an attacker or a broken download would."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import pytest

from evidence_vault.dossier.export import FORMAT, verify_export

MAX_CONTROL_BYTES = 64 * 2**20  # the bound the issue asks for on manifest.json and SHA256SUMS


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_bundle(root: Path, files: dict[str, bytes], manifest: dict | list | None = None,
                listed: list[tuple[str, bytes]] | None = None) -> Path:
    """A dossier folder: `files` written, a manifest listing `listed` (path, the
    bytes whose hash it claims; default: the files), and SHA256SUMS over both."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    entries = [{"path": rel, "sha256": _sha(data), "size": len(data)}
               for rel, data in (listed if listed is not None else files.items())]
    if manifest is None:
        manifest = {"format": FORMAT, "case": {"slug": "c", "title": "t"}, "vault_id": "v",
                    "custody_head": {"seq": 1, "hash": "0" * 64}, "files": entries,
                    "exhibits": [{"number": 1, "ref": "E1", "file": e["path"],
                                  "sha256": e["sha256"]} for e in entries[:1]]}
    raw = json.dumps(manifest).encode()
    (root / "manifest.json").write_bytes(raw)
    sums = "".join(f"{e['sha256']}  {e['path']}\n" for e in entries) + f"{_sha(raw)}  manifest.json\n"
    (root / "SHA256SUMS").write_text(sums)
    return root


def zip_of(folder: Path, dest: Path, method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(dest, "w", compression=method) as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, arcname=f"{folder.name}/{p.relative_to(folder).as_posix()}")
    return dest


def whats(problems) -> dict[str, str]:
    """path → what is wrong with it (all of it, when there is more than one thing)."""
    got: dict[str, str] = {}
    for p in problems:
        got[p.path] = f"{got[p.path]}; {p.what}" if p.path in got else p.what
    return got


GOOD = {"originals/E01-a.png": b"\x89PNG evidence", "dossier.pdf": b"%PDF-1.7 ..."}


def test_a_good_hand_made_bundle_verifies(tmp_path):
    folder = make_bundle(tmp_path / "d", GOOD)
    assert verify_export(folder)[1] == []
    assert verify_export(zip_of(folder, tmp_path / "d.zip"))[1] == []


@pytest.mark.parametrize("manifest", [
    [1, 2, 3],                                                    # a list, not an object
    {"format": FORMAT, "files": "originals/E01-a.png"},           # files a string
    {"format": FORMAT},                                           # files missing
    {"format": FORMAT, "files": [1, "x", None]},                  # entries not objects
    {"format": FORMAT, "files": [{"path": "dossier.pdf"}]},       # keys missing
    {"format": FORMAT, "files": [{"path": 7, "sha256": "0" * 64}]},
    {"format": FORMAT, "files": [], "exhibits": "E1", "case": "c", "custody_head": 3},
    {"format": FORMAT, "files": [], "exhibits": [None, {"file": 1}]},
])
def test_a_malformed_manifest_is_a_problem_not_a_traceback(tmp_path, run, manifest):
    folder = make_bundle(tmp_path / "d", GOOD, manifest=manifest)
    summary, problems = verify_export(folder)
    assert problems and any(p.path == "manifest.json" for p in problems)
    json.dumps(summary)  # the summary is still printable
    r = run("verify-export", str(folder), ok=False)
    assert r.exit_code == 1 and "Traceback" not in r.output and "FAILED" in r.stderr
    r = run("verify-export", str(zip_of(folder, tmp_path / "d.zip")), "--json", ok=False)
    assert r.exit_code == 1 and json.loads(r.stdout)["ok"] is False


def test_deeply_nested_json_is_a_problem(tmp_path):
    folder = make_bundle(tmp_path / "d", GOOD)
    (folder / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    assert whats(verify_export(folder)[1])["manifest.json"] == "is not valid JSON"


def test_paths_that_leave_the_bundle_are_refused_unopened(tmp_path):
    """The hashes listed are right for the files outside: reading them would say
    "intact"; they are refused as paths instead."""
    secret = tmp_path / "outside" / "secret"
    secret.parent.mkdir()
    secret.write_bytes(b"not part of any dossier")
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "originals").mkdir()
    (folder / "originals" / "link").symlink_to(secret)
    (folder / "originals" / "dirlink").symlink_to(secret.parent, target_is_directory=True)
    data = secret.read_bytes()
    make_bundle(folder, GOOD, listed=[*GOOD.items(),
                                      ("../outside/secret", data),
                                      ("originals/../../outside/secret", data),
                                      (str(secret), data),
                                      ("originals/link", data),
                                      ("originals/dirlink/secret", data)])
    got = whats(verify_export(folder)[1])
    assert "outside the dossier" in got["../outside/secret"]
    assert "outside the dossier" in got["originals/../../outside/secret"]
    assert "absolute path" in got[str(secret)]
    assert "outside the dossier" in got["originals/link"]
    assert "outside the dossier" in got["originals/dirlink/secret"]


def test_a_fifo_in_the_bundle_is_not_opened(tmp_path):
    folder = make_bundle(tmp_path / "d", GOOD)
    (folder / "originals" / "E01-a.png").unlink()
    os.mkfifo(folder / "originals" / "E01-a.png")  # opening it to read would block forever
    assert whats(verify_export(folder)[1])["originals/E01-a.png"] == "is not a regular file"


def test_a_huge_manifest_is_refused_by_its_size_without_reading_it(tmp_path):
    folder = make_bundle(tmp_path / "d", GOOD)
    with open(folder / "manifest.json", "r+b") as f:
        f.truncate(MAX_CONTROL_BYTES + 1)  # sparse: costs no disk
    tracemalloc.start()
    try:
        problems = verify_export(folder)[1]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "larger than 64 MB" in whats(problems)["manifest.json"]
    assert peak < 8 * 2**20, peak


def _patch_sizes(path: Path, member: str, size: int) -> None:
    """Make the zip's headers claim `size` uncompressed bytes for `member`."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x03\x04")
    while at != -1:
        n, extra = struct.unpack_from("<HH", data, at + 26)
        if data[at + 30:at + 30 + n] == name:
            struct.pack_into("<I", data, at + 22, size)
        at = data.find(b"PK\x03\x04", at + 4)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        n = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + n] == name:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_a_zip_manifest_over_the_bound_is_refused_by_its_header(tmp_path):
    folder = make_bundle(tmp_path / "d", GOOD)
    z = zip_of(folder, tmp_path / "d.zip")
    _patch_sizes(z, "d/manifest.json", MAX_CONTROL_BYTES + 1)
    assert "larger than 64 MB" in whats(verify_export(z)[1])["manifest.json"]


def test_a_zip_header_that_understates_is_not_trusted(tmp_path):
    """The header says 100 bytes, the member inflates to 70 MB: reading stops at the
    bound, and the lie is reported."""
    folder = make_bundle(tmp_path / "d", GOOD)
    (folder / "manifest.json").write_bytes(b" " * (70 * 2**20))
    z = zip_of(folder, tmp_path / "d.zip")
    _patch_sizes(z, "d/manifest.json", 100)
    tracemalloc.start()
    try:
        problems = verify_export(z)[1]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "manifest.json" in whats(problems) and peak < 8 * 2**20, peak


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_a_zip_with_a_corrupt_member_says_which_not_a_traceback(tmp_path, run, method):
    folder = make_bundle(tmp_path / "d", {**GOOD, "originals/E01-a.png": os.urandom(4000)})
    z = zip_of(folder, tmp_path / "d.zip", method)
    data = bytearray(z.read_bytes())
    with zipfile.ZipFile(z) as zf:
        info = zf.getinfo("d/originals/E01-a.png")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 100, start + 140):  # a broken download: bytes in the middle changed
        data[i] ^= 0x5A
    z.write_bytes(bytes(data))
    got = whats(verify_export(z)[1])
    assert "originals/E01-a.png" in got
    assert got["originals/E01-a.png"].startswith(("cannot be read", "changed"))
    r = run("verify-export", str(z), ok=False)
    assert r.exit_code == 1 and "E01-a.png" in r.stderr


def test_a_truncated_zip_is_one_line(tmp_path, run):
    z = zip_of(make_bundle(tmp_path / "d", GOOD), tmp_path / "d.zip")
    z.write_bytes(z.read_bytes()[:200])
    r = run("verify-export", str(z), ok=False)
    assert r.exit_code == 1 and r.stderr.count("\n") == 1 and r.stderr.startswith("Error: ")


def test_duplicate_zip_entries_are_flagged(tmp_path):
    folder = make_bundle(tmp_path / "d", GOOD)
    z = zip_of(folder, tmp_path / "d.zip")
    with warnings.catch_warnings(), zipfile.ZipFile(z, "a") as zf:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate it is told to write
        zf.writestr("d/originals/E01-a.png", b"another picture under the same name")
    got = whats(verify_export(z)[1])
    assert "2 times" in got["originals/E01-a.png"]


def test_a_malformed_sha256sums_is_reported(tmp_path):
    folder = make_bundle(tmp_path / "d", GOOD)
    sums = folder / "SHA256SUMS"
    sums.write_text(sums.read_text().replace("manifest.json", "manifest.json.bak") + "garbage\n")
    got = whats(verify_export(folder)[1])
    assert got["SHA256SUMS"].startswith("line ") and "not listed" in got["manifest.json"]


def test_a_symlinked_manifest_leaving_the_bundle_is_not_read(tmp_path):
    folder = make_bundle(tmp_path / "d", GOOD)
    elsewhere = tmp_path / "elsewhere.json"
    (folder / "manifest.json").rename(elsewhere)
    (folder / "manifest.json").symlink_to(elsewhere)
    assert "outside the dossier" in whats(verify_export(folder)[1])["manifest.json"]

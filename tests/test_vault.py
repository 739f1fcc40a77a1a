"""The Vault library: the vault on disk, adding, duplicates, cases, notes, refs."""

from __future__ import annotations

import os
import stat

import pytest
from conftest import jpeg_with_exif, png_bytes

from evidence_vault.errors import (
    AmbiguousRefError,
    InvalidInputError,
    NotFoundError,
)
from evidence_vault.identity import sha256_bytes
from evidence_vault.vault import Vault


def test_vault_created_private_with_wal(vault, vault_dir):
    assert stat.S_IMODE(os.stat(vault_dir).st_mode) == 0o700
    assert (vault_dir / "vault.db").exists()
    assert vault.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert vault.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert stat.S_IMODE(os.stat(vault_dir / "vault.db").st_mode) & 0o077 == 0
    assert vault.vault_id and len(vault.vault_id) == 36


def test_location_from_environment(vault_dir, tmp_path, monkeypatch):
    with Vault.open() as v:
        assert v.root == vault_dir
    other = tmp_path / "elsewhere"
    with Vault.open(other) as v:
        assert v.root == other and other.is_dir()


def test_location_defaults_to_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("EVIDENCE_VAULT")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    from evidence_vault.vault import default_location

    assert default_location() == tmp_path / "xdg" / "evidence-vault"


def test_add_stores_original_read_only_by_hash(vault, files):
    data = png_bytes()
    src = files("Screenshot_20240315-142307.png", data)
    [r] = vault.add([src])
    assert r.status == "added" and r.ref == "E1"
    assert r.sha256 == sha256_bytes(data)
    blob = vault.store.path(r.sha256)
    assert blob == vault.root / "objects" / r.sha256[:2] / r.sha256[2:]
    assert blob.read_bytes() == data
    assert stat.S_IMODE(os.stat(blob).st_mode) == 0o444
    assert r.mime == "image/png"
    assert (r.captured_at, r.captured_at_source) == ("2024-03-15T14:23:07", "filename")
    assert list((vault.root / "tmp").iterdir()) == []


def test_type_comes_from_content_not_extension(vault, files):
    [r] = vault.add([files("looks-like-text.txt", png_bytes())])
    assert r.mime == "image/png"
    [r] = vault.add([files("photo.png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")])
    assert r.mime == "application/pdf"


def test_any_file_is_evidence(vault, files):
    paths = [files("call.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\0" * 64),
             files("mail.eml", b"From: a@b.c\nTo: d@e.f\nSubject: refund\n\nhello\n"),
             files("blob.bin", os.urandom(300))]
    results = vault.add(paths)
    assert [r.status for r in results] == ["added"] * 3
    assert results[2].mime == "application/octet-stream"


def test_exif_time_and_app_from_package(vault, files):
    [r] = vault.add([files("Screenshot_2024-01-01-00-00-00_com.tencent.mm.jpg", jpeg_with_exif())])
    assert (r.captured_at, r.captured_at_source, r.app) == ("2024-03-15T14:23:07", "exif", "微信")
    shown = vault.show(r.ref)
    assert shown["app_package"] == "com.tencent.mm"
    assert {c["source"] for c in shown["capture"]["candidates"]} >= {"exif", "filename"}


def test_at_overrides_and_is_recorded_as_user(vault, files):
    [r] = vault.add([files("Screenshot_20240315-142307.png", png_bytes())],
                    at="2024-03-14 09:30")
    assert (r.captured_at, r.captured_at_source) == ("2024-03-14T09:30:00", "user")


def test_duplicate_is_reported_never_stored_twice(vault, files):
    data = png_bytes()
    [first] = vault.add([files("a.png", data)])
    [second] = vault.add([files("copy/b.png", data)], case="jd-refund")
    assert second.status == "duplicate" and second.id == first.id
    assert second.cases == ["jd-refund"]
    assert vault.db.execute("SELECT count(*) FROM items").fetchone()[0] == 1
    blobs = [p for p in (vault.root / "objects").rglob("*") if p.is_file()]
    assert len(blobs) == 1


def test_duplicate_within_one_batch(vault, files):
    data = png_bytes()
    results = vault.add([files("a.png", data), files("b.png", data)])
    assert [r.status for r in results] == ["added", "duplicate"]


def test_folders_are_added_recursively_in_order(vault, files):
    files("shots/2/b.png", png_bytes(color=(1, 2, 3)))
    files("shots/1/a.png", png_bytes(color=(4, 5, 6)))
    files("shots/.DS_Store", b"junk")
    results = vault.add([files.root / "shots"])
    assert [os.path.basename(r.path) for r in results] == ["a.png", "b.png"]


def test_bad_paths_are_reported_and_the_rest_kept(vault, files, tmp_path):
    good = files("good.png", png_bytes())
    empty = files("empty.png", b"")
    results = vault.add([empty, tmp_path / "missing.png", good])
    assert [r.status for r in results] == ["failed", "failed", "added"]
    assert "empty" in results[0].error and "no such file" in results[1].error


def test_folder_loop_is_reported(vault, files):
    files("a/b/shot.png", png_bytes())
    os.symlink(files.root / "a", files.root / "a" / "b" / "back")
    results = vault.add([files.root / "a"])
    statuses = {os.path.basename(r.path): (r.status, r.error) for r in results}
    assert statuses["shot.png"][0] == "added"
    assert statuses["back"][0] == "failed" and "loop" in statuses["back"][1]


def test_unreadable_file(vault, files, monkeypatch):
    bad = files("locked.png", png_bytes())
    good = files("fine.png", png_bytes(color=(9, 9, 9)))
    if os.geteuid() == 0:
        # root reads everything; make the OS refuse this one path instead
        real_access = os.access
        monkeypatch.setattr(os, "access",
                            lambda p, m, **k: False if str(p) == str(bad) else real_access(p, m))
    else:
        os.chmod(bad, 0)
    results = vault.add([bad, good])
    assert results[0].status == "failed" and "permission denied" in results[0].error
    assert results[1].status == "added"


def test_cannot_add_the_vault_into_itself(vault, vault_dir):
    [r] = vault.add([vault_dir])
    assert r.status == "failed" and "inside the vault" in r.error


def test_refs(vault, files):
    [a] = vault.add([files("a.png", png_bytes())])
    [b] = vault.add([files("b.png", png_bytes(color=(0, 0, 0)))])
    assert vault.resolve("E2") == ("item", b.id) == vault.resolve("2") == vault.resolve("e2")
    assert vault.resolve(a.sha256[:6]) == ("item", a.id)
    assert vault.resolve(a.sha256.upper()) == ("item", a.id)
    with pytest.raises(NotFoundError):
        vault.resolve("E99")
    with pytest.raises(InvalidInputError):
        vault.resolve("abc")  # too short to be a hash prefix
    with pytest.raises(InvalidInputError):
        vault.resolve("../etc")
    with pytest.raises(NotFoundError):
        vault.resolve("ffffff0")


def test_ambiguous_prefix(vault, files):
    # Find two contents whose SHA-256 share 6 hex digits (birthday search, fast).
    seen: dict[str, bytes] = {}
    for i in range(200_000):
        data = f"evidence {i}".encode()
        prefix = sha256_bytes(data)[:6]
        if prefix in seen:
            pair = (seen[prefix], data)
            break
        seen[prefix] = data
    vault.add([files("one.bin", pair[0]), files("two.bin", pair[1])])
    with pytest.raises(AmbiguousRefError, match="more than one"):
        vault.resolve(prefix)
    assert vault.resolve(sha256_bytes(pair[1])[:12]) == ("item", 2)


def test_cases_and_links(vault, files):
    vault.case_new("jd-refund", title="京东退款纠纷", against="某某旗舰店", platform="京东")
    [a] = vault.add([files("a.png", png_bytes())])
    assert vault.link(["E1"], "jd-refund") == ["E1"]
    assert vault.link(["E1"], "jd-refund") == []
    case = vault.case_show("jd-refund")
    assert case["title"] == "京东退款纠纷" and [i["ref"] for i in case["items"]] == ["E1"]
    assert vault.list_items("jd-refund")[0]["cases"] == ["jd-refund"]
    assert vault.unlink([a.sha256[:8]], "jd-refund") == ["E1"]
    assert vault.list_items("jd-refund") == []
    assert vault.case_list()[0]["items"] == 0


@pytest.mark.parametrize("slug", ["../etc", "a/b", "a\\b", "..", "", "has space", "a" * 65, "x.y"])
def test_bad_slugs(vault, slug):
    with pytest.raises(InvalidInputError):
        vault.case_new(slug, title="t")


@pytest.mark.parametrize("slug", ["jd-refund", "京东退款", "loan_2024", "A1"])
def test_good_slugs(vault, slug):
    assert vault.case_new(slug, title="t")["slug"] == slug


def test_case_errors(vault):
    vault.case_new("x", title="t")
    with pytest.raises(InvalidInputError):
        vault.case_new("x", title="again")
    with pytest.raises(NotFoundError):
        vault.case_show("nope")
    with pytest.raises(NotFoundError):
        vault.link(["E1"], "nope")


def test_note_is_hashed_stored_and_logged(vault, files):
    [a] = vault.add([files("rec.m4a", b"\x00" * 50 + b"audio")])
    n = vault.note(case="jd-refund", channel="phone", at="2024-03-16 10:05",
                   with_whom="客服 工号A1023", ticket="GD123", promise="3个工作日内退款",
                   due="2024-03-21", attach=[a.ref], text="客服确认订单异常，承诺退款")
    assert n["ref"] == "N1" and n["at"] == "2024-03-16T10:05:00"
    # due long ago and never marked kept: broken
    assert n["promises"] == [{"ref": "P1", "text": "3个工作日内退款", "due": "2024-03-21",
                              "status": "broken"}]
    blob = vault.store.path(n["sha256"])
    assert blob.is_file() and "客服确认订单异常" in blob.read_text(encoding="utf-8")
    assert vault.log()[-1].action == "note" and vault.log()[-1].ref == "N1"
    assert vault.show("N1")["text"] == "客服确认订单异常，承诺退款"
    assert vault.verify().ok


@pytest.mark.parametrize("kwargs, message", [
    ({"channel": "pigeon"}, "unknown channel"),
    ({"at": "someday"}, "cannot read"),
    ({"text": "  "}, "needs its text"),
    ({"due": "2024-03-21"}, "--due goes with --promise"),
    ({"attach": ["E42"]}, "no item"),
])
def test_note_errors(vault, kwargs, message):
    args = {"case": "c", "channel": "phone", "at": "2024-03-16 10:05", "text": "x", **kwargs}
    with pytest.raises((InvalidInputError, NotFoundError), match=message):
        vault.note(**args)


def test_custody_log_chains_every_change(vault, files):
    vault.add([files("a.png", png_bytes())], case="c1")
    vault.note(case="c1", channel="chat", at="2024-03-16 10:05", text="hello")
    log = vault.log()
    assert [e.action for e in log] == ["init", "case-new", "add", "note"]
    assert log[0].prev == "0" * 64
    for before, after in zip(log, log[1:], strict=False):
        assert after.prev == before.hash
    head = (vault.root / "HEAD").read_text()
    assert log[-1].hash in head


def test_promise_status(vault):
    from datetime import date, timedelta

    soon = (date.today() + timedelta(days=3)).isoformat()
    vault.note(case="c", channel="chat", at="2024-03-16 10:05", promise="明天回电", due=soon,
               text="客服说明天回电")
    vault.note(case="c", channel="chat", at="2024-03-16 10:05", promise="三天内退款",
               due="2024-03-19", text="客服承诺退款")
    assert [p["status"] for p in vault.promises("c")] == ["broken", "open"]
    assert vault.set_promise("P2", "kept")["status"] == "kept"
    assert [p["status"] for p in vault.promises()] == ["kept", "open"]
    assert vault.verify().ok
    with pytest.raises(InvalidInputError):
        vault.set_promise("E1", "kept")
    with pytest.raises(NotFoundError):
        vault.set_promise("P9", "kept")
    timeline = vault.timeline("c")
    assert [(e.kind, e.status) for e in timeline if e.kind == "promise"] == [
        ("promise", "kept"), ("promise", "open")]

"""Tampering `vault verify` used to miss, control files it used to crash on,
and vaults made by older code that must stay clean (issue 9, items 5, 8, 13).

Every test edits the vault the way someone with sqlite3 or a shell would,
outside the vault, and checks that verify names what was changed, without a
traceback; the last ones build a vault with the code of main@8e329ec and
check that this code verifies it clean and keeps its promises for it."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REPO, png_bytes

from evidence_vault import custody
from evidence_vault import db as dbmod
from evidence_vault.models import OcrLine
from evidence_vault.ocr import ENGINES, OcrEngine
from evidence_vault.vault import Vault

FORGED = "订单编号 999999999999999999\n实付款 ¥99,999.00"


class PageEngine(OcrEngine):
    """Reads the same order page from any image, with one warning."""

    name = "page"

    def __init__(self, threads=None):
        pass

    def available(self):
        return None

    def version(self):
        return "page 1"

    def read_image(self, image):
        return [OcrLine("订单编号 295914147223954356", (0, 0, 100, 10), 0.99),
                OcrLine("实付款 ¥1,280.00", (0, 12, 100, 22), 0.98)]


@pytest.fixture(autouse=True)
def page_engine(monkeypatch):
    monkeypatch.setitem(ENGINES, "page", PageEngine)


@pytest.fixture
def filled(vault, files):
    vault.case_new("jd-refund", title="京东退款纠纷")
    vault.add([files("Screenshot_20240315-142307.png", png_bytes()),
               files("receipt.png", png_bytes(color=(0, 90, 0)))], case="jd-refund",
              engine="page", jobs=1)
    vault.add([files("rec.bin", os.urandom(500))], case="jd-refund")
    vault.note(case="jd-refund", channel="phone", at="2024-03-16 10:05",
               promise="3个工作日内退款", due="2024-03-21", text="客服承诺退款", attach=["E1"])
    assert vault.verify(record=False).ok
    return vault


def tamper(vault: Vault, sql: str, *params) -> None:
    conn = sqlite3.connect(vault.root / "vault.db")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def whats(report) -> list[str]:
    return [f"{p.ref}: {p.what}" for p in report.problems]


def refs(report) -> set[str | None]:
    return {p.ref for p in report.problems}


# ---- item 5: a forged reading is never laundered into evidence --------------------------------


def test_forged_reading_is_a_problem_and_never_used_as_the_cache(vault, files):
    [r] = vault.add([files("order.png", png_bytes())])  # stored, not read
    tamper(vault, "INSERT INTO readings (sha256, engine, engine_version, text, created_at) "
                  "VALUES (?, 'page', 'page 1', ?, '2024-01-01T00:00:00+08:00')",
           r.sha256, FORGED)
    report = vault.verify(record=False)
    assert [p.ref for p in report.problems] == ["R1"]
    assert "no record in the custody log" in report.problems[0].what

    [done] = vault.reocr([r.ref], engine="page", jobs=1)
    assert done["cached"] is False  # read again, not taken from the forged row
    shown = vault.show(r.ref)
    assert "99,999" not in shown["ocr"]["text"] and "1,280.00" in shown["ocr"]["text"]
    assert "99999.00" not in {f["value"] for f in shown["fields"]}
    assert vault.verify(record=False).ok  # the row now holds what was read, vouched


def test_reading_of_an_item_edited_is_caught_and_not_reused(filled):
    tamper(filled, "UPDATE readings SET text = ? WHERE id = 1", FORGED)
    assert refs(filled.verify(record=False)) == {"E1"}
    [again] = filled.reocr(["E1"], engine="page", jobs=1)
    assert again["cached"] is False
    assert "99,999" not in filled.show("E1")["ocr"]["text"]


def test_vouched_reading_is_reused(filled):
    [again] = filled.reocr(["E2"], engine="page", jobs=1)
    assert again["cached"] is True
    assert filled.verify(record=False).ok


def test_reading_set_aside_by_reocr_stays_vouched(filled, monkeypatch):
    class Other(PageEngine):
        def version(self):
            return "page 2"

    monkeypatch.setitem(ENGINES, "page", Other)
    filled.reocr(["E1"], engine="page", jobs=1)  # E1 now points at a new reading
    assert filled.verify(record=False).ok  # the old one is no orphan: it has its own digest
    monkeypatch.setitem(ENGINES, "page", PageEngine)
    [back] = filled.reocr(["E1"], engine="page", jobs=1)
    assert back["cached"] is True
    tamper(filled, "UPDATE readings SET text = ? WHERE engine_version = 'page 2'", FORGED)
    assert "R3" in refs(filled.verify(record=False))


# ---- item 13: what the digests did not cover -------------------------------------------------


@pytest.mark.parametrize("sql, ref", [
    ("UPDATE readings SET warnings = '[\"forged\"]' WHERE id = 1", "E1"),
    ("UPDATE readings SET created_at = '2020-01-01T00:00:00+08:00' WHERE id = 2", "E2"),
    ("UPDATE case_items SET linked_at = '2020-01-01T00:00:00+08:00' WHERE item_id = 2",
     "C:jd-refund"),
    ("UPDATE promises SET created_at = '2020-01-01T00:00:00+08:00' WHERE id = 1", "P1"),
    ("UPDATE meta SET value = '00000000-0000-0000-0000-000000000000' WHERE key = 'vault_id'",
     "meta"),
    ("UPDATE meta SET value = '2019-01-01T00:00:00+08:00' WHERE key = 'created_at'", "meta"),
    ("INSERT OR REPLACE INTO meta (key, value) VALUES ('engine', 'tesseract')", "meta"),
    ("UPDATE vouched SET digest = 'v2:' || substr(digest, 4, 60) || 'ffff' WHERE key = 'E3'",
     "vouched"),
])
def test_rows_verify_did_not_cover(filled, sql, ref):
    tamper(filled, sql)
    assert ref in refs(filled.verify(record=False))


def test_exhibit_numbers_edited_are_caught(vault, files, tmp_path):
    from evidence_vault.dossier import fonts
    from evidence_vault.dossier.export import export
    from evidence_vault.errors import VaultError

    try:
        fonts.find_cjk_font("zh")
    except VaultError:
        pytest.skip("needs a CJK font (apt-get install fonts-noto-cjk)")
    vault.add([files("a.png", png_bytes()), files("b.png", png_bytes(color=(1, 2, 3)))],
              case="c")
    export(vault, "c", tmp_path / "out")
    assert vault.verify(record=False).ok
    tamper(vault, "UPDATE exhibits SET number = number + 10")  # the next dossier, renumbered
    problems = whats(vault.verify(record=False))
    assert problems and all(p.startswith("C:c: exhibit numbers") for p in problems)
    tamper(vault, "UPDATE exhibits SET number = number - 10")
    tamper(vault, "DELETE FROM exhibits WHERE item_id = 2")
    assert any("E2 is numbered nothing" in p for p in whats(vault.verify(record=False)))


def test_original_replaced_by_a_symlink_to_a_copy_outside(filled, tmp_path):
    blob = filled.store.path(filled.show("E2")["sha256"])
    copy = tmp_path / "elsewhere.png"
    shutil.copyfile(blob, copy)
    blob.unlink()
    blob.symlink_to(copy)
    assert whats(filled.verify(record=False)) == [
        "E2: original is a symbolic link, not a file stored inside objects/ (it was replaced)"]


def test_blob_dir_replaced_by_a_symlink(filled, tmp_path):
    sha = filled.show("E3")["sha256"]
    sub = filled.store.objects / sha[:2]
    shutil.copytree(sub, tmp_path / "sub")
    shutil.rmtree(sub, ignore_errors=True)
    if sub.exists():  # read-only blobs: make the folder writable to remove it
        os.chmod(sub, 0o700)
        shutil.rmtree(sub)
    sub.symlink_to(tmp_path / "sub")
    report = whats(filled.verify(record=False))
    assert f"None: unexpected symbolic link in objects/: {sha[:2]}" in report
    assert "E3: original is missing from objects/" in report


# ---- item 13: invalid UTF-8, bit rot that integrity_check passes -----------------------------


@pytest.mark.parametrize("table, column, where, ref", [
    ("items", "filename", "id = 1", "E1"),
    ("items", "sha256", "id = 2", "E2"),
    ("notes", "text", "id = 1", "N1"),
    ("readings", "text", "id = 1", "E1"),
    ("cases", "title", "id = 1", "C:jd-refund"),
    ("promises", "text", "id = 1", "P1"),
    ("custody_log", "detail", "seq = 3", "log#3"),
])
def test_invalid_utf8_is_a_problem_naming_the_row(filled, table, column, where, ref):
    tamper(filled, f"UPDATE {table} SET {column} = CAST(x'e4bd' || CAST({column} AS BLOB) "
                   f"AS TEXT) WHERE {where}")
    conn = sqlite3.connect(filled.root / "vault.db")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    report = filled.verify(record=False)  # no sqlite3.OperationalError: Could not decode
    assert ref in refs(report)
    json.dumps(report.to_json(), ensure_ascii=False).encode("utf-8")  # printable as is


# ---- control files are input too ------------------------------------------------------------


@pytest.mark.parametrize("content", [b"[1, 2]\n", b'"x"\n', b"{}\n", b"7\n", b"not json",
                                     b"\xff\xfe", b'{"seq": true, "hash": "00"}',
                                     b'{"seq": -3, "hash": "00"}'])
def test_malformed_head_is_a_problem_not_a_crash(filled, content):
    filled.head_path.write_bytes(content)
    report = filled.verify(record=False)
    assert [p.ref for p in report.problems] == ["HEAD"]
    assert "HEAD file" in report.problems[0].what


def test_malformed_head_is_healed_by_the_next_write(filled):
    filled.head_path.write_bytes(b"[1, 2]")
    filled.case_new("other", title="另一件")  # the write must not crash on it either
    assert filled.verify(record=False).ok


def test_log_detail_that_is_not_json(filled):
    tamper(filled, "UPDATE custody_log SET detail = '{not json' WHERE seq = 2")
    problems = whats(filled.verify(record=False))
    assert "log#2: custody log entry's detail is not a JSON object" in problems
    assert "log#2: custody log entry was altered (hash mismatch)" in problems
    assert filled.log()[1].detail == {"unreadable": "{not json"}  # `vault log` still works


def test_head_of_another_vault(filled, vault_dir):
    head = json.loads(filled.head_path.read_text())
    filled.head_path.write_text(json.dumps({**head, "vault_id": "someone-else"}))
    assert [p.ref for p in filled.verify(record=False).problems] == ["HEAD"]


# ---- HEAD: truncation and the lag rule ------------------------------------------------------


def test_head_set_to_seq_0_does_not_hide_removed_entries(filled):
    last = filled.log()[-1].seq
    tamper(filled, "DELETE FROM custody_log WHERE seq > ?", last - 3)
    filled.head_path.write_text(json.dumps({"vault_id": filled.vault_id, "seq": 0,
                                            "hash": custody.GENESIS}))
    report = whats(filled.verify(record=False))
    assert any(p.startswith("HEAD: HEAD records #0") for p in report)


def test_head_set_back_is_caught(filled):
    log = filled.log()
    filled.head_path.write_text(json.dumps({"vault_id": filled.vault_id, "seq": log[-3].seq,
                                            "hash": log[-3].hash}))
    assert [p.ref for p in filled.verify(record=False).problems] == ["HEAD"]


def _killed_after_commit(vault: Vault, slug: str) -> None:
    """A logged change whose process died between its commit and its HEAD write."""
    with dbmod.write(vault.db):
        cur = vault.db.execute("INSERT INTO cases (slug, title, created_at) VALUES (?, ?, ?)",
                               (slug, slug, "2024-01-01T00:00:00+08:00"))
        custody.append(vault.db, "case-new", f"C:{slug}",
                       {"digests": {f"C:{slug}": vault.states.case_digest(cur.lastrowid)}})


def test_a_kill_leaves_head_one_behind_at_most(filled):
    _killed_after_commit(filled, "k1")
    last = filled.log()[-1]
    assert json.loads(filled.head_path.read_text())["seq"] == last.seq - 1
    assert filled.verify(record=False).ok  # the one entry in flight is tolerated
    _killed_after_commit(filled, "k2")  # the next append catches HEAD up first
    head = json.loads(filled.head_path.read_text())
    assert (head["seq"], head["hash"]) == (last.seq, last.hash)
    assert filled.verify(record=False).ok
    filled.verify()  # a recorded verify brings HEAD to the end
    assert json.loads(filled.head_path.read_text())["seq"] == filled.log()[-1].seq


def test_missing_head(filled):
    filled.head_path.unlink()
    assert whats(filled.verify(record=False)) == ["HEAD: the HEAD file is missing"]


# ---- item 8: what is in flight, and what is damage --------------------------------------------


def test_killed_add_is_a_notice_with_its_cure(filled, files):
    path = files("late.png", png_bytes(color=(9, 9, 9)))
    filled.store.put_file(path)  # the blob was stored, the process died before its commit
    report = filled.verify(record=False)
    assert report.ok and report.checked["in_flight"] == 1
    assert "`vault add`" in report.notices[0].what
    [r] = filled.add([path])  # adding it again adopts the stored copy
    assert r.status == "added"
    report = filled.verify(record=False)
    assert report.ok and not report.notices and report.checked["in_flight"] == 0


def test_killed_note_is_a_notice_naming_vault_note(filled):
    from evidence_vault.identity import canonical_json

    filled.store.put_bytes(canonical_json({"type": "note", "channel": "phone", "text": "…"}))
    report = filled.verify(record=False)
    assert report.ok and report.checked["in_flight"] == 1
    assert "`vault note`" in report.notices[0].what


def test_orphan_blob_whose_bytes_do_not_match_its_name(filled):
    name = "ab" * 32
    sub = filled.store.objects / name[:2]
    sub.mkdir(exist_ok=True)
    (sub / name[2:]).write_bytes(b"not what the name says")
    assert whats(filled.verify(record=False)) == [
        "None: stored file abababababab… does not match its name: it was changed or is corrupt"]


def test_unexpected_file_in_objects(filled):
    (filled.store.objects / "notes.txt").write_text("hello")
    assert whats(filled.verify(record=False)) == [
        "None: unexpected file in objects/: notes.txt"]


def test_cli_prints_notices_and_succeeds(run, vault, files):
    vault.add([files("a.png", png_bytes())])
    vault.store.put_bytes(b"in flight")
    result = run("verify")
    assert "notice: stored original" in result.stderr and "OK" in result.stdout
    data = run.json("verify")
    assert data["ok"] is True and data["checked"]["in_flight"] == 1
    assert len(data["notices"]) == 1


# ---- vaults made by older code ---------------------------------------------------------------

OLD_COMMIT = "8e329ec"

OLD_SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from evidence_vault import custody, db as dbmod
    from evidence_vault.models import OcrLine
    from evidence_vault.ocr import ENGINES, OcrEngine
    from evidence_vault.vault import Vault

    class Page(OcrEngine):
        name = "page"
        def __init__(self, threads=None):
            pass
        def available(self):
            return None
        def version(self):
            return VERSION
        def read_image(self, image):
            return [OcrLine("订单编号 295914147223954356", (0, 0, 100, 10), 0.99)]

    assert not hasattr(custody, "load"), "this must run the old code"
    ENGINES["page"] = Page
    VERSION = "page 1"
    src, root = Path(sys.argv[1]), Path(sys.argv[2])
    v = Vault.open(root)
    v.case_new("jd-refund", title="京东退款纠纷", against="某店", platform="京东")
    v.add([src / "a.png", src / "b.png"], case="jd-refund", engine="page", jobs=1)
    v.add([src / "c.bin"], case="other", engine="none")
    v.note(case="jd-refund", channel="phone", at="2024-03-16 10:05", promise="3个工作日内退款",
           due="2024-03-21", text="客服承诺退款", attach=["E1"])
    v.set_promise("P1", "kept")
    v.describe("E2", name="支付截图", purpose="证明已付款")
    v.link(["E3"], "jd-refund")
    v.unlink(["E3"], "other")
    VERSION = "page 2"
    v.reocr(["E1"], engine="page", jobs=1)   # the 'page 1' reading of E1 is left unreferenced
    with dbmod.write(v.db):                  # what an export records (no PDF needed here)
        case_id = v.db.execute("SELECT id FROM cases WHERE slug = 'jd-refund'").fetchone()[0]
        for n, item in ((1, 1), (2, 2), (3, 3)):
            v.db.execute("INSERT INTO exhibits (case_id, number, item_id, assigned_at) "
                         "VALUES (?, ?, ?, '2024-04-01T00:00:00+08:00')", (case_id, n, item))
        custody.append(v.db, "export", "C:jd-refund", {"exhibits": {"E1": 1, "E2": 2, "E3": 3}})
    v._sync_head()
    assert v.verify().ok
    with dbmod.write(v.db):                  # and a process killed after its commit
        custody.append(v.db, "config", None, {"engine": "none"})
        v.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('engine', 'none')")
    v.close()
""")


@pytest.fixture(scope="module")
def old_code(tmp_path_factory) -> Path:
    """The package as it was at main@8e329ec, extracted from git."""
    dest = tmp_path_factory.mktemp("old-code")
    try:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", OLD_COMMIT,
                                  "evidence_vault", "schema"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        pytest.skip(f"cannot extract main@{OLD_COMMIT} with git: {e}")
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


@pytest.fixture
def old_vault(old_code, tmp_path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.png").write_bytes(png_bytes())
    (src / "b.png").write_bytes(png_bytes(color=(0, 90, 0)))
    (src / "c.bin").write_bytes(b"a recording" * 50)
    root = tmp_path / "old-vault"
    env = {**os.environ, "PYTHONPATH": str(old_code)}
    done = subprocess.run([sys.executable, "-c", OLD_SCRIPT, str(src), str(root)], env=env,
                          cwd=old_code, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return root


def test_old_vault_verifies_clean_after_upgrade(old_vault):
    with Vault.open(old_vault) as v:  # migrates to this code's schema
        report = v.verify(record=False)
        assert report.ok, whats(report)
        assert not report.notices
        v.link(["E3"], "other")  # new entries vouch with new digests beside the old ones
        v.reocr(["E2"], engine="page", jobs=1)
        assert v.verify().ok and v.verify().ok


def test_old_vault_keeps_its_promises(old_vault):
    with Vault.open(old_vault) as v:
        # the reading old code left unreferenced is not vouched for: never a cache
        [r] = v.reocr(["E1"], engine="page", jobs=1)  # this code's page engine is 'page 1'
        assert r["cached"] is False
        assert v.verify(record=False).ok
        # a reading forged after the upgrade is caught
        sha = v.show("E3")["sha256"]
        tamper(v, "INSERT INTO readings (sha256, engine, engine_version, text, created_at) "
                  "VALUES (?, 'page', 'page 1', ?, '2024-01-01T00:00:00+08:00')", sha, FORGED)
        assert any(p.what.startswith("reading has no record") for p in
                   v.verify(record=False).problems)
        # tampering the old digests covered is still caught, by the old version
        tamper(v, "UPDATE items SET filename = 'x.png' WHERE id = 2")
        assert "E2" in refs(v.verify(record=False))

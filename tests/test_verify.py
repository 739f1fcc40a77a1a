"""`verify` must catch every way the vault can be changed behind its back."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from conftest import png_bytes

from evidence_vault import records
from evidence_vault.vault import Vault


@pytest.fixture
def filled(vault, files):
    vault.case_new("jd-refund", title="京东退款纠纷")
    vault.add([files("Screenshot_20240315-142307.png", png_bytes()),
               files("receipt.png", png_bytes(color=(0, 90, 0))),
               files("rec.bin", os.urandom(5000))], case="jd-refund")
    # a field, as the extraction issue will write them
    vault.note(case="jd-refund", channel="phone", at="2024-03-16 10:05",
               promise="3个工作日内退款", due="2024-03-21", text="客服承诺退款", attach=["E1"])
    assert vault.verify().ok
    return vault


def tamper(vault: Vault, sql: str, *params) -> None:
    """Edit the database the way someone with sqlite3 would, outside the vault."""
    conn = sqlite3.connect(vault.root / "vault.db")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def whats(report) -> list[str]:
    return [f"{p.ref}: {p.what}" for p in report.problems]


def test_intact_vault_verifies_and_verify_is_logged(filled):
    report = filled.verify()
    assert report.ok and report.checked["items"] == 3 and report.checked["notes"] == 1
    assert filled.log()[-1].action == "verify"


def test_one_flipped_byte_in_an_original(filled):
    sha = filled.show("E2")["sha256"]
    blob = filled.store.path(sha)
    os.chmod(blob, 0o644)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0x01
    blob.write_bytes(bytes(data))
    os.chmod(blob, 0o444)  # modes and sizes look untouched; only the bytes differ
    assert whats(filled.verify()) == ["E2: content hash mismatch: the original was changed"]


def test_deleted_original(filled):
    filled.store.path(filled.show("E3")["sha256"]).unlink()
    assert whats(filled.verify()) == ["E3: original is missing from objects/"]


def test_deleted_note_record(filled):
    filled.store.path(filled.show("N1")["sha256"]).unlink()
    assert any(w.startswith("N1:") for w in whats(filled.verify()))


def test_stray_blob_belongs_to_no_item(filled):
    """An intact original no item owns is an add in flight (or killed): a notice
    saying how to adopt it, never a failure (issue 9, item 8)."""
    filled.store.put_bytes(b"not evidence of anything")
    report = filled.verify()
    assert report.ok and report.checked["in_flight"] == 1
    [notice] = report.notices
    assert "belongs to no item" in notice.what and "vault add" in notice.what


@pytest.mark.parametrize("sql, params, ref", [
    ("UPDATE items SET filename = ? WHERE id = 1", ("other.png",), "E1"),
    ("UPDATE items SET captured_at = ? WHERE id = 2", ("2020-01-01T00:00:00",), "E2"),
    ("UPDATE items SET sha256 = ? WHERE id = 3", ("0" * 64,), "E3"),
    ("UPDATE notes SET text = ? WHERE id = 1", ("客服从未承诺",), "N1"),
    ("UPDATE notes SET at = ? WHERE id = 1", ("2024-03-20T10:05:00",), "N1"),
    ("UPDATE promises SET due = ? WHERE id = 1", ("2024-04-30",), "P1"),
    ("UPDATE cases SET title = ? WHERE slug = 'jd-refund'", ("改过的标题",), "C:jd-refund"),
    ("DELETE FROM case_items WHERE item_id = 2", (), "C:jd-refund"),
    ("DELETE FROM items WHERE id = 3", (), "E3"),
])
def test_rows_edited_behind_the_vaults_back(filled, sql, params, ref):
    tamper(filled, sql, *params)
    problems = filled.verify().problems
    assert problems, "the edit went unnoticed"
    assert ref in {p.ref for p in problems}


def test_field_edited_behind_the_vaults_back(vault, files):
    from evidence_vault import custody, db
    from evidence_vault.models import Field

    [r] = vault.add([files("a.png", png_bytes())])
    # record a field the way the add pipeline does: in a logged transaction
    with db.write(vault.db):
        records.fields.save(vault.db, [Field("amount", "1280.00", "实付款", "paid", 0.9)], item_id=r.id)
        custody.append(vault.db, "fields", r.ref, {"digests": {r.ref: vault.states.item_digest(r.id)}})
    assert vault.verify().ok
    tamper(vault, "UPDATE fields SET value = '9280.00' WHERE item_id = ?", r.id)
    assert whats(vault.verify()) == [
        "E1: item was changed in the database behind the vault's back "
        "(does not match the custody log)"]


def test_log_row_edited(filled):
    tamper(filled, "UPDATE custody_log SET detail = ? WHERE seq = 3",
           json.dumps({"filename": "forged.png"}))
    problems = whats(filled.verify())
    assert any("log#3" in p and "altered" in p for p in problems)


def test_log_entry_removed_from_the_middle(filled):
    tamper(filled, "DELETE FROM custody_log WHERE seq = 4")
    problems = whats(filled.verify())
    assert any("missing" in p for p in problems)
    assert any("chain broken" in p for p in problems)


def test_last_log_entry_removed(filled):
    last = filled.log()[-1].seq
    tamper(filled, "DELETE FROM custody_log WHERE seq = ?", last)
    problems = whats(filled.verify())
    assert any(p.startswith("HEAD:") and "removed" in p for p in problems)


def test_whole_log_rewritten_consistently_is_still_caught_by_head(filled):
    """Someone who deletes the last entries cannot hide it without HEAD."""
    tamper(filled, "DELETE FROM custody_log WHERE seq >= 5")
    assert not filled.verify().ok


def test_a_copied_vault_is_the_whole_archive(filled, tmp_path):
    import shutil

    filled.close()
    copy = tmp_path / "copy"
    shutil.copytree(filled.root, copy)
    with Vault.open(copy) as v:
        assert v.verify().ok

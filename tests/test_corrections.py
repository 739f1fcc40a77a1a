"""The user has the last word (issue 11): corrections of fields and capture times are
stored beside what they correct, vouched for by the custody log, shown by `show` next to
what the machine read, and used by search, the timeline and the dossier.

Real components: a real text-layer PDF (an e-invoice from samples/, read without OCR),
a real vault on disk, the real CLI, the real dossier export."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
INVOICE = next(SAMPLES.glob("dzfp_*.pdf"))


@pytest.fixture
def invoice(run, vault_dir):
    run("add", str(INVOICE), "--case", "发票", "--engine", "none")
    return run.json("show", "E1")


def paid(shown):
    return [(f["value"], f["source"]) for f in shown["fields"]
            if f["kind"] == "amount" and f["role"] == "paid"]


def test_a_users_value_replaces_the_machines_and_the_machines_stays_visible(run, invoice):
    machine_paid = [f for f in invoice["fields"] if f["role"] == "paid"]
    view = run.json("field", "set", "E1", "amount", "¥1,380元", "--role", "paid",
                    "--label", "价税合计", "--reason", "misread")
    assert paid(view) == [("1380.00", "user")]
    shown = run.json("show", "E1")
    assert paid(shown) == [("1380.00", "user")]
    # what the machine read is still there, marked as no longer counting
    read = {(f["value"], f["role"]): f["status"] for f in shown["read"]}
    for f in machine_paid:
        assert read[(f["value"], "paid")] == "overridden"
    assert len(shown["read"]) == len(invoice["fields"])
    assert shown["corrections"][0]["reason"] == "misread"
    assert "— yours" in run("show", "E1").output


def test_rm_and_confirm_by_number_or_kind_value(run, invoice):
    first = invoice["fields"][0]
    view = run.json("field", "confirm", "E1", "1")
    assert view["fields"][0]["confirmed"] is True
    view = run.json("field", "rm", "E1", f"{first['kind']}:{first['value']}")
    assert (first["kind"], first["value"]) not in [(f["kind"], f["value"]) for f in view["fields"]]
    assert view["read"][0]["status"] == "removed"
    # a value of the user's can be taken back too; nothing is deleted from the log
    run("field", "set", "E1", "order_no", "295914147223954356")
    view = run.json("field", "rm", "E1", "order_no:295914147223954356")
    assert "order_no" not in [f["kind"] for f in view["fields"]]
    actions = [e["action"] for e in run.json("log")["entries"]]
    assert actions.count("field-rm") == 2 and "field-confirm" in actions


def test_bad_corrections_are_one_line(run, invoice):
    for args, words in ((("field", "rm", "E1", "99"), "has no field 99"),
                        (("field", "rm", "E1", "amount:7.77"), "has no amount field"),
                        (("field", "set", "E1", "amount", "lots", "--role", "paid"),
                         "is not an amount"),
                        (("field", "set", "E1", "Bad Kind", "x"), "invalid field kind"),
                        (("field", "rm", "E1", "nonsense"), "cannot read 'nonsense'"),
                        (("item", "set", "E1", "--at", "someday"), "--at")):
        r = run(*args, ok=None)
        assert r.exit_code == 1, r.output
        assert words in r.stderr and "Traceback" not in r.output + r.stderr


def test_corrections_reach_search_timeline_and_dossier(run, invoice, tmp_path):
    run("field", "set", "E1", "amount", "1380", "--role", "paid")
    run("item", "set", "E1", "--at", "2024-04-12 09:30", "--reason", "printed a day late")
    assert [h["ref"] for h in run.json("search", "1380")["hits"]] == ["E1"]
    shown = run.json("show", "E1")
    assert (shown["captured_at"], shown["captured_at_source"]) == ("2024-04-12T09:30:00", "user")
    # the claim read at add time is kept beside the user's
    assert shown["corrections"][-1]["target_value"] == invoice["captured_at"]
    assert shown["corrections"][-1]["target_role"] == invoice["captured_at_source"]
    out = tmp_path / "d"
    run("export", "--case", "发票", "--out", str(out))
    rows = list(csv.reader((out / "evidence-list.csv").open(encoding="utf-8-sig")))
    assert "1,380.00" in " ".join(rows[1])
    assert run.json("verify")["ok"]


def test_reocr_keeps_the_users_corrections(run, invoice):
    run("field", "set", "E1", "amount", "1380", "--role", "paid")
    run("reocr", "E1", "--engine", "none")
    assert paid(run.json("show", "E1")) == [("1380.00", "user")]
    assert run.json("verify")["ok"]


def test_a_correction_edited_behind_the_vaults_back_is_caught(run, invoice, vault_dir):
    run("field", "set", "E1", "amount", "1380", "--role", "paid")
    assert run.json("verify")["ok"]
    with sqlite3.connect(vault_dir / "vault.db") as db:
        db.execute("UPDATE corrections SET value = '13800.00'")
    report = run("verify", "--json", ok=None)
    assert report.exit_code == 1
    assert "E1" in report.stdout


def test_add_at_on_a_duplicate_says_what_to_do(run, invoice):
    r = run("add", str(INVOICE), "--at", "2024-04-12 09:30", "--engine", "none")
    assert "--at was not applied to E1" in r.stderr
    assert 'vault item set E1 --at "2024-04-12 09:30:00"' in r.stderr
    run("item", "set", "E1", "--at", "2024-04-12 09:30")
    r = run("add", str(INVOICE), "--at", "2024-04-12 09:30", "--engine", "none")
    assert "--at was not applied" not in r.stderr


# ---- notes: amended, voided, moved ----------------------------------------------------------

@pytest.fixture
def noted(run, vault_dir):
    run("case", "new", "京东退款", "--title", "京东退款纠纷")
    run("note", "--case", "京东退款", "--channel", "phone", "--at", "2024-03-16 10:05",
        "--promise", "3个工作日内退款", "--due", "2024-03-21", "客服承诺退款")
    run("note", "--case", "京东退款", "--channel", "chat", "--at", "2024-03-18", "试写的记录")
    return vault_dir


def refs_of(events):
    return [e["ref"] for e in events]


def test_an_amended_note_is_replaced_everywhere_but_kept(run, noted, tmp_path):
    r = run.json("note", "amend", "N1", "--at", "2024-03-17 10:05", "--reason", "错日期")
    assert (r["ref"], r["amends"], r["status"]) == ("N3", "N1", "current")
    assert r["cases"] == ["京东退款"] and r["promises"][0]["text"] == "3个工作日内退款"
    old = run.json("show", "N1")
    assert (old["status"], old["amended_by"], old["reason"]) == ("amended", "N3", "错日期")
    timeline = run.json("timeline", "--case", "京东退款")["events"]
    assert "N1" not in refs_of(timeline) and "N3" in refs_of(timeline)
    assert [p["source"] for p in run.json("due")["promises"]] == ["N3"]
    # the old note can no longer change; the new one can
    r = run("note", "amend", "N1", "--reason", "again", ok=None)
    assert r.exit_code == 1 and "N1 was amended by N3" in r.stderr
    r = run("note", "amend", "N3", ok=None)
    assert r.exit_code == 1 and "changes nothing" in r.stderr
    assert run.json("verify")["ok"]
    out = tmp_path / "d"
    run("export", "--case", "京东退款", "--out", str(out))
    listed = (out / "evidence-list.csv").read_text(encoding="utf-8-sig")
    assert "2024-03-17 10:05" in listed and "2024-03-16 10:05" not in listed


def test_a_void_note_leaves_timeline_due_and_dossier(run, noted, tmp_path):
    run("note", "void", "N1", "--reason", "说错了")
    shown = run.json("show", "N1")
    assert (shown["status"], shown["reason"]) == ("void", "说错了")
    assert "N1" not in refs_of(run.json("timeline", "--case", "京东退款")["events"])
    assert run.json("due")["promises"] == []
    out = tmp_path / "d"
    run("export", "--case", "京东退款", "--out", str(out))
    assert "客服承诺退款" not in (out / "evidence-list.csv").read_text(encoding="utf-8-sig")
    assert [e["action"] for e in run.json("log")["entries"]].count("note-void") == 1
    r = run("note", "void", "N1", "--reason", "again", ok=None)
    assert r.exit_code == 1 and "void" in r.stderr
    r = run("note", "void", "N2", ok=None)
    assert r.exit_code == 2  # --reason is required
    assert run.json("verify")["ok"]


def test_a_note_moves_between_cases_like_an_item(run, noted):
    run("case", "new", "拼多多", "--title", "另一单")
    assert run.json("link", "N2", "--case", "拼多多")["linked"] == ["N2"]
    assert run.json("unlink", "N2", "--case", "京东退款")["unlinked"] == ["N2"]
    assert run.json("show", "N2")["cases"] == ["拼多多"]
    assert "N2" not in refs_of(run.json("timeline", "--case", "京东退款")["events"])
    assert run.json("verify")["ok"]


def test_a_note_whose_text_begins_with_amend_is_recorded_as_written(run, noted):
    r = run.json("note", "--case", "京东退款", "--channel", "email", "--at", "2024-03-19",
                 "amend", "the", "order")
    assert r["text"] == "amend the order"


def test_a_note_change_edited_behind_the_vaults_back_is_caught(run, noted, vault_dir):
    run("note", "void", "N2", "--reason", "试写")
    with sqlite3.connect(vault_dir / "vault.db") as db:
        db.execute("DELETE FROM note_changes")  # the void 'undone' by hand
    report = run("verify", "--json", ok=None)
    assert report.exit_code == 1 and "N2" in report.stdout


def test_log_ref_is_the_whole_history(run, invoice, noted):
    run("field", "set", "E1", "amount", "1380", "--role", "paid")
    run("item", "set", "E1", "--at", "2024-04-12 09:30")
    run("link", "E1", "--case", "京东退款")
    assert [e["action"] for e in run.json("log", "E1")["entries"]] == [
        "add", "field-set", "item-set", "link"]
    run("note", "amend", "N1", "--at", "2024-03-17 10:05")
    assert [e["action"] for e in run.json("log", "N1")["entries"]] == ["note", "note-amend"]
    assert [e["action"] for e in run.json("log", "N3")["entries"]] == ["note-amend"]
    assert [e["action"] for e in run.json("log", "P1")["entries"]] == ["note"]
    r = run("log", "E99", ok=None)
    assert r.exit_code == 1 and "no item" in r.stderr


# ---- readings: every one kept, the user picks ------------------------------------------------

def test_a_worse_reading_is_reported_and_the_earlier_one_taken_back(run, vault_dir):
    shot = SAMPLES / "IMG_4238.PNG"  # a real phone screenshot, read by both real engines
    run("add", str(shot), "--engine", "rapidocr")
    first = run.json("show", "E1")
    run("field", "set", "E1", "amount", "1380", "--role", "paid")
    r = run.json("reocr", "E1", "--engine", "tesseract")["items"][0]
    assert r["fields_before"] == len(first["fields"])
    if r["fields"] < r["fields_before"]:
        assert "`vault reading use E1 1` takes it back" in " ".join(r["warnings"])
    listed = run.json("reading", "list", "E1")["readings"]
    assert [(x["n"], x["engine"], x["used"]) for x in listed] == [
        (1, "rapidocr", False), (2, "tesseract", True)]
    back = run.json("reading", "use", "E1", "1")["readings"]
    assert [x["used"] for x in back] == [True, False]
    shown = run.json("show", "E1")
    assert [(f["kind"], f["value"]) for f in shown["read"]] == [
        (f["kind"], f["value"]) for f in first["fields"]]
    assert ("1380.00", "user") in paid(shown)  # the correction still applies
    assert run.json("verify")["ok"]
    r = run("reading", "use", "E1", "9", ok=None)
    assert r.exit_code == 1 and "has no reading 9" in r.stderr


# ---- promises: one list, whatever their source ----------------------------------------------

def test_a_screenshot_promise_is_a_promise_like_a_notes(run, vault_dir, tmp_path):
    shot = SAMPLES / "IMG_4238.PNG"  # a chat screenshot whose agent promises 48小时内回复
    run("add", str(shot), "--case", "分期乐", "--engine", "rapidocr")
    run("note", "--case", "分期乐", "--channel", "phone", "--at", "2024-05-11 09:00",
        "--promise", "7个工作日内退还服务费", "客服说会退服务费")
    due = run.json("due", "--case", "分期乐")["promises"]
    sources = {p["source"] for p in due}
    assert sources == {"E1", "N1"}, due
    from_note = next(p for p in due if p["source"] == "N1")
    # 7 working days after Saturday 2024-05-11 (itself a make-up working day for 劳动节):
    # 13, 14, 15, 16, 17, 20, 21 May, by the Chinese calendar
    assert from_note["due"] == "2024-05-21"
    from_shot = next(p for p in due if p["source"] == "E1")
    assert run.json("promise", from_shot["ref"], "kept")["status"] == "kept"
    shown = run.json("case", "show", "分期乐")
    assert [p["ref"] for p in shown["promises"]] == [p["ref"] for p in due]
    events = [e for e in run.json("timeline", "--case", "分期乐")["events"]
              if e["kind"] == "promise"]
    assert sorted(e["ref"] for e in events) == sorted(p["ref"] for p in due)
    assert next(e for e in events if e["ref"] == from_shot["ref"])["status"] == "kept"
    out = tmp_path / "d"
    run("export", "--case", "分期乐", "--out", str(out))
    import subprocess
    cover = subprocess.run(["pdftotext", "-l", "2", str(out / "dossier.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert f"{len(due)} 项" in cover
    # read again: the promise is not made twice, and keeps its mark
    run("reocr", "E1", "--engine", "rapidocr")
    again = {p["ref"]: p["status"] for p in run.json("due", "--case", "分期乐")["promises"]}
    assert sorted(again) == sorted(p["ref"] for p in due)
    assert again[from_shot["ref"]] == "kept"
    assert run.json("verify")["ok"]


def test_a_copy_time_is_never_stated_as_formed_time(run, vault_dir, files, tmp_path):
    """A file with no time of its own: the 证据目录 says 不明 (with the modification time it
    has), until the user sets one (issue 12, defect 3; issue 11, item 2)."""
    from conftest import png_bytes

    run("add", str(files("copy.png", png_bytes())), "--case", "c", "--engine", "none")
    out = tmp_path / "d1"
    run("export", "--case", "c", "--out", str(out))
    row = list(csv.reader((out / "evidence-list.csv").open(encoding="utf-8-sig")))[1]
    assert any(cell.startswith("不明（文件修改时间 ") for cell in row), row
    run("item", "set", "E1", "--at", "2024-03-15 14:23")
    out = tmp_path / "d2"
    run("export", "--case", "c", "--out", str(out))
    row = list(csv.reader((out / "evidence-list.csv").open(encoding="utf-8-sig")))[1]
    assert "2024-03-15 14:23:00" in row and not any("不明" in c for c in row), row


def test_a_notes_promise_has_one_due_date_the_users(run, noted):
    """The promise read from the note's words counts 3 working days from the note's time
    (2024-03-20); the user said 2024-03-21, and the note's fields say so too."""
    shown = run.json("show", "N1")
    assert shown["promises"][0]["due"] == "2024-03-21"
    read = [f for f in shown["fields"] if f["kind"] == "promise"]
    assert [(f["detail"]["due"], f["detail"]["basis"]) for f in read] == [("2024-03-21", "user")]

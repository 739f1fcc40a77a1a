"""A whole case, through the CLI, as a user builds and corrects it (issue 11, Tests).

A misread amount corrected, a note amended and another voided, a typo case merged into the
right one, a capture time set, a screenshot's promise marked kept: then the dossier's cover,
证据目录, timeline and CSV state the corrected facts, `show` still shows what the machine read,
`vault verify` stays clean, and a correction edited behind the vault's back is caught.

Real components: the e-invoice PDF and the loan-chat screenshot from samples/, read by the
real readers (the screenshot by rapidocr), a real vault on disk, the real dossier checked
with pdftotext."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import png_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
INVOICE = next(SAMPLES.glob("dzfp_*.pdf"))
CHAT = SAMPLES / "IMG_4238.PNG"  # a loan chat whose agent promises 48小时内回复


def pdf_text(pdf: Path, first: int = 1, last: int | None = None) -> str:
    args = ["pdftotext", "-layout", "-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def case(run, files, vault_dir):
    """The case as the user left it after correcting it."""
    run("add", str(INVOICE), "--case", "京东退款", "--engine", "none")            # E1
    machine = run.json("show", "E1")
    # the chat screenshot went into a case typed wrong
    added = run.json("add", str(CHAT), "--case", "京东退", "--engine", "rapidocr")  # E2
    assert added["created_case"] == "京东退"
    copy = files("copy.png", png_bytes())  # a copy: no time of its own
    run("add", str(copy), "--case", "京东退款", "--engine", "none")               # E3
    run("note", "--case", "京东退款", "--channel", "phone", "--at", "2024-03-16 10:05",
        "--promise", "3个工作日内退款", "--due", "2024-03-21", "客服承诺退款")     # N1, P
    run("note", "--case", "京东退款", "--channel", "chat", "--at", "2024-03-18",
        "试写的记录")                                                            # N2

    # the corrections
    run("field", "set", "E1", "amount", "1380", "--role", "paid", "--label", "价税合计",
        "--reason", "机器读错")
    run("item", "set", "E3", "--at", "2024-03-15 14:23", "--reason", "原图拍摄时间")
    run("note", "amend", "N1", "--at", "2024-03-17 10:05", "--reason", "记错日期")   # → N3
    run("note", "void", "N2", "--reason", "试写")
    merged = run.json("case", "merge", "京东退", "京东退款")
    assert (merged["slug"], merged["merged_from"]) == ("京东退款", "京东退")
    shot_promise = next(p for p in run.json("due", "--case", "京东退款")["promises"]
                        if p["source"] == "E2")
    run("promise", shot_promise["ref"], "kept")
    return {"machine": machine, "shot_promise": shot_promise["ref"]}


def test_the_dossier_states_the_corrected_facts(run, case, tmp_path):
    machine_paid = {f["value"] for f in case["machine"]["fields"] if f["role"] == "paid"}
    assert "1380.00" not in machine_paid  # so the test can tell the user's value from it

    # the typo case is gone, everything it held is in the right one
    assert "京东退" not in [c["slug"] for c in run.json("case", "list")["cases"]]
    shown = run.json("case", "show", "京东退款")
    assert {i["ref"] for i in shown["items"]} == {"E1", "E2", "E3"}

    out = tmp_path / "dossier"
    run("export", "--case", "京东退款", "--out", str(out))
    pdf = out / "dossier.pdf"
    cover = pdf_text(pdf, 1, 1)
    assert "¥1,380.00" in cover
    assert not any(f"¥{float(v):,.2f}" in cover for v in machine_paid)
    assert "2 项" in cover and "1 项到期未兑现" in cover  # N3's promise broken, E2's kept

    rows = list(csv.reader((out / "evidence-list.csv").open(encoding="utf-8-sig")))
    listed = "\n".join(" ".join(r) for r in rows)
    assert "1,380.00" in listed
    assert "2024-03-15 14:23:00" in listed           # the time the user set for the copy
    assert "不明" not in listed                        # no copy time left as 形成时间
    assert "2024-03-17 10:05" in listed and "2024-03-16 10:05" not in listed  # amended
    assert "试写的记录" not in listed                  # voided
    assert len(rows) - 1 == 4                          # E1, E2, E3 and the amended note

    whole = pdf_text(pdf)
    timeline = whole[whole.index("案件时间线"):].split("\f")[0]  # its page
    assert "2024-03-17 10:05" in timeline and "2024-03-16 10:05" not in timeline
    assert "试写的记录" not in whole
    # the exhibit's own page says whose the figure is, and what the machine read
    read_as = "、".join(f"¥{float(v):,.2f}" for v in sorted(machine_paid))
    assert f"¥1,380.00（申请人更正，识别结果为 {read_as}）" in whole
    assert "✓ 已履行" in timeline and "× 未履行" in timeline

    # what the machine read is still visible beside the user's value
    e1 = run.json("show", "E1")
    assert [f["value"] for f in e1["fields"] if f["role"] == "paid"] == ["1380.00"]
    assert {f["value"] for f in e1["read"] if f["status"] == "overridden"} == machine_paid
    e3 = run.json("show", "E3")
    assert e3["captured_at_source"] == "user"
    assert e3["corrections"][-1]["target_role"] == "mtime"
    assert run.json("show", "N1")["status"] == "amended"
    assert run.json("show", "N2")["status"] == "void"
    assert run.json("verify")["ok"]


def test_a_correction_edited_behind_the_vaults_back_is_caught(run, case, vault_dir):
    assert run.json("verify")["ok"]
    with sqlite3.connect(vault_dir / "vault.db") as db:
        db.execute("UPDATE corrections SET value = '13800.00' WHERE value = '1380.00'")
    report = run("verify", "--json", ok=None)
    assert report.exit_code == 1 and "E1" in report.stdout

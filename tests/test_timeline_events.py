"""The timeline places each money event at the time the evidence gives for it (issue
12, defect 3): a bank SMS recording a purchase and a later refund is two events, the
refund at the refund's time; a loan is paid out at its disbursement time. Real drawn
screenshots, read by the real default engine."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_each_amount_at_its_own_time(run, vault_dir):
    sms = SAMPLES / "Screenshot_20240320-160112.png"     # 消费 03-15 14:23, 退款 03-20 15:42
    loan = SAMPLES / "QQ截图20240316091230.png"          # 到账 9,200.00 on 2024-01-15 10:32
    run("add", str(sms), str(loan), "--case", "c", "--engine", "rapidocr")
    events = [(e["at"][:16], e["kind"], e["ref"], e["text"].split(" ")[0], e["text"])
              for e in run.json("timeline", "--case", "c")["events"]]
    money = [(at, ref, verb) for at, kind, ref, verb, _ in events if kind == "payment"]
    assert ("2024-03-15T14:23", "E1", "支付") in money, events
    assert ("2024-03-20T15:42", "E1", "退款") in money, events
    assert ("2024-01-15T10:32", "E2", "放款到账") in money, events
    assert not [e for e in events if e[2] == "E2" and e[3] == "借款"]  # no second loan event
    texts = {e[4] for e in events}
    assert "退款 ¥1,280.00" in " ".join(texts) and "放款到账 ¥9,200.00" in " ".join(texts)


def test_a_refund_on_time_marks_the_promise_kept_until_the_user_says_otherwise(run, vault_dir):
    refund = SAMPLES / "Screenshot_20240320_180317_com.jingdong.app.mall.jpg"  # 退款 1280, 03-20
    run("add", str(refund), "--case", "jd", "--engine", "rapidocr")
    # promised on Saturday 03-16: three working days is Wednesday 03-20, the refund's day
    run("note", "--case", "jd", "--channel", "phone", "--at", "2024-03-16 10:05",
        "--promise", "3个工作日内退款1280元", "客服承诺退款")
    run("note", "--case", "jd", "--channel", "phone", "--at", "2024-03-16 10:06",
        "--promise", "3个工作日内退还运费20元", "客服承诺退运费")
    due = {p["ref"]: p for p in run.json("due", "--case", "jd")["promises"]}
    assert (due["P1"]["status"], due["P1"].get("suggested_by")) == ("kept", "E1")
    assert due["P2"]["status"] == "broken" and "suggested_by" not in due["P2"]  # 20 元 not seen
    events = {e["ref"]: e for e in run.json("timeline", "--case", "jd")["events"]}
    assert (events["P1"]["status"], events["P1"]["suggested_by"]) == ("kept", "E1")
    # the user's word wins over the suggestion
    run("promise", "P1", "broken")
    due = {p["ref"]: p for p in run.json("due", "--case", "jd")["promises"]}
    assert due["P1"]["status"] == "broken" and "suggested_by" not in due["P1"]


REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


def test_documents_stand_at_their_own_time(run, vault_dir):
    """An invoice's 价税合计 at its 开票日期, a till receipt's payment at the receipt's date
    (a date with only 日期 beside it takes its role from the kind of document), both the
    dossier's 形成时间 source too; a railway ticket at its departure (15:46开)."""
    invoice = SAMPLES / "dzfp_24332000000041305872_杭州北境户外用品有限公司_20240413101500.pdf"
    receipt = SAMPLES / "IMG_4301.HEIC"  # 日期：2024-03-15 14:23:07 … 实收(微信支付): 142.80
    for path in (invoice, receipt):  # one file per add: read in this process, no worker pool
        run("add", str(path), "--case", "d", "--engine", "rapidocr")
    events = [(e["at"][:16], e["kind"], e["ref"], e["text"])
              for e in run.json("timeline", "--case", "d")["events"]]
    assert ("2024-04-13", "payment", "E1") in {(at[:10], k, r) for at, k, r, _ in events}, events
    assert ("2024-03-15T14:23", "payment", "E2") in {(at, k, r) for at, k, r, _ in events}, events


def test_a_ticket_stands_at_its_departure(run, vault_dir):
    ticket = REALDATA / "zh-train-ticket-beidaihe-binhai-g4364.jpg"  # 2016年08月24日15:46开
    if not ticket.exists():
        import pytest

        pytest.skip(f"{REALDATA} is absent: the real ticket photo is not in this checkout")
    run("add", str(ticket), "--case", "t", "--engine", "rapidocr")
    fields = run.json("show", "E1")["fields"]
    assert ("2016-08-24T15:46:00", "travel") in {(f["value"], f["role"]) for f in fields}, fields
    events = run.json("timeline", "--case", "t")["events"]
    assert [e["at"][:16] for e in events if e["ref"] == "E1"] == ["2016-08-24T15:46"], events

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

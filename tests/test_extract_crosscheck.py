"""The date inside a WeChat Pay / Alipay / PDD number against the date shown on the same page."""

from datetime import datetime

import pytest

from evidence_vault.extract import Context, extract

WX = "4200002113{}1234567890"  # WeChat: date at chars 11-18
ALI = "{}22001412345678901234"  # Alipay 28: date at chars 1-8
ALI32 = "{}200040011100980021175417"

CASES = [
    # (case id, text, expected check values)
    ("wechat-mismatch", f"支付时间 2024年3月15日 14:23:07\n交易单号 {WX.format('20240320')}",
     ["txn_date_mismatch"]),
    ("wechat-match", f"支付时间 2024-03-15 14:23:07\n交易单号 {WX.format('20240315')}", []),
    ("wechat-midnight", f"支付时间 2024-03-16 00:01:00\n交易单号 {WX.format('20240315')}", []),
    ("wechat-day-before-midnight", f"支付时间 2024-03-15 23:59:00\n交易单号 {WX.format('20240316')}",
     []),
    ("wechat-two-days-off", f"支付时间 2024-03-15 23:59:00\n交易单号 {WX.format('20240317')}",
     ["txn_date_mismatch"]),
    ("wechat-year-off", f"支付时间 2024-03-15 10:00:00\n交易单号 {WX.format('20230315')}",
     ["txn_date_mismatch"]),
    ("alipay-created", f"创建时间 2024-03-15 14:23:07\n订单号 {ALI.format('20240310')}",
     ["txn_date_mismatch"]),
    ("alipay-match", f"支付时间 2024-03-10 09:00:00\n订单号 {ALI.format('20240310')}", []),
    ("alipay-32-mismatch", f"付款时间 2020-05-25 12:00:00\n订单号 {ALI32.format('20200520')}",
     ["txn_date_mismatch"]),
    ("alipay-32-match", f"付款时间 2020-05-20 12:00:00\n订单号 {ALI32.format('20200520')}", []),
    ("taobao-alipay-no", f"付款时间 2024-03-15 12:00:00\n支付宝交易号 {ALI.format('20240301')}",
     ["txn_date_mismatch"]),
    ("traditional-labels", f"支付時間 2024-03-15 14:23:07\n交易單號 {WX.format('20240320')}",
     ["txn_date_mismatch"]),
    ("columns", f"支付时间\n交易单号\n2024-03-15 14:23:07\n{WX.format('20240320')}",
     ["txn_date_mismatch"]),
    ("shape-only", f"支付时间 2024-03-15 14:23:07\n{WX.format('20240320')}", ["txn_date_mismatch"]),
    ("ocr-split-number", "支付时间 2024-03-15 14:23:07\n交易单号 42000021132024\n031512345678 90",
     []),
    ("pdd-order-mismatch", "下单时间 2024-03-15 10:00:00\n订单编号 240301-123456789012345",
     ["order_date_mismatch"]),
    ("pdd-order-match", "下单时间 2024-03-15 10:00:00\n订单编号 240315-123456789012345", []),
    ("alipay-jiaoyihao", f"交易时间 2024-03-15 10:00:00\n交易号 {ALI.format('20240312')}",
     ["txn_date_mismatch"]),
    ("english-labels", f"Payment Date 2024-03-15\nTransaction ID {WX.format('20240320')}",
     ["txn_date_mismatch"]),
    ("alipay-csv-label", f"交易时间 2024-03-15 10:00:00\n交易订单号 {ALI.format('20240101')}",
     ["txn_date_mismatch"]),
    # nothing to compare, or nothing comparable
    ("no-date-inside", f"支付时间 2024-03-15 14:23:07\n交易单号 {WX.format('20241345')}", []),
    ("no-payment-date", f"交易单号 {WX.format('20240320')}", []),
    ("chat-date-is-not-payment", f"2024年3月25日 14:23\n交易单号 {WX.format('20240320')}", []),
    ("merchant-number-free-form", "支付时间 2024-03-15 14:23:07\n商户单号 20240101123456789", []),
    ("jd-order-no-date", "下单时间 2024-03-15 10:00:00\n订单编号 70439621543", []),
    ("ambiguous-date-not-used", f"Payment Date 05/03/2024\nTransaction ID {WX.format('20240320')}",
     []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_crosscheck(text, expected):
    checks = [f.value for f in extract(text) if f.kind == "check"]
    assert checks == expected


def test_split_number_is_joined_before_checking():
    text = "支付时间 2024-03-15 14:23:07\n交易单号 42000021132024\n031512345678 90"
    fields = extract(text)
    assert ("transaction_no", WX.format("20240315")) in {(f.kind, f.value) for f in fields}
    assert not [f for f in fields if f.kind == "check"]


def test_mismatch_detail_names_both_dates():
    text = f"支付时间 2024-03-15 14:23:07\n交易单号 {WX.format('20240320')}"
    (check,) = [f for f in extract(text) if f.kind == "check"]
    assert check.detail["scheme"] == "wechat"
    assert check.detail["date_in_identifier"] == "2024-03-20"
    assert check.detail["shown_date"] == "2024-03-15"
    assert check.detail["days_apart"] == 5
    assert check.detail["identifier"] == WX.format("20240320")


def test_relative_payment_date_is_used_when_placed():
    text = f"支付时间 昨天 14:23\n交易单号 {WX.format('20240310')}"
    ctx = Context(captured_at=datetime(2024, 3, 16, 10, 0))
    assert [f.value for f in extract(text, ctx) if f.kind == "check"] == ["txn_date_mismatch"]

"""Dates and times in every form of DOMAIN §5: labelled payment-page times, compact stamps,
year-less and relative chat separators placed by the capture time, 12-hour words, Chinese
numerals, English and numeric forms with day/month order settled by evidence on the page."""

from datetime import date, datetime

import pytest

from evidence_vault.extract import Context, extract
from evidence_vault.extract.dates import add_months

ANY = "*"
CAP = "2024-03-16T10:00:00"  # a Saturday; 2024-03-15 is the Friday before

CASES = [
    # (case id, text, capture time, app, expected [(kind, value, role)], values that must not appear)
    ("payment-cn", "支付时间 2024年3月15日 14:23:07", None, None,
     [("datetime", "2024-03-15T14:23:07", "payment")], []),
    ("dropped-space", "支付时间2024年3月15日14:23:07", None, None,
     [("datetime", "2024-03-15T14:23:07", "payment")], []),
    ("order-dash", "下单时间：2024-03-15 14:23:07", None, None,
     [("datetime", "2024-03-15T14:23:07", "order")], []),
    ("slash-no-seconds", "创建时间 2024/3/15 14:23", None, None,
     [("datetime", "2024-03-15T14:23:00", "order")], []),
    ("dots", "账单日期 2024.03.15", None, None, [("date", "2024-03-15", ANY)], []),
    ("compact-with-label", "交易时间 20240315142307", None, None,
     [("datetime", "2024-03-15T14:23:07", "payment")], []),
    ("yearless-dash", "03-15 14:23", CAP, None, [("datetime", "2024-03-15T14:23:00", ANY)], []),
    ("yearless-after-capture", "12-28 09:00", CAP, None,
     [("datetime", "2023-12-28T09:00:00", ANY)], []),
    ("yearless-cn", "3月15日", CAP, None, [("date", "2024-03-15", ANY)], []),
    ("yesterday", "张三\n昨天 14:23\n好的，我帮您查一下", CAP, "微信",
     [("datetime", "2024-03-15T14:23:00", "chat")], []),
    ("day-before", "前天", CAP, None, [("date", "2024-03-14", "chat")], []),
    ("weekday-time", "客服\n星期五 14:23", CAP, None, [("datetime", "2024-03-15T14:23:00", "chat")],
     []),
    ("weekday-alone", "周五", CAP, None, [("date", "2024-03-15", "chat")], []),
    ("pm-time-only", "京东客服\n下午3:05\n您好", CAP, "微信",
     [("datetime", "2024-03-16T15:05:00", "chat")], []),
    ("pm-with-date", "2023年3月15日 下午3:05", None, None,
     [("datetime", "2023-03-15T15:05:00", ANY)], []),
    ("early-morning", "2024年3月15日 凌晨3:05", None, None,
     [("datetime", "2024-03-15T03:05:00", ANY)], []),
    ("evening-yearless", "3月15日 晚上8:30", CAP, None, [("datetime", "2024-03-15T20:30:00", ANY)],
     []),
    ("dian-half", "2024年3月15日下午3点半", None, None,
     [("datetime", "2024-03-15T15:30:00", ANY)], []),
    ("cn-numerals", "签订日期：二〇二四年三月十五日", None, None, [("date", "2024-03-15", ANY)], []),
    ("cn-numerals-ling", "二零二四年十二月三十一日", None, None, [("date", "2024-12-31", ANY)], []),
    ("english-mdy", "March 5, 2024", None, None, [("date", "2024-03-05", ANY)], []),
    ("day-slash-month-name", "CB#:45976049320\n25/Feb/2017 07:43:54\nCashier",
     None, None, [("datetime", "2017-02-25T07:43:54", ANY)], []),
    ("yearless-time-glued", "已签收\n03-1310:12\n派送中", "2024-03-14T20:10:00", None,
     [("datetime", "2024-03-13T10:12:00", ANY)], []),
    ("dmy-time-glued", "Date\n29/12/201711:41\nTotal (RM) 10.00", None, None,
     [("datetime", "2017-12-29T11:41:00", ANY)], []),
    ("english-dmy", "5 March 2024", None, None, [("date", "2024-03-05", ANY)], []),
    ("english-abbr-pm", "Mar 5 2024 10:30 PM", None, None,
     [("datetime", "2024-03-05T22:30:00", ANY)], []),
    ("dmy-unambiguous", "DATE: 25/12/2018", None, None, [("date", "2018-12-25", ANY)], []),
    ("dmy-dashes", "23-01-2019 10:05", None, None, [("datetime", "2019-01-23T10:05:00", ANY)], []),
    ("two-digit-year-rm", "DATE: 19-03-18\nTOTAL RM 12.00", None, None,
     [("date", "2018-03-19", ANY)], ["2019-03-18"]),
    ("two-digit-year-cn", "交易日期 24-03-15 ¥12.00", None, None,
     [("date", "2024-03-15", "payment")], []),
    ("ambiguous-both", "05/03/2024", None, None,
     [("date", "2024-03-05", ANY), ("date", "2024-05-03", ANY)], []),
    ("evidence-format", "05/03/2024\n25/03/2024", None, None, [("date", "2024-03-05", ANY)],
     ["2024-05-03"]),
    ("evidence-ringgit", "05/03/2024 TOTAL RM 12.00", None, None, [("date", "2024-03-05", ANY)],
     ["2024-05-03"]),
    ("evidence-dollar", "05/03/2024 Total $12.00", None, None, [("date", "2024-05-03", ANY)],
     ["2024-03-05"]),
    ("evidence-capture", "05/03/2024", "2024-03-10T09:00:00", None,
     [("date", "2024-03-05", ANY)], ["2024-05-03"]),
    ("ocr-O-for-0", "支付时间 2O24-O3-15 14:23:O7", None, None,
     [("datetime", "2024-03-15T14:23:07", "payment")], []),
    ("ocr-kou-for-ri", "2024年3月15口 14:23", None, None,
     [("datetime", "2024-03-15T14:23:00", ANY)], []),
    ("fullwidth", "付款时间：２０２４－０３－１５　１４：２３：０７", None, None,
     [("datetime", "2024-03-15T14:23:07", "payment")], []),
    ("traditional-label", "付款時間 2024-03-15 14:23:07", None, None,
     [("datetime", "2024-03-15T14:23:07", "payment")], []),
    ("due", "到期还款日 2024-04-15", None, None, [("date", "2024-04-15", "due")], []),
    ("refund", "退款时间 2024-03-18 10:00:00", None, None,
     [("datetime", "2024-03-18T10:00:00", "refund")], []),
    ("ship", "发货时间 2024-03-16 09:12:45", None, None,
     [("datetime", "2024-03-16T09:12:45", "ship")], []),
    ("deal", "成交时间 2024-03-17 20:01:02", None, None,
     [("datetime", "2024-03-17T20:01:02", "complete")], []),
    ("label-next-line", "支付时间\n2024-03-15 14:23:07", None, None,
     [("datetime", "2024-03-15T14:23:07", "payment")], []),
    ("columns", "下单时间\n支付时间\n2024-03-15 14:20:00\n2024-03-15 14:23:07", None, None,
     [("datetime", "2024-03-15T14:20:00", "order"),
      ("datetime", "2024-03-15T14:23:07", "payment")], []),
    ("iso-t", "2024-03-15T14:23:07", None, None, [("datetime", "2024-03-15T14:23:07", ANY)], []),
    ("chat-separator-full", "2024年3月15日 14:23\n你好，在吗", None, "微信",
     [("datetime", "2024-03-15T14:23:00", "chat")], []),
    ("english-12h-numeric", "25/12/2018 10:30 AM", None, None,
     [("datetime", "2018-12-25T10:30:00", ANY)], []),
    ("days-ago", "三天前 14:00 打过客服电话", CAP, None, [("datetime", "2024-03-13T14:00:00", ANY)],
     []),
    ("three-days-before", "大前天", CAP, None, [("date", "2024-03-13", ANY)], []),
    ("last-year", "去年3月1日下的单", CAP, None, [("date", "2023-03-01", ANY)], []),
    ("last-month", "上个月15号付的款", CAP, None, [("date", "2024-02-15", ANY)], []),
    ("last-month-across-the-year", "上个月15号付的款", "2024-01-20T10:00:00", None,
     [("date", "2023-12-15", ANY)], []),
    ("last-month-day-it-lacks", "上个月30号付的款", CAP, None, [], []),
    ("this-month", "本月5号付的款", CAP, None, [("date", "2024-03-05", ANY)], []),
    ("sms-hour-minute-words", "您尾号5678的储蓄卡3月15日14时23分支出人民币100.00元", CAP, None,
     [("datetime", "2024-03-15T14:23:00", ANY)], []),
    ("weekday-in-brackets", "期望配送时间：3月17日 [周日] 09:00-15:00", "2024-03-20T10:00:00",
     None, [("datetime", "2024-03-17T09:00:00", ANY)], []),
    ("bill-list-is-not-chat", "今天 14:23\n-128.00", CAP, "支付宝",
     [("datetime", "2024-03-16T14:23:00", None)], []),
    ("english-yesterday", "JD.com Support\nYesterday 18:30\nHi, my order", CAP, None,
     [("datetime", "2024-03-15T18:30:00", "chat")], []),
    ("tracking-steps", "物流详情\n运单号 YT7452381096655\n2024-05-19 17:46:21\n【南京市】已签收\n"
     "2024-05-19 09:05:12\n【南京市】派送中，快递员 王师傅", CAP, None,
     [("datetime", "2024-05-19T17:46:21", "track"), ("datetime", "2024-05-19T09:05:12", "track")],
     []),
    ("schedule-rows", "还款计划\n第1期\n2024-02-15 ¥1,021.35 已还\n第2期\n2024-03-15 ¥1,021.35", CAP,
     None, [("date", "2024-02-15", "due"), ("date", "2024-03-15", "due")], []),
    ("sms-spend-sentence", "【招商银行】您账户1234于03月15日14:23在京东商城消费人民币1,280.00元", CAP,
     None, [("datetime", "2024-03-15T14:23:00", "payment")], []),
    ("sms-refund-sentence", "您账户1234于03月15日15:42收到退款人民币1,280.00元", CAP, None,
     [("datetime", "2024-03-15T15:42:00", "refund")], []),
    ("due-yearless-ahead", "本期账单已出，最后还款日04月08日", "2024-03-20T16:00:00", None,
     [("date", "2024-04-08", "due")], ["2023-04-08"]),
    ("status-bar-after-battery", "21\n12:52\n订单详情", CAP, None, [], []),
    ("issue-date", "开票日期：2024年04月13日", None, None, [("date", "2024-04-13", "issue")], []),
    ("cancel-time", "取消时间\n2024-03-18 10:02:37", None, None,
     [("datetime", "2024-03-18T10:02:37", "cancel")], []),
    ("english-order-placed", "Order placed 2024-06-25 10:12:33", None, None,
     [("datetime", "2024-06-25T10:12:33", "order")], []),
    # negatives
    ("no-capture-no-yearless", "3月15日 14:23", None, None, [], []),
    ("compact-without-label", "20240315142307", None, None, [], []),
    ("phone", "联系电话 13812345678", None, None, [], []),
    ("amount", "实付款 ¥1,280.00", None, None, [], []),
    ("version", "版本 v1.2.3", None, None, [], []),
    ("wechat-txn", "交易单号 4200000504202001141029026607", None, None, [], []),
    ("service-hours", "客服时间 周一至周五 9:00-18:00", CAP, None, [], []),
    ("status-bar-time", "14:23\n订单详情", CAP, None, [], []),
    ("next-week-is-a-promise", "下周一前处理", CAP, None, [], []),
    ("ip-and-version", "Wi-Fi 192.168.1.1\n版本号 14.0.2.300", CAP, None, [], []),
]


def _ctx(cap, app):
    return Context(captured_at=datetime.fromisoformat(cap) if cap else None, app=app)


@pytest.mark.parametrize(("text", "cap", "app", "expected", "absent"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_dates(text, cap, app, expected, absent):
    dates = [f for f in extract(text, _ctx(cap, app)) if f.kind in ("date", "datetime")]
    got = {(f.kind, f.value, f.role) for f in dates}
    for kind, value, role in expected:
        if role == ANY:
            assert any(k == kind and v == value for k, v, _ in got), (value, dates)
        else:
            assert (kind, value, role) in got, ((kind, value, role), dates)
    values = {f.value for f in dates}
    for value in absent:
        assert value not in values and value + "T00:00:00" not in values, (value, dates)
    if not expected:
        assert not dates, dates


def test_ambiguous_readings_are_marked_and_weak():
    dates = [f for f in extract("05/03/2024") if f.kind == "date"]
    assert len(dates) == 2
    assert all(f.detail.get("ambiguous") and f.confidence <= 0.5 for f in dates)


def test_inferred_order_is_marked_and_weaker_than_a_plain_date():
    (inferred,) = [f for f in extract("05/03/2024 TOTAL RM 12.00") if f.kind == "date"]
    (plain,) = [f for f in extract("2024-03-05") if f.kind == "date"]
    assert inferred.detail.get("inferred") is True
    assert inferred.confidence < plain.confidence


def test_resolved_dates_say_so():
    (field,) = [f for f in extract("昨天 14:23", _ctx(CAP, "微信")) if f.kind == "datetime"]
    assert field.detail["resolved"] == "capture"
    assert field.confidence < 0.9


def test_dates_come_in_text_order():
    text = "下单时间 2024-03-15 14:20:00\n支付时间 2024-03-15 14:23:07\n发货时间 2024-03-16 09:00:00"
    roles = [f.role for f in extract(text) if f.kind == "datetime"]
    assert roles == ["order", "payment", "ship"]


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2024-01-31", 1, "2024-02-29"),  # clipped to the month's end
    ("2023-01-31", 1, "2023-02-28"),
    ("2024-03-31", -1, "2024-02-29"),
    ("2024-01-01", -1, "2023-12-01"),
    ("2024-11-15", 14, "2026-01-15"),
    ("2024-05-10", 0, "2024-05-10"),
])
def test_add_months(day, months, expected):
    assert add_months(date.fromisoformat(day), months) == date.fromisoformat(expected)

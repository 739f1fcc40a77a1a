"""Promises made in chats, SMS and call notes, with due dates counted from the message time or
the capture time, working days following the Chinese holiday calendar (调休 included)."""

from datetime import datetime

import pytest

from evidence_vault.extract import Context, extract

FRI = "2024-03-15T14:23:07"

CASES = [
    # (case id, text, capture time, expected [(value, due, basis)] ; [] = no promise)
    ("workdays", "3个工作日内退款", FRI, [("3个工作日内退款", "2024-03-20", "capture")]),
    ("expected-arrival", "预计7个工作日内到账", FRI,
     [("预计7个工作日内到账", "2024-03-26", "capture")]),
    ("hours", "48小时内回复", FRI, [("48小时内回复", "2024-03-17", "capture")]),
    ("bare-window", "24小时内", FRI, [("24小时内", "2024-03-16", "capture")]),
    ("tomorrow-callback", "明天给您回电", FRI, [("明天给您回电", "2024-03-16", "capture")]),
    ("next-monday", "下周一前处理", FRI, [("下周一前处理", "2024-03-18", "capture")]),
    ("days", "3天内", FRI, [("3天内", "2024-03-18", "capture")]),
    ("national-day-makeup", "3个工作日内退款", "2024-09-27T10:00:00",
     [("3个工作日内退款", "2024-10-08", "capture")]),
    ("spring-festival", "5个工作日内处理", "2024-02-08T10:00:00",
     [("5个工作日内处理", "2024-02-21", "capture")]),
    # 调休: the make-up working days on a weekend count, the holiday's weekdays do not
    ("spring-festival-makeup-sunday", "1个工作日内回复", "2024-02-03T10:00:00",
     [("1个工作日内回复", "2024-02-04", "capture")]),
    ("spring-festival-makeup-after", "2个工作日内退款", "2024-02-09T10:00:00",
     [("2个工作日内退款", "2024-02-19", "capture")]),
    ("spring-festival-2025-across", "3个工作日内退款", "2025-01-24T10:00:00",
     [("3个工作日内退款", "2025-02-05", "capture")]),
    ("national-day-makeup-sunday", "1个工作日内回复", "2024-09-28T10:00:00",
     [("1个工作日内回复", "2024-09-29", "capture")]),
    ("national-day-makeup-saturday", "1个工作日内回复", "2024-10-11T10:00:00",
     [("1个工作日内回复", "2024-10-12", "capture")]),
    ("national-day-2026-makeup", "3个工作日内退款", "2026-09-30T10:00:00",
     [("3个工作日内退款", "2026-10-10", "capture")]),
    ("made-on-a-saturday", "3个工作日内退款", "2024-03-16T10:00:00",
     [("3个工作日内退款", "2024-03-20", "capture")]),
    ("message-time-previous-line", "客服小美 2024-03-18 10:05\n您好，3个工作日内给您退款",
     "2024-03-20T09:00:00", [("3个工作日内给您退款", "2024-03-21", "message")]),
    ("message-time-same-line", "2024-03-18 10:05 客服：48小时内回复您", "2024-03-25T09:00:00",
     [("48小时内回复", "2024-03-20", "message")]),
    ("relative-message-time", "昨天 10:05\n3个工作日内退款", "2024-03-16T09:00:00",
     [("3个工作日内退款", "2024-03-20", "message")]),
    ("no-reference", "3个工作日内退款", None, [("3个工作日内退款", None, None)]),
    ("chinese-numerals", "三个工作日内退款", FRI, [("三个工作日内退款", "2024-03-20", "capture")]),
    ("range-takes-the-end", "预计3-5个工作日到账", FRI,
     [("预计3-5个工作日到账", "2024-03-22", "capture")]),
    ("two-weeks", "两周内处理", FRI, [("两周内处理", "2024-03-29", "capture")]),
    ("one-month", "1个月内解决", FRI, [("1个月内解决", "2024-04-15", "capture")]),
    ("this-friday", "本周五前给您答复", "2024-03-13T10:00:00",
     [("本周五前给您答复", "2024-03-15", "capture")]),
    ("month-end", "月底前退款", FRI, [("月底前退款", "2024-03-31", "capture")]),
    ("date-deadline", "3月20日前处理完毕", FRI, [("3月20日前处理完毕", "2024-03-20", "capture")]),
    ("day-after-tomorrow", "后天上门取件", FRI, [("后天上门取件", "2024-03-17", "capture")]),
    ("half-hour", "半小时内回电", FRI, [("半小时内回电", "2024-03-15", "capture")]),
    ("traditional", "3個工作日內退款", FRI, [("3個工作日內退款", "2024-03-20", "capture")]),
    ("in-a-sentence", "非常抱歉，我们会在3个工作日内退款，请耐心等待", FRI,
     [("3个工作日内退款", "2024-03-20", "capture")]),
    ("fullwidth-digits", "３个工作日内退款", FRI, [("3个工作日内退款", "2024-03-20", "capture")]),
    ("bubble-wrapped", "专员会在48小\n时内回复您\n昨天上午10:20", FRI,
     [("48小时内回复", "2024-03-17", "capture")]),
    ("verb-without-object", "退款将在3个工作日内退回至原支付账户", FRI,
     [("3个工作日内退回", "2024-03-20", "capture")]),
    ("english-within", "Our team will\nreply within 48 hours.", FRI,
     [("reply within 48 hours", "2024-03-17", "capture")]),
    ("english-tomorrow", "We will call you back tomorrow to confirm.", FRI,
     [("call you back tomorrow", "2024-03-16", "capture")]),
    ("english-business-days", "The refund will be processed within 5 business days.", FRI,
     [("be processed within 5 business days", "2024-03-22", "capture")]),
    # negatives
    ("recent-orders-filter", "近30天内的订单", FRI, []),
    ("overdue-days", "已逾期3天", FRI, []),
    ("no-reason-returns", "7天无理由退货", FRI, []),
    ("weather", "今天天气不错", FRI, []),
    ("rate", "年化利率24%", FRI, []),
    ("complaint-about-delay", "超过48小时未回复", FRI, []),
    ("vague-estimate-is-not-a-promise", "大概15分钟就上齐了", FRI, []),
    # a printed document's terms are made to no one: a till receipt's return window
    ("receipt-return-policy", "永辉超市\n收银员：王丽\n机号：03\n日期：2024-03-15 14:23:07\n"
     "合计：\n147.80\n实收(微信支付):\n142.80\n退换货请凭此小票在七天内办理\n谢谢惠顾", FRI, []),
    ("ticket-conditions", "二等座\n限乘当日当次车\n中国铁路祝您旅途愉快\n请在开车前30分钟内检票", FRI, []),
]


@pytest.mark.parametrize(("text", "cap", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_promises(text, cap, expected):
    ctx = Context(captured_at=datetime.fromisoformat(cap) if cap else None)
    promises = [f for f in extract(text, ctx) if f.kind == "promise"]
    got = [(f.value, f.detail.get("due"), f.detail.get("basis")) for f in promises]
    assert got == expected, promises


def test_due_is_none_without_reference_but_key_present():
    (promise,) = [f for f in extract("3个工作日内退款") if f.kind == "promise"]
    assert "due" in promise.detail and promise.detail["due"] is None


def test_hours_give_a_due_time():
    (promise,) = [f for f in extract("48小时内回复", Context(captured_at=datetime.fromisoformat(FRI)))
                  if f.kind == "promise"]
    assert promise.detail["due_at"] == "2024-03-17T14:23:07"


def test_notes_are_marked_as_notes():
    ctx = Context(captured_at=datetime.fromisoformat(FRI), source="note")
    (promise,) = [f for f in extract("客服承诺3个工作日内退款", ctx) if f.kind == "promise"]
    assert promise.source == "note" and promise.value == "承诺3个工作日内退款"


@pytest.mark.parametrize(("cap", "text", "due", "calendar"), [
    ("2026-12-28T10:00:00", "3个工作日内退款", "2026-12-31", "china"),
    # past the last year chinesecalendar knows (2026), weekends alone are skipped: 2027-01-01
    # counts although it will be a holiday, and the detail says which calendar was used
    ("2026-12-30T10:00:00", "5个工作日内退款", "2027-01-06", "weekdays"),
    ("2027-01-29T10:00:00", "3个工作日内退款", "2027-02-03", "weekdays"),
])
def test_working_days_say_which_calendar_counted_them(cap, text, due, calendar):
    (promise,) = [f for f in extract(text, Context(captured_at=datetime.fromisoformat(cap)))
                  if f.kind == "promise"]
    assert (promise.detail["due"], promise.detail["calendar"]) == (due, calendar)

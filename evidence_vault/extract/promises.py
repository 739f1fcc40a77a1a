"""Promises: what customer service said would happen and by when (3个工作日内退款, 明天给您回电).

A promise is a time window or a day (3个工作日内, 48小时内, 明天, 下周一前) tied to an action or
marked as a limit (内, 之前, 预计, 承诺); its value is the window and the verb (3个工作日内退款,
not 会在3个工作日内退款至原支付账户). Chat bubbles wrap anywhere (48小 / 时内回复), so the
phrase is matched on the text with its line breaks taken out. English promises ("will reply
within 48 hours", "will call you back tomorrow") follow the same rules.

The due date is counted from the time of the message that carries it: a time on the same or the
previous line, else the chat's last time separator above it; failing both, from the claimed
capture time (detail basis says which). Without any, the promise is kept with due None, for the
user to date in a note.

Working days skip weekends, Chinese public holidays and count the make-up working days
(调休), from the `chinesecalendar` package rather than a list kept here, because the State
Council publishes a new schedule every year. Outside the years the package knows, weekends alone
are skipped and detail says calendar="weekdays".
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from evidence_vault.extract.dates import add_months, extract_dates
from evidence_vault.extract.kinds import document_kind
from evidence_vault.extract.page import Found, Page

_N = r"\d+|[一二两三四五六七八九十百]+|半"
_UNIT = r"个?工作日|个?自然日|个?小时|小时|分钟|个?星期|个?礼拜|周|个月|个?天|日|[hH](?![A-Za-z])"
_CUE = r"预计|预期|将在|将于|会在|会于|承诺|保证|最迟|最晚|最快|大概|大约|争取|务必"
_SHOWN_CUE = {"预计", "预期", "承诺", "保证", "最迟", "最晚"}  # part of the promise's words
_FIRM_CUE = {"预计", "预期", "将在", "将于", "会在", "会于", "承诺", "保证", "最迟", "最晚", "争取",
             "务必"}  # 大概/大约/最快 alone do not make a promise of "15分钟就上齐了"
_VERBS = (r"回电|回复|处理|联系|退款|退回|到账|答复|反馈|给您|给你|致电|回访|解决|发货|核实|跟进|安排|"
          r"办理|审核|完成|补发|寄出|上门|打款|返还|赔付|补偿|退还|撤销|取消|删除|处理完|结案|通知")
_ACTION = r"(?P<act>[\u4e00-\u9fffA-Za-z0-9]{0,16})"
_NOT_A_PROMISE = re.compile(r"(?:近|最近|过去|超过|超出|已|满|每|逾期|已经|长达|连续|第)\s*$")

_WINDOW = re.compile(
    rf"(?P<cue>{_CUE})?\s*(?:在|于)?\s*(?<![\d月.])(?P<n>{_N})(?:\s*(?:-|~|到|至)\s*(?P<n2>{_N}))?\s*"
    rf"(?P<unit>{_UNIT})\s*(?P<within>之内|以内|内|之前|以前|前)?\s*" + _ACTION)
_DAY = re.compile(
    rf"(?P<cue>{_CUE})?\s*(?:在|于)?\s*(?P<day>今天|今日|今晚|明天|明日|后天|"
    r"(?:下|本|这)?(?:个)?(?:周|星期|礼拜)[一二三四五六日天]|下周|本周内|本周|这周|(?:本)?月底|"
    r"下个?月底|年底|\d{1,2}月\d{1,2}[日号]|\d{1,2}[日号])"
    r"\s*(?P<within>之内|以内|内|之前|以前|前)?\s*" + _ACTION)


def _cn(n: str) -> float:
    if n == "半":
        return 0.5
    if n.isdigit():
        return float(n)
    import cn2an  # ~100 ms to import: only a page with 三个工作日 needs it

    return float(cn2an.cn2an(n, "normal"))


def add_workdays(start: date, n: int) -> tuple[date, str]:
    """The n-th working day after `start` (the day itself does not count), and the calendar used:
    "china", or "weekdays" when the count runs past the years chinesecalendar knows.

    `find_workday(k, d)` first rolls d forward to a working day and then counts k more, so the
    n-th working day after `start` is `find_workday(n - 1, start + 1 day)`. The package raises
    NotImplementedError outside its years (its data ends with the last schedule the State Council
    published); then the working days it knows are counted by it and the rest skip weekends only.
    """
    import chinese_calendar

    if n <= 0:
        return start, "china"
    try:
        return chinese_calendar.find_workday(n - 1, start + timedelta(days=1)), "china"
    except NotImplementedError:
        pass
    first = date(min(chinese_calendar.holidays).year, 1, 1)
    last = date(max(chinese_calendar.holidays).year, 12, 31)
    day = start
    if first <= start < last:
        n -= len(chinese_calendar.get_workdays(start + timedelta(days=1), last))  # fewer than n
        day = last
    return _add_weekdays(day, n), "weekdays"


def _add_weekdays(start: date, n: int) -> date:
    """The n-th Monday-to-Friday day after `start`."""
    day = start
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


def _month_end(day: date, months_ahead: int = 0) -> date:
    return add_months(day.replace(day=1), months_ahead + 1) - timedelta(days=1)


_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


def _due_for_day(word: str, ref: datetime) -> date | None:
    today = ref.date()
    monday = today - timedelta(days=today.weekday())
    if word in ("今天", "今日", "今晚"):
        return today
    if word in ("明天", "明日"):
        return today + timedelta(days=1)
    if word == "后天":
        return today + timedelta(days=2)
    if word == "下周":
        return monday + timedelta(days=13)
    if word in ("本周", "这周", "本周内"):
        return monday + timedelta(days=6)
    if word in ("月底", "本月底"):
        return _month_end(today)
    if word in ("下月底", "下个月底"):
        return _month_end(today, 1)
    if word == "年底":
        return date(today.year, 12, 31)
    if m := re.fullmatch(r"(下|本|这)?(?:个)?(?:周|星期|礼拜)(.)", word):
        weekday = _WEEKDAY[m.group(2)]
        if m.group(1) == "下":
            return monday + timedelta(days=7 + weekday)
        if m.group(1):
            return monday + timedelta(days=weekday)
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    if m := re.fullmatch(r"(\d{1,2})月(\d{1,2})[日号]", word):
        for year in (today.year, today.year + 1):
            try:
                due = date(year, int(m.group(1)), int(m.group(2)))
            except ValueError:
                return None
            if due >= today:
                return due
    if m := re.fullmatch(r"(\d{1,2})[日号]", word):
        for months in (0, 1):
            first = add_months(today.replace(day=1), months)
            try:
                due = first.replace(day=int(m.group(1)))
            except ValueError:
                return None
            if due >= today:
                return due
    return None


def _reference(page: Page, pos: int, dates: list[Found]) -> tuple[datetime | None, str | None]:
    """The time of the message that holds the promise: a time on its own line or the line
    before, else the chat's last time separator above it (WeChat prints one for a run of
    messages); failing both, the capture time."""
    line = page.line_of(pos)
    near = [d for d in dates if d.start < pos and line - 1 <= page.line_of(d.start) <= line
            and (d.field.kind == "datetime" or d.field.role == "chat")]
    near = near or [d for d in dates if d.start < pos and d.field.role == "chat"]
    if near:
        value = near[-1].field.value
        return datetime.fromisoformat(value if "T" in value else value + "T00:00:00"), "message"
    if page.captured_at:
        return page.captured_at.replace(tzinfo=None), "capture"
    return None, None


def _trim_action(act: str) -> str:
    # stop before a new clause: "3个工作日内退款请耐心等待" keeps 退款
    m = re.search(r"请|您可|如有|感谢|谢谢|敬请|麻烦|哦|呢|啊|吧", act)
    return act[:m.start()] if m else act


def _due_for_window(n: float, unit: str, ref: datetime, detail: dict[str, object]) -> date | None:
    if unit == "工作日":
        due, how = add_workdays(ref.date(), int(round(n)))
        detail["calendar"] = how
        return due
    if unit in ("天", "日", "自然日"):
        return (ref + timedelta(days=n)).date()
    if unit in ("小时", "h", "H", "分钟"):
        due_at = ref + (timedelta(hours=n) if unit != "分钟" else timedelta(minutes=n))
        detail["due_at"] = due_at.isoformat()
        return due_at.date()
    if unit in ("星期", "礼拜", "周"):
        return ref.date() + timedelta(days=round(7 * n))
    if unit == "月":
        return add_months(ref.date(), int(n)) if n >= 1 else ref.date() + timedelta(days=15)
    return None


class _Unwrapped:
    """The page with its line breaks taken out, for phrases a chat bubble wrapped (48小 / 时内回复).

    `keep[j]` is the offset in the page of character j; `breaks` holds the j that followed a
    line break, where an action may stop.
    """

    def __init__(self, page: Page) -> None:
        scan = page.scan
        # a break between two ASCII characters stays a space: 10:05 / 3个工作日 is not 053
        self.keep = [i for i, c in enumerate(scan) if c != "\n" or (
            0 < i < len(scan) - 1 and scan[i - 1].isascii() and scan[i + 1].isascii()
            and scan[i - 1].isalnum() and scan[i + 1].isalnum())]
        self.scan = "".join(" " if scan[i] == "\n" else scan[i] for i in self.keep)
        self.breaks = {j for j, i in enumerate(self.keep) if i > 0 and scan[i - 1] == "\n"}
        self.page = page

    def offset(self, j: int) -> int:
        return self.keep[j] if j < len(self.keep) else len(self.page.scan)

    def text(self, a: int, b: int) -> str:
        return "".join(self.page.text[self.keep[j]] for j in range(a, b)).replace("\n", " ")


def _action_end(u: _Unwrapped, start: int, act: str) -> int:
    """Where the action stops: at a clause word; at a line break once two of its characters are
    in (the bubble went on to a new message or a speaker's name); before the object (您, 至原
    支付账户): the promise is the verb, 退款 / 回复 / 到账. 给您回电 keeps its 给您."""
    act = _trim_action(act)
    lead = 2 if act[:2] in ("给您", "给你", "为您", "为你", "帮您", "帮你") else 0
    for k in range(len(act)):
        if k >= 2 and start + k in u.breaks:
            return start + k
        if k > lead and (act[k] in "您你" or (k >= 2 and act[k] in "至到给")):
            return start + k
    return start + len(act.rstrip("的了"))


#: printed documents, whose terms (a receipt's return window) are no promise to the user
_PRINTED = {"receipt", "invoice", "ticket", "bank_receipt"}


def extract_promises(page: Page) -> list[Found]:
    if document_kind(page) in _PRINTED:
        return []  # a receipt's 退换货请凭此小票在七天内办理 is the shop's policy, made to no one
    dates = [d for d in page.run(extract_dates) if d.field.kind in ("date", "datetime")
             and not d.field.detail.get("ambiguous")]
    u = _Unwrapped(page)
    out: list[Found] = []
    spans: list[tuple[int, int]] = []
    for pattern in (_WINDOW, _DAY):
        for m in pattern.finditer(u.scan):
            act_end = _action_end(u, m.start("act"), m.group("act"))
            act = u.scan[m.start("act"):act_end]
            strong = bool(m.group("within") or m.group("cue") in _FIRM_CUE)
            if not strong and not re.match(_VERBS, act):
                continue
            if pattern is _DAY and not (m.group("within") or re.search(_VERBS, act)):
                continue
            j = m.start("cue") if m.group("cue") in _SHOWN_CUE else (
                m.start("n") if pattern is _WINDOW else m.start("day"))
            start, end = u.offset(j), u.offset(act_end - 1) + 1 if act_end > j else u.offset(j)
            line_start = page.line_span(page.line_of(start))[0]
            if _NOT_A_PROMISE.search(page.scan[line_start:start]):
                continue
            if any(s < end and start < e for s, e in spans):
                continue
            spans.append((start, end))
            ref, basis = _reference(page, start, dates)
            detail: dict[str, object] = {"basis": basis, "action": act or None}
            due: date | None = None
            if pattern is _WINDOW:
                n = _cn(m.group("n2") or m.group("n"))
                unit = m.group("unit").lstrip("个")
                detail["window"] = {"n": n, "unit": unit}
                if ref is not None:
                    due = _due_for_window(n, unit, ref, detail)
            else:
                detail["day"] = m.group("day")
                if ref is not None:
                    due = _due_for_day(m.group("day"), ref)
            out.append(_promise(page, start, end, u.text(j, act_end).strip(), due, basis, strong,
                                detail))
    out += _english(page, dates, spans)
    return out


def _promise(page: Page, start: int, end: int, value: str, due: date | None, basis: str | None,
             strong: bool, detail: dict[str, Any]) -> Found:
    detail["due"] = due.isoformat() if due else None
    detail["basis"] = basis if due else None
    return page.found(start, end, "promise", value, confidence=0.8 if strong else 0.6,
                      keep=("due", "basis"), **detail)


_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "ten": 10, "fifteen": 15, "twenty-four": 24, "forty-eight": 48}
_EN_UNITS = {"business day": "工作日", "working day": "工作日", "day": "天", "hour": "小时",
             "week": "周", "month": "月"}
_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EN = re.compile(
    r"(?<![A-Za-z])(?:will|'ll|shall|promised?\s+to|going\s+to|guarantee\s+to)\s+"
    r"(?P<act>[a-z]+(?:\s+[a-z]+){0,4}?)\s+"
    r"(?P<when>within\s+(?P<n>\d+|an?|one|two|three|four|five|six|seven|ten|fifteen|"
    r"twenty-four|forty-eight)\s*(?P<unit>(?:business|working)\s+days?|days?|hours?|weeks?|"
    r"months?)|(?P<day>today|tomorrow|by\s+tomorrow|next\s+week|by\s+(?:" + "|".join(_EN_WEEKDAYS)
    + r")|by\s+the\s+end\s+of\s+(?:the\s+)?(?:day|week|month)))(?![A-Za-z])", re.I)


def _english(page: Page, dates: list[Found], taken: list[tuple[int, int]]) -> list[Found]:
    """'We will reply within 48 hours', 'We'll call you back tomorrow'. The line breaks of a
    wrapped bubble become spaces (same length, so offsets hold)."""
    flat = page.scan.replace("\n", " ")
    out: list[Found] = []
    for m in _EN.finditer(flat):
        start, end = m.start("act"), m.end("when")
        if any(s < end and start < e for s, e in taken):
            continue
        ref, basis = _reference(page, start, dates)
        detail: dict[str, object] = {"basis": basis, "action": m.group("act")}
        due = None
        if m.group("n"):
            n_text = m.group("n").lower()
            n = float(n_text) if n_text.isdigit() else float(_EN_NUMBERS[n_text])
            unit = _EN_UNITS[re.sub(r"s$", "", re.sub(r"\s+", " ", m.group("unit").lower()))]
            detail["window"] = {"n": n, "unit": unit}
            due = _due_for_window(n, unit, ref, detail) if ref else None
        else:
            word = re.sub(r"\s+", " ", m.group("day").lower()).removeprefix("by ")
            detail["day"] = word
            if ref is not None:
                due = _due_for_english_day(word, ref)
        value = re.sub(r"\s+", " ", page.text[start:end].replace("\n", " "))
        out.append(_promise(page, start, end, value, due, basis, True, detail))
    return out


def _due_for_english_day(word: str, ref: datetime) -> date | None:
    today = ref.date()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "next week":
        return today - timedelta(days=today.weekday()) + timedelta(days=13)
    if word in _EN_WEEKDAYS:
        return today + timedelta(days=(_EN_WEEKDAYS.index(word) - today.weekday()) % 7)
    if word.startswith("the end of"):
        if word.endswith("day"):
            return today
        if word.endswith("week"):
            return today - timedelta(days=today.weekday()) + timedelta(days=6)
        return _month_end(today)
    return None

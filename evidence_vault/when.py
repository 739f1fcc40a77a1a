"""Times the user types (`--at`, `--due`) and times the vault keeps.

The vault keeps two kinds of time and never mixes them:
- its own clock (`added_at`, custody-log `at`): ISO 8601 with the machine's
  UTC offset, second precision;
- claimed local times (capture times, note times, due dates): ISO 8601 local
  wall time without an offset, as a phone shows it. Mainland China has one
  zone (UTC+8, no DST), so every absolute stamp (WeChat's Unix-millisecond
  file names, a PDF's CreationDate with an offset or Z, a file's modification
  time) is converted once to UTC+8 (CHINA_TZ), whatever the machine's zone.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone

from evidence_vault.errors import InvalidInputError
from evidence_vault.i18n import L_

CHINA_TZ = timezone(timedelta(hours=8), "UTC+08:00")


def now_iso() -> str:
    """The vault's clock: local time with offset, e.g. 2026-11-22T10:00:01+08:00."""
    return datetime.now().astimezone().replace(microsecond=0).isoformat()


_USER_DT = re.compile(
    r"^\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?:[Tt]|\s)\s*(?P<ap>上午|下午|晚上|凌晨|早上|中午)?\s*"
    r"(?P<H>\d{1,2})\s*[:：时点]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?\s*秒?"
    r"(?:\.\d+)?)?\s*$"
)


_CN_NUM = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_NUM = r"\d{1,2}|[〇零一二两三四五六七八九十]{1,3}"
_AMPM = {"凌晨": "am", "早上": "am", "早晨": "am", "上午": "am", "中午": "noon", "下午": "pm",
         "傍晚": "pm", "晚上": "pm", "夜里": "pm", "今早": "am", "今晚": "pm"}
_DAY_WORDS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1,
              "明日": 1, "后天": 2, "大后天": 3, "yesterday": -1, "today": 0, "tomorrow": 1}
# a day word with its part of the day: 昨晚 is 昨天晚上
_DAY_AMPM = {"今早": (0, "am"), "今晚": (0, "pm"), "昨早": (-1, "am"), "昨晚": (-1, "pm"),
             "明早": (1, "am"), "明晚": (1, "pm")}
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0,
            "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}

_DAY = re.compile(
    r"(?P<dw>大前天|前天|昨天|昨日|今天|今日|明天|明日|大后天|后天|yesterday|today|tomorrow)"
    r"|(?P<da>今早|今晚|昨早|昨晚|明早|明晚)"
    r"|(?P<nd>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*天\s*(?P<ago>前|以前|之前|后|以后|之后)"
    r"|(?P<wk>上上|上|下下|下|这|本)?\s*个?\s*(?:星期|周|礼拜)(?P<wd>[一二三四五六日天1-7])"
    r"|(?:(?P<yw>去年|今年|前年|明年)\s*)?(?P<m>" + _NUM + r")\s*月\s*(?P<d>" + _NUM
    + r")\s*[日号]?",
    re.I)
_CLOCK = re.compile(
    r"(?P<ap>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里)?\s*(?:"
    r"(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{1,2})(?:\s*[:：]\s*(?P<S>\d{1,2}))?"
    r"|(?P<H2>" + _NUM + r")\s*[点时](?:\s*(?P<half>半)|\s*(?P<M2>" + _NUM
    + r")\s*分?)?(?:\s*(?P<S2>\d{1,2})\s*秒)?"
    r")",
)
_COMPACT = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})"
                      r"(?:\s*[Tt]?\s*(?P<H>\d{2})[:：]?(?P<M>\d{2})(?:[:：]?(?P<S>\d{2}))?)?")


def _cn_number(text: str) -> int:
    """12, 十二, 二十一, 三 -> an int."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_NUM[tens] if tens else 1) * 10 + (_CN_NUM[ones] if ones else 0)
    return int("".join(str(_CN_NUM[c]) for c in text))


def _hour(hour: int, ap: str | None) -> int:
    if ap in ("下午", "傍晚", "晚上", "夜里", "pm") and hour < 12:
        return hour + 12
    if ap in ("中午", "noon") and hour < 11:
        return hour + 12
    if ap in ("凌晨",) and hour == 12:
        return 0
    return hour


def _year_less(month: int, day: int, today: date, after: date | None) -> date:
    """3月5日 without its year: the last one on or before today (a time something happened),
    or, for a due date, the first one on or after `after` (the day the promise was made)."""
    start = after or today
    year = start.year
    while abs(year - start.year) <= 8:
        try:
            d: date | None = date(year, month, day)
        except ValueError:  # 2月29日 in a year without one
            d = None
        if d is not None and (d >= start if after else d <= start):
            return d
        year += 1 if after else -1
    raise ValueError(f"no day {month}-{day}")


def _day(m: re.Match[str], today: date, after: date | None) -> tuple[date, str | None]:
    """The day a match of _DAY names, and the part of the day it carries (昨晚 -> pm)."""
    if m["dw"]:
        return today + timedelta(days=_DAY_WORDS[m["dw"].lower()]), None
    if m["da"]:
        offset, ap = _DAY_AMPM[m["da"]]
        return today + timedelta(days=offset), ap
    if m["nd"]:
        n = _cn_number(m["nd"])
        return today + timedelta(days=-n if m["ago"] in ("前", "以前", "之前") else n), None
    if m["wd"]:
        weekday = _WEEKDAY[m["wd"]]
        monday = today - timedelta(days=today.weekday())
        weeks = {"上上": -2, "上": -1, "下": 1, "下下": 2, "这": 0, "本": 0}.get(m["wk"] or "")
        if weeks is not None:
            return monday + timedelta(weeks=weeks, days=weekday), None
        # 周五 alone: the last one (today included), or for a due date the first one on or
        # after the day the promise was made
        if after is not None:
            return after + timedelta(days=(weekday - after.weekday()) % 7), None
        return today - timedelta(days=(today.weekday() - weekday) % 7), None
    month, day = _cn_number(m["m"]), _cn_number(m["d"])
    if m["yw"]:
        year = today.year + {"前年": -2, "去年": -1, "今年": 0, "明年": 1}[m["yw"]]
        return date(year, month, day), None
    return _year_less(month, day, today, after), None


def _relative(s: str, today: date, after: date | None) -> str | None:
    """昨天 14:30, 前天, 上周五, 3月5日, 今天下午3点, 20240305 …: the ISO time they name, or
    None when `s` is none of these forms."""
    m = _COMPACT.fullmatch(s)
    if m:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["H"] is None:
            return d.isoformat()
        return datetime(d.year, d.month, d.day, int(m["H"]), int(m["M"]),
                        int(m["S"] or 0)).isoformat()
    day_m = _DAY.match(s)
    if day_m is None:  # a time of day alone is today's: 14:30, 下午3点
        day, ap, end = today, None, 0
    else:
        (day, ap), end = _day(day_m, today, after), day_m.end()
    rest = s[end:].strip(" ,，的")
    if not rest:
        return day.isoformat() if end else None
    c = _CLOCK.fullmatch(rest)
    if c is None:
        return None
    if c["H"] is not None:
        hour, minute, second = int(c["H"]), int(c["M"]), int(c["S"] or 0)
    else:
        hour = _cn_number(c["H2"])
        minute = 30 if c["half"] else (_cn_number(c["M2"]) if c["M2"] else 0)
        second = int(c["S2"] or 0)
    hour = _hour(hour, c["ap"] or ap)
    return datetime(day.year, day.month, day.day, hour, minute, second).isoformat()


def parse_user_datetime(text: str, *, what: str = "date/time", after: date | None = None,
                        today: date | None = None) -> str:
    """Parse what a user typed into an ISO 8601 local time.

    Accepts 2024-03-16 10:05, 2024-03-16T10:05:00, 2024/3/16 10:05, 2024年3月16日 下午3:05,
    20240316, and a date alone (kept as a date, 2024-03-16); and, resolved against today,
    a day without its year (3月5日: the last one; for a due date, given `after`, the day the
    promise was made, the first one on or after it), 昨天 14:30, 前天, 大前天, 明天, 3天前,
    上周五 (last week's), 周五 (likewise the last, or the first after `after`), 今天下午3点,
    昨晚8点半, 14:30 (today), today, yesterday.
    """
    s = unicodedata.normalize("NFKC", text or "").strip()
    m = _USER_DT.match(s)
    try:
        if not m:
            found = _relative(s, today or date.today(), after) if s else None
            if found is None:
                raise InvalidInputError(L_(
                    "cannot read {what} {text!r}; write it like 2024-03-16 10:05, 2024-03-16, "
                    "3月5日, 昨天 14:30 or 上周五", what=what, text=text))
            return found
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["H"] is None:
            return d.isoformat()
        hour = _hour(int(m["H"]), m["ap"])
        dt = datetime(d.year, d.month, d.day, hour, int(m["M"]), int(m["S"] or 0))
    except (ValueError, KeyError):
        raise InvalidInputError(L_("cannot read {what} {text!r}: there is no such day or time",
                                   what=what, text=text)) from None
    return dt.isoformat()


def parse_user_date(text: str, *, what: str = "date", after: date | None = None,
                    today: date | None = None) -> str:
    value = parse_user_datetime(text, what=what, after=after, today=today)
    return value[:10]


def said_as_typed(text: str) -> bool:
    """Whether a typed time is already written as the absolute time it is (2024-03-16 10:05),
    so there is nothing to say back; 昨天, 3月5日 or 20240316 are said back."""
    s = unicodedata.normalize("NFKC", text or "").strip()
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?", s) is not None

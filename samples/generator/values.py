"""What pages write: amounts as shown, dates and chat time stamps, promise due dates, and the
platform names a page may show (the truth's `platform` fields come from PLATFORMS).

Promise due dates are the truth, computed here from chinese_calendar rather than by the vault's
own extractor, so that the samples check the extractor instead of repeating it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import chinese_calendar


def money_value(text: str) -> str:
    """The truth value of a shown amount: "-¥1,280.00" -> "1280.00"."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        raise ValueError(f"no amount in {text!r}")
    return f"{Decimal(m.group().replace(',', '')):.2f}"


def yuan(value: str | Decimal, *, sym: str = "¥", comma: bool = True, sign: str = "",
         suffix: str = "", places: int = 2) -> str:
    """Show an amount the way pages do: yuan("1280", sign="-") -> "-¥1,280.00"."""
    v = Decimal(value)
    body = f"{v:,.{places}f}" if comma else f"{v:.{places}f}"
    return f"{sign}{sym}{body}{suffix}"


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The Nth Chinese working day after `day` (make-up working days count, holidays do not).

    find_workday rolls its start forward to a working day before counting, hence the day after.
    """
    return chinese_calendar.find_workday(n - 1, day + dt.timedelta(days=1)) if n else day


def promise_due(text: str, at: dt.datetime) -> dt.date:
    """The due date a careful reader computes for a promise made at `at`."""
    if m := re.search(r"(\d+)\s*(?:个|個)?\s*(?:工作日|business days?|working days?)", text):
        return add_workdays(at.date(), int(m.group(1)))
    if m := re.search(r"(\d+)\s*(?:小时|小時|hours?)", text):
        return (at + dt.timedelta(hours=int(m.group(1)))).date()
    if m := re.search(r"(\d+)\s*(?:天|days?)", text):
        return at.date() + dt.timedelta(days=int(m.group(1)))
    if re.search(r"明天|明日|tomorrow", text, re.I):
        return at.date() + dt.timedelta(days=1)
    if re.search(r"今天|今日|today", text, re.I):
        return at.date()
    raise ValueError(f"cannot compute a due date for {text!r}")


WEEKDAY_ZH = "一二三四五六日"
WEEKDAY_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


MONTH_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_EN_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"]


def clock(at: dt.datetime, *, h24: bool = True, lang: str = "zh-Hans") -> str:
    """Hour and minute as WeChat shows them (12-hour: 0-6 凌晨, 6-12 上午, 12-24 下午)."""
    if h24:
        return f"{at:%H:%M}"
    h12 = at.hour % 12 or 12
    if lang == "en":
        return f"{h12}:{at:%M} {'AM' if at.hour < 12 else 'PM'}"
    period = "凌晨" if at.hour < 6 else "上午" if at.hour < 12 else "下午"
    return f"{period}{h12}:{at:%M}"


def chat_stamp(at: dt.datetime, cap: dt.datetime, *, h24: bool = True, lang: str = "zh-Hans",
               always_year: bool = False) -> str:
    """A WeChat time separator for a message sent at `at`, seen at `cap`."""
    t = clock(at, h24=h24, lang=lang)
    days = (cap.date() - at.date()).days
    if lang == "en":
        if always_year or at.year != cap.year:
            return f"{MONTH_EN[at.month - 1]} {at.day}, {at.year} {t}"
        if days == 0:
            return t
        if days == 1:
            return f"Yesterday {t}"
        if days < 7:
            return f"{WEEKDAY_EN[at.weekday()]} {t}"
        return f"{MONTH_EN[at.month - 1]} {at.day} {t}"
    if always_year or at.year != cap.year:
        return f"{at.year}年{at.month}月{at.day}日 {t}"
    if days == 0:
        return t
    if days == 1:
        return f"昨天 {t}"
    if days < 7:
        return f"星期{WEEKDAY_ZH[at.weekday()]} {t}"
    return f"{at.month}月{at.day}日 {t}"


def cn_date(at: dt.datetime | dt.date, *, secs: bool = True, pad: bool = False) -> str:
    """2024年3月15日 14:23:07 (or 2024年03月15日 with pad)."""
    f = "{:02d}" if pad else "{}"
    s = f"{at.year}年{f.format(at.month)}月{f.format(at.day)}日"
    if isinstance(at, dt.datetime):
        s += f" {at:%H:%M:%S}" if secs else f" {at:%H:%M}"
    return s


def iso(at: dt.datetime | dt.date, *, secs: bool = True) -> str:
    if isinstance(at, dt.datetime):
        return (at if secs else at.replace(second=0)).strftime("%Y-%m-%dT%H:%M:%S")
    return at.isoformat()


PLATFORMS = {
    "淘宝": ["淘宝", "淘寶", "Taobao"], "天猫": ["天猫", "天貓", "Tmall"],
    "京东": ["京东", "京東", "JD.com"], "拼多多": ["拼多多", "Pinduoduo"],
    "美团": ["美团", "美團", "Meituan"], "抖音": ["抖音", "Douyin"],
    "支付宝": ["支付宝", "支付寶", "Alipay"], "微信支付": ["微信支付", "WeChat Pay"],
    "云闪付": ["云闪付"],
    "招商银行": ["招商银行", "招商銀行", "China Merchants Bank"],
    "工商银行": ["工商银行", "工商銀行", "ICBC"], "建设银行": ["建设银行", "建設銀行"],
    "农业银行": ["农业银行"], "交通银行": ["交通银行"], "平安银行": ["平安银行"],
    "浦发银行": ["浦发银行"], "中信银行": ["中信银行"],
    "分期乐": ["分期乐"], "360借条": ["360借条"], "安逸花": ["安逸花"],
}
PACKAGES = {"com.tencent.mm": "微信", "com.eg.android.AlipayGphone": "支付宝",
            "com.taobao.taobao": "淘宝", "com.tmall.wireless": "天猫",
            "com.jingdong.app.mall": "京东", "com.xunmeng.pinduoduo": "拼多多",
            "com.sankuai.meituan": "美团", "com.ss.android.ugc.aweme": "抖音"}


APP_LABELS = {"WeChat": "微信", "Alipay": "支付宝", "Taobao": "淘宝", "JD": "京东"}

"""Dates and times, with the role their label gives them (order, payment, due, refund, chat...).

Every form of DOMAIN §5 is read into one of a few shapes (a full date, a date missing its year, a
day relative to the capture, a numeric triple whose order is unknown), a time is attached when one
follows, and only then is the date placed:

- Year-less and relative dates (3月15日, 昨天 14:23, 星期五) are placed against the claimed capture
  time and marked resolved="capture". Without a capture time they are left out: a date that
  cannot be placed on the calendar is no evidence, and the words stay searchable in the OCR text.
- A numeric triple such as 05/03/2024 is settled by evidence from the same page, strongest first:
  another date in the same format with a part above 12; the page's currency and language (RM, £,
  € → day first; $ → month first; Chinese or ¥ → year first for 24-03-15, month first otherwise);
  the capture time (only one reading is in the past). Settled readings carry inferred=True and a
  lower confidence; unsettled ones come back as every reading, each with ambiguous=True.
- A compact stamp (20240315142307) is read only after a date label: bare, it is more often part
  of an identifier.

The role comes from the label (支付时间 → payment). A date without one is placed by the page it
is on: alone on its line it is a chat separator, a step of a parcel's tracking list, or an
installment of a repayment schedule; inside a notification sentence the verb that follows says
what happened then (于03月15日14:23消费 → payment). A year-less due date may lie after the capture.

Values are ISO local times: "2024-03-15" (kind date) or "2024-03-15T14:23:00" (kind datetime).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from evidence_vault.extract import roles
from evidence_vault.extract.ids import extract_ids
from evidence_vault.extract.kinds import document_kind
from evidence_vault.extract.page import Found, Label, LabelTable, Page, is_blankish, pair_labels

# -- labels ----------------------------------------------------------------------------------

_ZH_LABELS: dict[str, list[str]] = {
    "order": ["下单时间", "创建时间", "订单时间", "拼单时间", "提交时间", "下单日期", "订单日期",
              "购买时间", "创建日期", "订单创建时间", "建立时间", "订购时间", "拍下时间",
              "交易创建时间", "订单提交时间"],
    "payment": ["支付时间", "付款时间", "交易时间", "消费时间", "扣款时间", "转账时间", "支付日期",
                "付款日期", "交易日期", "入账时间", "记账日期", "缴费时间", "充值时间", "交易时间点",
                "付款成功时间", "支付成功时间", "买家付款时间", "交易日", "会计日期", "入账日期",
                "记账时间", "业务日期", "委托日期", "汇款日期", "转账日期", "扣款日期", "消费日期",
                "刷卡时间", "结账时间", "交易日期时间", "支付完成时间", "缴费日期", "汇款时间"],
    "due": ["到期还款日", "最后还款日", "还款日", "应还日期", "到期日", "还款日期", "到期时间",
            "最迟还款日", "还款到期日", "应还款日", "最后还款日期"],
    "refund": ["退款时间", "退款日期", "退款成功时间", "退款完成时间", "退款到账时间", "退回时间",
               "退款到账日期"],
    "ship": ["发货时间", "发货日期", "出货时间", "出库时间", "寄出时间", "寄件时间", "揽收时间"],

    "receive": ["收货时间", "确认收货时间", "收款时间", "收货日期", "收款日期"],
    "deliver": ["签收时间", "送达时间", "妥投时间"],
    # a loan paid out is the loan's event (roles.DATE_ROLES); money arriving elsewhere is not
    "loan": ["借款时间", "借款日期", "借款日", "放款时间", "放款日期", "放款日", "起息日",
             "发放日期", "放款成功时间"],
    # the loan's on a loan's page, the refund's on a refund's, else money received
    "arrival": ["到账时间", "到账日期", "入账成功时间"],
    "complete": ["完成时间", "成交时间", "交易完成时间", "成交日期", "完成日期"],
    "cancel": ["取消时间", "关闭时间"],
    "request": ["申请时间", "退款申请时间", "售后申请时间", "申请日期"],
    "issue": ["开票日期", "开具日期", "生成时间", "打印时间", "出具日期", "开票时间", "开具时间",
              "填开日期", "填发日期", "出票日期", "出票时间", "打印日期", "生成日期"],
    "sign": ["签署日期", "签订日期", "签约日期", "签署时间"],
    "statement": ["账单日"],
    "travel": ["乘车日期", "乘车时间", "发车时间", "开车时间", "出发时间", "出发日期", "起飞时间",
               "乘机日期", "航班日期", "出行日期", "出行时间", "发车日期"],
    "plain": ["日期", "时间"],
}
_EN_LABELS: dict[str, str] = {
    "order": r"order(?:ed)?\s*(?:date|time|on)|order\s+placed(?:\s+on)?|placed\s+on|"
             r"(?:date|time)\s+(?:ordered|of\s+order)|created(?:\s+(?:on|at))?",
    "deliver": r"delivered(?:\s+on)?|delivery\s*(?:date|time)",
    "payment": r"payment\s*(?:date|time)|paid\s+(?:on|at)|(?:transaction|txn|trans\.?)\s*"
               r"(?:date|time)|(?:sale|sales|purchase)\s+(?:date|time)|date\s+of\s+"
               r"(?:purchase|payment|transaction)",
    "due": r"(?:payment\s+)?due\s*(?:date|on|by)?",
    "refund": r"refund(?:ed)?\s*(?:date|time|on)",
    "ship": r"ship(?:ping|ped)?\s*(?:date|on)|dispatched\s+on",
    "issue": r"invoice\s+date|date\s+of\s+issue|issued?\s+(?:on|date)",
    "travel": r"depart(?:ure|s)?\s*(?:date|time|on|at)?|travel\s+date|flight\s+date",
    "plain": r"date(?:\s*/\s*time)?|time",
}

_LABELS = LabelTable(_ZH_LABELS, _EN_LABELS)

# -- shapes ----------------------------------------------------------------------------------

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])")
_DAY_END = r"(?:(?!\d)|(?=\d{1,2}[:：]\d{2}))"  # 2024-03-1514:23 — OCR dropped the space
_YEAR_END = r"(?:(?!\d)|(?=\d{1,2}[:：]\d{2}))"  # 29/12/201711:41 — the same after a year
_CN_DIGIT = "〇零一二三四五六七八九"
_CN_DAY = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ymd", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2}|\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*"
                       r"(?P<d>\d{1,2})\s*(?P<ri>[日号口曰])?" + _DAY_END)),
    ("ymd", re.compile(r"(?<![\d.])(?<!\d[:/-])(?P<y>(?:19|20)\d{2})\s?[-/.]\s?(?P<m>\d{1,2})\s?[-/.]\s?"
                       r"(?P<d>\d{1,2})" + _DAY_END)),
    ("xxy4", re.compile(r"(?<![\d.])(?<!\d[:/-])(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)"
                        r"(?P<c>(?:19|20)\d{2})" + _YEAR_END)),
    ("xxyy", re.compile(r"(?<![\d.])(?<!\d[:/-])(?P<a>\d{2})(?P<s>[-/])(?P<b>\d{2})(?P=s)(?P<c>\d{2})"
                        r"(?!\d|[-/.:]\d)")),
    ("en", re.compile(rf"(?<![A-Za-z])(?P<mon>{_MON})\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?"
                      rf"\s*(?P<y>(?:19|20)\d{{2}})(?!\d)", re.I)),
    ("en", re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s/-]*(?P<mon>{_MON})\.?,?[\s/-]*"
                      rf"(?P<y>(?:19|20)\d{{2}}|\d{{2}})(?!\d)", re.I)),
    ("cn", re.compile(rf"(?P<y>[{_CN_DIGIT}]{{4}})\s*年\s*(?P<m>十[一二]?|[一二三四五六七八九])\s*月"
                      rf"\s*(?P<d>{_CN_DAY})\s*[日号]")),
    ("cn_yearless", re.compile(rf"(?<![年{_CN_DIGIT}十])(?P<m>十[一二]?|[一二三四五六七八九])\s*月\s*"
                               rf"(?P<d>{_CN_DAY})\s*[日号]")),
    ("compact", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])"
                           r"(?P<d>0[1-9]|[12]\d|3[01])(?:(?P<H>[01]\d|2[0-3])(?P<M>[0-5]\d)"
                           r"(?P<S>[0-5]\d)?)?(?!\d)")),
    ("yearless", re.compile(r"(?<![\d年.])(?<!\d[:/-])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号口曰]")),
    ("yearless_num", re.compile(r"(?<![\d.])(?<!\d[:/-])(?P<m>\d{1,2})[-/](?P<d>\d{1,2})"
                                r"(?:(?![\d/-])|(?=\d{1,2}[:：]\d{2}(?!\d)))")),
    ("relative", re.compile(r"(?<![明后])(?P<rel>今天|昨天|大前天|前天|今日|昨日)|"
                            r"(?<![A-Za-z])(?P<rel_en>today|yesterday)(?![A-Za-z])", re.I)),
    ("relative", re.compile(r"(?<![\d一二两三四五六七八九十])(?P<nd>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*"
                            r"天(?:之|以)?前")),
    ("year_word", re.compile(r"(?P<yw>去年|前年|今年)\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*"
                             r"[日号]")),
    ("month_word", re.compile(r"(?P<mw>上个?月|本月|这个月)\s*(?P<d>\d{1,2})\s*[日号]")),
    ("weekday", re.compile(r"(?<![每下到至~-])(?P<pre>上|本|这)?个?(?:星期|周|礼拜)"
                           r"(?P<wd>[一二三四五六日天1-7])(?!\s*(?:前|之前|以前|内|之内|以内|至|到|~|-))")),
]

_AMPM = r"凌晨|早上|早晨|上午|中午|下午|晚上|傍晚|午夜|夜里|深夜"
_TIME = re.compile(
    r"[\sT,]*(?:at\s+)?(?:[(\[]?(?:星期|周|礼拜)[一二三四五六日天][)\]]?\s*|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?"
    rf"(?:(?P<ap>{_AMPM})\s*)?"
    r"(?P<H>2[0-3]|[01]?\d)(?:\s?[:：;]\s?(?P<M>[0-5]\d)(?:\s?[:：;]\s?(?P<S>[0-5]\d))?"
    r"(?:\.\d{1,3})?|[点时](?:(?P<M2>[0-5]?\d)分?(?:(?P<S2>[0-5]?\d)秒)?|(?P<half>半))?)(?!\d)"
    r"(?:\s*(?P<ap2>[AaPp]\.?\s?[Mm]\.?)(?![A-Za-z]))?", re.I)
_TIME_ONLY_LINE = re.compile(
    rf"\s*(?:(?P<ap>{_AMPM})\s*)?(?P<H>2[0-3]|[01]?\d)[:：](?P<M>[0-5]\d)(?:[:：](?P<S>[0-5]\d))?"
    r"(?:\s*(?P<ap2>[AaPp][Mm]))?\s*")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
             "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_CHAT_APPS = ("微信", "WeChat", "QQ", "钉钉", "企业微信", "千牛", "旺旺")
_PAYMENT_APPS = ("支付宝", "Alipay", "云闪付", "银行", "淘宝", "京东", "拼多多", "美团", "抖音")


@dataclass
class _Hit:
    start: int
    end: int
    form: str
    readings: list[date] = field(default_factory=list)
    clock: time | None = None
    label: Label | None = None
    resolved: str | None = None
    inferred: str | None = None
    sep: str | None = None
    orders: list[str] = field(default_factory=list)  # dmy/mdy/ymd, one per reading of a triple
    md: tuple[int, int, bool] | None = None  # year-less: month, day, written with - or /
    back: int = 0  # relative: days before the capture
    years_back: int | None = None  # 去年3月1日: years before the capture's year
    months_back: int | None = None  # 上个月15号: months before the capture's month
    weekday: tuple[int, str | None] | None = None  # weekday and 上/本/这


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clipped to the month's end (Jan 31 + 1 → Feb 29).

    The one home of month arithmetic (dateutil's relativedelta) for the extractors.
    """
    return day + relativedelta(months=months)


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if 1970 <= y <= 2100 else None
    except ValueError:
        return None


def _year2(yy: int) -> int:
    return 2000 + yy if yy < 70 else 1900 + yy


def _cn_int(text: str) -> int:
    """二〇二四 → 2024, 十五 → 15 (cn2an, imported only when a page has such a date)."""
    import cn2an  # ~100 ms to import

    return int(cn2an.cn2an(text.replace("〇", "零"), "normal"))


def _read_clock(page: Page, pos: int) -> tuple[time, int] | None:
    line_end = page.line_span(page.line_of(pos))[1]
    m = _TIME.match(page.scan, pos, line_end)
    if not m:
        return None
    read_hour = int(m.group("H"))
    minute = int(m.group("M") or m.group("M2") or (30 if m.group("half") else 0))
    second = int(m.group("S") or m.group("S2") or 0)
    if m.group("M") is None and m.group("M2") is None and not m.group("half") and not m.group(
            "ap") and not re.search("[点时]", m.group()):
        return None
    hour = _twelve_hour(read_hour, m.group("ap"), m.group("ap2"))
    if hour is None or minute > 59:
        return None
    return time(hour, minute, second), m.end()


def _twelve_hour(hour: int, ap: str | None, ap2: str | None) -> int | None:
    if ap2:
        pm = ap2.lower().startswith("p")
        if not 1 <= hour <= 12:
            return None
        return (hour % 12) + (12 if pm else 0)
    if ap in ("下午", "晚上", "傍晚", "夜里", "深夜") and hour < 12:
        return hour + 12
    if ap == "中午" and hour < 11:
        return hour + 12
    if ap in ("凌晨", "午夜") and hour == 12:
        return 0
    return hour


def _hits(page: Page) -> list[_Hit]:
    scan = page.scan
    raw: list[_Hit] = []
    for form, pattern in _PATTERNS:
        for m in pattern.finditer(scan):
            hit = _hit_from(form, m)
            if hit is not None:
                raw.append(hit)
    kept: list[_Hit] = []
    for hit in sorted(raw, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    for hit in kept:
        if hit.clock is None and hit.form != "compact":
            clock = _read_clock(page, hit.end)
            if clock:
                hit.clock, hit.end = clock
    # Lone times on a line are WeChat's "today" separators; the status bar's clock comes before
    # any words (14:23 / 4G / 85% / 订单详情).
    header = True
    for line in range(page.line_count):
        start, end = page.line_span(line)
        lone = _TIME_ONLY_LINE.fullmatch(scan, start, end)
        if not lone:
            header = header and not re.search(r"[\u4e00-\u9fff]{2}|[A-Za-z]{3}", scan[start:end])
            continue
        if not header and not any(h.start < end and start < h.end for h in kept):
            hour = _twelve_hour(int(lone.group("H")), lone.group("ap"), lone.group("ap2"))
            if hour is not None:
                kept.append(_Hit(lone.start("H") if not lone.group("ap") else lone.start("ap"),
                                 lone.end(), "time_only",
                                 clock=time(hour, int(lone.group("M")), int(lone.group("S") or 0))))
    return sorted(kept, key=lambda h: h.start)


def _hit_from(form: str, m: re.Match[str]) -> _Hit | None:
    g = m.groupdict()
    hit = _Hit(m.start(), m.end(), form)
    if form == "ymd":
        year = int(g["y"])
        if len(g["y"]) == 2:
            if not g.get("ri"):
                return None
            year = _year2(year)
        day = _valid(year, int(g["m"]), int(g["d"]))
        if not day:
            return None
        hit.readings = [day]
    elif form in ("xxy4", "xxyy"):
        a, b, c = int(g["a"]), int(g["b"]), int(g["c"])
        hit.sep = g["s"]
        year = c if form == "xxy4" else _year2(c)
        options = [("dmy", _valid(year, b, a)), ("mdy", _valid(year, a, b))]
        if form == "xxyy":
            options.append(("ymd", _valid(_year2(a), b, c)))
        hit.readings = [d for _, d in options if d]
        hit.form = form
        if not hit.readings:
            return None
        hit.orders = [o for o, d in options if d]
    elif form == "en":
        month = _MONTHS.index(g["mon"][:3].lower()) + 1
        year = int(g["y"]) if len(g["y"]) == 4 else _year2(int(g["y"]))
        day = _valid(year, month, int(g["d"]))
        if not day:
            return None
        hit.readings = [day]
    elif form == "cn":
        try:
            day = _valid(_cn_int(g["y"]) if len(g["y"]) == 4 else 0, _cn_int(g["m"]),
                         _cn_int(g["d"]))
        except (ValueError, KeyError, TypeError):
            return None
        if not day:
            return None
        hit.readings = [day]
    elif form == "compact":
        day = _valid(int(g["y"]), int(g["m"]), int(g["d"]))
        if not day:
            return None
        hit.readings = [day]
        if g["H"]:
            hit.clock = time(int(g["H"]), int(g["M"]), int(g["S"] or 0))
    elif form in ("yearless", "yearless_num", "cn_yearless"):
        if form == "cn_yearless":
            try:
                month, day_no = _cn_int(g["m"]), _cn_int(g["d"])
            except (ValueError, KeyError, TypeError):
                return None
        else:
            month, day_no = int(g["m"]), int(g["d"])
        if not (1 <= month <= 12 and 1 <= day_no <= 31):
            return None
        hit.form = "yearless"
        hit.md = (month, day_no, form == "yearless_num")
    elif form == "relative":
        if g.get("nd"):
            hit.back = int(g["nd"]) if g["nd"].isdigit() else _cn_int(g["nd"])
        elif g.get("rel_en"):
            hit.back = 0 if g["rel_en"].lower() == "today" else 1
        else:
            hit.back = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "大前天": 3}[g["rel"]]
    elif form == "year_word":
        hit.form, hit.md = "yearless", (int(g["m"]), int(g["d"]), False)
        hit.years_back = {"今年": 0, "去年": 1, "前年": 2}[g["yw"]]
    elif form == "month_word":
        hit.form, hit.md = "yearless", (0, int(g["d"]), False)
        hit.months_back = 0 if g["mw"] in ("本月", "这个月") else 1
    elif form == "weekday":
        hit.weekday = (_WEEKDAYS[g["wd"]], g["pre"])
    return hit


# -- placing dates ---------------------------------------------------------------------------

_DMY_MARKS = re.compile(r"(?<![A-Za-z])(?:RM\s*\d|MYR|GST|SST|Sdn\.?\s*Bhd|Malaysia|VAT|EUR|GBP|"
                        r"S\$|A\$|NZ\$)|[£€]", re.I)
_MDY_MARKS = re.compile(r"(?<![A-Za-z$])\$\s*\d|(?<![A-Za-z])(?:USD|US\$)")


def _order_from_format(hits: list[_Hit]) -> dict[tuple[str, str], set[str]]:
    """Dates in one format on one page share an order: the orders every one of them allows
    (25/03/2024 allows only day-first, so 05/03/2024 beside it is day-first too)."""
    allowed: dict[tuple[str, str], set[str]] = {}
    for h in hits:
        if h.form in ("xxy4", "xxyy"):
            key = (h.form, h.sep or "")
            allowed[key] = allowed.get(key, set(h.orders)) & set(h.orders)
    return allowed


def _order_from_locale(page: Page, form: str) -> str | None:
    dmy = bool(_DMY_MARKS.search(page.scan))
    mdy = bool(_MDY_MARKS.search(page.scan))
    if dmy and not mdy:
        return "dmy"
    if mdy and not dmy:
        return "mdy"
    if not dmy and not mdy and (page.cjk_count >= 4 or "¥" in page.scan):
        return "ymd" if form == "xxyy" else "mdy"
    return None


def _settle(page: Page, hits: list[_Hit]) -> None:
    by_format = _order_from_format(hits)
    cap = page.captured_at.date() if page.captured_at else None
    for h in hits:
        if h.form not in ("xxy4", "xxyy") or len(h.readings) < 2:
            continue
        orders = h.orders
        shared = by_format.get((h.form, h.sep or ""), set())
        choice: str | None = next(iter(shared)) if len(shared) == 1 else None
        basis = "format"
        if choice not in orders:
            choice, basis = _order_from_locale(page, h.form), "locale"
        if choice not in orders and cap:
            past = [o for o, d in zip(orders, h.readings, strict=True)
                    if d <= cap + timedelta(days=1)]
            choice, basis = (past[0], "capture") if len(past) == 1 else (None, "")
        if choice in orders:
            h.readings = [h.readings[orders.index(choice)]]
            h.inferred = basis
            h.orders = [choice]


def _place(page: Page, h: _Hit) -> bool:
    """Put year-less and relative dates on the calendar from the capture time."""
    if h.readings:
        return True
    cap = page.captured_at
    if cap is None:
        return False
    today = cap.date()
    if h.form == "yearless":
        assert h.md is not None
        month, day_no, _ = h.md
        if h.years_back is not None:
            d = _valid(today.year - h.years_back, month, day_no)
            h.readings = [d] if d else []
        elif h.months_back is not None:
            first = add_months(today.replace(day=1), -h.months_back)
            d = _valid(first.year, first.month, day_no)
            h.readings = [d] if d else []
        elif h.label is not None and h.label.key == "due":
            # a due date looks ahead: the occurrence nearest the capture, before or after it
            near = [d for y in (today.year - 1, today.year, today.year + 1)
                    if (d := _valid(y, month, day_no))]
            h.readings = [min(near, key=lambda d: abs((d - today).days))] if near else []
        else:
            for year in (today.year, today.year - 1):
                d = _valid(year, month, day_no)
                if d and d <= today:
                    h.readings = [d]
                    break
    elif h.form == "relative":
        h.readings = [today - timedelta(days=h.back)]
    elif h.form == "weekday":
        assert h.weekday is not None
        weekday, pre = h.weekday
        monday = today - timedelta(days=today.weekday())
        if pre == "上":
            h.readings = [monday - timedelta(days=7 - weekday)]
        elif pre in ("本", "这"):
            h.readings = [monday + timedelta(days=weekday)]
        else:  # WeChat: a weekday name is a day of the past week, never today
            back = (today.weekday() - weekday) % 7 or 7
            h.readings = [today - timedelta(days=back)]
    elif h.form == "time_only":
        h.readings = [today]
    h.resolved = "capture" if h.readings else None
    return bool(h.readings)


_LOGISTICS = re.compile(r"运单号|快递单号|物流|签收|派送|派件|揽收|揽件|运输中|中转|分拣|快递员|驿站|"
                        r"in transit|out for delivery|delivered", re.I)
_SCHEDULE = re.compile(r"还款计划|分期计划|账单计划|repayment schedule|第\s*\d+\s*期", re.I)
_SENTENCE_ROLE = [("payment", re.compile(r"消费|支出|支付|扣款|付款|转出|缴费|扣费|还款|刷卡|取现|"
                                         r"汇出|代扣")),
                  ("loan", re.compile(r"放款|发放|贷款|借款")),
                  ("refund", re.compile(r"退款|退回|退货款|退货|冲正|撤销")),
                  ("receive", re.compile(r"存入|入账|收入|转入|汇入|到账|收款"))]
# a time followed by 开 (a railway ticket's 15:46开), 发车, 出发 or 起飞 is when a journey starts
_DEPARTS = re.compile(r"[ \t]*(?:开|发车|出发|起飞|departs?\b)", re.I)
_REQUEST_BEFORE = re.compile(r"申请\s*$")
_LOAN_PAGE = re.compile(r"借款|贷款|放款|借据|还款计划|分期乐|借呗|借条")
_REFUND_WORDS = re.compile(r"退款|已退回|全额退款")
# a loan's term in a contract: 借款期限为12个月，自2024年1月15日起至2025年1月15日止
_TERM_START = re.compile(r"(?:自|从)\s*$")
_TERM_END = re.compile(r"(?:至|到)\s*$")
# a status heading and the time under it (退款成功 / 2024年6月14日10:22), or before it on its line
_STATUS: list[tuple[str, re.Pattern[str]]] = [
    ("refund", re.compile(r"退款成功|已退款|已全额退款|退款完成|退款已到账|已退回|退款到账")),
    ("payment", re.compile(r"支付成功|付款成功|转账成功|已支付|已付款|扣款成功|缴费成功|充值成功")),
    ("receive", re.compile(r"已收款|收款成功|已到账|到账成功|已存入|已收钱")),
    ("deliver", re.compile(r"已签收|签收成功")),
    ("ship", re.compile(r"已发货")),
    ("cancel", re.compile(r"已取消|交易关闭|订单已关闭")),
]
#: the role of a date that has none of its own on a document of this kind (kinds.py): when a
#: till receipt was paid, a ticket's journey starts, an invoice was issued, a bank moved money
_DOCUMENT_ROLE = {"receipt": "payment", "ticket": "travel", "invoice": "issue",
                  "bank_receipt": "payment"}
#: … and of a date whose label says only 日期 / 时间 / Date, on a page of this kind
_PLAIN_ROLE = {**_DOCUMENT_ROLE, "payment": "payment", "refund": "refund"}


def _page_kind(page: Page) -> str | None:
    """What a page's lone dates are: a parcel's tracking steps, a loan's installments, a chat's
    separators (or nothing: a payment app's bill list prints "今天 14:23" on its own line)."""
    if len({m.group().lower() for m in _LOGISTICS.finditer(page.simp)}) >= 3:
        return "track"
    if page.has("还款计划|分期计划|账单计划") or len(_SCHEDULE.findall(page.simp)) >= 2:
        return "schedule"
    app = page.app or ""
    if any(a in app for a in _PAYMENT_APPS) and not any(a in app for a in _CHAT_APPS):
        return None
    return "chat"


def _status_role(page: Page, h: _Hit) -> str | None:
    """The role a status heading gives the time under it, or before it on its own line."""
    line = page.line_of(h.start)
    start, _ = page.line_span(line)
    head = page.simp[start:h.start].strip(" \t:：")
    if not head and line > 0:
        above_start, above_end = page.line_span(line - 1)
        head = page.simp[above_start:above_end].strip()
    if not head or len(head) > 8:
        return None
    for role, pattern in _STATUS:
        if pattern.fullmatch(head):
            return role
    return None


def _beside_step(page: Page, h: _Hit) -> bool:
    """A time next to a line of a parcel's journey (快件已签收 / 03-13 10:12), a step's text
    wrapped on two lines or an icon read as a letter between them."""
    line = page.line_of(h.start)
    for other in (line - 1, line + 1, line - 2, line + 2):
        if 0 <= other < page.line_count and _LOGISTICS_STEP.search(
                page.simp[slice(*page.line_span(other))]):
            return True
    return False


_LOGISTICS_STEP = re.compile(r"快件|派送|派件|揽收|揽件|运输中|中转|分拣|到达|发往|已收取|营业点|"
                             r"转运中心|集散|出库|【[^】\n]{1,12}[市省区县]】|in transit|"
                             r"out for delivery|arrived at|departed", re.I)


def _unlabelled_role(page: Page, h: _Hit, alone: bool, kind_of_page: str | None,
                     doc: str | None) -> tuple[str | None, bool]:
    """The role of a date without a label, and whether it was inferred from the page (its kind,
    a status heading) rather than read from how the date itself is written or said."""
    line_start, _ = page.line_span(page.line_of(h.start))
    starts_line = is_blankish(page.scan[line_start:h.start])
    app = page.app or ""
    separator = h.form in ("relative", "weekday", "time_only") or page.has(_AMPM) and bool(
        re.search(_AMPM, page.simp[h.start:h.end]))
    if kind_of_page == "track" and h.clock is not None and starts_line and not separator and (
            _beside_step(page, h)):
        return "track", False
    if h.clock is not None and _DEPARTS.match(page.scan, h.end):
        return "travel", False  # 2016年08月24日15:46开
    status = _status_role(page, h) if doc in ("refund", "payment", "order", None) else None
    if status is not None:
        return status, True
    if alone and kind_of_page is not None and (separator or any(a in app for a in _CHAT_APPS)):
        return "chat", False  # 昨天 14:23, 星期二 下午2:40: the way a chat marks its messages
    if kind_of_page == "track" and h.clock is not None and starts_line:
        return "track", False
    if kind_of_page == "schedule" and h.clock is None:
        return "due", False
    if alone and doc in _DOCUMENT_ROLE:
        return _DOCUMENT_ROLE[doc], True
    if alone and kind_of_page == "chat":
        return "chat", False
    if not alone:
        before = page.scan[max(0, h.start - 2):h.start]
        after_text = page.scan[h.end:h.end + 2]
        sentence = page.simp[max(0, h.start - 40):h.end + 40]
        if re.search(r"借款|贷款|借期", sentence):
            if _TERM_START.search(before) and after_text.startswith("起"):
                return "loan", False
            if _TERM_END.search(before) and after_text.startswith("止"):
                return "due", False
        # a notification sentence: 您账户1234于03月15日14:23消费人民币… / 收到退款… / a bank's
        # message wrapped by the screen: 1月15日10:32转账收入( / 某某小额贷款)人民币9,200.00
        after = re.split(r"[，。,;；!！]", page.scan[h.end:h.end + 32].replace("\n", ""))[0]
        for role, pattern in _SENTENCE_ROLE:
            m = pattern.search(after)
            if m:
                if role == "refund" and _REQUEST_BEFORE.search(after[:m.start()]):
                    return "request", False  # 3月15日申请退款
                return role, False
        if doc in _DOCUMENT_ROLE:
            return _DOCUMENT_ROLE[doc], True
    return None, False


def _alone_on_line(page: Page, h: _Hit) -> bool:
    start, end = page.line_span(page.line_of(h.start))
    return is_blankish(page.scan[start:h.start]) and is_blankish(page.scan[h.end:end])


def _label_gap(gap: str) -> bool:
    squeezed = re.sub(r"[\s:=]+", "", gap)
    return not re.search(r"\d", gap) and len(re.sub(r"\([^()]*\)", "", squeezed)) <= 4


def extract_dates(page: Page) -> list[Found]:
    hits = _hits(page)
    id_spans = [(f.start, f.end) for f in page.run(extract_ids)]
    hits = [h for h in hits if not any(s < h.end and h.start < e for s, e in id_spans)]
    labels = _LABELS.find(page)
    pairs = pair_labels(page, labels, [(h.start, h.end) for h in hits], _label_gap,
                        others=id_spans)
    for i, h in enumerate(hits):
        h.label = pairs.get(i)
    kind_of_page = _page_kind(page)
    doc = document_kind(page)

    out: list[Found] = []
    kept: list[_Hit] = []
    for h in hits:
        alone = _alone_on_line(page, h)
        if h.form == "compact" and h.label is None:
            continue
        if h.form in ("relative", "weekday") and h.clock is None and not alone:
            continue
        if not _place(page, h):
            continue
        kept.append(h)
    _settle(page, kept)

    for h in kept:
        alone = _alone_on_line(page, h)
        role, from_page = None, False
        if h.label is not None and h.label.key == "arrival":
            role = "loan" if _LOAN_PAGE.search(page.simp) else "refund" if (
                doc == "refund" or _REFUND_WORDS.search(page.simp)) else "receive"
        elif h.label is not None and h.label.key != "plain":
            role = h.label.key
        elif h.label is not None:  # 日期, 时间, Date: the page's kind says which
            role = _PLAIN_ROLE.get(doc or "")
            from_page = role is not None
        else:
            role, from_page = _unlabelled_role(page, h, alone, kind_of_page, doc)
        if h.form == "yearless" and h.md is not None and h.md[2] and h.clock is None and h.label is None:
            continue  # 3-15 alone is as likely a score or a range as a date
        ambiguous = len(h.readings) > 1
        if ambiguous:
            confidence = 0.4 if len(h.readings) == 2 else 0.3
        elif h.inferred:
            confidence = {"format": 0.75, "locale": 0.65, "capture": 0.6}[h.inferred]
        elif h.resolved:
            confidence = 0.7
        elif h.form == "compact":
            confidence = 0.85
        else:
            confidence = 0.95 if h.label is not None else 0.85
        if from_page:  # the role is the page's kind's (a till receipt's date), not the date's own
            confidence = min(confidence, roles.SETTLED)
        for i, day in enumerate(h.readings):
            if h.clock is not None:
                kind, value = "datetime", datetime.combine(day, h.clock).isoformat()
            else:
                kind, value = "date", day.isoformat()
            orders = h.orders
            out.append(page.found(
                h.start, h.end, kind, value, label=h.label, role=role, confidence=confidence,
                form=h.form, raw=page.text[h.start:h.end].strip(),
                order=orders[i] if orders and (ambiguous or h.inferred) else None,
                resolved=h.resolved, inferred=True if h.inferred else None,
                basis=h.inferred, ambiguous=True if ambiguous else None,
                document=doc if from_page else None))
    return out

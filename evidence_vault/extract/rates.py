"""Interest rates (年化利率 24%, 日利率0.05%, 每日万分之五): the heart of many loan disputes.

A rate is a number with a percent (24%, 35.90%), a per-mille (0.5‰) or a Chinese fraction
(万分之五, 千分之一, 百分之二十四), read only where a rate label names it (年化利率, 综合年化,
年利率, 月利率, 日利率, 日息, APR, 利率, 费率) — before it on the line, in the cell above it, or
after it on the line (24%年化) — or where a period word stands right before it (每日万分之五,
按日0.05%). A percent with no such label is something else: a tax rate (税率 13%), a discount,
a progress bar; it stays out.

The value is the rate as a percent with as few digits as it needs (24.00% → "24", 35.90% →
"35.9", 万分之五 → "0.05", 0.5‰ → "0.05"); the role is its period (annual, monthly, daily,
see roles.RATE_PERIODS), from the label (日利率) or the words before the number (每日), else
None; detail keeps the period, the raw text and whether it came from a fraction word.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from evidence_vault.extract import roles
from evidence_vault.extract.page import Found, Label, LabelTable, Page, pair_labels

_ZH: dict[str, list[str]] = {
    "annual": ["年化利率", "年利率", "综合年化利率", "综合年化", "综合年利率", "年化", "年息",
               "年化费率", "综合年化费率", "年化成本", "综合年化成本", "实际年化利率"],
    "monthly": ["月利率", "月息", "月费率", "月化利率"],
    "daily": ["日利率", "日息", "日费率", "日化利率"],
    "any": ["利率", "费率", "借款利率", "贷款利率", "罚息利率", "逾期利率", "执行利率"],
}
_EN: dict[str, str] = {
    "annual": r"apr|annual(?:ised|ized)?\s+(?:percentage\s+|interest\s+)?rate|"
              r"interest\s+rate\s*\(?(?:p\.?a\.?|per\s+annum)\)?",
    "monthly": r"monthly\s+(?:interest\s+)?rate",
    "daily": r"daily\s+(?:interest\s+)?rate",
    "any": r"interest\s+rate",
}
# a rate label followed by one of these is the label of something else (利率说明, 费率表)
_TAIL = r"(?!说明|表|调整|计算|规则|政策|上限|标准|方式)"
_LABELS = LabelTable(_ZH, _EN, tail=_TAIL)

_CN_NUM = "零〇一二两三四五六七八九十百点"
_NUMBER = r"\d+(?:\.\d+)?"
_VALUE = re.compile(
    rf"(?<![\d.])(?P<num>{_NUMBER})[ \t]*(?P<unit>%|‰)"
    rf"|(?P<frac>万分之|千分之|百分之)(?P<fnum>{_NUMBER}|[{_CN_NUM}]+)")
# what may stand between a label and its value on one line: （单利）, 为, 是, 约, a colon
_SEP = r"[ \t:=\"'“”‘’|·•]*"  # spaces, a colon, and the stray quotes and bars OCR reads in gaps
_GAP = re.compile(rf"{_SEP}(?:\([^()\n]{{0,8}}\))?{_SEP}(?:为|是|约|仅|高达|达|按)?{_SEP}"
                  rf"(?:\([^()\n]{{0,8}}\))?{_SEP}")
_PERIOD_BEFORE = [("daily", re.compile(r"(?:每日|每天|按日|日|/天|/日)[ \t]*$")),
                  ("monthly", re.compile(r"(?:每月|按月|月)[ \t]*$")),
                  ("annual", re.compile(r"(?:每年|按年|年)[ \t]*$"))]
_PERIOD_WORDS = re.compile(r"(?:每日|每天|按日|每月|按月|每年|按年)[ \t]*$")
_RATE_CONTEXT = re.compile(r"息|利|费")
_PERIOD_AFTER = [("daily", re.compile(r"^[ \t]*(?:/天|/日|每日|每天|per\s+day)", re.I)),
                 ("monthly", re.compile(r"^[ \t]*(?:/月|每月|per\s+month)", re.I)),
                 ("annual", re.compile(r"^[ \t]*(?:/年|每年|年化|p\.?a\.?|per\s+annum)", re.I))]


def _cn_number(text: str) -> Decimal | None:
    import cn2an  # only pages with a 万分之五 pay for the import

    try:
        return Decimal(str(cn2an.cn2an(text, "normal")))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _percent(m: re.Match[str]) -> Decimal | None:
    """The rate a value match states, in percent."""
    try:
        if m.group("num") is not None:
            value = Decimal(m.group("num"))
            return value / 10 if m.group("unit") == "‰" else value
        raw = m.group("fnum")
        number = Decimal(raw) if re.fullmatch(_NUMBER, raw) else _cn_number(raw)
    except InvalidOperation:
        return None
    if number is None:
        return None
    return number * {"万分之": Decimal("0.01"), "千分之": Decimal("0.1"),
                     "百分之": Decimal(1)}[m.group("frac")]


def percent_text(value: Decimal) -> str:
    """24.00 → "24", 35.90 → "35.9", 0.050 → "0.05": a percent with as few digits as it needs."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _period(page: Page, start: int, end: int, label: Label | None) -> str | None:
    if label is not None and label.key != "any":
        return label.key
    line_start, line_end = page.line_span(page.line_of(start))
    before = page.scan[max(line_start, start - 4):start]
    for period, pattern in _PERIOD_BEFORE:
        if pattern.search(before):
            return period
    for period, pattern in _PERIOD_AFTER:
        if pattern.search(page.scan[end:line_end]):
            return period
    if label is not None:  # 利率 alone: the words of the label's own line may say (罚息利率按日)
        label_line = page.scan[slice(*page.line_span(page.line_of(label.start)))]
        for period, word in (("daily", "日"), ("monthly", "月"), ("annual", "年")):
            if re.search(rf"[每按]{word}|{word}化", label_line):
                return period
    return None


#: how sure a role is, by how its label was paired with it (page.pair_labels, "after" here)
CONFIDENCE = {"row": roles.SAME_LINE, "after": roles.LABEL_AFTER, "above": roles.CELL_ABOVE,
              "column": roles.INFERRED, "below": roles.INFERRED}


def _rate_gap(gap: str) -> bool:
    return _GAP.fullmatch(gap) is not None


def extract_rates(page: Page) -> list[Found]:
    scan = page.scan
    values = [m for m in _VALUE.finditer(scan)]
    if not values:
        return []
    labels = _LABELS.find(page)
    spans = [(m.start(), m.end()) for m in values]
    how: dict[int, str] = {}
    pairs = pair_labels(page, labels, spans, _rate_gap, how=how)
    # a label right after the value on its line: 24%年化, 0.05%/日 (日 alone is the period)
    starts = {lab.start: lab for lab in labels}
    for i, m in enumerate(values):
        if i in pairs:
            continue
        after = re.match(r"[ \t]*(?:\()?[ \t]*", scan[m.end():])
        lab = starts.get(m.end() + (after.end() if after else 0))
        if lab is not None and page.line_of(lab.start) == page.line_of(m.start()):
            pairs[i], how[i] = lab, "after"
    out: list[Found] = []
    for i, m in enumerate(values):
        label = pairs.get(i)
        period = _period(page, m.start(), m.end(), label)
        if label is None:
            # no rate label: only a period word right before it makes it a rate (每日万分之五,
            # 罚息按日0.05%), and it becomes the label; else it is a tax rate, a discount, a
            # progress bar
            words = _PERIOD_WORDS.search(scan, max(0, m.start() - 4), m.start())
            if words is None or not (m.group("frac") or _RATE_CONTEXT.search(
                    scan[slice(*page.line_span(page.line_of(m.start())))])):
                continue
            label = Label(words.start(), words.end(), period or "any")
        value = _percent(m)
        if value is None or value <= 0 or value >= 1000:
            continue
        confidence = CONFIDENCE.get(how.get(i, ""), roles.INFERRED)
        if i not in pairs:
            confidence = roles.INFERRED  # 每日万分之五: only the period word says what it is
        out.append(page.found(m.start(), m.end(), "rate", percent_text(value), label=label,
                              role=period, confidence=confidence, period=period,
                              raw=page.text[m.start():m.end()],
                              fraction=m.group("frac") or None))
    return out

"""Cross-checks between fields of one page, returned as fields of kind "check".

WeChat Pay and Alipay write the payment date into their transaction numbers (DOMAIN §3: WeChat's
28-digit 交易单号 at chars 11–18, Alipay's 28- and 32-digit 订单号 at chars 1–8; PDD's order
number starts with the order date). When that date is more than a day away from the payment
date shown on the same page (a day either side is allowed, for payments around midnight and
numbers issued at order time), the page was misread, edited, or pairs a number with the wrong
record: either way the user and a court should hear of it. Only disagreements are returned;
a page that agrees with itself says nothing.

Which scheme a number follows is decided by its label first (交易单号 → WeChat, 订单号 /
支付宝交易号 → Alipay), by its shape second.
"""

from __future__ import annotations

import re
from datetime import date

from evidence_vault.extract.dates import extract_dates
from evidence_vault.extract.ids import extract_ids, shape_of
from evidence_vault.extract.page import Found, Page, simplify

_WECHAT_LABEL = re.compile(r"交易单号|微信支付订单号")
_ALIPAY_LABEL = re.compile(r"订单号|交易号|交易订单号|支付宝交易号")


def _ymd(s: str) -> date | None:
    try:
        return date(int(s[0:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return None


def _embedded(found: Found) -> tuple[str, date] | None:
    """(scheme, date) carried inside an identifier, if it follows a dated scheme."""
    value = found.field.value
    label = simplify(re.sub(r"\s", "", found.field.label or ""))
    shape, _ = shape_of(value)
    wechat_label, alipay_label = _WECHAT_LABEL.search(label), _ALIPAY_LABEL.search(label)
    if re.fullmatch(r"\d{28}", value):
        # a label that names neither scheme (Transaction ID) leaves it to the shape
        if wechat_label or (not alipay_label and shape == "wechat_txn"):
            day = _ymd(value[10:18])
            return ("wechat", day) if day else None
        if alipay_label or shape == "alipay_trade":
            day = _ymd(value[:8])
            return ("alipay", day) if day else None
        return None
    if re.fullmatch(r"\d{32}", value) and (day := _ymd(value[:8])) and not wechat_label:
        return "alipay", day
    if shape == "pdd_order" and (day := _ymd("20" + value[:6])):
        return "pdd", day
    return None


def extract_checks(page: Page) -> list[Found]:
    dates = page.run(extract_dates)
    out: list[Found] = []
    for found in page.run(extract_ids):
        if found.field.kind not in ("transaction_no", "order_no", "merchant_order_no"):
            continue
        embedded = _embedded(found)
        if embedded is None:
            continue
        scheme, inside = embedded
        wanted = ("order",) if scheme == "pdd" else ("payment",)
        shown = [d for d in dates if d.field.role in wanted and not d.field.detail.get("ambiguous")]
        if not shown and scheme != "pdd":
            shown = [d for d in dates if d.field.role in ("order", "complete")
                     and not d.field.detail.get("ambiguous")]
        if not shown:
            continue
        days = [date.fromisoformat(d.field.value[:10]) for d in shown]
        apart = min(abs((inside - d).days) for d in days)
        if apart <= 1:
            continue
        nearest = min(days, key=lambda d: abs((inside - d).days))
        out.append(page.found(
            found.start, found.end, "check",
            "order_date_mismatch" if scheme == "pdd" else "txn_date_mismatch",
            confidence=0.8, identifier=found.field.value, identifier_kind=found.field.kind,
            scheme=scheme, date_in_identifier=inside.isoformat(),
            shown_date=nearest.isoformat(), days_apart=apart))
    return out

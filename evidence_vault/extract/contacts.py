"""Contacts and personal data: phone numbers, ID-card numbers, bank cards, credit codes, 工号.

These are what `--redact` must find and what a complaint must name, so each is checked by its own
rule, not by its shape alone: an ID card by its GB 11643 check digit and birth date
(stdnum.cn.ric), a bank card by Luhn, a 统一社会信用代码 by its GB 32100 check character
(stdnum.cn.uscc). A number that fails its check is not returned, whatever it looks like. Masked
numbers are kept as shown where the mask still identifies something: 138****5678 is a phone,
尾号1234 and 招商银行信用卡(1234) are the tail of a card; a masked ID card is not an ID card.

A digit run that an identifier label claimed (订单号 13812345678) belongs to that identifier.
"""

from __future__ import annotations

import re

from evidence_vault.extract.ids import extract_ids
from evidence_vault.extract.page import Found, Label, Page, words_pattern
from evidence_vault.extract.platforms import NAMES as PLATFORM_NAMES

_SLIPS = str.maketrans("OoQDlI|SB", "000011158")

_MOBILE = re.compile(r"(?<![\d+])(?:\+?\s?86\s?[-\s]?)?(?P<n>1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)")
_MOBILE_MASKED = re.compile(r"(?<![\d*])(?P<n>1[3-9]\d[*xX●•]{4}\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<![\d-])(?P<n>\(?0\d{2,3}\)?[\s-]\d{7,8}|0\d{2,3}\)\d{7,8})(?![\d-])")
_HOTLINE = re.compile(r"(?<![\d-])(?P<n>[48]00[\s-]?\d{3}[\s-]?\d{4})(?!\d)")
_SHORT_HOTLINE = re.compile(r"(?:电话|热线|拨打|致电|打了|来电|联系|客服|call|tel)\s*[:：(]?\s*"
                            r"(?P<n>(?:95|96)\d{3,4}|123\d{2}|10086|10010|10000)(?!\d)", re.I)
_PHONE_ROLE = [("service", re.compile(r"客服(?:电话|热线)|服务热线|官方电话|热线")),
               ("caller", re.compile(r"来电(?:号码)?|呼入|致电人|催收电话"))]

ID_LABEL = re.compile(r"(?:公民)?身份证(?:号码|号)?|证件号(?:码)?|ID\s*(?:card\s*)?no\.?", re.I)
_ID18 = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])"
                   r"(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
_ID_AFTER_LABEL = re.compile(r"\s*[:：]?\s*(?P<v>[0-9OoIlDQSB][0-9OoIlDQSB ]{16,22}[0-9XxOoIl])")

CARD_LABEL = re.compile(r"卡号|银行卡|储蓄卡|信用卡|借记卡|收款账号|付款账号|账号|银行账户|"
                        r"card\s*(?:no\.?|number)", re.I)
_CARD = re.compile(r"(?<![\d-])(?P<n>[1-9]\d{3}(?:[\s-]?\d{4}){2,3}(?:[\s-]?\d{1,3})?|"
                   r"[1-9]\d{15,18})(?![\d-])")
_CARD_BIN = re.compile(r"62|4|5[1-5]|3[47]|35|60|9[45]")
_TAIL = [
    re.compile(r"(?<!手机)(?<!电话)(?<!号码)(?<!手机号)尾号(?:为|是)?\s*[:：]?\s*(?P<t>\d{4})(?!\d)"),
    re.compile(r"(?:后四位|末四位|后4位|末4位)(?:为|是)?\s*[:：]?\s*(?P<t>\d{4})(?!\d)"),
    re.compile(r"(?:银行|信用卡|储蓄卡|借记卡|卡)\s*\(\s*(?P<t>\d{4})\s*\)"),
    re.compile(r"(?<![\d*])(?:\d{4}\s?)?(?:\*{4}\s?){2,3}(?P<t>\d{4})(?!\d)"),
    re.compile(r"(?<![A-Za-z])card\s*\(\s*(?P<t>\d{4})\s*\)", re.I),
    re.compile(r"(?<![A-Za-z])(?:ending|ends)\s+(?:in|with)\s+(?P<t>\d{4})(?!\d)", re.I),
]
_BANK_NEAR = re.compile(
    "(?:" + "|".join(sorted((a for name, aliases in PLATFORM_NAMES.items() if name.endswith("银行")
                            for a in aliases if not a.isascii()), key=len, reverse=True))
    + ")(?:信用卡|储蓄卡|借记卡)?|信用卡|储蓄卡|借记卡")

_USCC_LABEL = re.compile(r"统一社会信用代码|社会信用代码|信用代码|纳税人识别号|税号")
_USCC = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")

_STAFF_WORDS = ["客服工号", "客服编号", "员工编号", "员工号", "坐席号", "坐席工号", "坐席编号",
                "服务工号", "工号", "客服ID"]
_STAFF = re.compile(
    r"(?P<label>" + words_pattern(_STAFF_WORDS) + r"|(?<![A-Za-z])(?:agent|staff|employee|"
    r"operator)(?:\s*(?:id|no\.?|number))?)"
    r"\s*(?:是|为|is)?\s*[:：#]?\s*(?P<v>[A-Za-z]{0,3}\d[A-Za-z0-9]{1,11})(?![A-Za-z0-9])", re.I)
# 客服8217号为您服务, 售后客服KF2071为您服务: a service desk introducing itself by number
_STAFF_INTRO = re.compile(
    r"(?P<label>客服|专员|售后|坐席|小二)\s*(?P<v>[A-Za-z]{0,3}\d{3,8})\s*号?\s*"
    r"(?=(?:很高兴|竭诚|正在)?\s*为\s*(?:您|你)\s*服务)")


def label_before(page: Page, pos: int, pattern: re.Pattern[str], reach: int = 12) -> Label | None:
    """The nearest label of `pattern` shortly before `pos` on the same line (or the line above
    when the value starts its line)."""
    line = page.line_of(pos)
    start, _ = page.line_span(line)
    window_start = max(start, pos - reach)
    best = None
    for m in pattern.finditer(page.scan, window_start, pos):
        best = Label(m.start(), m.end(), m.group())
    if best is None and page.scan[start:pos].strip() == "" and line > 0:
        prev_start, prev_end = page.line_span(line - 1)
        for m in pattern.finditer(page.scan, prev_start, prev_end):
            best = Label(m.start(), m.end(), m.group())
    return best


def _valid_ric(number: str) -> bool:
    from stdnum.cn import ric  # stdnum modules cost ~35 ms to import: only when a shape fits

    return bool(ric.is_valid(number))


def _valid_luhn(number: str) -> bool:
    from stdnum import luhn

    return bool(luhn.is_valid(number))


def _valid_uscc(number: str) -> bool:
    from stdnum.cn import uscc

    return bool(uscc.is_valid(number))


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def extract_contacts(page: Page) -> list[Found]:
    scan = page.scan
    out: list[Found] = []
    taken = [(f.start, f.end) for f in page.run(extract_ids) if f.field.label]

    # ID cards first: an 18-digit number that passes the check is a person, not a card or code.
    for m in ID_LABEL.finditer(scan):
        v = _ID_AFTER_LABEL.match(scan, m.end())
        if not v:
            continue
        number = v.group("v").replace(" ", "").translate(_SLIPS).upper()
        if len(number) == 18 and _valid_ric(number) and not _overlaps(v.start("v"), v.end("v"),
                                                                       taken):
            out.append(page.found(v.start("v"), v.end("v"), "id_card", number,
                                  label=Label(m.start(), m.end(), "id"), confidence=0.95))
            taken.append((v.start("v"), v.end("v")))
    for m in _ID18.finditer(scan):
        number = m.group().upper()
        if not _overlaps(m.start(), m.end(), taken) and _valid_ric(number):
            out.append(page.found(m.start(), m.end(), "id_card", number, confidence=0.8))
            taken.append((m.start(), m.end()))

    for m in _USCC.finditer(scan):
        if _overlaps(m.start(), m.end(), taken) or not _valid_uscc(m.group()):
            continue
        label = label_before(page, m.start(), _USCC_LABEL, reach=16)
        out.append(page.found(m.start(), m.end(), "credit_code", m.group(), label=label,
                              confidence=0.95 if label else 0.75))
        taken.append((m.start(), m.end()))

    for m in _CARD.finditer(scan):
        number = re.sub(r"[\s-]", "", m.group("n"))
        if not 16 <= len(number) <= 19 or _overlaps(m.start(), m.end(), taken):
            continue
        if not _valid_luhn(number):
            continue
        label = label_before(page, m.start(), CARD_LABEL, reach=16)
        if label is None and not _CARD_BIN.match(number):
            continue
        out.append(page.found(m.start(), m.end(), "bank_card", number, label=label,
                              confidence=0.9 if label else 0.6))
        taken.append((m.start(), m.end()))

    for pattern in _TAIL:
        for m in pattern.finditer(scan):
            if _overlaps(m.start("t"), m.end("t"), taken):
                continue
            bank = None  # the bank or card named just before: 招商银行信用卡(1234)
            line_start = page.line_span(page.line_of(m.start()))[0]
            for b in _BANK_NEAR.finditer(scan, max(line_start, m.start() - 16), m.end()):
                if b.start() < m.start("t"):
                    bank = page.text[b.start():b.end()]
            out.append(page.found(m.start(), m.end("t"), "bank_card", m.group("t"), role="tail",
                                  confidence=0.8, bank=bank,
                                  masked=True if "*" in m.group() else None))
            taken.append((m.start(), m.end()))

    phones: list[tuple[re.Pattern[str], str]] = [
        (_MOBILE_MASKED, "mobile"), (_MOBILE, "mobile"), (_HOTLINE, "hotline"),
        (_LANDLINE, "landline"), (_SHORT_HOTLINE, "hotline")]
    for pattern, kind in phones:
        for m in pattern.finditer(scan):
            start, end = m.start("n"), m.end("n")
            if _overlaps(start, end, taken):
                continue
            shown = m.group("n")
            masked = not shown[0].isdigit() or any(c in shown for c in "*xX●•")
            value = shown if masked else re.sub(r"[\s()-]", "", shown)
            role = None
            for name, rp in _PHONE_ROLE:
                if label_before(page, start, rp, reach=10):
                    role = name
            out.append(page.found(m.start(), end, "phone", value,
                                  role="masked" if masked and role is None else role,
                                  confidence=0.9 if kind == "mobile" else 0.75,
                                  type=kind, masked=True if masked else None))
            taken.append((m.start(), end))

    for pattern, confidence in ((_STAFF, 0.9), (_STAFF_INTRO, 0.8)):
        for m in pattern.finditer(scan):
            if _overlaps(m.start("v"), m.end("v"), taken):
                continue
            label = Label(m.start("label"), m.end("label"), "staff")
            out.append(page.found(m.start("v"), m.end("v"), "staff_id", m.group("v"),
                                  label=label, confidence=confidence))
            taken.append((m.start("v"), m.end("v")))
    return out

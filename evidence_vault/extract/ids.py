"""Identifiers: order, transaction, merchant, refund, waybill, contract, serial and ticket numbers.

Label first, shape second. A label (订单编号, 交易单号, Order No.) says what a number is and how
far to trust its characters: after a label that promises digits, an O or an l inside the run can
only be a misread 0 or 1, and spaces inside the run are OCR's, not the platform's. The value may
sit at the far end of the row, on the next line (OCR reads a two-column page as a block of labels,
then a block of values), or be broken over two lines; all three are followed here.

Shapes alone (DOMAIN §3: WeChat's and Alipay's 28-digit numbers with a date inside, T200P +
Taobao order, 6-6 digit PDD orders, SF/YT/JT/JD waybills) are trusted less, and only the shapes
that an unrelated number is unlikely to have: a bare 18-digit run could be a card, an ID number or
an order, so it is left to the label or to the contacts extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from evidence_vault.extract.kinds import document_kind
from evidence_vault.extract.page import Found, Label, LabelTable, Page, is_blankish, pair_labels


@dataclass(frozen=True)
class _Spec:
    kind: str
    digits: bool  # the label promises a digit run: letters in it are OCR slips
    min_len: int
    max_len: int


_NO = r"\s*(?:no(?![a-z])\.?|nbr(?![a-z])\.?|number|num(?![a-z])\.?|id(?![a-z])|#)"

_SPEC: dict[str, _Spec] = {
    "order_zh": _Spec("order_no", True, 5, 40),
    "txn_zh": _Spec("transaction_no", True, 8, 40),
    "merchant_zh": _Spec("merchant_order_no", False, 4, 40),
    "refund_zh": _Spec("refund_no", True, 6, 40),
    "tracking_zh": _Spec("tracking_no", False, 8, 30),
    "contract_zh": _Spec("contract_no", False, 5, 40),
    "serial_zh": _Spec("serial_no", False, 4, 40),
    "ticket_zh": _Spec("ticket_no", False, 4, 40),
    "order_en": _Spec("order_no", False, 4, 40),
    "merchant_en": _Spec("merchant_order_no", False, 4, 40),
    "txn_en": _Spec("transaction_no", False, 6, 40),
    "refund_en": _Spec("refund_no", False, 6, 40),
    "tracking_en": _Spec("tracking_no", False, 8, 30),
    "contract_en": _Spec("contract_no", False, 5, 40),
    "serial_en": _Spec("serial_no", False, 4, 40),
    "ticket_en": _Spec("ticket_no", False, 4, 40),
}

# Chinese labels are matched on simplified text, so one list serves both scripts.
_LABELS = LabelTable({
    "order_zh": ["订单编号", "订单号码", "订单号", "订单编码", "子订单号", "主订单号", "父订单号",
                 "订单ID"],
    "txn_zh": ["微信支付订单号", "支付宝交易号", "交易订单号", "交易单号", "交易号码", "交易号",
               "支付单号", "支付订单号", "转账单号", "付款单号", "收款单号"],
    "merchant_zh": ["商户单号", "商户订单号", "商家订单号", "商家单号", "商户交易号"],
    "refund_zh": ["退款编号", "退款单号", "退款号", "退款流水号", "退款订单号"],
    "tracking_zh": ["运单号码", "运单编号", "运单号", "快递单号码", "快递单号", "物流单号", "物流编号",
                    "快递编号", "包裹单号", "退货单号", "物流运单号"],
    "contract_zh": ["借款合同编号", "借款合同号", "合同编号", "合同号", "借据编号", "借据号", "借款编号",
                    "贷款编号", "协议编号", "合同编码"],
    "serial_zh": ["交易流水号", "业务流水号", "支付流水号", "流水号", "凭证号", "回单编号", "交易序号",
                  "交易参考号", "检索参考号", "参考号", "电子回单号", "发票号码"],
    "ticket_zh": ["工单号", "工单编号", "投诉单号", "投诉编号", "服务单号", "服务单编号", "售后单号",
                  "售后编号", "受理编号", "受理单号", "举报编号", "申诉单号", "投诉工单号"],
}, {
    "order_en": r"order" + _NO + r"|order(?=[ \t]+\d{6,})",  # "my order 281947365021"
    # also a label cut short by the screen or by OCR: "Transaction N4200…", "Merchant Orde…"
    "txn_en": r"(?:transaction|txn|trans\.?)" + _NO + r"|transaction\s*no?(?=\s?\d)",
    "merchant_en": r"merchant\s*(?:ord(?:er?)?|trade)(?:\s*(?:no(?![a-z])|number|id(?![a-z]))\.?)?",
    "refund_en": r"refund" + _NO,
    "tracking_en": r"(?:tracking|waybill|awb|consignment)" + _NO,
    "contract_en": r"(?:contract|loan|agreement)" + _NO,
    "serial_en": r"(?:invoice|receipt|bill|inv\.?|rcpt\.?|doc|document|reference|ref\.?|serial|"
                 r"trace|cheque|voucher|refer)" + _NO
                 # an invoice's or receipt's own number: "No 02995607" or "№ 0012345" opening a line
                 + r"|(?:(?<=\n)|^)[ \t]*(?:no|№)\.?(?=[ \t]*:?[ \t]*\d{6,})",
    "ticket_en": r"(?:ticket|case|complaint)" + _NO,
}, word_end=False)

# Letters OCR reads for digits, and the digits they stand for (used after a digit label).
_SLIP_DIGITS = str.maketrans("OoQDlIi|SsBZzGbgq", "00001111558226699")
_SLIP_LETTERS = set("OoQDlIi|SsBZzGbgq")

_UI = r"(?:点击)?复制|查看|详情|copy|COPY|Copy|>|〉|›|»"
# words with which customer service asks for a number that the user then sends on its own
_ASKED = re.compile(r"(?:请|麻烦|劳烦)?(?:提供|发送|发一下|告诉|告知|输入|报一下)[^\n]{0,8}$|"
                    r"(?:please\s+)?(?:provide|send|share|give)\b[^\n]{0,20}$", re.I)
_LEAD = re.compile(r"[\s:;=#|]*(?:[(（][A-Za-z][A-Za-z .&/-]{0,30}[)）][\s:;=#|]*)?"
                   r"(?:(?:是|为)\s*[:]?\s*)?(?:[(\[]?(?:" + _UI + r")[)\]]?\s*(?=\w))?")
_PART = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_*@|]|-+(?=[A-Za-z0-9]))*")
_JOIN = re.compile(r" {1,2}([0-9OoQDlISsBZz|]{2,})(?![-:./]?\d|[件个元块天期次笔])")
_TAIL_UI = re.compile(r"(?:" + _UI + r")+$")
# what may follow a label or value at the end of its line: UI words, and the particles a chat
# message ends with (请提供一下订单编号哦)
_REST_OF_LINE_UI = re.compile(r"[\s:;>|]*(?:(?:" + _UI + r")[\s>|]*)*[哦呢吧啊呀哈嘛~!！。.,，?？]*\s*")

DATE8 = r"20\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_WAYBILLS: list[tuple[str, str, re.Pattern[str]]] = [
    ("sf", "tracking_no", re.compile(r"(?<![A-Za-z0-9])SF\d{12,13}(?!\d)")),
    ("yto", "tracking_no", re.compile(r"(?<![A-Za-z0-9])YT\d{13}(?!\d)")),
    ("jt", "tracking_no", re.compile(r"(?<![A-Za-z0-9])JT\d{13}(?!\d)")),
    ("jd_waybill", "tracking_no", re.compile(r"(?<![A-Za-z0-9])JD[A-Z0-9]{2}\d{11}(?!\d)")),
    ("ems_intl", "tracking_no", re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{9}CN(?![A-Za-z0-9])")),
]
_SHAPES: list[tuple[str, str, re.Pattern[str]]] = [
    # (shape, kind, pattern) for the shape-only pass, strongest first
    ("taobao_merchant", "merchant_order_no", re.compile(r"(?<![A-Za-z0-9])T200P\d{15,20}(?!\d)")),
    ("alipay_32", "transaction_no", re.compile(rf"(?<![\dA-Za-z]){DATE8}\d{{24}}(?!\d)")),
    ("txn_28", "transaction_no", re.compile(r"(?<![\dA-Za-z])\d{28}(?!\d)")),
    ("pdd_order", "order_no",
     re.compile(r"(?<![\d-])\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d{15}(?!\d)")),
    *_WAYBILLS,
]


def _ymd(s: str) -> date | None:
    try:
        return date(int(s[0:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return None


def shape_of(value: str) -> tuple[str | None, date | None]:
    """The known shape of an identifier and the date it carries, if any (DOMAIN §3)."""
    if re.fullmatch(r"\d{28}", value):
        head, mid = _ymd(value[:8]), _ymd(value[10:18])
        if head and value[8:12] in ("2100", "2200"):
            return "alipay_trade", head
        if mid and value[:2] in ("42", "10", "12", "13", "40"):
            return "wechat_txn", mid
        if mid and not head:
            return "wechat_txn", mid
        if head and not mid:
            return "alipay_trade", head
        return ("txn_28", None) if not (head or mid) else ("wechat_txn", mid)
    if re.fullmatch(r"\d{32}", value) and (head := _ymd(value[:8])):
        return ("alipay_order_32" if value[8:20] == "200040011100" else "alipay_32"), head
    if re.fullmatch(r"T200P\d{15,20}", value):
        return "taobao_merchant", None
    if m := re.fullmatch(r"(\d{6})-\d{15}", value):
        return "pdd_order", _ymd("20" + m.group(1))
    for shape, _kind, pattern in _WAYBILLS:
        if pattern.fullmatch(value):
            return shape, None
    if re.fullmatch(r"\d{18,19}", value):
        return "taobao_order", None
    return None, None


_STRONG = {"alipay_trade", "wechat_txn", "alipay_order_32", "alipay_32", "taobao_merchant",
           "pdd_order", "sf", "yto", "jt", "jd_waybill", "ems_intl"}
_FITS = {  # shapes that agree with what a label says
    "transaction_no": {"alipay_trade", "wechat_txn", "alipay_order_32", "alipay_32"},
    "order_no": {"alipay_trade", "alipay_order_32", "alipay_32", "pdd_order", "taobao_order"},
    "merchant_order_no": {"taobao_merchant"},
    "tracking_no": {"sf", "yto", "jt", "jd_waybill", "ems_intl"},
}


def _is_pdd_page(page: Page) -> bool:
    return page.has("拼多多|多多支付|拼单") or (page.app or "").find("拼多多") >= 0


@dataclass
class _Read:
    start: int
    end: int
    value: str
    slips: bool = False
    joined: bool = False


def _read_value(page: Page, pos: int, spec: _Spec) -> _Read | None:
    """The identifier that starts at (or just after the separator after) `pos` on this line."""
    line_end = page.line_span(page.line_of(pos))[1]
    scan = page.scan
    lead = _LEAD.match(scan, pos, line_end)
    start = lead.end() if lead else pos
    first = _PART.match(scan, start, line_end)
    if not first:
        return None
    end = first.end()
    token = first.group()
    all_digitish = set(token) <= set("0123456789") | _SLIP_LETTERS
    while len(token) < spec.max_len and (spec.digits or all_digitish) and token[-1:].isdigit():
        more = _JOIN.match(scan, end, line_end)
        if not more:
            break
        token += more.group(1)
        end = more.end()
    return _clean(page, start, end, token, spec)


# a number shown masked (订单号：167XXX, 4200****1234): no longer an identifier anyone can use
_MASKED = re.compile(r"\*{2,}|(?<=\d)[Xx]{3,}|[Xx]{3,}(?=\d)|[Xx]{4,}")


def _clean(page: Page, start: int, end: int, token: str, spec: _Spec) -> _Read | None:
    if _MASKED.search(token):
        return None
    tail = _TAIL_UI.search(token)
    if tail and tail.start() > 0 and token[tail.start() - 1].isdigit():
        token = token[:tail.start()]
    token = re.sub(r"-{2,}", "-", token.strip("-_|*"))
    slips = False
    core = token.replace("-", "")
    if spec.digits and set(core) <= set("0123456789") | _SLIP_LETTERS:
        digits = sum(c.isdigit() for c in core)
        if digits >= 4 and len(core) - digits <= max(2, digits // 3):
            fixed = token.translate(_SLIP_DIGITS)
            slips = fixed != token
            token = fixed
    if (spec.kind == "order_no" and re.fullmatch(r"\d{21}", token) and _is_pdd_page(page)
            and _ymd("20" + token[:6])):
        token = token[:6] + "-" + token[6:]  # PDD's dash, dropped by OCR
    if not spec.min_len <= len(token) <= spec.max_len:
        return None
    if sum(c.isdigit() for c in token) < 3:
        return None
    if re.fullmatch(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4}", token):
        return None  # a date read after a label, not an identifier
    return _Read(start, end, token, slips=slips)


def _join_next_line(page: Page, read: _Read, spec: _Spec) -> _Read:
    """An identifier cut in two by the OCR line break (a narrow bubble, a long number at the
    screen's edge): a run that ends its line, followed by a line of digits alone, joined when the
    whole is a better fit than the first part.
    """
    value = read.value
    if len(value) < 6 or not value[-1].isdigit():
        return read
    line = page.line_of(read.end - 1)
    _, line_end = page.line_span(line)
    if not _REST_OF_LINE_UI.fullmatch(page.scan, read.end, line_end) or line + 1 >= page.line_count:
        return read
    next_start, next_end = page.line_span(line + 1)
    nxt = re.fullmatch(r"\s*(\d{2,}(?: \d+)*)\s*(?:(?:" + _UI + r")\s*)*",
                       page.scan[next_start:next_end])
    if not nxt:
        return read
    tail = nxt.group(1).replace(" ", "")
    joined = value + tail
    if len(joined) > spec.max_len:
        return read
    before, _ = shape_of(value)
    after, _ = shape_of(joined)
    short = {"transaction_no": 28, "order_no": 15, "refund_no": 12}.get(spec.kind, 8)
    if after in _STRONG and before not in _STRONG:
        pass  # the whole is a known shape, the part is not
    elif spec.digits and value.isdigit() and len(tail) >= 3:
        if not (len(value) < short and before not in _STRONG
                and len(joined) <= {"order_no": 20}.get(spec.kind, spec.max_len)):
            return read
    elif not (not spec.digits and len(value) >= 16 and len(tail) <= 8):
        return read  # a free-form number long enough to have reached the edge of the screen
    return _Read(read.start, next_start + nxt.end(1), joined, read.slips, joined=True)


_STANDALONE = re.compile(r"\s*((?:[A-Za-z0-9](?:[A-Za-z0-9_*@|]|-+(?=[A-Za-z0-9]))*)"
                         r"(?: {1,2}[0-9]+)*)\s*(?:(?:" + _UI + r")\s*)*")


def _to_field(page: Page, read: _Read, spec: _Spec, label: Label | None, *,
              confidence: float, **detail: Any) -> Found:
    value, kind = read.value, spec.kind
    shape, embedded = shape_of(value)
    extra: dict[str, Any] = {}
    if shape == "taobao_merchant":
        kind = "merchant_order_no"
        extra["taobao_order"] = value[5:]
    elif kind == "order_no" and shape in ("alipay_trade", "alipay_order_32", "alipay_32"):
        kind = "transaction_no"  # Alipay prints its trade number under 订单号
        extra["label_kind"] = "order_no"
    if shape and shape in _FITS.get(kind, ()) and confidence >= 0.9:
        confidence = 0.95
    if read.slips:
        confidence -= 0.05
        extra["ocr_repaired"] = True
    if read.joined:
        extra["joined_lines"] = True
        confidence = min(confidence, 0.85)
    return page.found(read.start, read.end, kind, value, label=label, confidence=confidence,
                      shape=shape, date=embedded.isoformat() if embedded else None,
                      **extra, **detail)


def _plausible(token: str) -> bool:
    return (len(token) >= 6 and sum(c.isdigit() for c in token) >= 4
            and not re.fullmatch(r"\d{2,4}-\d{1,2}-\d{1,4}", token))


def extract_ids(page: Page) -> list[Found]:
    labels = _LABELS.find(page)
    out: list[Found] = []
    alone: list[Label] = []
    for label in labels:
        spec = _SPEC[label.key]
        read = _read_value(page, label.end, spec)
        if read is not None:
            read = _join_next_line(page, read, spec)
            out.append(_to_field(page, read, spec, label, confidence=0.9))
            continue
        line = page.line_of(label.end - 1)
        _, line_end = page.line_span(line)
        if not _REST_OF_LINE_UI.fullmatch(page.scan, label.end, line_end):
            continue
        line_start = page.line_span(page.line_of(label.start))[0]
        if is_blankish(page.scan[line_start:label.start]):
            alone.append(label)  # a column of labels: paired below
        elif line + 1 < page.line_count:
            # a chat bubble wrapped after the label: the value starts the next line
            next_start, _ = page.line_span(line + 1)
            read = _read_value(page, next_start, spec)
            if read is not None and not page.scan[next_start:read.start].strip():
                read = _join_next_line(page, read, spec)
                out.append(_to_field(page, read, spec, label, confidence=0.85, next_line=True))

    # A label the agent asked for ("请提供您的借款合同编号") is answered in a later bubble: the
    # first line within the next three that is nothing but an identifier.
    taken = [(f.start, f.end) for f in out]
    for label in labels:
        line = page.line_of(label.end - 1)
        line_start, _ = page.line_span(page.line_of(label.start))
        if not _ASKED.search(page.scan[line_start:label.start]) or any(
                s <= label.end <= e + 40 and page.line_of(s) <= line + 1 for s, e in taken):
            continue
        for nxt in range(line + 1, min(page.line_count, line + 4)):
            start, end = page.line_span(nxt)
            m = _STANDALONE.fullmatch(page.scan, start, end)
            if not (m and _plausible(m.group(1)) and sum(c.isdigit() for c in m.group(1)) >= 6):
                continue
            if any(s < end and start < e for s, e in taken):
                break
            spec = _SPEC[label.key]
            read = _clean(page, m.start(1), m.end(1), m.group(1).split(" ")[0], spec)
            if read:
                out.append(_to_field(page, read, spec, label, confidence=0.6, next_line=True))
                taken.append((m.start(1), m.end(1)))
            break

    # Labels alone on their line take the identifiers that stand alone on the following lines.
    taken = [(f.start, f.end) for f in out]
    standalone: list[tuple[int, int]] = []
    for line in range(page.line_count):
        start, end = page.line_span(line)
        m = _STANDALONE.fullmatch(page.scan, start, end)
        if m and _plausible(m.group(1)) and not any(s < end and start < e for s, e in taken):
            standalone.append((m.start(1), m.end(1)))
    rest_ok = lambda gap: _REST_OF_LINE_UI.fullmatch(gap) is not None  # noqa: E731
    pairs = pair_labels(page, alone, standalone, rest_ok, rest_ok=rest_ok)
    for index, label in pairs.items():
        spec = _SPEC[label.key]
        start, end = standalone[index]
        token = page.scan[start:end]
        all_digits = re.fullmatch(r"[0-9 ]+", token) is not None
        read = _clean(page, start, end, token.replace(" ", "") if all_digits or spec.digits
                      else token.split(" ")[0], spec)
        if read:
            read = _join_next_line(page, read, spec)
            out.append(_to_field(page, read, spec, label, confidence=0.85, next_line=True))

    # Shapes alone, where no label claimed the span.
    taken = [(f.start, f.end) for f in out]
    for shape, kind, pattern in _SHAPES:
        for m in pattern.finditer(page.scan):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            value = m.group()
            found_shape, embedded = shape_of(value)
            if shape in ("alipay_32", "txn_28") and found_shape not in _STRONG:
                continue
            if shape == "pdd_order" and not embedded:
                continue
            strict = (found_shape == "alipay_trade" or found_shape == "alipay_order_32"
                      or (found_shape == "wechat_txn" and value.startswith("4200")))
            confidence = {"taobao_merchant": 0.8, "pdd_order": 0.65}.get(
                shape, 0.7 if strict else 0.55 if kind == "transaction_no" else 0.6)
            extra: dict[str, Any] = {}
            if shape == "taobao_merchant":
                extra["taobao_order"] = value[5:]
            out.append(page.found(m.start(), m.end(), kind, value, confidence=confidence,
                                  shape=found_shape, by="shape",
                                  date=embedded.isoformat() if embedded else None, **extra))
            taken.append((m.start(), m.end()))
    return out + _mentioned(page, out)


# A number a chat mentions with no label of its own: in a sentence about an order (另一单
# 2959…也是一样, 这单, 那笔), or of the same shape as an identifier the page labels (a second
# order number of the same length and prefix). Never on a receipt, an invoice, a bank form or a
# ticket, whose other numbers are accounts, codes and serials; never a number of another
# kind's shape (a mobile number, a valid ID-card or bank-card number, a compact date).
_RUN = re.compile(r"(?<![A-Za-z0-9])(?P<v>[A-Z]{0,4}\d{10,30})(?![A-Za-z0-9]|[.,]\d)")
_ORDER_WORDS = re.compile(r"(?:(?:另|这|那|上|下|前|后|每|哪)一?|[两几三四五]|第\s*[一二三四五\d]\s*)"
                          r"(?:单|笔|个订单|张订单)|订单|单子")
_NOT_HERE = {"receipt", "invoice", "bank_receipt", "ticket"}


def _other_kind(value: str) -> bool:
    """A number that has another kind's shape: a mobile number, an ID-card or bank-card number
    that passes its check, a landline with its area code, a compact date or time stamp."""
    from stdnum import luhn
    from stdnum.cn import ric

    if re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", value):
        return True
    if len(value) == 18 and ric.is_valid(value):
        return True
    if 16 <= len(value) <= 19 and value[0] in "3456" and luhn.is_valid(value):
        return True
    return bool(len(value) in (12, 14) and _ymd(value[:8]) and int(value[8:10]) < 24
                and int(value[10:12]) < 60)


def _signature(value: str) -> tuple[str, int] | None:
    m = re.fullmatch(r"([A-Z]{0,4})(\d{10,30})", value)
    return (m.group(1), len(m.group(2))) if m else None


def _mentioned(page: Page, found: list[Found]) -> list[Found]:
    if document_kind(page) in _NOT_HERE:
        return []
    taken = [(f.start, f.end) for f in found]
    like = {sig: f for f in found if f.field.label and (sig := _signature(f.field.value))}
    out: list[Found] = []
    for m in _RUN.finditer(page.scan):
        start, end, value = m.start("v"), m.end("v"), m.group("v")
        if any(s < end and start < e for s, e in taken) or _other_kind(value):
            continue
        line_start, _ = page.line_span(page.line_of(start))
        before = page.simp[max(line_start, start - 12):start]
        if page.simp[line_start:start].strip() == "" and page.line_of(start) > 0:
            prev_start, prev_end = page.line_span(page.line_of(start) - 1)
            before = page.simp[max(prev_start, prev_end - 12):prev_end]
        sig = _signature(value)
        if sig in like:
            model = like[sig].field
            out.append(page.found(start, end, model.kind, value, confidence=0.6, by="like",
                                  like=model.value))
        elif _ORDER_WORDS.search(before) and value.isdigit():
            out.append(page.found(start, end, "order_no", value, confidence=0.6, by="context"))
        else:
            continue
        taken.append((start, end))
    return out

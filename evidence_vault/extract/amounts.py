"""Amounts of money, with the role their label gives them (paid, refund, principal, total, ...).

A number is money when it says so (¥, RMB, 元, 块, $, RM, 大写 numerals) or when a money label
introduces it (实付款 1280, TOTAL 80.90). Everything else with digits (rates, quantities, days,
phone numbers, identifiers, dates) stays out, which is why a bare number is read only right after
a label, or as the one headline line of a payment page (-1,280.00 alone on a line), and never
where a %/天/期/件 follows it or a rate label (年化利率, APR) precedes it.

Labels give the role (named in roles.py), whether they come before the amount, on the line above
or below it (OCR puts a right-aligned amount a pixel above its label), or just after it
("¥1,021.35 已还"). The document's structure settles what a label alone cannot:

- an invoice: 价税合计 (its 大写 and （小写） forms) is what was paid; 合计 beside it is the total
  before tax, and the amount that adds to it to make 价税合计 is the tax, whatever column OCR
  put it in (合计 + 税额 = 价税合计 is checked, and a 税额 that does not add up loses its role);
- elsewhere 合计 is the total when the page also shows what was paid, else it is what was paid;
- a loan: 本金/应还本金 inside a repayment plan or an instalment (本期, 每期, 第3期) is that
  instalment's principal, never the loan's; 借款金额, 借款本金 are the loan's;
- a card bill: 应还, 本期应还, 最低还款额 are due, never paid, and its list of transactions has
  no headline; a payment page's lone signed headline is what was paid (or refunded);
- what someone says in a chat (我付了200块) or promises (3个工作日内原路退回1280元) is a claim, and a
  note's text is the user's own account: their roles are kept but not sure.

Each amount's confidence says how sure its role is (roles.py): its label on the same line or in
the cell just above is sure; a pairing inferred from the layout, a settled 合计, a claim is not.
The sign gives only a hint (DOMAIN §4: a refund shows + or a 退款 status). Values are plain
two-place decimals; the sign and currency, when shown, are kept in detail.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from evidence_vault.extract import roles
from evidence_vault.extract.ids import extract_ids
from evidence_vault.extract.page import (
    Found,
    Label,
    LabelTable,
    Page,
    leftmost_longest,
    pair_labels,
    rest_is_blank,
    simplify,
)
from evidence_vault.extract.promises import extract_promises

# -- labels ----------------------------------------------------------------------------------

# A label followed by one of these is the label of something else (退款编号, 支付时间, 余额宝).
_NOT_MONEY_TAIL = (r"(?!编号|单号|号|时间|日期|日|方式|原因|状态|说明|账户|账号|类型|进度|期限|"
                   r"天数|期数|笔数|次数|利率|比例|渠道|失败|中|凭证|记录|详情|人(?!\s*民\s*币)|方|银行|卡|宝|者|合同|计划|"
                   r"通知|提醒|申请|流程|规则|政策|入口|功能|页面|按钮|密码|码)")

_ZH: dict[str, list[str]] = {
    "paid": ["实付款", "实付金额", "实付", "实际支付", "实际付款", "支付金额", "付款金额", "订单金额",
             "需付款", "实收", "实收金额", "已付款", "已支付", "支出", "消费", "扣款金额", "扣款", "交易金额",
             "付款", "支付", "转账金额", "转出", "实缴", "付了", "花了", "花费", "支付了",
             "价税合计", "含税金额", "含税总额"],
    "sum": ["合计", "总计", "合计金额"],  # paid, or the total before a paid line: see _settle_sums
    "received": ["收入", "收款金额", "存入", "转入"],
    "total": ["商品总额", "商品总价", "订单总额", "订单总价", "总金额", "总额", "总价",
              "应付款", "应付金额", "应付", "商品金额", "应付总额"],
    "subtotal": ["不含税金额", "不含税合计", "小计"],
    "tax": ["税额", "税金", "增值税额", "合计税额", "税额合计"],
    # (小写)¥1280.00, (大写)壹仟贰佰捌拾圆整: the amount of the label before them, in other words
    "continued": ["小写", "大写"],
    "discount": ["优惠", "店铺优惠", "平台优惠", "优惠券", "红包", "立减", "满减", "折扣", "抵扣",
                 "优惠金额", "减免", "已优惠", "共减", "补贴", "百亿补贴", "津贴"],
    "shipping": ["运费", "配送费", "邮费", "快递费"],
    "refund": ["退款金额", "退款", "退款成功", "已退款", "退回金额", "原路退回", "退款总额",
               "退还金额", "退回", "已退", "退还", "退了", "已退回", "退给", "退款总金额",
               "退款合计", "退款总计", "实退金额", "实退"],
    # 金额 alone: what the document's transaction is (消费/SALE → paid), see _settle_generic
    "generic": ["金额"],
    "principal": ["借款金额", "借款本金", "放款金额", "贷款金额", "借款", "申请金额", "借了",
                  "合同金额", "贷款本金", "借款总额"],
    # the loan's principal, or one instalment's: settled by the page (see _settle_principal)
    "principal_part": ["本金", "应还本金", "待还本金", "剩余本金"],
    "instalment_principal": ["本期本金", "当期本金", "每期本金", "本期应还本金", "当期应还本金",
                             "每期应还本金", "月供本金"],
    "limit": ["可用额度", "总额度", "信用额度", "额度"],
    "disbursed": ["到账金额", "实际到账", "实到金额", "到账", "入账金额", "实际放款"],
    "due": ["应还金额", "本期应还", "应还总额", "待还金额", "剩余应还", "应还", "待还",
            "应还款额", "本月应还", "账单金额", "应还本息", "本期应还金额", "本期账单金额",
            "每期应还", "月供", "每期还款", "本期账单", "新欠金额", "应缴金额", "本期欠款"],
    "minimum_due": ["最低还款额", "最低还款", "最低应还", "最低还款金额", "最低应还金额"],
    "repaid": ["已还金额", "还款金额", "已还本金", "已还", "已还款", "本次还款", "还款"],
    "overdue": ["逾期金额", "逾期本金", "逾期应还", "逾期未还", "已逾期"],
    "penalty": ["罚息", "逾期利息", "违约金", "滞纳金", "逾期费", "催收费", "逾期管理费"],
    "fee": ["担保费", "服务费", "会员费", "手续费", "管理费", "咨询费", "保险费", "技术服务费",
            "平台服务费", "权益费", "审核费", "砍头息", "打包费", "包装费", "餐盒费"],
    "interest": ["利息", "总利息", "应还利息"],
    "balance": ["余额", "可用余额", "账户余额", "零钱余额"],
    "price": ["单价", "售价", "价格", "原价"],
    "rate": ["年化利率", "年利率", "日利率", "月利率", "综合年化", "年化", "利率", "费率", "日息",
             "月息", "年化收益", "万分之", "千分之"],
    "count": ["数量", "件数", "笔数", "期数", "天数"],
}

_EN: dict[str, str] = {
    "subtotal": r"sub\s*-?\s*total|total\s+(?:excl\w*\.?|excluding|before)"
                r"(?:\s+(?:of\s+)?(?:gst|sst|tax|vat|discount))?",
    "tax": r"(?:total\s+)?(?:gst|sst|vat|tax|service\s+tax)(?:\s+(?:amount|amt|payable|total))?"
           r"(?:\s*(?:@|\()?\s*\d+(?:\.\d+)?\s*%\)?)?",
    "rounding": r"round(?:ing)?(?:\s*(?:adj(?:ustment)?|amt|amount)\.?)?",
    # a grand total is what was paid unless the page shows a payment: it settles like 合计
    "sum": r"grand\s+total|net+\s+total|total\s+(?:amount|amt|sales?|payable|incl\w*\.?|"
           r"inclusive|rounded|due|price|bill)(?:\s+(?:of\s+)?(?:gst|sst|tax|vat|payable|"
           r"due|amount))*|amount\s+payable|total\s+to\s+pay|total",
    "due": r"amount\s+due|balance\s+due|minimum\s+payment",
    "paid": r"amount\s+paid|paid(?:\s+amount)?|payment|tendered|visa|master\s*card|"
            r"credit\s+card|debit\s+card|e-?wallet",
    "cash": r"cash(?:\s+(?:tendered|paid|received))?",
    "change": r"change(?:\s+due)?",
    "discount": r"discount|disc\.|voucher|coupon|promo(?:tion)?",
    "refund": r"refund(?:ed)?(?:\s+amount)?",
    "balance": r"balance|bal\.",
    "fee": r"service\s+charge|svc\.?\s*chg|(?:delivery|handling|service|late)\s+fee|fee",
    "shipping": r"shipping|postage",
    "count": r"total\s+(?:qty|quantity|items?|pcs|units?|no\.?\s+of\s+items?)|qty|quantity|"
             r"items?|pcs",
    "rate": r"apr|interest\s+rate|rate",
}

#: labels of speech, not of a record: a chat's 我付了200块 is a claim (roles.SAID)
_SAID = {"付了", "花了", "花费", "支付了", "退了", "退给", "借了"}

_LABELS = LabelTable({f"zh:{k}": v for k, v in _ZH.items()},
                     {f"en:{k}": v for k, v in _EN.items()}, tail=_NOT_MONEY_TAIL)

_NOT_A_ROLE = {"rate", "count"}

# -- numbers ---------------------------------------------------------------------------------

# 1,280.00; 1 280.00; 1280,00 (a comma read for the point); 1.280.00 (a point read for the comma)
_NUM = (r"(?:\d{1,3}(?:,{1,2}\d{3})+(?:\.\d{1,2})?|\d{1,3}(?: \d{3})+\.\d{2}"
        r"|\d{1,3}(?:\.\d{3})+\.\d{2}(?![\d.])|\d+,\d{2}(?![\d,])|\d+(?:\.\d{1,2})?)")
_START = r"(?<![\d.,])"
_STOP = r"(?!\d|[.,:/]\d)"
_UNIT_AFTER = re.compile(r"[ \t]*(?:%|‰|天|日|期|个|件|次|笔|人|年|月|号|小时|分钟|秒|折|倍|位|周|"
                         r"[xX×]|kg|KG|ml|公斤|斤|份|台|张|条|盒|瓶|包|箱|岁|米)")
_PREFIX = r"(?:¥|RMB|CNY|人民币|[A-Z]{1,3}\$|\$|USD|MYR|RM|EUR|€|GBP|£)"
_MULT = r"(?:万|亿|[wW](?![A-Za-z]))"
_SUFFIX = (r"(?:元整|元|圆|块钱|块(?=钱|[^\u4e00-\u9fff]|[的了吧啊呢吗哦呀哈]|$)|人民币|RMB|CNY|"
           r"USD|MYR)")

_PREFIXED = re.compile(
    rf"(?P<sign>[-+])?[ \t]*(?<![A-Za-z])(?P<cur>{_PREFIX})[ \t]*:?[ \t]*(?P<sign2>[-+])?[ \t]*"
    rf"{_START}(?P<num>{_NUM}){_STOP}[ \t]*(?P<mult>{_MULT})?(?:[ \t]*(?:元整|元|圆))?")
_SUFFIXED = re.compile(
    rf"(?P<sign>[-+])?{_START}(?P<num>{_NUM}){_STOP}[ \t]*(?P<mult>万|亿)?[ \t]*"
    rf"(?:(?P<cur>{_SUFFIX})|\n[ \t]*(?P<cur2>元)(?=[，。,.;；、!！)\s]|$))")
_DAXIE_DIGIT = "零壹贰叁肆伍陆柒捌玖"
_DAXIE = re.compile(
    rf"(?:(?:人民币|RMB)[ \t]*)?(?:[{_DAXIE_DIGIT}拾][{_DAXIE_DIGIT}拾佰仟万亿两参〇]*[元圆]"
    rf"(?:[{_DAXIE_DIGIT}]角)?(?:[{_DAXIE_DIGIT}]分)?(?:整|正)?"
    rf"|[{_DAXIE_DIGIT}]角(?:[{_DAXIE_DIGIT}]分)?)")
_CN_LOWER = re.compile(
    r"(?<![零一二两三四五六七八九十百千万亿第])(?P<cn>[一二两三四五六七八九十][零一二两三四五六七八九十百千万亿]*"
    r"(?:点[零一二三四五六七八九]+)?)(?P<cur>元|块钱|块(?=[^\u4e00-\u9fff]|$))")
_BARE_AFTER_LABEL = re.compile(
    rf"[ \t:=]*(?:\([^()\d\n]{{0,24}}\))?[ \t:=]*(?P<cur>[Yy¥半羊](?=[ \t]*\d))?[ \t]*"
    rf"(?P<sign>[-+])?[ \t]*{_START}(?P<num>{_NUM}){_STOP}[ \t]*(?P<mult>{_MULT})?")
_LINE_ONLY = re.compile(
    r"\s*(?P<sign>[-+])?\s*(?P<cur>¥)?\s*(?P<num>\d{1,3}(?:,\d{3})+\.\d{2}|\d+\.\d{2})"
    r"\s*(?:元)?\s*")
_PAYMENT_PAGE = re.compile(r"支付时间|创建时间|交易单号|付款方式|支付方式|当前状态|交易成功|支付成功|"
                           r"账单详情|收款方|商户全称|退款方式|订单号")


_CURRENCY = {"RM": "MYR", "MYR": "MYR", "$": "USD", "US$": "USD", "USD": "USD", "€": "EUR",
             "EUR": "EUR", "£": "GBP", "GBP": "GBP", "HK$": "HKD", "S$": "SGD", "NT$": "TWD",
             "A$": "AUD", "C$": "CAD", "NZ$": "NZD"}  # else CNY


class _Cand:
    __slots__ = ("start", "end", "value", "sign", "cur", "form")

    def __init__(self, start: int, end: int, value: Decimal, sign: str | None, cur: str | None,
                 form: str) -> None:
        self.start, self.end, self.value = start, end, value
        self.sign, self.cur, self.form = sign, cur, form


def _decimal(num: str, mult: str | None = None) -> Decimal | None:
    s = num.replace(" ", "")
    s = s.replace(",", ".") if re.fullmatch(r"\d+,\d{2}", s) else s.replace(",", "")
    if s.count(".") > 1:
        whole, _, cents = s.rpartition(".")
        s = whole.replace(".", "") + "." + cents
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    value *= {"万": 10_000, "w": 10_000, "W": 10_000, "亿": 100_000_000}.get(mult or "", 1)
    if value >= 10**12:
        return None
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _cn_number(text: str) -> Decimal | None:
    import cn2an  # ~100 ms to import: only pages with Chinese-numeral money pay for it

    try:
        return Decimal(str(cn2an.cn2an(text, "normal")))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _daxie(text: str) -> Decimal | None:
    text = re.sub(r"^(?:人民币|RMB)\s*", "", text).rstrip("整正")
    text = text.replace("参", "叁").replace("〇", "零").replace("圆", "元")
    whole, _, cents = text.partition("元")
    if "元" not in text:
        whole, cents = "", text
    value = _cn_number(whole) if whole else Decimal(0)
    if value is None:
        return None
    digits = {c: i for i, c in enumerate(_DAXIE_DIGIT)}
    if m := re.search(rf"([{_DAXIE_DIGIT}])角", cents):
        value += Decimal(digits[m.group(1)]) / 10
    if m := re.search(rf"([{_DAXIE_DIGIT}])分", cents):
        value += Decimal(digits[m.group(1)]) / 100
    return value.quantize(Decimal("0.01"))


def _candidates(page: Page) -> list[_Cand]:
    scan = page.scan
    cands: list[_Cand] = []
    for pattern, form in ((_PREFIXED, "symbol"), (_SUFFIXED, "unit")):
        for m in pattern.finditer(scan):
            if _UNIT_AFTER.match(scan, m.end()) and form == "symbol" and not m.group("mult"):
                continue
            value = _decimal(m.group("num"), m.group("mult"))
            if value is not None:
                sign = m.group("sign") or (m.groupdict().get("sign2"))
                start = m.start("sign") if m.group("sign") else m.start("cur") if (
                    form == "symbol") else m.start("num")
                cur = m.group("cur") or m.groupdict().get("cur2")
                cands.append(_Cand(start, m.end(), value, sign, cur, form))
    for m in _DAXIE.finditer(scan):
        value = _daxie(m.group())
        if value is not None and value > 0:
            cands.append(_Cand(m.start(), m.end(), value, None, "大写", "daxie"))
    for m in _CN_LOWER.finditer(scan):
        value = _cn_number(m.group("cn"))
        if value is not None and value > 0:
            cands.append(_Cand(m.start(), m.end(), value.quantize(Decimal("0.01")), None,
                               m.group("cur"), "chinese"))
    return leftmost_longest(cands)


def _cjk(char: str) -> bool:
    """金额 right after a Chinese word is that word's tail (实际到账金额, 保价金额), not a label."""
    return "\u4e00" <= char <= "\u9fff"


def _strong_gap(gap: str) -> bool:
    """What may stand between a label and its amount on one row: spaces, a colon, a note in
    brackets (元, 含运费, RM) — no digits, no end of sentence."""
    if re.search(r"[\d。;!?]", gap):
        return False
    squeezed = re.sub(r"\s+", "", gap)
    squeezed = re.sub(r"\([^()]*\)", "", squeezed)
    return len(squeezed) <= 6


def _rest_ok(rest: str) -> bool:
    """A label may end its line with a small English word: "a full refund of / ¥459.00"."""
    return rest_is_blank(re.sub(r"(?i)(?<![a-z])(?:of|is|was|for|amount)(?![a-z])", "", rest))


def _drop_bracketed(page: Page, labels: list[Label]) -> list[Label]:
    """实付款(含运费): a label inside the brackets right after another label is a note on it."""
    kept: list[Label] = []
    for label in labels:
        if kept and page.line_of(kept[-1].start) == page.line_of(label.start):
            between = page.scan[kept[-1].end:label.start]
            closing = page.scan.find(")", label.end)
            if (re.fullmatch(r"\s*\([^()\d]*", between) and closing != -1
                    and re.fullmatch(r"[^()\d\n]*", page.scan[label.end:closing])):
                continue
        kept.append(label)
    return kept


def extract_amounts(page: Page) -> list[Found]:
    scan = page.scan
    labels = [lab for lab in _drop_bracketed(page, _LABELS.find(page)) if not (
        lab.key == "zh:generic" and lab.start > 0 and _cjk(scan[lab.start - 1]))]
    id_spans = [(f.start, f.end) for f in page.run(extract_ids)]
    cands = [c for c in _candidates(page)
             if not any(s < c.end and c.start < e for s, e in id_spans)]

    # Bare numbers right after a label on the same row (TOTAL 80.90, 实付款 1280).
    for head in labels:
        m = _BARE_AFTER_LABEL.match(scan, head.end)
        if not m or any(c.start <= m.start("num") < c.end for c in cands):
            continue
        if _UNIT_AFTER.match(scan, m.end()) and not m.group("mult"):
            continue
        num = m.group("num")
        if head.key.startswith("en:") and not re.search(r"\.\d{2}$", num):
            continue  # an English receipt prints money with cents; "TOTAL QTY 3" is a count
        if len(num.replace(",", "").split(".")[0]) > 10:
            continue  # a long digit run after a label is an identifier, not money
        value = _decimal(num, m.group("mult"))
        if value is not None:
            start = m.start("sign") if m.group("sign") else m.start("num")
            cands.append(_Cand(start, m.end(), value, m.group("sign"), m.group("cur"), "bare"))

    # Lines that hold one number with cents and nothing else: a column value or a headline.
    for line in range(page.line_count):
        start, end = page.line_span(line)
        m = _LINE_ONLY.fullmatch(scan, start, end)
        if m and not any(c.start < end and start < c.end for c in cands):
            value = _decimal(m.group("num"))
            if value is not None:
                cands.append(_Cand(m.start("sign") if m.group("sign") else m.start("num"),
                                   m.end("num"), value, m.group("sign"), m.group("cur"), "line"))
    cands.sort(key=lambda c: c.start)

    # 数量 or 利率 alone on a line heads a column; it must not take the amounts below it
    labels = [lab for lab in labels if lab.key.split(":")[1] not in _NOT_A_ROLE
              or not rest_is_blank(scan[lab.end:page.line_span(page.line_of(lab.end))[1]])]
    how: dict[int, str] = {}
    pairs = pair_labels(page, labels, [(c.start, c.end) for c in cands], _strong_gap,
                        rest_ok=_rest_ok, how=how)
    _labels_after(page, labels, cands, pairs, how)
    _wrapped(page, labels, cands, pairs, how)
    _continue_labels(page, labels, pairs)
    money_page = any(c.form != "line" for c in cands) or bool(labels)
    out: list[Found] = []
    headline = _headline(page, cands, pairs)
    refund_page = page.has(_REFUND_PAGE)
    promised = _promise_clauses(page)
    for i, c in enumerate(cands):
        label: Label | None = pairs.get(i)
        role = label.key.split(":", 1)[1] if label else None
        if role in _NOT_A_ROLE:
            continue
        if label and role in ("total", "sum") and re.search(r"excl|before|w/o|without", scan[
                label.start:c.start], re.I):
            role = "subtotal"  # TOTAL SALES (EXCLUDING GST)
        detail: dict[str, Any] = {"form": c.form}
        if role == "subtotal" and label and re.search(r"excl|before|w/o|without|不含税", scan[
                label.start:c.start], re.I):
            detail["before_tax"] = True
        if c.sign == "-":
            detail["sign"] = "-"
        elif c.sign == "+":
            detail["sign"] = "+"
        if c.cur:
            detail["currency"] = _CURRENCY.get(c.cur, "USD" if c.cur.endswith("$") else "CNY")
        if label:
            confidence = CONFIDENCE.get(how.get(i, ""), roles.INFERRED)
            role = _purpose(scan[label.end:c.start], role)
            if re.sub(r"\s", "", page.scan[label.start:label.end]) in _SAID:
                confidence = min(confidence, roles.SAID)  # 我付了200块: what was said
        elif i == headline:
            # The headline of a WeChat/Alipay detail page: its one lone (signed) amount.
            role = "refund" if refund_page else ("received" if c.sign == "+" else "paid")
            confidence = roles.HEADLINE
            detail["headline"] = True
        elif c.form == "line":
            if c.sign:
                confidence = 0.6  # another row of a bill list: money, role unknown
            elif money_page:
                confidence = roles.UNKNOWN  # a price in a column of a receipt or an order
            else:
                continue
        elif c.form == "bare":
            continue
        else:
            confidence = 0.7
        if role is not None and any(s <= c.start and c.end <= e for s, e in promised):
            confidence = min(confidence, roles.SAID)  # 承诺…原路退回1280元: a promise, not a fact
            detail["promised"] = True
        if role is not None and page.source == "note":
            confidence = min(confidence, roles.SAID)  # the user's own account, not a record
        detail["how"] = how.get(i) if label else None
        out.append(page.found(c.start, c.end, "amount", f"{abs(c.value):.2f}", label=label,
                              role=role, confidence=confidence, **detail))
    out = _settle_principal(page, out)
    out = _settle_invoice(page, out)
    out = _settle_generic(page, out)
    out = _settle_ticket(page, out)
    out = _settle_subtotal(out)
    return _settle_sums(page, out)


#: how sure a role is, by how its label was paired with the amount (page.pair_labels; "after"
#: is _labels_after's, "wrapped" _wrapped's)
CONFIDENCE = {"row": roles.SAME_LINE, "after": roles.LABEL_AFTER, "above": roles.CELL_ABOVE,
              "wrapped": roles.CELL_ABOVE, "column": roles.INFERRED, "below": roles.INFERRED}


def _purpose(gap: str, role: str | None) -> str | None:
    """What the words between a label and its amount say the money was for: a bank message's
    支出(分期乐还款)人民币1,021.35元 is a repayment, 收入(某某小额贷款)人民币9,200.00元 a loan
    paid out."""
    if role == "paid" and re.search(r"还款|还贷|月供", gap):
        return "repaid"
    if role == "received" and re.search(r"放款|贷款|借款", gap):
        return "disbursed"
    return role


def _wrapped(page: Page, labels: list[Label], cands: list[_Cand], pairs: dict[int, Label],
             how: dict[int, str]) -> None:
    """A sentence wrapped by the screen: 您账户1234于03月15日14:23在京东商城消费人 / 民币1,280.00元.
    An amount with no label yet takes the last unused label of the line above when only what a
    label may have before its amount (人民币, a bracket, spaces) lies between them."""
    used = {id(lab) for lab in pairs.values()}
    for i, c in enumerate(cands):
        line = page.line_of(c.start)
        if i in pairs or line == 0:
            continue
        above = [lab for lab in labels if page.line_of(lab.start) == line - 1
                 and id(lab) not in used and lab.key.split(":")[1] not in _NOT_A_ROLE]
        if above and page.scan[above[-1].end:c.start].count("\n") == 1 and _strong_gap(
                page.scan[above[-1].end:c.start]):
            pairs[i] = above[-1]
            how[i] = "wrapped"
            used.add(id(above[-1]))


_CLAUSE_END = re.compile(r"[，,。；;！!？?]")


def _promise_clauses(page: Page) -> list[tuple[int, int]]:
    """The clauses that make a promise: from the punctuation before the promise to its end
    (扣款258.00元将在3个工作日内退回: the 258.00 is promised back, not refunded)."""
    spans = []
    for f in page.run(extract_promises):
        ends = [m.end() for m in _CLAUSE_END.finditer(page.scan, 0, f.start)]
        spans.append((ends[-1] if ends else 0, f.end))
    return spans

# A refund's detail page (not a payment page with an 申请退款 button): its headline is the refund.
_REFUND_PAGE = re.compile(r"退款成功|已退款|全额退款|退款详情|退款方式|退款时间|退款到账|退款金额|"
                          r"退款进度|退款中")

# The labels of a payment record (a WeChat/Alipay detail page), and of a bill or statement whose
# lone amounts are a list of transactions or what is owed, never one payment's headline.
_STATEMENT_PAGE = re.compile(r"账单日|本期应还|最低还款|应还总额|信用额度|可用额度|账单分期|"
                             r"还款计划|交易明细|账单明细|本期账单|待还")


def _headline(page: Page, cands: list[_Cand], pairs: dict[int, Label]) -> int | None:
    """The index of a payment detail page's headline amount, if the page has one: the first
    lone amount near the top, signed or on a page with the labels of a payment record; never on
    a card bill or a loan's statement, nor where several signed lone amounts make a list."""
    if _STATEMENT_PAGE.search(page.simp):
        return None
    lone = [i for i, c in enumerate(cands) if c.form == "line" and i not in pairs]
    signed = [i for i in lone if cands[i].sign]
    payment_page = bool(_PAYMENT_PAGE.search(page.simp))
    if len(signed) > 1 and not payment_page:
        return None  # a list of transactions: each row is money, none is the page's payment
    for i in lone:
        top = page.line_of(cands[i].start) <= 5
        if (cands[i].sign and (top or len(signed) == 1)) or (payment_page and top):
            return i
    return None


def _labels_after(page: Page, labels: list[Label], cands: list[_Cand],
                  pairs: dict[int, Label], how: dict[int, str]) -> None:
    """A label right after an amount that closes the phrase: "¥1,021.35 已还", "800.00元是服务费"."""
    used = {id(lab) for lab in pairs.values()}
    starts = {lab.start: lab for lab in labels}
    for i, c in enumerate(cands):
        if i in pairs:
            continue
        m = re.compile(r"[ \t]*(?:是|为|属于|作为)?[ \t]*").match(page.scan, c.end)
        lab = starts.get(m.end()) if m else None
        if lab is None or id(lab) in used or lab.key.split(":")[1] in _NOT_A_ROLE:
            continue
        if re.match(r"[ \t]*(?:[\n，。,.;；!！)]|$)", page.scan[lab.end:lab.end + 2]):
            pairs[i] = lab
            how[i] = "after"
            used.add(id(lab))


def _continue_labels(page: Page, labels: list[Label], pairs: dict[int, Label]) -> None:
    """(小写)¥1280.00 and (大写)壹仟…圆整 are the amount of the money label before them, on their
    line or the two above (价税合计（大写）… （小写）…, 借款金额(大写):… (小写):…); with none,
    they say nothing of the role."""
    for i, lab in list(pairs.items()):
        if lab.key != "zh:continued":
            continue
        line = page.line_of(lab.start)
        before = [b for b in labels if b.end <= lab.start and b.key not in (
            "zh:continued",) and b.key.split(":")[1] not in _NOT_A_ROLE
                  and line - page.line_of(b.start) <= 2]
        if before:
            pairs[i] = Label(before[-1].start, before[-1].end, before[-1].key)
        else:
            del pairs[i]


# A repayment plan, or an instalment of one: its 本金 is the instalment's principal.
_PER_PERIOD = re.compile(r"本期|当期|每期|第\s*\d+\s*(?:/\s*\d+\s*)?期|月供|分期")
_PLAN_PAGE = re.compile(r"还款计划|分期计划|还款明细|账单计划|当前第\s*\d+\s*/\s*\d+\s*期|"
                        r"repayment\s+schedule", re.I)


def _settle_principal(page: Page, out: list[Found]) -> list[Found]:
    """本金 and 应还本金 are the loan's principal, unless they sit in a repayment plan or an
    instalment (本期, 每期, 第3期 on their line or the three above): then they are that
    instalment's principal, which the loan's principal must never be taken from."""
    plan = _PLAN_PAGE.search(page.simp) is not None or len(
        re.findall(r"第\s*\d+\s*期", page.simp)) >= 2
    settled = []
    for f in out:
        if f.field.role == "principal_part":
            line = page.line_of(f.start)
            near = page.simp[page.line_span(max(0, line - 3))[0]:page.line_span(line)[1]]
            role = "instalment_principal" if plan or _PER_PERIOD.search(near) else "principal"
            f = Found(f.start, f.end, replace(f.field, role=role))
        settled.append(f)
    return settled


_INVOICE_PAGE = re.compile(r"价税合计|税额|税金|增值税")


def _settle_invoice(page: Page, out: list[Found]) -> list[Found]:
    """On an invoice 合计 + 税额 = 价税合计. 价税合计 is what was paid; the amount that adds to
    another to make it is the tax (the smaller) and the total before tax (the larger), whatever
    their labels, and both are then sure; a 税额 that adds to nothing loses its role (OCR put it
    under the wrong column). 合计 on an invoice is the total before tax."""
    if not _INVOICE_PAGE.search(page.simp):
        return out
    paid = [f for f in out if f.field.role == "paid" and f.field.label
            and "价税" in simplify_label(f.field.label)] or [
        f for f in out if f.field.role == "paid"]
    if not paid:
        return [Found(f.start, f.end, replace(f.field, role="subtotal"))
                if f.field.role == "sum" else f for f in out]
    total = max(Decimal(f.field.value) for f in paid)
    values = sorted({Decimal(f.field.value) for f in out if Decimal(f.field.value) < total},
                    reverse=True)
    pair: tuple[Decimal, Decimal] | None = None
    for a in values:
        b = total - a
        if b < a and b in values:
            pair = (a, b)
            break
    settled = []
    for f in out:
        value = Decimal(f.field.value)
        field = f.field
        checked = {**field.detail, "checked": "subtotal+tax=paid"}
        if pair and value == pair[1] and field.role in (None, "tax", "sum", "subtotal", "total"):
            # a label of another column (合计 over the tax's cell) is not the tax's label
            field = replace(field, role="tax", confidence=max(field.confidence, roles.CHECKED),
                            label=field.label if field.role in (None, "tax") else None,
                            detail=checked)
        elif pair and value == pair[0] and field.role in (None, "sum", "subtotal", "total", "tax"):
            field = replace(field, role="subtotal", confidence=max(field.confidence,
                                                                   roles.CHECKED),
                            label=None if field.role == "tax" else field.label, detail=checked)
        elif field.role == "tax" and pair:
            # its label belonged to another column: neither the role nor the label is its own
            field = replace(field, role=None, label=None,
                            confidence=min(field.confidence, roles.UNKNOWN),
                            detail={**field.detail, "how": None, "unpaired": "税额"})
        elif field.role == "sum":
            field = replace(field, role="subtotal")
        settled.append(Found(f.start, f.end, field))
    return settled


def simplify_label(label: str) -> str:
    return simplify(re.sub(r"\s", "", label))


_SALE = re.compile(r"消费|SALE|签购|支付|付款|汇款|转账|缴费|购买|收款", re.I)
_RETURN = re.compile(r"退货|退款|REFUND", re.I)


def _settle_generic(page: Page, out: list[Found]) -> list[Found]:
    """金额 alone is the money of the document's transaction: paid on a sales slip or a transfer
    form (交易类型 消费/SALE, 汇款), refunded on a return; on an invoice it heads the column of
    line amounts, and elsewhere it says nothing. The role is inferred, so it is not sure."""
    settled = []
    for f in out:
        if f.field.role == "generic":
            before = page.scan[max(0, f.start - 40):f.start]
            if _INVOICE_PAGE.search(page.simp):
                role = None
            elif _SALE.search(page.simp) and not _RETURN.search(before):
                role = "paid"
            elif _RETURN.search(page.simp):
                role = "refund"
            else:
                role = None
            f = Found(f.start, f.end, replace(
                f.field, role=role, confidence=min(f.field.confidence, roles.SETTLED)))
        settled.append(f)
    return settled


_TICKET_PAGE = re.compile(r"二等座|一等座|商务座|特等座|硬座|软座|硬卧|软卧|动卧|无座|检票|限乘|"
                          r"车厢|登机牌|航班号|经济舱|头等舱|票价|车票|客票|场次|影厅|乘车")


def _settle_ticket(page: Page, out: list[Found]) -> list[Found]:
    """A ticket prints its fare with no label (¥92.5元 beside 二等座): the one amount of a
    ticket is what was paid for it. Inferred from the kind of document, so not sure."""
    if len(out) != 1 or out[0].field.role is not None or not _TICKET_PAGE.search(page.simp):
        return out
    f = out[0]
    return [Found(f.start, f.end, replace(f.field, role="paid", confidence=roles.SETTLED,
                                          detail={**f.field.detail, "ticket": True}))]


def _settle_subtotal(out: list[Found]) -> list[Found]:
    """An English Subtotal is the total before tax where the page shows a tax, else the total
    before shipping and discounts (Items subtotal ¥479.00, Coupon -¥20.00, Total ¥459.00)."""
    if any(f.field.role == "tax" for f in out):
        return out
    return [Found(f.start, f.end, replace(f.field, role="total"))
            if f.field.role == "subtotal" and f.field.label and f.field.label.isascii()
            and not f.field.detail.get("before_tax") else f
            for f in out]


def _settle_sums(page: Page, out: list[Found]) -> list[Found]:
    """合计 (and an English TOTAL) is what was paid, unless the page also shows a paid amount or
    is a bill or a loan: then it is the total (a receipt's 合计 147.80, 会员优惠 -5.00, 实收
    142.80). A total it says it is; that it was paid is inferred, so that role is not sure."""
    paid = any(f.field.role == "paid" for f in out) or _STATEMENT_PAGE.search(page.simp)
    return [Found(f.start, f.end, replace(f.field, role="total") if paid else replace(
        f.field, role="paid", confidence=min(f.field.confidence, roles.SETTLED)))
            if f.field.role == "sum" else f for f in out]

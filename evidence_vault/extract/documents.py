"""What a document is (a chat, a bank SMS, an e-invoice, a loan contract, a railway ticket …),
from its text and the fields read from it: the dossier names an exhibit by it (招商银行短信截图,
分期乐借款合同扫描件, 火车票照片), and says where it came from accordingly.

A pure function, like the extractors: the same text and fields always give the same kind. The
signs are generic, never a sample's wording: the title a page shows at its top (借款详情, 还款计划,
账单详情), the words only one kind of document prints (价税合计 on an invoice, 回单 on a bank
receipt, 甲方/乙方 in a contract, 二等座 on a ticket, a 【sender】 signature in an SMS), and the
fields' kinds and roles. The strongest sign wins, in the order of KINDS. None when nothing says.

`where` picks the platform a name should carry for that kind: a loan is named by its lender,
never by the bank the money went to; an SMS by its sender; a payment by the payment service.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from evidence_vault.extract.kinds import document_kind as page_kind
from evidence_vault.extract.page import Page, simplify
from evidence_vault.extract.platforms import category

#: the kinds of document, strongest sign first
KINDS: dict[str, str] = {
    "invoice": "an invoice (发票): 发票号码, 价税合计, 开票日期",
    "bank_receipt": "a bank's receipt for a transfer (电子回单, 交易回单)",
    "contract": "a contract (合同, 借款合同): 甲方/乙方, 借款人/出借人, 签署",
    "ticket": "a railway ticket (火车票): 二等座, 检票, 限乘当日当次车",
    "sms": "text messages (短信): a 【sender】 signature, 尾号, 回复TD退订",
    "chat": "a chat with customer service (聊天记录)",
    "card_bill": "a credit card's bill (信用卡账单): 账单日, 最低还款额",
    "repayment_plan": "a loan's repayment plan (还款计划)",
    "loan": "a loan's details (借款详情): 借款金额, 到账金额, 放款时间",
    "refund": "a refund's details (退款详情)",
    "payment": "a payment's details (账单详情, 交易详情)",
    "order": "an order's details (订单详情)",
    "tracking": "a parcel's tracking (物流信息)",
    "receipt": "a shop's till receipt (购物小票): 收银员, 找零, 小票",
}

_TOP_LINES = 8  # a page's title is among its first lines (after the status bar)
_TITLES: list[tuple[str, re.Pattern[str]]] = [
    ("repayment_plan", re.compile(r"还款计划|分期计划|还款明细|Repayment (?:plan|schedule)", re.I)),
    ("loan", re.compile(r"借款详情|借款记录|贷款详情|借据详情|借款信息|确认借款|Loan details", re.I)),
    ("card_bill", re.compile(r"信用卡账单|本期账单|账单明细|Card statement", re.I)),
    ("refund", re.compile(r"退款详情|退款进度|退款成功|Refund details", re.I)),
    ("payment", re.compile(r"账单详情|交易详情|支付详情|付款详情|转账详情|收款详情|支付成功|交易成功|"
                           r"(?:Bill|Transaction|Payment) details", re.I)),
    ("order", re.compile(r"订单详情|订单信息|Order details", re.I)),
    ("tracking", re.compile(r"物流详情|物流信息|包裹详情|查看物流|Tracking details|Shipment", re.I)),
]
_INVOICE = re.compile(r"发票号码|价税合计|开票日期|增值税.{0,4}发票|电子发票")
_BANK_RECEIPT = re.compile(r"电子回单|交易回单|回单编号|回单号|业务回单|回单专用章")
_CONTRACT_TITLE = re.compile(r"合同|协议")
_CONTRACT_PARTIES = re.compile(r"甲方|乙方|出借人|借款人[（(:：]|签署|签订|盖章|签字")
_LOAN_WORDS = re.compile(r"借款|贷款|借据|借条|放款")
_TICKET = re.compile(r"二等座|一等座|商务座|特等座|硬座|软座|硬卧|软卧|动卧|无座|检票|限乘当日当次车|"
                     r"中国铁路|铁路客票")
_TRAIN_NO = re.compile(r"(?<![A-Za-z0-9])[GDCKZTYL]\d{1,4}(?![0-9])")
_SMS_SIGNATURE = re.compile(r"【[^【】\n]{2,16}】")
_SMS_WORDS = re.compile(r"尾号\s*\d{3,4}|您(?:的)?账户|回复\s*TD|退订|验证码|短信|信息$|iMessage",
                        re.M | re.I)
_RECEIPT = re.compile(r"收银员|收银台|找零|小票|欢迎光临|谢谢惠顾|机号|POS|会员卡")


def document_kind(text: str, fields: Iterable[dict[str, Any]]) -> str | None:
    """The kind of document `text` is (a key of KINDS), or None. `fields` as `vault show`
    gives them: dicts with kind and role."""
    fields = list(fields)
    simp = simplify(text or "")
    top = "\n".join(simp.splitlines()[:_TOP_LINES])
    kinds = {f["kind"] for f in fields}
    roles = {f.get("role") for f in fields}
    if _INVOICE.search(simp) and ("发票" in simp or "价税合计" in simp):
        return "invoice"
    if _BANK_RECEIPT.search(simp):
        return "bank_receipt"
    if _CONTRACT_TITLE.search(top) and len(_CONTRACT_PARTIES.findall(simp)) >= 2:
        return "contract"
    if _TICKET.search(simp) and (_TRAIN_NO.search(simp) or "车" in simp):
        return "ticket"
    signatures = _SMS_SIGNATURE.findall(simp)
    if signatures and (len(signatures) >= 2 or _SMS_WORDS.search(simp)):
        return "sms"
    if "chat" in roles:
        return "chat"
    titles = [(m.start(), kind) for kind, title in _TITLES if (m := title.search(top))]
    if titles:  # the title nearest the top: 订单详情 over the 交易成功 under it
        return min(titles)[1]
    # what the page's own words mark it as (extract.kinds, which the extractors use to give
    # unlabelled dates and amounts their roles), before what its fields' roles suggest: a
    # till receipt's 实收 is a payment's role, but the document is a receipt
    marked = page_kind(Page(text or ""))
    if marked in ("receipt", "refund", "payment", "order"):
        return marked
    if "principal" in roles or "disbursed" in roles or "contract_no" in kinds:
        return "loan"
    if "refund_no" in kinds or "refund" in roles:
        return "refund"
    if "transaction_no" in kinds or "payment" in roles:
        return "payment"
    if "order_no" in kinds:
        return "order"
    if "tracking_no" in kinds:
        return "tracking"
    if len(_RECEIPT.findall(simp)) >= 2:
        return "receipt"
    return None


def is_loan(kind: str | None, text: str) -> bool:
    """Whether a contract is a loan's (借款合同 rather than 合同)."""
    return kind == "contract" and bool(_LOAN_WORDS.search(simplify(text or "")))


#: for each kind of document, the categories of platform its name may carry, in order of choice
_WHERE: dict[str | None, tuple[str, ...]] = {
    "contract": ("lender",), "loan": ("lender",), "repayment_plan": ("lender",),
    "sms": ("sender",), "bank_receipt": ("bank",), "card_bill": ("bank", "lender"),
    "payment": ("payment", "shop"), "refund": ("shop", "payment"), "order": ("shop",),
    "tracking": ("shop",), "chat": ("app", "shop"),
    "invoice": (), "ticket": (), "receipt": (),
    None: ("app", "shop", "payment", "lender", "bank"),
}


def where(kind: str | None, fields: Iterable[dict[str, Any]], app: str | None) -> str:
    """The platform a document of `kind` is named by: its lender, sender, bank, payment
    service or shop, as the kind asks (a loan is never named by the bank the money went
    to); the app it was captured in where the kind allows; "" when none fits."""
    platforms = [f for f in fields if f["kind"] == "platform" and f.get("value")]
    for want in _WHERE.get(kind, _WHERE[None]):
        if want == "app":
            if app:
                return app
            continue
        for f in platforms:
            detail = f.get("detail") or {}
            if want == "sender":
                # the name in an SMS's 【signature】 (read with the brackets: the surest)
                if float(f.get("confidence") or 0) >= 0.95 and detail.get("by") != "app":
                    return str(f["value"])
            elif category(str(f["value"])) == want:
                return str(f["value"])
        if want == "lender" and app and category(app) == "lender":
            return app
    if kind == "sms":
        return where("card_bill", platforms, None)
    return ""

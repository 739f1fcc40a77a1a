"""What kind of document a page is, read from the labels and words only that kind prints.

A date or an amount with no label of its own (a till receipt's 25/12/2018, a ticket's
2016年08月24日15:46开) gets its role from the document it is on: the date on a till receipt is
when the sale was paid, on a railway ticket when the journey starts, on an invoice when it was
issued. The kind is decided by counting the distinct marks of each kind (words that document
prints and others seldom do: 检票, 限乘当日当次车 for a ticket; CASH, CHANGE, Cashier for a till
receipt), never by a sample's layout, and only when the marks are clear: a page with marks of
several kinds, or too few of any, is no kind (None), and its dates keep the roles their own
labels give them.

Kinds: "ticket", "invoice", "receipt" (a till receipt or a card slip), "bank_receipt" (a bank's
回单 or transfer form), "refund" (a refund's detail page), "payment" (a WeChat Pay / Alipay
payment or transfer detail), "order" (a shop's order page). Chats, tracking lists and repayment
plans are told apart in dates.py, from how their dates sit on the page.
"""

from __future__ import annotations

import re

from evidence_vault.extract.page import Page


def _marks(zh: str, en: str = "") -> re.Pattern[str]:
    english = rf"|(?<![A-Za-z])(?:{en})(?![A-Za-z])" if en else ""
    return re.compile(f"(?:{zh}){english}", re.I)


# (kind, marks, how many distinct marks make the kind), in the order that breaks a tie: a
# refund page also shows its order's labels, a card slip the word 消费 of a payment.
_MARKS: list[tuple[str, re.Pattern[str], int]] = [
    ("ticket", _marks(r"二等座|一等座|商务座|特等座|硬座|软座|硬卧|软卧|动卧|无座|检票口?|"
                      r"限乘当日当次车|\d{1,2}车\d{1,3}[A-F上中下]?号|中国铁路|12306|登机牌|航班号|"
                      r"登机口|经济舱|头等舱|舱位|座位号|客票|车次|乘车日期|发车时间",
                      r"boarding\s+pass|flight\s+no|gate|seat\s+no"), 2),
    ("invoice", _marks(r"发票代码|发票号码|开票日期|价税合计|开票人|纳税人识别号|销售方|购买方|"
                       r"销货单位|购货单位|发票专用章|校验码|电子发票|增值税|普通发票|专用发票"), 3),
    ("bank_receipt", _marks(r"回单|付款人|收款人|付款账号|收款账号|付款行|收款行|开户行|"
                            r"交易流水号|业务流水号|记账日期|会计日期|摘要|附言|汇款|结算业务|"
                            r"申请书|客户签名|账号或地址"), 3),
    ("receipt", _marks(r"收银员?|小票|找零|实收|机号|欢迎光临|谢谢惠顾|签购单|商户存根|持卡人签名|"
                       r"会员优惠|收款台",
                       r"cash(?:ier)?|change(?:\s+due)?|sub-?\s?total|total|rounding|"
                       r"round(?:ing)?\s+adj|tendered|receipt|gst|sst|qty|thank\s+you|"
                       r"tax\s+invoice|visa|master(?:card)?|pos|sales\s+slip|merchant\s+copy"), 3),
    ("refund", _marks(r"退款详情|退款成功|退款编号|退款原因|退款金额|退款时间|退款方式|退款总金额|"
                      r"钱款去向|已全额退款|退款进度|退款到账"), 2),
    ("payment", _marks(r"账单详情|支付时间|交易单号|商户单号|商户全称|收款方全称|收单机构|"
                       r"付款方式|支付方式|当前状态|支付成功|付款成功|转账时间|转账单号|收款时间|"
                       r"对方账户|账单分类|商品说明|创建时间|交易时间"), 3),
    ("order", _marks(r"订单详情|订单编号|订单号|下单时间|商品总价|商品总额|实付款|运费|付款时间|"
                     r"发货时间|成交时间|收货地址|再买一单|查看物流|确认收货",
                     r"order\s+(?:details|no|number|placed)|shipping|subtotal"), 3),
]
_ORDER = [k for k, _, _ in _MARKS]


def document_kind(page: Page) -> str | None:
    """The kind of document the page is: the kind with the most distinct marks among those
    with enough of them, ties to the earlier of _MARKS; None when no kind has enough."""
    scores: dict[str, int] = {}
    for kind, pattern, need in _MARKS:
        found = {re.sub(r"\s+", " ", m.group().lower()) for m in pattern.finditer(page.simp)}
        if len(found) >= need:
            scores[kind] = len(found)
    if not scores:
        return None
    return max(scores, key=lambda k: (scores[k], -_ORDER.index(k)))

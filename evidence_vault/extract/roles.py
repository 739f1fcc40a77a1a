"""The kinds of field the extractors give and the roles a field can play, named once: what an
amount is for, what a date marks, which period a rate runs over, what a phone or card number is.

A role is generic vocabulary, never a sample's wording: `paid` is the money the user paid
whatever the page calls it (实付款, 价税合计, Amount paid); `principal` is a loan's principal,
and the principal part of one instalment of it is `instalment_principal`, not the loan's. The
extractors give these names (amounts.py, dates.py, rates.py); the dossier's wording module says
them in each language (`role_<name>` and `kindlabel_<kind>` in dossier/wording.py; a test
checks every kind and role here has its words there, and that the extractors give no
other); the dossier's cover lists money only for roles known with confidence.

Confidence says how sure the role is, not how sure the digits are: a label on the same line as
its value (实付款 ¥1,280.00) or in the cell just above it is sure; a role inferred from the
page's layout (a column of labels read apart from its column of values, a headline amount, a
合计 settled by what else the page shows) is not; an amount in a promise or in someone's
sentence in a chat is what was said, not what happened.
"""

from __future__ import annotations

#: the kinds of field and what each is (DESIGN.md "Field kinds")
FIELD_KINDS: dict[str, str] = {
    "order_no": "an order number: 订单号, 订单编号",
    "transaction_no": "a payment's number: 交易单号, 支付宝交易号",
    "merchant_order_no": "the merchant's number for a payment: 商户单号, 商家订单号",
    "refund_no": "a refund's number: 退款编号",
    "tracking_no": "a parcel's number: 运单号",
    "contract_no": "a loan or contract's number: 合同编号, 借据号",
    "serial_no": "a document's own number: 流水号, 回单编号, 发票号码",
    "ticket_no": "a complaint or service ticket: 工单号, 服务单号",
    "staff_id": "a staff member's number: 工号",
    "amount": "money",
    "rate": "an interest rate, in per cent",
    "date": "a day",
    "datetime": "a day and a time",
    "phone": "a phone number",
    "id_card": "an ID-card number",
    "bank_card": "a bank-card number (or its last digits)",
    "credit_code": "a company's 统一社会信用代码",
    "platform": "the shop, payment service, bank or lender a page is about",
    "promise": "a promise made: 3个工作日内退款",
    "check": "a disagreement between fields of one page (extract/crosscheck.py)",
}

#: what a cross-check (a field of kind "check") found: its value
CHECKS: dict[str, str] = {
    "txn_date_mismatch": "the date inside a payment's number is not the payment date shown",
    "order_date_mismatch": "the date inside an order number is not the order date shown",
}

#: roles of phone and card numbers
CONTACT_ROLES: dict[str, str] = {
    "tail": "the last digits of a card: 尾号1234",
    "masked": "a number shown with digits hidden: 138****5678",
    "service": "a service hotline: 客服电话",
    "caller": "the number that called: 来电号码",
}

#: amount roles and what each means
AMOUNT_ROLES: dict[str, str] = {
    # buying and paying
    "paid": "money the user paid: 实付款, 支付金额, an invoice's 价税合计, Amount paid",
    "received": "money the user received: 收入, 转入, 收款金额",
    "total": "a total before discounts, or a receipt's grand total: 商品总额, 应付, TOTAL",
    "subtotal": "a total before tax or adjustments: an invoice's 合计 (不含税), SUBTOTAL",
    "tax": "tax: 税额, GST, VAT",
    "discount": "a discount: 优惠, 满减, 红包",
    "shipping": "shipping: 运费, 配送费",
    "price": "a unit price: 单价",
    "refund": "money refunded to the user: 退款金额, 已退款",
    "balance": "an account's balance after a transaction: 余额",
    "cash": "cash handed over at a till: CASH",
    "change": "change given at a till: CHANGE",
    "rounding": "a rounding adjustment on a receipt",
    # borrowing and repaying
    "principal": "a loan's principal: 借款金额, 借款本金, 贷款金额",
    "instalment_principal": "the principal part of one instalment: 本期应还本金 in a repayment plan",
    "disbursed": "what reached the borrower: 到账金额, 实际到账",
    "fee": "a fee: 服务费, 担保费, 手续费",
    "interest": "interest: 利息",
    "penalty": "a penalty: 罚息, 违约金, 滞纳金",
    "due": "an amount to be repaid: 应还金额, 本期应还, 每期应还, a card bill's 应还",
    "minimum_due": "the least a card bill accepts: 最低还款额",
    "repaid": "an amount repaid: 已还金额, 还款金额",
    "overdue": "an amount overdue: 逾期金额",
    "limit": "a credit limit: 额度",
}

#: date roles and what each marks
DATE_ROLES: dict[str, str] = {
    "order": "an order was placed: 下单时间",
    "payment": "a payment was made: 支付时间, 交易时间, 消费, a till receipt's or a bank 回单's date",
    "refund": "a refund was made: 退款时间",
    "request": "an application was made: 申请时间",
    "ship": "goods were sent: 发货时间",
    "receive": "goods or money were received: 收货时间, 到账时间 (not a loan's)",
    "deliver": "a parcel was delivered: 签收时间",
    "track": "a step of a parcel's tracking list",
    "loan": "a loan was made or paid out: 借款日期, 放款时间, a loan's 到账时间",
    "due": "something falls due: 还款日, 到期日",
    "complete": "something was completed: 完成时间, 成交时间",
    "cancel": "something was cancelled or closed: 取消时间",
    "issue": "a document was issued: 开票日期, an invoice's date",
    "sign": "a contract was signed: 签署日期",
    "statement": "a card bill was drawn up: 账单日",
    "chat": "a chat message was sent",
    "travel": "a journey starts: a ticket's date and time (15:46开), 乘车日期, 发车时间, departure",
}

#: a rate's period (its role) → the words that name it
RATE_PERIODS: dict[str, str] = {
    "annual": "年化利率, 年利率, 综合年化, APR",
    "monthly": "月利率, 月息",
    "daily": "日利率, 日息, 每日万分之五",
}

#: the confidence from which a role counts as known: what the dossier's cover may list as money
ROLE_CONFIDENT = 0.8

#: the confidence of a role by how it was found
SAME_LINE = 0.9        # the label on the same line as the value, before it
LABEL_AFTER = 0.85     # the label right after the value, closing the phrase: ¥1,021.35 已还
CELL_ABOVE = 0.8       # the label alone on the line just above the value (a cell, a wrapped row)
HEADLINE = 0.8         # the signed headline of a payment detail page (-1,280.00)
CHECKED = 0.9          # a role the page's arithmetic confirms: 合计 + 税额 = 价税合计
SETTLED = 0.75         # a role settled by what else the page shows: 合计 is paid when nothing is
INFERRED = 0.65        # a label paired through the page's layout (a block of labels, then values)
SAID = 0.6             # what someone says in a chat or promises: a claim, not a record
UNKNOWN = 0.5          # money with no role

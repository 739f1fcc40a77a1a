"""Amounts and their roles in OCR text of payment pages, order pages, loan pages, bank SMS,
chats and English (Malaysian) receipts, and the numbers that must not be taken for money."""

import pytest

from evidence_vault.extract import extract

CASES = [
    # (case id, text, expected [(value, role)], values that must not appear as amounts)
    ("paid-label", "实付款 ¥1,280.00", [("1280.00", "paid")], []),
    ("paid-no-decimals", "实付款：￥1280", [("1280.00", "paid")], []),
    ("wechat-headline", "京东商城\n-1,280.00\n当前状态 支付成功\n支付时间 2024年3月15日 14:23:07",
     [("1280.00", "paid")], ["2024.00"]),
    ("alipay-refund-headline", "+128.00\n交易状态 退款成功\n退款方式 花呗",
     [("128.00", "refund")], []),
    ("minus-sign-u2212", "美团外卖\n\u22121,280.00\n支付时间 2024-03-15 14:23:07",
     [("1280.00", "paid")], []),
    ("order-page", "商品总额 ¥1,300.00\n运费 ¥0.00\n店铺优惠 -¥20.00\n实付款 ¥1,280.00",
     [("1300.00", "total"), ("0.00", "shipping"), ("20.00", "discount"), ("1280.00", "paid")],
     []),
    ("loan-page", "借款金额 10,000.00元\n到账金额 9,000.00元\n年化利率 24%\n借款期限 12期",
     [("10000.00", "principal"), ("9000.00", "disbursed")], ["24.00", "12.00"]),
    ("rate-is-not-money", "日利率0.05%（年化18.25%）", [], ["0.05", "18.25"]),
    ("wan", "借款金额：1.5万元", [("15000.00", "principal")], ["1.50"]),
    ("wan-bare-after-label", "可用额度 3万", [("30000.00", "limit")], []),
    ("daxie", "人民币壹仟贰佰捌拾元整", [("1280.00", None)], []),
    ("daxie-and-xiaoxie", "借款金额(大写):人民币壹万元整 (小写):¥10,000.00",
     [("10000.00", "principal")], []),
    ("daxie-jiao", "金额：壹仟肆佰零玖元伍角", [("1409.50", None)], []),
    ("loan-fees", "逾期金额 ¥523.60\n罚息 ¥12.30\n违约金 ¥50.00\n服务费 ¥30.00",
     [("523.60", "overdue"), ("12.30", "penalty"), ("50.00", "penalty"), ("30.00", "fee")], []),
    ("due-and-repaid", "本期应还 1,066.67\n已还金额 0.00",
     [("1066.67", "due"), ("0.00", "repaid")], []),
    ("balance", "账户余额 ¥3,456.78", [("3456.78", "balance")], []),
    ("bank-sms", "【招商银行】您账户1234于03月15日14:23消费人民币1,280.00元，可用余额3,456.78元。",
     [("1280.00", "paid"), ("3456.78", "balance")], ["1234.00"]),
    ("chat-refund", "客服说退款128元已原路退回", [("128.00", "refund")], []),
    ("kuai", "我付了200块，到现在还没发货", [("200.00", "paid")], []),
    ("chinese-numerals", "押金两百块钱一直没退", [("200.00", None)], []),
    # a receipt's TOTAL is what was paid, unless the page shows the payment (VISA 80.90)
    ("receipt-total", "TOTAL 80.90", [("80.90", "paid")], []),
    ("receipt-total-rm-paren", "Total (RM) 80.90", [("80.90", "paid")], []),
    ("receipt-total-colon-rm", "TOTAL: RM 80.90", [("80.90", "paid")], []),
    ("receipt-block", "SUBTOTAL 76.32\nGST 6% 4.58\nTOTAL 80.90\nCASH 100.00\nCHANGE 19.10",
     [("76.32", "subtotal"), ("4.58", "tax"), ("80.90", "paid"), ("100.00", "cash"),
      ("19.10", "change")], ["6.00"]),
    ("receipt-card", "TOTAL 80.90\nVISA 80.90", [("80.90", "total"), ("80.90", "paid")], []),
    ("receipt-qty", "TOTAL QTY: 3\nTotal Items 2", [], ["3.00", "2.00"]),
    ("grand-total", "Grand Total RM 1,234.50", [("1234.50", "paid")], []),
    ("amount-due", "Amount Due: $45.00", [("45.00", "due")], []),
    ("usd-prefix", "USD 1,200.00", [("1200.00", None)], []),
    ("ocr-comma-decimal", "实付款 ¥128,00", [("128.00", "paid")], []),
    ("ocr-yen-as-Y", "实付款 Y128.00", [("128.00", "paid")], []),
    ("doubled-separator", "¥1,,280.00", [("1280.00", None)], []),
    ("fullwidth", "实付款：￥１，２８０．００", [("1280.00", "paid")], []),
    ("traditional", "實付款 ¥1,280.00\n退款金額 ¥1,280.00", [("1280.00", "paid"),
                                                      ("1280.00", "refund")], []),
    ("columns", "商品总额\n运费\n实付款\n¥1,300.00\n¥0.00\n¥1,280.00",
     [("1300.00", "total"), ("0.00", "shipping"), ("1280.00", "paid")], []),
    ("fee-label", "提现手续费 ¥2.00", [("2.00", "fee")], []),
    ("paren-note-between", "实付款(含运费) ¥1,280.00", [("1280.00", "paid")], []),
    ("justified-label", "运　　费 ¥0.00\n合　　计 ¥1,280.00", [("0.00", "shipping"),
                                                       ("1280.00", "paid")], []),
    ("receipt-excluding", "TOTAL SALES (EXCLUDING GST) : 75.47", [("75.47", "subtotal")], []),
    ("value-above-label", "大杯\n¥2.00\n打包费\n¥3.50\n配送费\n-¥5.00\n满减优惠\n¥46.80\n实付\n订单号码",
     [("2.00", "fee"), ("3.50", "shipping"), ("5.00", "discount"), ("46.80", "paid")], []),
    ("receipt-columns-with-colons", "云南小粒咖啡豆\n1\n39.00\n合计：\n147.80\n会员优惠：\n-5.00\n"
     "实收(微信支付):\n142.80",
     [("39.00", None), ("147.80", "total"), ("5.00", "discount"), ("142.80", "paid")], []),
    ("status-after-amount", "2024-03-15 ¥1,021.35 已还", [("1021.35", "repaid")], []),
    ("label-after-is", "差额800.00元是服务费，已在合同中约定", [("800.00", "fee")], []),
    ("wrapped-unit", "只到账9,200.00\n元", [("9200.00", "disbursed")], []),
    ("nt-dollar", "實付款\nNT$1,280，賣家缺貨", [("1280.00", "paid")], []),
    ("heji-alone-is-paid", "共1件商品 合计：¥89.90", [("89.90", "paid")], []),
    # negatives
    ("phone", "客服电话 13812345678", [], ["13812345678.00"]),
    ("order-number", "订单编号 295914147223954356", [], ["295914147223954356.00"]),
    ("datetime", "支付时间 2024-03-15 14:23:07", [], ["2024.00", "2024.03"]),
    ("quantities", "数量 x2\n共3件商品", [], ["2.00", "3.00"]),
    ("days-and-terms", "逾期天数 15天\n借款期限 12期", [], ["15.00", "12.00"]),
    ("promise-window", "3个工作日内退款", [], ["3.00"]),
    ("percent-after-currency-label", "年化利率 24.00", [], ["24.00"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_amounts(text, expected, absent):
    amounts = [f for f in extract(text) if f.kind == "amount"]
    got = {(f.value, f.role) for f in amounts}
    for pair in expected:
        assert pair in got, (pair, amounts)
    values = {f.value for f in amounts}
    for value in absent:
        assert value not in values, (value, amounts)
    if not expected:
        assert not amounts, amounts


def test_values_are_plain_two_place_decimals():
    for f in extract("实付款 -¥1,280.5\n1.5万元\n¥3"):
        if f.kind == "amount":
            assert f.value.replace(".", "").isdigit() and len(f.value.split(".")[1]) == 2


def test_sign_and_currency_kept_in_detail():
    (paid,) = [f for f in extract("店铺优惠 -¥20.00") if f.kind == "amount"]
    assert paid.detail["sign"] == "-" and paid.detail["currency"] == "CNY"
    (rm,) = [f for f in extract("TOTAL: RM 80.90") if f.kind == "amount"]
    assert rm.detail["currency"] == "MYR"


def test_same_value_and_role_twice_is_one_field():
    amounts = [f for f in extract("实付款 ¥1,280.00\n实付款 ¥1,280.00") if f.kind == "amount"]
    assert [(f.value, f.role) for f in amounts] == [("1280.00", "paid")]

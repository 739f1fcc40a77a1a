"""The role of each amount from the document's structure, how sure it is, and rates.

Each case is OCR output as the engines hand it over: boxes laid out in rows of cells, put in
reading order by ocr/layout.py and joined one box per line (a label and its value on the same
visual row are two lines of text). The layouts are written here, not copied from the samples,
and vary what a reader meets on real documents: the label above its value, the value left of its
label, a block of labels read apart from their values, full-width characters, ¥ or 元, 1,280.00
or 1280, traditional script, a wrapped bank message.

`sure` is whether the role counts as known (confidence >= roles.ROLE_CONFIDENT), which is what
the dossier's cover lists: a label beside its value is sure; a pairing inferred from a layout, a
claim in a chat, a promise and a note's text are not.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from evidence_vault.dossier import wording
from evidence_vault.extract import Context, extract, roles
from evidence_vault.models import Field, OcrLine
from evidence_vault.ocr.layout import reading_order

SURE, UNSURE = True, False


def ocr(*rows: str | tuple[str, ...]) -> str:
    """The text an engine gives for these rows of cells: each cell a box on its row, the boxes
    shuffled as a detector finds them, then put in reading order like every engine's output."""
    lines = []
    for y, row in enumerate(rows):
        cells = (row,) if isinstance(row, str) else row
        for x, cell in enumerate(cells):
            if not cell:
                continue  # an engine gives no empty box
            top = 40.0 * y + (3 if x % 2 else 0)  # cells of a row are never exactly level
            lines.append(OcrLine(cell, (300.0 * x, top, 300.0 * x + 200, top + 30), 0.95))
    lines.reverse()
    return "\n".join(line.text for line in reading_order(lines))


def amounts(text: str, source: str = "ocr", cap: str | None = None) -> list[Field]:
    ctx = Context(captured_at=datetime.fromisoformat(cap) if cap else None, source=source)
    return [f for f in extract(text, ctx) if f.kind == "amount"]


def check(fields: list[Field], expected: list[tuple[str, str | None, bool | None]],
          never: list[tuple[str, str | None]]) -> None:
    got = {(f.value, f.role): f for f in fields}
    for value, role, sure in expected:
        assert (value, role) in got, ((value, role), fields)
        if sure is not None:
            f = got[(value, role)]
            assert (f.confidence >= roles.ROLE_CONFIDENT) is sure, (value, role, f)
    for value, role in never:
        assert (value, role) not in got, ((value, role), fields)
    for f in fields:
        assert f.role is None or f.role in roles.AMOUNT_ROLES, f


INVOICES = [
    ("e-invoice-text-layer", ocr(
        "电子发票（普通发票）", ("发票号码：24332000000041305872",), ("开票日期：2024年04月13日",),
        ("项目名称", "规格型号", "单位", "数量", "单价", "金额", "税率", "税额"),
        ("*日用品*保温杯", "500ml", "个", "2", "230.09", "460.18", "13%", "59.82"),
        ("合计", "¥460.18", "¥59.82"),
        ("价税合计（大写）", "⊗伍佰贰拾圆整", "（小写）¥520.00")),
     [("520.00", "paid", SURE), ("460.18", "subtotal", SURE), ("59.82", "tax", SURE)],
     [("460.18", "paid"), ("520.00", "total"), ("460.18", "tax")]),
    ("vat-photo-split-labels", ocr(
        "北京增值税专用发票", ("开票日期：2023年07月02日",),
        ("货物或应税劳务名称", "规格型号", "单位", "数量", "单价", "金", "税率", "税"),
        ("", "", "", "", "", "额", "", "额"),
        ("*软件*记账软件", "V3", "套", "3", "1061.95", "3185.84", "13%", "414.16"),
        ("合", "", "", "", "", "", "", ""), ("计", "￥３１８５．８４", "￥４１４．１６"),
        ("价税合计（大写）", "叁仟陆佰圆整"), ("(小写)", "￥3600.00")),
     [("3600.00", "paid", SURE), ("3185.84", "subtotal", SURE), ("414.16", "tax", SURE)],
     [("3185.84", "paid"), ("3185.84", "tax"), ("1061.95", "tax")]),
    ("invoice-two-lines-of-goods", ocr(
        "增值税普通发票",
        ("名称", "金额", "税率", "税额"),
        ("*家电*电水壶", "353.98", "13%", "46.02"),
        ("*家电*滤芯", "88.50", "13%", "11.50"),
        ("合计", "¥442.48", "¥57.52"),
        ("价税合计(大写)", "伍佰圆整", "(小写) ¥500.00")),
     [("500.00", "paid", SURE), ("442.48", "subtotal", SURE), ("57.52", "tax", SURE)],
     [("353.98", "tax"), ("442.48", "paid")]),
    ("invoice-traditional-fullwidth-yuan", "價稅合計 ５２０．００元\n合計 460.18元 稅額 59.82元",
     [("520.00", "paid", SURE), ("460.18", "subtotal", SURE), ("59.82", "tax", SURE)],
     [("460.18", "paid")]),
    ("invoice-value-above-label", ocr("¥1,280.00", "价税合计", "¥1,132.74", "合计", "¥147.26",
                                      "税额"),
     [("1280.00", "paid", None), ("1132.74", "subtotal", SURE), ("147.26", "tax", SURE)],
     [("1132.74", "paid")]),
]

LOANS = [
    ("loan-contract", "第一条 借款金额\n乙方向甲方借款人民币（大写）壹万伍仟元整，（小写）¥15,000.00。\n"
                      "借款年化利率（单利）为18%。乙方同意甲方在放款时一次性收取平台服务费\n"
                      "¥1,200.00，实际到账金额为¥13,800.00。\n"
                      "乙方按月等额本息还款，每期应还¥1,375.20。",
     [("15000.00", "principal", SURE), ("1200.00", "fee", SURE),
      ("13800.00", "disbursed", SURE), ("1375.20", "due", SURE)],
     [("1200.00", "principal"), ("1375.20", "principal")]),
    ("loan-detail-cells", ocr("借款详情", ("借款金额（元）",), ("20,000.00",),
                              ("到账金额", "¥18,400.00"), ("服务费", "¥1,600.00"),
                              ("年化利率（单利）", "23.99%"), ("借款期限", "12期")),
     [("20000.00", "principal", SURE), ("18400.00", "disbursed", SURE),
      ("1600.00", "fee", SURE)],
     [("1600.00", "principal"), ("23.99", None)]),
    ("repayment-plan", ocr("还款计划", ("本期应还（元）",), ("1,210.50",),
                           ("应还本金", "¥1,000.00"), ("应还利息", "¥198.30"), ("罚息", "¥12.20"),
                           ("第1期", "2024-02-15  ¥1,198.30  已还"),
                           ("第2期", "2024-03-15  ¥1,210.50  已逾期")),
     [("1210.50", "due", SURE), ("1000.00", "instalment_principal", SURE),
      ("198.30", "interest", SURE), ("12.20", "penalty", SURE), ("1198.30", "repaid", SURE)],
     [("1000.00", "principal")]),
    ("instalment-principal-label", "本期应还本金 833.33元\n本期利息 188.02元",
     [("833.33", "instalment_principal", SURE)], [("833.33", "principal")]),
    ("loan-principal-without-plan", "借款本金：10000元\n本金 10000元",
     [("10000.00", "principal", SURE)], [("10000.00", "instalment_principal")]),
    ("loan-value-left-of-label", "9,200.00元 到账金额\n800元是服务费",
     [("9200.00", "disbursed", SURE), ("800.00", "fee", SURE)], [("800.00", "principal")]),
    ("loan-block-of-labels", ocr("借款金额", "到账金额", "服务费", "¥5,000.00", "¥4,850.00",
                                 "¥150.00"),
     [("5000.00", "principal", UNSURE), ("4850.00", "disbursed", UNSURE),
      ("150.00", "fee", UNSURE)], []),
]

BILLS = [
    ("card-bill", ocr("招商银行信用卡", "2024年03月账单", ("本期应还金额",), ("¥3,286.40",),
                      ("最低还款额", "¥328.64"), ("到期还款日", "2024-04-08"),
                      ("账单日", "2024-03-18"), "交易明细",
                      ("03-15", "京东商城", "-1,280.00"), ("03-16", "美团外卖", "-258.00"),
                      ("03-17", "退款 京东商城", "+1,280.00")),
     [("3286.40", "due", SURE), ("328.64", "minimum_due", SURE)],
     [("3286.40", "paid"), ("258.00", "paid"), ("1280.00", "paid"), ("328.64", "paid")]),
    ("card-bill-list-first", ocr("-258.00", "-1,280.00", "本期账单 3,286.40", "最低还款 328.64"),
     [("3286.40", "due", SURE), ("328.64", "minimum_due", SURE)],
     [("258.00", "paid"), ("1280.00", "paid")]),
    ("card-bill-sms", "【招商银行】您尾号1234的信用卡本期账单已出，应还¥3,286.40，最低还款¥328.64，"
                      "最后还款日04月08日。",
     [("3286.40", "due", SURE), ("328.64", "minimum_due", SURE)], [("3286.40", "paid")]),
]

SMS = [
    ("sms-wrapped-purchase", ocr("【招商银行】您账户1234于03月15", "日14:23在京东商城平台商户消费人",
                                 "民币1,280.00元，可用余额8,720.50", "元。"),
     [("1280.00", "paid", SURE), ("8720.50", "balance", None)], [("1280.00", "refund")]),
    ("sms-refund", "【招商银行】您账户1234于03月20日15:42收到退款人民币1,280.00元，商户：京东商城。",
     [("1280.00", "refund", SURE)], [("1280.00", "paid")]),
    ("sms-loan-in-and-repayment", ocr("您尾号5678卡1月15日10:32转账收入(", "重庆某某小额贷款)人民币9,200.00",
                                      "元，余额9,561.20元。", "您尾号5678卡2月15日09:03快捷支付",
                                      "支出(某某借款还款)人民币1,021.35元，"),
     [("9200.00", "disbursed", SURE), ("1021.35", "repaid", SURE)],
     [("1021.35", "paid"), ("9200.00", "received")]),
    ("sms-point-for-comma", "您账户1234于03月20日15:42收到退款人民币1.280.00元，",
     [("1280.00", "refund", SURE)], []),
    ("sms-plain-yuan", "您的账户1234于3月15日支出1280元，余额3456.78元",
     [("1280.00", "paid", SURE)], []),
]

CHATS = [
    ("chat-promise", ocr("客服", "已为您关闭自动续费，扣款", "258.00元将在3个工作日内退回"),
     [("258.00", "paid", UNSURE)], []),
    ("chat-claim", "我付了200块，到现在还没发货", [("200.00", "paid", UNSURE)], []),
    ("chat-promise-refund", "客服承诺3个工作日内原路退回1280元", [("1280.00", "refund", UNSURE)], []),
    ("chat-record-of-refund-said-by-them", "退款金额¥899.00已原路退回",
     [("899.00", "refund", SURE)], []),
]

SHOP = [
    ("order-columns", ocr("商品总额", "运费", "实付款", "¥1,300.00", "¥0.00", "¥1,280.00"),
     [("1300.00", "total", UNSURE), ("1280.00", "paid", UNSURE)], []),
    ("order-rows", ocr(("商品总额", "¥1,300.00"), ("运费", "¥0.00"), ("店铺优惠", "-¥20.00"),
                       ("实付款", "¥1,280.00")),
     [("1300.00", "total", SURE), ("20.00", "discount", SURE), ("1280.00", "paid", SURE)], []),
    ("heji-settled", "共1件商品 合计：¥89.90", [("89.90", "paid", UNSURE)], []),
    ("pos-slip-generic-amount", "POS SALES SLIP\n交易类型(TRANS TYPE)：消费/SALE\n"
                                "金额(AMOUNT)：RMB 1,280.00",
     [("1280.00", "paid", UNSURE)], []),
    ("en-order-subtotal", ocr(("Items subtotal", "$479.00"), ("Shipping", "$0.00"),
                              ("Coupon", "-$20.00"), ("Total", "$459.00")),
     [("479.00", "total", SURE), ("459.00", "paid", UNSURE)], []),
    ("en-receipt-garbled-value", ocr("Total Sales (Excluding GST)", "80.91", "Discount", "000",
                                     "Total GST", "0.00", "Rounding", "-0.01",
                                     "Total Sales (Inclusive of GST):", "80.90", "CASH:", "100.00"),
     [("80.91", "subtotal", SURE), ("0.01", "rounding", None), ("80.90", "paid", None),
      ("100.00", "cash", None)], [("80.90", "rounding"), ("100.00", "paid")]),
    ("refund-total-label", ocr("退款总金额", "¥1,280.00"), [("1280.00", "refund", SURE)],
     [("1280.00", "total")]),
    ("train-ticket-fare", ocr("G1234", ("上海虹桥站", "杭州东站"), "2024年03月15日08:05开",
                              ("05车12A号",), ("￥73.0元", "二等座"), "限乘当日当次车"),
     [("73.00", "paid", UNSURE)], []),
    ("payment-page-with-refund-button", ocr("账单详情", "-1,280.00", "当前状态 支付成功",
                                            "支付时间 2024年3月15日 14:23:07", "申请退款"),
     [("1280.00", "paid", SURE)], [("1280.00", "refund")]),
    ("not-a-ticket-one-amount", "截图\n￥73.0元", [("73.00", None, None)], [("73.00", "paid")]),
]


# Payment and transfer details and bank messages in the shapes real ones take.
PAYMENTS = [
    ("wechat-headline-minus-read-as-yi", ocr("京东商城", "一1,280.00", ("当前状态", "支付成功"),
                                            ("支付时间", "2024年3月15日 14:23:07")),
     [("1280.00", "paid", SURE)], []),
    ("wechat-transfer-received", ocr("转账", "已收款", "¥200.00", ("转账时间", "2024年3月9日 10:00:00"),
                                     ("收款时间", "2024年3月9日 10:05:31")),
     [("200.00", "received", SURE)], [("200.00", "paid")]),
    ("wechat-transfer-sent", ocr("待对方确认收款", "¥200.00", ("转账时间", "2024年3月9日 10:00:00")),
     [("200.00", "paid", SURE)], [("200.00", "received")]),
    ("order-first-price-is-no-headline", ocr("订单详情", "交易成功", "小森生活馆", "¥468.00",
                                             ("商品总价", "¥468.00"), ("实付款", "¥483.00"),
                                             ("订单编号", "2271830946512047735"),
                                             ("付款时间", "2024-05-20 19:08:31")),
     [("483.00", "paid", SURE)], [("468.00", "paid")]),
    ("sms-abc-signed-out", "【中国农业银行】您尾号1234账户03月15日14:23完成支付宝交易人民币-1280.00，"
                           "余额3456.78。", [("1280.00", "paid", UNSURE), ("3456.78", "balance", SURE)],
     []),
    ("sms-abc-signed-in", "【中国农业银行】您尾号1234账户03月18日09:30完成转存交易人民币+500.00，"
                          "余额800.00。", [("500.00", "received", UNSURE)], [("500.00", "paid")]),
    ("sms-abc-unsigned-says-nothing", "您尾号1234账户03月20日15:42完成代付交易人民币1280.00",
     [("1280.00", None, None)], [("1280.00", "paid"), ("1280.00", "received")]),
]

# Till receipts as OCR reads them: a label then its value on the next line (one font, one
# baseline a row), OCR's slips in the labels, sums with what the receipt says of them, a tax
# summary after the total, cash handed over and change.
RECEIPTS = [
    ("receipt-value-left-blank", ocr("SUBTOTAL", "235.85", "DISCOUNT", "SUBTOTAL (EXCIUDING GST)",
                                     "235.85", "GST(6%)", "14.15", "TOTAL AMOUNT DUE", "250.00",
                                     "PAYMENT MODE: CASH", "250.00"),
     [("250.00", "paid", UNSURE), ("14.15", "tax", None)], [("250.00", "tax")]),
    ("receipt-row-value-unlabelled-before-the-block", ocr(
        "Total Qty:", "15", "190.80", "Total Sales (Excluding GST)", "180.00", "Discount", "0.00",
        "Total GST", "10.80", "Rounding", "0.00", "Tota/Sales (Inclusive of GST)", "190.80",
        "CASH :", "190.80", "Change :", "0.00"),
     [("190.80", "paid", UNSURE), ("180.00", "subtotal", SURE), ("10.80", "tax", SURE)],
     [("180.00", "paid"), ("190.80", "tax")]),
    ("receipt-ocr-slips-in-labels", ocr("Subtotai :", "15.90", "Total Excl. of GST", "15.00",
                                        "Total Indl. of GST", "15.90", "Total Amt Rounded", "15.90",
                                        "Payment :", "50.00", "Change Due :", "34.10"),
     [("15.90", "paid", UNSURE), ("15.00", "subtotal", SURE)], [("15.00", "paid")]),
    ("receipt-inclusive-gst-is-a-total", ocr("SubTotal:", "635.00", "Rounding Adj :", "0.00",
                                             "lal Inclusive GST:", "635.00", "MASTER", "635.00"),
     [("635.00", "paid", None)], [("635.00", "tax")]),
    ("receipt-card-named-with-slips", ocr("Total (Inclusive of GST):", "41.52", "Rounding Adj:",
                                          "-0.02", "TOTAL:", "41.50", "V1SA", "41.50",
                                          "GST Summary", "Amount(RM)", "Tax(RM)", "39.16", "2.36"),
     [("41.50", "paid", SURE), ("41.52", "total", None)], [("41.52", "paid")]),
    ("receipt-cash-less-change-is-the-sum-paid", ocr(
        "Total Sales (Excluding GST)", "80.91", "Total GST", "0.00", "Rounding", "-0.01",
        "Total Sales (Inclusive of GST):", "80.90", "CASH:", "100.00", "Change:", "19.10",
        "GST SUMMARY", "Total", "80.91", "0.00"),
     [("80.90", "paid", UNSURE), ("100.00", "cash", None), ("19.10", "change", None)],
     [("80.91", "paid")]),
    ("receipt-tendered-above-the-total", ocr("Sub Total", "24.43", "GST @6%", "1.61", "Total",
                                             "28.49", "Rounding", "0.01", "Total", "28.50", "Paid",
                                             "50.00", "Change Due", "21.50"),
     [("28.50", "paid", UNSURE), ("28.49", "total", None)], [("28.49", "paid")]),
    ("receipt-discount-with-its-rate", ocr("Discount @10.00%", "-8.00", "Total Sales Incl. GST @6% :",
                                           "72.00", "Total Amount Payable :", "72.00",
                                           "Cash Received :", "100.00", "Change :", "28.00"),
     [("8.00", "discount", SURE), ("72.00", "paid", UNSURE)], [("8.00", "paid")]),
    ("receipt-whole-rupiah", ocr("J.STB PROMO", "17500", "Y.B.BAT", "46000", "TOTAL", "9 1 0 0 0",
                                 "CASH", "91000"),
     [("91000.00", "paid", UNSURE), ("91000.00", "cash", None)], [("17500.00", None)]),
    ("receipt-whole-numbers-beside-cents-are-no-money", ocr("Total Items", "3", "TOTAL", "1200",
                                                           "CASH", "20.00"),
     [("20.00", "cash", None)], [("1200.00", "paid")]),
    ("receipt-tesseract-rows", "Subtotal : 15.90\nTotal Incl. of GST 15:90\nPayment: 50:00\n"
                               "Change Due : 34,10",
     [("15.90", "paid", UNSURE), ("50.00", "cash", None), ("34.10", "change", None)],
     [("50.00", "paid")]),
    ("receipt-zh-cash-and-change", ocr(("合计：", "147.80"), ("应收：", "147.80"), ("实收：", "200.00"),
                                       ("找零：", "52.20")),
     [("147.80", "paid", UNSURE), ("200.00", "cash", None), ("52.20", "change", None)],
     [("200.00", "paid")]),
    ("receipt-zh-column-header-is-no-payment", "永辉超市\n收银员：王丽\n机号：03\n商品名称 数量\n金额\n"
     "金龙鱼大米5kg 1\n39.00\n农夫山泉550ml 2\n6.90\n合计：\n45.90\n实收(微信支付):\n45.90\n谢谢惠顾",
     [("45.90", "paid", SURE)], [("39.00", "paid")]),
    ("receipt-zh-promise-line-leaves-roles-sure", ocr(("合计：", "147.80"), ("会员优惠：", "-5.00"),
                                                      ("实收(微信支付):", "142.80"),
                                                      "收银员：王丽", "退换货请凭此小票在七天内办理"),
     [("147.80", "total", SURE), ("142.80", "paid", SURE)], []),
    ("receipt-zh-cash-word", "应收 ¥56.00\n现金 ¥100.00\n找零 ¥44.00",
     [("56.00", "paid", UNSURE), ("100.00", "cash", None), ("44.00", "change", None)], []),
    ("receipt-tesseract-currency-slips", "Sun- Tota! RM7 .90\nTotal Incl. GST:RH 20.05\n"
                                         "Cash:RM 56.00\nChange:RN 29.95",
     [("20.05", "paid", UNSURE), ("56.00", "cash", None), ("29.95", "change", None)], []),
    ("receipt-semicolon-and-quote-for-colon", "Total Sales (Inclusive of GST) ; ”101.75\n"
                                               "CASH : 101.75\nChange ; 0,00",
     [("101.75", "paid", None)], []),
    ("receipt-time-is-not-money", "Total 12:30\nCASH 5.00", [("5.00", "cash", None)],
     [("12.30", "paid"), ("12.30", None)]),
    ("receipt-garbled-total-word", ocr("Total 6% supplies (Inc. GST):", "15.52", "Total Payat le:",
                                       "5.90", "E.&.O.E."),
     [("5.90", "paid", UNSURE)], []),
    ("receipt-total-lost-cash-less-change", "TOTAL 11,0O\nCash 71.00\nCash Received 101.00\n"
                                             "Change 30.00\nGST @6% 4.02",
     [("71.00", "paid", UNSURE)], [("101.00", "paid")]),
    ("receipt-glued-total-gst", "TotalGST : 10.80\nTotdVSales (Inclusive of GST) : 190.80\n"
                                "CASH : 190.80\nChange : 0.00",
     [("10.80", "tax", SURE), ("190.80", "paid", UNSURE)], [("10.80", "paid")]),
    ("receipt-zh-paid-below-the-total", ocr("合计：", "147.80", "会员优惠：", "-5.00",
                                            "实收(微信支付):", "142.80"),
     [("147.80", "total", None), ("142.80", "paid", SURE)], [("147.80", "paid")]),
]


@pytest.mark.parametrize(("text", "expected", "never"),
                         [c[1:] for c in INVOICES + LOANS + BILLS + SMS + CHATS + SHOP + PAYMENTS
                          + RECEIPTS],
                         ids=[c[0] for c in INVOICES + LOANS + BILLS + SMS + CHATS + SHOP
                              + PAYMENTS + RECEIPTS])
def test_amount_roles(text, expected, never):
    check(amounts(text), expected, never)


def test_a_notes_text_is_the_users_account_never_a_sure_role():
    fields = amounts("客服承诺3个工作日内原路退回1280元，我已付款1280元", source="note")
    assert fields and all(f.confidence < roles.ROLE_CONFIDENT for f in fields), fields


def test_a_promised_amount_says_so():
    (f,) = amounts("客服承诺3个工作日内原路退回1280元")
    assert f.detail.get("promised") is True


def test_a_tax_label_of_another_column_is_dropped_with_its_role():
    text = ocr(("金额", "税率", "税额"), ("1132.74", "13%", "147.26"), ("合计", "¥1132.74", "¥147.26"),
               ("价税合计（大写）", "壹仟贰佰捌拾圆整"), ("（小写）¥1280.00",))
    for f in amounts(text):
        if f.label == "税额":
            assert f.role == "tax" and f.value == "147.26", f


RATES = [
    # (case id, text, expected [(value, label, period)], values that must not be rates)
    ("annual-cell", ocr(("年化利率（单利）", "24.00%")), [("24", "年化利率", "annual")], []),
    ("annual-below", ocr("综合年化利率", "35.90%"), [("35.9", "综合年化利率", "annual")], []),
    ("contract-sentence", "借款年化利率（单利）为24%。乙方应按逾期本金每日万分之五支付罚息。",
     [("24", "年化利率", "annual"), ("0.05", "每日", "daily")], []),
    ("daily-and-annual", "日利率0.05%（年化18.25%）",
     [("0.05", "日利率", "daily"), ("18.25", "年化", "annual")], []),
    ("monthly-fullwidth", "月利率：１．５％", [("1.5", "月利率", "monthly")], []),
    ("apr", "APR 36%", [("36", "APR", "annual")], []),
    ("ocr-quote-in-gap", "综合年化利率 ”35.90%", [("35.9", "综合年化利率", "annual")], []),
    ("value-left-of-label", "24%年化", [("24", "年化", "annual")], []),
    ("per-day-after", "利率 0.05%/天", [("0.05", "利率", "daily")], []),
    ("per-mille", "日息0.5‰", [("0.05", "日息", "daily")], []),
    ("chinese-fraction-percent", "年利率百分之二十四", [("24", "年利率", "annual")], []),
    ("chat", "合同里写的年化利率是24%，加上服务费已经超过了", [("24", "年化利率", "annual")], []),
    ("tax-rate-is-not-interest", "税率 13%\n商品九折 10%", [], ["13", "10"]),
    ("progress", "每日完成进度 50%", [], ["50"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), [c[1:] for c in RATES],
                         ids=[c[0] for c in RATES])
def test_rates(text, expected, absent):
    rates = [f for f in extract(text) if f.kind == "rate"]
    got = {(f.value, f.label, f.role) for f in rates}
    for case in expected:
        assert case in got, (case, rates)
    for value in absent:
        assert value not in {f.value for f in rates}, (value, rates)
    for f in rates:
        assert f.role in roles.RATE_PERIODS and f.detail["period"] == f.role, f
    # a rate is never money
    assert not {f.value for f in rates} & {f.value.removesuffix(".00") for f in amounts(text)}


LOAN_DATES = [
    ("disbursed-label", ocr(("放款时间", "2024-01-15 10:32:11")),
     [("datetime", "2024-01-15T10:32:11", "loan")]),
    ("arrival-on-loan-page", "借款详情\n借款金额 10,000.00\n到账时间 2024-01-15 10:32",
     [("datetime", "2024-01-15T10:32:00", "loan")]),
    ("arrival-elsewhere", "转账详情\n到账时间 2024-01-15 10:32",
     [("datetime", "2024-01-15T10:32:00", "receive")]),
    ("contract-term", "借款期限为12个月，自2024年1月15日起至2025年1月15日止。",
     [("date", "2024-01-15", "loan"), ("date", "2025-01-15", "due")]),
    ("sms-money-in-from-lender", ocr("您尾号5678卡1月15日10:32转账收入(",
                                     "重庆某某小额贷款)人民币9,200.00元"),
     [("datetime", "2024-01-15T10:32:00", "loan")]),
    ("sms-payout", "【某某借款】您的借款9,200.00元已于2024年1月15日10:32发放至尾号5678的银行卡",
     [("datetime", "2024-01-15T10:32:00", "loan")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in LOAN_DATES],
                         ids=[c[0] for c in LOAN_DATES])
def test_a_loans_disbursement_is_a_loan_date(text, expected):
    ctx = Context(captured_at=datetime(2024, 3, 16, 9, 0))
    dates = [f for f in extract(text, ctx) if f.kind in ("date", "datetime")]
    got = {(f.kind, f.value, f.role) for f in dates}
    for case in expected:
        assert case in got, (case, dates)
    for f in dates:
        assert f.role is None or f.role in roles.DATE_ROLES, f


@pytest.mark.parametrize("lang", wording.LANGS)
def test_every_role_has_its_words_in_every_language(lang):
    w = wording.words(lang)
    for role in (*roles.AMOUNT_ROLES, *roles.DATE_ROLES, *roles.RATE_PERIODS):
        assert f"role_{role}" in w, (lang, role)
    assert "kindlabel_rate" in w

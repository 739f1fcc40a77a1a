"""Identifiers in OCR text of order pages, bills, waybills, loan pages and notes.

Each case lists the (kind, value) pairs that must come out and the kinds that must not. The texts
imitate what OCR makes of real screenshots: full-width forms, traditional characters, letters for
digits, glued 复制, spaces inside digit runs, labels and values on different lines.
"""

import pytest

from evidence_vault.extract import extract

ID_KINDS = {"order_no", "transaction_no", "merchant_order_no", "refund_no", "tracking_no",
            "contract_no", "serial_no", "ticket_no"}

CASES = [
    # (case id, text, expected [(kind, value)], kinds that must be absent)
    ("taobao-label-copy", "订单编号: 295914147223954356 复制",
     [("order_no", "295914147223954356")], set()),
    ("traditional", "訂單編號：295914147223954356",
     [("order_no", "295914147223954356")], set()),
    ("fullwidth-digits", "订单编号：２９５９１４１４７２２３９５４３５６",
     [("order_no", "295914147223954356")], set()),
    ("ocr-letters-in-digits", "订单号 2959l41472239S4356",
     [("order_no", "295914147223954356")], set()),
    ("ocr-trailing-O", "订单编号 29591414722395435O 复制",
     [("order_no", "295914147223954350")], set()),
    ("glued-copy", "订单编号295914147223954356复制",
     [("order_no", "295914147223954356")], set()),
    ("spaces-in-run", "订单编号 2959 1414 7223 9543 56",
     [("order_no", "295914147223954356")], set()),
    ("split-over-lines", "交易单号 42000021132024\n03151234567890\n支付方式 零钱",
     [("transaction_no", "4200002113202403151234567890")], set()),
    ("value-next-line", "订单编号\n295914147223954356\n复制",
     [("order_no", "295914147223954356")], set()),
    ("two-column-blocks", "订单编号\n支付宝交易号\n295914147223954356\n2024031522001412345678901234",
     [("order_no", "295914147223954356"),
      ("transaction_no", "2024031522001412345678901234")], set()),
    ("far-end-of-row", "订单编号                                  295914147223954356",
     [("order_no", "295914147223954356")], set()),
    ("wechat-bill", "交易单号 4200000504202001141029026607\n商户单号 1217752501201407033233368018",
     [("transaction_no", "4200000504202001141029026607"),
      ("merchant_order_no", "1217752501201407033233368018")], set()),
    ("alipay-bill", "订单号 2018092821001004990500286702\n商家订单号 T200P295914147223954356",
     [("transaction_no", "2018092821001004990500286702"),
      ("merchant_order_no", "T200P295914147223954356")], set()),
    ("alipay-32", "订单号\n20200520200040011100980021175417",
     [("transaction_no", "20200520200040011100980021175417")], set()),
    ("pdd", "订单编号: 240315-123456789012345 复制",
     [("order_no", "240315-123456789012345")], set()),
    ("pdd-dash-dropped", "拼多多\n订单编号 240315 123456789012345",
     [("order_no", "240315-123456789012345")], set()),
    ("pdd-dash-as-yi", "订单编号：240315一123456789012345",
     [("order_no", "240315-123456789012345")], set()),
    ("jd", "订单号：70439621543\n下单时间：2024-03-15 14:23:07",
     [("order_no", "70439621543")], set()),
    ("meituan", "订单号码 5017024523437487103", [("order_no", "5017024523437487103")], set()),
    ("sf-label", "运单号：SF1401234567890", [("tracking_no", "SF1401234567890")], set()),
    ("sf-shape-only", "顺丰速运 SF1401234567890 已签收", [("tracking_no", "SF1401234567890")],
     set()),
    ("zto-label", "快递单号 75123456789012 复制", [("tracking_no", "75123456789012")], set()),
    ("jd-waybill", "京东快递 运单号 JDVA12345678901", [("tracking_no", "JDVA12345678901")], set()),
    ("loan-contract", "借款合同编号：ZYTZ2013111800001QY",
     [("contract_no", "ZYTZ2013111800001QY")], set()),
    ("iou-no", "借据号 JJ202403150001", [("contract_no", "JJ202403150001")], set()),
    ("bank-serial", "交易流水号 2024031514230712345678",
     [("serial_no", "2024031514230712345678")], set()),
    ("bank-serial-alnum", "业务流水号：B2024031500012345", [("serial_no", "B2024031500012345")],
     set()),
    ("refund-no", "退款编号：1234567890123456", [("refund_no", "1234567890123456")], set()),
    ("ticket", "工单号：GD20240316001 已受理", [("ticket_no", "GD20240316001")], set()),
    ("english-order", "Order No.: 112-4567890-1234567",
     [("order_no", "112-4567890-1234567")], set()),
    ("english-order-hash", "Order #A1B2C3D4", [("order_no", "A1B2C3D4")], set()),
    ("english-txn", "Transaction ID: 9GH12345AB678901C",
     [("transaction_no", "9GH12345AB678901C")], set()),
    ("sroie-invoice", "INVOICE NO: CS00123456\nDATE: 25/12/2018",
     [("serial_no", "CS00123456")], set()),
    ("wechat-shape-only", "4200000504202001141029026607",
     [("transaction_no", "4200000504202001141029026607")], set()),
    ("t200p-O-for-0", "商家订单号 T2O0P295914147223954356",
     [("merchant_order_no", "T200P295914147223954356")], set()),
    ("wechat-pay-order-label", "微信支付订单号: 4200002113202403151234567890",
     [("transaction_no", "4200002113202403151234567890")], set()),
    ("note-says-is", "客服说订单号是70439621543，会尽快处理", [("order_no", "70439621543")], set()),
    ("label-then-copy-word", "订单编号 复制 295914147223954356",
     [("order_no", "295914147223954356")], set()),
    ("spaced-label", "订 单 编 号 295914147223954356", [("order_no", "295914147223954356")], set()),
    ("columns-mixed-with-dates",
     "订单编号\n支付宝交易号\n创建时间\n3812345678901234567\n2024031522001412345678901234\n"
     "2024-03-15 14:20:11",
     [("order_no", "3812345678901234567"),
      ("transaction_no", "2024031522001412345678901234")], set()),
    ("quantity-not-joined", "订单号 70439621543 1件", [("order_no", "70439621543")], set()),
    ("bracketed-copy", "订单编号(复制)295914147223954356", [("order_no", "295914147223954356")],
     set()),
    ("chat-wrap-label-ends-line", "你好，我的订单一直没发货，订单编号\n2959141472239543560\n售后",
     [("order_no", "2959141472239543560")], set()),
    ("chat-wrap-value-split", "请提供扣款的交易单号\n42000021572024031503728119\n46\n已为您关闭",
     [("transaction_no", "4200002157202403150372811946")], set()),
    ("english-label-glued", "Transaction No4200006414202407015847\n847238",
     [("transaction_no", "4200006414202407015847847238")], set()),
    ("merchant-no-wrapped", "商户单号\nXP0024031514203583920174623\n581\n对订单有疑惑",
     [("merchant_order_no", "XP0024031514203583920174623581")], set()),
    ("label-with-english-gloss", "凭证号(VOUCHER NO)：000356\n参考号（REFER NO）: 240315142307",
     [("serial_no", "000356"), ("serial_no", "240315142307")], set()),
    ("english-label-cut-short", "Transaction N4200006414202407015847\n847238",
     [("transaction_no", "4200006414202407015847847238")], set()),
    ("merchant-label-cut-and-glued", "Merchant OrdeMT931055918879837287\nQuestions about this order",
     [("merchant_order_no", "MT931055918879837287")], set()),
    ("invoice-number-opening-a-line", "江苏增值税普通发票\nNo 02995607\n开票日期：2012年10月15日",
     [("serial_no", "02995607")], set()),
    ("receipt-no-with-dot", "RECEIPT\nNo. 0012345\nTOTAL 80.90", [("serial_no", "0012345")], set()),
    ("asked-for-then-sent", "请提供您的借款合同编号，我\n帮您查询\nJT2024011500088127\n查询到您的借款本金",
     [("contract_no", "JT2024011500088127")], set()),
    ("asked-in-english", "Please provide your order number\n281947365021", [("order_no", "281947365021")],
     set()),
    # negatives
    ("asked-then-a-date", "请提供订单号\n2024-03-15", [], ID_KINDS),
    ("asked-then-an-amount", "请提供订单号\n¥1,280.00\n好的", [], ID_KINDS),
    ("no-in-a-sentence", "No stars given 12345678 times", [], ID_KINDS),
    ("phone-is-not-order", "联系电话 13812345678\n收货人 张三", [], ID_KINDS),
    ("request-for-order-no", "请提供订单号，我帮您查询一下", [], ID_KINDS),
    ("date-after-label", "订单号 2024-03-15", [], ID_KINDS),
    ("amount-is-not-id", "实付款 ¥1,280.00\n商品总额 ¥1,300.00", [], ID_KINDS),
    ("bare-card-not-order", "卡 6230880020019354729", [], ID_KINDS),
    ("short-number", "订单号 12", [], ID_KINDS),
    # masked numbers are no identifiers anyone can use (a bank form's 订单号：167XXX)
    ("masked-x", "订单号：167XXX", [], ID_KINDS),
    ("masked-stars", "交易单号 4200****1234", [], ID_KINDS),
    ("masked-long", "订单编号 2959XXXXXXXX543560", [], ID_KINDS),
    ("letters-x-not-a-mask", "合同编号 HX2024X01", [("contract_no", "HX2024X01")], set()),
    # a label wrapped with a stray line between its halves (an avatar read as 口)
    ("label-wrapped-around-an-icon", "你们多收了我的服务费，合同编\n口\n号FQL2023112800361\n乐",
     [("contract_no", "FQL2023112800361")], set()),
    # numbers a chat mentions with no label of their own
    ("another-order-same-shape", "订单号 2959141472239543560 一直没发货\n另一单"
     "2959141472239543561也是一样", [("order_no", "2959141472239543560"),
                                    ("order_no", "2959141472239543561")], set()),
    ("another-order-in-its-own-bubble", "你好，订单编号\n2959141472239543560\n还有这单\n"
     "3748215590264817352\n也没发", [("order_no", "3748215590264817352")], set()),
    ("order-named-by-the-sentence", "我买了两件，另一单是4521887436912也是一样的问题",
     [("order_no", "4521887436912")], set()),
    ("that-order-fullwidth", "那单２２７１８３０９４６５１２０４７７３５还没退",
     [("order_no", "2271830946512047735")], set()),
    ("same-prefix-contract", "合同编号 FQL2023112800361\n另外 FQL2023120500417 也多收了",
     [("contract_no", "FQL2023112800361"), ("contract_no", "FQL2023120500417")], set()),
    ("mobile-in-an-order-sentence", "这单的快递员电话13957162208打不通", [], ID_KINDS),
    ("id-card-in-an-order-sentence", "订单上的身份证号码是110101199003074477", [], ID_KINDS),
    ("card-in-an-order-sentence", "这笔用的卡6225880137654324是招行的", [], ID_KINDS),
    ("landline-like-a-number", "订单问题请致电02788852022", [], ID_KINDS),
    ("stamp-in-an-order-sentence", "这单是20240315142307下的", [], ID_KINDS),
    ("receipt-numbers-stay-codes", "SIMPLIFIED TAX INVOICE\nCASH\nDoc No: CS00031663\n"
     "GST ID 000849813504\nTOTAL 80.90\nCHANGE 19.10\nThank you\n000849813505",
     [], {"order_no", "transaction_no"}),
]


@pytest.mark.parametrize(("text", "expected", "absent"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_identifiers(text, expected, absent):
    fields = extract(text)
    got = {(f.kind, f.value) for f in fields}
    for pair in expected:
        assert pair in got, (pair, fields)
    assert not ({f.kind for f in fields} & absent), fields


def test_label_kept_as_written_and_confidence_by_evidence():
    fields = {f.kind: f for f in extract("訂單編號：295914147223954356\n4200000504202001141029026607")}
    assert fields["order_no"].label == "訂單編號"
    assert fields["order_no"].confidence >= 0.9
    shape_only = fields["transaction_no"]
    assert shape_only.label is None and shape_only.confidence < fields["order_no"].confidence


def test_alipay_trade_number_under_order_label_is_a_transaction():
    (field,) = [f for f in extract("订单号 2018092821001004990500286702") if f.kind.endswith("_no")]
    assert field.kind == "transaction_no" and field.label == "订单号"
    assert field.detail["label_kind"] == "order_no"


def test_t200p_records_the_taobao_order():
    (field,) = [f for f in extract("商家订单号 T200P295914147223954356")
                if f.kind == "merchant_order_no"]
    assert field.detail["taobao_order"] == "295914147223954356"


def test_wechat_number_carries_its_date():
    (field,) = [f for f in extract("交易单号 4200000504202001141029026607")
                if f.kind == "transaction_no"]
    assert field.detail["shape"] == "wechat_txn"
    assert field.detail["date"] == "2020-01-14"


def test_repaired_letters_lower_the_confidence():
    clean = [f for f in extract("订单号 295914147223954356") if f.kind == "order_no"][0]
    slipped = [f for f in extract("订单号 2959l41472239S4356") if f.kind == "order_no"][0]
    assert slipped.detail.get("ocr_repaired") and slipped.confidence < clean.confidence

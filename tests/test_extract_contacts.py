"""Phones, ID cards, bank cards (whole and tails), credit codes and staff numbers, each checked by
its own rule (ID check digit, Luhn, GB 32100), in the shapes OCR gives them."""

import pytest

from evidence_vault.extract import extract

CONTACT_KINDS = {"phone", "id_card", "bank_card", "credit_code", "staff_id"}

CASES = [
    # (case id, text, expected [(kind, value)], [(kind, value)] or kinds that must be absent)
    ("mobile-spaces", "手机号：138 1234 5678", [("phone", "13812345678")], []),
    ("mobile-plus86-dash", "+86-13812345678", [("phone", "13812345678")], []),
    ("mobile-grouped", "联系电话 +86 138-1234-5678", [("phone", "13812345678")], []),
    ("mobile-masked", "收货人 张三 138****5678", [("phone", "138****5678")], []),
    ("mobile-fullwidth", "来电号码 １３８１２３４５６７８", [("phone", "13812345678")], []),
    ("landline", "客服电话 010-12345678", [("phone", "01012345678")], []),
    ("hotline-400", "服务热线 400-123-4567", [("phone", "4001234567")], []),
    ("short-hotline", "我拨打95188反映了问题", [("phone", "95188")], []),
    ("id-card", "身份证号：110101199003074477", [("id_card", "110101199003074477")], []),
    ("id-card-x", "证件号码 11010519880512000x", [("id_card", "11010519880512000X")], []),
    ("id-card-spaces", "证件号码 110101 19900307 4477", [("id_card", "110101199003074477")], []),
    ("id-card-ocr-O", "身份证号 11O101199003074477", [("id_card", "110101199003074477")], []),
    ("id-card-no-label", "借款人 张三 360426199101010071", [("id_card", "360426199101010071")], []),
    ("bank-card-label", "卡号 6222 0212 3456 7890 128", [("bank_card", "6222021234567890128")],
     []),
    ("bank-card-shape", "6228480012345678903", [("bank_card", "6228480012345678903")], []),
    ("card-tail-sms", "【招商银行】您尾号1234的储蓄卡于03月15日14:23消费人民币1,280.00元",
     [("bank_card", "1234")], []),
    ("card-tail-bracket", "支付方式 招商银行信用卡(1234)", [("bank_card", "1234")], []),
    ("card-tail-masked", "银行卡 **** **** **** 5678", [("bank_card", "5678")], []),
    ("card-tail-last4", "卡号后四位为6789", [("bank_card", "6789")], []),
    ("credit-code", "统一社会信用代码：91330100799655058B", [("credit_code", "91330100799655058B")],
     []),
    ("credit-code-alpha", "纳税人识别号 92440300L3456789P9", [("credit_code", "92440300L3456789P9")],
     []),
    ("staff-id", "客服工号：A1023", [("staff_id", "A1023")], []),
    ("staff-id-note", "接线员说她的工号是8866，会帮我加急", [("staff_id", "8866")], []),
    ("staff-seat", "坐席号 10086", [("staff_id", "10086")], [("phone", "10086")]),
    ("staff-english", "Agent ID: 4521", [("staff_id", "4521")], []),
    ("staff-in-sms", "【XX金融】您好，工号1234的专员将与您联系", [("staff_id", "1234")], []),
    ("staff-intro", "亲亲，客服8217号为您服务。", [("staff_id", "8217")], []),
    ("staff-intro-letters", "亲，您好，售后客服KF2071为您服务~", [("staff_id", "KF2071")], []),
    ("staff-label-wrapped", "您好，官方客服为您服务，工\n号P6615。已帮您重新提交", [("staff_id", "P6615")],
     []),
    ("staff-agent-english", "Hello, this is agent E2210.", [("staff_id", "E2210")], []),
    ("card-tail-english", "China Merchants Bank Credit\nCard(4471)", [("bank_card", "4471")], []),
    ("card-ending-in", "Visa ending in 9012", [("bank_card", "9012")], []),
    # negatives
    ("bad-id-checksum", "身份证号 110101199003074478", [], ["id_card"]),
    ("masked-id", "身份证号 3604**********0071", [], ["id_card"]),
    ("bad-luhn", "卡号 6222021234567890123", [], ["bank_card"]),
    ("bad-credit-code", "统一社会信用代码 91330100799655058C", [], ["credit_code"]),
    ("order-not-phone", "订单号 13812345678", [], ["phone"]),
    ("long-order-not-phone", "订单编号 138123456789012345", [], ["phone", "id_card", "bank_card"]),
    ("phone-tail-not-card", "手机尾号5678的用户", [], ["bank_card"]),
    ("money-not-contact", "实付款 ¥1,280.00\n支付时间 2024-03-15 14:23:07", [], CONTACT_KINDS),
    ("txn-not-card", "交易单号 4200000504202001141029026607", [], CONTACT_KINDS),
    ("taobao-order-not-card", "295914147223954356", [], ["bank_card", "id_card"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_contacts(text, expected, absent):
    fields = extract(text)
    got = {(f.kind, f.value) for f in fields}
    for pair in expected:
        assert pair in got, (pair, fields)
    for item in absent:
        if isinstance(item, tuple):
            assert item not in got, (item, fields)
        else:
            assert item not in {f.kind for f in fields}, (item, fields)


def test_masked_phone_is_marked():
    (phone,) = [f for f in extract("收货人 张三 138****5678") if f.kind == "phone"]
    assert phone.detail["masked"] is True


def test_card_tail_has_role_tail_and_bank():
    (tail,) = [f for f in extract("支付方式 招商银行信用卡(1234)") if f.kind == "bank_card"]
    assert tail.role == "tail" and "招商银行" in tail.detail["bank"]


def test_card_label_raises_confidence():
    labelled = [f for f in extract("卡号 6228480012345678903") if f.kind == "bank_card"][0]
    bare = [f for f in extract("6228480012345678903") if f.kind == "bank_card"][0]
    assert labelled.confidence > bare.confidence

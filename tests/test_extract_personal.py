"""What is personal data (extract/personal.py): one table of real-looking lines, what each
hides and what it keeps, and the masks the text of the redacted dossier shows."""

from __future__ import annotations

import pytest

from evidence_vault.extract.personal import find_personal, is_personal_field, mask, mask_text

CASES = [
    # ID cards: valid anywhere; after a label even when an OCR slip breaks the check digit
    ("身份证号码：330106199207093592", [("id_card", "330106199207093592")]),
    ("身份证号码：330106199207093591", [("id_card", "330106199207093591")]),
    ("证件号 33010619920709359X 已核验", [("id_card", "33010619920709359X")]),
    ("申请人 330106199207093592", [("id_card", "330106199207093592")]),
    # a ticket's half-masked ID and the passenger printed after it
    ("1329271981****0518 崔厚良", [("id_card", "1329271981****0518"), ("name", "崔厚良")]),
    # phones: mobiles, a landline after a personal label; never a service number
    ("联系电话：15936838825", [("phone", "15936838825")]),
    ("我的手机号是138 1234 5678吗", [("phone", "138 1234 5678")]),
    ("联系电话 0571-88886666", [("phone", "0571-88886666")]),
    ("客服电话 0571-88886666 或 95555，400-820-8888", []),
    ("手机号 138****5678", []),
    # cards: Luhn-valid anywhere, any 12-19 digits after a card label; a tail stays
    ("收款账户：中国工商银行 6222 0248 8325 1435 678", [("bank_card", "6222 0248 8325 1435 678")]),
    ("付款人账号\n6225 8834 6163 8434", [("bank_card", "6225 8834 6163 8434")]),
    ("卡号：6222 0248 8325 1435 679", [("bank_card", "6222 0248 8325 1435 679")]),
    ("招商银行信用卡(4471) 尾号1234", []),
    # names: after a label that names a person, in a bracket, on the next line of a table
    ("乙方（借款人）：周明", [("name", "周明")]),
    ("付款人户名 张明", [("name", "张明")]),
    ("收款人户名\n李建国", [("name", "李建国")]),
    ("姓名张三性别男", [("name", "张三")]),
    ("签收人：王小二，如有疑问请联系", [("name", "王小二")]),
    # …but not an organisation, a word of the form, or 借款人民币
    ("甲方（出借人）：重庆分期乐小额贷款有限公司", []),
    ("收款人：京东商城", []),
    ("收款人：支付宝", []),
    ("乙方向甲方借款人民币（大写）壹万元整", []),
    ("付款人账号 请核对", []),
    ("【杭州市】快件已签收，签收人：仓库前台。如有疑问", []),
    ("您的快件已签收，签收人：驿站代收。", []),
    # the dispute's facts stay
    ("订单号 2024031522001494691008861677 实付款 ¥1,280.00", []),
    ("统一社会信用代码：91500112363481894A", []),
    ("客服工号A1023", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_what_is_personal(text, expected):
    assert [(p.kind, p.value) for p in find_personal(text)] == expected
    for p in find_personal(text):
        assert text[p.start:p.end] == p.value


def test_spans_are_offsets_into_the_text_as_given():
    text = "ＩＤ　身份证号码：３３０１０６１９９２０７０９３５９２　姓名：周明"  # full-width, as OCR gives it
    found = find_personal(text)
    assert [p.kind for p in found] == ["id_card", "name"]
    assert found[0].value == "３３０１０６１９９２０７０９３５９２" and found[1].value == "周明"


def test_numbers_the_vault_read_are_found_however_spaced():
    assert [p.value for p in find_personal("账户 6217-0085-5070-5431-120 已冻结",
                                           known=["6217008550705431120"])] == [
        "6217-0085-5070-5431-120"]


def test_a_known_name_is_found_wherever_it_is_written():
    """The claimant's own name, given as known, is hidden with no label beside it too."""
    assert [(p.kind, p.value) for p in find_personal("您好周明远先生，退款已受理", known=["周明远"])] \
        == [("name", "周明远")]


@pytest.mark.parametrize(("value", "kind", "shown"), [
    ("13812345678", None, "138****5678"),
    ("330106199207093592", None, "3301**********3592"),
    ("6222 0248 8325 1435 678", None, "***************5678"),
    ("1329271981****0518", None, "******************"),
    ("周明", "name", "周*"),
    ("欧阳娜娜", None, "欧***"),
])
def test_masks(value, kind, shown):
    assert mask(value, kind) == shown


def test_mask_text_keeps_everything_else():
    assert mask_text("乙方（借款人）：周明 身份证号码：330106199207093592 实付款 ¥1,280.00") == \
        "乙方（借款人）：周* 身份证号码：3301**********3592 实付款 ¥1,280.00"


@pytest.mark.parametrize(("field", "personal"), [
    ({"kind": "phone", "value": "13812345678", "role": None, "detail": {"type": "mobile"}}, True),
    ({"kind": "phone", "value": "95555", "role": None, "detail": {"type": "hotline"}}, False),
    ({"kind": "phone", "value": "138****5678", "role": "masked", "detail": {"masked": True}}, False),
    ({"kind": "bank_card", "value": "4471", "role": "tail", "detail": {}}, False),
    ({"kind": "id_card", "value": "330106199207093592", "role": None, "detail": {}}, True),
    ({"kind": "order_no", "value": "2024031522001494691008861677", "role": None}, False),
])
def test_which_fields_are_personal(field, personal):
    assert is_personal_field(field) is personal

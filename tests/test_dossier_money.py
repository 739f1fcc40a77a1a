"""The cover's money by role (涉案金额): built only from exhibits' amounts whose role is sure or
that the user confirmed, never from a note's text, each figure naming its exhibits.

A real vault and real extraction: the items' fields are what the extractors read from OCR text
of a loan's pages, a card bill and a shop's payment page, recorded as `add` records them; the
note is typed as a user types it. The dossier is built from the vault's facts as `export` builds
it, without drawing the PDF.
"""

from __future__ import annotations

from evidence_vault import custody, db, records
from evidence_vault.dossier import build, content
from evidence_vault.models import Field
from evidence_vault.pipeline import extract_fields

PAGES = {
    "loan.png": "借款详情\n借款金额（元）\n10,000.00\n到账金额\n¥9,200.00\n服务费\n¥800.00\n"
                "年化利率（单利）\n24.00%\n放款时间\n2024-01-15 10:32:11",
    "plan.png": "还款计划\n本期应还（元）\n1,034.15\n应还本金\n¥833.33\n应还利息\n¥188.02\n"
                "第1期\n2024-02-15 ¥1,021.35 已还",
    "bill.png": "招商银行信用卡\n本期应还金额\n¥3,286.40\n最低还款额\n¥328.64\n账单日\n2024-03-18\n"
                "交易明细\n03-16 美团外卖\n-258.00\n03-15 京东商城\n-1,280.00",
    "pay.png": "账单详情\n-1,280.00\n支付成功\n支付时间 2024年3月15日 14:23:07\n"
               "交易单号 4200002113202403151234567890",
    "shop.png": "商品总额\n运费\n实付款\n¥1,300.00\n¥0.00\n¥1,280.00",
}


def _record(vault, item, fields):
    with db.write(vault.db):
        records.fields.save(vault.db, fields, item_id=item.id)
        custody.append(vault.db, "fields", item.ref,
                       {"digests": {item.ref: vault.states.item_digest(item.id)}})


def _cover(vault, slug):
    facts = content.case(vault, slug)
    numbers, _ = content.exhibit_numbers(vault.db, facts.case_id)
    content.gather(vault, facts, numbers)
    dossier, _ = build.build(facts, [], lang="zh", made_at="2024-03-20T10:00:00", vault_id="v",
                             log_head=(1, "0" * 64), images=lambda ex, blob: [])
    return dict(dossier.money), {e.ref: e.number for e in dossier.exhibits}


def test_the_cover_lists_sure_roles_of_exhibits_never_a_notes_text(vault, files):
    vault.case_new("loan", title="借款纠纷")
    items = {}
    for i, (name, text) in enumerate(PAGES.items()):
        [item] = vault.add([files(name, bytes([i]) * 64)], case="loan")
        _record(vault, item, extract_fields(text, captured_at="2024-03-20T10:00:00", app=None,
                                            filename=name, source="ocr"))
        items[name] = item
    vault.note(case="loan", channel="phone", at="2024-03-16 10:05",
               text="客服承诺3个工作日内原路退回1280元，另外说服务费800元是借款本金的一部分")
    money, number = _cover(vault, "loan")

    def exhibits(*names):
        return "、".join(str(n) for n in sorted(number[items[x].ref] for x in names))

    # the loan's principal is the loan's, not an instalment's, nor the fee
    assert money["借款本金"] == f"¥10,000.00（证据{exhibits('loan.png')}）"
    assert money["服务费/手续费"] == f"¥800.00（证据{exhibits('loan.png')}）"
    assert money["实际到账"] == f"¥9,200.00（证据{exhibits('loan.png')}）"
    # the card bill's 应还 is due, its transactions are nobody's payment; the payment page's
    # headline is; the shop page's column of labels is inferred and so left out
    assert f"¥3,286.40（证据{exhibits('bill.png')}）" in money["应还"]
    assert money["实付"] == f"¥1,280.00（证据{exhibits('pay.png')}）"
    assert "258" not in "".join(money.values())
    # the note promised a refund: not a refund, and a note is never the cover's money
    assert "退款" not in money
    assert "833.33" not in money.get("借款本金", "")


def test_an_amount_the_user_confirmed_is_listed_whatever_its_confidence(vault, files):
    vault.case_new("shop", title="购物纠纷")
    [item] = vault.add([files("receipt.png", b"r" * 64)], case="shop")
    _record(vault, item, [Field("amount", "89.90", "合计", "paid", 0.75),
                          Field("amount", "12.00", "运费", "shipping", 0.5, source="user"),
                          Field("amount", "99.00", "退款", "refund", 0.5, source="user")])
    money, number = _cover(vault, "shop")
    assert "实付" not in money  # a 合计 settled as paid is inferred
    assert money["退款"] == f"¥99.00（证据{number[item.ref]}）"

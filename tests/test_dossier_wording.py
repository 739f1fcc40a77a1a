"""The dossier's words: one table per language, the same templates in each."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from pathlib import Path

import pytest

import evidence_vault
from evidence_vault.dossier import wording
from evidence_vault.errors import InvalidInputError


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_english_template_has_a_chinese_one_with_the_same_placeholders():
    zh, en = wording.words("zh"), wording.words("en")
    assert set(en) <= set(zh), sorted(set(en) - set(zh))
    # where a language leaves a template out, the code falls back to the code name
    # (a field kind, a channel, an identifier): nothing else may be missing in English
    missing = set(zh) - set(en)
    assert all(k.startswith(("kindlabel_", "channel_", "due_", "verb_", "id_fallback", "note_event"))
               for k in missing), sorted(missing)
    # English may leave out what it has no use for; two take the app's name with a space after
    # it and the date alone, which build.py passes beside the Chinese ones
    own = {"source_screenshot": {"app_"}, "source_screenshot_computer": {"app_"},
           "source_note": {"created_date"}}
    for key in en:
        assert placeholders(en[key]) <= placeholders(zh[key]) | own.get(key, set()), key


def test_traditional_is_made_from_simplified_template_by_template():
    zh, hant = wording.words("zh"), wording.words("zh-Hant")
    assert set(hant) == set(zh)
    for key in zh:
        assert placeholders(hant[key]) == placeholders(zh[key]), key
    assert hant["catalogue"] == "證據目錄" and hant["statement"] == "電子數據保全說明"
    # Taiwan-standard characters, one for one; the mainland's legal terms are kept
    assert hant["notice_note"].startswith("本證據為當事人製作的溝通記錄")
    assert hant["source_user"] == "用戶填寫" and hant["kindname_video"] == "視頻"
    assert hant("exhibit", n=3) == "證據3" and hant("page", n=1, m=9) == "第 1 頁 共 9 頁"
    assert "证" not in "".join(hant.values()) and "据" not in "".join(hant.values())


def test_filled_values_are_never_templates():
    w = wording.words("zh-Hant")
    assert w("key_id", label="{label}", value="订单号{0}") == "（{label}订单号{0}）"


def test_only_the_three_languages():
    assert wording.LANGS == ("zh", "zh-Hant", "en")
    for bad in ("fr", "zh-TW", "ZH", ""):
        with pytest.raises(InvalidInputError, match="zh, zh-Hant or en"):
            wording.words(bad)


@pytest.mark.parametrize(("lang", "group", "i", "heading"), [
    ("zh", "双方存在买卖合同关系", 1, "一、双方存在买卖合同关系"),
    ("zh", "已付款", 10, "十、已付款"),
    ("zh", "已付款", 12, "十二、已付款"),
    ("zh", "已付款", 20, "二十、已付款"),
    ("zh", "已付款", 99, "九十九、已付款"),
    ("zh", "二、已付款", 1, "二、已付款"),
    ("zh-Hant", "已付款", 3, "三、已付款"),
    ("en", "Payment made", 2, "2. Payment made"),
    ("en", "3) Payment made", 2, "3) Payment made"),
])
def test_group_headings(lang, group, i, heading):
    assert wording.group_heading(wording.words(lang), group, i) == heading


def test_the_preservation_statement_and_check_commands():
    head = (7, "ab" * 32)
    for lang in wording.LANGS:
        w = wording.words(lang)
        text = "".join(wording.statement(w, head))
        assert text.count("#7") == 2 and "ab" * 32 in text
        assert wording.check_commands(w)[0].startswith("sha256sum -c SHA256SUMS")
    assert "<文件名>" in wording.check_commands(wording.words("zh"))[3]
    assert "<file>" in wording.check_commands(wording.words("en"))[3]


@pytest.mark.parametrize(("n", "numeral"), [(1, "一"), (10, "十"), (11, "十一"), (21, "二十一"),
                                            (100, "一百"), (101, "一百零一")])
def test_chinese_numerals(n, numeral):
    assert wording.chinese_numeral(n) == numeral


# ---- every field kind and role the extractors give has its words ------------------------------

EXTRACT = Path(evidence_vault.__file__).parent / "extract"

# Real-looking text of every family, for the extractors to run over: whatever kind and role they
# give must be in extract/roles.py, and so have its words.
TEXTS = [
    "订单编号 295914147223954356 复制\n实付款 ¥1,280.00\n下单时间 2024-03-15 14:23:07",
    "交易单号 4200009122202403159432650529\n商户单号 1320326264896987248962\n支付时间 2024年3月15日 12:05:33",
    "退款编号 30012345678901\n退款金额 ¥1,280.00\n退款时间 2024-03-20 15:42",
    "运单号 SF1234567890123\n签收时间 2024-03-18 10:00",
    "借款合同编号 FQL2024011500917342\n借款金额 10,000.00\n到账金额 ¥9,200.00\n服务费 ¥800.00\n"
    "年化利率（单利） 24.00%\n放款时间 2024-01-15 10:32:11\n到期还款日 2025-01-15\n每日万分之五",
    "本期应还 1,034.15\n应还本金 ¥833.33\n应还利息 ¥188.02\n罚息 ¥12.80\n逾期金额 ¥1,034.15\n"
    "最低还款额 ¥300.00\n信用额度 ¥20,000.00\n账单日 2024-03-05",
    "【招商银行】您尾号1234的信用卡于03月15日14:23消费人民币1,280.00元，可用余额8,720.50元。",
    "客服工号A1023为您服务，客服电话 400-123-4567，来电号码 13812345678，手机 138****5678",
    "身份证号码：110101199003071234\n银行卡号 6222 0248 8325 1435 678\n统一社会信用代码 91330106867224007R",
    "发票号码 24332000000041305872\n开票日期 2024年04月13日\n合计 ¥1,132.74 ¥147.26\n"
    "价税合计（小写）¥1280.00",
    "商品总价 ¥1,299.00\n运费 ¥0.00\n优惠 -¥19.00\n单价 ¥45.90\n找零 ¥4.10\nCASH 50.00",
    "签署日期：2024年01月15日\n申请时间 2024-03-16 09:00\n发货时间 2024-03-16 18:00\n取消时间 2024-03-17",
    "昨天 14:23\n您好，已为您提交退款申请，3个工作日内退款到原支付账户",
    "交易单号 4200009122202401019432650529\n支付时间 2024-03-15 12:05:33",  # a cross-check
    "Order No. 281947365021\nTotal: $45.90\nPaid on June 25, 2024\nTracking number 1Z999AA10123456784",
]


def _literals() -> tuple[set[str], set[str]]:
    """The kinds (the third argument of page.found) and roles (role="…") written as literals in
    the extractors' source."""
    kinds, role_names = set(), set()
    for path in EXTRACT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "found" and len(node.args) >= 3 \
                    and isinstance(node.args[2], ast.Constant):
                kinds.add(node.args[2].value)
            for kw in node.keywords:
                if kw.arg == "role" and isinstance(kw.value, ast.Constant) and kw.value.value:
                    role_names.add(kw.value.value)
    return kinds, role_names


def test_every_kind_and_role_the_extractors_give_is_named():
    from evidence_vault.extract import Context, extract, roles

    kinds, role_names = _literals()
    ctx = Context(captured_at=dt.datetime(2024, 3, 16, 9, 0))
    for text in TEXTS:
        for f in extract(text, ctx):
            kinds.add(f.kind)
            if f.role:
                role_names.add(f.role)
    assert {"order_no", "rate", "check", "promise", "bank_card", "phone"} <= kinds  # the table ran
    assert kinds <= set(roles.FIELD_KINDS), kinds - set(roles.FIELD_KINDS)
    named = {*roles.AMOUNT_ROLES, *roles.DATE_ROLES, *roles.RATE_PERIODS, *roles.CONTACT_ROLES}
    assert role_names <= named, role_names - named


@pytest.mark.parametrize("lang", wording.LANGS)
def test_every_kind_role_and_check_has_its_words(lang):
    from evidence_vault.extract import roles

    w = wording.words(lang)
    for kind in roles.FIELD_KINDS:
        assert f"kindlabel_{kind}" in w, (lang, kind)
    for role in (*roles.AMOUNT_ROLES, *roles.DATE_ROLES, *roles.RATE_PERIODS, *roles.CONTACT_ROLES):
        assert f"role_{role}" in w, (lang, role)
    for period in roles.RATE_PERIODS:
        assert f"rate_{period}" in w, (lang, period)
    for check in roles.CHECKS:
        assert f"check_{check}" in w, (lang, check)
    if w.chinese:  # and the Chinese words are Chinese: no code name shows through
        latin = re.compile(r"[A-Za-z]{2,}")
        for key in w:
            if key.startswith(("kindlabel_", "role_", "rate_", "check_")) and key != "check_certutil":
                assert not latin.search(re.sub(r"\{\w+\}", "", w[key])), (lang, key, w[key])


def test_the_field_table_speaks_the_dossiers_language():
    from evidence_vault.dossier.build import _field_lines

    fields = [dict(kind="amount", value="45.9", label="单价", role="price"),
              dict(kind="date", value="2024-01-15", label="日期", role="sign"),
              dict(kind="rate", value="0.05", label="每日", role="daily"),
              dict(kind="rate", value="24", label="年化利率", role="annual"),
              dict(kind="platform", value="工商银行", label="中国工商银行", role=None),
              dict(kind="phone", value="4001234567", label=None, role="service"),
              dict(kind="check", value="txn_date_mismatch", label=None, role=None,
                   detail={"identifier": "4200…", "date_in_identifier": "2024-01-01",
                           "shown_date": "2024-03-15", "days_apart": 74}),
              dict(kind="made_up", value="x", label=None, role="made_up_role"),
              dict(kind="bank_card", value="5678", label="银行卡", role="tail")]
    lines = [(f.label, f.value) for f in _field_lines(wording.words("zh"), fields)]
    assert lines == [("单价", "¥45.90"), ("日期（签署）", "2024-01-15"), ("日利率", "0.05%"),
                     ("年化利率", "24%"), ("平台/机构", "工商银行"), ("客服电话", "4001234567"),
                     ("核对", "交易单号4200…所含日期 2024-01-01 与页面所示日期 2024-03-15 "
                              "相差 74 天，请核实"),
                     ("其他信息", "x"), ("银行卡（尾号）", "5678")]
    en = [(f.label, f.value) for f in _field_lines(wording.words("en"), fields)]
    assert en[1] == ("日期 (signed)", "2024-01-15") and en[7] == ("Other", "x")

"""The dossier's words: one table per language, the same templates in each."""

from __future__ import annotations

import string

import pytest

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
    own = {"source_shot": {"app_"}, "source_note": {"created_date"}}
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

"""One case look-up (records.case_id) for every command: a slug typed with a CJK
compatibility character (an input method's 豈, U+F900) finds the case stored under
its unified form (U+8C48) in show, timeline, due, search and export alike; an
unknown case is the same NotFoundError everywhere."""

from __future__ import annotations

import pytest

from evidence_vault.errors import NotFoundError

COMPAT = "\uf900案"      # 豈 as a compatibility character
UNIFIED = "\u8c48案"     # the same character, unified: what the vault stores


@pytest.fixture
def case_vault(vault, files):
    vault.add([files("a.png")], case=COMPAT)
    vault.note(case=COMPAT, channel="phone", at="2024-03-16 10:05", text="客服承诺退款",
               promise="3个工作日内退款", due="2024-03-21")
    return vault


def test_a_compatibility_slug_finds_the_case_everywhere(case_vault, tmp_path):
    v = case_vault
    assert [c["slug"] for c in v.case_list()] == [UNIFIED]
    assert v.case_show(COMPAT)["slug"] == UNIFIED
    assert v.timeline(COMPAT)
    assert [p["text"] for p in v.promises(COMPAT)] == ["3个工作日内退款"]
    assert v.search("退款", case=COMPAT).total == 1


def test_an_unknown_case_is_one_error_everywhere(vault):
    for ask in (lambda: vault.case_show("nope"), lambda: vault.timeline("nope"),
                lambda: vault.promises("nope"), lambda: vault.search("x", case="nope")):
        with pytest.raises(NotFoundError, match="no case named 'nope'"):
            ask()

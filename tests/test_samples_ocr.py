"""The proof that reading works: the real default engine (rapidocr) over a
subset of samples/ through `vault add`, against the truth beside each file.

The subset spans the layouts and the hard cases (dark mode, traditional
Chinese, English, a photographed screen, heavy JPEG, a HEIC photo, a scanned
PDF); every identifier and amount in their truth must be found. The full set
is measured, not asserted, by benchmarks/extraction.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO

from evidence_vault.vault import Vault

pytestmark = pytest.mark.slow

SAMPLES = REPO / "samples"
SUBSET = [
    "Screenshot_20240318_094307_com.tencent.mm.jpg",                       # chat, light
    "QQ截图20240328113026.png",                                            # chat, dark
    "Screenshot_2024-03-18-21-20-03-947_com.eg.android.AlipayGphone.jpg",  # alipay bill
    "Screenshot_20240315_121002_com.tencent.mm.jpg",                       # wechat pay bill
    "IMG_5187.PNG",                                                        # taobao, traditional
    "Screenshot_20240701-182602.png",                                      # JD, English
    "Screenshot_2024-06-20-19-02-41-440.jpg",                              # loan app
    "wx_camera_1710730960008.jpg",                                         # photographed screen
    "微信图片_20240319080240.jpg",                                          # JPEG q28
    "IMG_4301.HEIC",                                                       # iPhone photo
    "借款合同_扫描件.pdf",                                                   # scanned PDF
]


def truth(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def read_subset(tmp_path_factory):
    v = Vault.open(tmp_path_factory.mktemp("samples") / "vault")
    results = v.add([SAMPLES / n for n in SUBSET], engine="rapidocr", jobs=2)
    yield v, {Path(r.path).name: r for r in results}
    v.close()


@pytest.mark.parametrize("name", SUBSET)
def test_identifiers_and_amounts_are_read(read_subset, name):
    v, results = read_subset
    r = results[name]
    assert r.status == "added" and not [w for w in r.warnings if "could not" in w]
    shown = v.show(r.ref)
    assert shown["ocr"]["engine"] == "rapidocr" and shown["ocr"]["text"]
    got = {(f["kind"].endswith("_no") and "id" or f["kind"], f["value"]) for f in shown["fields"]}
    want = {("id" if f["kind"].endswith("_no") else f["kind"], f["value"])
            for f in truth(name)["fields"] if f["kind"].endswith("_no") or f["kind"] == "amount"}
    assert want <= got, sorted(want - got)


def test_capture_time_and_app_are_claimed(read_subset):
    v, results = read_subset
    for name, r in results.items():
        t = truth(name)
        if t.get("captured_at"):
            assert r.captured_at == t["captured_at"], name
        if t.get("app"):
            assert r.app == t["app"], name


def test_a_promise_gets_its_due_date_in_working_days(read_subset):
    v, results = read_subset
    name = "Screenshot_20240318_094307_com.tencent.mm.jpg"
    promises = [f for f in v.show(results[name].ref)["fields"] if f["kind"] == "promise"]
    expected = [f for f in truth(name)["fields"] if f["kind"] == "promise"]
    assert promises and expected
    assert promises[0]["detail"]["due"] == expected[0]["due"]


@pytest.mark.parametrize("name", SUBSET)
def test_amounts_are_read_in_their_roles(read_subset, name):
    """Each amount the truth gives a role is read with that role, and no amount is read sure of
    a role the truth does not give it (what the dossier's cover would then state)."""
    from evidence_vault.extract.roles import ROLE_CONFIDENT

    v, results = read_subset
    got = [f for f in v.show(results[name].ref)["fields"] if f["kind"] in ("amount", "rate")]
    truth_fields = [f for f in truth(name)["fields"] if f["kind"] in ("amount", "rate")]
    read = {(f["kind"], f["value"], f["role"]) for f in got}
    for f in truth_fields:
        if f["role"] is not None:
            assert (f["kind"], f["value"], f["role"]) in read, (f, got)
    roles_of: dict[tuple[str, str], set] = {(f["kind"], f["value"]): set() for f in truth_fields}
    for f in truth_fields:
        roles_of[(f["kind"], f["value"])].add(f["role"])
    for f in got:
        known = roles_of.get((f["kind"], f["value"]), set()) - {None}
        if known and f["role"] and f["confidence"] >= ROLE_CONFIDENT:
            assert f["role"] in known, (f, known)


# what each layout is, as the dossier names it (extract/documents.py)
LAYOUT_KINDS = {"wechat-chat": {"chat"}, "wechat-chat-dark": {"chat"}, "alipay-bill": {"payment"},
                "wechatpay-bill": {"payment"}, "taobao-order": {"order"}, "jd-order": {"order"},
                "loan-app": {"loan", "repayment_plan"}, "receipt": {"receipt"},
                "loan-contract-scan": {"contract"}}


@pytest.mark.parametrize("name", SUBSET)
def test_what_each_document_is_from_its_real_reading(read_subset, name):
    from evidence_vault.extract.documents import document_kind

    v, results = read_subset
    shown = v.show(results[name].ref)
    assert document_kind(shown["ocr"]["text"], shown["fields"]) in LAYOUT_KINDS[truth(name)["layout"]]

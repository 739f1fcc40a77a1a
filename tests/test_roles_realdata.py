"""Amount roles on real photographed documents, read by the real default engine through `add`:
a VAT invoice (价税合计 is what was paid; 合计 and 税额 add up to it) and a railway ticket (its
one unlabelled amount is the fare paid, and not sure). The images live in ../shared/realdata
and are read there, never copied; the test skips where that folder is absent."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REALDATA

from evidence_vault.extract.roles import ROLE_CONFIDENT
from evidence_vault.vault import Vault

pytestmark = pytest.mark.slow

INVOICE = "zh-vat-invoice-jiangsu-sample.png"
TICKET = "zh-train-ticket-beidaihe-binhai-g4364.jpg"


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    if not (REALDATA / "truth.json").exists():
        pytest.skip(f"the real-image set is not here ({REALDATA}); it lives in ../shared/realdata")
    truth = json.loads((REALDATA / "truth.json").read_text(encoding="utf-8"))
    v = Vault.open(tmp_path_factory.mktemp("real") / "vault")
    results = v.add([REALDATA / INVOICE, REALDATA / TICKET], engine="rapidocr", jobs=1)
    fields = {Path(r.path).name: v.show(r.ref)["fields"] for r in results}
    yield truth, fields
    v.close()


def test_a_photographed_vat_invoice_pays_its_total_and_its_tax_adds_up(read):
    truth, fields = read
    amounts = [f for f in fields[INVOICE] if f["kind"] == "amount"]
    sure = {f["role"]: Decimal(f["value"]) for f in amounts
            if f["role"] and f["confidence"] >= ROLE_CONFIDENT}
    assert sure.get("paid") == Decimal(truth[INVOICE]["amounts"][0]), amounts
    assert sure["subtotal"] + sure["tax"] == sure["paid"], amounts
    # no other amount is taken for the tax, and the pre-tax 合计 is not what was paid
    assert {f["value"] for f in amounts if f["role"] == "tax"} == {f"{sure['tax']:.2f}"}
    assert not [f for f in amounts if f["role"] == "paid" and Decimal(f["value"]) != sure["paid"]]


def test_a_tickets_fare_is_paid_but_not_sure(read):
    truth, fields = read
    (fare,) = [f for f in fields[TICKET] if f["kind"] == "amount"]
    assert fare["value"] == truth[TICKET]["amounts"][0] and fare["role"] == "paid"
    assert fare["confidence"] < ROLE_CONFIDENT

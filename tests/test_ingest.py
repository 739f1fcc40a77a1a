"""The add pipeline around OCR: engines, parallel reading, the reading cache,
reocr, notes' fields, and what happens when an engine is missing.

Fast tests use a fake engine behind the OcrEngine interface; the proof that
reading works uses the real default engine on real images (test_ingest_real.py
and the OCR tests)."""

from __future__ import annotations

import pytest
from conftest import png_bytes

from evidence_vault.errors import VaultError
from evidence_vault.models import OcrLine
from evidence_vault.ocr import ENGINES, OcrEngine

READS: list[str] = []


class FakeEngine(OcrEngine):
    """Reads an order page from any image, its amount from the image's red channel."""

    name = "fake"

    def __init__(self, threads=None):
        self.threads = threads

    def available(self):
        return None

    def version(self):
        return "fake 1"

    def read_image(self, image):
        red = image.convert("RGB").getpixel((0, 0))[0]
        READS.append(str(red))
        return [OcrLine("订单编号 295914147223954356", (0, 0, 100, 10), 0.99),
                OcrLine(f"实付款 ¥{red},280.00", (0, 12, 100, 22), 0.98),
                OcrLine("支付时间 2024-03-15 14:23:07", (0, 24, 100, 34), 0.97)]


class MissingEngine(FakeEngine):
    name = "missing"

    def available(self):
        return "missing is not installed: pip install missing-ocr"


@pytest.fixture(autouse=True)
def fake_engines(monkeypatch):
    monkeypatch.setitem(ENGINES, "fake", FakeEngine)
    monkeypatch.setitem(ENGINES, "missing", MissingEngine)
    READS.clear()


def fields_of(vault, ref):
    return {(f["kind"], f["value"], f["role"]) for f in vault.show(ref)["fields"]}


def test_add_reads_and_extracts(vault, files):
    [r] = vault.add([files("Screenshot_20240315-142310.png", png_bytes(color=(1, 0, 0)))],
                    engine="fake")
    assert r.status == "added" and r.fields >= 3
    shown = vault.show(r.ref)
    assert shown["ocr"]["engine"] == "fake" and shown["ocr"]["engine_version"] == "fake 1"
    assert "订单编号 295914147223954356" in shown["ocr"]["text"]
    got = fields_of(vault, r.ref)
    assert ("order_no", "295914147223954356", None) in got
    assert ("amount", "1280.00", "paid") in got
    assert ("datetime", "2024-03-15T14:23:07", "payment") in got
    lines = vault.db.execute("SELECT lines FROM readings").fetchone()[0]
    assert '"box": [0.0, 0.0, 100.0, 10.0]' in lines and '"confidence": 0.99' in lines
    assert [h.ref for h in vault.search("295914").hits] == ["E1"]
    assert vault.verify().ok


def test_parallel_reading_keeps_order_and_results(vault, files):
    paths = [files(f"{i:02d}.png", png_bytes(color=(i + 1, 0, 0))) for i in range(6)]
    results = vault.add(paths, engine="fake", jobs=2)
    assert [r.ref for r in results] == [f"E{i}" for i in range(1, 7)]
    for i, r in enumerate(results):
        assert ("amount", f"{i + 1}280.00", "paid") in fields_of(vault, r.ref)
    assert READS == []  # read in the worker processes, not here


def test_one_job_reads_in_process(vault, files):
    vault.add([files("a.png", png_bytes(color=(3, 0, 0))),
               files("b.png", png_bytes(color=(4, 0, 0)))], engine="fake", jobs=1)
    assert READS == ["3", "4"]


def test_missing_engine_stores_the_file_and_says_how_to_install(vault, files):
    [r] = vault.add([files("a.png", png_bytes())], engine="missing")
    assert r.status == "added"
    assert any("pip install missing-ocr" in w and "vault reocr" in w for w in r.warnings)
    assert vault.show(r.ref)["ocr"] is None
    with pytest.raises(VaultError, match="pip install missing-ocr"):
        vault.reocr([r.ref], engine="missing")


def test_unreadable_image_is_kept_with_a_warning(vault, files):
    [r] = vault.add([files("broken.png", png_bytes((400, 400))[:70])], engine="fake")
    assert r.status == "added" and r.mime == "image/png"
    assert any(w.startswith("could not be read") for w in r.warnings)
    assert vault.verify().ok


def test_non_images_are_not_read(vault, files):
    [r] = vault.add([files("call.bin", b"\x00" * 100)], engine="fake")
    assert r.status == "added" and READS == [] and reading_warnings(r) == []


def test_reocr_uses_the_cache_and_logs(vault, files):
    [r] = vault.add([files("a.png", png_bytes(color=(5, 0, 0)))], engine="fake", jobs=1)
    assert READS == ["5"]
    [again] = vault.reocr([r.ref], engine="fake", jobs=1)
    assert again["cached"] is True and READS == ["5"]  # not read twice
    assert vault.log()[-1].action == "reocr"
    vault.db.execute("DELETE FROM fields WHERE item_id = ?", (r.id,))
    assert not vault.verify().ok  # fields deleted behind the vault's back
    vault.reocr(None, engine="fake")  # --all puts them back, logged
    assert ("amount", "5280.00", "paid") in fields_of(vault, r.ref)
    assert vault.verify().ok


def test_reocr_after_a_missing_engine_is_installed(vault, files):
    [r] = vault.add([files("a.png", png_bytes(color=(7, 0, 0)))], engine="missing")
    [done] = vault.reocr([r.ref], engine="fake")
    assert done["cached"] is False and done["fields"] >= 3
    assert vault.show(r.ref)["ocr"]["engine"] == "fake"


def test_default_engine_is_a_vault_setting(vault, files, monkeypatch):
    monkeypatch.delenv("EVIDENCE_VAULT_ENGINE")
    assert vault.default_engine() == "rapidocr"
    vault.set_default_engine("fake")
    assert vault.default_engine() == "fake"
    [r] = vault.add([files("a.png", png_bytes(color=(9, 0, 0)))], jobs=1)
    assert vault.show(r.ref)["ocr"]["engine"] == "fake"
    assert vault.log()[-2].action == "config"


def test_note_text_is_extracted(vault):
    n = vault.note(case="jd", channel="phone", at="2024-03-16 10:05",
                   text="客服工号A1023说订单号260318751676明天给您回电，退款1,280元")
    got = {(f["kind"], f["value"]) for f in n["fields"]}
    assert ("order_no", "260318751676") in got and ("staff_id", "A1023") in got
    assert ("amount", "1280.00") in got
    assert any(k == "promise" for k, _ in got)
    assert vault.verify().ok


def test_cli_config_and_reocr(run, files):
    # the tests' environment says engine none; no language was set with `vault config lang`
    assert run("config").stdout == "engine = none\nlang = auto\n"
    run("add", str(files("a.png", png_bytes())))
    result = run("reocr", ok=False)
    assert result.exit_code == 2 and "give the items" in result.stderr
    bad = run("config", "engine", "nonsense", ok=False)
    assert bad.exit_code == 1 and "unknown OCR engine" in bad.stderr


def reading_warnings(result):
    """A result's warnings but the one every file without a time of its own gets."""
    return [w for w in result.warnings if not w.startswith("no capture time")]


class NamedVersionEngine(FakeEngine):
    """An engine whose version begins with its own name, as rapidocr's does."""

    name = "named"

    def version(self):
        return "named 3.1 / backend 2 / model sha256:" + "ab" * 32


class NumberVersionEngine(FakeEngine):
    """An engine whose version is a number alone, as tesseract's is."""

    name = "numbered"

    def version(self):
        return "5.3.0"


def test_show_names_the_engine_once(vault, run, files, monkeypatch):
    monkeypatch.setitem(ENGINES, "named", NamedVersionEngine)
    monkeypatch.setitem(ENGINES, "numbered", NumberVersionEngine)
    vault.add([files("a.png", png_bytes(color=(1, 0, 0)))], engine="numbered")
    vault.add([files("b.png", png_bytes(color=(2, 0, 0)))], engine="named")
    assert "\ntext (numbered 5.3.0):\n" in run("show", "E1").stdout  # the name, its version
    shown = run("show", "E2").stdout
    assert "\ntext (named 3.1 / backend 2 / model sha256:abababababab):\n" in shown

"""RapidOCR, the default engine, on drawn screenshots and real receipts.

These run the real model: they are the proof that the product reads Chinese
screenshots. The model is loaded once for the module (and cached in the
process, so the reader tests reuse it).
"""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import pytest
from PIL import Image, ImageOps
from test_ocr_screens import (
    DARK,
    ORDER_EXPECTED,
    REALDATA,
    REFUND_EXPECTED,
    assert_in_order,
    order_page,
    refund_chat,
    squash,
)

from evidence_vault.ocr import DEFAULT_ENGINE, ENGINES, get_engine

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine():
    from evidence_vault.ocr import rapid

    eng = rapid.RapidOcrEngine(threads=1)
    reason = eng.available()
    if reason:
        pytest.skip(reason)
    # load the model with the network unusable: a download attempt fails the test
    with pytest.MonkeyPatch.context() as mp:
        def refuse(*args, **kwargs):
            raise AssertionError("rapidocr tried to reach the network")

        mp.setattr(socket.socket, "connect", refuse)
        from rapidocr.utils import download_file

        mp.setattr(download_file.DownloadFile, "run", classmethod(refuse))
        rapid._models.pop((eng.backend, 1), None)
        eng.read_image(Image.new("RGB", (200, 80), "white"))
    return eng


def text_of(lines) -> str:
    return "\n".join(line.text for line in lines)


def test_registered_as_the_default_engine():
    assert DEFAULT_ENGINE == "rapidocr"
    assert ENGINES["rapidocr"].__name__ == "RapidOcrEngine"
    assert get_engine("rapidocr").name == "rapidocr"


def test_models_come_from_the_installed_wheel(engine):
    import rapidocr

    from evidence_vault.ocr import rapid

    files = rapid._model_files()
    package = Path(rapidocr.__file__).resolve().parent
    assert set(files) == {"det", "rec", "cls"}
    for path in files.values():
        assert path.is_file() and package in path.parents
    version = engine.version()
    assert version.startswith("rapidocr 3.") and f" / {engine.backend} " in version
    for path in files.values():  # each model by name and full SHA-256
        assert f"{path.stem} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}" in version


def test_light_chat_with_green_bubbles(engine):
    lines = engine.read_image(refund_chat())
    assert_in_order(text_of(lines), REFUND_EXPECTED)
    assert all(0 < line.confidence <= 1 for line in lines)


def test_dark_mode_chat(engine):
    assert_in_order(text_of(engine.read_image(refund_chat(theme=DARK))), REFUND_EXPECTED)


def test_order_page_rows_read_left_to_right(engine):
    img = order_page()
    lines = engine.read_image(img)
    assert_in_order(text_of(lines), ORDER_EXPECTED)
    texts = [squash(line.text) for line in lines]
    label = next(i for i, t in enumerate(texts) if t.startswith("实付款"))
    amount = next(i for i, t in enumerate(texts) if "1,280.00" in t)
    assert label <= amount
    # boxes are in the image's pixels, top-to-bottom
    for line in lines:
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= img.width and 0 <= y0 < y1 <= img.height
    tops = [line.box[1] for line in lines]
    assert tops[0] == min(tops)


def _amount_found(text: str, amount: str) -> bool:
    """The total as printed: 80.90, or 1,007.50; a whole amount may be printed
    without its decimals (91000)."""
    flat = squash(text).replace(",", "")
    candidates = {amount}
    if amount.endswith(".00"):
        candidates.add(amount[:-3])
    return any(c in flat for c in candidates)


REAL_RECEIPTS = ["sroie-003.jpg", "sroie-050.jpg", "sroie-350.jpg",
                 "zh-vat-invoice-jiangsu-sample.png"]


@pytest.mark.parametrize("name", REAL_RECEIPTS)
def test_real_receipts_total_is_read(engine, name):
    if not (REALDATA / "truth.json").exists():
        pytest.skip(f"the real-image set is not here ({REALDATA}); it lives in ../shared/realdata")
    truth = json.loads((REALDATA / "truth.json").read_text())[name]
    img = ImageOps.exif_transpose(Image.open(REALDATA / name)).convert("RGB")
    text = text_of(engine.read_image(img))
    assert _amount_found(text, truth["amounts"][0]), text

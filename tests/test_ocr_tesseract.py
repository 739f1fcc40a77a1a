"""Tesseract with screenshot preparation, and the preparation steps themselves.

The engine tests run the real tesseract binary and skip, saying why, where it
or its Chinese language data is not installed.
"""

from __future__ import annotations

import json

import pytest
from PIL import Image, ImageDraw, ImageOps
from test_ocr_screens import (
    BLUE,
    DARK,
    LIGHT,
    ORDER_EXPECTED,
    REALDATA,
    REFUND_EXPECTED,
    assert_in_order,
    cjk_font,
    order_page,
    refund_chat,
    squash,
)

from evidence_vault.ocr import prepare
from evidence_vault.ocr.tesseract import (
    INSTALL_HINT,
    TesseractEngine,
    join_words,
    lines_from_data,
)


@pytest.fixture(scope="module")
def engine():
    eng = TesseractEngine(threads=1)
    reason = eng.available()
    if reason:
        pytest.skip(reason)
    return eng


def text_of(lines) -> str:
    return "\n".join(line.text for line in lines)


# --- preparation: pure functions on images -----------------------------------------

def test_dark_mode_is_detected_and_inverted():
    dark = prepare.to_gray(refund_chat(theme=DARK))
    light = prepare.to_gray(refund_chat(theme=LIGHT))
    assert prepare.is_dark(dark) and not prepare.is_dark(light)
    inverted, flipped = prepare.invert_if_dark(dark)
    assert flipped and not prepare.is_dark(inverted)
    assert prepare.invert_if_dark(light) == (light, False)


def test_bubbles_become_white_and_text_black():
    img = refund_chat(theme=LIGHT)
    out, scale = prepare.prepare_for_ocr(img)
    assert scale == 1.0 and out.size == img.size and out.mode == "L"
    # a point inside the green bubble, clear of text, and the page beside it
    green = (980 - 420, 362)
    assert img.getpixel(green) == (0x95, 0xEC, 0x69)
    assert out.getpixel(green) == 255
    assert out.getpixel((540, 1500)) == 255
    # the ink of the text survives as (near) black
    assert min(out.crop((300, 370, 900, 420)).tobytes()) < 40


def test_white_text_on_blue_bubble_becomes_dark_text():
    img = refund_chat(theme=BLUE)
    gray, seam = prepare.normalize_polarity(prepare.to_gray(img))
    assert seam is not None
    out = prepare.erase(prepare.normalize_background(gray), seam)
    bubble = out.crop((300, 340, 930, 470))  # the first blue bubble
    hist = bubble.histogram()
    assert sum(hist[:80]) > 500  # there is dark ink
    assert sum(hist[200:]) > 0.6 * sum(hist)  # on white


def test_transparent_png_is_flattened_onto_white():
    img = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    assert prepare.flatten_alpha(img).getpixel((5, 5)) == (255, 255, 255)


def test_small_text_is_upscaled_and_large_text_left_alone():
    big = prepare.prepare_for_ocr(order_page())
    small = prepare.prepare_for_ocr(order_page().resize((360, 600), Image.Resampling.LANCZOS))
    assert big[1] == 1.0
    assert small[1] > 1.3 and small[0].width == round(360 * small[1])


# --- line building -------------------------------------------------------------------

def test_join_words_cjk_without_spaces_latin_with():
    box = lambda x: (x, 0, x + 30, 30)  # noqa: E731
    assert join_words([("订", box(0)), ("单", box(31)), ("号", box(62))]) == "订单号"
    assert join_words([("TOTAL", box(0)), ("RM", box(40))]) == "TOTAL RM"
    # CJK then a number: a space only where the page shows a gap
    assert join_words([("编号", box(0)), ("2959", box(31))]) == "编号2959"
    assert join_words([("编号", box(0)), ("2959", box(60))]) == "编号 2959"


def test_lines_from_data_groups_words_and_scales_boxes():
    data = {
        "page_num": [1, 1, 1, 1, 1], "block_num": [1, 1, 1, 2, 2], "par_num": [1] * 5,
        "line_num": [1, 1, 1, 1, 1], "left": [0, 10, 40, 0, 100], "top": [0, 10, 10, 80, 80],
        "width": [999, 28, 28, 60, 60], "height": [999, 30, 30, 30, 30],
        "conf": [-1, 90, 80, 10, 20], "text": ["", "实", "付", "@@", "~"],
    }
    lines = lines_from_data(data, scale=2.0)
    assert [line.text for line in lines] == ["实付"]  # the all-noise line is dropped
    assert lines[0].box == (5.0, 5.0, 34.0, 20.0)
    assert lines[0].confidence == pytest.approx(0.85)


def test_unavailable_without_the_binary(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    reason = TesseractEngine().available()
    assert reason == f"tesseract is not installed: {INSTALL_HINT}"


def test_unavailable_without_a_language(monkeypatch):
    eng = TesseractEngine()
    monkeypatch.setattr(eng, "installed_languages", lambda: ["eng", "osd"])
    if eng.available() == f"tesseract is not installed: {INSTALL_HINT}":
        pytest.skip("tesseract is not installed")
    reason = eng.available()
    assert "chi_sim+chi_tra" in reason and INSTALL_HINT in reason


# --- the real engine -------------------------------------------------------------------

def test_version_names_tesseract_languages_and_preparation(engine):
    version = engine.version()
    assert version.startswith("tesseract ") and "chi_sim" in version and "eng" in version
    assert prepare.PREPARE_VERSION in version


@pytest.mark.slow
@pytest.mark.parametrize("theme", [LIGHT, DARK, BLUE], ids=["green-bubbles", "dark-mode", "blue"])
def test_chat_screenshots(engine, theme):
    lines = engine.read_image(refund_chat(theme=theme))
    assert_in_order(text_of(lines), REFUND_EXPECTED)


@pytest.mark.slow
def test_order_page(engine):
    img = order_page(dark=True)
    lines = engine.read_image(img)
    assert_in_order(text_of(lines), ORDER_EXPECTED)
    for line in lines:
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= img.width and 0 <= y0 < y1 <= img.height


@pytest.mark.slow
def test_traditional_chinese_is_read_in_traditional(engine):
    if "chi_tra" not in engine.installed_languages():
        pytest.skip("tesseract-ocr-chi-tra is not installed")
    font = cjk_font(40)
    img = Image.new("RGB", (1000, 320), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(["您好，請問有什麼可以幫您？", "已為您登記，工號A1023，",
                              "3個工作日內退款"]):
        draw.text((40, 30 + i * 90), line, font=font, fill="black")
    text = squash(text_of(engine.read_image(img)))
    assert "工號A1023" in text and "退款" in text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["sroie-003.jpg", "sroie-050.jpg", "sroie-350.jpg"])
def test_real_receipts_total_is_read(engine, name):
    if not (REALDATA / "truth.json").exists():
        pytest.skip(f"the real-image set is not here ({REALDATA}); it lives in ../shared/realdata")
    truth = json.loads((REALDATA / "truth.json").read_text())[name]
    img = ImageOps.exif_transpose(Image.open(REALDATA / name)).convert("RGB")
    flat = squash(text_of(engine.read_image(img))).replace(",", "")
    assert truth["amounts"][0] in flat, flat

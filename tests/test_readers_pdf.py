"""The PDF reader: text layer, image-only pages, mixed documents, failures.

Text PDFs are made here with reportlab's built-in STSong-Light CID font (no
font file needed), image-only PDFs with Pillow.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from test_ocr_screens import ORDER_EXPECTED, assert_in_order, order_page, squash

from evidence_vault.models import OcrLine
from evidence_vault.ocr import OcrEngine
from evidence_vault.readers import ReadError, read_file

A4 = (595.2756, 841.8898)


class NoOcr(OcrEngine):
    name = "missing"

    def available(self) -> str | None:
        return "rapidocr is not installed: pip install rapidocr onnxruntime"

    def version(self) -> str:
        return "0"

    def read_image(self, image: Image.Image) -> list[OcrLine]:
        raise AssertionError("an unavailable engine must not be asked to read")


@pytest.fixture(scope="module")
def rapid():
    from evidence_vault.ocr.rapid import RapidOcrEngine

    eng = RapidOcrEngine(threads=1)
    reason = eng.available()
    if reason:
        pytest.skip(reason)
    return eng


def text_pdf(path: Path, pages: list[list[tuple[float, float, str]]], **kw) -> Path:
    """A PDF whose pages carry real text: (x, y-from-bottom, text) per string."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, **kw)
    for strings in pages:
        c.setFont("STSong-Light", 14)
        for x, y, text in strings:
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return path


BILL = [
    [(72, 760, "京东商城 订单详情"), (72, 720, "订单编号 295914147223954356"),
     (72, 690, "实付款"), (400, 690, "¥1,280.00")],
    [(72, 760, "客服记录：3个工作日内退款"), (72, 730, "工号 A1023")],
]


def test_text_layer_is_read_without_ocr(tmp_path):
    path = text_pdf(tmp_path / "bill.pdf", BILL)
    reading = read_file(path, "application/pdf", NoOcr())
    assert reading.engine == "pdf-text" and reading.engine_version.startswith("pypdfium2")
    assert reading.warnings == []
    first, second = reading.text.split("\n\f\n")
    assert_in_order(first, ["京东商城", "订单编号", "295914147223954356", "实付款", "¥1,280.00"])
    assert_in_order(second, ["3个工作日内退款", "工号A1023"])
    # label and value in two columns stay two lines, the label first
    texts = [line.text for line in reading.lines]
    assert texts.index("实付款") + 1 == texts.index("¥1,280.00")


def test_text_layer_boxes_are_points_from_the_top_left(tmp_path):
    path = text_pdf(tmp_path / "bill.pdf", BILL)
    reading = read_file(path, "application/pdf", NoOcr())
    assert {line.page for line in reading.lines} == {0, 1}
    order = next(ln for ln in reading.lines if ln.text.startswith("订单编号"))
    x0, y0, x1, y1 = order.box
    # drawn at x=72, baseline 720 pt from the bottom of an 842 pt page
    assert x0 == pytest.approx(72, abs=2)
    assert A4[1] - 720 - 16 < y0 < y1 < A4[1] - 720 + 5
    for line in reading.lines:
        assert 0 <= line.box[0] < line.box[2] <= A4[0]
        assert 0 <= line.box[1] < line.box[3] <= A4[1]


def test_rotated_page_boxes_follow_the_displayed_page(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "turned.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setPageRotation(90)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 760, "横向页面 订单编号 295914147223954356")
    c.showPage()
    c.save()
    reading = read_file(path, "application/pdf", NoOcr())
    (line,) = reading.lines
    assert "295914147223954356" in line.text
    x0, y0, x1, y1 = line.box
    # shown turned clockwise: the page is 842 wide and 595 tall, and text that
    # ran along the top of the portrait page runs down its right-hand side
    assert 0 <= x0 < x1 <= A4[1] and 0 <= y0 < y1 <= A4[0]
    assert x0 > A4[1] - 100 and y1 - y0 > x1 - x0


@pytest.mark.slow
def test_image_only_pdf_is_rendered_and_read(tmp_path, rapid):
    path = tmp_path / "scan.pdf"
    order_page().save(path, "PDF", resolution=150)
    reading = read_file(path, "application/pdf", rapid)
    assert reading.engine == "rapidocr" and "pypdfium2" in reading.engine_version
    assert_in_order(reading.text, ORDER_EXPECTED)
    width_pt, height_pt = 1080 * 72 / 150, 1800 * 72 / 150
    for line in reading.lines:
        assert line.page == 0
        assert 0 <= line.box[0] < line.box[2] <= width_pt + 1
        assert 0 <= line.box[1] < line.box[3] <= height_pt + 1


@pytest.mark.slow
def test_mixed_pdf_numbers_its_pages(tmp_path, rapid):
    pytest.importorskip("reportlab")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 760, "证据一 聊天记录截图如下")
    c.showPage()
    # page 2: a screenshot only, no text at all
    c.drawImage(ImageReader(order_page(height=1100)), 40, 120, width=515, height=515 * 1100 / 1080)
    c.showPage()
    c.save()
    reading = read_file(path, "application/pdf", rapid)
    pages = reading.text.split("\n\f\n")
    assert len(pages) == 2
    assert "证据一" in pages[0]
    assert "295914147223954356" in squash(pages[1])
    assert {ln.page for ln in reading.lines if "2959141472" in ln.text} == {1}


def test_image_only_pdf_without_engine_warns(tmp_path):
    path = tmp_path / "scan.pdf"
    Image.new("RGB", (400, 600), "white").save(path, "PDF")
    reading = read_file(path, "application/pdf", NoOcr())
    assert reading.text == ""
    assert len(reading.warnings) == 1
    assert "page 1" in reading.warnings[0] and "pip install rapidocr" in reading.warnings[0]


def test_encrypted_pdf_raises_read_error(tmp_path):
    path = text_pdf(tmp_path / "locked.pdf", BILL, encrypt="secret")
    with pytest.raises(ReadError, match="encrypted"):
        read_file(path, "application/pdf", NoOcr())


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\nthis is not really a pdf", b"hello"])
def test_corrupt_pdf_raises_read_error(tmp_path, content):
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_file(path, "application/pdf", NoOcr())
    assert "\n" not in str(err.value)

"""The image reader: formats, orientation, long screenshots, failures.

Decoding is checked with a fake engine that records what it was shown (no OCR
cost); the reading itself with the real default engine on drawn screenshots.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from test_ocr_screens import assert_in_order, cjk_font, long_chat, long_chat_messages, squash

from evidence_vault.models import OcrLine, Reading
from evidence_vault.ocr import OcrEngine
from evidence_vault.readers import READERS, ReadError, read_file, reader_for
from evidence_vault.readers.image import merge_slices, slice_spans


class RecordingEngine(OcrEngine):
    """Reports each image it is shown as one line: its size and the colour of
    its top-left pixel, with a box covering the whole image."""

    name = "recording"

    def __init__(self, reason: str | None = None) -> None:
        self.reason = reason
        self.seen: list[Image.Image] = []

    def available(self) -> str | None:
        return self.reason

    def version(self) -> str:
        return "1"

    def read_image(self, image: Image.Image) -> list[OcrLine]:
        self.seen.append(image)
        w, h = image.size
        return [OcrLine(f"{w}x{h} {image.getpixel((0, 0))}", (0, 0, w, h), 1.0)]


@pytest.fixture(scope="module")
def rapid():
    from evidence_vault.ocr.rapid import RapidOcrEngine

    eng = RapidOcrEngine(threads=1)
    reason = eng.available()
    if reason:
        pytest.skip(reason)
    return eng


def note(text: str, size: tuple[int, int] = (900, 260)) -> Image.Image:
    """A short, quick-to-read image: two lines of Chinese and digits."""
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    font = cjk_font(44)
    for i, line in enumerate(text.split("\n")):
        draw.text((40, 40 + i * 90), line, font=font, fill="black")
    return img


# --- the MIME table -------------------------------------------------------------------

@pytest.mark.parametrize("mime", ["audio/mpeg", "video/mp4", "message/rfc822", "text/plain",
                                  "application/zip", "image/svg+xml"])
def test_no_reader_for_other_kinds(tmp_path, mime):
    path = tmp_path / "x.bin"
    path.write_bytes(b"anything")
    assert reader_for(mime) is None
    assert read_file(path, mime, RecordingEngine()) is None


def test_table_matches_exact_types_and_parameters():
    assert reader_for("image/png") is READERS["image/png"]
    assert reader_for("IMAGE/JPEG; charset=binary") is READERS["image/jpeg"]
    assert reader_for("application/pdf") is READERS["application/pdf"]


# --- decoding ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,mime", [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                      ("WEBP", "image/webp"), ("BMP", "image/bmp"),
                                      ("TIFF", "image/tiff")])
def test_common_formats_open_as_rgb(tmp_path, fmt, mime):
    path = tmp_path / f"img.{fmt.lower()}"
    Image.new("RGB", (320, 200), (200, 30, 30)).save(path, fmt)
    eng = RecordingEngine()
    reading = read_file(path, mime, eng)
    assert isinstance(reading, Reading)
    assert eng.seen[0].mode == "RGB" and eng.seen[0].size == (320, 200)
    assert reading.engine == "recording" and reading.engine_version == "1"
    assert reading.text.startswith("320x200")


def test_transparent_png_is_read_on_white(tmp_path):
    path = tmp_path / "t.png"
    Image.new("RGBA", (100, 50), (0, 0, 0, 0)).save(path)
    eng = RecordingEngine()
    read_file(path, "image/png", eng)
    assert eng.seen[0].getpixel((0, 0)) == (255, 255, 255)


def test_exif_rotated_jpeg_is_read_upright(tmp_path, rapid):
    upright = note("订单编号 295914147223954356\n实付款 ¥1,280.00")
    # stored turned on its side, with the EXIF tag that says "rotate 90° clockwise"
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "photo.jpg"
    stored.save(path, "JPEG", quality=92, exif=exif)
    assert Image.open(path).size == (260, 900)
    reading = read_file(path, "image/jpeg", rapid)
    assert_in_order(reading.text, ["订单编号", "295914147223954356", "实付款", "1,280.00"])
    for line in reading.lines:  # boxes in the upright image
        assert line.box[2] <= 900 and line.box[3] <= 260


def test_heic_is_read(tmp_path, rapid):
    pytest.importorskip("pillow_heif")
    from pillow_heif import register_heif_opener

    register_heif_opener()
    path = tmp_path / "IMG_0001.HEIC"
    note("退款申请 已提交\n金额 ¥59.90").save(path, format="HEIF", quality=90)
    reading = read_file(path, "image/heic", rapid)
    assert_in_order(reading.text, ["退款申请", "已提交", "59.90"])


def test_gif_first_frame_is_read(tmp_path, rapid):
    first = note("第一帧 工号A1023")
    second = note("第二帧 不应读取")
    path = tmp_path / "sticker.gif"
    first.save(path, save_all=True, append_images=[second], duration=200, loop=0)
    reading = read_file(path, "image/gif", rapid)
    assert "工号A1023" in squash(reading.text) and "第二帧" not in reading.text
    assert any("first of 2 frames" in w for w in reading.warnings)


def test_multipage_tiff_is_read_page_by_page(tmp_path):
    path = tmp_path / "scan.tiff"
    pages = [Image.new("RGB", (100, 60), c) for c in ("red", "blue")]
    pages[0].save(path, save_all=True, append_images=pages[1:])
    reading = read_file(path, "image/tiff", RecordingEngine())
    assert [line.page for line in reading.lines] == [0, 1]
    assert "\f" in reading.text


@pytest.mark.parametrize("content", [b"", b"not an image at all",
                                     b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"])
def test_undecodable_image_raises_read_error(tmp_path, content):
    path = tmp_path / "broken.png"
    path.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_file(path, "image/png", RecordingEngine())
    assert "\n" not in str(err.value) and str(err.value)


def test_truncated_jpeg_raises_read_error(tmp_path):
    path = tmp_path / "cut.jpg"
    note("截断").save(path, "JPEG")
    path.write_bytes(path.read_bytes()[:400])
    with pytest.raises(ReadError):
        read_file(path, "image/jpeg", RecordingEngine())


def test_missing_engine_gives_a_warning_not_an_error(tmp_path):
    path = tmp_path / "a.png"
    Image.new("RGB", (50, 50), "white").save(path)
    eng = RecordingEngine(reason="rapidocr is not installed: pip install rapidocr onnxruntime")
    reading = read_file(path, "image/png", eng)
    assert reading.text == "" and reading.lines == []
    assert reading.warnings == ["rapidocr is not installed: pip install rapidocr onnxruntime"]
    assert eng.seen == []


def test_huge_photo_is_scaled_down_for_ocr_and_boxes_mapped_back(tmp_path):
    path = tmp_path / "big.jpg"
    Image.new("RGB", (6000, 4000), "white").save(path, "JPEG")
    eng = RecordingEngine()
    reading = read_file(path, "image/jpeg", eng)
    assert eng.seen[0].size == (2400, 1600)
    assert reading.lines[0].box == pytest.approx((0, 0, 6000, 4000))


# --- long screenshots -----------------------------------------------------------------

def test_slices_cover_the_image_with_overlap():
    spans = slice_spans(1080, 12000)
    assert spans[0][0] == 0 and spans[-1][1] == 12000
    for (top, bottom), (next_top, _) in zip(spans, spans[1:], strict=False):
        height = bottom - top
        assert 1.5 * 1080 <= height <= 2 * 1080
        assert 0.10 * height <= bottom - next_top <= 0.20 * height
    assert slice_spans(1080, 2400) == [(0, 2400)]


def test_slices_are_read_at_full_resolution(tmp_path):
    path = tmp_path / "long.png"
    Image.new("RGB", (1080, 9000), "white").save(path)
    eng = RecordingEngine()
    read_file(path, "image/png", eng)
    assert len(eng.seen) >= 5 and all(img.width == 1080 for img in eng.seen)


def test_merge_drops_cut_lines_and_keeps_overlap_lines_once():
    def line(text, y0, y1, x0=100, x1=600):
        return OcrLine(text, (x0, y0, x1, y1), 0.9)

    parts = [
        ((0, 1000), [line("第一条", 100, 140), line("第二条 在重叠区", 880, 920),
                     line("被切", 975, 1000)]),
        ((850, 1850), [line("第二条在重叠区", 881, 921), line("被切断的一行", 975, 1015),
                       line("第三条", 1500, 1540)]),
    ]
    merged = merge_slices(parts)
    assert [squash(m.text) for m in merged] == ["第一条", "第二条在重叠区", "被切断的一行", "第三条"]


@pytest.mark.slow
def test_long_chat_every_message_read_exactly_once(tmp_path, rapid):
    img = long_chat(1080, 9000)
    path = tmp_path / "Screenshot_20240315-142307_WeChat.png"
    img.save(path)
    reading = read_file(path, "image/png", rapid)
    text = squash(reading.text)
    messages = long_chat_messages(62)
    for i, _ in enumerate(messages, start=1):
        assert len(re.findall(f"第{i:02d}条", text)) == 1, f"message {i}"
        assert text.count(f"编号{1000 + i * 7}") == 1, f"message {i}"
    # in order, with boxes in the full image's coordinates
    tops = [next(ln.box[1] for ln in reading.lines if f"第{i:02d}条" in squash(ln.text))
            for i in (1, 31, 62)]
    assert tops == sorted(tops) and tops[-1] > 8400
    assert all(0 <= ln.box[1] < ln.box[3] <= 9000 for ln in reading.lines)


def test_reading_of_a_real_file_path(tmp_path, rapid):
    path = Path(tmp_path) / "order.png"
    note("订单编号 295914147223954356").save(path)
    reading = read_file(path, "image/png", rapid)
    assert reading.engine == "rapidocr" and reading.engine_version.startswith("rapidocr")
    assert "295914147223954356" in squash(reading.text)

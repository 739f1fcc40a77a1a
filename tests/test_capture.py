"""Claimed capture times from file names, EXIF and PNG text (DOMAIN.md §5.1)."""

from __future__ import annotations

from datetime import UTC

import pytest
from conftest import jpeg_with_exif, png_bytes

from evidence_vault import capture


@pytest.mark.parametrize(
    "name, when, app, package",
    [
        ("Screenshot_20240925-002638.png", "2024-09-25T00:26:38", None, None),
        ("Screenshot_20240925-002638_WeChat.png", "2024-09-25T00:26:38", "微信", None),
        ("Screenshot_20201114_170057_com.tencent.mm.jpg", "2020-11-14T17:00:57", "微信",
         "com.tencent.mm"),
        ("Screenshot_20240313_084043_Google.jpg", "2024-03-13T08:40:43",
         "Google", None),
        ("Screenshot_20240313_084043_Alipay.jpg", "2024-03-13T08:40:43", "支付宝", None),
        ("Screenshot_2025-10-28-19-07-16-918_com.tencent.mm.jpg", "2025-10-28T19:07:16", "微信",
         "com.tencent.mm"),
        ("Screenshot_2024-03-15-14-23-07-12_com.eg.android.AlipayGphone.jpg",
         "2024-03-15T14:23:07", "支付宝", "com.eg.android.AlipayGphone"),
        ("Screenshot_2024-03-15-14-23-07_com.xunmeng.pinduoduo.png", "2024-03-15T14:23:07",
         "拼多多", "com.xunmeng.pinduoduo"),
        ("Screenshot_2024-03-15-14-23-07-555_com.example.loanapp.jpg", "2024-03-15T14:23:07",
         "com.example.loanapp", "com.example.loanapp"),
        ("微信图片_20240316125218.jpg", "2024-03-16T12:52:18", None, None),
        ("微信图片_20260929171551_484.dat", "2026-09-29T17:15:51", None, None),
        ("微信图片_20260512152744_63_4.png", "2026-05-12T15:27:44", None, None),
        ("mmexport1760603131640.jpg", "2025-10-16T16:25:31", None, None),
        ("mmexport1710483787000.jpg", "2024-03-15T14:23:07", None, None),
        ("wx_camera_1774662560561.jpg", "2026-03-28T09:49:20", None, None),
        ("QQ图片20191018162208.jpg", "2019-10-18T16:22:08", None, None),
        ("QQ截图20240315142307.png", "2024-03-15T14:23:07", None, None),
        ("IMG_20251215_142210.jpg", "2025-12-15T14:22:10", None, None),
        ("PXL_20240315_123456789.jpg", "2024-03-15T12:34:56", None, None),
        ("VID_20240315_142307.mp4", "2024-03-15T14:23:07", None, None),
        ("截屏2021-10-21 22.16.18.png", "2021-10-21T22:16:18", None, None),
        ("截屏2024-04-03 上午11.45.58.png", "2024-04-03T11:45:58", None, None),
        ("截屏2024-04-03 下午2.05.58.png", "2024-04-03T14:05:58", None, None),
        ("Screen Shot 2024-03-15 at 12.34.56.png", "2024-03-15T12:34:56", None, None),
        ("Screenshot 2024-03-15 at 2.23.07 PM.png", "2024-03-15T14:23:07", None, None),
        ("Screenshot 2024-03-15 at 2.23.07\u202fPM.png", "2024-03-15T14:23:07", None, None),
        ("屏幕截图 2024-03-15 142307.png", "2024-03-15T14:23:07", None, None),
        ("Screenshot 2024-03-15 142307.png", "2024-03-15T14:23:07", None, None),
    ],
)
def test_filename_conventions(name, when, app, package):
    found, hint = capture.from_filename(name)
    assert found is not None, name
    assert found["value"] == when
    assert capture.app_from_hint(hint) == (app, package)


@pytest.mark.parametrize(
    "name",
    ["IMG_4238.PNG", "IMG_4238.HEIC", "WechatIMG655.jpeg", "receipt.jpg", "photo.png",
     "Screenshot_20241340-250000.png",  # month 13, hour 25: not a time
     "mmexport12345.jpg", "order-2024.png"],
)
def test_names_without_a_time(name):
    assert capture.from_filename(name) == (None, None)


def test_exif_beats_file_name(tmp_path):
    p = tmp_path / "Screenshot_20240101-000000.jpg"
    p.write_bytes(jpeg_with_exif("2024:03:15 14:23:07"))
    cap = capture.claim(p, "image/jpeg")
    assert (cap.captured_at, cap.source) == ("2024-03-15T14:23:07", "exif")
    sources = [c["source"] for c in cap.candidates]
    assert sources[:2] == ["exif", "filename"] and "mtime" in sources


def test_png_text_chunk(tmp_path):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Creation Time", "2024:03:15 14:23:07")
    p = tmp_path / "IMG_4238.PNG"
    p.write_bytes(png_bytes(pnginfo=info))
    cap = capture.claim(p, "image/png")
    assert (cap.captured_at, cap.source) == ("2024-03-15T14:23:07", "png-text")


def test_png_xmp_date_created(tmp_path):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
           'photoshop:DateCreated="2024-03-15T14:23:07+08:00"/></rdf:RDF></x:xmpmeta>')
    info.add_itxt("XML:com.adobe.xmp", xmp)
    p = tmp_path / "IMG_0001.PNG"
    p.write_bytes(png_bytes(pnginfo=info))
    cap = capture.claim(p, "image/png")
    assert (cap.captured_at, cap.source) == ("2024-03-15T14:23:07", "png-text")


def test_user_time_wins_and_mtime_is_last(tmp_path):
    p = tmp_path / "Screenshot_20240315-142307.png"
    p.write_bytes(png_bytes())
    assert capture.claim(p, "image/png", user_at="2024-03-14T09:00:00").source == "user"
    q = tmp_path / "plain.png"
    q.write_bytes(png_bytes())
    assert capture.claim(q, "image/png").source == "mtime"


def test_corrupt_image_gives_no_exif_claim(tmp_path):
    p = tmp_path / "Screenshot_20240315-142307.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    cap = capture.claim(p, "image/png")
    assert cap.source == "filename"


def test_pdf_creation_date(tmp_path):
    from reportlab.pdfgen import canvas

    p = tmp_path / "dzfp_invoice.pdf"
    c = canvas.Canvas(str(p), invariant=1)  # invariant: CreationDate D:20000101000000+00'00'
    c.drawString(100, 750, "invoice")
    c.save()
    cap = capture.claim(p, "application/pdf")
    # invariant PDFs say D:20000101000000+00'00': UTC, shown in UTC+8
    assert (cap.captured_at, cap.source) == ("2000-01-01T08:00:00", "pdf-meta")


def test_pdf_without_metadata_makes_no_claim(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert capture.from_pdf_metadata(p) == []


def test_every_absolute_time_is_in_one_zone_whatever_the_machines(tmp_path, monkeypatch):
    """A file's modification time and a PDF's CreationDate with Z are the same instant:
    they are claimed as the same UTC+8 wall time on a machine set to UTC or to New York
    (issue 12, defect 3: they were eight hours apart)."""
    import os
    import time
    from datetime import datetime

    from evidence_vault import capture

    instant = datetime(2026, 12, 2, 12, 36, 36, tzinfo=UTC).timestamp()
    f = tmp_path / "copy.bin"
    f.write_bytes(b"x")
    os.utime(f, (instant, instant))
    for zone in ("UTC", "America/New_York", "Asia/Shanghai"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        cap = capture.claim(f, "application/octet-stream", original_name="copy.bin")
        assert (cap.captured_at, cap.source) == ("2026-12-02T20:36:36", "mtime"), zone
    monkeypatch.delenv("TZ")
    time.tzset()

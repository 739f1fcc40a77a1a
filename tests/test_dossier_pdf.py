"""dossier.pdf, proved with the real tools a reader of the PDF would use:
poppler's pdffonts (every font embedded and subset, the Chinese one the SC
face), pdftotext (the catalogue's columns and page numbers, the exhibits'
names, the page footer) and pdftoppm (pages that draw something)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from evidence_vault.dossier.fonts import CjkFont, find_cjk_font
from evidence_vault.dossier.model import CustodyRow, Dossier, Event, Exhibit, FieldLine
from evidence_vault.errors import VaultError

POPPLER = ("pdffonts", "pdftotext", "pdftoppm")
needs_poppler = pytest.mark.skipif(
    any(shutil.which(t) is None for t in POPPLER),
    reason="needs poppler-utils (pdffonts, pdftotext, pdftoppm): sudo apt-get install poppler-utils")

NASTY = ("#标题 $100 *粗* [链接](x) <script>&amp; \\n `代码` 😀 "
         "订单号295914147223954356295914147223954356295914147223954356 end")


def system_font() -> CjkFont:
    try:
        return find_cjk_font("zh")
    except VaultError as e:
        pytest.skip(f"no Chinese font on this machine ({e})")


def draw_screenshot(path: Path, size: tuple[int, int], lines: list[str], font: CjkFont) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("RGB", size, (245, 245, 245))
    d = ImageDraw.Draw(im)
    face = ImageFont.truetype(str(font.path), 40, index=font.index)
    d.rectangle([0, 0, size[0] - 1, 120], fill=(40, 160, 90))
    y = 160
    for line in lines:
        d.text((40, y), line, fill=(20, 20, 20), font=face)
        y += 70
    d.rectangle([0, 0, size[0] - 1, size[1] - 1], outline=(200, 40, 40), width=6)
    im.save(path)
    return path


def exhibit(number: int, **kw) -> Exhibit:
    base = dict(number=number, ref=f"E{number}", kind="image", name=f"截图{number}", form="电子数据",
                source="申请人手机截屏", formed_at="2024-03-15 14:23", purpose="证明付款",
                group=None, filename=f"Screenshot_{number}.png", original=f"originals/E0{number}-x.png",
                sha256=f"{number:x}" * 64, size=183412, mime="image/png",
                added_at="2026-11-22T10:00:01+08:00", captured_at="2024-03-15T14:23:07",
                captured_at_source="filename")
    base.update(kw)
    return Exhibit(**base)


def sample_dossier(tmp: Path, font: CjkFont) -> Dossier:
    pay = draw_screenshot(tmp / "pay.png", (1080, 1400), ["支付成功", "实付款 ¥1,280.00",
                                                          "订单编号 295914147223954356"], font)
    top = draw_screenshot(tmp / "chat-1.png", (1080, 1400), ["客服：您好", "客服：3个工作日内退款"], font)
    bottom = draw_screenshot(tmp / "chat-2.png", (1080, 1300), ["我：好的，谢谢", "客服：已登记"], font)
    sha = "3f2a9c" + "0" * 58
    exhibits = [
        exhibit(1, name="支付宝账单详情截图（订单号295914147223954356）", group="双方存在买卖合同关系",
                images=[pay], text="支付成功\n实付款 ¥1,280.00\n" + NASTY,
                fields=[FieldLine("订单编号", "295914147223954356"), FieldLine("实付款", "1280.00")]),
        exhibit(2, name="微信聊天记录截图（客服承诺退款）", group="被申请人承诺退款但未履行",
                images=[top, bottom], text="客服：3个工作日内退款\n" * 40 + NASTY,
                filename="Screenshot_#2 [chat] <1>.png"),
        exhibit(3, ref="N1", kind="note", name="电话沟通记录（客服工号A1023）", form="当事人陈述",
                group="被申请人承诺退款但未履行", mime="application/json", original="originals/E03-note.json",
                text="2024-03-16 10:05 致电客服，工号A1023，客服确认订单异常，承诺3个工作日内退款。"),
        exhibit(4, kind="audio", name="通话录音", form="视听资料", mime="audio/mp4",
                original="originals/E04-call.m4a", filename="call.m4a",
                description="与客服的通话录音，时长 3 分 12 秒。"),
    ]
    return Dossier(
        lang="zh", title="京东退款纠纷", slug="jd-refund",
        parties=[("申请人", "张三"), ("被申请人", "某某电子商务有限公司"), ("平台", "京东")],
        money=[("实付", "¥1,280.00"), ("应退", "¥1,280.00")],
        counts=[("证据", "4 份"), ("承诺", "3 项")],
        made_at="2026-11-22T10:00:00+08:00", vault_id="vault-7f3a", log_head=f"#140 {sha}",
        exhibits=exhibits,
        timeline=[
            Event("2024-03-16T10:05:00", "promise", "P2", "48小时内回电", "kept"),
            Event("2024-03-15T14:23:07", "payment", "E1", "支付 ¥1,280.00 订单号 295914147223954356"),
            Event("2024-03-16T10:05:00", "promise", "P1", "3个工作日内退款", "broken"),
            Event("2024-03-20T09:00:00", "promise", "P3", "补偿优惠券", "open"),
        ],
        custody=[CustodyRow(e.number, e.filename, e.sha256, e.size, e.added_at, e.captured_at,
                            e.captured_at_source) for e in exhibits],
        statement=["本卷宗中的电子数据由申请人自行保存。", "每个文件入库时计算了 SHA-256 哈希值。"],
        check_commands=["sha256sum -c SHA256SUMS", "certutil -hashfile originals\\E01-x.png SHA256"],
    )


def text_of(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    if any(shutil.which(t) is None for t in POPPLER):
        pytest.skip("needs poppler-utils (pdffonts, pdftotext, pdftoppm): sudo apt-get install poppler-utils")
    from evidence_vault.dossier.pdf import render

    font = system_font()
    tmp = tmp_path_factory.mktemp("dossier")
    out = tmp / "dossier.pdf"
    result = render(sample_dossier(tmp, font), out, font)
    return out, result, font


@needs_poppler
def test_every_font_is_embedded_and_subset_and_chinese_is_the_sc_face(rendered):
    out, _, font = rendered
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        emb, sub, _uni = row[-5:-2]
        assert (emb, sub) == ("yes", "yes"), row
    names = [row[0] for row in rows]
    family = font.family.replace(" ", "")
    assert any("CJKsc" in n or "SC" in n or family in n for n in names), names
    assert not any("CJKjp" in n or "CJKkr" in n for n in names), names


@needs_poppler
def test_catalogue_columns_exhibits_and_page_numbers(rendered):
    out, result, _ = rendered
    text = text_of(out)
    compact = re.sub(r"\s+", "", text)
    for column in ("证据编号", "证据名称", "证据形式", "证据来源", "形成时间", "证明目的", "页码", "SHA-256"):
        assert column in compact
    for name in ("支付宝账单详情截图", "微信聊天记录截图（客服承诺退款）", "电话沟通记录", "通话录音"):
        assert name in compact
    for heading in ("一、双方存在买卖合同关系", "二、被申请人承诺退款但未履行",
                    "案件名称", "提交人", "提交日期"):
        assert heading in compact
    assert re.search(rf"第\s*1\s*页\s*共\s*{result.pages}\s*页", text_of(out, 1))
    assert "共2组4份" in compact
    assert set(result.exhibit_pages) == {1, 2, 3, 4}
    first, last = result.exhibit_pages[2]
    assert last > first, "exhibit 2 has two images and a long text"
    # The catalogue's 页码 for exhibit 2, read back from the PDF, is where exhibit 2 begins.
    catalogue = text_of(out, 2)
    row = next(line for line in catalogue.splitlines() if re.match(r"\s*证据\s*2\s", line))
    pages = re.search(r"\b(\d+)\s*–\s*(\d+)\b", row)
    assert pages, row
    assert (int(pages[1]), int(pages[2])) == (first, last)
    page_text = re.sub(r"\s+", "", text_of(out, first))
    assert "证据2微信聊天记录截图（客服承诺退款）" in page_text
    assert "证据2（续）" in re.sub(r"\s+", "", text_of(out, last))


@needs_poppler
def test_timeline_marks_promises_and_text_survives(rendered):
    out, result, _ = rendered
    whole = re.sub(r"\s+", "", text_of(out))
    assert "✓已履行" in whole and "×未履行" in whole and "○待履行" in whole
    # In time order: the payment comes before the promises.
    assert whole.index("支付¥1,280.00") < whole.index("3个工作日内退款")
    # User text is shown as text: markup characters come back literally.
    for bit in ("#标题", "$100", "*粗*", "[链接](x)", "<script>&amp;", "\\n", "`代码`"):
        assert bit in whole, bit
    assert "295914147223954356295914147223954356295914147223954356" in whole
    assert "sha256sum-cSHA256SUMS" in whole
    assert "3f2a9c" in whole


@needs_poppler
def test_pages_draw_something(rendered, tmp_path):
    from PIL import Image, ImageStat

    out, result, _ = rendered
    first_exhibit_page = result.exhibit_pages[1][0]
    for page in (1, first_exhibit_page):
        prefix = tmp_path / f"p{page}"
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page),
                        str(out), str(prefix)], check=True)
        png = next(tmp_path.glob(f"p{page}*.png"))
        with Image.open(png) as im:
            extrema = ImageStat.Stat(im.convert("L")).extrema[0]
        assert extrema[0] < 128 < extrema[1], (page, extrema)


@needs_poppler
def test_english_dossier_says_page_n_of_m(tmp_path):
    from evidence_vault.dossier.pdf import render

    font = system_font()
    d = sample_dossier(tmp_path, font)
    d.lang = "en"
    for ex in d.exhibits:
        ex.group = None
    result = render(d, tmp_path / "en.pdf", font)
    first = text_of(tmp_path / "en.pdf", 1)
    assert re.search(rf"Page 1 of {result.pages}\b", first)
    assert "List of exhibits" in text_of(tmp_path / "en.pdf", 2)


def test_find_cjk_font_with_a_bad_path_says_so(tmp_path):
    with pytest.raises(VaultError, match="font file not found"):
        find_cjk_font("zh", tmp_path / "nope.ttc")
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all")
    with pytest.raises(VaultError, match="not a font file"):
        find_cjk_font("zh", junk)


def test_a_damaged_font_file_is_one_line_not_a_traceback(tmp_path):
    font = system_font()
    head = font.path.read_bytes()[:4096]  # the header and directory, none of the tables
    for name, data in (("cut.ttc" if head[:4] == b"ttcf" else "cut.otf", head),
                       ("ttcf.ttc", b"ttcf\0\1\0\0\xff\xff\xff\xff"), ("otto.otf", b"OTTO" + b"\0" * 8)):
        bad = tmp_path / name
        bad.write_bytes(data)
        with pytest.raises(VaultError) as e:
            find_cjk_font("zh", bad)
        assert "\n" not in str(e.value) and bad.name in str(e.value), str(e.value)


def test_the_face_written_out_is_the_face_chosen(tmp_path):
    """The face extracted for Typst is the SC (or TC) face alone, by its own names."""
    from fontTools.ttLib import TTFont

    from evidence_vault.dossier.fonts import extract_face

    for lang, variant in (("zh", "SC"), ("zh-Hant", "TC")):
        try:
            font = find_cjk_font(lang)
        except VaultError:
            continue
        out = extract_face(font.path, font.index, tmp_path / f"{lang}.otf")
        with TTFont(str(out)) as face:
            family = face["name"].getDebugName(16) or face["name"].getDebugName(1)
            assert family == font.family
            if "Noto" in family:
                assert family.endswith(variant), family
            assert ord("证" if lang == "zh" else "證") in face.getBestCmap()


def test_find_cjk_font_finds_the_simplified_face():
    font = system_font()
    assert font.path.is_file()
    assert font.family
    assert not re.search(r"\b(JP|KR|TC|HK)\b", font.family), font.family
    again = find_cjk_font("zh", font.path)
    assert (again.path, again.index) == (font.path, font.index)


def test_no_font_gives_one_line_install_hint(monkeypatch):
    from evidence_vault.dossier import fonts

    monkeypatch.setattr(fonts, "_installed", lambda variant: [])
    monkeypatch.setattr(fonts, "_known_files", lambda: [])
    with pytest.raises(VaultError) as e:
        fonts.find_cjk_font("zh")
    assert str(e.value) == ("no Chinese font found: sudo apt-get install fonts-noto-cjk "
                            "(or give one with --font PATH)")


@needs_poppler
def test_a_big_dossier_typeset_in_parts_numbers_pages_as_one_run(rendered, tmp_path, monkeypatch):
    """Big dossiers are typeset part by part, each in its own process, and joined;
    forced here on the small one, the pages must come out as in one run."""
    from evidence_vault.dossier import pdf

    _, whole, font = rendered
    monkeypatch.setattr(pdf, "SINGLE_RUN_PAGES", 0)
    monkeypatch.setattr(pdf, "CHUNK_PAGES", 3)
    out = tmp_path / "parts.pdf"
    parts = pdf.render(sample_dossier(tmp_path, font), out, font)
    assert parts.pages == whole.pages
    assert parts.exhibit_pages == whole.exhibit_pages
    for number, (first, _last) in parts.exhibit_pages.items():
        assert f"证据{number}" in re.sub(r"\s+", "", text_of(out, first))
    for page in (1, parts.pages):
        assert re.search(rf"第\s*{page}\s*页\s*共\s*{parts.pages}\s*页", text_of(out, page))
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in listing.splitlines()[2:])


@needs_poppler
def test_awkward_images_are_shown_and_broken_ones_described(tmp_path):
    from PIL import Image

    from evidence_vault.dossier.pdf import render

    font = system_font()
    rotated = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (400, 300), (30, 90, 200)).save(rotated, exif=exif)
    rgba = tmp_path / "alpha.png"
    Image.new("RGBA", (300, 500), (200, 30, 30, 128)).save(rgba)
    palette = tmp_path / "palette.png"
    Image.new("RGB", (300, 200), (20, 160, 20)).convert("P").save(palette)
    grey = tmp_path / "grey.jpg"
    Image.new("L", (500, 400), 90).save(grey)
    cmyk = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (300, 300), (0, 200, 200, 0)).save(cmyk)
    wide = tmp_path / "wide.png"
    Image.new("RGB", (3000, 1200), (240, 200, 20)).save(wide)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    d = sample_dossier(tmp_path, font)
    d.exhibits = [exhibit(1, images=[rotated, rgba, palette, grey, cmyk, wide, broken],
                          original="originals/E01-odd.png")]
    out = tmp_path / "odd.pdf"
    result = render(d, out, font)
    first, last = result.exhibit_pages[1]
    text = re.sub(r"\s+", "", "".join(text_of(out, p) for p in range(first, last + 1)))
    assert "此图像无法显示；原件见originals/E01-odd.png" in text
    assert "图6/7" in text
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True)
    if images.returncode == 0:
        sizes = {tuple(map(int, line.split()[3:5])) for line in images.stdout.splitlines()[2:]}
        assert (300, 400) in sizes, "the EXIF rotation is applied"
        assert (1400, 560) in sizes, "a very wide image is scaled down to what A4 needs"


@needs_poppler
def test_traditional_chinese_uses_the_tc_face(tmp_path):
    from evidence_vault.dossier.pdf import render

    try:
        font = find_cjk_font("zh-Hant")
    except VaultError as e:
        pytest.skip(f"no traditional Chinese font ({e})")
    d = sample_dossier(tmp_path, system_font())
    d.lang = "zh-Hant"
    out = tmp_path / "hant.pdf"
    render(d, out, font)
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    if "Noto" in font.family:
        assert "CJKtc" in listing or "TC" in listing, listing
    assert "證據目錄" in re.sub(r"\s+", "", text_of(out, 2))


def test_slice_height_fits_the_exporters_slices():
    """The exporter cuts screenshots 1240 px wide into slices at most 1.3 times as tall as
    wide; one such slice must fit a page at full width, and a first slice (under the
    exhibit's heading and table) must be shorter than the others."""
    from evidence_vault.dossier.pdf import slice_height

    assert slice_height(1240) >= int(1240 * 1.3)
    assert slice_height(1080) >= int(1080 * 1.3)
    assert slice_height(1240, first=True) < slice_height(1240)
    # A small image is shown at most at twice its size at 150 dpi, so its slices may be taller.
    assert slice_height(300) / 300 > slice_height(1240) / 1240

"""The public copy hides what it promises (issue 12, defect 1), proved with real components: a
case of a drawn scanned loan contract (an image-only PDF), a photographed card slip, two
screenshots (one read at add time, one never read) and the bank receipt PDF of samples/
(a text layer) is added and read with rapidocr, exported with --redact, and then every page of
dossier-redacted.pdf and every file in redacted/ is read again by rapidocr: none of the
numbers and names it hid is found, while the same reading of the originals and of the court
copy finds every one of them. pdftotext finds 脱敏版 on every page of the public copy."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REALDATA, REPO, have_cjk_font
from PIL import Image, ImageDraw, ImageFilter
from stdnum import luhn
from stdnum.cn import ric
from test_ocr_screens import cjk_font

from evidence_vault.dossier.export import export, verify_export

needs_tools = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm") and have_cjk_font()),
    reason="needs poppler-utils (pdftotext, pdftoppm) and a CJK font "
           "(apt-get install poppler-utils fonts-noto-cjk)")

ID = "11010519850314201" + ric.calc_check_digit("11010519850314201")
CARD = "622202488325143567" + luhn.calc_check_digit("622202488325143567")
CARD_SLIP = "621700123456789012" + luhn.calc_check_digit("621700123456789012")
PHONE, PHONE_KIN, PHONE_CHAT, PHONE_SHOP = "13912345678", "15800001234", "13812345678", "18677778888"
NAMES = ["周明远", "李秀英", "赵国强", "孙丽华"]
# the receipt in samples/: both card numbers and both account holders
RECEIPT = "电子回单_招商银行_20240315.pdf"
RECEIPT_SECRETS = ["6225883461638434", "6217008550705431120", "张明", "李建国"]
SECRETS = [ID, CARD, CARD_SLIP, PHONE, PHONE_KIN, PHONE_CHAT, PHONE_SHOP, *NAMES, *RECEIPT_SECRETS]


def _spaced(number: str) -> str:
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


def _page(lines: list[str], size=(1240, 1754), font_px=40) -> Image.Image:
    """A page as a scanner gives it: greyish paper, slightly soft, a little noise."""
    im = Image.new("RGB", size, (238, 236, 230))
    d = ImageDraw.Draw(im)
    font = cjk_font(font_px)
    y = 150
    for line in lines:
        d.text((110, y), line, fill=(30, 30, 35), font=font)
        y += int(font_px * 2.1)
    noise = Image.effect_noise(size, 14).convert("RGB")
    return Image.blend(im, noise, 0.06).filter(ImageFilter.GaussianBlur(0.6))


def scanned_contract() -> bytes:
    """A two-page loan contract scanned to an image-only PDF."""
    import img2pdf

    pages = [
        _page(["借款合同", "合同编号：HT2024031500123", "甲方（出借人）：某某小额贷款有限公司",
               "乙方（借款人）：周明远", f"身份证号码：{ID}", f"联系电话：{PHONE}",
               f"收款账户：中国工商银行 {_spaced(CARD)}", "借款金额：人民币10,000.00元"]),
        _page(["第二条 联系方式", "紧急联系人：李秀英", f"联系人电话：{PHONE_KIN}",
               "乙方（签字）：周明远", "签署日期：2024年03月15日"]),
    ]
    jpegs = []
    for page in pages:
        buf = io.BytesIO()
        page.save(buf, "JPEG", quality=88, dpi=(150, 150))
        jpegs.append(buf.getvalue())
    return img2pdf.convert(jpegs)


def card_slip_photo() -> bytes:
    """A phone photo of a paper POS slip: tilted on a desk, with the camera's EXIF time."""
    slip = _page(["银联POS签购单", "持卡人：赵国强", f"卡号：{_spaced(CARD_SLIP)}",
                  "金额：RMB 258.00"], size=(1000, 760), font_px=42)
    desk = Image.new("RGB", (1200, 960), (96, 84, 70))
    desk.paste(slip.rotate(2.0, expand=True, fillcolor=(96, 84, 70)), (80, 70))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2024:03:15 14:23:07"
    exif[0x0110] = "Phone"
    buf = io.BytesIO()
    desk.save(buf, "JPEG", quality=90, exif=exif)
    return buf.getvalue()


def screenshot(lines: list[str]) -> bytes:
    im = Image.new("RGB", (1080, 1500), "white")
    d = ImageDraw.Draw(im)
    font = cjk_font(44)
    for k, line in enumerate(lines):
        d.text((60, 120 + k * 130), line, fill="black", font=font)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def _render(pdf: Path, folder: Path, dpi: int = 120) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "p")], check=True)
    return sorted(folder.glob("p-*.png"))


def _pages_of_original(pdf: Path, folder: Path) -> list[Path]:
    """An original PDF's pages as the vault renders them (pypdfium2): the receipt's font is
    one poppler has no language pack for."""
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for i in range(len(doc)):
            out.append(folder / f"p-{i + 1}.png")
            doc[i].render(scale=150 / 72).to_pil().save(out[-1])
        return out
    finally:
        doc.close()


def _read(engine, path: Path) -> str:
    with Image.open(path) as im:
        return re.sub(r"\s+", "", " ".join(ln.text for ln in engine.read_image(im.convert("RGB"))))


def _leaks(text: str) -> list[str]:
    """The secrets `text` shows: a name whole, a number by any 7 of its digits in a row (a
    masked 159****8825 shows none)."""
    found = []
    for secret in SECRETS:
        if secret.isdigit():
            if any(secret[i:i + 7] in text for i in range(len(secret) - 6)):
                found.append(secret)
        elif secret in text:
            found.append(secret)
    return found


@pytest.fixture(scope="module")
def engine():
    from evidence_vault.ocr import make_engine

    e = make_engine("rapidocr")
    if e.available():
        pytest.skip(f"rapidocr cannot run: {e.available()}")
    return e


@needs_tools
@pytest.mark.slow
def test_the_redacted_copy_shows_none_of_what_it_hides(vault, files, tmp_path, monkeypatch, engine):
    read_at_add = [files("借款合同_扫描件.pdf", scanned_contract()),
                   files("IMG_20240315_142307.jpg", card_slip_photo()),
                   files("Screenshot_20240316-101500_com.tencent.mm.png",
                         screenshot(["客服：请提供您的手机号", f"我的手机号是{PHONE_CHAT}",
                                     "订单号 2024031522001494691008861677"])),
                   files(RECEIPT, (REPO / "samples" / RECEIPT).read_bytes())]
    vault.add(read_at_add, case="loan", engine="rapidocr")
    never_read = files("Screenshot_20240317-090000.png",
                       screenshot(["订单详情", f"收货人：{NAMES[3]}", f"手机号码：{PHONE_SHOP}",
                                   "实付款 ¥1,280.00"]))
    vault.add([never_read], case="loan")  # engine none: no reading to reuse
    vault.case_set("loan", claimant=NAMES[0])  # the cover's 申请人: the borrower himself
    monkeypatch.setenv("EVIDENCE_VAULT_ENGINE", "rapidocr")
    out = tmp_path / "d"
    result = export(vault, "loan", out, redact=True)
    assert verify_export(out)[1] == []

    # every exhibit has its copy, and the manifest says how each was made
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    made = {Path(r["from"]).name.split("-", 1)[1]: r for r in manifest["redactions"]}
    assert set(made) == {p.name for p in [*read_at_add, never_read]}
    assert sorted(p.name for p in (out / "redacted").iterdir()) == sorted(
        Path(r["file"]).name for r in manifest["redactions"])
    assert [p["how"] for p in made["借款合同_扫描件.pdf"]["read"]] == ["stored", "stored"]
    assert [p["how"] for p in made[RECEIPT]["read"]] == ["text-layer"]
    assert [p["how"] for p in made[never_read.name]["read"]] == ["ocr"]
    assert made["借款合同_扫描件.pdf"]["hidden"] == {"bank_card": 1, "id_card": 1, "name": 3,
                                                  "phone": 2}
    assert result.redactions == manifest["redactions"]

    # the public dossier says what it is on every page
    pages = _render(out / "dossier-redacted.pdf", tmp_path / "public")
    for n in range(1, len(pages) + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(out / "dossier-redacted.pdf"),
                               "-"], capture_output=True, text=True, check=True).stdout
        assert "脱敏版" in text, n
    assert not _leaks(re.sub(r"\s+", "", subprocess.run(
        ["pdftotext", str(out / "dossier-redacted.pdf"), "-"], capture_output=True, text=True,
        check=True).stdout))

    # nothing hidden is readable on any page of the public copy, nor in any file of redacted/
    shown = [(p.name, _read(engine, p)) for p in pages]
    for copy in sorted((out / "redacted").iterdir()):
        images = _render(copy, tmp_path / "copies" / copy.stem) if copy.suffix == ".pdf" else [copy]
        shown += [(f"{copy.name}:{p.name}", _read(engine, p)) for p in images]
    leaks = {name: _leaks(text) for name, text in shown if _leaks(text)}
    assert not leaks, leaks
    everything = "".join(text for _, text in shown)
    for kept in ("身份证号码", "联系电话", "1,280.00", "2024031522001494691008861677", "10,000.00"):
        assert kept in everything, kept  # labels and the dispute's facts stay readable

    # and the same reading finds every one of them in the originals and in the court copy
    originals = "".join(_read(engine, p) for o in sorted((out / "originals").iterdir())
                        for p in (_pages_of_original(o, tmp_path / "orig" / o.stem)
                                  if o.suffix == ".pdf"
                                  else [o]))
    assert set(_leaks(originals)) == set(SECRETS)
    court = "".join(_read(engine, p) for p in _render(out / "dossier.pdf", tmp_path / "court"))
    assert set(_leaks(court)) == set(SECRETS)


@needs_tools
@pytest.mark.slow
@pytest.mark.skipif(not (REALDATA / "zh-train-ticket-beidaihe-binhai-g4364.jpg").is_file(),
                    reason="needs ../shared/realdata (the real railway ticket photos)")
def test_a_railway_tickets_passenger_is_hidden(vault, files, tmp_path, monkeypatch, engine):
    """A real ticket photo prints the passenger's half-masked ID and name on one line
    (1329271981****0518 崔厚良): both go; the train, date and fare stay."""
    photo = REALDATA / "zh-train-ticket-beidaihe-binhai-g4364.jpg"
    vault.add([files(photo.name, photo.read_bytes())], case="trip", engine="rapidocr")
    monkeypatch.setenv("EVIDENCE_VAULT_ENGINE", "rapidocr")
    out = tmp_path / "d"
    export(vault, "trip", out, redact=True)
    [copy] = (out / "redacted").iterdir()
    before, after = _read(engine, photo), _read(engine, copy)
    assert "1329271981" in before and "崔厚良" in before
    assert "1329271981" not in after and "0518" not in after and "崔厚良" not in after
    assert "G4364" in after and "92.5" in after


@pytest.mark.skipif(not have_cjk_font(), reason="needs a CJK font (apt-get install fonts-noto-cjk)")
def test_no_engine_no_redacted_copy(run, files, tmp_path):
    """An image nothing has read, and no engine to read it: --redact refuses in one line and
    writes nothing, rather than a copy that shows what it promises to hide."""
    run("add", str(files("Screenshot_20240317-090000.png", screenshot(["订单详情"]))),
        "--case", "c")
    r = run("export", "--case", "c", "--out", str(tmp_path / "d"), "--redact", ok=False)
    assert r.exit_code == 1 and r.stderr.count("\n") == 1
    assert "exhibit 1 (E1, Screenshot_20240317-090000.png)" in r.stderr
    assert "the vault's OCR engine is none" in r.stderr and "vault config engine" in r.stderr
    assert not (tmp_path / "d").exists()
    run("export", "--case", "c", "--out", str(tmp_path / "d"))  # the court copy needs no OCR


def _image_count(pdf: Path) -> int:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return sum(len(list(doc[i].get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3)))
                   for i in range(len(doc)))
    finally:
        doc.close()


@needs_tools
def test_an_exhibit_that_cannot_be_redacted_is_not_shown(vault, files, tmp_path, monkeypatch,
                                                         engine):
    """Should redacting one exhibit fail, the public copy shows no image of it (the court copy
    still does) and says so; nothing half-made is left in redacted/."""
    from evidence_vault.dossier import redact

    vault.add([files("Screenshot_20240317-090000.png", screenshot(["订单详情"]))], case="c")
    monkeypatch.setenv("EVIDENCE_VAULT_ENGINE", "rapidocr")

    def broken(vault, ev, ex, out_dir, *args):
        (out_dir / "half.png").write_bytes(b"x")
        raise OSError("cannot decode")

    monkeypatch.setattr(redact, "_redact_image", broken)
    result = export(vault, "c", tmp_path / "d", redact=True)
    assert any("exhibit 1: could not be redacted (cannot decode)" in w for w in result.warnings)
    assert list((tmp_path / "d" / "redacted").iterdir()) == [] and result.redactions == []
    assert _image_count(tmp_path / "d" / "dossier.pdf") >= 1
    assert _image_count(tmp_path / "d" / "dossier-redacted.pdf") == 0


@needs_tools
@pytest.mark.slow
def test_a_long_screenshot_is_redacted_below_what_add_read(vault, files, tmp_path, monkeypatch,
                                                            engine):
    """add reads a long screenshot down to its 12th slice; the dossier shows more of it. The
    rows below are read at export, and the number there is hidden too."""
    im = Image.new("RGB", (400, 8000), "white")
    d = ImageDraw.Draw(im)
    font = cjk_font(30)
    d.text((20, 300), f"手机 {PHONE}", fill="black", font=font)
    d.text((20, 7600), f"手机 {PHONE_KIN}", fill="black", font=font)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    vault.add([files("Screenshot_20240318-101500.png", buf.getvalue())], case="c",
              engine="rapidocr")
    monkeypatch.setenv("EVIDENCE_VAULT_ENGINE", "rapidocr")
    out = tmp_path / "d"
    result = export(vault, "c", out, redact=True)
    [made] = result.redactions
    assert [r["how"] for r in made["read"]] == ["stored", "ocr"] and made["read"][1]["rows_from"] > 6000
    assert made["hidden"] == {"phone": 2}
    with Image.open(out / made["file"]) as copy:
        for top in (0, 7200):
            part = copy.crop((0, top, 400, top + 800)).convert("RGB")
            assert not _leaks(re.sub(r"\s+", "", "".join(ln.text for ln in engine.read_image(part))))
    bottom = im.crop((0, 7200, 400, 8000))
    assert PHONE_KIN in "".join(ln.text for ln in engine.read_image(bottom)).replace(" ", "")

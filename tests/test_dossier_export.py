"""`vault export` end to end: a real vault, a real PDF checked with real tools,
the bundle checked with sha256sum, and verify-export catching changes."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import zipfile

import jsonschema
import pytest
from conftest import have_cjk_font, png_bytes

from evidence_vault import records, resources
from evidence_vault.dossier import fonts
from evidence_vault.dossier.export import export, slice_image, verify_export
from evidence_vault.errors import InvalidInputError, NotFoundError, VaultError
from evidence_vault.models import Field

needs_tools = pytest.mark.skipif(
    not (shutil.which("pdffonts") and shutil.which("pdftotext") and shutil.which("pdftoppm")
         and shutil.which("sha256sum") and have_cjk_font()),
    reason="needs poppler-utils (pdffonts, pdftotext, pdftoppm), sha256sum and a CJK font "
           "(apt-get install poppler-utils fonts-noto-cjk)")


def order_page(color=(250, 250, 250), size=(540, 900)) -> bytes:
    return png_bytes(size, color)


@pytest.fixture
def case_vault(vault, files):
    """A case with a payment screenshot (fields as extraction would give them), a
    long chat, a recording and a call note with a promise."""
    from evidence_vault import custody, db, search

    vault.case_new("jd-refund", title="京东订单退款纠纷", against="某某旗舰店", platform="京东")
    [pay] = vault.add([files("Screenshot_20240315-142307_com.eg.android.AlipayGphone.png",
                             order_page())], case="jd-refund")
    [chat] = vault.add([files("Screenshot_20240316-101500_com.tencent.mm.png",
                              png_bytes((400, 3000), (237, 237, 237)))], case="jd-refund")
    [rec] = vault.add([files("call-0316.m4a", b"\0\0\0\x20ftypM4A " + b"\1" * 400)],
                      case="jd-refund")
    with db.write(vault.db):
        records.fields.save(vault.db, [
            Field("transaction_no", "2024031522001494691008861677", "订单号", None, 0.95),
            Field("amount", "1280.00", "实付款", "paid", 0.9),
            Field("datetime", "2024-03-15T14:23:07", "支付时间", "payment", 0.9),
            Field("phone", "13812345678", "手机号", None, 0.9),
            Field("platform", "支付宝", None, None, 0.8)], item_id=pay.id)
        vault.db.execute(
            "INSERT INTO readings (sha256, engine, engine_version, text, lines, created_at) "
            "VALUES (?, 'test', '1', ?, ?, '2024')",
            (pay.sha256, "账单详情\n-1,280.00\n手机号 13812345678\n订单号 2024031522001494691008861677",
             json.dumps([{"text": "手机号 13812345678", "box": [20, 300, 300, 330],
                          "confidence": 0.99, "page": 0}])))
        vault.db.execute("UPDATE items SET reading_id = last_insert_rowid() WHERE id = ?",
                         (pay.id,))
        search.index_item(vault.db, pay.id)
        custody.append(vault.db, "fields", pay.ref,
                       {"digests": {pay.ref: vault.states.item_digest(pay.id)}})
    vault.note(case="jd-refund", channel="phone", at="2024-03-16 10:05", with_whom="客服 工号A1023",
               promise="3个工作日内退款", due="2024-03-21", text="客服确认订单异常，承诺退款",
               attach=[rec.ref])
    vault.describe(pay.ref, group="一、双方存在买卖合同关系")
    assert vault.verify().ok
    return vault, pay, chat, rec


def pdftext(path, first=None, last=None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def valid_manifest(text: str) -> dict:
    """The export's manifest.json, checked against schema/json/manifest.schema.json (the
    export itself no longer checks it at run time: these tests do, for every kind of
    bundle: a folder, a zip, a redacted one, one in traditional Chinese)."""
    manifest = json.loads(text)
    jsonschema.validate(manifest, json.loads(resources.json_schema("manifest").read_text()))
    return manifest


@needs_tools
def test_export_folder(case_vault, tmp_path):
    vault, pay, chat, rec = case_vault
    out = tmp_path / "dossier"
    result = export(vault, "jd-refund", out)
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "dossier.pdf" in names and "evidence-list.csv" in names
    assert "evidence-list.docx" in names and "manifest.json" in names and "SHA256SUMS" in names
    originals = sorted(n for n in names if n.startswith("originals/"))
    # named by exhibit number as the dossier says it, never like an item ref (E9 is an item)
    assert len(originals) == 4 and originals[0].startswith("originals/证据01-")
    assert not any(n.startswith("originals/E") for n in originals)

    # the originals are byte-identical to the vault's
    for e in result.exhibits:
        if e["ref"].startswith("E"):
            assert (out / e["file"]).read_bytes() == vault.store.path(e["sha256"]).read_bytes()

    # sha256sum -c passes inside the folder
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "SHA256SUMS" not in (out / "SHA256SUMS").read_text()

    manifest = valid_manifest((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["custody_head"]["seq"] > 0 and manifest["redacted"] is False

    # every font embedded; the Chinese face is the simplified-Chinese one
    fonts_out = subprocess.run(["pdffonts", str(out / "dossier.pdf")], capture_output=True,
                               text=True, check=True).stdout.splitlines()[2:]
    assert fonts_out and all(" yes " in line.split("Type")[-1] or "yes yes" in line
                             for line in fonts_out), fonts_out
    assert any("SC" in line or "CJK" in line or "WenQuanYi" in line for line in fonts_out)

    # the Chinese text comes back: 证据目录 header and names, page numbers
    text = pdftext(out / "dossier.pdf")
    for word in ("证据目录", "证据名称", "证明目的", "页码", "电子数据保全说明", "京东订单退款纠纷"):
        assert word in text, word
    assert "第 1 页 共" in pdftext(out / "dossier.pdf", 1)
    assert pay.sha256 in text.replace("\n", "").replace(" ", "")

    # the 页码 column points at the page where the exhibit really is
    with open(out / "evidence-list.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["证据编号", "证明事项", "证据名称"]
    for row in rows[1:]:
        first = int(row[7].split("-")[0])
        assert f"证据{row[0]}" in pdftext(out / "dossier.pdf", first).replace(" ", "")

    # pdftoppm renders pages
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "2", "-png",
                    str(out / "dossier.pdf"), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == 2 and all(p.stat().st_size > 2000 for p in pngs)

    assert vault.log()[-1].action == "export"
    assert verify_export(out)[1] == []


@needs_tools
def test_csv_has_a_bom_and_docx_is_a_word_table(case_vault, tmp_path):
    vault, *_ = case_vault
    out = tmp_path / "d"
    export(vault, "jd-refund", out)
    assert (out / "evidence-list.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    from docx import Document

    doc = Document(str(out / "evidence-list.docx"))
    cells = [c.text for c in doc.tables[0].rows[0].cells]
    assert cells[:2] == ["证据编号", "证据名称"]
    assert any("一、双方存在买卖合同关系" in r.cells[0].text for r in doc.tables[0].rows)


@needs_tools
def test_verify_export_names_what_changed(case_vault, tmp_path):
    vault, *_ = case_vault
    out = tmp_path / "d"
    export(vault, "jd-refund", out)
    original = next((out / "originals").iterdir())
    original.write_bytes(original.read_bytes() + b"x")
    (out / "evidence-list.csv").unlink()
    (out / "extra.txt").write_text("added later")
    summary, problems = verify_export(out)
    got = {(p.path, p.what.split(":")[0]) for p in problems}
    assert (original.relative_to(out).as_posix(), "changed") in got
    assert ("evidence-list.csv", "missing") in got
    assert ("extra.txt", "not in the manifest") in got


@needs_tools
def test_zip_export_and_verify(case_vault, tmp_path, run):
    vault, *_ = case_vault
    vault.close()
    result = run("export", "--case", "jd-refund", "--out", str(tmp_path / "bundle"), "--zip")
    assert "wrote" in result.stdout
    z = tmp_path / "bundle.zip"
    assert z.is_file() and not (tmp_path / "bundle").exists()
    with zipfile.ZipFile(z) as bundle:
        assert "bundle/dossier.pdf" in bundle.namelist()
        manifest = valid_manifest(bundle.read("bundle/manifest.json").decode("utf-8"))
    assert {f["path"] for f in manifest["files"]} >= {"dossier.pdf", "evidence-list.csv"}
    assert run("verify-export", str(z)).stdout.startswith("OK:")
    # a zip with a changed member fails
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(z) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "bundle/evidence-list.csv":
                data += b"tampered"
            dst.writestr(item, data)
    r = run("verify-export", str(bad), ok=False)
    assert r.exit_code == 1 and "evidence-list.csv" in r.stderr


@needs_tools
def test_numbers_are_stable_across_exports(case_vault, files, tmp_path):
    vault, pay, chat, rec = case_vault
    first = export(vault, "jd-refund", tmp_path / "one")
    numbers = {e["ref"]: e["number"] for e in first.exhibits}
    # new evidence dated before everything else still gets the next number
    vault.add([files("Screenshot_20200101-000000.png", png_bytes(color=(9, 9, 9)))],
              case="jd-refund")
    second = export(vault, "jd-refund", tmp_path / "two")
    again = {e["ref"]: e["number"] for e in second.exhibits}
    assert {r: again[r] for r in numbers} == numbers
    assert again["E4"] == max(numbers.values()) + 1 and second.new_numbers == [again["E4"]]


@needs_tools
def test_redacted_copies(case_vault, tmp_path, monkeypatch):
    vault, pay, *_ = case_vault
    out = tmp_path / "d"
    # the chat screenshot was added with no engine: nothing has read it, and with none to read
    # it now, --redact refuses rather than copy it unread
    with pytest.raises(VaultError, match=r"exhibit \d+ \(E2, .*no stored reading covers.*engine is none"):
        export(vault, "jd-refund", out, redact=True)
    assert not out.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    monkeypatch.setenv("EVIDENCE_VAULT_ENGINE", "rapidocr")
    export(vault, "jd-refund", out, redact=True)
    assert (out / "dossier-redacted.pdf").is_file()
    public = pdftext(out / "dossier-redacted.pdf").replace(" ", "")
    court = pdftext(out / "dossier.pdf").replace(" ", "")
    assert "13812345678" in court and "13812345678" not in public and "138****5678" in public
    redacted = list((out / "redacted").iterdir())
    assert len(redacted) == 2  # the two images; not the recording or the note
    from PIL import Image

    im = Image.open(next(p for p in redacted if "Alipay" in p.name)).convert("L")
    assert im.getpixel((150, 315)) < 30  # blacked out where the OCR box said the number is
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out,
                          capture_output=True).returncode == 0
    manifest = valid_manifest((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["redacted"] is True
    assert {"dossier-redacted.pdf", *(f"redacted/{p.name}" for p in redacted)} <= {
        f["path"] for f in manifest["files"]}


def test_bad_exports(vault, files, tmp_path):
    with pytest.raises(NotFoundError):
        export(vault, "nope", tmp_path / "x")
    vault.case_new("empty", title="空案件")
    with pytest.raises(InvalidInputError, match="no items or notes"):
        export(vault, "empty", tmp_path / "x")
    vault.add([files("a.png", png_bytes())], case="c")
    (tmp_path / "exists").mkdir()
    with pytest.raises(InvalidInputError, match="already exists"):
        export(vault, "c", tmp_path / "exists")
    with pytest.raises(InvalidInputError, match="inside the vault"):
        export(vault, "c", vault.root / "dossier")
    with pytest.raises(VaultError, match="font"):
        export(vault, "c", tmp_path / "y", font_path=tmp_path / "no-such-font.ttf")
    assert not (tmp_path / "y").exists() and not (tmp_path / "x").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_bad_export_is_one_line(run, tmp_path):
    r = run("export", "--case", "nope", "--out", str(tmp_path / "x"), ok=False)
    assert r.exit_code == 1 and r.stderr.count("\n") == 1 and "no case named 'nope'" in r.stderr


def test_long_screenshots_are_sliced_not_shrunk():
    from PIL import Image

    parts = slice_image(Image.new("RGB", (1080, 12000), "white"))
    assert len(parts) > 5 and all(p.width == 1080 for p in parts)
    assert sum(p.height for p in parts) == 12000


def test_force_replaces_only_when_the_new_one_is_ready(case_vault, tmp_path, monkeypatch):
    vault, *_ = case_vault
    out = tmp_path / "d"
    out.mkdir()
    (out / "keep.txt").write_text("old")
    from evidence_vault.dossier import pdf

    def broken(*a, **k):
        raise VaultError("typesetting failed")

    monkeypatch.setattr(pdf, "render", broken)
    with pytest.raises(VaultError):
        export(vault, "jd-refund", out, force=True)
    assert (out / "keep.txt").read_text() == "old"  # nothing half-written, nothing lost
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []



@needs_tools
@pytest.mark.slow
def test_redacted_image_is_unreadable_by_ocr(vault, files, tmp_path):
    """Real OCR on both sides: the number is read from the original, and the
    same engine cannot read it from the redacted copy; the label survives."""
    from PIL import Image, ImageDraw
    from test_ocr_screens import cjk_font, squash

    from evidence_vault.pipeline import make_engine

    im = Image.new("RGB", (1080, 700), "white")
    d = ImageDraw.Draw(im)
    font = cjk_font(44)
    d.text((60, 80), "收货信息", fill="black", font=font)
    d.text((60, 200), "手机号：13812345678", fill="black", font=font)
    d.text((60, 320), "身份证：110101199003077774", fill="black", font=font)
    d.text((60, 440), "实付款 ¥1,280.00", fill="black", font=font)
    import io

    buf = io.BytesIO()
    im.save(buf, "PNG")
    [r] = vault.add([files("Screenshot_20240315-142307.png", buf.getvalue())], case="c",
                    engine="rapidocr")
    kinds = {f["kind"] for f in vault.show(r.ref)["fields"]}
    assert {"phone", "id_card"} <= kinds
    out = tmp_path / "d"
    export(vault, "c", out, redact=True)
    [copy] = list((out / "redacted").iterdir())
    engine = make_engine("rapidocr")
    before = squash(" ".join(ln.text for ln in engine.read_image(im)))
    after = squash(" ".join(ln.text for ln in engine.read_image(Image.open(copy))))
    assert "13812345678" in before and "110101199003077774" in before
    for secret in ("13812345678", "1234567", "110101199003077774", "19900307"):
        assert secret not in after, (secret, after)
    assert "手机号" in after and "1,280.00" in after
    public = pdftext(out / "dossier-redacted.pdf").replace(" ", "")
    assert "13812345678" not in public and "110101199003077774" not in public


def test_the_preservation_statement_names_what_anchors_the_log():
    """The log is kept by the claimant: the statement says that the head printed here is
    what a later export is checked against, and that an archive put back to an older
    copy cannot be told by the archive itself (issue 9, item 13)."""
    from evidence_vault.dossier.wording import statement, words

    head = (24, "9ba87c" + "0" * 58)
    zh = "".join(statement(words("zh"), head))
    assert zh.count("#24") == 2 and "锚点" in zh and "较早的副本" in zh and "第三方存证" in zh
    en = " ".join(statement(words("en"), head))
    assert en.count("#24") == 2 and "anchors" in en and "older copy" in en


def _have_tc_font() -> bool:
    try:
        fonts.find_cjk_font("zh-Hant")
    except VaultError:
        return False
    return True


@needs_tools
@pytest.mark.skipif(not _have_tc_font(), reason="needs a traditional Chinese font (fonts-noto-cjk)")
def test_export_in_traditional_chinese_end_to_end(case_vault, tmp_path, run):
    """`vault export --lang zh-Hant`: the labels and the content's own sentences are
    traditional, the TC face is the one embedded, the tables follow, and the user's
    own words (the case title, the note) are kept as they were typed."""
    vault, *_ = case_vault
    vault.close()
    out = tmp_path / "hant"
    result = run("export", "--case", "jd-refund", "--out", str(out), "--lang", "zh-Hant", "--json")
    assert json.loads(result.stdout)["pages"] > 0
    listing = subprocess.run(["pdffonts", str(out / "dossier.pdf")], capture_output=True, text=True,
                             check=True).stdout
    faces = [line.split()[0] for line in listing.splitlines()[2:]]
    if "Noto" in fonts.find_cjk_font("zh-Hant").family:
        assert any("CJKtc" in f for f in faces) and not any("CJKsc" in f or "CJKjp" in f
                                                           for f in faces), listing
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in listing.splitlines()[2:]), listing
    text = "".join(pdftext(out / "dossier.pdf").split())
    assert "證據目錄" in text and "电子数据保全说明" not in text and "電子數據保全說明" in text
    assert "支付寶賬單詳情截圖" not in text  # the platform's name is the vault's data, as read
    assert "支付宝賬單詳情截圖" in text and "電話溝通記錄" in text and "證明" in text
    assert "京东订单退款纠纷" in text and "客服确认订单异常" in text  # the user's words as typed
    with open(out / "evidence-list.csv", encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    assert header[:3] == ["證據編號", "證明事項", "證據名稱"]
    manifest = valid_manifest((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["lang"] == "zh-Hant"
    assert run("verify-export", str(out)).stdout.startswith("OK:")


def test_lang_is_checked_before_anything_is_written(case_vault, tmp_path, run):
    vault, *_ = case_vault
    with pytest.raises(InvalidInputError, match="zh, zh-Hant or en"):
        export(vault, "jd-refund", tmp_path / "x", lang="fr")
    vault.close()
    r = run("export", "--case", "jd-refund", "--out", str(tmp_path / "x"), "--lang", "zh-TW", ok=False)
    assert r.exit_code == 2 and "zh-Hant" in r.stderr
    assert not (tmp_path / "x").exists()


@needs_tools
def test_the_export_entry_hashes_the_manifest_canonically(case_vault, tmp_path):
    """The log entry of an export records the manifest's hash as identity hashes any
    structured data (canonical JSON), so anyone can recompute it from manifest.json."""
    from evidence_vault.identity import sha256_json

    vault, *_ = case_vault
    out = tmp_path / "d"
    export(vault, "jd-refund", out, lang="en")
    entry = [e for e in vault.log() if e.action == "export"][-1]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert entry.detail["manifest_sha256"] == sha256_json(manifest)
    assert entry.detail["lang"] == "en"

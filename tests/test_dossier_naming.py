"""A real dossier, read back as its reader would: a case built from samples/ and the real-image
set with the real OCR engine (a railway-ticket photo, a WeChat Pay screenshot, two bank SMS
screenshots, a scanned loan contract, an e-invoice, a call note with attachments and a long
note), exported, and the PDF checked with pdftotext and pdffonts, the CSV and the Word list read
back (issue 12, defect 5).

- Exhibit files are named by the exhibit number as the dossier says it (证据09-…), never like
  a vault ref (E9 is an item).
- One order everywhere: the 证据目录, the exhibit pages, evidence-list.csv, evidence-list.docx
  and manifest.json list the exhibits alike, numbered in the order presented.
- Names from the document kind: a photo is 照片, an SMS 短信截图, a PDF by its kind, a loan by
  its lender; no word said twice (微信支付支付…).
- No English in the Chinese dossier but what the evidence itself holds (identifiers, file
  names, the documents' own text) and the few technical names (SHA-256, PDF, EXIF).
- The timeline names exhibits, cuts a long note with a pointer, shows a note's attachments;
  a call's time is 通话时间; OCR text is a few lines, not one token each; the check commands
  follow the sentence that announces them.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess

import pytest
from conftest import REALDATA, REPO

from evidence_vault.dossier import fonts
from evidence_vault.dossier.export import export
from evidence_vault.errors import VaultError
from evidence_vault.vault import Vault

pytestmark = pytest.mark.slow

SAMPLES = REPO / "samples"
TICKET = REALDATA / "zh-train-ticket-hankou-nanchangxi-d3262.jpg"
FILES = {
    "ticket": TICKET,
    "wechatpay": SAMPLES / "Screenshot_20240315_121002_com.tencent.mm.jpg",
    "sms_cmb": SAMPLES / "Screenshot_20240320-160112.png",
    "sms_icbc": SAMPLES / "IMG_4251.PNG",
    "contract": SAMPLES / "借款合同_扫描件.pdf",
    "invoice": SAMPLES / "dzfp_24332000000041305872_杭州北境户外用品有限公司_20240413101500.pdf",
    "loan": SAMPLES / "QQ截图20240316091230.png",
}
LONG_NOTE = ("今天再次拨打平台客服电话，客服人员自称工号A1023。我说明借款合同约定的年化利率远超法定上限，"
             "要求退还多收取的服务费和逾期罚息；客服称服务费是第三方担保公司收取的，与平台无关。") * 24


def _tools() -> bool:
    try:
        fonts.find_cjk_font("zh")
    except VaultError:
        return False
    return all(shutil.which(t) for t in ("pdftotext", "pdffonts", "sha256sum"))


def pdftext(path, first=None, last=None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    if not _tools():
        pytest.skip("needs poppler-utils (pdftotext, pdffonts), sha256sum and a CJK font")
    if not TICKET.is_file():
        pytest.skip(f"the real-image set is not here ({REALDATA}); it lives in ../shared/realdata")
    root = tmp_path_factory.mktemp("naming")
    v = Vault.open(root / "vault")
    v.case_new("loan", title="某某借款平台借款纠纷", against="某某小额贷款有限公司", platform="某某借")
    results = v.add(list(FILES.values()), case="loan", engine="rapidocr", jobs=2)
    refs = {key: r.ref for key, r in zip(FILES, results, strict=True)}
    assert all(r.status == "added" for r in results), results
    call = v.note(case="loan", channel="phone", at="2024-06-21 10:05", with_whom="客服 工号A1023",
                  text="客服确认服务费收取有误，承诺3个工作日内原路退回",
                  promise="3个工作日内退还服务费800元", due="2024-06-26",
                  attach=[refs["wechatpay"], refs["sms_cmb"]])
    long = v.note(case="loan", channel="phone", at="2024-06-25 19:40", with_whom="催收",
                  text=LONG_NOTE)
    # grouped in an order that is not the order of their times, the group named second first
    v.describe(refs["wechatpay"], group="二、申请人已支付及平台承诺退款")
    v.describe(call["ref"], group="二、申请人已支付及平台承诺退款")
    v.describe(refs["sms_cmb"], group="二、申请人已支付及平台承诺退款")
    v.describe(refs["invoice"], group="一、双方存在借款合同关系")
    v.describe(refs["contract"], group="一、双方存在借款合同关系")
    v.describe(refs["loan"], group="一、双方存在借款合同关系")
    out = root / "dossier"
    result = export(v, "loan", out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    by_ref = {e["ref"]: e for e in manifest["exhibits"]}
    shown = {key: v.show(ref) for key, ref in refs.items()}
    yield {"vault": v, "out": out, "result": result, "manifest": manifest, "refs": refs,
           "by_ref": by_ref, "call": call["ref"], "long": long["ref"], "shown": shown,
           "text": pdftext(out / "dossier.pdf")}
    v.close()


def test_exhibit_files_are_named_by_exhibit_number_never_like_item_refs(dossier):
    out, manifest = dossier["out"], dossier["manifest"]
    files = sorted(p.name for p in (out / "originals").iterdir())
    assert len(files) == len(manifest["exhibits"]) == 9
    assert all(re.match(r"证据\d{2}-", f) for f in files), files
    assert not any(re.match(r"E\d", f) for f in files), files
    for e in manifest["exhibits"]:
        assert e["file"] == f"originals/证据{e['number']:02d}-" + e["file"].split("-", 1)[1]
        assert e["label"] == f"证据{e['number']}"
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # the custody table and every exhibit page name the same file
    text = squash(dossier["text"])
    for e in manifest["exhibits"]:
        assert e["file"].removeprefix("originals/")[:12] in text


def _catalogue_order(pdf) -> list[int]:
    """The exhibit numbers down the 证据目录, as pdftotext reads its pages."""
    numbers: list[int] = []
    page = 2
    while True:
        text = pdftext(pdf, page)
        if "证据目录" not in text and "证据编号" not in text:
            break
        numbers += [int(n) for n in re.findall(r"^\s*证据\s*(\d+)\s", text, re.M)]
        page += 1
    return numbers


def test_one_order_in_the_pdf_the_csv_the_word_list_and_the_manifest(dossier):
    from docx import Document

    out, manifest = dossier["out"], dossier["manifest"]
    listed = [e["number"] for e in manifest["exhibits"]]
    # numbered in the order presented: 1, 2, 3 … down the list, group 一 first
    assert listed == list(range(1, len(listed) + 1))
    groups = [e["group"] for e in manifest["exhibits"]]
    assert groups[:3] == ["一、双方存在借款合同关系"] * 3
    assert groups[3:6] == ["二、申请人已支付及平台承诺退款"] * 3
    assert _catalogue_order(out / "dossier.pdf") == listed
    with open(out / "evidence-list.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))[1:]
    assert [int(r[0]) for r in rows] == listed
    assert rows[0][1] == "一、双方存在借款合同关系" and rows[-1][1] == ""
    doc = Document(str(out / "evidence-list.docx"))
    cells = [row.cells[0].text for row in doc.tables[0].rows[1:]]
    numbers = [int(c) for c in cells if c.isdigit()]
    assert numbers == listed
    headings = [c for c in cells if not c.isdigit()]
    assert headings == ["一、双方存在借款合同关系", "二、申请人已支付及平台承诺退款", "其他证据"]
    # the exhibit pages follow the same order: each starts after the one before
    starts = []
    for row in rows:
        first = int(row[7].split("-")[0])
        assert f"证据{row[0]}" in squash(pdftext(out / "dossier.pdf", first)), row
        starts.append(first)
    assert starts == sorted(starts)


def test_names_come_from_the_document_kind(dossier):
    by_ref, refs = dossier["by_ref"], dossier["refs"]
    name = {key: by_ref[ref]["name"] for key, ref in refs.items()}
    assert name["ticket"] == "火车票照片"
    assert name["wechatpay"].startswith("微信支付账单详情截图（交易单号4200009122202403159432650529")
    assert name["sms_cmb"] == "招商银行短信截图" and name["sms_icbc"] == "工商银行短信截图"
    assert name["contract"].startswith("分期乐借款合同扫描件（")  # the lender, not the bank paid into
    assert name["invoice"].startswith("电子发票（发票号码24332000000041305872")
    assert name["loan"].startswith("借款详情截图（")  # no lender on the page: no bank named either
    assert not any("支付支付" in n or "聊天记录" in n for n in name.values()), name
    text = squash(dossier["text"])
    # the 证据来源 to match: a photo taken, an SMS screenshot on a phone, a PC screenshot, a scan
    assert "申请人拍摄的照片，拍摄时间不明（文件修改时间" in text
    assert "申请人手机短信截屏，声称截取时间2024-03-2016:01:12" in text
    assert "申请人电脑截屏" in text and "申请人提供的扫描件（PDF）" in text
    assert "申请人手机截屏，声称截取时间" not in text.split("火车票照片")[1][:80]


ALLOWED_LATIN = {
    # technical names the dossier uses on purpose, and the check commands
    "SHA", "PDF", "EXIF", "OCR", "MB", "evidence", "vault", "originals", "manifest", "json",
    "SHA256SUMS", "sha256sum", "shasum", "Linux", "macOS", "Get", "FileHash", "Algorithm",
    "SHA256", "Windows", "PowerShell", "certutil", "hashfile", "verify", "export", "note",
}


def test_no_english_in_the_chinese_dossier_but_what_the_evidence_holds(dossier):
    """Every Latin word in the PDF is one the evidence itself holds (an identifier, a file
    name, a document's own text, the note's text) or one of the few technical names."""
    v = dossier["vault"]
    evidence_words: set[str] = set()
    for e in dossier["manifest"]["exhibits"]:
        shown = v.show(e["ref"])
        parts = [shown.get("filename") or "", shown.get("text") or "", shown.get("with") or "",
                 ((shown.get("ocr") or {}).get("text") or ""), e["file"], e["sha256"]]
        parts += [f"{f['label'] or ''} {f['value']}" for f in shown["fields"]]
        evidence_words |= set(re.findall(r"[A-Za-z]+", " ".join(parts)))
    words = set(re.findall(r"[A-Za-z]{2,}", dossier["text"]))
    # hashes, also those a line or a table cell wrapped (…9c|cd1…)
    hashes = set(re.findall(r"[0-9a-f]{16,}", dossier["text"] + squash(dossier["text"])))
    hashes |= set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                             squash(dossier["text"])))  # the vault's id
    known = evidence_words | ALLOWED_LATIN | hashes
    # a word a table cell wrapped (Screensh|ot, SHA256|SUMS) is part of a known one
    leaked = {w for w in words if not any(w in k for k in known)}
    assert not leaked, sorted(leaked)
    # the field tables in particular: no role or kind shown by its code
    for code in ("price", "sign", "paid", "principal", "tail", "platform", "rate", "annual",
                 "txn_date_mismatch", "screenshot"):
        assert code not in dossier["text"], code
    listing = subprocess.run(["pdffonts", str(dossier["out"] / "dossier.pdf")], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    assert listing and all(line.split()[-5:-3] == ["yes", "yes"] for line in listing), listing


def test_the_timeline_names_exhibits_cuts_long_notes_and_shows_attachments(dossier):
    by_ref, refs, text = dossier["by_ref"], dossier["refs"], dossier["text"]
    first = next(e for e in dossier["manifest"]["exhibits"] if e["number"] == 1)
    start = text.index("案件时间线")
    end = squash(text[start:]).index("证据1" + first["name"][:6])  # the first exhibit's page
    section = squash(text[start:])[:end]
    # exhibit names, never the files'
    assert f"证据{by_ref[refs['ticket']]['number']}火车票照片" in section
    for path in FILES.values():
        assert path.stem[:10] not in section, path.name
    # each event's row holds its exhibit number whole on its first line: 证据/10 never wraps
    rows = [ln for ln in text[start:].splitlines()[:120] if re.match(r"\s*\d{4}-\d{2}-\d{2}", ln)]
    assert len(rows) >= 8
    assert all(re.search(r"证据\s?\d+", ln) for ln in rows), rows
    # a long note cut with a pointer to where it is in full; in full on its own page
    long = by_ref[dossier["long"]]
    assert f"（全文见证据{long['number']}）" in section
    shown = section.split("（催收）：", 1)[1].split("……（全文见", 1)[0]
    assert 50 < len(shown) <= 120 and LONG_NOTE.startswith(shown)
    assert squash(LONG_NOTE) in squash(text)
    # the call note with the exhibits attached to it
    wanted = "、".join(f"证据{by_ref[refs[k]]['number']}" for k in ("wechatpay", "sms_cmb"))
    assert f"（附：{wanted}）" in section


def _exhibit_page(out, number: int) -> str:
    with open(out / "evidence-list.csv", encoding="utf-8-sig") as f:
        row = next(r for r in list(csv.reader(f))[1:] if r[0] == str(number))
    first, _, last = row[7].partition("-")
    return pdftext(out / "dossier.pdf", int(first), int(last or first))


def test_a_notes_page_and_an_exhibits_text(dossier):
    out, by_ref, refs = dossier["out"], dossier["by_ref"], dossier["refs"]
    call = squash(_exhibit_page(out, by_ref[dossier["call"]]["number"]))
    assert "通话时间2024-06-2110:05" in call and "声称的截图时间" not in call
    assert call.count("客服确认服务费收取有误") == 1  # 记录内容 once, no 说明 repeating it
    pay = by_ref[refs["wechatpay"]]
    assert f"附件证据{pay['number']}（微信支付账单详情截图" in call
    # OCR text in a few readable lines: a label and its value together, not one token a line
    page = _exhibit_page(out, pay["number"])
    ocr = page.split("识别文字", 1)[1]
    assert len([ln for ln in ocr.splitlines() if ln.strip()]) <= 12, ocr
    assert "交易单号 4200009122202403159432650529" in ocr
    shot = squash(_exhibit_page(out, by_ref[refs["sms_cmb"]]["number"]))
    assert "声称的截图时间" in shot
    # the ticket photo's only time is its file's modification time: said so, never a 拍摄时间
    ticket = squash(_exhibit_page(out, by_ref[refs["ticket"]]["number"]))
    assert "文件修改时间" in ticket and "声称的拍摄时间" not in ticket and "截图时间" not in ticket


def test_the_check_commands_follow_the_sentence_that_announces_them(dossier):
    out, result = dossier["out"], dossier["result"]
    for page in range(result.pages, 0, -1):
        text = pdftext(out / "dossier.pdf", page)
        if "运行下列命令" in text:
            assert "sha256sum -c SHA256SUMS" in text and "vault verify-export ." in text
            assert text.index("运行下列命令") < text.index("sha256sum -c SHA256SUMS")
            break
    else:
        pytest.fail("no page says 运行下列命令")


@pytest.mark.parametrize(("lang", "prefix", "sms"), [("en", "Exhibit", "招商银行 text messages screenshot"),
                                                     ("zh-Hant", "證據", "招商银行短信截圖")])
def test_the_same_case_in_english_and_traditional_chinese(dossier, tmp_path, lang, prefix, sms):
    out = tmp_path / lang
    export(dossier["vault"], "loan", out, lang=lang)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in (out / "originals").iterdir())
    assert all(re.match(prefix + r"\d{2}-", f) for f in files), files
    # the numbers and their order are the ones the first export gave
    assert [(e["ref"], e["number"]) for e in manifest["exhibits"]] == \
        [(e["ref"], e["number"]) for e in dossier["manifest"]["exhibits"]]
    names = {e["ref"]: e["name"] for e in manifest["exhibits"]}
    assert names[dossier["refs"]["sms_cmb"]] == sms

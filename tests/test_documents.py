"""What a document is and what kind of picture a file is, for the dossier's names (issue 12,
defect 5): a bank SMS is an SMS and not a chat, a loan is named by its lender and never by the
bank the money went to, a railway ticket photographed is a photo and not a screenshot."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from conftest import REALDATA, REPO

from evidence_vault import capture, filetypes, imaging
from evidence_vault.dossier.textflow import SEPARATOR, reflow
from evidence_vault.extract import Context, extract
from evidence_vault.extract.documents import KINDS, document_kind, is_loan, where
from evidence_vault.extract.platforms import category

SAMPLES = REPO / "samples"


def fields(text: str) -> list[dict]:
    return [{"kind": f.kind, "value": f.value, "label": f.label, "role": f.role,
             "confidence": f.confidence, "detail": f.detail}
            for f in extract(text, Context(captured_at=datetime(2024, 3, 18, 9, 43)))]


CASES = [
    ("sms", "招商银行\n3月15日 14:23\n【招商银行】您账户1234于03月15日14:23在京东商城平台商户消费人民币"
            "1,280.00元，可用余额8,720.50元。\n【招商银行】您尾号1234的信用卡本期账单已出，应还¥3,286.40。"),
    ("sms", "工商银行\n您尾号5678卡1月15日10:32转账收入(重庆分期乐小额贷款)人民币9,200.00元。【工商银行】"),
    ("chat", "京东客服\n昨天 14:23\n你好，我买的键盘一直没发货，订单号260318751676\n"
             "您好，客服工号A1023为您服务。取消成功后3个工作日内退款至原支付账户"),
    ("invoice", "电子发票（普通发票）\n发票号码：24332000000041305872\n开票日期：2024年04月13日\n"
                "价税合计（大写）壹仟贰佰捌拾圆整（小写）¥1280.00"),
    ("bank_receipt", "招商银行个人账户交易回单\n回单编号：HD2024031514230700128\n交易金额(小写) ¥1,280.00"),
    ("contract", "借款合同\n合同编号：FQL2024011500917342\n甲方（出借人）：重庆分期乐小额贷款有限公司\n"
                 "乙方（借款人）：周明\n借款年化利率为24%\n甲方（盖章） 乙方（签字）：周明"),
    ("ticket", "034H069489\n汉口站 D3262 南昌西站\n2019年02月03日08:08开\n11车07D号\n￥120.0元\n二等座\n"
               "限乘当日当次车"),
    ("repayment_plan", "19:02\n还款计划\n已逾期5天\n本期应还（元）\n1,034.15\n应还本金\n¥833.33"),
    ("loan", "09:12\n借款详情\n还款中\n借款金额(元)\n10,000.00\n到账金额\n¥9,200.00\n收款银行卡\n"
             "工商银行(尾号5678)"),
    ("payment", "12:10\n美团\n-46.80\n当前状态 支付成功\n支付时间 2024年3月15日 12:05:33\n"
                "交易单号 4200009122202403159432650529"),
    ("order", "订单详情\n订单编号 295914147223954356\n实付款 ¥1,280.00"),
    ("refund", "退款详情\n退款编号 30012345678901\n退款金额 ¥1,280.00"),
    ("tracking", "运单号 SF1234567890123\n已签收"),
    ("receipt", "永辉超市\n欢迎光临\n收银员：王丽\n机号：03\n合计：147.80\n找零 2.20\n谢谢惠顾"),
    (None, "风景很好"),
]


@pytest.mark.parametrize(("kind", "text"), CASES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(CASES)])
def test_what_a_document_is(kind, text):
    assert kind is None or kind in KINDS
    assert document_kind(text, fields(text)) == kind


def test_a_loan_is_named_by_its_lender_never_by_the_bank_paid_into():
    contract = CASES[5][1]
    assert is_loan("contract", contract)
    assert where("contract", fields(contract), None) == "分期乐"
    loan = CASES[8][1]  # 借款详情 naming only the bank the money went to
    assert [f["value"] for f in fields(loan) if f["kind"] == "platform"] == ["工商银行"]
    assert where("loan", fields(loan), None) == ""
    assert where("loan", fields(loan), "分期乐") == "分期乐"  # the loan app it was captured in


def test_an_sms_by_its_sender_a_payment_by_its_service():
    sms = CASES[0][1]
    assert where("sms", fields(sms), None) == "招商银行"  # not 京东, the shop the SMS mentions
    pay = CASES[9][1]
    assert where("payment", fields(pay) + [{"kind": "platform", "value": "微信支付"}], "微信") == "微信支付"
    assert category("某某小额贷款有限公司") == "lender" and category("招商银行") == "bank"
    assert category("支付宝") == "payment" and category("京东") == "shop"


def _origin(path):
    mime = filetypes.sniff(path)
    cap = capture.claim(path, mime)
    return capture.picture_origin(mime, path.name, cap.app, cap.candidates,
                                  lambda: imaging.looks_photographed(path, mime),
                                  lambda: imaging.header(path, mime)["size"])


def test_screenshot_or_photo_from_name_metadata_and_pixels():
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix.lower() not in (".png", ".jpg", ".heic"):
            continue
        truth = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
        origin = _origin(path)
        if "photographed" in (truth.get("degraded") or "") or truth["layout"] == "receipt":
            assert origin == "photo", path.name  # a phone photographed, a paper slip
        elif path.name.startswith(("Screenshot", "Screen Shot", "截屏", "屏幕截图", "QQ截图")) \
                or path.suffix == ".PNG":
            assert origin == "screenshot", path.name
        else:  # saved from a chat (mmexport…, 微信图片_…): flat pixels say nothing either way
            assert origin in (None, "screenshot"), path.name


def test_a_png_is_a_phone_screenshot_only_in_a_phone_screens_shape(tmp_path):
    """A PNG named by no rule used to be called a phone screenshot whatever it showed; a
    scanned paper form (585 x 367) or a landscape picture is no phone's screen, and the
    dossier must not say 申请人手机截屏 of it."""
    from PIL import Image, ImageDraw

    def drawn(name, size):
        image = Image.new("RGB", size, "white")
        ImageDraw.Draw(image).text((20, 20), "Total 280.00", fill="black")
        image.save(tmp_path / name)
        return tmp_path / name

    assert _origin(drawn("upright.png", (1080, 2340))) == "screenshot"
    assert _origin(drawn("long.png", (1080, 9000))) == "screenshot"
    assert _origin(drawn("form.png", (585, 367))) is None
    assert _origin(drawn("wide.png", (1920, 1080))) is None
    assert _origin(drawn("Screenshot_20240320-160112.png", (1920, 1080))) == "screenshot"
    form = REALDATA / "zh-bank-settlement-form.png"
    if form.exists():
        assert _origin(form) is None


def test_a_photographed_ticket_with_no_metadata_is_a_photo():
    tickets = sorted(REALDATA.glob("zh-train-ticket-*.jpg"))
    if not tickets:
        pytest.skip(f"the real-image set is not here ({REALDATA}); it lives in ../shared/realdata")
    # stripped of EXIF, named by no phone: only the camera's noise in the pixels says it
    assert [p.name for p in tickets if _origin(p) != "photo"] == []
    assert capture.desktop_screenshot("QQ截图20240316091230.png", [])
    assert not capture.desktop_screenshot("Screenshot_20240320-160112.png", [])


def line(text, x0, y0, x1, y1, page=0):
    return {"text": text, "box": [x0, y0, x1, y1], "page": page}


def test_reflow_joins_rows_and_wrapped_sentences():
    lines = [line("09:43", 20, 10, 90, 40), line("83", 900, 10, 950, 40),
             line("到账金额", 60, 200, 200, 240), line("¥9,200.00", 400, 202, 560, 238),
             line("服务费", 60, 300, 160, 340), line("¥800.00", 400, 300, 520, 340),
             # a chat bubble: an avatar, then text that wraps at the bubble's edge
             line("JD", 20, 500, 70, 540), line("您好，客服工号A1023为您服", 120, 500, 980, 540),
             line("务。您的订单实付款¥1,280.00", 120, 548, 900, 588)]
    text = "\n".join(ln["text"] for ln in lines)
    out = reflow(text, lines).splitlines()
    assert out == [SEPARATOR.join(["09:43 83", "到账金额 ¥9,200.00", "服务费 ¥800.00"]),
                   "JD 您好，客服工号A1023为您服务。您的订单实付款¥1,280.00"]


def test_reflow_keeps_every_character_and_falls_back_to_the_text():
    text = "第1期\n2024-02-15 ¥1,021.35 已还\n" + "很长的一句话" * 10
    out = reflow(text, None)
    assert "".join(out.split()).replace(SEPARATOR.strip(), "") == "".join(text.split())
    assert out.splitlines()[0] == SEPARATOR.join(["第1期", "2024-02-15 ¥1,021.35 已还"])
    # boxes of another reading than the text are not used
    assert reflow("甲\n乙", [line("丙", 0, 0, 10, 10)]) == SEPARATOR.join(["甲", "乙"])

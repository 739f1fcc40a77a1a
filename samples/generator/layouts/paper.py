"""Paper: thermal receipts (drawn as a Screen, then photographed), PDFs with a real text layer
(reportlab, the built-in CID font STSong-Light: a bank 电子回单 and an 电子发票), and page 1 of a
loan contract drawn for the image-only "scanned" PDF.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas as rl_canvas

from ..identifiers import spaced
from ..screens import MONO, SERIF, Screen


def paper_slip(rng: random.Random, cap: dt.datetime, *, width: int, lang: str,
               lines: list[tuple], family: str | None = None) -> Screen:
    """A thermal-paper slip: ("c", text) centred, ("l", text) left, ("lr", left, right),
    ("rule",) a dashed rule; text may carry {kind:role=text|value} marks."""
    step = 24
    height = int(sum(step * (0.6 if ln[0] == "rule" else 1) for ln in lines) * width / 360) + 120
    sc = Screen(width, height, "#F7F5EE", family=family or MONO[lang], lang=lang)
    y = sc.px(20)
    for ln in lines:
        kind = ln[0]
        if kind == "rule":
            x = sc.px(12)
            while x < sc.w - sc.px(12):
                sc.d.line([(x, y + sc.px(7)), (x + sc.px(5), y + sc.px(7))], fill="#555555",
                          width=max(1, sc.px(0.8)))
                x += sc.px(9)
            y += sc.px(step * 0.6)
            continue
        size = ln[2] if kind == "c" and len(ln) > 2 else 13
        if kind == "c":
            text = sc.marked(ln[1], cap)
            sc.text(sc.w / 2, y, text, size, "#2B2B2B", anchor="ma", bold=size > 14)
        elif kind == "l":
            sc.text(sc.px(14), y, sc.marked(ln[1], cap), 13, "#2B2B2B")
        elif kind == "lr":
            sc.text(sc.px(14), y, sc.marked(ln[1], cap), 13, "#2B2B2B")
            sc.text(sc.w - sc.px(14), y, sc.marked(ln[2], cap), 13, "#2B2B2B", anchor="ra")
        y += sc.px(step * (size / 13 if kind == "c" else 1))
    sc.img = sc.img.crop((0, 0, sc.w, min(sc.h, int(y + sc.px(24)))))
    return sc


class Record:
    """Shown strings and fields of a page drawn by something other than a Screen."""

    field = Screen.field

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.fields: list[dict] = []


def pdf_stamp(c, x: float, y: float, r: float, top: str, bottom: str) -> None:
    c.saveState()
    c.setStrokeColorRGB(0.85, 0.1, 0.1)
    c.setFillColorRGB(0.85, 0.1, 0.1)
    c.setLineWidth(2)
    c.circle(x, y, r)
    c.setFont("STSong-Light", min(8.0, 1.5 * r / len(top)))  # the name fits inside the ring
    c.drawCentredString(x, y + r * 0.35, top)
    c.setFont("STSong-Light", 8)
    c.drawCentredString(x, y - r * 0.15, "★")
    c.drawCentredString(x, y - r * 0.55, bottom)
    c.restoreState()


def text_pdf(path: Path, when: dt.datetime, title: str, draw) -> Record:
    """A PDF with a real text layer (reportlab, the built-in CID font STSong-Light)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = rl_canvas.Canvas(str(path), pagesize=A4, invariant=1)
    ts = c._doc._timeStamp  # the document date is the receipt's issue time, not today
    ts.YMDhms, ts.dhh, ts.dmm = (when.year, when.month, when.day, when.hour, when.minute,
                                 when.second), 8, 0
    c.setTitle(title)
    c.setCreator("evidence-vault samples")
    rec = Record()

    def put(x: float, y: float, s: str, size: float = 10, at: dt.datetime | None = None,
            center: bool = False) -> None:
        s = Screen.marked(rec, s, at)
        c.setFont("STSong-Light", size)
        (c.drawCentredString if center else c.drawString)(x, y, s)
        rec.shown.append(s)

    draw(c, put)
    c.showPage()
    c.save()
    return rec


def bank_receipt_pdf(c, put, payer: str, payee: str) -> None:
    w, h = A4
    top = h - 70
    put(w / 2, top, "招商银行个人账户交易回单", 16, center=True)
    put(w / 2, top - 20, "CHINA MERCHANTS BANK  电子回单", 9, center=True)
    put(60, top - 48, "回单编号：{serial_no=HD2024031514230700128}")
    put(330, top - 48, "生成时间：{datetime:issue=2024-03-16 09:20:11|2024-03-16T09:20:11}")
    c.setLineWidth(0.8)
    rows = [
        ("付款人户名", "张明", "收款人户名", "李建国"),
        ("付款人账号", f"{{bank_card:payer={spaced(payer)}|{payer}}}", "收款人账号",
         f"{{bank_card:payee={spaced(payee)}|{payee}}}"),
        ("付款行", "招商银行杭州分行营业部", "收款行", "中国建设银行北京望京支行"),
        ("交易金额(小写)", "{amount:paid=¥1,280.00}", "交易金额(大写)", "人民币壹仟贰佰捌拾元整"),
        ("交易时间", "{datetime:payment=2024-03-15 14:23:07|2024-03-15T14:23:07}", "摘要", "转账"),
        ("交易流水号", "{serial_no=F2403151423070049721}", "附言", "货款"),
    ]
    y0 = top - 70
    rh = 30
    x = [50, 130, 300, 385, w - 50]
    for i, (a, b, cc, d) in enumerate(rows):
        y = y0 - i * rh
        c.line(x[0], y, x[4], y)
        put(x[0] + 6, y - 19, a, 9)
        put(x[1] + 6, y - 19, b, 9)
        put(x[2] + 6, y - 19, cc, 9)
        put(x[3] + 6, y - 19, d, 9)
    yb = y0 - len(rows) * rh
    c.line(x[0], yb, x[4], yb)
    for xx in x:
        c.line(xx, y0, xx, yb)
    put(60, yb - 24, "温馨提示：本回单为电子回单，可通过招商银行官网验证真伪，重复打印无效。", 8.5)
    put(60, yb - 40, "验证码：7QK2 M9XD 4PLA", 8.5)
    pdf_stamp(c, w - 120, yb - 80, 42, "招商银行杭州分行", "电子回单专用章")


def invoice_pdf(c, put, seller_code: str) -> None:
    w, h = A4
    top = h - 60
    c.setStrokeColorRGB(0.55, 0.25, 0.1)
    put(w / 2, top, "电子发票（普通发票）", 18, center=True)
    put(380, top - 30, "发票号码：{serial_no=24332000000041305872}", 9)
    put(380, top - 46, "开票日期：{date:issue=2024年04月13日|2024-04-13}", 9)
    c.rect(40, top - 400, w - 80, 340)
    c.line(40, top - 150, w - 40, top - 150)
    c.line(w / 2, top - 60, w / 2, top - 150)
    put(50, top - 80, "购买方信息", 9)
    put(50, top - 100, "名称：李静", 9)
    put(50, top - 118, "统一社会信用代码/纳税人识别号：", 9)
    put(w / 2 + 10, top - 80, "销售方信息", 9)
    put(w / 2 + 10, top - 100, "名称：杭州北境户外用品有限公司", 9)
    put(w / 2 + 10, top - 118, "统一社会信用代码/纳税人识别号：", 9)
    put(w / 2 + 10, top - 134, "{credit_code=" + seller_code + "}", 9)
    cols = [50, 210, 270, 300, 330, 390, 450, 490]
    heads = ["项目名称", "规格型号", "单位", "数量", "单价", "金额", "税率", "税额"]
    for x, t in zip(cols, heads, strict=True):
        put(x, top - 170, t, 8.5)
    vals = ["*服装*北境冲锋衣三合一", "L", "件", "1", "{amount=1132.74}", "1132.74", "13%",
            "{amount:tax=147.26}"]
    for x, t in zip(cols, vals, strict=True):
        put(x, top - 190, t, 8.5)
    put(50, top - 300, "合计", 9)
    put(390, top - 300, "¥1132.74", 9)
    put(490, top - 300, "¥147.26", 9)
    c.line(40, top - 315, w - 40, top - 315)
    put(50, top - 340, "价税合计（大写）  ⊗壹仟贰佰捌拾圆整", 9)
    put(390, top - 340, "（小写）{amount:paid=¥1280.00}", 9)
    put(50, top - 425, "开票人：王芳", 9)
    pdf_stamp(c, w - 130, top - 470, 40, "杭州北境户外用品有限公司", "发票专用章")


def contract_scan(rng: random.Random, cap: dt.datetime, *, ids: dict) -> Screen:
    """Page 1 of a loan contract, drawn on A4 at 150 dpi for the image-only "scanned" PDF."""
    sc = Screen(1240, 1754, "#FFFFFF", family=SERIF["zh-Hans"], lang="zh-Hans")
    sc.s = 1240 / 595  # draw in PDF points
    x, y = sc.px(70), sc.px(70)
    sc.text(sc.w / 2, y, "借款合同", 20, "#111111", bold=True, anchor="ma")
    y += sc.px(40)
    sc.text(sc.w - sc.px(70), y, sc.marked(f"合同编号：{{contract_no={ids['contract']}}}"), 10.5,
            "#111111", anchor="ra")
    y += sc.px(30)
    body = [
        "甲方（出借人）：重庆分期乐小额贷款有限公司",
        f"统一社会信用代码：{{credit_code={ids['uscc']}}}",
        "乙方（借款人）：周明",
        f"身份证号码：{{id_card={ids['id']}}}",
        f"联系电话：{{phone={ids['phone']}}}",
        f"收款账户：中国工商银行 {{bank_card={ids['card_shown']}|{ids['card']}}}",
        "",
        "第一条 借款金额",
        "乙方向甲方借款人民币（大写）壹万元整，（小写）{amount:principal=¥10,000.00}。",
        "第二条 借款期限",
        "借款期限为12个月，自{date:loan=2024年1月15日|2024-01-15}起至"
        "{date:due=2025年1月15日|2025-01-15}止。",
        "第三条 利率与费用",
        "借款年化利率（单利）为{rate:annual=24%|24}。乙方同意甲方在放款时一次性收取平台服务费",
        "{amount:fee=¥800.00}，实际到账金额为{amount:disbursed=¥9,200.00}。",
        "第四条 还款方式",
        "乙方按月等额本息还款，每月15日为还款日，每期应还{amount:due=¥1,021.35}。",
        "第五条 逾期责任",
        "乙方未按期足额还款的，应按逾期本金每日{rate:daily=万分之五|0.05}支付罚息。",
        "",
        "甲方（盖章）：                        乙方（签字）：周明",
        "", "", "",
        "签署日期：{date:sign=2024年01月15日|2024-01-15}",
    ]
    seal_y = 0
    for line in body:
        if line:
            if line.startswith("甲方（盖章）"):
                seal_y = y + sc.px(8)
            h = sc.para(x, y, sc.marked(line), 10.5, "#161616", sc.w - 2 * x, lh=1.9)
        else:
            h = sc.px(12)
        y += h
    # the lender's seal over 甲方（盖章）, clear of the signing date below
    cx, cy, r = sc.px(170), seal_y, sc.px(40)
    sc.d.ellipse((cx - r, cy - r, cx + r, cy + r), outline="#CC2A2A", width=sc.px(2.2))
    sc.text(cx, cy - sc.px(14), "分期乐小额贷款", 8.5, "#CC2A2A", anchor="mm", record=False)
    sc.text(cx, cy + sc.px(6), "★", 14, "#CC2A2A", anchor="mm", record=False)
    sc.text(cx, cy + sc.px(26), "合同专用章", 8.5, "#CC2A2A", anchor="mm", record=False)
    sc.text(sc.w / 2, sc.h - sc.px(40), "第 1 页 共 4 页", 9, "#333333", anchor="ma",
            record=False)
    return sc

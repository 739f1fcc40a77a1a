"""The catalogue's paper: two photographed receipts (HEIC) and the three PDFs (a bank 电子回单 and an
电子发票 with a text layer, and an image-only scanned loan contract).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from ..degradation import photo_of_paper, scan_look
from ..identifiers import credit_code, id_card, luhn_card, luhn_ending, mobile, spaced
from ..layouts.paper import bank_receipt_pdf, contract_scan, invoice_pdf, paper_slip, text_pdf
from ..render import SEED, Spec
from ..truth import finish_fields, write_truth
from ..values import iso

D = dt.datetime  # short alias used by the catalogue


def RECEIPTS() -> list[Spec]:  # noqa: N802
    shop = [
        ("c", "永辉超市", 18), ("c", "杭州文三路店 欢迎光临"), ("rule",),
        ("l", "流水号：{serial_no=2024031514230788}"), ("lr", "收银员：王丽", "机号：03"),
        ("l", "日期：{datetime:payment=2024-03-15 14:23:07|2024-03-15T14:23:07}"), ("rule",),
        ("lr", "商品名称  数量", "金额"),
        ("lr", "金龙鱼大米5kg   1", "{amount=45.90}"),
        ("lr", "伊利纯牛奶250ml*16  1", "{amount=59.90}"),
        ("lr", "农夫山泉550ml   2", "{amount=3.00}"),
        ("lr", "云南小粒咖啡豆   1", "{amount=39.00}"), ("rule",),
        ("lr", "合计：", "{amount:total=147.80}"), ("lr", "会员优惠：", "-{amount:discount=5.00}"),
        ("lr", "实收(微信支付)：", "{amount:paid=142.80}"), ("rule",),
        ("c", "退换货请凭此小票在七天内办理"), ("c", "谢谢惠顾，欢迎再次光临"),
    ]
    pos = [
        ("c", "中国银联 签购单", 17), ("c", "POS SALES SLIP"), ("rule",),
        ("l", "商户名称(MERCHANT NAME)："), ("l", "  杭州森屿电器商行"),
        ("l", "卡号(CARD NO)："), ("l", "  622588******{bank_card:tail=1234}"),
        ("l", "交易类型(TRANS TYPE)：消费/SALE"),
        ("l", "凭证号(VOUCHER NO)：{serial_no=000356}"),
        ("l", "参考号(REFER NO)：{serial_no=240315142307}"),
        ("l", "日期/时间(DATE/TIME)："),
        ("l", "  {datetime:payment=2024/03/15 14:23:07|2024-03-15T14:23:07}"),
        ("l", "金额(AMOUNT)：{amount:paid=RMB 1,280.00}"), ("rule",),
        ("l", "持卡人签名(CARDHOLDER SIGNATURE)："), ("l", " "), ("l", " "), ("rule",),
        ("c", "本人确认以上交易，同意将其记入本卡账户"), ("c", "商户存根 MERCHANT COPY"),
    ]
    return [
        Spec("heic-shop", "receipt", "zh-Hans", paper_slip, dict(width=620, lang="zh-Hans",
             lines=shop), style="ios", seq=4301, meta="exif", cap=D(2024, 3, 15, 14, 25, 31),
             ext="heic", quality=45, post=photo_of_paper),
        Spec("heic-pos", "receipt", "zh-Hans", paper_slip, dict(width=600, lang="zh-Hans",
             lines=pos), style="ios", seq=4302, meta="exif", cap=D(2024, 3, 15, 14, 26, 2),
             ext="heic", quality=45, post=photo_of_paper, allow=("622588",)),
    ]


def render_pdfs(folder: Path) -> list[dict]:
    out = []
    rng = random.Random(f"{SEED}:pdfs")
    jobs = [
        ("电子回单_招商银行_20240315.pdf", "bank-receipt-pdf", D(2024, 3, 16, 9, 20, 11),
         "招商银行个人账户交易回单",
         lambda c, put: bank_receipt_pdf(c, put, luhn_card(rng, "622588", 16),
                                         luhn_card(rng, "621700", 19))),
        ("dzfp_24332000000041305872_杭州北境户外用品有限公司_20240413101500.pdf", "e-invoice-pdf",
         D(2024, 4, 13, 10, 15, 0), "电子发票",
         lambda c, put: invoice_pdf(c, put, credit_code(rng, "330106"))),
    ]
    for name, layout, when, title, draw in jobs:
        path = folder / name
        rec = text_pdf(path, when, title, draw)
        fields = finish_fields(rec.shown, rec.fields, when)
        truth = {"layout": layout, "lang": "zh-Hans", "degraded": None, "captured_at": iso(when),
                 "captured_at_source": "pdf-meta", "app": None, "fields": fields,
                 "cross_check_mismatch": False}
        write_truth(path, truth)
        out.append(truth)
    card = luhn_ending(rng, "622202", 19, "5678")
    ids = {"contract": "FQL2024011500917342", "uscc": credit_code(rng, "500112"),
           "id": id_card(rng, "330106", dt.date(1992, 7, 9)), "phone": mobile(rng),
           "card": card, "card_shown": spaced(card)}
    sc = contract_scan(rng, D(2024, 1, 15), ids=ids)
    when = D(2024, 3, 22, 16, 40, 12)  # when the paper contract was scanned
    fields = finish_fields(sc.shown, sc.fields, when)
    path = folder / "借款合同_扫描件.pdf"
    scan_look(sc.img, rng).save(path, "PDF", resolution=150.0, quality=45, title="扫描件",
                                creationDate=(when - dt.timedelta(hours=8)).timetuple(),
                                modDate=(when - dt.timedelta(hours=8)).timetuple())
    truth = {"layout": "loan-contract-scan", "lang": "zh-Hans", "degraded": "scanned (image only)",
             "captured_at": iso(when), "captured_at_source": "pdf-meta", "app": None,
             "fields": fields, "cross_check_mismatch": False}
    write_truth(path, truth)
    out.append(truth)
    return out

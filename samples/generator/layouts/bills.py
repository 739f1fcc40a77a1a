"""Payment 账单详情 pages: Alipay and WeChat Pay (light and dark), the headline amount on its own
line, then label/value rows with the 28-digit numbers.
"""

from __future__ import annotations

import datetime as dt
import random

from ..screens import SANS, Screen, chevron_right, home_indicator, kv_row, nav_bar, status_bar
from ..values import cn_date, iso, money_value, yuan

ALIPAY_L = {
    "zh-Hans": dict(title="账单详情", ok="交易成功", refund_ok="退款成功", paid="支付时间",
                    created="创建时间", refunded="退款时间", method="付款方式", rmethod="退款方式",
                    item="商品说明", payee="收款方全称", order="订单号", mch="商家订单号",
                    cat="账单分类", tag="标签和备注", add="添加", ask="对此订单有疑问",
                    flow="查看往来流水"),
    "zh-Hant": dict(title="帳單詳情", ok="交易成功", refund_ok="退款成功", paid="付款時間",
                    created="建立時間", refunded="退款時間", method="付款方式", rmethod="退款方式",
                    item="商品說明", payee="收款方全稱", order="訂單號", mch="商家訂單號",
                    cat="帳單分類", tag="標籤和備註", add="新增", ask="對此訂單有疑問",
                    flow="查看往來流水"),
    "en": dict(title="Bill Details", ok="Completed", refund_ok="Refunded", paid="Payment Time",
               created="Created", refunded="Refund Time", method="Payment Method",
               rmethod="Refund To", item="Description", payee="Payee", order="Order No.",
               mch="Merchant Order No.", cat="Category", tag="Tags & Notes", add="Add",
               ask="Questions about this order", flow="View transactions"),
}


def alipay_bill(rng: random.Random, cap: dt.datetime, *, width: int, height: int, lang: str,
                merchant: str, short: str, amount: str, paid_at: dt.datetime, method: str,
                tail: str | None, item: str, trade_no: str, merchant_no: str | None = None,
                refund_at: dt.datetime | None = None, category: str = "日用百货",
                family: str | None = None, num_family: str = "DejaVu Sans",
                logo=("淘", "#FF5000"), ios: bool = False, wrap_ids: bool = False) -> Screen:
    """Alipay 账单详情: headline amount on its own line, then label/value rows."""
    L = ALIPAY_L[lang]
    sc = Screen(width, height, "#FFFFFF", family=family or SANS[lang], lang=lang)
    y = status_bar(sc, cap, fg="#000000", bg="#FFFFFF", ios=ios, battery=rng.randint(20, 99))
    y = nav_bar(sc, y, L["title"], fg="#1A1A1A", bg="#FFFFFF", size=17)
    y += sc.px(22)
    r = sc.px(22)
    sc.d.ellipse((sc.w / 2 - r, y, sc.w / 2 + r, y + 2 * r), fill=logo[1])
    sc.text(sc.w / 2, y + r, logo[0], 18, "#FFFFFF", bold=True, anchor="mm", record=False)
    y += 2 * r + sc.px(10)
    sc.text(sc.w / 2, y, short, 15, "#333333", anchor="ma")
    y += sc.px(30)
    head = yuan(amount, sym="", sign="+" if refund_at else "-")
    sc.text(sc.w / 2, y, head, 34, "#1A1A1A", bold=True, anchor="ma", family=num_family)
    sc.field("amount", money_value(head), "refund" if refund_at else "paid", text=head)
    y += sc.px(50)
    sc.text(sc.w / 2, y, L["refund_ok" if refund_at else "ok"], 14, "#999999", anchor="ma")
    y += sc.px(36)
    sc.rect((sc.px(16), y, sc.w - sc.px(16), y + 1), fill="#EEEEEE")
    y += sc.px(18)
    xl, xv, right = sc.px(16), sc.px(112 if lang == "en" else 100), sc.w - sc.px(16)
    row = dict(x_label=xl, x_value=xv, right=right, size=14, lc="#999999", vc="#333333")
    stamp = f"{paid_at:%Y-%m-%d %H:%M:%S}"
    if refund_at:
        rs = f"{refund_at:%Y-%m-%d %H:%M:%S}"
        y = kv_row(sc, y, L["refunded"], rs, **row)
        sc.field("datetime", iso(refund_at), "refund", label=L["refunded"], text=rs)
        y = kv_row(sc, y, L["created"], stamp, **row)
        sc.field("datetime", iso(paid_at), "order", label=L["created"], text=stamp)
        y = kv_row(sc, y, L["rmethod"], method, **row)
    else:
        y = kv_row(sc, y, L["paid"], stamp, **row)
        sc.field("datetime", iso(paid_at), "payment", label=L["paid"], text=stamp)
        y = kv_row(sc, y, L["method"], method, **row)
    if tail:
        sc.field("bank_card", tail, "tail", label=L["method"], text=tail)
    y = kv_row(sc, y, L["item"], item, **row)
    y = kv_row(sc, y, L["payee"], merchant, **row)
    if wrap_ids:  # a narrow value column: the long numbers break onto a second line
        row = dict(row, right=sc.px(300))
    y = kv_row(sc, y, L["order"], trade_no, **row)
    sc.field("transaction_no", trade_no, None, label=L["order"], text=trade_no)
    if merchant_no:
        y = kv_row(sc, y, L["mch"], merchant_no, **row)
        sc.field("merchant_order_no", merchant_no, None, label=L["mch"], text=merchant_no)
    y += sc.px(8)
    sc.rect((0, y, sc.w, y + sc.px(10)), fill="#F5F5F5")
    y += sc.px(26)
    for label, value in ((L["cat"], category), (L["tag"], L["add"]), (L["ask"], ""),
                         (L["flow"], "")):
        if y + sc.px(40) > sc.h - sc.px(24):
            break  # the page goes on below the screen; these rows carry no fields
        sc.text(xl, y, label, 15, "#333333")
        if value:
            sc.text(right - sc.px(18), y, value, 14, "#999999", anchor="ra")
        chevron_right(sc, right - sc.px(4), y + sc.px(10), "#BBBBBB")
        y += sc.px(48)
    if y > sc.h - sc.px(20):
        raise ValueError("alipay bill does not fit")
    home_indicator(sc, "#1A1A1A")
    return sc


WXPAY_L = {
    "zh-Hans": dict(state="当前状态", ok="支付成功", paid="支付时间", item="商品", mch="商户全称",
                    acq="收单机构", acq_v="财付通支付科技有限公司", method="支付方式",
                    txn="交易单号", mno="商户单号", links=["对订单有疑惑", "发起群收款",
                                                    "在此商户的交易"], title="账单详情"),
    "en": dict(state="Status", ok="Payment successful", paid="Payment Time", item="Product",
               mch="Merchant", acq="Acquirer", acq_v="Tenpay Payment Technology Co., Ltd.",
               method="Payment Method", txn="Transaction No.", mno="Merchant Order No.",
               links=["Questions about this order", "Split bill", "Transactions with merchant"],
               title="Transaction Details"),
}


def wechatpay_bill(rng: random.Random, cap: dt.datetime, *, width: int, height: int, lang: str,
                   merchant: str, short: str, amount: str, paid_at: dt.datetime, method: str,
                   tail: str | None, item: str, txn: str, merchant_no: str, dark: bool = False,
                   family: str | None = None, logo=("美", "#FFC300"), ios: bool = False,
                   num_family: str | None = None, refund_at: dt.datetime | None = None) -> Screen:
    """WeChat Pay 账单详情: 交易单号 28 digits with the payment date at chars 11-18."""
    L = WXPAY_L[lang]
    bg, fg, sub, line = ("#191919", "#D7D7D7", "#8A8A8A", "#2A2A2A") if dark else \
        ("#FFFFFF", "#191919", "#888888", "#EDEDED")
    fam = family or SANS["zh-Hans" if lang == "en" else lang]
    sc = Screen(width, height, bg, family=fam, lang=lang, dark=dark)
    y = status_bar(sc, cap, fg=fg, bg=bg, ios=ios, battery=rng.randint(20, 99))
    y = nav_bar(sc, y, L["title"] if lang == "en" else "", fg=fg, bg=bg, size=16)
    y += sc.px(26)
    r = sc.px(24)
    sc.d.ellipse((sc.w / 2 - r, y, sc.w / 2 + r, y + 2 * r), fill=logo[1])
    sc.text(sc.w / 2, y + r, logo[0], 17, "#FFFFFF", bold=True, anchor="mm", record=False)
    y += 2 * r + sc.px(12)
    sc.text(sc.w / 2, y, short, 16, fg, anchor="ma")
    y += sc.px(34)
    head = yuan(amount, sym="", sign="+" if refund_at else "-")
    sc.text(sc.w / 2, y, head, 38, fg, bold=True, anchor="ma", family=num_family or fam)
    sc.field("amount", money_value(head), "refund" if refund_at else "paid", text=head)
    y += sc.px(78)
    xl, xv, right = sc.px(24), sc.px(130 if lang == "en" else 108), sc.w - sc.px(24)
    row = dict(x_label=xl, x_value=xv, right=right, size=14.5, lc=sub, vc=fg, gap=16)
    y = kv_row(sc, y, L["state"], "已全额退款" if refund_at else L["ok"], **row)
    if refund_at:
        rs = cn_date(refund_at)
        y = kv_row(sc, y, "退款时间", rs, **row)
        sc.field("datetime", iso(refund_at), "refund", label="退款时间", text=rs)
    stamp = cn_date(paid_at) if lang != "en" else f"{paid_at:%Y-%m-%d %H:%M:%S}"
    y = kv_row(sc, y, L["paid"], stamp, **row)
    sc.field("datetime", iso(paid_at), "payment", label=L["paid"], text=stamp)
    y = kv_row(sc, y, L["item"], item, **row)
    y = kv_row(sc, y, L["mch"], merchant, **row)
    y = kv_row(sc, y, L["acq"], L["acq_v"], **row)
    y = kv_row(sc, y, L["method"], method, **row)
    if tail:
        sc.field("bank_card", tail, "tail", label=L["method"], text=tail)
    y = kv_row(sc, y, L["txn"], txn, **row)
    sc.field("transaction_no", txn, None, label=L["txn"], text=txn)
    y = kv_row(sc, y, L["mno"], merchant_no, **row)
    sc.field("merchant_order_no", merchant_no, None, label=L["mno"], text=merchant_no)
    y += sc.px(10)
    sc.rect((xl, y, right, y + 1), fill=line)
    y += sc.px(20)
    for label in L["links"]:
        if y + sc.px(40) > sc.h - sc.px(24):
            break
        sc.text(xl, y, label, 15, fg)
        chevron_right(sc, right, y + sc.px(11), sub)
        y += sc.px(50)
    if y > sc.h - sc.px(20):
        raise ValueError("wechat pay bill does not fit")
    home_indicator(sc, fg)
    return sc

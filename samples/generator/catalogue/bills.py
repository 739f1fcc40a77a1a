"""The catalogue's Alipay and WeChat Pay bill pages (two deliberately inconsistent)."""

from __future__ import annotations

import datetime as dt
import random

from ..identifiers import alipay_trade, digits, wechat_txn
from ..layouts.bills import alipay_bill, wechatpay_bill
from ..render import SEED, Spec
from ..screens import SERIF

D = dt.datetime  # short alias used by the catalogue


def BILLS() -> list[Spec]:  # noqa: N802
    r = random.Random(f"{SEED}:bills")
    out = []
    add = out.append
    add(Spec("alipay-taobao", "alipay-bill", "zh-Hans", alipay_bill, dict(
        width=1080, height=2400, lang="zh-Hans", merchant="杭州森屿数码科技有限公司",
        short="森屿数码旗舰店", amount="899.00", paid_at=D(2024, 3, 10, 20, 41, 17),
        method="招商银行信用卡(4471)", tail="4471", item="森屿 无线蓝牙耳机 主动降噪版",
        trade_no="2024031022001456781234567890", merchant_no="T200P2959141472239543560"),
        style="miui", cap=D(2024, 3, 18, 21, 20, 3), ext="jpg", app="com.eg.android.AlipayGphone",
        quality=70))
    add(Spec("alipay-refund", "alipay-bill", "zh-Hans", alipay_bill, dict(
        width=1080, height=2340, lang="zh-Hans", merchant="杭州森屿数码科技有限公司",
        short="森屿数码旗舰店", amount="899.00", paid_at=D(2024, 3, 10, 20, 41, 17),
        refund_at=D(2024, 3, 18, 16, 5, 44), method="退回招商银行信用卡(4471)", tail="4471",
        item="退款-森屿 无线蓝牙耳机 主动降噪版", trade_no="2024031022001456781234567890",
        merchant_no="T200P2959141472239543560", num_family="Noto Sans CJK SC"),
        style="aosp", cap=D(2024, 3, 19, 8, 15, 26), ext="png", colors=48))
    add(Spec("alipay-jd-mismatch", "alipay-bill", "zh-Hans", alipay_bill, dict(
        width=1080, height=2340, lang="zh-Hans", merchant="北京京东世纪贸易有限公司",
        short="京东商城平台商户", amount="1280.00", paid_at=D(2024, 3, 15, 14, 23, 7),
        method="余额宝", tail=None, item="京东订单-260318751676",
        trade_no=alipay_trade(r, dt.date(2024, 3, 11), "2100"), merchant_no="260318751676",
        logo=("JD", "#E2231A"), category="数码电器"),
        style="samsung", cap=D(2024, 3, 16, 10, 2, 55), ext="jpg", app="Alipay", quality=70,
        mismatch=True))
    add(Spec("alipay-hant", "alipay-bill", "zh-Hant", alipay_bill, dict(
        width=828, height=1792, lang="zh-Hant", merchant="淘寶（中國）軟件有限公司",
        short="淘寶", amount="1280.00", paid_at=D(2024, 6, 10, 21, 7, 45),
        method="招商銀行信用卡(8820)", tail="8820", item="手機殼 透明防摔 iPhone 15",
        trade_no=alipay_trade(r, dt.date(2024, 6, 10)), merchant_no="T200P1879302651147025418",
        category="數碼配件", ios=True),
        style="ios", seq=5102, meta="png-exif", cap=D(2024, 6, 12, 15, 52, 19), ext="png",
        colors=48))
    add(Spec("alipay-en", "alipay-bill", "en", alipay_bill, dict(
        width=1080, height=2340, lang="en", merchant="Zhejiang Tmall Technology Co., Ltd.",
        short="Tmall Store", amount="329.00", paid_at=D(2024, 3, 28, 10, 15, 22),
        method="China Merchants Bank Credit Card(4471)", tail="4471",
        item="Ceramic mug set of 4", trade_no=alipay_trade(r, dt.date(2024, 3, 28)),
        merchant_no="T200P3817720946135580214", logo=("T", "#FF0036"), category="Home"),
        style="aosp", cap=D(2024, 4, 2, 9, 48, 10), ext="png", colors=48))
    add(Spec("alipay-wrapped", "alipay-bill", "zh-Hans", alipay_bill, dict(
        width=720, height=1600, lang="zh-Hans", merchant="上海寻梦信息技术有限公司",
        short="拼多多平台商户", amount="1499.00", paid_at=D(2024, 5, 18, 9, 3, 51),
        method="花呗分期", tail=None, item="拼多多订单", wrap_ids=True,
        trade_no=alipay_trade(r, dt.date(2024, 5, 18)),
        merchant_no="XP" + "240518662014738905127", logo=("拼", "#E02E24"),
        family=SERIF["zh-Hans"], category="数码电器"),
        style="huawei", cap=D(2024, 5, 27, 11, 20, 8), ext="jpg",
        app="com.eg.android.AlipayGphone", quality=78))
    add(Spec("wxpay-meituan", "wechatpay-bill", "zh-Hans", wechatpay_bill, dict(
        width=720, height=1560, lang="zh-Hans", merchant="北京三快在线科技有限公司",
        short="美团", amount="46.80", paid_at=D(2024, 3, 15, 12, 5, 33), method="零钱",
        tail=None, item="美团外卖订单", txn=wechat_txn(r, dt.date(2024, 3, 15)),
        merchant_no="13" + digits(r, 20, "0123456789")),
        style="huawei", cap=D(2024, 3, 15, 12, 10, 2), ext="jpg", app="com.tencent.mm",
        quality=78))
    add(Spec("wxpay-pdd-dark", "wechatpay-bill-dark", "zh-Hans", wechatpay_bill, dict(
        width=1080, height=2400, lang="zh-Hans", merchant="上海寻梦信息技术有限公司",
        short="拼多多平台商户", amount="86.90", paid_at=D(2024, 3, 15, 14, 20, 45),
        method="招商银行信用卡(1234)", tail="1234", item="拼多多订单",
        txn=wechat_txn(r, dt.date(2024, 3, 15)), merchant_no="XP0024031514203583920174623581",
        dark=True, logo=("拼", "#E02E24")),
        style="miui", cap=D(2024, 3, 28, 11, 35, 12), ext="jpg", app="com.tencent.mm",
        quality=70))
    add(Spec("wxpay-vip", "wechatpay-bill", "zh-Hans", wechatpay_bill, dict(
        width=1080, height=2340, lang="zh-Hans", merchant="深圳市腾讯计算机系统有限公司",
        short="会员服务中心", amount="258.00", paid_at=D(2024, 3, 15, 15, 2, 11),
        method="建设银行储蓄卡(0392)", tail="0392", item="年度会员自动续费",
        txn="4200002157202403150372811946", merchant_no="VIP20240315150211889302",
        logo=("V", "#00BE06"), ios=True, num_family="DejaVu Sans"),
        style="ios", seq=4240, meta="png-rfc", cap=D(2024, 3, 15, 15, 4, 40), ext="png",
        colors=48))
    add(Spec("wxpay-jd-mismatch", "wechatpay-bill", "zh-Hans", wechatpay_bill, dict(
        width=1080, height=2340, lang="zh-Hans", merchant="北京京东世纪贸易有限公司",
        short="京东", amount="1280.00", paid_at=D(2024, 3, 15, 14, 23, 7),
        method="招商银行信用卡(1234)", tail="1234", item="京东商城订单",
        txn=wechat_txn(r, dt.date(2024, 3, 5)), merchant_no="260318751676",
        logo=("JD", "#E2231A"), family=SERIF["zh-Hans"]),
        style="win", cap=D(2024, 3, 16, 20, 11, 9), ext="png", colors=48, mismatch=True))
    add(Spec("wxpay-en", "wechatpay-bill", "en", wechatpay_bill, dict(
        width=1080, height=2340, lang="en", merchant="Beijing Sankuai Online Technology Co., Ltd.",
        short="Meituan", amount="128.00", paid_at=D(2024, 7, 1, 12, 30, 5),
        method="China Merchants Bank Credit Card(1234)", tail="1234", item="Meituan order",
        txn=wechat_txn(r, dt.date(2024, 7, 1)), merchant_no="MT" + digits(r, 18, "0123456789"),
        family="DejaVu Sans"),
        style="aosp", cap=D(2024, 7, 2, 20, 1, 44), ext="png", colors=48))
    add(Spec("wxpay-refund", "wechatpay-bill", "zh-Hans", wechatpay_bill, dict(
        width=1080, height=2400, lang="zh-Hans", merchant="上海寻梦信息技术有限公司",
        short="拼多多平台商户", amount="86.90", paid_at=D(2024, 3, 15, 14, 20, 45),
        refund_at=D(2024, 3, 27, 18, 2, 31), method="招商银行信用卡(1234)", tail="1234",
        item="拼多多订单退款", txn=wechat_txn(r, dt.date(2024, 3, 15)),
        merchant_no="XP0024031514203583920174623581", logo=("拼", "#E02E24")),
        style="huawei", cap=D(2024, 3, 28, 11, 33, 50), ext="jpg", app="com.tencent.mm",
        quality=70))
    return out

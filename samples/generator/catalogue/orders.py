"""The catalogue's shop order and refund pages, and the row helpers they are written with."""

from __future__ import annotations

import datetime as dt
import random

from ..identifiers import alipay_trade, digits, pdd_order
from ..layouts.orders import order_page
from ..render import SEED, Spec
from ..screens import SERIF
from ..values import cn_date, iso

D = dt.datetime  # short alias used by the catalogue


def when(label: str, at: dt.datetime, role: str, fmt: str = "%Y-%m-%d %H:%M:%S") -> tuple:
    return ("kv", label, at.strftime(fmt), ("datetime", iso(at, secs="%S" in fmt), role), None)


def ident(label: str, value: str, kind: str, copy: str | None = None) -> tuple:
    return ("kv", label, value, (kind, value, None), copy)


def plain(label: str, value: str) -> tuple:
    return ("kv", label, value, None, None)


def price(label: str, shown: str, role: str | None, strong: bool = False) -> tuple:
    return ("price", label, shown, role, strong)


def ORDERS() -> list[Spec]:  # noqa: N802
    r = random.Random(f"{SEED}:orders")
    out = []
    add = out.append
    tb1, paid1 = "3519248067731458612", D(2024, 4, 2, 21, 36, 48)
    add(Spec("taobao-order", "taobao-order", "zh-Hans", order_page, dict(
        width=1080, height=2400, lang="zh-Hans", theme="taobao", title="订单详情",
        status="交易成功", sub="感谢您在淘宝购物，欢迎再次光临", buttons=["删除订单", "查看物流", "再买一单"],
        cards=[
            [("address", "李女士", ("138****5678", "138****5678"),
              "浙江省杭州市西湖区文三路 478 号华星时代广场 B 座 1203 室")],
            [("shop", "北境户外官方旗舰店", ("店", "#FF5000")),
             ("product", "北境 冲锋衣 男女款 三合一 防风防水 可拆卸抓绒内胆", "颜色分类：深蓝色；尺码：L",
              "¥1,299.00", "x1", (60, 90, 140)),
             price("商品总价", "¥1,299.00", "total"), price("运费（快递）", "¥0.00", "shipping"),
             price("店铺优惠", "-¥19.00", "discount"), price("实付款", "¥1,280.00", "paid", True)],
            [("title", "订单信息"), ident("订单编号", tb1, "order_no", "复制"),
             ident("支付宝交易号", alipay_trade(r, paid1.date()), "transaction_no"),
             when("创建时间", paid1 - dt.timedelta(seconds=41), "order"),
             when("付款时间", paid1, "payment"),
             when("发货时间", D(2024, 4, 3, 10, 12, 5), "ship"),
             when("成交时间", D(2024, 4, 13, 10, 12, 5), "complete")],
        ]), style="huawei", cap=D(2024, 4, 15, 9, 2, 44), ext="jpg", app="com.taobao.taobao",
        quality=70))
    tm, paid2 = "3817720946135580214", D(2024, 3, 28, 10, 15, 22)
    add(Spec("tmall-order", "taobao-order", "zh-Hans", order_page, dict(
        width=1080, height=2340, lang="zh-Hans", theme="tmall", title="订单详情",
        status="卖家已发货", sub="还剩9天23时自动确认", buttons=["延长收货", "查看物流", "确认收货"],
        family=SERIF["zh-Hans"], cards=[
            [("shop", "森屿家居天猫旗舰店", ("天猫", "#FF0036")),
             ("product", "日式陶瓷马克杯 四只装 礼盒", "颜色：米白", "¥189.00", "x1", (220, 200, 170)),
             ("product", "竹制杯垫 6 片装", "规格：圆形", "¥45.00", "x2", (170, 140, 100)),
             price("商品总价", "¥279.00", "total"), price("运费", "¥6.00", "shipping"),
             price("天猫优惠", "-¥5.00", "discount"), price("实付款", "¥280.00", "paid", True)],
            [("title", "订单信息"), ident("订单编号", tm, "order_no", "复制"),
             ident("支付宝交易号", alipay_trade(r, paid2.date()), "transaction_no"),
             when("创建时间", paid2 - dt.timedelta(seconds=33), "order"),
             when("付款时间", paid2, "payment"), when("发货时间", D(2024, 3, 28, 17, 40, 2), "ship")],
        ]), style="miui", cap=D(2024, 3, 29, 8, 31, 20), ext="jpg", app="com.tmall.wireless",
        quality=70))
    th_no, paid3 = "2271830946512047735", D(2024, 5, 20, 19, 8, 31)
    add(Spec("taobao-order-hant", "taobao-order", "zh-Hant", order_page, dict(
        width=1080, height=2340, lang="zh-Hant", theme="taobao", title="訂單詳情",
        status="交易成功", sub="感謝您在淘寶購物，歡迎再次光臨", buttons=["刪除訂單", "查看物流", "再買一單"],
        cards=[
            [("address", "陳小姐", ("0912****678", None), "台北市大安區忠孝東路四段 216 巷 9 號 3 樓")],
            [("shop", "小森生活館", ("店", "#FF5000")),
             ("product", "北歐風 實木床頭櫃 簡約 收納", "顏色分類：原木色", "¥468.00", "x1", (190, 150, 110)),
             price("商品總價", "¥468.00", "total"), price("運費", "¥35.00", "shipping"),
             price("店鋪優惠", "-¥20.00", "discount"), price("實付款", "¥483.00", "paid", True)],
            [("title", "訂單資訊"), ident("訂單編號", th_no, "order_no", "複製"),
             ident("支付寶交易號", alipay_trade(r, paid3.date()), "transaction_no"),
             when("建立時間", paid3 - dt.timedelta(seconds=52), "order"),
             when("付款時間", paid3, "payment"), when("出貨時間", D(2024, 5, 22, 11, 3, 40), "ship"),
             when("成交時間", D(2024, 6, 1, 11, 3, 40), "complete")],
        ]), style="ios", seq=5187, meta="png-rfc", cap=D(2024, 6, 3, 22, 14, 9), ext="png",
        colors=64))
    add(Spec("taobao-refund", "taobao-refund", "zh-Hans", order_page, dict(
        width=1080, height=2340, lang="zh-Hans", theme="refund", title="退款详情",
        status="退款成功", sub=(cn_date(D(2024, 3, 18, 16, 5), secs=False),
                                ("datetime", "2024-03-18T16:05:00", "refund")),
        buttons=["钱款去向", "联系卖家"], cards=[
            [("big", "退款总金额", "¥899.00", "refund"),
             ("kv", "退回", "招商银行信用卡(4471)", ("bank_card", "4471", "tail"), None)],
            [("title", "退款信息"), plain("退款原因", "质量问题"),
             ("kv", "退款金额", "¥899.00", ("amount", "899.00", "refund"), None),
             plain("申请件数", "1"), when("申请时间", D(2024, 3, 16, 11, 18, 2), "request"),
             when("退款时间", D(2024, 3, 18, 16, 5, 44), "refund"),
             ident("退款编号", "203847561928374650", "refund_no", "复制"),
             ident("订单编号", "2959141472239543560", "order_no")],
        ]), style="huawei", cap=D(2024, 3, 19, 8, 20, 51), ext="jpg", app="com.taobao.taobao",
        quality=72))
    add(Spec("taobao-refund-hant", "taobao-refund", "zh-Hant", order_page, dict(
        width=828, height=1792, lang="zh-Hant", theme="refund", title="退款詳情", ios=True,
        status="退款成功", sub=(cn_date(D(2024, 6, 14, 10, 22), secs=False),
                                ("datetime", "2024-06-14T10:22:00", "refund")),
        buttons=["錢款去向", "聯繫賣家"], family=SERIF["zh-Hant"], cards=[
            [("big", "退款總金額", "¥1,280.00", "refund"),
             ("kv", "退回", "招商銀行信用卡(8820)", ("bank_card", "8820", "tail"), None)],
            [("title", "退款資訊"), plain("退款原因", "賣家缺貨"),
             ("kv", "退款金額", "¥1,280.00", ("amount", "1280.00", "refund"), None),
             when("申請時間", D(2024, 6, 11, 14, 30, 12), "request"),
             when("退款時間", D(2024, 6, 14, 10, 22, 37), "refund"),
             ident("退款編號", "210573384920173561", "refund_no", "複製"),
             ident("訂單編號", "1879302651147025418", "order_no")],
        ]), style="ios", seq=5203, cap=None, ext="png", colors=64))
    add(Spec("jd-order", "jd-order", "zh-Hans", order_page, dict(
        width=1080, height=2400, lang="zh-Hans", theme="jd", title="订单详情",
        status="已取消", sub="订单已取消，退款已原路返回", buttons=["删除订单", "再次购买"], cards=[
            [("address", "张先生", ("139****6617", "139****6617"),
              "北京市朝阳区望京街道阜荣街 10 号院 3 号楼 2 单元 1102")],
            [("shop", "罗技京东自营官方旗舰店", ("自营", "#E4393C")),
             ("product", "罗技（Logitech）MX Keys 无线蓝牙键盘 深灰色", "深灰色 全尺寸",
              "¥1,299.00", "x1", (80, 80, 90)),
             price("商品总额", "¥1,299.00", "total"), price("运费", "+ ¥0.00", "shipping"),
             price("优惠券", "- ¥19.00", "discount"), price("实付款", "¥1,280.00", "paid", True)],
            [ident("订单编号", "260318751676", "order_no", "复制"),
             when("下单时间", D(2024, 3, 15, 14, 20, 11), "order"), plain("支付方式", "在线支付"),
             when("支付时间", D(2024, 3, 15, 14, 23, 7), "payment"),
             when("取消时间", D(2024, 3, 18, 10, 2, 37), "cancel"), plain("配送方式", "京东快递")],
        ]), style="aosp_app", cap=D(2024, 3, 18, 10, 10, 28), ext="png", app="JD", colors=64))
    add(Spec("jd-order-en", "jd-order", "en", order_page, dict(
        width=1080, height=2340, lang="en", theme="jd", title="Order Details",
        status="Completed", sub="Thank you for shopping with JD.com", family="DejaVu Sans",
        buttons=["Return", "Buy again"], cards=[
            [("address", "Ms. Lin", ("+86 137****0426", "137****0426"),
              "Room 1203, 88 Century Avenue, Pudong, Shanghai")],
            [("shop", "Philips Official Store", ("JD", "#E4393C")),
             ("product", "Philips electric kettle 1.7 L, stainless steel", "Silver",
              "¥479.00", "x1", (180, 180, 190)),
             price("Items subtotal", "¥479.00", "total"), price("Shipping", "¥0.00", "shipping"),
             price("Coupon", "-¥20.00", "discount"), price("Total", "¥459.00", "paid", True)],
            [ident("Order No.", "281947365021", "order_no", "Copy"),
             when("Order placed", D(2024, 6, 25, 10, 12, 33), "order"),
             ("kv", "Payment", "Paid on June 25, 2024", ("date", "2024-06-25", "payment"), None),
             plain("Delivery", "JD Logistics"),
             when("Delivered", D(2024, 6, 27, 15, 40), "deliver", "%Y-%m-%d %H:%M")],
        ]), style="aosp", cap=D(2024, 7, 1, 18, 26, 2), ext="png", colors=64))
    add(Spec("jd-order-hant", "jd-order", "zh-Hant", order_page, dict(
        width=1080, height=2340, lang="zh-Hant", theme="jd", title="訂單詳情",
        status="已完成", sub="感謝您在京東購物，歡迎您再次光臨", buttons=["申請售後", "再次購買"],
        family=SERIF["zh-Hant"], cards=[
            [("address", "黃先生", ("+852 9123****", None), "香港九龍旺角彌敦道 610 號荷李活商業中心 18 樓")],
            [("shop", "京東國際 美妝自營", ("自營", "#E4393C")),
             ("product", "保濕精華液 50ml 兩瓶裝", "50ml×2", "¥598.00", "x1", (230, 210, 220)),
             price("商品總額", "¥598.00", "total"), price("運費", "+ ¥25.00", "shipping"),
             price("優惠券", "- ¥40.00", "discount"), price("實付款", "¥583.00", "paid", True)],
            [ident("訂單編號", "296604817352", "order_no", "複製"),
             when("下單時間", D(2024, 5, 2, 11, 8, 40), "order"), plain("支付方式", "在線支付"),
             when("支付時間", D(2024, 5, 2, 11, 9, 15), "payment"),
             when("完成時間", D(2024, 5, 6, 16, 20, 3), "complete")],
        ]), style="aosp", cap=D(2024, 5, 8, 9, 41, 27), ext="png", colors=64))
    add(Spec("jd-refund", "jd-refund", "zh-Hans", order_page, dict(
        width=720, height=1600, lang="zh-Hans", theme="jd", title="售后详情",
        status="退款成功", sub="退款已原路返回，请注意查收", buttons=["联系客服"], cards=[
            [("big", "退款金额", "¥1,280.00", "refund"), plain("退款方式", "原路返回")],
            [ident("服务单号", "1382450917", "ticket_no", "复制"),
             ident("订单编号", "260318751676", "order_no"),
             when("申请时间", D(2024, 3, 17, 14, 31, 5), "request"),
             when("退款时间", D(2024, 3, 20, 15, 42, 10), "refund"), plain("售后类型", "取消订单退款")],
        ]), style="huawei", cap=D(2024, 3, 20, 18, 3, 17), ext="jpg", app="com.jingdong.app.mall",
        quality=80))
    add(Spec("pdd-order", "pdd-order", "zh-Hans", order_page, dict(
        width=1080, height=2400, lang="zh-Hans", theme="pdd", title="订单详情",
        status="退款成功", sub="平台已介入处理，退款已原路退回", buttons=["删除订单", "再次拼单"], cards=[
            [("address", "赵女士", ("152****8841", "152****8841"),
              "广东省广州市天河区体育西路 103 号维多利广场 A 座 2708")],
            [("shop", "潮流女装工厂店", ("店", "#E02E24")),
             ("product", "夏季冰丝阔腿裤 女 高腰垂感 显瘦休闲裤", "黑色 M", "¥89.90", "x1",
              (40, 40, 50)),
             price("商品总价", "¥89.90", "total"), price("运费", "¥0.00", "shipping"),
             price("平台优惠", "-¥3.00", "discount"), price("实付", "¥86.90", "paid", True)],
            [ident("订单编号", "240315-583920174623581", "order_no", "复制"),
             plain("支付方式", "微信支付"), when("下单时间", D(2024, 3, 15, 14, 20, 11), "order"),
             when("拼单时间", D(2024, 3, 15, 14, 20, 45), "order"),
             when("发货时间", D(2024, 3, 16, 9, 12, 40), "ship")],
        ]), style="miui", cap=D(2024, 3, 28, 11, 40, 2), ext="jpg", app="com.xunmeng.pinduoduo",
        quality=70))
    add(Spec("pdd-order-phone", "pdd-order", "zh-Hans", order_page, dict(
        width=1080, height=2340, lang="zh-Hans", theme="pdd", title="订单详情",
        status="已签收", sub="快件已签收，如有疑问请联系商家", buttons=["申请售后", "查看物流", "评价"],
        cards=[
            [("address", "周先生", ("177****3052", "177****3052"),
              "江苏省南京市鼓楼区中山北路 200 号 5 栋 803")],
            [("shop", "百亿补贴 数码官方店", ("补", "#E02E24")),
             ("product", "【百亿补贴】Redmi K70 12GB+256GB 墨羽", "墨羽 12+256", "¥1,599.00", "x1",
              (30, 30, 40)),
             price("商品总价", "¥1,599.00", "total"), price("运费", "¥0.00", "shipping"),
             price("百亿补贴", "-¥100.00", "discount"), price("实付", "¥1,499.00", "paid", True)],
            [ident("订单编号", "240518-662014738905127", "order_no", "复制"),
             plain("支付方式", "支付宝"), when("下单时间", D(2024, 5, 18, 9, 3, 20), "order"),
             when("发货时间", D(2024, 5, 18, 16, 45, 2), "ship"),
             ident("快递单号", "YT7452381096655", "tracking_no", "复制")],
        ]), style="aosp", cap=D(2024, 5, 20, 9, 5, 51), ext="png", colors=64))
    pdd3 = pdd_order(r, dt.date(2024, 8, 3))
    add(Spec("pdd-order-ios", "pdd-order", "zh-Hans", order_page, dict(
        width=828, height=1792, lang="zh-Hans", theme="pdd", title="订单详情", ios=True,
        status="待收货", sub="商家已发货，预计明天送达", buttons=["查看物流", "确认收货"], cards=[
            [("shop", "家居日用百货专营店", ("店", "#E02E24")),
             ("product", "加厚抽纸 30 包整箱 家用实惠装", "30 包", "¥29.90", "x2", (240, 240, 235)),
             price("商品总价", "¥59.80", "total"), price("运费", "¥0.00", "shipping"),
             price("实付", "¥59.80", "paid", True)],
            [ident("订单编号", pdd3, "order_no", "复制"), plain("支付方式", "微信支付"),
             when("下单时间", D(2024, 8, 3, 22, 41, 9), "order"),
             when("发货时间", D(2024, 8, 4, 14, 2, 55), "ship")],
        ]), style="ios", seq=6021, meta="png-exif", cap=D(2024, 8, 5, 7, 58, 33), ext="png",
        colors=64))
    add(Spec("meituan-order", "meituan-order", "zh-Hans", order_page, dict(
        width=720, height=1600, lang="zh-Hans", theme="meituan", title="订单详情",
        status="订单已送达", sub="感谢您对美团外卖的信任", buttons=["申请售后", "再来一单"], cards=[
            [("shop", "老王家黄焖鸡米饭（文三路店）", ("美", "#FFC300")),
             ("product", "招牌黄焖鸡米饭（大份）", "微辣", "¥32.80", "x1", (200, 130, 60)),
             ("product", "冰镇酸梅汤", "大杯", "¥13.50", "x1", (120, 50, 40)),
             price("打包费", "¥2.00", "fee"), price("配送费", "¥3.50", "shipping"),
             price("满减优惠", "-¥5.00", "discount"), price("实付", "¥46.80", "paid", True)],
            [ident("订单号码", "5017024523437487103", "order_no", "复制"),
             when("下单时间", D(2024, 3, 15, 12, 5, 10), "order"), plain("支付方式", "在线支付"),
             plain("配送服务", "美团专送")],
        ]), style="huawei", cap=D(2024, 3, 15, 12, 52, 40), ext="jpg", app="com.sankuai.meituan",
        quality=80))
    dy = "69" + digits(r, 17, "0123456789")
    add(Spec("douyin-order", "douyin-order", "zh-Hans", order_page, dict(
        width=1080, height=2340, lang="zh-Hans", theme="douyin", title="订单详情",
        status="交易完成", sub="感谢您在抖音商城购物", buttons=["申请售后", "再来一单"], cards=[
            [("address", "孙女士", ("135****7720", "135****7720"),
              "四川省成都市武侯区天府大道北段 1700 号 2 栋 1 单元 906")],
            [("shop", "山野茶舍官方旗舰店", ("抖", "#161823")),
             ("product", "明前特级龙井茶叶 250g 礼盒装", "250g", "¥199.00", "x1", (110, 150, 90)),
             price("商品总价", "¥199.00", "total"), price("运费", "¥0.00", "shipping"),
             price("平台优惠", "-¥10.00", "discount"), price("实付款", "¥189.00", "paid", True)],
            [ident("订单编号", dy, "order_no", "复制"), plain("支付方式", "抖音支付"),
             when("下单时间", D(2024, 4, 20, 20, 31, 15), "order"),
             when("支付时间", D(2024, 4, 20, 20, 31, 40), "payment")],
        ]), style="huawei", cap=D(2024, 4, 28, 13, 9, 59), ext="jpg", app="com.ss.android.ugc.aweme",
        quality=70))
    return out

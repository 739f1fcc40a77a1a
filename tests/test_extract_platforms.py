"""Platforms named on the page (in either script, longest name first), told by labels only one
platform prints, or given by the app the file name names."""

import pytest

from evidence_vault.extract import Context, extract

CASES = [
    # (case id, text, app, expected platforms, platforms that must be absent)
    ("taobao", "淘宝\n订单详情\n交易成功", None, {"淘宝"}, set()),
    ("taobao-traditional", "淘寶網 訂單詳情", None, {"淘宝"}, set()),
    ("tmall", "天猫超市 订单已签收", None, {"天猫"}, set()),
    ("jd-loan-not-shop", "京东金条 借款详情", None, {"京东金条"}, {"京东"}),
    ("jd", "京东 订单编号：70439621543", None, {"京东"}, set()),
    # 京东 inside place and company names: 北京东奥…, 南京东路, 北京东城区, 北京东方… name no shop
    ("beijing-dong-company", "收款人全称 北京东奥时代教育科技有限公司", None, set(), {"京东"}),
    ("nanjing-east-road", "收货地址 上海市黄浦区南京东路 299 号", None, set(), {"京东"}),
    ("beijing-dongcheng", "北京东城区王府井大街 1 号", None, set(), {"京东"}),
    ("jd-company", "销售方 北京京东世纪贸易有限公司", None, {"京东"}, set()),
    ("pdd", "拼多多 待收货", None, {"拼多多"}, set()),
    ("meituan", "美团外卖 订单号码 5017024523437487103", None, {"美团"}, set()),
    ("douyin", "抖音商城 订单详情", None, {"抖音"}, set()),
    ("alipay", "支付宝 账单详情", None, {"支付宝"}, set()),
    ("wechat-pay-not-wechat", "微信支付 凭证", None, {"微信支付"}, {"微信"}),
    ("wechat-bill-labels", "-128.00\n交易单号 4200000504202001141029026607\n商户单号 123456789",
     None, {"微信支付"}, set()),
    ("alipay-labels", "收款方全称 杭州某某科技有限公司\n订单号 2018092821001004990500286702", None,
     {"支付宝"}, set()),
    ("alipay-taobao-merchant", "商家订单号 T200P295914147223954356", None, {"支付宝", "淘宝"},
     set()),
    ("app-wechat", "你好，在吗", "微信", {"微信"}, set()),
    ("app-package", "账单详情", "com.eg.android.AlipayGphone", {"支付宝"}, set()),
    ("app-unknown", "相册", "Gallery", set(), {"Gallery"}),
    ("bank-sms", "【招商银行】您尾号1234的卡消费人民币100.00元", None, {"招商银行"}, set()),
    ("bank-full-name", "中国工商银行 电子回单", None, {"工商银行"}, set()),
    ("postal-bank", "中国邮政储蓄银行 交易明细", None, {"邮储银行"}, set()),
    ("jiebei", "蚂蚁借呗 还款计划", None, {"借呗"}, set()),
    ("huabei", "付款方式 花呗", None, {"花呗"}, set()),
    ("weilidai", "微粒贷借款", None, {"微粒贷"}, set()),
    ("baitiao", "白条分期 待还", None, {"京东白条"}, {"京东"}),
    ("meituan-loan", "美团借钱 借款金额 5000.00元", None, {"美团借钱"}, {"美团"}),
    ("duxiaoman", "度小满金融 有钱花", None, {"度小满"}, set()),
    ("360", "360借条 逾期提醒", None, {"360借条"}, set()),
    ("fenqile", "分期乐 账单", None, {"分期乐"}, set()),
    ("anyihua", "安逸花 马上消费金融", None, {"安逸花"}, set()),
    ("zhaolian", "招联好期贷 借款合同", None, {"招联金融"}, set()),
    ("unionpay", "云闪付 订单详情", None, {"云闪付"}, set()),
    ("english-alipay", "Paid with Alipay", None, {"支付宝"}, set()),
    ("english-wechat-pay", "WeChat Pay receipt", None, {"微信支付"}, {"微信"}),
    ("pdd-labels", "拼单时间 2024-03-15 14:23:07", None, {"拼多多"}, set()),
    ("bank-abroad-english", "Paid by Maybank card", None, set(), {"招商银行"}),
    ("bank-english-name", "Payment Method China Merchants Bank Credit Card(4471)", None,
     {"招商银行"}, set()),
    ("bank-of-china-inside-icbc", "Industrial and Commercial Bank of China", None, {"工商银行"},
     {"中国银行"}),
    # negatives
    ("iou-is-not-a-platform", "我写了一张借条给他", None, set(), {"360借条"}),
    ("one-wechat-label-is-not-enough", "交易单号 123456789012", None, set(), {"微信支付"}),
    ("plain-receipt", "TOTAL RM 80.90\nCASH 100.00", None, set(), set()),
]


@pytest.mark.parametrize(("text", "app", "expected", "absent"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_platforms(text, app, expected, absent):
    got = {f.value for f in extract(text, Context(app=app)) if f.kind == "platform"}
    assert expected <= got, got
    assert not (got & absent), got
    if not expected:
        assert not (got - expected), got


def test_label_keeps_the_written_name():
    (field,) = [f for f in extract("淘寶網 訂單詳情") if f.kind == "platform"]
    assert field.value == "淘宝" and field.label == "淘寶網"


def test_sms_sender_bracket_is_strongest():
    sms = [f for f in extract("【招商银行】您的账户") if f.kind == "platform"][0]
    body = [f for f in extract("转入招商银行账户") if f.kind == "platform"][0]
    assert sms.confidence > body.confidence


def test_package_in_file_name_when_no_app_was_read():
    ctx = Context(filename="Screenshot_20240315_142307_com.tencent.mm.jpg")
    assert [f.value for f in extract("你好", ctx) if f.kind == "platform"] == ["微信"]

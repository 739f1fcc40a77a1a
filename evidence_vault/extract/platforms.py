"""Platforms: which shop, payment service, bank or loan app a page or note is about.

Three kinds of evidence, trusted in this order: the app the file name gave (ctx.app), a name
written on the page (淘宝, 招商银行, 借呗; 【招商银行】 at the head of an SMS most of all), and the
labels only one platform prints (交易单号 with 商户单号 is a WeChat Pay bill; 商家订单号 or
收款方全称 is Alipay). Names are matched longest first, so 京东金条 is the loan product and not
the shop, and 微信支付 is not also 微信.

The value is the platform's one canonical name (so a case can be grouped by it); the label keeps
the words as the page wrote them (淘寶, Alipay).
"""

from __future__ import annotations

import re

from evidence_vault.extract.page import Found, Label, LabelTable, Page

NAMES: dict[str, list[str]] = {
    # shops and services
    "淘宝": ["淘宝", "淘宝网", "手机淘宝", "taobao"],
    "天猫": ["天猫", "天猫超市", "tmall"],
    "京东": ["京东", "京东商城", "京东到家", "jd.com"],
    "拼多多": ["拼多多", "多多支付", "pinduoduo"],
    "美团": ["美团", "美团外卖", "meituan"],
    "抖音": ["抖音", "抖音商城", "抖音支付", "douyin"],
    "快手": ["快手", "快手小店"],
    "饿了么": ["饿了么"],
    "闲鱼": ["闲鱼"],
    "唯品会": ["唯品会"],
    "苏宁易购": ["苏宁易购"],
    "携程": ["携程", "携程旅行"],
    "滴滴": ["滴滴出行", "滴滴"],
    "得物": ["得物"],
    # payments
    "支付宝": ["支付宝", "alipay", "余额宝"],
    "微信支付": ["微信支付", "wechat pay", "weixin pay", "财付通", "零钱通", "微信零钱"],
    "微信": ["微信", "wechat", "weixin"],
    "云闪付": ["云闪付", "unionpay app"],
    # banks
    "招商银行": ["招商银行", "招行", "china merchants bank"],
    "工商银行": ["工商银行", "中国工商银行", "icbc",
             "industrial and commercial bank of china"],
    "建设银行": ["建设银行", "中国建设银行", "china construction bank"],
    "农业银行": ["农业银行", "中国农业银行", "agricultural bank of china"],
    "中国银行": ["中国银行", "bank of china"],
    "交通银行": ["交通银行", "bank of communications"],
    "邮储银行": ["邮储银行", "邮政储蓄银行", "中国邮政储蓄银行", "postal savings bank of china"],
    "浦发银行": ["浦发银行", "浦东发展银行"],
    "民生银行": ["民生银行", "china minsheng bank"],
    "光大银行": ["光大银行", "china everbright bank"],
    "中信银行": ["中信银行", "china citic bank"],
    "兴业银行": ["兴业银行"],
    "平安银行": ["平安银行", "ping an bank"],
    "华夏银行": ["华夏银行"],
    "广发银行": ["广发银行"],
    "北京银行": ["北京银行"],
    "上海银行": ["上海银行"],
    "宁波银行": ["宁波银行"],
    "江苏银行": ["江苏银行"],
    "浙商银行": ["浙商银行"],
    "微众银行": ["微众银行", "webank"],
    "网商银行": ["网商银行"],
    # loan and pay-later products
    "借呗": ["借呗", "蚂蚁借呗"],
    "花呗": ["花呗", "蚂蚁花呗"],
    "网商贷": ["网商贷"],
    "微粒贷": ["微粒贷"],
    "京东金条": ["京东金条", "金条"],
    "京东白条": ["京东白条", "白条"],
    "美团借钱": ["美团借钱", "美团生活费"],
    "美团月付": ["美团月付"],
    "抖音月付": ["抖音月付"],
    "放心借": ["放心借", "抖音放心借"],
    "度小满": ["度小满", "度小满金融", "有钱花"],
    "360借条": ["360借条", "奇富借条", "360借款"],
    "分期乐": ["分期乐"],
    "安逸花": ["安逸花", "马上消费金融", "马上消费"],
    "招联金融": ["招联金融", "招联好期贷", "好期贷", "招联消费金融"],
    "拍拍贷": ["拍拍贷"],
    "洋钱罐": ["洋钱罐"],
    "省呗": ["省呗"],
    "还呗": ["还呗"],
    "你我贷": ["你我贷"],
    "小赢卡贷": ["小赢卡贷"],
    "宜人贷": ["宜人贷"],
    "平安普惠": ["平安普惠"],
    "中原消费金融": ["中原消费金融", "中原消金"],
    "携程金融": ["携程金融", "拿去花", "携程借钱"],
    "苏宁任性付": ["任性付", "苏宁任性付"],
    "信用飞": ["信用飞"],
    "榕树贷款": ["榕树贷款"],
}

#: platforms that pay, and that lend (loan apps, pay-later products, consumer-finance firms); a
#: name ending in 银行 is a bank; 微信 is where chats happen; the rest are shops and services
PAYMENTS = {"支付宝", "微信支付", "云闪付"}
LENDERS = {"借呗", "花呗", "网商贷", "微粒贷", "京东金条", "京东白条", "美团借钱", "美团月付", "抖音月付",
           "放心借", "度小满", "360借条", "分期乐", "安逸花", "招联金融", "拍拍贷", "洋钱罐", "省呗",
           "还呗", "你我贷", "小赢卡贷", "宜人贷", "平安普惠", "中原消费金融", "携程金融", "苏宁任性付",
           "信用飞", "榕树贷款"}
_LENDER_WORDS = re.compile(r"小额贷款|消费金融|贷款|借款|借钱|信贷|金融")


def category(name: str) -> str:
    """What a platform is: "bank", "payment", "lender", "chat" or "shop" (a name this table
    does not know is a lender when it says so, 某某小额贷款有限公司, else a shop)."""
    if name in PAYMENTS:
        return "payment"
    if name in LENDERS or (name not in NAMES and _LENDER_WORDS.search(name)):
        return "lender"
    if name.endswith("银行"):
        return "bank"
    if name == "微信":
        return "chat"
    return "shop"


_PACKAGES = {
    "com.tencent.mm": "微信", "com.eg.android.alipaygphone": "支付宝", "com.taobao.taobao": "淘宝",
    "com.tmall.wireless": "天猫", "com.jingdong.app.mall": "京东",
    "com.xunmeng.pinduoduo": "拼多多", "com.sankuai.meituan": "美团",
    "com.ss.android.ugc.aweme": "抖音", "com.unionpay": "云闪付",
}


_LABELS = LabelTable(
    {name: [a for a in aliases if not a.isascii()] for name, aliases in NAMES.items()},
    {name: "|".join(re.escape(a) for a in aliases if a.isascii())
     for name, aliases in NAMES.items() if any(a.isascii() for a in aliases)})
_ALIAS = {a.lower(): name for name, aliases in NAMES.items() for a in aliases}

# Labels only one platform prints (DOMAIN §3.1).
_SIGNS: list[tuple[str, list[str], float]] = [
    ("微信支付", ["交易单号", "商户单号"], 0.7),
    ("微信支付", ["收单机构", "商户全称"], 0.6),
    ("支付宝", ["商家订单号"], 0.7),
    ("支付宝", ["收款方全称"], 0.7),
    ("拼多多", ["拼单"], 0.6),
    ("淘宝", ["T200P"], 0.5),
    ("云闪付", ["订单描述", "订单时间"], 0.5),
]


#: a name that is also the tail of a place name when this character comes before it: 京东 in
#: 北京东城区, 北京东方…有限公司, 南京东路 (no platform there; JD's own 北京京东… keeps it)
_INSIDE_PLACE_NAMES = {"京东": "北南"}


def platform_of_app(app: str) -> str | None:
    """The canonical platform for an app name or Android package (微信, com.tencent.mm)."""
    key = app.strip().lower()
    return _PACKAGES.get(key) or _ALIAS.get(key)


def extract_platforms(page: Page) -> list[Found]:
    out: list[Found] = []
    name = platform_of_app(page.app) if page.app else None
    app = page.app
    if name is None and page.filename:  # Screenshot_…_com.tencent.mm.jpg, if no one read it
        lowered = page.filename.lower()
        app = next((pkg for pkg in _PACKAGES if pkg in lowered), None)
        name = _PACKAGES.get(app) if app else None
    if name:  # an app we do not know (Gallery, Chrome) names no platform
        out.append(page.found(0, 0, "platform", name, confidence=0.9, by="app", app=app,
                              line=None))
    for hit in _LABELS.find(page):
        head = page.scan[max(0, hit.start - 1):hit.start]
        if head and head in _INSIDE_PLACE_NAMES.get(hit.key, ""):
            continue
        tail = page.scan[hit.end:hit.end + 1]
        confidence = 0.95 if head == "【" and tail == "】" else 0.85
        out.append(page.found(hit.start, hit.end, "platform", hit.key, label=hit,
                              confidence=confidence, by="name"))
    named = {f.field.value for f in out}
    for name, words, confidence in _SIGNS:
        if name in named:
            continue
        spots = [page.scan.find(w) if w.isascii() else page.simp.find(w) for w in words]
        if all(s >= 0 for s in spots):
            first = min(spots)
            label = Label(first, first + len(words[spots.index(first)]), name)
            out.append(page.found(first, label.end, "platform", name, label=label,
                                  confidence=confidence, by="labels", signs=words))
            named.add(name)
    return out

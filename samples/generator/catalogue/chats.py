"""The catalogue's WeChat chats, including the long scrolling screenshots."""

from __future__ import annotations

import datetime as dt

from ..layouts.chat import wechat_chat
from ..render import Spec
from ..screens import SERIF

D = dt.datetime  # short alias used by the catalogue
ME_AVATARS = [("photo", 7, (120, 160, 210)), ("photo", 11, (220, 170, 120)),
              ("photo", 23, (150, 200, 150)), ("photo", 5, (200, 150, 200))]


def CHATS() -> list[Spec]:  # noqa: N802 - a table, named like one
    out = []
    add = out.append
    add(Spec("chat-jd", "wechat-chat", "zh-Hans", wechat_chat, dict(
        width=1080, height=2400, lang="zh-Hans", title="京东客服",
        them_avatar=("JD", "#E2231A", 14), me_avatar=ME_AVATARS[0], msgs=[
            ("t", D(2024, 3, 17, 14, 23)),
            ("me", "你好，我买的键盘一直没发货，订单号{order_no=260318751676}"),
            ("card_me", {"title": "罗技 MX Keys 无线键盘 深灰色", "price": "¥1,299.00",
                         "line": "订单号：{order_no=260318751676}"}),
            ("them", "您好，客服工号{staff_id=A1023}为您服务。您的订单实付款{amount:paid=¥1,280.00}，"
                     "因仓库缺货暂时无法发货，非常抱歉。"),
            ("me", "那直接退款吧"),
            ("them", "好的，已为您提交取消申请，服务单号{ticket_no=1382450917}。"),
            ("t", D(2024, 3, 18, 9, 41)),
            ("them", "取消成功后{promise=3个工作日内退款}至原支付账户，请您留意查收。"),
        ]), style="huawei", cap=D(2024, 3, 18, 9, 43, 7), ext="jpg", app="com.tencent.mm",
        quality=72))
    add(Spec("chat-tmall-dark", "wechat-chat-dark", "zh-Hans", wechat_chat, dict(
        width=1080, height=2400, lang="zh-Hans", title="天猫·森屿家居旗舰店", dark=True,
        them_avatar=("猫", "#FF0036"), me_avatar=ME_AVATARS[1], msgs=[
            ("t", D(2024, 4, 5, 10, 5)),
            ("me", "你好，我退货的包裹你们已经签收了，什么时候退款？"),
            ("them", "亲亲，客服{staff_id=8217}号为您服务。请提供一下订单编号哦"),
            ("me", "{order_no=3748215590264817352}"),
            ("them", "查到了，退款金额{amount:refund=¥329.00}，财务审核后{promise=预计7个工作日内到账}哦"),
            ("t", D(2024, 4, 7, 21, 10)),
            ("me", "这都两天了"),
            ("them", "亲，清明假期财务休息，请您耐心等待"),
            ("t", D(2024, 4, 8, 20, 12)),
            ("me", "好吧，那我再等等"),
        ]), style="miui", cap=D(2024, 4, 8, 20, 14, 33), ext="jpg", app="com.tencent.mm",
        quality=72))
    add(Spec("chat-loan-12h", "wechat-chat", "zh-Hans", wechat_chat, dict(
        width=828, height=1792, lang="zh-Hans", title="分期乐在线客服", h24=False, ios=True,
        size=15, them_avatar=("乐", "#2F7BF5"), me_avatar=ME_AVATARS[2], msgs=[
            ("t", D(2024, 5, 8, 15, 5)),
            ("me", "我的借款到账金额不对，合同写借{amount:principal=10,000.00元}，只到账"
                   "{amount:disbursed=9,200.00元}"),
            ("them", "您好，工号{staff_id=HX3306}为您服务。差额{amount:fee=800.00元}是服务费，"
                     "已在合同中约定"),
            ("me", "我要投诉，合同编号{contract_no=ZL2024050800417}"),
            ("them", "已为您登记投诉，专员会在{promise=48小时内回复}您"),
            ("t", D(2024, 5, 9, 10, 20)),
            ("me", "还没人联系我"),
            ("t", D(2024, 5, 10, 15, 58)),
            ("them", "您好，已加急处理，请保持电话畅通"),
        ]), style="ios", seq=4238, meta="png-rfc", cap=D(2024, 5, 10, 16, 2, 11), ext="png",
        colors=64))
    add(Spec("chat-pdd-dark", "wechat-chat-dark", "zh-Hans", wechat_chat, dict(
        width=1080, height=2400, lang="zh-Hans", title="拼多多官方客服", dark=True, size=14.5,
        them_avatar=("拼", "#E02E24"), me_avatar=ME_AVATARS[3], msgs=[
            ("t", D(2024, 3, 15, 14, 23)),
            ("me", "商品和描述不符，申请退款被拒了，订单编号{order_no=240315-583920174623581}"),
            ("them", "您好，官方客服为您服务，工号{staff_id=P6615}。已帮您重新提交退款申请"),
            ("t", D(2024, 3, 26, 16, 40)),
            ("me", "商家一直不处理，实付{amount:paid=¥86.90}到现在也没退"),
            ("them", "非常抱歉，平台已介入，{promise=明天给您回电}，请问联系电话是"
                     "{phone=138 1726 4590}吗？"),
            ("t", D(2024, 3, 27, 9, 15)),
            ("them", "已判定商家责任，退款{amount:refund=86.90元}将{promise=24小时内原路退回}"),
            ("t", D(2024, 3, 28, 11, 28)),
            ("me", "收到退款了，谢谢"),
        ]), style="qq", cap=D(2024, 3, 28, 11, 30, 26), ext="png", colors=64))
    add(Spec("chat-fullyear-serif", "wechat-chat", "zh-Hans", wechat_chat, dict(
        width=720, height=1600, lang="zh-Hans", title="会员服务中心", h24=False,
        always_year=True, family=SERIF["zh-Hans"], size=15.5,
        them_avatar=("V", "#00BE06", 17), me_avatar=ME_AVATARS[0], msgs=[
            ("t", D(2024, 3, 15, 15, 5)),
            ("me", "你好，会员自动续费扣了我{amount=¥258.00}，我没有同意过"),
            ("them", "您好，客服工号{staff_id=1172}为您服务。请提供扣款的交易单号"),
            ("me", "{transaction_no=4200002157202403150372811946}"),
            ("them", "已为您关闭自动续费，扣款{amount:refund=258.00元}将在"
                     "{promise=3个工作日内退回}"),
            ("t", D(2024, 3, 16, 9, 10)),
            ("me", "好的，谢谢"),
        ]), style="aosp", cap=D(2024, 3, 16, 9, 12, 40), ext="png", colors=48))
    add(Spec("chat-holiday-dark", "wechat-chat-dark", "zh-Hans", wechat_chat, dict(
        width=1080, height=2340, lang="zh-Hans", title="美团酒店客服", dark=True, size=15.5,
        them_avatar=("美团", "#FFC300", 12), me_avatar=ME_AVATARS[2], msgs=[
            ("t", D(2024, 9, 27, 16, 20)),
            ("me", "你好，我预订的酒店被取消了，订单号{order_no=5301890193521352344}"),
            ("them", "您好，客服工号{staff_id=MT40981}为您服务"),
            ("them", "退款{amount:refund=¥612.00}已提交，{promise=3个工作日内退款}到您的支付账户"),
            ("t", D(2024, 9, 29, 10, 2)),
            ("me", "还没收到"),
            ("them", "请您耐心等待，国庆假期前后到账可能会有延迟"),
            ("t", D(2024, 9, 30, 9, 10)),
            ("me", "好吧"),
        ]), style="samsung", cap=D(2024, 9, 30, 9, 12, 45), ext="jpg", app="WeChat",
        quality=72))
    add(Spec("chat-hant", "wechat-chat", "zh-Hant", wechat_chat, dict(
        width=1080, height=2340, lang="zh-Hant", title="淘寶客服", size=16,
        them_avatar=("淘", "#FF5000"), me_avatar=ME_AVATARS[1], msgs=[
            ("t", D(2024, 6, 11, 14, 23)),
            ("me", "您好，我的訂單一直沒有出貨，訂單編號{order_no=1879302651147025418}"),
            ("them", "您好，淘寶客服為您服務，工號{staff_id=TB5520}。"),
            ("them", "查詢到您的訂單實付款{amount:paid=NT$1,280}，賣家缺貨，已為您取消訂單，"
                     "{promise=3個工作日內退款}。"),
            ("t", D(2024, 6, 12, 15, 36)),
            ("me", "好的，謝謝"),
        ]), style="mac_zh", cap=D(2024, 6, 12, 15, 40, 2), ext="png", colors=64))
    add(Spec("chat-en", "wechat-chat", "en", wechat_chat, dict(
        width=1080, height=2340, lang="en", title="JD.com Support", size=15.5,
        them_avatar=("JD", "#E2231A", 14), me_avatar=ME_AVATARS[3], msgs=[
            ("t", D(2024, 7, 1, 18, 30)),
            ("me", "Hi, my order {order_no=281947365021} arrived damaged."),
            ("them", "Hello, this is agent {staff_id=E2210}. Sorry to hear that. "
                     "Could you send a photo?"),
            ("me", "Sent. I paid {amount:paid=¥459.00} for it."),
            ("them", "Thank you. Our team will {promise=reply within 48 hours}."),
            ("t", D(2024, 7, 2, 19, 40)),
            ("them", "We approved a full refund of {amount:refund=¥459.00}. We will "
                     "{promise=call you back tomorrow} to confirm."),
        ]), style="mac_en", cap=D(2024, 7, 2, 19, 45, 10), ext="png", colors=64))
    add(Spec("chat-springfestival", "wechat-chat", "zh-Hans", wechat_chat, dict(
        width=720, height=1560, lang="zh-Hans", title="分期乐客服", size=15,
        them_avatar=("乐", "#2F7BF5"), me_avatar=ME_AVATARS[0], msgs=[
            ("t", D(2024, 2, 8, 16, 45)),
            ("me", "你们多收了我的服务费，合同编号{contract_no=FQL2023112800361}"),
            ("them", "您好，客服工号{staff_id=3318}为您服务。核实多收服务费{amount:refund=¥320.00}，"
                     "将退回您尾号{bank_card:tail=6617}的银行卡"),
            ("them", "{promise=预计7个工作日内到账}，春节假期顺延"),
            ("t", D(2024, 2, 9, 9, 58)),
            ("me", "好的，谢谢"),
        ]), style="wxpc", cap=D(2024, 2, 9, 10, 0, 31), ext="jpg", quality=75))
    add(Spec("chat-douyin", "wechat-chat", "zh-Hans", wechat_chat, dict(
        width=828, height=1792, lang="zh-Hans", title="抖音商城官方客服", ios=True, size=15,
        them_avatar=("抖", "#161823"), me_avatar=ME_AVATARS[3], msgs=[
            ("t", D(2024, 4, 22, 20, 40)),
            ("me", "你好，我买的茶叶是假货，订单编号{order_no=6923847105562839104}"),
            ("them", "您好，抖音商城客服{staff_id=DY8830}为您服务，请您提供商品照片"),
            ("me", "照片已经上传了，我付了{amount:paid=¥189.00}"),
            ("them", "已为您升级处理，专员会在{promise=48小时内回复}您的问题"),
            ("t", D(2024, 4, 26, 10, 3)),
            ("me", "已经四天了，还没有人联系我"),
            ("them", "非常抱歉，已为您登记加急，{promise=24小时内给您答复}"),
        ]), style="ios", seq=4611, meta="png-exif", cap=D(2024, 4, 28, 13, 15, 2), ext="png",
        colors=64))
    out += LONG_CHATS()
    return out


def LONG_CHATS() -> list[Spec]:  # noqa: N802
    """Three scrolling screenshots of whole conversations, 1080 px wide, 6,000-12,000 px tall."""
    shop = [
        ("t", D(2024, 3, 11, 10, 2)),
        ("me", "你好，我在你们店买的耳机左耳没有声音，订单编号{order_no=2959141472239543560}"),
        ("them", "亲，您好，售后客服{staff_id=KF2071}为您服务~"),
        ("them", "麻烦您提供一下耳机问题的视频，我们这边帮您核实一下哦"),
        ("me", "视频已经发你了，你看一下"),
        ("them", "收到，核实是质量问题，可以为您办理退货退款"),
        ("me", "我付了{amount:paid=¥899.00}，寄回去的运费谁出？"),
        ("them", "退货运费由我们承担，您寄回时选择到付就可以了"),
        ("me", "好的"),
        ("t", D(2024, 3, 12, 15, 31)),
        ("me", "已经寄回了，顺丰单号{tracking_no=SF1428036725418}"),
        ("them", "好的亲，我们会在{promise=48小时内处理}您的退款"),
        ("me", "麻烦快一点"),
        ("them", "好的呢，已经备注加急了"),
        ("t", D(2024, 3, 14, 20, 15)),
        ("me", "怎么还没退款？已经两天了"),
        ("them", "非常抱歉，仓库这两天比较忙"),
        ("them", "已经帮您催了，{promise=明天给您回电}确认进度"),
        ("me", "我的电话是{phone=139 2840 6617}"),
        ("them", "好的，已记录"),
        ("t", D(2024, 3, 16, 11, 20)),
        ("me", "昨天也没有人给我打电话"),
        ("them", "亲，实在抱歉，已经给您申请了退款，退款编号{refund_no=203847561928374650}"),
        ("them", "退款金额{amount:refund=¥899.00}，另外补偿您一张{amount=¥20.00}无门槛券"),
        ("them", "退款审核通过后{promise=3个工作日内到账}"),
        ("me", "好"),
        ("t", D(2024, 3, 17, 9, 30)),
        ("me", "审核通过了吗"),
        ("them", "已经通过了，请您耐心等待"),
        ("t", D(2024, 3, 18, 20, 58)),
        ("me", "还没到账"),
        ("them", "亲，退款已原路退回，请查看支付宝账单，交易号"
                 "{transaction_no=2024031022001456781234567890}"),
        ("me", "好的，我再看看"),
    ]
    loan = [
        ("t", D(2024, 4, 22, 19, 5)),
        ("me", "你好，我上个月逾期了两天，为什么罚息这么多？"),
        ("them", "您好，很高兴为您服务，我是客服小安，工号{staff_id=AY20913}"),
        ("them", "请提供您的借款合同编号，我帮您查询"),
        ("me", "{contract_no=JT2024011500088127}"),
        ("them", "查询到您的借款本金{amount:principal=10,000.00元}，实际到账"
                 "{amount:disbursed=9,200.00元}"),
        ("me", "到账金额为什么少了这么多？"),
        ("them", "其中{amount:fee=800.00元}为平台服务费，在放款时一次性收取"),
        ("me", "合同里写的年化利率是{rate:annual=24%|24}，加上服务费已经超过了"),
        ("them", "您的意见我们已经记录，会提交给相关部门核实"),
        ("me", "那罚息呢？"),
        ("them", "本期逾期产生罚息{amount:penalty=56.40元}，本期应还{amount:due=1,034.15元}"),
        ("me", "我要求退还多收的费用"),
        ("them", "已为您提交工单，工单号{ticket_no=GD240422000317}，会在{promise=24小时内回复}"),
        ("t", D(2024, 4, 24, 10, 12)),
        ("me", "两天了，没有人回复"),
        ("them", "非常抱歉，工单还在处理中"),
        ("them", "专员会{promise=明天给您回电}，请保持电话畅通"),
        ("me", "我的手机号{phone=186 0213 7745}"),
        ("them", "好的，已为您备注"),
        ("t", D(2024, 4, 26, 16, 48)),
        ("me", "今天专员打电话说可以退罚息？"),
        ("them", "是的，经核实，可以为您减免罚息{amount:penalty=56.40元}"),
        ("them", "服务费部分需要进一步审核"),
        ("me", "服务费{amount:fee=800.00元}什么时候能有结果？"),
        ("them", "审核结果会以短信通知您"),
        ("t", D(2024, 4, 28, 9, 30)),
        ("me", "收到短信了，说同意退服务费"),
        ("them", "是的，退款{amount:refund=800.00元}会退回您尾号{bank_card:tail=4471}的银行卡"),
        ("me", "多久能到？"),
        ("them", "{promise=5个工作日内退还}，遇节假日顺延"),
        ("me", "五一放假也算吗"),
        ("them", "节假日不计算在内，请您理解"),
        ("t", D(2024, 4, 29, 18, 35)),
        ("me", "好的，我会等到期限，到时候没到账我会向金融监管部门投诉"),
        ("them", "理解您的心情，我们会按时处理的"),
        ("me", "另外我这期的还款日是哪天？"),
        ("them", "本期到期还款日为{date:due=2024年5月15日|2024-05-15}，应还金额{amount:due=1,034.15元}"),
        ("me", "好的，谢谢"),
        ("them", "不客气，祝您生活愉快"),
    ]
    courier = [
        ("t", D(2024, 5, 20, 9, 12)),
        ("me", "你好，我的快递显示签收了，但是我没有收到"),
        ("them", "您好，圆通客服很高兴为您服务，工号{staff_id=YT7719}。请提供运单号"),
        ("me", "{tracking_no=YT7452381096655}"),
        ("them", "查询到该快件于昨天由快递员投递到驿站"),
        ("me", "驿站说没有这个件"),
        ("them", "非常抱歉，已为您登记丢件查询，{promise=3个工作日内给您答复}"),
        ("me", "这是拼多多买的，订单编号{order_no=240518-662014738905127}"),
        ("them", "好的，已一起登记"),
        ("me", "东西是{amount:paid=¥1,499.00}的手机，麻烦尽快"),
        ("them", "请您放心，我们会尽快处理"),
        ("t", D(2024, 5, 21, 14, 40)),
        ("me", "有消息了吗？"),
        ("them", "网点还在核实中，请您耐心等待"),
        ("me", "快递员的电话是多少？"),
        ("them", "快递员电话{phone=152 1093 8841}，您也可以直接联系"),
        ("me", "打了没人接"),
        ("them", "我这边再帮您催促一下网点"),
        ("t", D(2024, 5, 22, 20, 3)),
        ("me", "还是没有结果"),
        ("them", "非常抱歉，网点反馈快件可能丢失，正在调查"),
        ("me", "那怎么赔偿？"),
        ("them", "如确认丢失，将按照保价规则赔偿，未保价的最高赔付{amount=¥1,000.00}"),
        ("me", "我的东西值{amount=1499元}，这不合理"),
        ("them", "理解您的心情，您也可以联系商家协商"),
        ("me", "我已经联系商家了，商家说要你们出具丢件证明"),
        ("them", "好的，证明会在{promise=48小时内发送}给您"),
        ("t", D(2024, 5, 23, 10, 30)),
        ("me", "丢件证明呢？"),
        ("them", "已发送到您登记的手机上，请查收"),
        ("me", "收到了"),
        ("them", "工单号{ticket_no=YTGD05230118}，有问题可以随时咨询"),
        ("t", D(2024, 5, 25, 16, 22)),
        ("me", "商家同意退款了，退了{amount:refund=¥1,499.00}"),
        ("them", "好的，那您这边还需要我们赔偿吗"),
        ("me", "不需要了，但是希望你们能处理这个快递员"),
        ("them", "已经反馈给网点进行处理，感谢您的反馈"),
        ("t", D(2024, 5, 27, 11, 5)),
        ("me", "网点的处理结果是什么？"),
        ("them", "网点已对快递员进行了处罚，并向您致歉"),
        ("them", "作为补偿，为您发放了{amount=¥10.00}寄件优惠券"),
        ("me", "好的，谢谢"),
        ("them", "不客气，感谢您对圆通的支持"),
        ("me", "以后寄件会注意保价的"),
        ("them", "好的，祝您生活愉快"),
    ]
    return [
        Spec("long-shop", "wechat-chat", "zh-Hans", wechat_chat, dict(
            width=1080, height=None, lang="zh-Hans", title="森屿数码旗舰店售后",
            them_avatar=("售后", "#FF6A00", 12), me_avatar=ME_AVATARS[1], msgs=shop),
            style="aosp", cap=D(2024, 3, 18, 21, 5, 12), ext="png", colors=32),
        Spec("long-loan-dark", "wechat-chat-dark", "zh-Hans", wechat_chat, dict(
            width=1080, height=None, lang="zh-Hans", title="安逸花客服", dark=True, size=16.5,
            them_avatar=("安", "#5B6CFF"), me_avatar=ME_AVATARS[2], msgs=loan),
            style="miui", cap=D(2024, 4, 29, 18, 40, 55), ext="png", app="com.tencent.mm",
            colors=32),
        Spec("long-courier-12h", "wechat-chat", "zh-Hans", wechat_chat, dict(
            width=1080, height=None, lang="zh-Hans", title="圆通速递客服", h24=False, size=17,
            them_avatar=("圆通", "#5A2D8C", 12), me_avatar=ME_AVATARS[3], msgs=courier),
            style="huawei", cap=D(2024, 5, 27, 11, 8, 40), ext="png", app="com.tencent.mm",
            colors=32),
    ]

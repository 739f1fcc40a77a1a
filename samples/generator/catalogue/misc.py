"""The catalogue's bank SMS, loan-app and courier samples."""

from __future__ import annotations

import datetime as dt
import random

from ..identifiers import digits
from ..layouts.messages import courier_page, sms_thread
from ..layouts.orders import order_page
from ..render import SEED, Spec
from ..screens import SERIF
from ..values import money_value
from .orders import ident, plain, when

D = dt.datetime  # short alias used by the catalogue


def MISC() -> list[Spec]:  # noqa: N802 - bank SMS, loan apps, couriers
    r = random.Random(f"{SEED}:misc")
    out = []
    add = out.append
    add(Spec("sms-cmb", "bank-sms", "zh-Hans", sms_thread, dict(
        width=1080, height=2340, lang="zh-Hans", sender="招商银行", msgs=[
            ("t", D(2024, 3, 15, 14, 23)),
            ("m", "【招商银行】您账户{bank_card:tail=1234}于{datetime:payment=03月15日14:23|"
                  "2024-03-15T14:23:00}在京东商城平台商户消费人民币{amount:paid=1,280.00}元，"
                  "可用余额{amount:balance=8,720.50}元。"),
            ("t", D(2024, 3, 18, 9, 0)),
            ("m", "【招商银行】您尾号{bank_card:tail=1234}的信用卡本期账单已出，应还"
                  "{amount:due=¥3,286.40}，最后还款日{date:due=04月08日|2024-04-08}。"),
            ("t", D(2024, 3, 20, 15, 42)),
            ("m", "【招商银行】您账户{bank_card:tail=1234}于{datetime:refund=03月20日15:42|"
                  "2024-03-20T15:42:00}收到退款人民币{amount:refund=1,280.00}元，商户："
                  "京东商城平台商户。"),
        ]), style="aosp", cap=D(2024, 3, 20, 16, 1, 12), ext="png", colors=48))
    add(Spec("sms-icbc-ios", "bank-sms", "zh-Hans", sms_thread, dict(
        width=828, height=1792, lang="zh-Hans", sender="工商银行", ios=True, size=15, msgs=[
            ("t", D(2024, 1, 15, 10, 32)),
            ("m", "您尾号{bank_card:tail=5678}卡{datetime:loan=1月15日10:32|2024-01-15T10:32:00}"
                  "转账收入(重庆分期乐小额贷款)人民币{amount:disbursed=9,200.00}元，余额"
                  "{amount:balance=9,561.20}元。【工商银行】"),
            ("t", D(2024, 2, 15, 9, 3)),
            ("m", "您尾号{bank_card:tail=5678}卡{datetime:payment=2月15日09:03|2024-02-15T09:03:00}"
                  "快捷支付支出(分期乐还款)人民币{amount:repaid=1,021.35}元，余额"
                  "{amount:balance=2,318.66}元。【工商银行】"),
            ("t", D(2024, 3, 15, 9, 1)),
            ("m", "您尾号{bank_card:tail=5678}卡{datetime:payment=3月15日09:01|2024-03-15T09:01:00}"
                  "快捷支付支出(分期乐还款)人民币{amount:repaid=1,021.35}元，余额"
                  "{amount:balance=1,840.02}元。【工商银行】"),
        ]), style="ios", seq=4251, meta="png-exif", cap=D(2024, 3, 16, 8, 40, 3), ext="png",
        colors=48))
    add(Spec("sms-loan-dark", "bank-sms", "zh-Hans", sms_thread, dict(
        width=720, height=1600, lang="zh-Hans", sender="360借条", dark=True, size=15, msgs=[
            ("t", D(2024, 6, 12, 10, 0)),
            ("m", "【360借条】尊敬的用户，您本期账单应还{amount:due=1,034.15元}，到期还款日"
                  "{date:due=2024-06-15|2024-06-15}，请按时还款，如已还款请忽略。"),
            ("t", D(2024, 6, 18, 9, 30)),
            ("m", "【360借条】您的借款已逾期3天，已产生罚息{amount:penalty=7.68元}，逾期金额"
                  "{amount:overdue=1,041.83元}，请尽快还款以免影响您的信用记录。"),
            ("t", D(2024, 6, 20, 9, 30)),
            ("m", "【360借条】您的借款已逾期5天，已产生罚息{amount:penalty=12.80元}，逾期金额"
                  "{amount:overdue=1,046.95元}。客服热线请在App内查看，退订回T"),
        ]), style="aosp", cap=D(2024, 6, 20, 20, 44, 30), ext="png", colors=32))
    add(Spec("loan-detail", "loan-app", "zh-Hans", order_page, dict(
        width=1080, height=2340, lang="zh-Hans", theme="loan", title="借款详情",
        status="还款中", sub="当前第 3/12 期", buttons=["查看合同", "提前还款"], cards=[
            [("big", "借款金额（元）", "10,000.00", "principal"),
             ("kv", "到账金额", "¥9,200.00", ("amount", "9200.00", "disbursed"), None),
             ("kv", "服务费", "¥800.00", ("amount", "800.00", "fee"), None),
             ("kv", "年化利率（单利）", "24.00%", ("rate", "24", "annual"), None), plain("借款期限", "12期"),
             when("放款时间", D(2024, 1, 15, 10, 32, 11), "loan"),
             ("kv", "到期还款日", "2025-01-15", ("date", "2025-01-15", "due"), None),
             ("kv", "收款银行卡", "工商银行(尾号5678)", ("bank_card", "5678", "tail"), None),
             ident("借款合同编号", "FQL2024011500917342", "contract_no", "复制")],
        ]), style="qq", cap=D(2024, 3, 16, 9, 12, 30), ext="png", colors=64))
    plan = [(1, dt.date(2024, 2, 15), "1,021.35", "已还", "repaid"),
            (2, dt.date(2024, 3, 15), "1,021.35", "已还", "repaid"),
            (3, dt.date(2024, 4, 15), "1,021.35", "已还", "repaid"),
            (4, dt.date(2024, 5, 15), "1,021.35", "已还", "repaid"),
            (5, dt.date(2024, 6, 15), "1,034.15", "已逾期", "overdue")]
    add(Spec("loan-overdue", "loan-app", "zh-Hans", order_page, dict(
        width=1080, height=2400, lang="zh-Hans", theme="loan3", title="还款计划",
        status="已逾期5天", sub="逾期将影响您的信用记录，请尽快还款", buttons=["立即还款"],
        family=SERIF["zh-Hans"], cards=[
            [("big", "本期应还（元）", "1,034.15", "due"),
             ("kv", "应还本金", "¥833.33", ("amount", "833.33", "instalment_principal"), None),
             ("kv", "应还利息", "¥188.02", ("amount", "188.02", "interest"), None),
             ("kv", "罚息", "¥12.80", ("amount", "12.80", "penalty"), None),
             plain("逾期天数", "5天"),
             ("kv", "最后还款日", "2024-06-15", ("date", "2024-06-15", "due"), None)],
            [("title", "还款计划（共12期）")] + [
                ("kv", f"第{n}期", f"{d:%Y-%m-%d}  ¥{a}  {st}",
                 [("date", d.isoformat(), "due", f"{d:%Y-%m-%d}"),
                  ("amount", money_value(a), role, f"¥{a}")], None)
                for n, d, a, st, role in plan],
        ]), style="miui", cap=D(2024, 6, 20, 19, 2, 41), ext="jpg", quality=70))
    add(Spec("loan-confirm", "loan-app", "zh-Hans", order_page, dict(
        width=720, height=1600, lang="zh-Hans", theme="loan2", title="确认借款",
        status="安逸花", sub="借款前请仔细阅读借款合同", buttons=["确认借款"], cards=[
            [("big", "借款金额（元）", "5,000.00", "principal"),
             ("kv", "预计到账", "¥4,850.00", ("amount", "4850.00", "disbursed"), None),
             ("kv", "担保费", "¥150.00", ("amount", "150.00", "fee"), None),
             ("kv", "综合年化利率", "35.90%", ("rate", "35.9", "annual"), None), plain("借款期限", "6个月"),
             ("kv", "每期应还", "¥911.27", ("amount", "911.27", "due"), None),
             ("kv", "首期还款日", "2024-08-10", ("date", "2024-08-10", "due"), None),
             ("kv", "收款账户", "建设银行(尾号0392)", ("bank_card", "0392", "tail"), None),
             ident("借款编号", "AYH" + digits(r, 16, "0123456789"), "contract_no")],
        ]), style="wxpc", cap=D(2024, 7, 10, 21, 5, 18), ext="jpg", quality=80))
    add(Spec("courier-sf", "courier", "zh-Hans", courier_page, dict(
        width=1080, height=2340, lang="zh-Hans", carrier="顺丰速运", logo=("SF", "#111111"),
        waybill="SF1428036725418", status="已签收", accent="#DC1E32", events=[
            (D(2024, 3, 13, 10, 12), "%m-%d %H:%M",
             "【杭州市】快件已签收，签收人：仓库前台。如有疑问请联系快递员"),
            (D(2024, 3, 13, 8, 31), "%m-%d %H:%M",
             "【杭州市】快递员陈师傅（{phone=13957162208}）正在派送途中，请保持电话畅通"),
            (D(2024, 3, 13, 4, 2), "%m-%d %H:%M", "【杭州市】快件到达【杭州西湖营业点】"),
            (D(2024, 3, 12, 22, 40), "%m-%d %H:%M", "【上海市】快件已发往【杭州转运中心】"),
            (D(2024, 3, 12, 15, 36), "%m-%d %H:%M", "【上海市】顺丰速运已收取快件"),
        ]), style="miui", cap=D(2024, 3, 14, 20, 10, 5), ext="jpg", app="com.tencent.mm",
        quality=72))
    add(Spec("courier-yto", "courier", "zh-Hans", courier_page, dict(
        width=1080, height=2340, lang="zh-Hans", carrier="圆通速递", logo=("圆通", "#5A2D8C"),
        waybill="YT7452381096655", status="已签收", accent="#5A2D8C",
        order_no="240518-662014738905127", events=[
            (D(2024, 5, 19, 17, 46, 21), "%Y-%m-%d %H:%M:%S",
             "【南京市】您的快件已签收，签收人：驿站代收。如有疑问请联系：{phone=15210938841}"),
            (D(2024, 5, 19, 9, 5, 12), "%Y-%m-%d %H:%M:%S",
             "【南京市】鼓楼区中山北路公司派件员正在为您派件"),
            (D(2024, 5, 19, 3, 40, 55), "%Y-%m-%d %H:%M:%S", "【南京市】快件已到达南京转运中心"),
            (D(2024, 5, 18, 21, 12, 8), "%Y-%m-%d %H:%M:%S", "【深圳市】快件已发往南京转运中心"),
            (D(2024, 5, 18, 16, 45, 2), "%Y-%m-%d %H:%M:%S", "【深圳市】圆通速递已揽收"),
        ]), style="aosp", cap=D(2024, 5, 20, 9, 10, 3), ext="png", colors=48))
    add(Spec("courier-jd", "courier", "zh-Hans", courier_page, dict(
        width=720, height=1600, lang="zh-Hans", carrier="京东快递", logo=("JD", "#E4393C"),
        waybill="JDVA" + digits(r, 11, "0123456789"), status="运输中", accent="#E4393C",
        family=SERIF["zh-Hans"], events=[
            (D(2024, 6, 26, 8, 12), "%Y-%m-%d %H:%M", "您的快件已到达【上海浦东分拣中心】"),
            (D(2024, 6, 25, 23, 5), "%Y-%m-%d %H:%M", "您的快件已从【北京亚洲一号仓】发出"),
            (D(2024, 6, 25, 14, 30), "%Y-%m-%d %H:%M", "您的订单已出库，京东快递已揽收"),
        ]), style="huawei", cap=D(2024, 6, 26, 12, 0, 44), ext="jpg",
        app="com.jingdong.app.mall", quality=80))
    return out

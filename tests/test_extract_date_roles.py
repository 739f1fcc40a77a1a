"""The role of each date from the document's structure: the label beside it, the status heading
above it, the sentence around it, or the kind of document it is on (kinds.py).

Each case is OCR output one box per line, as the engines give it (a label and its value on the
same visual row are two lines), written here in the shapes real pages take: WeChat Pay and
Alipay details, shop orders and refunds in simplified and traditional script, bank messages of
several banks, a bank 回单, invoices, till receipts, railway tickets, chats. `sure` is whether the
role counts as known (confidence >= roles.ROLE_CONFIDENT): a label's role is, a role inferred
from the page's kind or a status heading is not.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from evidence_vault.extract import Context, extract, roles
from evidence_vault.extract.kinds import document_kind
from evidence_vault.extract.page import Page

SURE, UNSURE, ANY = True, False, None
CAP = datetime(2024, 3, 21, 9, 0)

CASES = [
    # (id, text, app, [(value, role, sure)], [(value, role) never])
    ("wechatpay-detail", "账单详情\n-1,280.00\n当前状态\n支付成功\n支付时间\n2024年3月15日 14:23:07\n"
     "商品\n京东商城订单\n商户全称\n北京京东世纪信息技术有限公司\n支付方式\n零钱\n交易单号\n"
     "4200002154202403151234567890", "微信",
     [("2024-03-15T14:23:07", "payment", SURE)], []),
    ("wechatpay-dropped-space", "支付时间2024年3月15日14:23:07\n交易单号\n"
     "4200002154202403151234567890", None, [("2024-03-15T14:23:07", "payment", SURE)], []),
    ("alipay-created-and-paid", "-899.00\n交易成功\n付款方式\n花呗\n商品说明\n无线耳机\n创建时间\n"
     "2024-03-18 21:19:42\n支付时间\n2024-03-18 21:20:03\n订单号\n"
     "2024031822001408761234567890", "支付宝",
     [("2024-03-18T21:19:42", "order", SURE), ("2024-03-18T21:20:03", "payment", SURE)], []),
    ("alipay-transfer-only-created", "转账成功\n-500.00\n收款方\n张三\n付款方式\n余额\n"
     "创建时间\n2024-03-10 08:00:01", "支付宝", [("2024-03-10T08:00:01", "order", SURE)], []),
    ("wechat-transfer-received", "已收款\n¥200.00\n转账时间\n2024年3月9日 10:00:00\n"
     "收款时间\n2024年3月9日 10:05:31", "微信",
     [("2024-03-09T10:00:00", "payment", SURE), ("2024-03-09T10:05:31", "receive", SURE)], []),
    ("taobao-order-simplified", "订单编号\n2959141472239543560\n复制\n创建时间\n"
     "2024-03-10 20:11:02\n付款时间\n2024-03-10 20:11:40\n发货时间\n2024-03-11 09:30:00\n"
     "成交时间\n2024-03-20 10:00:00", "淘宝",
     [("2024-03-10T20:11:02", "order", SURE), ("2024-03-10T20:11:40", "payment", SURE),
      ("2024-03-11T09:30:00", "ship", SURE), ("2024-03-20T10:00:00", "complete", SURE)], []),
    ("taobao-order-taiwan", "訂單編號\n2271830946512047735\n複製\n建立時間\n2024-05-20 19:07:39\n"
     "付款時間\n2024-05-20 19:08:31\n出貨時間\n2024-05-22 11:03:40\n成交時間\n"
     "2024-06-01 11:03:40", None,
     [("2024-05-20T19:07:39", "order", SURE), ("2024-05-20T19:08:31", "payment", SURE),
      ("2024-05-22T11:03:40", "ship", SURE), ("2024-06-01T11:03:40", "complete", SURE)], []),
    ("jd-order-labels-in-a-block", "订单编号：\n下单时间：\n支付时间：\n4521887436\n"
     "2024-03-12 10:00:01\n2024-03-12 10:00:30", "京东",
     [("2024-03-12T10:00:01", "order", ANY), ("2024-03-12T10:00:30", "payment", ANY)], []),
    ("refund-status-heading", "退款详情\n退款成功\n2024年6月14日10:22\n退款总金额\n¥1,280.00\n"
     "退款原因\n卖家缺货\n退款编号\n210573384920173561", None,
     [("2024-06-14T10:22:00", "refund", UNSURE)], [("2024-06-14T10:22:00", "chat")]),
    ("refund-arrival", "退款详情\n退款成功\n退款金额\n¥899.00\n退款时间\n2024-03-18 16:05:44\n"
     "到账时间\n2024-03-18 16:06:10", None,
     [("2024-03-18T16:05:44", "refund", SURE), ("2024-03-18T16:06:10", "refund", SURE)],
     [("2024-03-18T16:06:10", "receive")]),
    ("wechat-refund-bill", "+1,280.00\n当前状态\n已全额退款\n退款时间\n2024年3月20日 15:42:10\n"
     "支付时间\n2024年3月15日 14:23:07\n交易单号\n4200002154202403151234567890", "微信",
     [("2024-03-20T15:42:10", "refund", SURE), ("2024-03-15T14:23:07", "payment", SURE)], []),
    ("invoice-issue", "电子发票（普通发票）\n发票号码：24332000000041305872\n开票日期：2024年04月13日\n"
     "价税合计（大写）壹仟贰佰捌拾圆整\n（小写）¥1280.00", None, [("2024-04-13", "issue", SURE)], []),
    ("invoice-plain-date-label", "增值税普通发票\n发票代码 044001900111\n发票号码 12345678\n"
     "日期：2024年04月13日\n纳税人识别号\n91330106867224007R\n价税合计 ¥1280.00", None,
     [("2024-04-13", "issue", UNSURE)], []),
    ("bank-receipt", "招商银行个人账户交易回单\n回单编号：HD2024031514230700128\n"
     "生成时间：2024-03-16 09:20:11\n付款人户名\n张明\n收款人户名\n李建国\n交易金额(小写)\n"
     "¥1,280.00\n记账日期\n2024-03-15\n摘要\n转账", None,
     [("2024-03-16T09:20:11", "issue", SURE), ("2024-03-15", "payment", SURE)], []),
    ("bank-receipt-plain-date", "中国建设银行网上银行电子回执\n付款人\n张明\n收款人\n李建国\n"
     "日期\n2024年03月15日\n金额\n¥1,280.00\n摘要\n货款", None,
     [("2024-03-15", "payment", UNSURE)], []),
    ("sms-cmb-spend", "【招商银行】您账户1234于03月15日14:23在京东商城消费人民币1,280.00元", None,
     [("2024-03-15T14:23:00", "payment", ANY)], []),
    ("sms-icbc-wrapped", "您尾号5678卡3月15日14:23网上银\n行支出(消费)1,280元，余额5,000元。【工商银行】",
     None, [("2024-03-15T14:23:00", "payment", ANY)], []),
    ("sms-ccb-hours-and-minutes", "您尾号1234的储蓄卡账户3月15日14时23分消费支出人民币1280.00元,"
     "活期余额3000.00元。[建设银行]", None, [("2024-03-15T14:23:00", "payment", ANY)], []),
    ("sms-refund", "【招商银行】您账户1234于03月20日15:42收到退款人民币1,280.00元", None,
     [("2024-03-20T15:42:00", "refund", ANY)], []),
    ("sms-goods-returned", "【工商银行】您尾号5678卡3月20日15:42退货(京东)1,280元", None,
     [("2024-03-20T15:42:00", "refund", ANY)], []),
    ("sms-money-in", "【农业银行】您尾号1234账户03月18日09:30完成转账存入交易人民币500.00，余额800.00", None,
     [("2024-03-18T09:30:00", "receive", ANY)], []),
    ("chat-asked-refund-is-a-request", "我3月15日申请退款到现在都没处理", "微信",
     [("2024-03-15", "request", ANY)], [("2024-03-15", "refund")]),
    ("till-receipt-en", "TEO HENG STATIONERY\nSIMPLIFIED TAX INVOICE\nCASH\nReceipt No.: CS1801/26821\n"
     "Date:17/01/2018\nTOTAL\n27.55\nCASH\n27.55\nCHANGE\n0.00", None,
     [("2018-01-17", "payment", UNSURE)], [("2018-01-17", "chat")]),
    ("till-receipt-en-date-alone", "AEON CO. (M) BHD.\nSub-total\n5.90\nTotal Sales Incl GST\n5.90\n"
     "CASH\n50.00\nChange Amt\n44.10\n22/03/2018 10:18\nTHANK YOU FOR YOUR PATRONAGE", None,
     [("2018-03-22T10:18:00", "payment", UNSURE)], [("2018-03-22T10:18:00", "chat")]),
    ("till-receipt-en-date-in-a-row", "Mr. Dakgalbi\n[Sales]2018-01-05 22:55:25\nPosNo:86\nTOTAL\n"
     "71.00\nCash\n101.00\nChange\n30.00\nGST @6%\n4.02", None,
     [("2018-01-05T22:55:25", "payment", UNSURE)], []),
    ("till-receipt-zh", "永辉超市\n流水号：2024031514230788\n收银员：王丽\n机号：03\n"
     "日期：2024-03-15 14:23:07\n合计：\n147.80\n实收(微信支付):\n142.80\n谢谢惠顾", None,
     [("2024-03-15T14:23:07", "payment", UNSURE)], []),
    ("card-slip", "中国银联签购单\nPOS SALES SLIP\n交易类型(TRANS TYPE)：消费/SALE\n"
     "日期/时间(DATE/TIME):\n2024/03/1514:23:07\n金额(AMOUNT)：RMB 1,280.00\n持卡人签名", None,
     [("2024-03-15T14:23:07", "payment", UNSURE)], []),
    ("railway-ticket", "F064952\n北戴河站\nG4364\n滨海站\n2016年08月24日15:46开\n07车11C号\n"
     "¥92.5元\n二等座\n限乘当日当次车", None, [("2016-08-24T15:46:00", "travel", SURE)],
     [("2016-08-24T15:46:00", "payment")]),
    ("railway-ticket-time-lost", "检票口B6\n郑州东站\nG514\n北京西站\n2015年10月27日\n04车08C号\n"
     "￥309.0元\n二等座\n限乘当日当次车", None, [("2015-10-27", "travel", UNSURE)], []),
    ("ticket-departure-label", "航班号 MU5101\n登机口 12\n出发时间 2024-03-15 08:00\n座位号 32A",
     None, [("2024-03-15T08:00:00", "travel", SURE)], []),
    ("tracking-in-a-chat-app", "物流详情\n运单号：SF1428036725418\n已签收\n"
     "【杭州市】快件已签收，签收人：仓库前台。如\n有疑问请联系快递员\n03-13 10:12\nO\n"
     "【杭州市】快递员陈师傅正在派送途中\n03-13 08:31", "微信",
     [("2024-03-13T10:12:00", "track", ANY), ("2024-03-13T08:31:00", "track", ANY)], []),
    ("chat-about-a-parcel-keeps-its-separators", "圆通速递客服\n5月20日上午9:12\n"
     "你好，我的快递显示签收了，\n但是我没有收到\n请提供运单号\nYT7452381096655\n"
     "驿站说没有这个件\n星期二下午2:40\n有消息了吗?", "微信",
     [("2023-05-20T09:12:00", "chat", ANY)], [("2023-05-20T09:12:00", "track")]),
    ("chat-about-a-refund-keeps-its-separators", "京东客服\n3月11日 10:02\n退款成功了吗？\n"
     "您好，退款已经原路退回\n退款金额1280元\n3月12日 09:15\n好的", "微信",
     [("2024-03-11T10:02:00", "chat", ANY), ("2024-03-12T09:15:00", "chat", ANY)], []),
]


@pytest.mark.parametrize(("text", "app", "expected", "never"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_date_roles(text, app, expected, never):
    dates = [f for f in extract(text, Context(captured_at=CAP, app=app))
             if f.kind in ("date", "datetime")]
    got = {(f.value, f.role): f for f in dates}
    for value, role, sure in expected:
        assert (value, role) in got, ((value, role), dates)
        if sure is not None:
            f = got[(value, role)]
            assert (f.confidence >= roles.ROLE_CONFIDENT) is sure, (value, role, f)
    for value, role in never:
        assert (value, role) not in got, ((value, role), dates)
    for f in dates:
        assert f.role is None or f.role in roles.DATE_ROLES, f


KINDS = [
    ("SIMPLIFIED TAX INVOICE\nCASH\nTotal Qty\n1\nTOTAL\n27.55\nCHANGE\n0.00", "receipt"),
    ("二等座\n限乘当日当次车\n中国铁路祝您旅途愉快", "ticket"),
    ("发票代码 044001900111\n发票号码 12345678\n开票日期：2024年04月13日\n价税合计", "invoice"),
    ("回单编号 123\n付款人 张明\n收款人 李建国\n摘要 转账", "bank_receipt"),
    ("退款详情\n退款成功\n退款金额 ¥899.00\n订单编号 2959141472239543560", "refund"),
    ("账单详情\n当前状态 支付成功\n支付时间 2024年3月15日\n交易单号 4200…", "payment"),
    ("订单详情\n订单编号 4521887436\n下单时间 2024-03-12\n实付款 ¥99.00", "order"),
    ("你好，我的快递显示签收了\n请提供运单号\n好的", None),
    ("总共多少钱？\ntotal 是 80 块", None),
]


@pytest.mark.parametrize(("text", "kind"), KINDS, ids=[k or "none" for _, k in KINDS])
def test_document_kind(text, kind):
    assert document_kind(Page(text)) == kind

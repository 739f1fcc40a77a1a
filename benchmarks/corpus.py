"""A generated corpus of OCR-like texts: chats with customer service, payment
pages, order pages, bank SMS and loan pages, in simplified and traditional
Chinese and English, 200–800 characters each, with identifiers, amounts and
dates. Deterministic for a seed. Used by benchmarks/search.py and by the search
correctness tests (which compare the index with a brute-force scan).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

SHOPS = ["某某旗舰店", "优选数码专营店", "好物生活馆", "星河母婴店", "极速贷", "安心借"]
GOODS = ["蓝牙耳机", "空气净化器", "儿童推车", "机械键盘", "保温杯", "运动鞋", "会员年卡"]
AGENT = ["您好，很高兴为您服务", "亲，请您稍等，正在为您查询", "非常抱歉给您带来不便",
         "已为您登记，3个工作日内退款", "预计7个工作日内到账", "我们会在48小时内回复您",
         "明天给您回电", "请提供订单号", "退款申请已提交", "该订单已发货，无法取消",
         "已为您申请补偿5元优惠券", "您的工单号是GD{n6}", "客服工号A{n4}为您服务"]
USER = ["我要退款", "订单一直没有发货", "收到的商品有质量问题", "为什么多扣了服务费",
        "你们承诺的退款什么时候到账", "我已经等了一个星期了", "请尽快处理，否则我投诉到12315",
        "逾期罚息太高了", "我没有同意开通会员"]
TRAD = {"订单": "訂單", "退款": "退款", "编号": "編號", "实付款": "實付款", "发货": "發貨",
        "处理": "處理", "时间": "時間", "服务": "服務", "问题": "問題", "联系": "聯繫"}
EN = ["Order No.", "Refund requested", "Total", "Paid on", "Customer service", "Thank you",
      "Your refund will be processed within 3 business days"]


def _amount(rng: random.Random) -> str:
    v = rng.choice([rng.randint(1, 99), rng.randint(100, 9999), rng.randint(10000, 99999)])
    cents = rng.choice(["00", "00", "50", f"{rng.randint(0, 99):02d}"])
    return f"{v:,}.{cents}" if rng.random() < 0.5 else f"{v}.{cents}"


def _date(rng: random.Random) -> tuple[str, str]:
    y, m, d = 2024, rng.randint(1, 12), rng.randint(1, 28)
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    shown = rng.choice([f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}",
                        f"{y}年{m}月{d}日 {h:02d}:{mi:02d}", f"{y}/{m}/{d}"])
    return shown, f"{y}{m:02d}{d:02d}"


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def _fill(s: str, rng: random.Random) -> str:
    return s.replace("{n6}", _digits(rng, 6)).replace("{n4}", _digits(rng, 4))


def document(rng: random.Random) -> str:
    kind = rng.choice(["chat", "chat", "alipay", "wechat", "order", "sms", "loan", "en"])
    shown, ymd = _date(rng)
    order = _digits(rng, rng.choice([11, 12, 18, 19]))
    parts: list[str] = []
    if kind == "chat":
        parts.append(f"{rng.choice(SHOPS)} 在线客服 {shown}")
        for _ in range(rng.randint(6, 20)):
            parts.append(_fill(rng.choice(AGENT), rng) if rng.random() < 0.55
                         else rng.choice(USER))
            if rng.random() < 0.15:
                parts.append(f"订单号{order}")
            if rng.random() < 0.1:
                parts.append(f"金额¥{_amount(rng)}")
    elif kind == "alipay":
        parts += [f"-{_amount(rng)}", "交易成功", f"创建时间 {shown}", f"支付时间 {shown}",
                  f"付款方式 招商银行信用卡({_digits(rng, 4)})", f"商品说明 {rng.choice(GOODS)}",
                  f"收款方全称 {rng.choice(SHOPS)}有限公司",
                  f"订单号 {ymd}2200{_digits(rng, 16)}", f"商家订单号 T200P{order}",
                  "账单分类 日用百货", "对此订单有疑问", "申请电子回单"]
    elif kind == "wechat":
        parts += [rng.choice(SHOPS), f"-{_amount(rng)}", "当前状态 支付成功",
                  f"支付时间 {shown}", f"商品 {rng.choice(GOODS)}",
                  f"商户全称 {rng.choice(SHOPS)}有限公司", "支付方式 零钱",
                  f"交易单号 4200{_digits(rng, 6)}{ymd}{_digits(rng, 10)}",
                  f"商户单号 {_digits(rng, 20)}", "发起群收款", "对订单有疑惑"]
    elif kind == "order":
        parts += ["订单详情", "退款成功" if rng.random() < 0.3 else "交易成功",
                  rng.choice(GOODS), f"商品总额 ¥{_amount(rng)}", "运费 ¥0.00",
                  f"实付款 ¥{_amount(rng)}", f"订单编号 {order} 复制", f"下单时间 {shown}",
                  f"付款时间 {shown}", f"退款编号 {_digits(rng, 15)}",
                  f"运单号 SF{_digits(rng, 13)}"]
    elif kind == "sms":
        parts += [f"【招商银行】您账户{_digits(rng, 4)}于{shown}消费人民币{_amount(rng)}元，"
                  f"余额{_amount(rng)}元。", "如有疑问请致电95555。",
                  f"【{rng.choice(SHOPS)}】您的订单{order}已退款{_amount(rng)}元，请注意查收。"]
    elif kind == "loan":
        parts += [rng.choice(SHOPS[4:]), f"借款金额 {_amount(rng)}", f"到账金额 {_amount(rng)}",
                  f"本期应还 {_amount(rng)}", f"罚息 {_amount(rng)}", f"服务费 {_amount(rng)}",
                  "年化利率 23.9%", f"借款合同编号 HT{_digits(rng, 12)}",
                  f"到期还款日 {shown}", "逾期将影响您的征信", "立即还款"]
    else:
        parts += ["Customer service chat", f"{rng.choice(EN)}: {order}", f"Total ${_amount(rng)}",
                  f"Paid on {shown}", rng.choice(EN), rng.choice(EN), "Refund approved",
                  f"Tracking number YT{_digits(rng, 13)}"]
    text = "\n".join(parts)
    while len(text) < 200:
        text += "\n" + rng.choice(USER + AGENT[:6])
    text = text[:800]
    if rng.random() < 0.15:  # some screenshots are in traditional characters
        for simp, trad in TRAD.items():
            text = text.replace(simp, trad)
    return text


def documents(n: int, seed: int = 7) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(n):
        yield document(rng)


def fill_vault(conn: sqlite3.Connection, texts: list[str]) -> None:
    """Insert items whose reading is each text, without OCR or blobs (a search
    corpus, not a verifiable vault). Call inside a write transaction; index
    them afterwards with search.reindex()."""
    import hashlib

    for n, text in enumerate(texts):
        sha = hashlib.sha256(f"{n}:{text}".encode()).hexdigest()
        rid = conn.execute(
            "INSERT INTO readings (sha256, engine, engine_version, text, created_at) "
            "VALUES (?, 'corpus', '1', ?, '2026-01-01T00:00:00+08:00')", (sha, text)).lastrowid
        conn.execute(
            "INSERT INTO items (sha256, size, mime, filename, added_at, captured_at, "
            "captured_at_source, reading_id) VALUES (?, ?, 'image/png', ?, "
            "'2026-01-01T00:00:00+08:00', '2024-03-15T14:23:07', 'filename', ?)",
            (sha, len(text), f"Screenshot_{n:06d}.png", rid))

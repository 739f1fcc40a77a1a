"""Bank and loan-app SMS threads, and parcel-tracking pages with a 运单号 and a timeline."""

from __future__ import annotations

import datetime as dt
import random

from ..screens import MARK, SANS, Screen, badge, chevron, copy_button, nav_bar, status_bar
from ..values import WEEKDAY_ZH, iso


def sms_stamp(at: dt.datetime, cap: dt.datetime, ios: bool) -> str:
    days = (cap.date() - at.date()).days
    t = f"{at:%H:%M}"
    if days == 0:
        return f"今天 {t}" if ios else t
    if days == 1:
        return f"昨天 {t}"
    if days < 7 and ios:
        return f"星期{WEEKDAY_ZH[at.weekday()]} {t}"
    if at.year != cap.year:
        return f"{at.year}年{at.month}月{at.day}日 {t}"
    return f"{at.month}月{at.day}日 {t}"


def sms_thread(rng: random.Random, cap: dt.datetime, *, width: int, height: int, lang: str,
               sender: str, msgs: list[tuple], ios: bool = False, dark: bool = False,
               family: str | None = None, size: float = 15.5) -> Screen:
    """A phone's Messages app: one sender's notices in grey bubbles with time stamps."""
    bg, fg, bub, sub = ("#000000", "#E8E8E8", "#262629", "#8E8E93") if dark else \
        ("#FFFFFF", "#111111", "#E9E9EB" if ios else "#F1F3F4", "#8E8E93")
    sc = Screen(width, height, bg, family=family or SANS[lang], lang=lang, dark=dark)
    y = status_bar(sc, cap, fg=fg, bg=bg, ios=ios, battery=rng.randint(20, 99))
    y += sc.px(8)
    r = sc.px(20)
    sc.d.ellipse((sc.w / 2 - r, y, sc.w / 2 + r, y + 2 * r), fill="#A0A6B4")
    sc.text(sc.w / 2, y + r, sender[0], 17, "#FFFFFF", bold=True, anchor="mm", record=False)
    chevron(sc, sc.px(14), y + r, "#0A84FF" if ios else fg)
    y += 2 * r + sc.px(4)
    sc.text(sc.w / 2, y, sender, 12.5, fg, anchor="ma")
    y += sc.px(24)
    sc.rect((0, y, sc.w, y + 1), fill="#2C2C2E" if dark else "#E0E0E0")
    y += sc.px(10)
    bottom = sc.h - sc.px(60)
    max_w = sc.px(250)
    blocks = []
    at = None
    for kind, payload in msgs:
        if kind == "t":
            blocks.append(("t", payload, sc.px(34)))
        else:
            plain_text = MARK.sub(lambda m: m["text"], payload)
            lines = sc.wrap(plain_text, size, max_w)
            blocks.append(("m", payload, len(lines) * sc.px(size * 1.38) + sc.px(20) + sc.px(8)))
    while y + sum(b[2] for b in blocks) > bottom:  # scrolled to the newest message
        k, payload, _ = blocks.pop(0)
        if k == "t":
            at = payload
    for k, payload, h in blocks:
        if k == "t":
            at = payload
            stamp = sms_stamp(at, cap, ios)
            sc.text(sc.w / 2, y + sc.px(16), stamp, 11.5, sub, anchor="mm")
            sc.field("datetime", iso(at, secs=False), "chat", text=stamp)
        else:
            text = sc.marked(payload, at)
            lines = sc.wrap(text, size, max_w)
            step = sc.px(size * 1.38)
            bw = max(sc.measure(ln, size) for ln in lines) + sc.px(24)
            bx = sc.px(14)
            sc.rect((bx, y, bx + bw, y + h - sc.px(8)), fill=bub, r=sc.px(18))
            for i, ln in enumerate(lines):
                sc.text(bx + sc.px(12), y + sc.px(10) + i * step, ln, size, fg, record=False)
            sc.shown.append(text)
        y += h
    # input field
    sc.rect((sc.px(52), sc.h - sc.px(52), sc.w - sc.px(14), sc.h - sc.px(20)),
            outline="#3A3A3C" if dark else "#D0D0D0", r=sc.px(16), width=max(1, sc.px(1)))
    sc.text(sc.px(66), sc.h - sc.px(36), "短信" if not ios else "iMessage 信息", 14, sub,
            anchor="lm")
    cx, cy = sc.px(28), sc.h - sc.px(36)
    sc.d.ellipse((cx - sc.px(12), cy - sc.px(12), cx + sc.px(12), cy + sc.px(12)),
                 fill="#3A3A3C" if dark else "#E5E5EA")
    sc.text(cx, cy, "+", 18, sub, anchor="mm", record=False)
    return sc


def courier_page(rng: random.Random, cap: dt.datetime, *, width: int, height: int, lang: str,
                 carrier: str, logo: tuple[str, str], waybill: str, status: str,
                 events: list[tuple[dt.datetime, str, str]], accent: str = "#222222",
                 family: str | None = None, ios: bool = False, order_no: str | None = None) -> Screen:
    """A parcel-tracking page: a map strip, the waybill with 复制, and the event timeline."""
    sc = Screen(width, height, "#F4F4F4", family=family or SANS[lang], lang=lang)
    y = status_bar(sc, cap, fg="#111111", bg="#FFFFFF", ios=ios, battery=rng.randint(20, 99))
    y = nav_bar(sc, y, "物流详情", fg="#111111", bg="#FFFFFF", size=17, line="#EEEEEE")
    # a map stand-in: soft ground with roads
    mh = sc.px(150)
    sc.rect((0, y, sc.w, y + mh), fill="#E8EFE6")
    for _ in range(7):
        x0 = rng.randint(0, sc.w)
        sc.d.line([(x0, y), (x0 + rng.randint(-300, 300), y + mh)], fill="#FFFFFF", width=sc.px(5))
    for _ in range(4):
        yy = y + rng.randint(0, mh)
        sc.d.line([(0, yy), (sc.w, yy + rng.randint(-60, 60))], fill="#F8F3E3", width=sc.px(7))
    sc.d.line([(sc.px(60), y + sc.px(110)), (sc.px(180), y + sc.px(60)), (sc.px(300), y + sc.px(40))],
              fill=accent, width=sc.px(3))
    for cx, cy in ((sc.px(60), y + sc.px(110)), (sc.px(300), y + sc.px(40))):
        sc.d.ellipse((cx - sc.px(6), cy - sc.px(6), cx + sc.px(6), cy + sc.px(6)), fill=accent)
    y += mh - sc.px(16)
    x0, x1 = sc.px(10), sc.w - sc.px(10)
    sc.rect((x0, y, x1, sc.h - sc.px(10)), fill="#FFFFFF", r=sc.px(12))
    y += sc.px(14)
    badge(sc, (x0 + sc.px(14), y, x0 + sc.px(50), y + sc.px(36)), logo[1], logo[0], size=12, r=18)
    sc.text(x0 + sc.px(60), y, carrier, 15, "#111111", bold=True)
    w = sc.text(x0 + sc.px(60), y + sc.px(22), f"运单号：{waybill}", 13, "#666666")
    sc.field("tracking_no", waybill, None, label="运单号", text=waybill)
    copy_button(sc, x0 + sc.px(66) + w, y + sc.px(21), 13, "#666666")
    y += sc.px(50)
    if order_no:
        sc.text(x0 + sc.px(14), y, f"订单编号：{order_no}", 12.5, "#888888")
        sc.field("order_no", order_no, None, label="订单编号", text=order_no)
        y += sc.px(24)
    sc.rect((x0 + sc.px(14), y, x1 - sc.px(14), y + 1), fill="#EEEEEE")
    y += sc.px(14)
    sc.text(x0 + sc.px(14), y, status, 18, accent, bold=True)
    y += sc.px(36)
    lx = x0 + sc.px(26)
    tx = x0 + sc.px(46)
    maxw = x1 - tx - sc.px(14)
    for i, (at, fmt, text) in enumerate(events):
        plain_text = MARK.sub(lambda m: m["text"], text)
        lines = sc.wrap(plain_text, 13.5, maxw)
        h = len(lines) * sc.px(20) + sc.px(24) + sc.px(14)
        if y + h > sc.h - sc.px(24):
            break  # older events are further down the page
        if i + 1 < len(events):
            sc.rect((lx - sc.px(0.6), y + sc.px(8), lx + sc.px(0.6), y + h + sc.px(4)), fill="#DDDDDD")
        r = sc.px(6 if i == 0 else 4)
        sc.d.ellipse((lx - r, y + sc.px(8) - r, lx + r, y + sc.px(8) + r),
                     fill=accent if i == 0 else "#CCCCCC")
        body = sc.marked(text, at)
        sc.para(tx, y, body, 13.5, "#111111" if i == 0 else "#666666", maxw, lh=1.48)
        stamp = at.strftime(fmt)
        sc.text(tx, y + len(lines) * sc.px(20) + sc.px(4), stamp, 12, "#999999")
        sc.field("datetime", iso(at, secs="%S" in fmt), "track", text=stamp)
        y += h
    return sc

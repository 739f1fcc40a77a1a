"""Shop order and refund pages (Taobao, Tmall, JD, Pinduoduo, Meituan, Douyin, and loan-app
details), drawn from a list of rows by one function and a theme per shop.
"""

from __future__ import annotations

import datetime as dt
import random

from ..screens import (
    SANS,
    Screen,
    badge,
    chevron_right,
    gradient,
    home_indicator,
    kv_row,
    nav_bar,
    soft_image,
    status_bar,
)
from ..values import money_value

ORDER_THEMES = {
    "taobao": dict(h1="#FF8A00", h2="#FF5000", accent="#FF5000", head_fg="#FFFFFF"),
    "tmall": dict(h1="#FF2D55", h2="#FF0036", accent="#FF0036", head_fg="#FFFFFF"),
    "jd": dict(h1="#F2270C", h2="#E4393C", accent="#E4393C", head_fg="#FFFFFF"),
    "pdd": dict(h1="#E02E24", h2="#F25C3A", accent="#E02E24", head_fg="#FFFFFF"),
    "meituan": dict(h1="#FFD100", h2="#FFC300", accent="#FF6B00", head_fg="#222222"),
    "douyin": dict(h1="#161823", h2="#31263E", accent="#FE2C55", head_fg="#FFFFFF"),
    "refund": dict(h1="#FF7A2F", h2="#FF5000", accent="#FF5000", head_fg="#FFFFFF"),
    "loan": dict(h1="#3D8BFF", h2="#2A5BF0", accent="#2A5BF0", head_fg="#FFFFFF"),
    "loan2": dict(h1="#12B886", h2="#0CA678", accent="#0CA678", head_fg="#FFFFFF"),
    "loan3": dict(h1="#7048E8", h2="#5F3DC4", accent="#5F3DC4", head_fg="#FFFFFF"),
}


def _row(sc: Screen, row: tuple, x0: int, x1: int, y: int, th: dict, draw: bool) -> int:
    """Draw (or, with draw=False, only measure) one row of an order-page card."""
    kind = row[0]
    pad = sc.px(14)
    if kind == "address":
        _, name, phone, addr = row
        lines = sc.wrap(addr, 13, x1 - x0 - sc.px(56))
        h = sc.px(30) + len(lines) * sc.px(19) + sc.px(8)
        if draw:
            cx, cy = x0 + pad + sc.px(12), y + sc.px(22)
            sc.d.ellipse((cx - sc.px(12), cy - sc.px(12), cx + sc.px(12), cy + sc.px(12)),
                         fill=th["accent"])
            sc.d.ellipse((cx - sc.px(4), cy - sc.px(6), cx + sc.px(4), cy + sc.px(2)), fill="#FFFFFF")
            tx = x0 + pad + sc.px(34)
            w = sc.text(tx, y + sc.px(6), name, 15, "#222222", bold=True)
            sc.text(tx + w + sc.px(10), y + sc.px(7), phone[0], 14, "#666666")
            if phone[1]:
                sc.field("phone", phone[1], "masked" if "*" in phone[1] else None, text=phone[0])
            sc.para(tx, y + sc.px(30), addr, 13, "#888888", x1 - tx - pad, lh=1.45)
        return h
    if kind == "shop":
        _, name, badge_spec = row
        if draw:
            badge(sc, (x0 + pad, y + sc.px(10), x0 + pad + sc.px(18), y + sc.px(28)), badge_spec[1],
                  badge_spec[0], size=10, r=3)
            w = sc.text(x0 + pad + sc.px(24), y + sc.px(9), name, 14, "#222222", bold=True)
            chevron_right(sc, x0 + pad + sc.px(32) + w, y + sc.px(19), "#999999", 4)
        return sc.px(38)
    if kind == "product":
        _, title, spec, price, qty, hue = row
        h = sc.px(96)
        if draw:
            soft_image(sc, (x0 + pad, y + sc.px(4), x0 + pad + sc.px(80), y + sc.px(84)),
                       random.Random(title), hue)
            tx = x0 + pad + sc.px(90)
            pw = sc.measure(price, 14, True)
            sc.para(tx, y + sc.px(4), title, 13.5, "#222222", x1 - tx - pad - pw - sc.px(8), lh=1.4,
                    max_lines=2)
            sc.text(tx, y + sc.px(48), spec, 12, "#999999")
            sc.text(x1 - pad, y + sc.px(4), price, 14, "#222222", bold=True, anchor="ra")
            sc.field("amount", money_value(price), None, text=price)
            sc.text(x1 - pad, y + sc.px(26), qty, 12, "#999999", anchor="ra")
        return h
    if kind == "price":
        _, label, shown, role, strong = row
        if draw:
            size = 15 if strong else 13
            sc.text(x0 + pad, y + sc.px(4), label, size, "#222222" if strong else "#666666",
                    bold=strong)
            sc.text(x1 - pad, y + sc.px(3 if strong else 4), shown, size + (2 if strong else 0),
                    th["accent"] if strong else "#222222", bold=strong, anchor="ra")
            sc.field("amount", money_value(shown), role, label=label, text=shown)
        return sc.px(34 if strong else 28)
    if kind == "title":
        if draw:
            sc.text(x0 + pad, y + sc.px(7), row[1], 15, "#222222", bold=True)
        return sc.px(34)
    if kind == "big":
        _, label, shown, role = row
        if draw:
            sc.text((x0 + x1) / 2, y + sc.px(8), label, 13, "#666666", anchor="ma")
            sc.text((x0 + x1) / 2, y + sc.px(30), shown, 30, "#222222", bold=True, anchor="ma")
            sc.field("amount", money_value(shown), role, label=label, text=shown)
        return sc.px(80)
    if kind == "text":
        _, text, color = row
        lines = sc.wrap(text, 13, x1 - x0 - 2 * pad)
        if draw:
            sc.para(x0 + pad, y + sc.px(4), text, 13, color, x1 - x0 - 2 * pad, lh=1.5)
        return len(lines) * sc.px(19.5) + sc.px(10)
    if kind == "kv":
        _, label, shown, field, copy_label = row
        xv = x0 + pad + sc.label_w
        room = x1 - xv - pad - (sc.measure(copy_label, 13) + sc.px(18) if copy_label else 0)
        lines = sc.wrap(shown, 13, room)
        h = len(lines) * sc.px(20) + sc.px(8)
        if draw:
            kv_row(sc, y + sc.px(3), label, shown, x_label=x0 + pad, x_value=xv, right=x1 - pad,
                   size=13, lc="#888888", vc="#333333", lh=1.54,
                after=copy_label, after_color="#666666", gap=0)
            if isinstance(field, list):  # several fields in one value: (kind, value, role, text)
                for kind_, value, role, text in field:
                    sc.field(kind_, value, role, label=label, text=text)
            elif field:
                kind_, value, role = field
                sc.field(kind_, value, role, label=label, text=shown if kind_ != "bank_card" else value)
        return h
    raise ValueError(kind)


def order_page(rng: random.Random, cap: dt.datetime, *, width: int, height: int, lang: str,
               theme: str, title: str, status: str, sub: str | tuple | None, cards: list[list[tuple]],
               buttons: list[str], family: str | None = None, ios: bool = False,
               header_h: float = 146) -> Screen:
    """An order / refund page: a coloured header, white cards of rows, a bottom button bar."""
    th = ORDER_THEMES[theme]
    sc = Screen(width, height, "#F2F2F2", family=family or SANS[lang if lang != "en" else "zh-Hans"],
                lang=lang)
    hh = sc.px(header_h) if sub else sc.px(header_h - 22)
    gradient(sc, (0, 0, sc.w, hh), th["h1"], th["h2"])
    y = status_bar(sc, cap, fg=th["head_fg"], ios=ios, battery=rng.randint(20, 99))
    y = nav_bar(sc, y, title, fg=th["head_fg"], size=17, h=44)
    sc.text(sc.px(20), y, status, 21, th["head_fg"], bold=True)
    y += sc.px(34)
    if isinstance(sub, tuple):  # (text, (kind, value, role)): a header line that is a field
        sub, (kind, value, role) = sub
        sc.field(kind, value, role, text=sub)
    if sub:
        sc.text(sc.px(20), y, sub, 12.5, th["head_fg"])
        y += sc.px(20)
    y += sc.px(8)
    bar_top = sc.h - sc.px(58) - sc.px(16)
    x0, x1 = sc.px(10), sc.w - sc.px(10)
    for card in cards:
        labels = [r[1] for r in card if r[0] == "kv"]
        sc.label_w = max([sc.measure(t, 13) for t in labels] + [sc.px(64)]) + sc.px(14)
        h = sum(_row(sc, r, x0, x1, 0, th, False) for r in card) + sc.px(12)
        if y + h > bar_top:
            raise ValueError(f"order page {title!r}: card does not fit ({y + h} > {bar_top})")
        sc.rect((x0, y, x1, y + h), fill="#FFFFFF", r=sc.px(10))
        yy = y + sc.px(6)
        for r in card:
            yy += _row(sc, r, x0, x1, yy, th, True)
        y += h + sc.px(8)
    sc.rect((0, bar_top, sc.w, sc.h), fill="#FFFFFF")
    sc.rect((0, bar_top, sc.w, bar_top + 1), fill="#E5E5E5")
    bx = sc.w - sc.px(14)
    for i, label in enumerate(reversed(buttons)):
        w = sc.measure(label, 13) + sc.px(26)
        color = th["accent"] if i == 0 else "#666666"
        sc.rect((bx - w, bar_top + sc.px(12), bx, bar_top + sc.px(44)), outline=color, r=sc.px(16),
                width=max(1, sc.px(1)))
        sc.text(bx - w / 2, bar_top + sc.px(28), label, 13, color, anchor="mm")
        bx -= w + sc.px(10)
    home_indicator(sc, "#222222")
    return sc

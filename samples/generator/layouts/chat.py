"""WeChat conversations, light and dark: bubbles, avatars, time separators in WeChat's forms,
order cards; with height None a long scrolling screenshot. Older messages that do not fit are
scrolled off whole, so every field drawn is wholly visible.
"""

from __future__ import annotations

import datetime as dt
import random

from ..screens import MARK, SANS, Screen, badge, home_indicator, nav_bar, soft_image, status_bar
from ..values import chat_stamp, iso, money_value

WECHAT_THEME = {
    False: dict(bg="#EDEDED", nav="#EDEDED", fg="#191919", me="#95EC69", them="#FFFFFF",
                me_fg="#191919", them_fg="#191919", sep="#9A9A9A", bar="#F2F2F2", box="#FFFFFF",
                icon="#3B3B3B", line="#DADADA"),
    True: dict(bg="#111111", nav="#191919", fg="#D6D6D6", me="#3EB575", them="#2C2C2C",
               me_fg="#0F0F0F", them_fg="#D3D3D3", sep="#6F6F6F", bar="#1E1E1E", box="#2C2C2C",
               icon="#C8C8C8", line="#262626"),
}


def _chat_plan(sc: Screen, msgs: list[tuple], size: float) -> list[tuple]:
    """Lay out messages without drawing: (kind, payload, lines, height_px)."""
    plan = []
    text_w = sc.px(220)
    for kind, payload in msgs:
        if kind == "t":
            plan.append((kind, payload, None, sc.px(36)))
        elif kind in ("me", "them"):
            plain = MARK.sub(lambda m: m["text"], payload)
            lines = sc.wrap(plain, size, text_w)
            h = max(sc.px(40), len(lines) * sc.px(size * 1.42) + sc.px(19))
            plan.append((kind, payload, lines, h + sc.px(16)))
        elif kind in ("card_me", "card_them"):
            plan.append((kind, payload, None, sc.px(112) + sc.px(16)))
        else:
            raise ValueError(kind)
    return plan


def _avatar(sc: Screen, x: int, y: int, spec) -> None:
    size = sc.px(40)
    if spec[0] == "photo":
        soft_image(sc, (x, y, x + size, y + size), random.Random(spec[1]), spec[2])
    else:
        badge(sc, (x, y, x + size, y + size), spec[1], spec[0], size=spec[2] if len(spec) > 2 else 15)


def wechat_chat(rng: random.Random, cap: dt.datetime, *, width: int, height: int | None,
                lang: str, title: str, msgs: list[tuple], dark: bool = False, h24: bool = True,
                always_year: bool = False, family: str | None = None, size: float = 16,
                them_avatar=("客", "#1AAD19"), me_avatar=("photo", 7, (120, 160, 210)),
                ios: bool = False) -> Screen:
    """A WeChat conversation; height None makes a long (scrolling) screenshot."""
    th = WECHAT_THEME[dark]
    fam = family or SANS[lang]
    probe = Screen(width, 8, th["bg"], family=fam, lang=lang, dark=dark)
    plan = _chat_plan(probe, msgs, size)
    top_h = probe.px(44 if ios else 28) + probe.px(48)
    bottom_h = probe.px(56) + probe.px(20 if ios else 14)
    content = sum(p[3] for p in plan) + probe.px(12)
    if height is None:
        height = top_h + content + bottom_h
    sc = Screen(width, height, th["bg"], family=fam, lang=lang, dark=dark)
    y = status_bar(sc, cap, fg=th["fg"], bg=th["nav"], ios=ios, battery=rng.randint(25, 96))
    y = nav_bar(sc, y, title, fg=th["fg"], bg=th["nav"], size=17, line=th["line"])
    area_bottom = sc.h - bottom_h
    at = None
    # Scrolled to the latest message: older items that do not fit are above the screen. Whole
    # items are dropped, so no bubble is cut in half and every field drawn is wholly visible.
    while top_h + content > area_bottom + 1:
        kind, payload, _, h = plan.pop(0)
        if kind == "t":
            at = payload
        content -= h
    y += sc.px(12)
    margin, av = sc.px(12), sc.px(40)
    for kind, payload, lines, h in plan:
        if kind == "t":
            at = payload
            stamp = chat_stamp(at, cap, h24=h24, lang=lang, always_year=always_year)
            sc.text(sc.w / 2, y + sc.px(14), stamp, 12.5, th["sep"], anchor="mm")
            sc.field("datetime", iso(at, secs=False), "chat", text=stamp)
            y += h
            continue
        me = kind.endswith("me")
        ax = sc.w - margin - av if me else margin
        _avatar(sc, ax, y, me_avatar if me else them_avatar)
        if kind in ("me", "them"):
            sc.marked(payload, at)  # declare the fields
            plain = MARK.sub(lambda m: m["text"], payload)
            step = sc.px(size * 1.42)
            tw = max(sc.measure(ln, size) for ln in lines)
            bw = tw + sc.px(24)
            bh = h - sc.px(16)
            bx = ax - sc.px(10) - bw if me else ax + av + sc.px(10)
            fill = th["me"] if me else th["them"]
            sc.rect((bx, y, bx + bw, y + bh), fill=fill, r=sc.px(4))
            ty = y + sc.px(20)
            tri = [(bx + bw, ty - sc.px(5)), (bx + bw + sc.px(6), ty), (bx + bw, ty + sc.px(5))] if me \
                else [(bx, ty - sc.px(5)), (bx - sc.px(6), ty), (bx, ty + sc.px(5))]
            sc.d.polygon(tri, fill=fill)
            first = y + (bh - len(lines) * step) / 2 + step / 2
            for i, ln in enumerate(lines):
                sc.text(bx + sc.px(12), first + i * step, ln, size, th["me_fg" if me else "them_fg"],
                        anchor="lm", record=False)
            sc.shown.append(plain)
        else:  # an order card a user or agent sends from the shop
            card = payload
            bw, bh = sc.px(236), sc.px(112)
            bx = ax - sc.px(10) - bw if me else ax + av + sc.px(10)
            sc.rect((bx, y, bx + bw, y + bh), fill=th["box"], r=sc.px(6))
            pad = sc.px(10)
            soft_image(sc, (bx + pad, y + pad, bx + pad + sc.px(56), y + pad + sc.px(56)),
                       random.Random(card["title"]), card.get("hue", (200, 120, 90)))
            tx = bx + pad + sc.px(64)
            sc.para(tx, y + pad, card["title"], 13.5, th["them_fg"], bw - sc.px(84), lh=1.35)
            price = card["price"]
            sc.text(tx, y + sc.px(52), price, 14, "#FA5151", bold=True)
            sc.field("amount", money_value(price), None, text=price)
            line = sc.marked(card["line"], at)
            sc.rect((bx + pad, y + sc.px(76), bx + bw - pad, y + sc.px(76) + 1), fill=th["line"])
            sc.para(bx + pad, y + sc.px(84), line, 12, th["sep"], bw - 2 * pad, lh=1.35)
        y += h
    # input bar
    sc.rect((0, area_bottom, sc.w, sc.h), fill=th["bar"])
    sc.rect((0, area_bottom, sc.w, area_bottom + 1), fill=th["line"])
    mid = area_bottom + sc.px(28)
    r = sc.px(13)
    for cx in (sc.px(24), sc.w - sc.px(62), sc.w - sc.px(24)):
        sc.d.ellipse((cx - r, mid - r, cx + r, mid + r), outline=th["icon"], width=max(1, sc.px(1.6)))
    cx = sc.px(24)
    for k in (4, 8):
        sc.d.arc((cx - sc.px(k) - sc.px(2), mid - sc.px(k), cx + sc.px(k) - sc.px(2), mid + sc.px(k)),
                 -45, 45, fill=th["icon"], width=max(1, sc.px(1.5)))
    cx = sc.w - sc.px(24)
    sc.d.line([(cx - sc.px(7), mid), (cx + sc.px(7), mid)], fill=th["icon"], width=max(1, sc.px(1.6)))
    sc.d.line([(cx, mid - sc.px(7)), (cx, mid + sc.px(7))], fill=th["icon"], width=max(1, sc.px(1.6)))
    cx = sc.w - sc.px(62)
    sc.d.arc((cx - sc.px(6), mid - sc.px(4), cx + sc.px(6), mid + sc.px(6)), 20, 160, fill=th["icon"],
             width=max(1, sc.px(1.5)))
    sc.rect((sc.px(46), mid - sc.px(18), sc.w - sc.px(86), mid + sc.px(18)), fill=th["box"], r=sc.px(4))
    home_indicator(sc, th["fg"])
    return sc

"""Phone screenshots drawn with Pillow, for the OCR and reader tests.

The OCR tests prove the product on real engines, so they need images that look
like what users keep: WeChat-style chats with green and white bubbles, a
dark-mode page, an order page, a long scrolling chat. Drawing them here (with
the Noto CJK font's simplified-Chinese face) keeps the repository free of
binary fixtures and lets each test say exactly what text it expects.

The other test modules import the helpers from here; the tests in this module
only check that the drawing itself is sound.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"

_NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
_font_cache: dict[int, ImageFont.FreeTypeFont] = {}


def _font_file() -> Path | None:
    if _NOTO.exists():
        return _NOTO
    if shutil.which("fc-match"):
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Sans CJK SC"],
            capture_output=True, text=True, check=False,
        ).stdout.strip()
        if out and "CJK" in out and Path(out).exists():
            return Path(out)
    return None


def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    """The simplified-Chinese face of Noto Sans CJK at `size` px; skips the test
    when the font is not installed. Face 0 of the .ttc is Japanese, so the SC
    face is chosen by its name, not by taking the file's default."""
    if size in _font_cache:
        return _font_cache[size]
    path = _font_file()
    if path is None:
        pytest.skip("no Noto Sans CJK font (apt-get install fonts-noto-cjk)")
    for index in range(10):
        try:
            font = ImageFont.truetype(str(path), size, index=index)
        except OSError:
            break
        if font.getname()[0] == "Noto Sans CJK SC":
            _font_cache[size] = font
            return font
    pytest.skip(f"{path} has no 'Noto Sans CJK SC' face")


def squash(text: str) -> str:
    """Text with all whitespace removed, for comparing OCR output."""
    return re.sub(r"\s+", "", text)


def assert_in_order(text: str, expected: list[str]) -> None:
    """Each expected piece occurs in `text` (spaces ignored), in this order."""
    hay = squash(text)
    pos = 0
    for piece in expected:
        needle = squash(piece)
        found = hay.find(needle, pos)
        assert found >= 0, f"{piece!r} not found after position {pos} in {hay!r}"
        pos = found + len(needle)


# --- chats ---------------------------------------------------------------------

LIGHT = {
    "bg": "#EDEDED", "bar": "#EDEDED", "text": "#111111", "peer": "#FFFFFF",
    "mine": "#95EC69", "time": "#A8A8A8", "avatar_peer": "#5B8FD9",
    "avatar_me": "#E8A33D",
}
DARK = {
    "bg": "#111111", "bar": "#1E1E1E", "text": "#D6D6D6", "peer": "#2C2C2C",
    "mine": "#3EB575", "time": "#6E6E6E", "avatar_peer": "#3A5C8C",
    "avatar_me": "#9C6B22",
}
BLUE = dict(LIGHT, mine="#1485EE", bg="#FFFFFF", peer="#E9E9EB")


@dataclass
class Message:
    text: str
    mine: bool = False
    #: a centred grey time stamp drawn above the bubble
    stamp: str | None = None


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if font.getlength(current + ch) > width and current:
            lines.append(current)
            current = ch
        else:
            current += ch
    if current:
        lines.append(current)
    return lines


def draw_chat(
    title: str,
    messages: list[Message],
    *,
    width: int = 1080,
    height: int | None = None,
    theme: dict[str, str] = LIGHT,
    font_size: int = 40,
    mine_text: str | None = None,
) -> Image.Image:
    """A WeChat-like chat screen: title bar, avatars, bubbles, time stamps.

    With height=None the image is as tall as the messages need (a scrolling
    screenshot); otherwise it is cut or padded to `height`.
    """
    font = cjk_font(font_size)
    small = cjk_font(int(font_size * 0.75))
    line_h = int(font_size * 1.45)
    pad = int(font_size * 0.55)
    avatar = int(font_size * 2.1)
    max_text = int(width * 0.62)
    # lay out first so that the canvas can be sized
    blocks = []
    y = int(font_size * 3.2)
    for msg in messages:
        if msg.stamp:
            blocks.append(("stamp", msg, y, None))
            y += int(font_size * 1.9)
        lines = _wrap(msg.text, font, max_text)
        bubble_h = len(lines) * line_h + 2 * pad
        blocks.append(("bubble", msg, y, lines))
        y += max(bubble_h, avatar) + int(font_size * 0.9)
    total = y + int(font_size * 1.5)
    img = Image.new("RGB", (width, height or total), theme["bg"])
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width, int(font_size * 2.4)), fill=theme["bar"])
    tw = font.getlength(title)
    draw.text(((width - tw) / 2, int(font_size * 0.6)), title, font=font, fill=theme["text"])
    margin = int(font_size * 0.6)
    for kind, msg, top, lines in blocks:
        if kind == "stamp":
            sw = small.getlength(msg.stamp)
            draw.text(((width - sw) / 2, top), msg.stamp, font=small, fill=theme["time"])
            continue
        text_w = max(font.getlength(line) for line in lines)
        bw = int(text_w + 2 * pad)
        bh = len(lines) * line_h + 2 * pad
        if msg.mine:
            ax = width - margin - avatar
            bx = ax - int(font_size * 0.45) - bw
            fill, afill = theme["mine"], theme["avatar_me"]
            colour = mine_text or ("#FFFFFF" if theme is BLUE else "#111111")
        else:
            ax = margin
            bx = ax + avatar + int(font_size * 0.45)
            fill, afill = theme["peer"], theme["avatar_peer"]
            colour = theme["text"]
        draw.rounded_rectangle((ax, top, ax + avatar, top + avatar), radius=8, fill=afill)
        draw.rounded_rectangle((bx, top, bx + bw, top + bh), radius=12, fill=fill)
        for i, line in enumerate(lines):
            draw.text((bx + pad, top + pad + i * line_h - font_size * 0.1), line,
                      font=font, fill=colour)
    return img


REFUND_CHAT = [
    Message("您好，请问有什么可以帮您？", stamp="2024年3月15日 14:23"),
    Message("订单295914147223954356一直没有发货，我要退款", mine=True),
    Message("已为您登记，工号A1023，3个工作日内退款"),
    Message("好的，谢谢", mine=True, stamp="14:31"),
]
REFUND_EXPECTED = [
    "2024年3月15日", "您好", "有什么可以帮您",
    "295914147223954356", "没有发货", "我要退款",
    "工号A1023", "3个工作日内退款",
    "14:31", "好的", "谢谢",
]


def refund_chat(theme: dict[str, str] = LIGHT, **kw) -> Image.Image:
    return draw_chat("京东客服", REFUND_CHAT, height=2400, theme=theme, **kw)


# --- an order page -------------------------------------------------------------

ORDER_ROWS = [
    ("订单编号", "295914147223954356"),
    ("下单时间", "2024-03-15 14:20:51"),
    ("支付方式", "微信支付"),
    ("商品总价", "¥1,299.00"),
    ("优惠", "-¥19.00"),
    ("实付款", "¥1,280.00"),
]
ORDER_EXPECTED = [
    "订单详情", "订单编号", "295914147223954356", "下单时间", "2024-03-1514:20:51",
    "实付款", "1,280.00",
]


def order_page(*, dark: bool = False, width: int = 1080, height: int = 1800) -> Image.Image:
    """A shop's order-detail page: label on the left, value on the right."""
    bg, card, fg, muted = (
        ("#000000", "#1C1C1E", "#EDEDED", "#9A9A9A") if dark
        else ("#F2F2F2", "#FFFFFF", "#222222", "#777777")
    )
    font, big = cjk_font(38), cjk_font(48)
    img = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(img)
    draw.text((60, 60), "订单详情", font=big, fill=fg)
    draw.rounded_rectangle((30, 180, width - 30, 180 + 110 * len(ORDER_ROWS) + 60),
                           radius=20, fill=card)
    for i, (label, value) in enumerate(ORDER_ROWS):
        y = 220 + i * 110
        draw.text((70, y), label, font=font, fill=muted)
        vw = font.getlength(value)
        draw.text((width - 70 - vw, y), value, font=font,
                  fill="#E4393C" if label == "实付款" else fg)
    return img


# --- a long scrolling chat -----------------------------------------------------

def long_chat_messages(count: int) -> list[Message]:
    """Distinct numbered messages; the number is in each one so a test can see
    that each message was read exactly once."""
    out = []
    for i in range(1, count + 1):
        mine = i % 3 == 0
        body = f"第{i:02d}条消息 编号{1000 + i * 7}" + ("，已收到" if mine else "，请核实")
        out.append(Message(body, mine=mine))
    return out


def long_chat(width: int = 1080, height: int = 9000, count: int = 62) -> Image.Image:
    return draw_chat("客服对话记录", long_chat_messages(count), width=width, height=height)


# --- checks on the drawing itself ------------------------------------------------

def test_font_is_the_simplified_chinese_face():
    assert cjk_font(20).getname()[0] == "Noto Sans CJK SC"


def test_long_chat_fits_its_canvas():
    img = long_chat()
    assert img.size == (1080, 9000)
    # the last message is drawn above the bottom edge: the bottom rows are plain background
    bottom = img.crop((0, 8900, 1080, 9000))
    assert bottom.getcolors(1) is not None


def test_assert_in_order_ignores_spaces_and_checks_order():
    assert_in_order("订单 编号 123 实付款 ¥5", ["订单编号", "实付款"])
    with pytest.raises(AssertionError):
        assert_in_order("实付款 订单编号", ["订单编号", "实付款"])

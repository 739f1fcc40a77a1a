"""The canvas and the phone chrome every layout draws with.

A `Screen` remembers every string it drew and the fields the layout declared with `field` or
`{kind:role=text|value}` marks, so the truth can only name what is really on the page. Sizes are
in dp (1/360 of the width), as phone layouts are. Fonts are found by family name among the
installed faces (Debian's Noto CJK .ttc: SC for simplified, TC for traditional).
"""

from __future__ import annotations

import datetime as dt
import glob
import random
import re
import sys

from PIL import Image, ImageDraw, ImageFont

from .values import money_value, promise_due

SANS = {"zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC", "en": "DejaVu Sans"}
SERIF = {"zh-Hans": "Noto Serif CJK SC", "zh-Hant": "Noto Serif CJK TC", "en": "DejaVu Serif"}


MONO = {"zh-Hans": "Noto Sans Mono CJK SC", "zh-Hant": "Noto Sans Mono CJK TC",
        "en": "DejaVu Sans Mono"}
CJK_CHAR = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\uffef\u3000-\u303f]")


class Fonts:
    """Faces by (family, style), found by asking each face of each installed file its name.

    Debian's Noto CJK comes as .ttc collections whose face 0 is Japanese; asking by family name
    ("Noto Sans CJK SC") picks the simplified-Chinese face whatever its index is.
    """

    def __init__(self) -> None:
        self.faces: dict[tuple[str, str], tuple[str, int]] = {}
        paths = sorted(glob.glob("/usr/share/fonts/**/*.tt[cf]", recursive=True)
                       + glob.glob("/usr/share/fonts/**/*.otf", recursive=True))
        for path in paths:
            for index in range(16):
                try:
                    face = ImageFont.truetype(path, 10, index=index)
                except OSError:
                    break
                self.faces.setdefault(face.getname(), (path, index))
        self.cache: dict[tuple[str, int, bool], ImageFont.FreeTypeFont] = {}

    def get(self, family: str, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        key = (family, size, bold)
        if key not in self.cache:
            for style in (("Bold",) if bold else ("Regular", "Book")):
                if (family, style) in self.faces:
                    path, index = self.faces[(family, style)]
                    break
            else:
                sys.exit(f"font {family!r} not installed: apt-get install fonts-noto-cjk fonts-dejavu-core")
            self.cache[key] = ImageFont.truetype(path, size, index=index)
        return self.cache[key]


FONTS = Fonts()
MARK = re.compile(r"\{(?P<kind>[a-z_]+)(?::(?P<role>[a-z_]+))?=(?P<text>[^}|]+)"
                  r"(?:\|(?P<value>[^}]+))?\}")


TOKEN = re.compile(r"\d+(?: \d+)+ ?|[A-Za-z0-9¥$€.,:;%+\-_/()@#*'’&!?]+ ?| |.", re.S)
NO_LINE_START = set("，。、；：！？）」』”’》,.;:!?)%")


class Screen:
    """A canvas that remembers what it drew and which fields that made visible.

    Sizes are in dp (1/360 of the width), as phone layouts are; `px` converts.
    """

    def __init__(self, width: int, height: int, bg: str, *, family: str, lang: str,
                 dark: bool = False) -> None:
        self.w, self.h = width, height
        self.s = width / 360
        self.img = Image.new("RGB", (width, height), bg)
        self.d = ImageDraw.Draw(self.img)
        self.family, self.lang, self.dark = family, lang, dark
        self.shown: list[str] = []
        self.fields: list[dict] = []

    def px(self, dp: float) -> int:
        return int(round(dp * self.s))

    def font(self, size: float, bold: bool = False, family: str | None = None,
             text: str = "") -> ImageFont.FreeTypeFont:
        fam = family or self.family
        if fam.startswith("DejaVu") and CJK_CHAR.search(text):
            fam = SANS["zh-Hant" if self.lang == "zh-Hant" else "zh-Hans"]
        return FONTS.get(fam, max(6, self.px(size)), bold)

    def measure(self, s: str, size: float, bold: bool = False, family: str | None = None) -> float:
        return self.font(size, bold, family, s).getlength(s)

    def text(self, x: float, y: float, s: str, size: float, fill: str, *, bold: bool = False,
             family: str | None = None, anchor: str = "la", record: bool = True) -> float:
        f = self.font(size, bold, family, s)
        self.d.text((x, y), s, font=f, fill=fill, anchor=anchor)
        if record:
            self.shown.append(s)
        return f.getlength(s)

    def wrap(self, s: str, size: float, max_w: float, bold: bool = False,
             family: str | None = None) -> list[str]:
        """Greedy wrap: CJK breaks anywhere, Latin runs and numbers stay whole when they fit."""
        lines: list[str] = []
        for para in s.split("\n"):
            line = ""
            for tok in TOKEN.findall(para):
                if self.measure(line + tok.rstrip(), size, bold, family) <= max_w:
                    line += tok
                elif tok[0] in NO_LINE_START and line:
                    line += tok  # keep punctuation off the start of a line, as phones do
                elif self.measure(tok.rstrip(), size, bold, family) > max_w:
                    for ch in tok:
                        if self.measure(line + ch, size, bold, family) > max_w and line:
                            lines.append(line.rstrip())
                            line = ""
                        line += ch
                else:
                    if line.strip():
                        lines.append(line.rstrip())
                    line = tok.lstrip()
            lines.append(line.rstrip())
        return lines

    def para(self, x: float, y: float, s: str, size: float, fill: str, max_w: float, *,
             bold: bool = False, family: str | None = None, lh: float = 1.45,
             anchor: str = "la", max_lines: int | None = None) -> int:
        """Draw wrapped text; record it whole (fields may span its lines). Returns its height.

        With max_lines, text past the last line is cut with "…" and only what shows is recorded.
        """
        step = self.px(size * lh)
        lines = self.wrap(s, size, max_w, bold, family)
        if max_lines and len(lines) > max_lines:
            last = lines[max_lines - 1]
            while last and self.measure(last + "…", size, bold, family) > max_w:
                last = last[:-1]
            lines = lines[:max_lines - 1] + [last + "…"]
            s = "".join(lines)
        for i, ln in enumerate(lines):
            self.text(x, y + i * step, ln, size, fill, bold=bold, family=family, anchor=anchor,
                      record=False)
        self.shown.append(s)
        return step * len(lines)

    def rect(self, box, fill=None, r: float = 0, outline=None, width: int = 1) -> None:
        box = [int(round(v)) for v in box]
        if r:
            self.d.rounded_rectangle(box, radius=int(r), fill=fill, outline=outline, width=width)
        else:
            self.d.rectangle(box, fill=fill, outline=outline, width=width)

    def field(self, kind: str, value: str, role: str | None = None, *, label: str | None = None,
              text: str | None = None, **extra) -> None:
        f = {"kind": kind, "value": value, "role": role, "label": label,
             "text": text if text is not None else value}
        if kind in ("date", "datetime") and not re.search(r"(?:19|20)\d\d", f["text"]):
            f["resolved"] = "capture"
        f.update(extra)
        self.fields.append(f)

    def marked(self, s: str, at: dt.datetime | None = None) -> str:
        """Strip {kind:role=text|value} marks from s, declaring each as a field; return plain s."""
        for m in MARK.finditer(s):
            kind, role, text, value = m["kind"], m["role"], m["text"], m["value"]
            if value is None:
                if kind == "amount":
                    value = money_value(text)
                elif kind in ("phone",):
                    value = re.sub(r"[^\d*]", "", text)
                else:
                    value = re.sub(r"\s", "", text) if kind != "promise" else text
            extra = {}
            if kind == "promise":
                if at is None:
                    raise ValueError("a promise needs the message time")
                extra["due"] = promise_due(text, at).isoformat()
            self.field(kind, value, role, text=text, **extra)
        return MARK.sub(lambda m: m["text"], s)


def status_bar(sc: Screen, at: dt.datetime, *, fg: str, bg: str | None = None, ios: bool = False,
               battery: int = 78, carrier: str | None = None) -> int:
    """Android or iOS status bar; returns its height. The clock is not a field."""
    h = sc.px(44 if ios else 28)
    if bg:
        sc.rect((0, 0, sc.w, h), fill=bg)
    mid = h // 2 + (sc.px(2) if ios else 0)
    t = f"{at:%H:%M}" if at.hour >= 10 or not ios else f"{at.hour}:{at:%M}"
    if ios:
        sc.text(sc.px(52), mid, t, 15, fg, bold=True, anchor="mm", family="DejaVu Sans",
                record=False)
    else:
        sc.text(sc.px(16), mid, t, 13, fg, anchor="lm", family="DejaVu Sans", record=False)
        if carrier:
            sc.text(sc.px(58), mid, carrier, 11, fg, anchor="lm", record=False)
    # battery, right
    bw, bh = sc.px(22), sc.px(11)
    x1 = sc.w - sc.px(14)
    x0 = x1 - bw
    sc.rect((x0, mid - bh / 2, x1, mid + bh / 2), outline=fg, r=sc.px(3), width=max(1, sc.px(1)))
    sc.rect((x1 + 1, mid - bh / 5, x1 + sc.px(2), mid + bh / 5), fill=fg)
    fillw = (bw - sc.px(4)) * battery / 100
    sc.rect((x0 + sc.px(2), mid - bh / 2 + sc.px(2), x0 + sc.px(2) + fillw,
             mid + bh / 2 - sc.px(2)), fill=fg, r=sc.px(1))
    x = x0 - sc.px(6)
    if not ios:
        w = sc.text(x, mid, str(battery), 11, fg, anchor="rm", family="DejaVu Sans", record=False)
        x -= w + sc.px(6)
    # wifi: three arcs
    cx, cy = x - sc.px(8), mid + sc.px(5)
    for r in (sc.px(11), sc.px(7.5), sc.px(4)):
        sc.d.pieslice((cx - r, cy - r, cx + r, cy + r), 225, 315, fill=fg)
        r2 = r - sc.px(2)
        if r2 > 0 and r != sc.px(4):
            sc.d.pieslice((cx - r2, cy - r2, cx + r2, cy + r2), 225, 315,
                          fill=bg if bg else sc.img.getpixel((0, 0)))
    x = cx - sc.px(16)
    # signal bars
    for i in range(4):
        bx = x - (3 - i) * sc.px(4.5)
        sc.rect((bx, mid + sc.px(5) - sc.px(3 + 2.4 * i), bx + sc.px(3), mid + sc.px(5)), fill=fg)
    return h


def chevron(sc: Screen, x: float, y: float, fg: str, size: float = 9) -> None:
    w = max(2, sc.px(2))
    sc.d.line([(x + sc.px(size * 0.6), y - sc.px(size)), (x, y), (x + sc.px(size * 0.6), y + sc.px(size))],
              fill=fg, width=w, joint="curve")


def dots(sc: Screen, x: float, y: float, fg: str) -> None:
    r = sc.px(2)
    for i in (-1, 0, 1):
        cx = x + i * sc.px(7)
        sc.d.ellipse((cx - r, y - r, cx + r, y + r), fill=fg)


def nav_bar(sc: Screen, y: int, title: str, *, fg: str, bg: str | None = None, h: float = 48,
            size: float = 17, bold: bool = True, right: str | None = "dots", back: bool = True,
            line: str | None = None) -> int:
    hh = sc.px(h)
    if bg:
        sc.rect((0, y, sc.w, y + hh), fill=bg)
    mid = y + hh // 2
    if back:
        chevron(sc, sc.px(14), mid, fg)
    if title:
        sc.text(sc.w / 2, mid, title, size, fg, bold=bold, anchor="mm")
    if right == "dots":
        dots(sc, sc.w - sc.px(26), mid, fg)
    elif right:
        sc.text(sc.w - sc.px(16), mid, right, 15, fg, anchor="rm")
    if line:
        sc.rect((0, y + hh - 1, sc.w, y + hh), fill=line)
    return y + hh


def home_indicator(sc: Screen, fg: str, bg: str | None = None, h: float = 20) -> int:
    """The gesture pill at the bottom; returns the y where it starts."""
    top = sc.h - sc.px(h)
    if bg:
        sc.rect((0, top, sc.w, sc.h), fill=bg)
    cx, cy = sc.w / 2, sc.h - sc.px(h) / 2
    sc.rect((cx - sc.px(60), cy - sc.px(2), cx + sc.px(60), cy + sc.px(2)), fill=fg, r=sc.px(2))
    return top


def soft_image(sc: Screen, box, rng: random.Random, hue: tuple[int, int, int]) -> None:
    """A product photo or avatar stand-in: a soft two-colour gradient with a simple shape."""
    x0, y0, x1, y1 = (int(v) for v in box)
    w, h = x1 - x0, y1 - y0
    a = hue
    b = tuple(min(255, max(0, c + rng.randint(-70, 70))) for c in hue)
    tile = Image.new("RGB", (2, 2))
    tile.putdata([a, b, b, a])
    grad = tile.resize((w, h), Image.BILINEAR)
    dr = ImageDraw.Draw(grad)
    kind = rng.choice(["circle", "box", "bottle", "mountain"])
    c = tuple(min(255, v + 60) for v in b)
    if kind == "circle":
        r = min(w, h) * 0.28
        dr.ellipse((w / 2 - r, h / 2 - r, w / 2 + r, h / 2 + r), fill=c)
    elif kind == "box":
        dr.rectangle((w * 0.25, h * 0.3, w * 0.75, h * 0.8), fill=c)
        dr.polygon([(w * 0.25, h * 0.3), (w * 0.4, h * 0.18), (w * 0.9, h * 0.18), (w * 0.75, h * 0.3)],
                   fill=tuple(max(0, v - 30) for v in c))
    elif kind == "bottle":
        dr.rounded_rectangle((w * 0.36, h * 0.3, w * 0.64, h * 0.88), radius=int(w * 0.06), fill=c)
        dr.rectangle((w * 0.44, h * 0.14, w * 0.56, h * 0.3), fill=tuple(max(0, v - 50) for v in c))
    else:
        dr.polygon([(0, h), (w * 0.35, h * 0.45), (w * 0.6, h * 0.75), (w * 0.8, h * 0.5), (w, h)], fill=c)
        dr.ellipse((w * 0.65, h * 0.15, w * 0.82, h * 0.32), fill=(255, 240, 200))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=sc.px(4), fill=255)
    sc.img.paste(grad, (x0, y0), mask)


def badge(sc: Screen, box, fill: str, label: str, fg: str = "#FFFFFF", size: float = 15,
          r: float = 4) -> None:
    """A brand avatar / logo stand-in: a coloured square with one or two characters."""
    sc.rect(box, fill=fill, r=sc.px(r))
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    sc.text(cx, cy, label, size, fg, bold=True, anchor="mm", record=False)


def copy_button(sc: Screen, x: float, y: float, size: float, fg: str, label: str = "复制",
                boxed: bool = True) -> None:
    """The 复制 button that sits right after an order number (OCR reads them glued)."""
    if boxed:
        w = sc.measure(label, size - 3) + sc.px(10)
        sc.rect((x, y + sc.px(1), x + w, y + sc.px(size * 1.3)), outline=fg, r=sc.px(9),
                width=max(1, sc.px(0.7)))
        sc.text(x + w / 2, y + sc.px(size * 0.65) + sc.px(1), label, size - 3, fg, anchor="mm")
    else:
        sc.text(x, y, label, size, fg)


def kv_row(sc: Screen, y: float, label: str, value: str, *, x_label: float, x_value: float,
           right: float, size: float, lc: str, vc: str, lh: float = 1.5, align: str = "left",
           vbold: bool = False, vsize: float | None = None, family: str | None = None,
           after: str | None = None, after_color: str | None = None, gap: float = 14) -> int:
    """A label and a (wrapped) value; `after` is a glued button such as 复制. Returns next y."""
    vsize = vsize or size
    step = sc.px(vsize * lh)
    room = right - x_value - (sc.measure(after, size) + sc.px(18) if after else 0)
    lines = sc.wrap(value, vsize, room, vbold, family)
    sc.text(x_label, y, label, size, lc)
    end = x_value
    for i, ln in enumerate(lines):
        if align == "right":
            sc.text(right, y + i * step, ln, vsize, vc, anchor="ra", bold=vbold, family=family,
                    record=False)
        else:
            end = x_value + sc.text(x_value, y + i * step, ln, vsize, vc, bold=vbold,
                                    family=family, record=False)
    sc.shown.append(value)
    if after:
        copy_button(sc, end + sc.px(6), y + (len(lines) - 1) * step, size, after_color or lc, after)
    return int(y + max(1, len(lines)) * step + sc.px(gap))


def chevron_right(sc: Screen, x: float, y: float, fg: str, size: float = 5) -> None:
    w = max(1, sc.px(1.5))
    sc.d.line([(x - sc.px(size), y - sc.px(size)), (x, y), (x - sc.px(size), y + sc.px(size))],
              fill=fg, width=w)


def gradient(sc: Screen, box, c1: str, c2: str) -> None:
    x0, y0, x1, y1 = (int(v) for v in box)
    tile = Image.new("RGB", (2, 1))
    tile.putdata([Image.new("RGB", (1, 1), c1).getpixel((0, 0)),
                  Image.new("RGB", (1, 1), c2).getpixel((0, 0))])
    sc.img.paste(tile.resize((x1 - x0, y1 - y0), Image.BILINEAR), (x0, y0))

"""Draw the sample phone screenshots, photos and PDFs in samples/, each with its expected fields.

Run:  .venv/bin/python samples/make_samples.py      (about a minute; extras listed in README.md)

Design
- Everything is drawn from data, never traced from a real screenshot. A `Screen` is a canvas that
  remembers every string it drew; a layout function draws one kind of page and declares each
  field it made visible with `Screen.field(...)`. Before a sample is written, every field's `text`
  (the form a reader sees, such as "¥1,280.00") must be found among the drawn strings, so the
  truth can only name what is really on the page.
- Platform names are not declared by hand: after drawing, the drawn text is scanned for the names
  in PLATFORMS, so a visible "京东" can never be missing from the truth.
- Deterministic: each sample has its own `random.Random` seeded from SEED and its file name, so
  adding a sample does not change the others. PNG, JPEG and PDF bytes repeat from run to run;
  HEIC encoding (libheif/x265) may not be byte-identical, its truth is.
- The claimed capture time is one datetime per sample, from which the file name, EXIF or PNG text
  chunk is built, so the name and the truth's `captured_at` cannot disagree. Year-less and
  relative times on a page (昨天 14:23, 3月15日, 03-17 10:12) resolve against it and say so
  ("resolved": "capture").
- Promise due dates: N个工作日 counts N working days after the message day with chinese_calendar
  (weekends, public holidays and make-up working days); N小时 adds hours; N天 adds calendar days;
  明天/tomorrow is the next day.
"""

from __future__ import annotations

import copy
import datetime as dt
import glob
import json
import random
import re
import sys
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, PngImagePlugin

try:
    import chinese_calendar
    import pillow_heif
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas as rl_canvas
except ImportError as exc:  # pragma: no cover - a message, not a traceback
    sys.exit(f"make_samples.py needs the package that provides {exc.name!r}: "
             ".venv/bin/pip install pillow-heif reportlab chinesecalendar")

HERE = Path(__file__).resolve().parent
SEED = 20240315
TZ8 = dt.timezone(dt.timedelta(hours=8))
D = dt.datetime  # short alias used by the catalogue

# --------------------------------------------------------------------------------------- fonts

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

# ------------------------------------------------------------------ identifiers and checksums

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def id_card(rng: random.Random, region: str, birth: dt.date) -> str:
    """A GB 11643 checksum-valid, made-up resident ID number."""
    body = f"{region}{birth:%Y%m%d}{rng.randrange(10, 999):03d}"
    return body + "10X98765432"[sum(int(a) * w for a, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def luhn_card(rng: random.Random, prefix: str, length: int) -> str:
    """A Luhn-valid, made-up bank card number."""
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def credit_code(rng: random.Random, region: str) -> str:
    """A GB 32100 checksum-valid 统一社会信用代码 (with a GB 11714-valid organisation code)."""
    while True:
        org = digits(rng, 8)
        c = 11 - sum(int(a) * w for a, w in zip(org, [3, 7, 9, 10, 5, 8, 4, 2], strict=True)) % 11
        if c != 10:
            break
    body = "91" + region + org + ("0" if c == 11 else str(c))
    check = (31 - sum(USCC_CHARS.index(ch) * w
                      for ch, w in zip(body, USCC_WEIGHTS, strict=True)) % 31) % 31
    return body + USCC_CHARS[check]


def mobile(rng: random.Random) -> str:
    return rng.choice(["13", "15", "17", "18", "19"]) + digits(rng, 9, "0123456789")


def masked_mobile(rng: random.Random) -> str:
    m = mobile(rng)
    return m[:3] + "****" + m[7:]


def wechat_txn(rng: random.Random, day: dt.date) -> str:
    """28-digit WeChat Pay 交易单号: 10-digit prefix, YYYYMMDD at chars 11-18, 10 digits."""
    return "420000" + digits(rng, 4, "0123456789") + f"{day:%Y%m%d}" + digits(rng, 10)


def alipay_trade(rng: random.Random, day: dt.date, kind: str = "2200") -> str:
    """28-digit Alipay 订单号 / 支付宝交易号: YYYYMMDD, 2100/2200, 16 digits."""
    return f"{day:%Y%m%d}{kind}1" + digits(rng, 15, "0123456789")


def pdd_order(rng: random.Random, day: dt.date) -> str:
    return f"{day:%y%m%d}-" + digits(rng, 15, "0123456789")


# --------------------------------------------------------------------- amounts and date text

def money_value(text: str) -> str:
    """The truth value of a shown amount: "-¥1,280.00" -> "1280.00"."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        raise ValueError(f"no amount in {text!r}")
    return f"{Decimal(m.group().replace(',', '')):.2f}"


def yuan(value: str | Decimal, *, sym: str = "¥", comma: bool = True, sign: str = "",
         suffix: str = "", places: int = 2) -> str:
    """Show an amount the way pages do: yuan("1280", sign="-") -> "-¥1,280.00"."""
    v = Decimal(value)
    body = f"{v:,.{places}f}" if comma else f"{v:.{places}f}"
    return f"{sign}{sym}{body}{suffix}"


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The Nth Chinese working day after `day` (make-up working days count, holidays do not)."""
    while n:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


def promise_due(text: str, at: dt.datetime) -> dt.date:
    """The due date a careful reader computes for a promise made at `at`."""
    if m := re.search(r"(\d+)\s*(?:个|個)?\s*(?:工作日|business days?|working days?)", text):
        return add_workdays(at.date(), int(m.group(1)))
    if m := re.search(r"(\d+)\s*(?:小时|小時|hours?)", text):
        return (at + dt.timedelta(hours=int(m.group(1)))).date()
    if m := re.search(r"(\d+)\s*(?:天|days?)", text):
        return at.date() + dt.timedelta(days=int(m.group(1)))
    if re.search(r"明天|明日|tomorrow", text, re.I):
        return at.date() + dt.timedelta(days=1)
    if re.search(r"今天|今日|today", text, re.I):
        return at.date()
    raise ValueError(f"cannot compute a due date for {text!r}")


WEEKDAY_ZH = "一二三四五六日"
WEEKDAY_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_EN_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"]


def clock(at: dt.datetime, *, h24: bool = True, lang: str = "zh-Hans") -> str:
    """Hour and minute as WeChat shows them (12-hour: 0-6 凌晨, 6-12 上午, 12-24 下午)."""
    if h24:
        return f"{at:%H:%M}"
    h12 = at.hour % 12 or 12
    if lang == "en":
        return f"{h12}:{at:%M} {'AM' if at.hour < 12 else 'PM'}"
    period = "凌晨" if at.hour < 6 else "上午" if at.hour < 12 else "下午"
    return f"{period}{h12}:{at:%M}"


def chat_stamp(at: dt.datetime, cap: dt.datetime, *, h24: bool = True, lang: str = "zh-Hans",
               always_year: bool = False) -> str:
    """A WeChat time separator for a message sent at `at`, seen at `cap`."""
    t = clock(at, h24=h24, lang=lang)
    days = (cap.date() - at.date()).days
    if lang == "en":
        if always_year or at.year != cap.year:
            return f"{MONTH_EN[at.month - 1]} {at.day}, {at.year} {t}"
        if days == 0:
            return t
        if days == 1:
            return f"Yesterday {t}"
        if days < 7:
            return f"{WEEKDAY_EN[at.weekday()]} {t}"
        return f"{MONTH_EN[at.month - 1]} {at.day} {t}"
    if always_year or at.year != cap.year:
        return f"{at.year}年{at.month}月{at.day}日 {t}"
    if days == 0:
        return t
    if days == 1:
        return f"昨天 {t}"
    if days < 7:
        return f"星期{WEEKDAY_ZH[at.weekday()]} {t}"
    return f"{at.month}月{at.day}日 {t}"


def cn_date(at: dt.datetime | dt.date, *, secs: bool = True, pad: bool = False) -> str:
    """2024年3月15日 14:23:07 (or 2024年03月15日 with pad)."""
    f = "{:02d}" if pad else "{}"
    s = f"{at.year}年{f.format(at.month)}月{f.format(at.day)}日"
    if isinstance(at, dt.datetime):
        s += f" {at:%H:%M:%S}" if secs else f" {at:%H:%M}"
    return s


def iso(at: dt.datetime | dt.date, *, secs: bool = True) -> str:
    if isinstance(at, dt.datetime):
        return (at if secs else at.replace(second=0)).strftime("%Y-%m-%dT%H:%M:%S")
    return at.isoformat()


# --------------------------------------------------------------------------------- platforms

PLATFORMS = {
    "淘宝": ["淘宝", "淘寶", "Taobao"], "天猫": ["天猫", "天貓", "Tmall"],
    "京东": ["京东", "京東", "JD.com"], "拼多多": ["拼多多", "Pinduoduo"],
    "美团": ["美团", "美團", "Meituan"], "抖音": ["抖音", "Douyin"],
    "支付宝": ["支付宝", "支付寶", "Alipay"], "微信支付": ["微信支付", "WeChat Pay"],
    "云闪付": ["云闪付"],
    "招商银行": ["招商银行", "招商銀行", "China Merchants Bank"],
    "工商银行": ["工商银行", "工商銀行", "ICBC"], "建设银行": ["建设银行", "建設銀行"],
    "农业银行": ["农业银行"], "交通银行": ["交通银行"], "平安银行": ["平安银行"],
    "浦发银行": ["浦发银行"], "中信银行": ["中信银行"],
    "分期乐": ["分期乐"], "360借条": ["360借条"], "安逸花": ["安逸花"],
}
PACKAGES = {"com.tencent.mm": "微信", "com.eg.android.AlipayGphone": "支付宝",
            "com.taobao.taobao": "淘宝", "com.tmall.wireless": "天猫",
            "com.jingdong.app.mall": "京东", "com.xunmeng.pinduoduo": "拼多多",
            "com.sankuai.meituan": "美团", "com.ss.android.ugc.aweme": "抖音"}
APP_LABELS = {"WeChat": "微信", "Alipay": "支付宝", "Taobao": "淘宝", "JD": "京东"}

# ------------------------------------------------------------------------------------ screen

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


# ----------------------------------------------------------------------------- phone chrome

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


# ------------------------------------------------------------------------------ WeChat chat

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


# ------------------------------------------------------------------------- names and metadata

def epoch_ms(at: dt.datetime, ms: int = 0) -> int:
    return int(at.replace(tzinfo=TZ8).timestamp()) * 1000 + ms


def file_name(style: str, cap: dt.datetime | None, ext: str, *, app: str | None = None,
              seq: int | None = None, ms: int = 0, name: str | None = None) -> str:
    """A file name in one of the conventions of DOMAIN.md §5.1, claiming `cap`."""
    if style == "plain":
        return name
    if style == "ios":
        return f"IMG_{seq}.{ext.upper()}"
    assert cap is not None
    h12, ap = cap.hour % 12 or 12, cap.hour >= 12
    return {
        "aosp": f"Screenshot_{cap:%Y%m%d-%H%M%S}.{ext}",
        "aosp_app": f"Screenshot_{cap:%Y%m%d-%H%M%S}_{app}.{ext}",
        "huawei": f"Screenshot_{cap:%Y%m%d_%H%M%S}_{app}.{ext}",
        "samsung": f"Screenshot_{cap:%Y%m%d_%H%M%S}_{app}.{ext}",
        "miui": f"Screenshot_{cap:%Y-%m-%d-%H-%M-%S}-{ms:03d}{'_' + app if app else ''}.{ext}",
        "mmexport": f"mmexport{epoch_ms(cap, ms)}.{ext}",
        "wx_camera": f"wx_camera_{epoch_ms(cap, ms)}.{ext}",
        "wxpc": f"微信图片_{cap:%Y%m%d%H%M%S}.{ext}",
        "qq": f"QQ截图{cap:%Y%m%d%H%M%S}.{ext}",
        "mac_zh": f"截屏{cap:%Y-%m-%d} {'下午' if ap else '上午'}{h12}.{cap:%M.%S}.{ext}",
        "mac_zh24": f"截屏{cap:%Y-%m-%d} {cap.hour}.{cap:%M.%S}.{ext}",
        "mac_en": f"Screen Shot {cap:%Y-%m-%d} at {h12}.{cap:%M.%S} {'PM' if ap else 'AM'}.{ext}",
        "win": f"屏幕截图 {cap:%Y-%m-%d} {cap:%H%M%S}.{ext}",
        "camera": f"IMG_{cap:%Y%m%d_%H%M%S}.{ext}",
        "pxl": f"PXL_{cap:%Y%m%d_%H%M%S}{ms:03d}.{ext}",
    }[style]


def app_of(style: str, app: str | None) -> str | None:
    if style in ("huawei", "miui", "aosp_app") and app in PACKAGES:
        return PACKAGES[app]
    if style in ("samsung", "aosp_app") and app in APP_LABELS:
        return APP_LABELS[app]
    return None


def exif_bytes(at: dt.datetime, make: str = "Apple", model: str = "iPhone 12",
               software: str | None = None) -> bytes:
    ex = Image.Exif()
    stamp = at.strftime("%Y:%m:%d %H:%M:%S")
    ex[0x010F], ex[0x0110], ex[0x0132] = make, model, stamp
    if software:
        ex[0x0131] = software
    sub = ex.get_ifd(0x8769)
    sub[0x9003] = stamp  # DateTimeOriginal
    sub[0x9004] = stamp  # DateTimeDigitized
    sub[0x9011] = "+08:00"  # OffsetTimeOriginal
    return ex.tobytes()


def flat_quantize(img: Image.Image, n: int, keep: int = 24) -> Image.Image:
    """A palette image that keeps the `keep` commonest colours exactly (a UI's flat fills, which
    a plain octree would merge: white cards on a #F2F2F2 page) and spends the rest on the
    anti-aliased edges and pictures."""
    counts = sorted(img.getcolors(1 << 24), reverse=True)
    flat = [c for _, c in counts[:keep]]
    rest = img.quantize(n - len(flat), method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette = [v for c in flat for v in c] + rest.getpalette()[: 3 * (n - len(flat))]
    holder = Image.new("P", (1, 1))
    holder.putpalette(palette + [0] * (768 - len(palette)))
    return img.quantize(palette=holder, dither=Image.Dither.NONE)


def save_image(img: Image.Image, path: Path, *, quality: int = 80, colors: int | None = None,
               exif: bytes | None = None, png_text: dict[str, str] | None = None) -> None:
    ext = path.suffix.lower()
    if ext == ".png":
        out = flat_quantize(img.convert("RGB"), colors) if colors else img
        info = PngImagePlugin.PngInfo()
        for k, v in (png_text or {}).items():
            info.add_text(k, v)
        out.save(path, optimize=True, pnginfo=info, **({"exif": exif} if exif else {}))
    elif ext in (".jpg", ".jpeg"):
        img.convert("RGB").save(path, quality=quality, optimize=True, **({"exif": exif} if exif else {}))
    elif ext == ".heic":
        pillow_heif.register_heif_opener()
        img.convert("RGB").save(path, format="HEIF", quality=quality, **({"exif": exif} if exif else {}))
    else:
        raise ValueError(ext)


# ----------------------------------------------------------------------------------- truth

def platform_fields(shown: list[str]) -> list[dict]:
    text = "\n".join(shown)
    out = []
    for canon, aliases in PLATFORMS.items():
        for alias in aliases:
            if alias in text:
                out.append({"kind": "platform", "value": canon, "role": None, "label": None,
                            "text": alias})
                break
    return out


UNDECLARED = re.compile(
    r"\d{1,3}(?:,\d{3})+|\d+\.\d{2}(?![\d%])|[¥￥$]\s*\d|\d+(?:\.\d+)?\s*[元块圆]"
    r"|\d{1,2}[:：]\d{2}|\d{1,2}月\d{1,2}日|\d{4}[-/年.]\d{1,2}|\d{1,2}-\d{1,2}\s+\d"
    r"|\d{5,}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d")


def lint_undeclared(shown: list[str], fields: list[dict]) -> list[str]:
    """Amount-, date- or identifier-like text drawn but not declared as a field.

    The benchmark measures precision and recall against the truth, so a visible number that is
    not in the truth would make a correct reader look wrong. Field texts are cut out of the
    drawn strings; whatever still looks like money, a time or an identifier is reported.
    """
    texts = sorted({f["text"] for f in fields}, key=len, reverse=True)
    left = []
    for s in shown:
        for t in texts:
            s = s.replace(t, "\x00")
        left += [f"{m.group()!r} in {s!r}" for m in UNDECLARED.finditer(s)]
    return left


def finish_fields(sc_shown: list[str], fields: list[dict], cap: dt.datetime | None,
                  allow: tuple[str, ...] = ()) -> list[dict]:
    """Check every field is visible, add platforms, drop repeats of (kind, value, role)."""
    text = "\n".join(sc_shown)
    stray = [x for x in lint_undeclared(sc_shown, fields) if not any(a in x for a in allow)]
    if stray:
        raise AssertionError("drawn but not in the truth: " + "; ".join(stray))
    for f in fields:
        if f["text"] not in text:
            raise AssertionError(f"field not drawn: {f}")
        if f.get("resolved"):
            if cap is None:
                raise AssertionError(f"{f['text']!r} needs a capture time to resolve")
            when = dt.date.fromisoformat(f["value"][:10])
            if not (cap.date() - dt.timedelta(days=366) < when <= cap.date() + dt.timedelta(days=1)
                    or f.get("role") == "due"):
                raise AssertionError(f"{f} does not resolve near {cap}")
    seen, out = set(), []
    for f in fields + platform_fields(sc_shown):
        key = (f["kind"], f["value"], f["role"])
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def write_truth(path: Path, truth: dict) -> None:
    Path(str(path) + ".json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")


# ------------------------------------------------------------------------------- the driver

class Spec:
    """One sample: how to draw it, what file name and metadata claim its capture time."""

    def __init__(self, key: str, layout: str, lang: str, make, kw: dict, *, style: str,
                 cap: dt.datetime | None, ext: str, app: str | None = None, seq: int | None = None,
                 meta: str | None = None, quality: int = 80, colors: int | None = None,
                 mismatch: bool = False, name: str | None = None, post=None,
                 allow: tuple[str, ...] = ()) -> None:
        self.key, self.layout, self.lang, self.make, self.kw = key, layout, lang, make, kw
        self.post, self.allow = post, allow
        self.style, self.cap, self.ext, self.app, self.seq = style, cap, ext, app, seq
        self.meta, self.quality, self.colors, self.mismatch = meta, quality, colors, mismatch
        self.name = name


def claim(spec: Spec, rng: random.Random):
    """(file name, captured_at, source, exif bytes, png text) for a spec."""
    cap = spec.cap
    ms = rng.randrange(1000)
    name = file_name(spec.style, cap, spec.ext, app=spec.app, seq=spec.seq, ms=ms, name=spec.name)
    exif = png_text = None
    source = None if cap is None or spec.style in ("ios", "plain") else "filename"
    if spec.meta == "exif" or spec.style in ("camera", "pxl", "wx_camera"):
        exif = exif_bytes(cap, *(("Xiaomi", "Redmi K60") if spec.style != "ios" else ()),
                          software="17.4" if spec.style == "ios" else None)
        source = "exif"
    elif spec.meta == "png-rfc":
        png_text = {"Creation Time": cap.replace(tzinfo=TZ8).strftime("%a, %d %b %Y %H:%M:%S %z")}
        source = "png-text"
    elif spec.meta == "png-exif":
        png_text = {"Creation Time": cap.strftime("%Y:%m:%d %H:%M:%S")}
        source = "png-text"
    if source is None:
        cap = None
    return name, cap, source, exif, png_text


def clean(folder: Path) -> None:
    """Remove what an earlier run wrote: every file that has a truth file beside it."""
    for truth in folder.glob("*.json"):
        sample = truth.with_suffix("")
        if sample.exists():
            sample.unlink()
        truth.unlink()


def render(spec: Spec, folder: Path, registry: dict) -> dict:
    rng = random.Random(f"{SEED}:{spec.key}")
    name, cap, source, exif, png_text = claim(spec, rng)
    try:
        sc = spec.make(rng, cap or spec.cap or D(2024, 3, 15, 14, 23), **spec.kw)
        fields = finish_fields(sc.shown, sc.fields, cap, spec.allow)
    except (ValueError, AssertionError) as exc:
        raise SystemExit(f"sample {spec.key}: {exc}") from exc
    truth = {"layout": spec.layout, "lang": spec.lang, "degraded": None,
             "captured_at": iso(cap) if cap else None, "captured_at_source": source,
             "app": app_of(spec.style, spec.app), "fields": fields,
             "cross_check_mismatch": spec.mismatch}
    path = folder / name
    img = spec.post(sc.img, rng) if spec.post else sc.img
    save_image(img, path, quality=spec.quality, colors=spec.colors, exif=exif, png_text=png_text)
    write_truth(path, truth)
    registry[spec.key] = (sc.img, truth, sc.shown)
    return truth



# ------------------------------------------------------------------------- payment bill pages

ALIPAY_L = {
    "zh-Hans": dict(title="账单详情", ok="交易成功", refund_ok="退款成功", paid="支付时间",
                    created="创建时间", refunded="退款时间", method="付款方式", rmethod="退款方式",
                    item="商品说明", payee="收款方全称", order="订单号", mch="商家订单号",
                    cat="账单分类", tag="标签和备注", add="添加", ask="对此订单有疑问",
                    flow="查看往来流水"),
    "zh-Hant": dict(title="帳單詳情", ok="交易成功", refund_ok="退款成功", paid="付款時間",
                    created="建立時間", refunded="退款時間", method="付款方式", rmethod="退款方式",
                    item="商品說明", payee="收款方全稱", order="訂單號", mch="商家訂單號",
                    cat="帳單分類", tag="標籤和備註", add="新增", ask="對此訂單有疑問",
                    flow="查看往來流水"),
    "en": dict(title="Bill Details", ok="Completed", refund_ok="Refunded", paid="Payment Time",
               created="Created", refunded="Refund Time", method="Payment Method",
               rmethod="Refund To", item="Description", payee="Payee", order="Order No.",
               mch="Merchant Order No.", cat="Category", tag="Tags & Notes", add="Add",
               ask="Questions about this order", flow="View transactions"),
}


def alipay_bill(rng: random.Random, cap: dt.datetime, *, width: int, height: int, lang: str,
                merchant: str, short: str, amount: str, paid_at: dt.datetime, method: str,
                tail: str | None, item: str, trade_no: str, merchant_no: str | None = None,
                refund_at: dt.datetime | None = None, category: str = "日用百货",
                family: str | None = None, num_family: str = "DejaVu Sans",
                logo=("淘", "#FF5000"), ios: bool = False, wrap_ids: bool = False) -> Screen:
    """Alipay 账单详情: headline amount on its own line, then label/value rows."""
    L = ALIPAY_L[lang]
    sc = Screen(width, height, "#FFFFFF", family=family or SANS[lang], lang=lang)
    y = status_bar(sc, cap, fg="#000000", bg="#FFFFFF", ios=ios, battery=rng.randint(20, 99))
    y = nav_bar(sc, y, L["title"], fg="#1A1A1A", bg="#FFFFFF", size=17)
    y += sc.px(22)
    r = sc.px(22)
    sc.d.ellipse((sc.w / 2 - r, y, sc.w / 2 + r, y + 2 * r), fill=logo[1])
    sc.text(sc.w / 2, y + r, logo[0], 18, "#FFFFFF", bold=True, anchor="mm", record=False)
    y += 2 * r + sc.px(10)
    sc.text(sc.w / 2, y, short, 15, "#333333", anchor="ma")
    y += sc.px(30)
    head = yuan(amount, sym="", sign="+" if refund_at else "-")
    sc.text(sc.w / 2, y, head, 34, "#1A1A1A", bold=True, anchor="ma", family=num_family)
    sc.field("amount", money_value(head), "refund" if refund_at else "paid", text=head)
    y += sc.px(50)
    sc.text(sc.w / 2, y, L["refund_ok" if refund_at else "ok"], 14, "#999999", anchor="ma")
    y += sc.px(36)
    sc.rect((sc.px(16), y, sc.w - sc.px(16), y + 1), fill="#EEEEEE")
    y += sc.px(18)
    xl, xv, right = sc.px(16), sc.px(112 if lang == "en" else 100), sc.w - sc.px(16)
    row = dict(x_label=xl, x_value=xv, right=right, size=14, lc="#999999", vc="#333333")
    stamp = f"{paid_at:%Y-%m-%d %H:%M:%S}"
    if refund_at:
        rs = f"{refund_at:%Y-%m-%d %H:%M:%S}"
        y = kv_row(sc, y, L["refunded"], rs, **row)
        sc.field("datetime", iso(refund_at), "refund", label=L["refunded"], text=rs)
        y = kv_row(sc, y, L["created"], stamp, **row)
        sc.field("datetime", iso(paid_at), "order", label=L["created"], text=stamp)
        y = kv_row(sc, y, L["rmethod"], method, **row)
    else:
        y = kv_row(sc, y, L["paid"], stamp, **row)
        sc.field("datetime", iso(paid_at), "payment", label=L["paid"], text=stamp)
        y = kv_row(sc, y, L["method"], method, **row)
    if tail:
        sc.field("bank_card", tail, "tail", label=L["method"], text=tail)
    y = kv_row(sc, y, L["item"], item, **row)
    y = kv_row(sc, y, L["payee"], merchant, **row)
    if wrap_ids:  # a narrow value column: the long numbers break onto a second line
        row = dict(row, right=sc.px(300))
    y = kv_row(sc, y, L["order"], trade_no, **row)
    sc.field("transaction_no", trade_no, None, label=L["order"], text=trade_no)
    if merchant_no:
        y = kv_row(sc, y, L["mch"], merchant_no, **row)
        sc.field("merchant_order_no", merchant_no, None, label=L["mch"], text=merchant_no)
    y += sc.px(8)
    sc.rect((0, y, sc.w, y + sc.px(10)), fill="#F5F5F5")
    y += sc.px(26)
    for label, value in ((L["cat"], category), (L["tag"], L["add"]), (L["ask"], ""),
                         (L["flow"], "")):
        if y + sc.px(40) > sc.h - sc.px(24):
            break  # the page goes on below the screen; these rows carry no fields
        sc.text(xl, y, label, 15, "#333333")
        if value:
            sc.text(right - sc.px(18), y, value, 14, "#999999", anchor="ra")
        chevron_right(sc, right - sc.px(4), y + sc.px(10), "#BBBBBB")
        y += sc.px(48)
    if y > sc.h - sc.px(20):
        raise ValueError("alipay bill does not fit")
    home_indicator(sc, "#1A1A1A")
    return sc


def chevron_right(sc: Screen, x: float, y: float, fg: str, size: float = 5) -> None:
    w = max(1, sc.px(1.5))
    sc.d.line([(x - sc.px(size), y - sc.px(size)), (x, y), (x - sc.px(size), y + sc.px(size))],
              fill=fg, width=w)


WXPAY_L = {
    "zh-Hans": dict(state="当前状态", ok="支付成功", paid="支付时间", item="商品", mch="商户全称",
                    acq="收单机构", acq_v="财付通支付科技有限公司", method="支付方式",
                    txn="交易单号", mno="商户单号", links=["对订单有疑惑", "发起群收款",
                                                    "在此商户的交易"], title="账单详情"),
    "en": dict(state="Status", ok="Payment successful", paid="Payment Time", item="Product",
               mch="Merchant", acq="Acquirer", acq_v="Tenpay Payment Technology Co., Ltd.",
               method="Payment Method", txn="Transaction No.", mno="Merchant Order No.",
               links=["Questions about this order", "Split bill", "Transactions with merchant"],
               title="Transaction Details"),
}


def wechatpay_bill(rng: random.Random, cap: dt.datetime, *, width: int, height: int, lang: str,
                   merchant: str, short: str, amount: str, paid_at: dt.datetime, method: str,
                   tail: str | None, item: str, txn: str, merchant_no: str, dark: bool = False,
                   family: str | None = None, logo=("美", "#FFC300"), ios: bool = False,
                   num_family: str | None = None, refund_at: dt.datetime | None = None) -> Screen:
    """WeChat Pay 账单详情: 交易单号 28 digits with the payment date at chars 11-18."""
    L = WXPAY_L[lang]
    bg, fg, sub, line = ("#191919", "#D7D7D7", "#8A8A8A", "#2A2A2A") if dark else \
        ("#FFFFFF", "#191919", "#888888", "#EDEDED")
    fam = family or SANS["zh-Hans" if lang == "en" else lang]
    sc = Screen(width, height, bg, family=fam, lang=lang, dark=dark)
    y = status_bar(sc, cap, fg=fg, bg=bg, ios=ios, battery=rng.randint(20, 99))
    y = nav_bar(sc, y, L["title"] if lang == "en" else "", fg=fg, bg=bg, size=16)
    y += sc.px(26)
    r = sc.px(24)
    sc.d.ellipse((sc.w / 2 - r, y, sc.w / 2 + r, y + 2 * r), fill=logo[1])
    sc.text(sc.w / 2, y + r, logo[0], 17, "#FFFFFF", bold=True, anchor="mm", record=False)
    y += 2 * r + sc.px(12)
    sc.text(sc.w / 2, y, short, 16, fg, anchor="ma")
    y += sc.px(34)
    head = yuan(amount, sym="", sign="+" if refund_at else "-")
    sc.text(sc.w / 2, y, head, 38, fg, bold=True, anchor="ma", family=num_family or fam)
    sc.field("amount", money_value(head), "refund" if refund_at else "paid", text=head)
    y += sc.px(78)
    xl, xv, right = sc.px(24), sc.px(130 if lang == "en" else 108), sc.w - sc.px(24)
    row = dict(x_label=xl, x_value=xv, right=right, size=14.5, lc=sub, vc=fg, gap=16)
    y = kv_row(sc, y, L["state"], "已全额退款" if refund_at else L["ok"], **row)
    if refund_at:
        rs = cn_date(refund_at)
        y = kv_row(sc, y, "退款时间", rs, **row)
        sc.field("datetime", iso(refund_at), "refund", label="退款时间", text=rs)
    stamp = cn_date(paid_at) if lang != "en" else f"{paid_at:%Y-%m-%d %H:%M:%S}"
    y = kv_row(sc, y, L["paid"], stamp, **row)
    sc.field("datetime", iso(paid_at), "payment", label=L["paid"], text=stamp)
    y = kv_row(sc, y, L["item"], item, **row)
    y = kv_row(sc, y, L["mch"], merchant, **row)
    y = kv_row(sc, y, L["acq"], L["acq_v"], **row)
    y = kv_row(sc, y, L["method"], method, **row)
    if tail:
        sc.field("bank_card", tail, "tail", label=L["method"], text=tail)
    y = kv_row(sc, y, L["txn"], txn, **row)
    sc.field("transaction_no", txn, None, label=L["txn"], text=txn)
    y = kv_row(sc, y, L["mno"], merchant_no, **row)
    sc.field("merchant_order_no", merchant_no, None, label=L["mno"], text=merchant_no)
    y += sc.px(10)
    sc.rect((xl, y, right, y + 1), fill=line)
    y += sc.px(20)
    for label in L["links"]:
        if y + sc.px(40) > sc.h - sc.px(24):
            break
        sc.text(xl, y, label, 15, fg)
        chevron_right(sc, right, y + sc.px(11), sub)
        y += sc.px(50)
    if y > sc.h - sc.px(20):
        raise ValueError("wechat pay bill does not fit")
    home_indicator(sc, fg)
    return sc



# ------------------------------------------------------------------------------- order pages

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


def gradient(sc: Screen, box, c1: str, c2: str) -> None:
    x0, y0, x1, y1 = (int(v) for v in box)
    tile = Image.new("RGB", (2, 1))
    tile.putdata([Image.new("RGB", (1, 1), c1).getpixel((0, 0)),
                  Image.new("RGB", (1, 1), c2).getpixel((0, 0))])
    sc.img.paste(tile.resize((x1 - x0, y1 - y0), Image.BILINEAR), (x0, y0))


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



# ---------------------------------------------------------------------- SMS and courier pages

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



# ------------------------------------------------------------------- degradation and photos

def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination for the 8x8 perspective system (no numpy needed)."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b, strict=True)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def perspective(img: Image.Image, size: tuple[int, int], src: list, dst: list,
                fill=(0, 0, 0)) -> Image.Image:
    """Warp so that the points src (in img) land on dst (in the output)."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return img.transform(size, Image.PERSPECTIVE, solve(a, b), Image.BICUBIC, fillcolor=fill)


def lighting(img: Image.Image, rng: random.Random, strength: float = 0.35) -> Image.Image:
    """Uneven light: a dim corner, a brighter spot, a soft glare band."""
    w, h = img.size
    radial = Image.radial_gradient("L").resize((w * 2, h * 2), Image.BILINEAR)
    cx, cy = rng.randint(w // 4, 3 * w // 4), rng.randint(h // 5, 3 * h // 5)
    shade = radial.crop((w - cx, h - cy, 2 * w - cx, 2 * h - cy))
    lo = int(255 * (1 - strength))
    shade = shade.point(lambda v: 255 - (255 - lo) * v // 255)
    out = ImageChops.multiply(img, Image.merge("RGB", [shade] * 3))
    glare = Image.new("L", (w, h), 0)
    gd = ImageDraw.Draw(glare)
    x = rng.randint(0, w)
    gd.polygon([(x, 0), (x + w // 6, 0), (x - w // 3 + w // 6, h), (x - w // 3, h)], fill=38)
    glare = glare.filter(ImageFilter.GaussianBlur(w // 25))
    return ImageChops.add(out, Image.merge("RGB", [glare] * 3))


def grain(img: Image.Image, sigma: float = 9) -> Image.Image:
    noise = Image.effect_noise(img.size, sigma)
    return Image.blend(img, ImageChops.overlay(img, Image.merge("RGB", [noise] * 3)), 0.35)


def photograph(shot: Image.Image, rng: random.Random, *, size=(1200, 1600), phone: bool = True,
               desk=(92, 74, 60)) -> Image.Image:
    """A phone (or a slip of paper) photographed on a desk: skewed, unevenly lit, noisy."""
    W, H = size
    sw, sh = shot.size
    scale = min(W * 0.74 / sw, H * 0.84 / sh)
    scr = shot.convert("RGB").resize((int(sw * scale), int(sh * scale)), Image.LANCZOS)
    if phone:
        bez = max(8, int(scr.width * 0.04))
        body = Image.new("RGB", (scr.width + 2 * bez, scr.height + 3 * bez), (16, 16, 18))
        body.paste(scr, (bez, int(bez * 1.5)))
        radius = bez * 3
    else:
        body, radius = scr, 2
    mask = Image.new("L", body.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, body.width - 1, body.height - 1), radius, fill=255)
    tile = Image.new("RGB", (2, 2))
    d2 = tuple(max(0, c - 35) for c in desk)
    tile.putdata([desk, d2, d2, desk])
    bg = tile.resize((W, H), Image.BILINEAR)
    ox, oy = (W - body.width) // 2, (H - body.height) // 2
    shadow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shadow).rounded_rectangle((ox + 14, oy + 18, ox + body.width + 14,
                                              oy + body.height + 18), radius, fill=150)
    bg.paste((10, 10, 10), (0, 0), shadow.filter(ImageFilter.GaussianBlur(18)))
    bg.paste(body, (ox, oy), mask)
    j = lambda: rng.uniform(-0.045, 0.045) * W  # noqa: E731 - a small jitter
    src = [(0, 0), (W, 0), (W, H), (0, H)]
    dst = [(j(), j()), (W + j(), j()), (W + j(), H + j()), (j(), H + j())]
    warped = perspective(bg, (W, H), src, dst, fill=desk)
    lit = lighting(warped, rng)
    return grain(lit.filter(ImageFilter.GaussianBlur(0.7)))


def degrade(img: Image.Image, steps: list[tuple], rng: random.Random) -> Image.Image:
    for kind, arg in steps:
        if kind == "scale":
            img = img.resize((round(img.width * arg), round(img.height * arg)), Image.LANCZOS)
        elif kind == "blur":
            img = img.filter(ImageFilter.GaussianBlur(arg))
        elif kind == "rotate":
            edge = img.convert("RGB").getpixel((2, img.height - 2))
            img = img.convert("RGB").rotate(arg, Image.BICUBIC, expand=True, fillcolor=edge)
        elif kind == "photo":
            img = photograph(img, rng, **arg)
        elif kind != "jpeg":
            raise ValueError(kind)
    return img


def describe(steps: list[tuple]) -> str:
    words = {"scale": lambda a: f"downscaled to {round(a * 100)}%",
             "blur": lambda a: f"gaussian blur r={a}",
             "rotate": lambda a: f"rotated {a}°",
             "photo": lambda a: "photographed screen (skew, uneven light, noise)",
             "jpeg": lambda a: f"JPEG q{a}"}
    return ", ".join(words[k](a) for k, a in steps)


class Copy:
    """A degraded copy of a sample, as re-sent through a chat app or photographed."""

    def __init__(self, key: str, src: str, steps: list[tuple], *, style: str, cap: dt.datetime,
                 ext: str = "jpg", app: str | None = None) -> None:
        self.key, self.src, self.steps, self.style, self.cap = key, src, steps, style, cap
        self.ext, self.app = ext, app


def render_copy(c: Copy, folder: Path, registry: dict) -> dict:
    rng = random.Random(f"{SEED}:{c.key}")
    img, src_truth, _ = registry[c.src]
    truth = copy.deepcopy(src_truth)
    spec = Spec(c.key, truth["layout"], truth["lang"], None, {}, style=c.style, cap=c.cap,
                ext=c.ext, app=c.app)
    name, cap, source, exif, png_text = claim(spec, rng)
    if any(f.get("resolved") for f in truth["fields"]):
        old = dt.datetime.fromisoformat(src_truth["captured_at"])
        if cap is None or cap.date() != old.date():
            raise SystemExit(f"copy {c.key}: relative dates on the page need the same capture day")
    out = degrade(img, c.steps, rng)
    quality = dict(c.steps).get("jpeg", 82)
    truth.update(degraded=describe(c.steps), captured_at=iso(cap) if cap else None,
                 captured_at_source=source, app=app_of(c.style, c.app))
    path = folder / name
    save_image(out, path, quality=quality, exif=exif, png_text=png_text)
    write_truth(path, truth)
    return truth


def COPIES() -> list[Copy]:  # noqa: N802
    return [
        Copy("d-chat-jd", "chat-jd", [("scale", 2 / 3), ("jpeg", 45)], style="mmexport",
             cap=D(2024, 3, 18, 9, 50, 12)),
        Copy("d-alipay", "alipay-taobao", [("jpeg", 28)], style="wxpc", cap=D(2024, 3, 19, 8, 2, 40)),
        Copy("d-wxpay-dark", "wxpay-pdd-dark", [("scale", 0.5), ("jpeg", 70)], style="qq",
             cap=D(2024, 3, 28, 14, 0, 5)),
        Copy("d-taobao-blur", "taobao-order", [("blur", 1.6), ("jpeg", 75)], style="mmexport",
             cap=D(2024, 4, 15, 9, 30, 0)),
        Copy("d-pdd-rot", "pdd-order", [("rotate", 2.0), ("jpeg", 72)], style="mmexport",
             cap=D(2024, 3, 28, 12, 1, 33)),
        Copy("d-chat-tmall-photo", "chat-tmall-dark", [("photo", {}), ("jpeg", 80)],
             style="camera", cap=D(2024, 4, 8, 20, 31, 2)),
        Copy("d-jd-photo", "jd-order", [("photo", dict(desk=(120, 120, 118))), ("jpeg", 78)],
             style="wx_camera", cap=D(2024, 3, 18, 11, 2, 40)),
        Copy("d-sms-photo", "sms-cmb", [("photo", dict(desk=(70, 62, 58))), ("jpeg", 80)],
             style="pxl", cap=D(2024, 3, 20, 16, 30, 9)),
        Copy("d-loan-resend", "loan-detail", [("scale", 0.6), ("jpeg", 50)], style="mmexport",
             cap=D(2024, 3, 16, 10, 0, 1)),
        Copy("d-alipay-jd-blur", "alipay-jd-mismatch", [("blur", 1.0), ("jpeg", 60)], style="wxpc",
             cap=D(2024, 3, 16, 12, 44, 18)),
        Copy("d-courier-rot", "courier-sf", [("rotate", -1.5), ("jpeg", 70)], style="mmexport",
             cap=D(2024, 3, 14, 21, 3, 55)),
        Copy("d-chat-hant-small", "chat-hant", [("scale", 0.5), ("jpeg", 80)], style="wxpc",
             cap=D(2024, 6, 12, 16, 8, 27)),
        Copy("d-wxpay-en-q", "wxpay-en", [("jpeg", 25)], style="mmexport",
             cap=D(2024, 7, 3, 9, 15, 0)),
        Copy("d-loan-photo", "loan-overdue", [("photo", dict(desk=(150, 140, 125))), ("jpeg", 82)],
             style="camera", cap=D(2024, 6, 20, 19, 30, 45)),
        Copy("d-meituan-rotblur", "meituan-order", [("rotate", 3.0), ("blur", 0.8), ("jpeg", 65)],
             style="mmexport", cap=D(2024, 3, 15, 13, 10, 6)),
        Copy("d-chat-en-blur", "chat-en", [("scale", 0.75), ("blur", 1.2), ("jpeg", 70)],
             style="wxpc", cap=D(2024, 7, 2, 21, 0, 31)),
    ]



# ------------------------------------------------------------------- paper: receipts and PDFs

def paper_slip(rng: random.Random, cap: dt.datetime, *, width: int, lang: str,
               lines: list[tuple], family: str | None = None) -> Screen:
    """A thermal-paper slip: ("c", text) centred, ("l", text) left, ("lr", left, right),
    ("rule",) a dashed rule; text may carry {kind:role=text|value} marks."""
    step = 24
    height = int(sum(step * (0.6 if ln[0] == "rule" else 1) for ln in lines) * width / 360) + 120
    sc = Screen(width, height, "#F7F5EE", family=family or MONO[lang], lang=lang)
    y = sc.px(20)
    for ln in lines:
        kind = ln[0]
        if kind == "rule":
            x = sc.px(12)
            while x < sc.w - sc.px(12):
                sc.d.line([(x, y + sc.px(7)), (x + sc.px(5), y + sc.px(7))], fill="#555555",
                          width=max(1, sc.px(0.8)))
                x += sc.px(9)
            y += sc.px(step * 0.6)
            continue
        size = ln[2] if kind == "c" and len(ln) > 2 else 13
        if kind == "c":
            text = sc.marked(ln[1], cap)
            sc.text(sc.w / 2, y, text, size, "#2B2B2B", anchor="ma", bold=size > 14)
        elif kind == "l":
            sc.text(sc.px(14), y, sc.marked(ln[1], cap), 13, "#2B2B2B")
        elif kind == "lr":
            sc.text(sc.px(14), y, sc.marked(ln[1], cap), 13, "#2B2B2B")
            sc.text(sc.w - sc.px(14), y, sc.marked(ln[2], cap), 13, "#2B2B2B", anchor="ra")
        y += sc.px(step * (size / 13 if kind == "c" else 1))
    sc.img = sc.img.crop((0, 0, sc.w, min(sc.h, int(y + sc.px(24)))))
    return sc


def photo_of_paper(img: Image.Image, rng: random.Random) -> Image.Image:
    return photograph(img, rng, size=(1512, 2016), phone=False, desk=(104, 82, 64))


def RECEIPTS() -> list[Spec]:  # noqa: N802
    shop = [
        ("c", "永辉超市", 18), ("c", "杭州文三路店 欢迎光临"), ("rule",),
        ("l", "流水号：{serial_no=2024031514230788}"), ("lr", "收银员：王丽", "机号：03"),
        ("l", "日期：{datetime:payment=2024-03-15 14:23:07|2024-03-15T14:23:07}"), ("rule",),
        ("lr", "商品名称  数量", "金额"),
        ("lr", "金龙鱼大米5kg   1", "{amount=45.90}"),
        ("lr", "伊利纯牛奶250ml*16  1", "{amount=59.90}"),
        ("lr", "农夫山泉550ml   2", "{amount=3.00}"),
        ("lr", "云南小粒咖啡豆   1", "{amount=39.00}"), ("rule",),
        ("lr", "合计：", "{amount:total=147.80}"), ("lr", "会员优惠：", "-{amount:discount=5.00}"),
        ("lr", "实收(微信支付)：", "{amount:paid=142.80}"), ("rule",),
        ("c", "退换货请凭此小票在七天内办理"), ("c", "谢谢惠顾，欢迎再次光临"),
    ]
    pos = [
        ("c", "中国银联 签购单", 17), ("c", "POS SALES SLIP"), ("rule",),
        ("l", "商户名称(MERCHANT NAME)："), ("l", "  杭州森屿电器商行"),
        ("l", "卡号(CARD NO)："), ("l", "  622588******{bank_card:tail=1234}"),
        ("l", "交易类型(TRANS TYPE)：消费/SALE"),
        ("l", "凭证号(VOUCHER NO)：{serial_no=000356}"),
        ("l", "参考号(REFER NO)：{serial_no=240315142307}"),
        ("l", "日期/时间(DATE/TIME)："),
        ("l", "  {datetime:payment=2024/03/15 14:23:07|2024-03-15T14:23:07}"),
        ("l", "金额(AMOUNT)：{amount:paid=RMB 1,280.00}"), ("rule",),
        ("l", "持卡人签名(CARDHOLDER SIGNATURE)："), ("l", " "), ("l", " "), ("rule",),
        ("c", "本人确认以上交易，同意将其记入本卡账户"), ("c", "商户存根 MERCHANT COPY"),
    ]
    return [
        Spec("heic-shop", "receipt", "zh-Hans", paper_slip, dict(width=620, lang="zh-Hans",
             lines=shop), style="ios", seq=4301, meta="exif", cap=D(2024, 3, 15, 14, 25, 31),
             ext="heic", quality=45, post=photo_of_paper),
        Spec("heic-pos", "receipt", "zh-Hans", paper_slip, dict(width=600, lang="zh-Hans",
             lines=pos), style="ios", seq=4302, meta="exif", cap=D(2024, 3, 15, 14, 26, 2),
             ext="heic", quality=45, post=photo_of_paper, allow=("622588",)),
    ]


class Record:
    """Shown strings and fields of a page drawn by something other than a Screen."""

    field = Screen.field

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.fields: list[dict] = []


def pdf_stamp(c, x: float, y: float, r: float, top: str, bottom: str) -> None:
    c.saveState()
    c.setStrokeColorRGB(0.85, 0.1, 0.1)
    c.setFillColorRGB(0.85, 0.1, 0.1)
    c.setLineWidth(2)
    c.circle(x, y, r)
    c.setFont("STSong-Light", min(8.0, 1.5 * r / len(top)))  # the name fits inside the ring
    c.drawCentredString(x, y + r * 0.35, top)
    c.setFont("STSong-Light", 8)
    c.drawCentredString(x, y - r * 0.15, "★")
    c.drawCentredString(x, y - r * 0.55, bottom)
    c.restoreState()


def text_pdf(path: Path, when: dt.datetime, title: str, draw) -> Record:
    """A PDF with a real text layer (reportlab, the built-in CID font STSong-Light)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = rl_canvas.Canvas(str(path), pagesize=A4, invariant=1)
    ts = c._doc._timeStamp  # the document date is the receipt's issue time, not today
    ts.YMDhms, ts.dhh, ts.dmm = (when.year, when.month, when.day, when.hour, when.minute,
                                 when.second), 8, 0
    c.setTitle(title)
    c.setCreator("evidence-vault samples")
    rec = Record()

    def put(x: float, y: float, s: str, size: float = 10, at: dt.datetime | None = None,
            center: bool = False) -> None:
        s = Screen.marked(rec, s, at)
        c.setFont("STSong-Light", size)
        (c.drawCentredString if center else c.drawString)(x, y, s)
        rec.shown.append(s)

    draw(c, put)
    c.showPage()
    c.save()
    return rec


def spaced(card: str) -> str:
    return " ".join(card[i:i + 4] for i in range(0, len(card), 4))


def bank_receipt_pdf(c, put, payer: str, payee: str) -> None:
    w, h = A4
    top = h - 70
    put(w / 2, top, "招商银行个人账户交易回单", 16, center=True)
    put(w / 2, top - 20, "CHINA MERCHANTS BANK  电子回单", 9, center=True)
    put(60, top - 48, "回单编号：{serial_no=HD2024031514230700128}")
    put(330, top - 48, "生成时间：{datetime:issue=2024-03-16 09:20:11|2024-03-16T09:20:11}")
    c.setLineWidth(0.8)
    rows = [
        ("付款人户名", "张明", "收款人户名", "李建国"),
        ("付款人账号", f"{{bank_card:payer={spaced(payer)}|{payer}}}", "收款人账号",
         f"{{bank_card:payee={spaced(payee)}|{payee}}}"),
        ("付款行", "招商银行杭州分行营业部", "收款行", "中国建设银行北京望京支行"),
        ("交易金额(小写)", "{amount:paid=¥1,280.00}", "交易金额(大写)", "人民币壹仟贰佰捌拾元整"),
        ("交易时间", "{datetime:payment=2024-03-15 14:23:07|2024-03-15T14:23:07}", "摘要", "转账"),
        ("交易流水号", "{serial_no=F2403151423070049721}", "附言", "货款"),
    ]
    y0 = top - 70
    rh = 30
    x = [50, 130, 300, 385, w - 50]
    for i, (a, b, cc, d) in enumerate(rows):
        y = y0 - i * rh
        c.line(x[0], y, x[4], y)
        put(x[0] + 6, y - 19, a, 9)
        put(x[1] + 6, y - 19, b, 9)
        put(x[2] + 6, y - 19, cc, 9)
        put(x[3] + 6, y - 19, d, 9)
    yb = y0 - len(rows) * rh
    c.line(x[0], yb, x[4], yb)
    for xx in x:
        c.line(xx, y0, xx, yb)
    put(60, yb - 24, "温馨提示：本回单为电子回单，可通过招商银行官网验证真伪，重复打印无效。", 8.5)
    put(60, yb - 40, "验证码：7QK2 M9XD 4PLA", 8.5)
    pdf_stamp(c, w - 120, yb - 80, 42, "招商银行杭州分行", "电子回单专用章")


def invoice_pdf(c, put, seller_code: str) -> None:
    w, h = A4
    top = h - 60
    c.setStrokeColorRGB(0.55, 0.25, 0.1)
    put(w / 2, top, "电子发票（普通发票）", 18, center=True)
    put(380, top - 30, "发票号码：{serial_no=24332000000041305872}", 9)
    put(380, top - 46, "开票日期：{date:issue=2024年04月13日|2024-04-13}", 9)
    c.rect(40, top - 400, w - 80, 340)
    c.line(40, top - 150, w - 40, top - 150)
    c.line(w / 2, top - 60, w / 2, top - 150)
    put(50, top - 80, "购买方信息", 9)
    put(50, top - 100, "名称：李静", 9)
    put(50, top - 118, "统一社会信用代码/纳税人识别号：", 9)
    put(w / 2 + 10, top - 80, "销售方信息", 9)
    put(w / 2 + 10, top - 100, "名称：杭州北境户外用品有限公司", 9)
    put(w / 2 + 10, top - 118, "统一社会信用代码/纳税人识别号：", 9)
    put(w / 2 + 10, top - 134, "{credit_code=" + seller_code + "}", 9)
    cols = [50, 210, 270, 300, 330, 390, 450, 490]
    heads = ["项目名称", "规格型号", "单位", "数量", "单价", "金额", "税率", "税额"]
    for x, t in zip(cols, heads, strict=True):
        put(x, top - 170, t, 8.5)
    vals = ["*服装*北境冲锋衣三合一", "L", "件", "1", "{amount=1132.74}", "1132.74", "13%",
            "{amount:tax=147.26}"]
    for x, t in zip(cols, vals, strict=True):
        put(x, top - 190, t, 8.5)
    put(50, top - 300, "合计", 9)
    put(390, top - 300, "¥1132.74", 9)
    put(490, top - 300, "¥147.26", 9)
    c.line(40, top - 315, w - 40, top - 315)
    put(50, top - 340, "价税合计（大写）  ⊗壹仟贰佰捌拾圆整", 9)
    put(390, top - 340, "（小写）{amount:total=¥1280.00}", 9)
    put(50, top - 425, "开票人：王芳", 9)
    pdf_stamp(c, w - 130, top - 470, 40, "杭州北境户外用品有限公司", "发票专用章")


def contract_scan(rng: random.Random, cap: dt.datetime, *, ids: dict) -> Screen:
    """Page 1 of a loan contract, drawn on A4 at 150 dpi for the image-only "scanned" PDF."""
    sc = Screen(1240, 1754, "#FFFFFF", family=SERIF["zh-Hans"], lang="zh-Hans")
    sc.s = 1240 / 595  # draw in PDF points
    x, y = sc.px(70), sc.px(70)
    sc.text(sc.w / 2, y, "借款合同", 20, "#111111", bold=True, anchor="ma")
    y += sc.px(40)
    sc.text(sc.w - sc.px(70), y, sc.marked(f"合同编号：{{contract_no={ids['contract']}}}"), 10.5,
            "#111111", anchor="ra")
    y += sc.px(30)
    body = [
        "甲方（出借人）：重庆分期乐小额贷款有限公司",
        f"统一社会信用代码：{{credit_code={ids['uscc']}}}",
        "乙方（借款人）：周明",
        f"身份证号码：{{id_card={ids['id']}}}",
        f"联系电话：{{phone={ids['phone']}}}",
        f"收款账户：中国工商银行 {{bank_card={ids['card_shown']}|{ids['card']}}}",
        "",
        "第一条 借款金额",
        "乙方向甲方借款人民币（大写）壹万元整，（小写）{amount:principal=¥10,000.00}。",
        "第二条 借款期限",
        "借款期限为12个月，自{date:loan=2024年1月15日|2024-01-15}起至"
        "{date:due=2025年1月15日|2025-01-15}止。",
        "第三条 利率与费用",
        "借款年化利率（单利）为24%。乙方同意甲方在放款时一次性收取平台服务费",
        "{amount:fee=¥800.00}，实际到账金额为{amount:disbursed=¥9,200.00}。",
        "第四条 还款方式",
        "乙方按月等额本息还款，每月15日为还款日，每期应还{amount:due=¥1,021.35}。",
        "第五条 逾期责任",
        "乙方未按期足额还款的，应按逾期本金每日万分之五支付罚息。",
        "",
        "甲方（盖章）：                        乙方（签字）：周明",
        "", "", "",
        "签署日期：{date:sign=2024年01月15日|2024-01-15}",
    ]
    seal_y = 0
    for line in body:
        if line:
            if line.startswith("甲方（盖章）"):
                seal_y = y + sc.px(8)
            h = sc.para(x, y, sc.marked(line), 10.5, "#161616", sc.w - 2 * x, lh=1.9)
        else:
            h = sc.px(12)
        y += h
    # the lender's seal over 甲方（盖章）, clear of the signing date below
    cx, cy, r = sc.px(170), seal_y, sc.px(40)
    sc.d.ellipse((cx - r, cy - r, cx + r, cy + r), outline="#CC2A2A", width=sc.px(2.2))
    sc.text(cx, cy - sc.px(14), "分期乐小额贷款", 8.5, "#CC2A2A", anchor="mm", record=False)
    sc.text(cx, cy + sc.px(6), "★", 14, "#CC2A2A", anchor="mm", record=False)
    sc.text(cx, cy + sc.px(26), "合同专用章", 8.5, "#CC2A2A", anchor="mm", record=False)
    sc.text(sc.w / 2, sc.h - sc.px(40), "第 1 页 共 4 页", 9, "#333333", anchor="ma",
            record=False)
    return sc


def scan_look(img: Image.Image, rng: random.Random) -> Image.Image:
    g = img.convert("L")
    g = g.rotate(rng.uniform(-0.8, 0.8), Image.BICUBIC, expand=False, fillcolor=255)
    tone = Image.linear_gradient("L").rotate(90).resize(g.size).point(lambda v: 235 + v * 20 // 255)
    g = ImageChops.multiply(g, tone)
    g = Image.blend(g, ImageChops.multiply(g, Image.effect_noise(g.size, 22).point(
        lambda v: min(255, 200 + v // 4))), 0.5)
    return g.filter(ImageFilter.GaussianBlur(0.6))


def luhn_ending(rng: random.Random, prefix: str, length: int, ending: str) -> str:
    while True:
        card = luhn_card(rng, prefix, length)
        if card.endswith(ending):
            return card


def render_pdfs(folder: Path) -> list[dict]:
    out = []
    rng = random.Random(f"{SEED}:pdfs")
    jobs = [
        ("电子回单_招商银行_20240315.pdf", "bank-receipt-pdf", D(2024, 3, 16, 9, 20, 11),
         "招商银行个人账户交易回单",
         lambda c, put: bank_receipt_pdf(c, put, luhn_card(rng, "622588", 16),
                                         luhn_card(rng, "621700", 19))),
        ("dzfp_24332000000041305872_杭州北境户外用品有限公司_20240413101500.pdf", "e-invoice-pdf",
         D(2024, 4, 13, 10, 15, 0), "电子发票",
         lambda c, put: invoice_pdf(c, put, credit_code(rng, "330106"))),
    ]
    for name, layout, when, title, draw in jobs:
        path = folder / name
        rec = text_pdf(path, when, title, draw)
        fields = finish_fields(rec.shown, rec.fields, when)
        truth = {"layout": layout, "lang": "zh-Hans", "degraded": None, "captured_at": iso(when),
                 "captured_at_source": "pdf-meta", "app": None, "fields": fields,
                 "cross_check_mismatch": False}
        write_truth(path, truth)
        out.append(truth)
    card = luhn_ending(rng, "622202", 19, "5678")
    ids = {"contract": "FQL2024011500917342", "uscc": credit_code(rng, "500112"),
           "id": id_card(rng, "330106", dt.date(1992, 7, 9)), "phone": mobile(rng),
           "card": card, "card_shown": spaced(card)}
    sc = contract_scan(rng, D(2024, 1, 15), ids=ids)
    when = D(2024, 3, 22, 16, 40, 12)  # when the paper contract was scanned
    fields = finish_fields(sc.shown, sc.fields, when)
    path = folder / "借款合同_扫描件.pdf"
    scan_look(sc.img, rng).save(path, "PDF", resolution=150.0, quality=45, title="扫描件",
                                creationDate=(when - dt.timedelta(hours=8)).timetuple(),
                                modDate=(when - dt.timedelta(hours=8)).timetuple())
    truth = {"layout": "loan-contract-scan", "lang": "zh-Hans", "degraded": "scanned (image only)",
             "captured_at": iso(when), "captured_at_source": "pdf-meta", "app": None,
             "fields": fields, "cross_check_mismatch": False}
    write_truth(path, truth)
    out.append(truth)
    return out


# ----------------------------------------------------------------------------- the catalogue

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
        ("me", "合同里写的年化利率是24%，加上服务费已经超过了"),
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


def BILLS() -> list[Spec]:  # noqa: N802
    r = random.Random(f"{SEED}:bills")
    out = []
    add = out.append
    add(Spec("alipay-taobao", "alipay-bill", "zh-Hans", alipay_bill, dict(
        width=1080, height=2400, lang="zh-Hans", merchant="杭州森屿数码科技有限公司",
        short="森屿数码旗舰店", amount="899.00", paid_at=D(2024, 3, 10, 20, 41, 17),
        method="招商银行信用卡(4471)", tail="4471", item="森屿 无线蓝牙耳机 主动降噪版",
        trade_no="2024031022001456781234567890", merchant_no="T200P2959141472239543560"),
        style="miui", cap=D(2024, 3, 18, 21, 20, 3), ext="jpg", app="com.eg.android.AlipayGphone",
        quality=70))
    add(Spec("alipay-refund", "alipay-bill", "zh-Hans", alipay_bill, dict(
        width=1080, height=2340, lang="zh-Hans", merchant="杭州森屿数码科技有限公司",
        short="森屿数码旗舰店", amount="899.00", paid_at=D(2024, 3, 10, 20, 41, 17),
        refund_at=D(2024, 3, 18, 16, 5, 44), method="退回招商银行信用卡(4471)", tail="4471",
        item="退款-森屿 无线蓝牙耳机 主动降噪版", trade_no="2024031022001456781234567890",
        merchant_no="T200P2959141472239543560", num_family="Noto Sans CJK SC"),
        style="aosp", cap=D(2024, 3, 19, 8, 15, 26), ext="png", colors=48))
    add(Spec("alipay-jd-mismatch", "alipay-bill", "zh-Hans", alipay_bill, dict(
        width=1080, height=2340, lang="zh-Hans", merchant="北京京东世纪贸易有限公司",
        short="京东商城平台商户", amount="1280.00", paid_at=D(2024, 3, 15, 14, 23, 7),
        method="余额宝", tail=None, item="京东订单-260318751676",
        trade_no=alipay_trade(r, dt.date(2024, 3, 11), "2100"), merchant_no="260318751676",
        logo=("JD", "#E2231A"), category="数码电器"),
        style="samsung", cap=D(2024, 3, 16, 10, 2, 55), ext="jpg", app="Alipay", quality=70,
        mismatch=True))
    add(Spec("alipay-hant", "alipay-bill", "zh-Hant", alipay_bill, dict(
        width=828, height=1792, lang="zh-Hant", merchant="淘寶（中國）軟件有限公司",
        short="淘寶", amount="1280.00", paid_at=D(2024, 6, 10, 21, 7, 45),
        method="招商銀行信用卡(8820)", tail="8820", item="手機殼 透明防摔 iPhone 15",
        trade_no=alipay_trade(r, dt.date(2024, 6, 10)), merchant_no="T200P1879302651147025418",
        category="數碼配件", ios=True),
        style="ios", seq=5102, meta="png-exif", cap=D(2024, 6, 12, 15, 52, 19), ext="png",
        colors=48))
    add(Spec("alipay-en", "alipay-bill", "en", alipay_bill, dict(
        width=1080, height=2340, lang="en", merchant="Zhejiang Tmall Technology Co., Ltd.",
        short="Tmall Store", amount="329.00", paid_at=D(2024, 3, 28, 10, 15, 22),
        method="China Merchants Bank Credit Card(4471)", tail="4471",
        item="Ceramic mug set of 4", trade_no=alipay_trade(r, dt.date(2024, 3, 28)),
        merchant_no="T200P3817720946135580214", logo=("T", "#FF0036"), category="Home"),
        style="aosp", cap=D(2024, 4, 2, 9, 48, 10), ext="png", colors=48))
    add(Spec("alipay-wrapped", "alipay-bill", "zh-Hans", alipay_bill, dict(
        width=720, height=1600, lang="zh-Hans", merchant="上海寻梦信息技术有限公司",
        short="拼多多平台商户", amount="1499.00", paid_at=D(2024, 5, 18, 9, 3, 51),
        method="花呗分期", tail=None, item="拼多多订单", wrap_ids=True,
        trade_no=alipay_trade(r, dt.date(2024, 5, 18)),
        merchant_no="XP" + "240518662014738905127", logo=("拼", "#E02E24"),
        family=SERIF["zh-Hans"], category="数码电器"),
        style="huawei", cap=D(2024, 5, 27, 11, 20, 8), ext="jpg",
        app="com.eg.android.AlipayGphone", quality=78))
    add(Spec("wxpay-meituan", "wechatpay-bill", "zh-Hans", wechatpay_bill, dict(
        width=720, height=1560, lang="zh-Hans", merchant="北京三快在线科技有限公司",
        short="美团", amount="46.80", paid_at=D(2024, 3, 15, 12, 5, 33), method="零钱",
        tail=None, item="美团外卖订单", txn=wechat_txn(r, dt.date(2024, 3, 15)),
        merchant_no="13" + digits(r, 20, "0123456789")),
        style="huawei", cap=D(2024, 3, 15, 12, 10, 2), ext="jpg", app="com.tencent.mm",
        quality=78))
    add(Spec("wxpay-pdd-dark", "wechatpay-bill-dark", "zh-Hans", wechatpay_bill, dict(
        width=1080, height=2400, lang="zh-Hans", merchant="上海寻梦信息技术有限公司",
        short="拼多多平台商户", amount="86.90", paid_at=D(2024, 3, 15, 14, 20, 45),
        method="招商银行信用卡(1234)", tail="1234", item="拼多多订单",
        txn=wechat_txn(r, dt.date(2024, 3, 15)), merchant_no="XP0024031514203583920174623581",
        dark=True, logo=("拼", "#E02E24")),
        style="miui", cap=D(2024, 3, 28, 11, 35, 12), ext="jpg", app="com.tencent.mm",
        quality=70))
    add(Spec("wxpay-vip", "wechatpay-bill", "zh-Hans", wechatpay_bill, dict(
        width=1080, height=2340, lang="zh-Hans", merchant="深圳市腾讯计算机系统有限公司",
        short="会员服务中心", amount="258.00", paid_at=D(2024, 3, 15, 15, 2, 11),
        method="建设银行储蓄卡(0392)", tail="0392", item="年度会员自动续费",
        txn="4200002157202403150372811946", merchant_no="VIP20240315150211889302",
        logo=("V", "#00BE06"), ios=True, num_family="DejaVu Sans"),
        style="ios", seq=4240, meta="png-rfc", cap=D(2024, 3, 15, 15, 4, 40), ext="png",
        colors=48))
    add(Spec("wxpay-jd-mismatch", "wechatpay-bill", "zh-Hans", wechatpay_bill, dict(
        width=1080, height=2340, lang="zh-Hans", merchant="北京京东世纪贸易有限公司",
        short="京东", amount="1280.00", paid_at=D(2024, 3, 15, 14, 23, 7),
        method="招商银行信用卡(1234)", tail="1234", item="京东商城订单",
        txn=wechat_txn(r, dt.date(2024, 3, 5)), merchant_no="260318751676",
        logo=("JD", "#E2231A"), family=SERIF["zh-Hans"]),
        style="win", cap=D(2024, 3, 16, 20, 11, 9), ext="png", colors=48, mismatch=True))
    add(Spec("wxpay-en", "wechatpay-bill", "en", wechatpay_bill, dict(
        width=1080, height=2340, lang="en", merchant="Beijing Sankuai Online Technology Co., Ltd.",
        short="Meituan", amount="128.00", paid_at=D(2024, 7, 1, 12, 30, 5),
        method="China Merchants Bank Credit Card(1234)", tail="1234", item="Meituan order",
        txn=wechat_txn(r, dt.date(2024, 7, 1)), merchant_no="MT" + digits(r, 18, "0123456789"),
        family="DejaVu Sans"),
        style="aosp", cap=D(2024, 7, 2, 20, 1, 44), ext="png", colors=48))
    add(Spec("wxpay-refund", "wechatpay-bill", "zh-Hans", wechatpay_bill, dict(
        width=1080, height=2400, lang="zh-Hans", merchant="上海寻梦信息技术有限公司",
        short="拼多多平台商户", amount="86.90", paid_at=D(2024, 3, 15, 14, 20, 45),
        refund_at=D(2024, 3, 27, 18, 2, 31), method="招商银行信用卡(1234)", tail="1234",
        item="拼多多订单退款", txn=wechat_txn(r, dt.date(2024, 3, 15)),
        merchant_no="XP0024031514203583920174623581", logo=("拼", "#E02E24")),
        style="huawei", cap=D(2024, 3, 28, 11, 33, 50), ext="jpg", app="com.tencent.mm",
        quality=70))
    return out


def when(label: str, at: dt.datetime, role: str, fmt: str = "%Y-%m-%d %H:%M:%S") -> tuple:
    return ("kv", label, at.strftime(fmt), ("datetime", iso(at, secs="%S" in fmt), role), None)


def ident(label: str, value: str, kind: str, copy: str | None = None) -> tuple:
    return ("kv", label, value, (kind, value, None), copy)


def plain(label: str, value: str) -> tuple:
    return ("kv", label, value, None, None)


def price(label: str, shown: str, role: str | None, strong: bool = False) -> tuple:
    return ("price", label, shown, role, strong)


def ORDERS() -> list[Spec]:  # noqa: N802
    r = random.Random(f"{SEED}:orders")
    out = []
    add = out.append
    tb1, paid1 = "3519248067731458612", D(2024, 4, 2, 21, 36, 48)
    add(Spec("taobao-order", "taobao-order", "zh-Hans", order_page, dict(
        width=1080, height=2400, lang="zh-Hans", theme="taobao", title="订单详情",
        status="交易成功", sub="感谢您在淘宝购物，欢迎再次光临", buttons=["删除订单", "查看物流", "再买一单"],
        cards=[
            [("address", "李女士", ("138****5678", "138****5678"),
              "浙江省杭州市西湖区文三路 478 号华星时代广场 B 座 1203 室")],
            [("shop", "北境户外官方旗舰店", ("店", "#FF5000")),
             ("product", "北境 冲锋衣 男女款 三合一 防风防水 可拆卸抓绒内胆", "颜色分类：深蓝色；尺码：L",
              "¥1,299.00", "x1", (60, 90, 140)),
             price("商品总价", "¥1,299.00", "total"), price("运费（快递）", "¥0.00", "shipping"),
             price("店铺优惠", "-¥19.00", "discount"), price("实付款", "¥1,280.00", "paid", True)],
            [("title", "订单信息"), ident("订单编号", tb1, "order_no", "复制"),
             ident("支付宝交易号", alipay_trade(r, paid1.date()), "transaction_no"),
             when("创建时间", paid1 - dt.timedelta(seconds=41), "order"),
             when("付款时间", paid1, "payment"),
             when("发货时间", D(2024, 4, 3, 10, 12, 5), "ship"),
             when("成交时间", D(2024, 4, 13, 10, 12, 5), "complete")],
        ]), style="huawei", cap=D(2024, 4, 15, 9, 2, 44), ext="jpg", app="com.taobao.taobao",
        quality=70))
    tm, paid2 = "3817720946135580214", D(2024, 3, 28, 10, 15, 22)
    add(Spec("tmall-order", "taobao-order", "zh-Hans", order_page, dict(
        width=1080, height=2340, lang="zh-Hans", theme="tmall", title="订单详情",
        status="卖家已发货", sub="还剩9天23时自动确认", buttons=["延长收货", "查看物流", "确认收货"],
        family=SERIF["zh-Hans"], cards=[
            [("shop", "森屿家居天猫旗舰店", ("天猫", "#FF0036")),
             ("product", "日式陶瓷马克杯 四只装 礼盒", "颜色：米白", "¥189.00", "x1", (220, 200, 170)),
             ("product", "竹制杯垫 6 片装", "规格：圆形", "¥45.00", "x2", (170, 140, 100)),
             price("商品总价", "¥279.00", "total"), price("运费", "¥6.00", "shipping"),
             price("天猫优惠", "-¥5.00", "discount"), price("实付款", "¥280.00", "paid", True)],
            [("title", "订单信息"), ident("订单编号", tm, "order_no", "复制"),
             ident("支付宝交易号", alipay_trade(r, paid2.date()), "transaction_no"),
             when("创建时间", paid2 - dt.timedelta(seconds=33), "order"),
             when("付款时间", paid2, "payment"), when("发货时间", D(2024, 3, 28, 17, 40, 2), "ship")],
        ]), style="miui", cap=D(2024, 3, 29, 8, 31, 20), ext="jpg", app="com.tmall.wireless",
        quality=70))
    th_no, paid3 = "2271830946512047735", D(2024, 5, 20, 19, 8, 31)
    add(Spec("taobao-order-hant", "taobao-order", "zh-Hant", order_page, dict(
        width=1080, height=2340, lang="zh-Hant", theme="taobao", title="訂單詳情",
        status="交易成功", sub="感謝您在淘寶購物，歡迎再次光臨", buttons=["刪除訂單", "查看物流", "再買一單"],
        cards=[
            [("address", "陳小姐", ("0912****678", None), "台北市大安區忠孝東路四段 216 巷 9 號 3 樓")],
            [("shop", "小森生活館", ("店", "#FF5000")),
             ("product", "北歐風 實木床頭櫃 簡約 收納", "顏色分類：原木色", "¥468.00", "x1", (190, 150, 110)),
             price("商品總價", "¥468.00", "total"), price("運費", "¥35.00", "shipping"),
             price("店鋪優惠", "-¥20.00", "discount"), price("實付款", "¥483.00", "paid", True)],
            [("title", "訂單資訊"), ident("訂單編號", th_no, "order_no", "複製"),
             ident("支付寶交易號", alipay_trade(r, paid3.date()), "transaction_no"),
             when("建立時間", paid3 - dt.timedelta(seconds=52), "order"),
             when("付款時間", paid3, "payment"), when("出貨時間", D(2024, 5, 22, 11, 3, 40), "ship"),
             when("成交時間", D(2024, 6, 1, 11, 3, 40), "complete")],
        ]), style="ios", seq=5187, meta="png-rfc", cap=D(2024, 6, 3, 22, 14, 9), ext="png",
        colors=64))
    add(Spec("taobao-refund", "taobao-refund", "zh-Hans", order_page, dict(
        width=1080, height=2340, lang="zh-Hans", theme="refund", title="退款详情",
        status="退款成功", sub=(cn_date(D(2024, 3, 18, 16, 5), secs=False),
                                ("datetime", "2024-03-18T16:05:00", "refund")),
        buttons=["钱款去向", "联系卖家"], cards=[
            [("big", "退款总金额", "¥899.00", "refund"),
             ("kv", "退回", "招商银行信用卡(4471)", ("bank_card", "4471", "tail"), None)],
            [("title", "退款信息"), plain("退款原因", "质量问题"),
             ("kv", "退款金额", "¥899.00", ("amount", "899.00", "refund"), None),
             plain("申请件数", "1"), when("申请时间", D(2024, 3, 16, 11, 18, 2), "request"),
             when("退款时间", D(2024, 3, 18, 16, 5, 44), "refund"),
             ident("退款编号", "203847561928374650", "refund_no", "复制"),
             ident("订单编号", "2959141472239543560", "order_no")],
        ]), style="huawei", cap=D(2024, 3, 19, 8, 20, 51), ext="jpg", app="com.taobao.taobao",
        quality=72))
    add(Spec("taobao-refund-hant", "taobao-refund", "zh-Hant", order_page, dict(
        width=828, height=1792, lang="zh-Hant", theme="refund", title="退款詳情", ios=True,
        status="退款成功", sub=(cn_date(D(2024, 6, 14, 10, 22), secs=False),
                                ("datetime", "2024-06-14T10:22:00", "refund")),
        buttons=["錢款去向", "聯繫賣家"], family=SERIF["zh-Hant"], cards=[
            [("big", "退款總金額", "¥1,280.00", "refund"),
             ("kv", "退回", "招商銀行信用卡(8820)", ("bank_card", "8820", "tail"), None)],
            [("title", "退款資訊"), plain("退款原因", "賣家缺貨"),
             ("kv", "退款金額", "¥1,280.00", ("amount", "1280.00", "refund"), None),
             when("申請時間", D(2024, 6, 11, 14, 30, 12), "request"),
             when("退款時間", D(2024, 6, 14, 10, 22, 37), "refund"),
             ident("退款編號", "210573384920173561", "refund_no", "複製"),
             ident("訂單編號", "1879302651147025418", "order_no")],
        ]), style="ios", seq=5203, cap=None, ext="png", colors=64))
    add(Spec("jd-order", "jd-order", "zh-Hans", order_page, dict(
        width=1080, height=2400, lang="zh-Hans", theme="jd", title="订单详情",
        status="已取消", sub="订单已取消，退款已原路返回", buttons=["删除订单", "再次购买"], cards=[
            [("address", "张先生", ("139****6617", "139****6617"),
              "北京市朝阳区望京街道阜荣街 10 号院 3 号楼 2 单元 1102")],
            [("shop", "罗技京东自营官方旗舰店", ("自营", "#E4393C")),
             ("product", "罗技（Logitech）MX Keys 无线蓝牙键盘 深灰色", "深灰色 全尺寸",
              "¥1,299.00", "x1", (80, 80, 90)),
             price("商品总额", "¥1,299.00", "total"), price("运费", "+ ¥0.00", "shipping"),
             price("优惠券", "- ¥19.00", "discount"), price("实付款", "¥1,280.00", "paid", True)],
            [ident("订单编号", "260318751676", "order_no", "复制"),
             when("下单时间", D(2024, 3, 15, 14, 20, 11), "order"), plain("支付方式", "在线支付"),
             when("支付时间", D(2024, 3, 15, 14, 23, 7), "payment"),
             when("取消时间", D(2024, 3, 18, 10, 2, 37), "cancel"), plain("配送方式", "京东快递")],
        ]), style="aosp_app", cap=D(2024, 3, 18, 10, 10, 28), ext="png", app="JD", colors=64))
    add(Spec("jd-order-en", "jd-order", "en", order_page, dict(
        width=1080, height=2340, lang="en", theme="jd", title="Order Details",
        status="Completed", sub="Thank you for shopping with JD.com", family="DejaVu Sans",
        buttons=["Return", "Buy again"], cards=[
            [("address", "Ms. Lin", ("+86 137****0426", "137****0426"),
              "Room 1203, 88 Century Avenue, Pudong, Shanghai")],
            [("shop", "Philips Official Store", ("JD", "#E4393C")),
             ("product", "Philips electric kettle 1.7 L, stainless steel", "Silver",
              "¥479.00", "x1", (180, 180, 190)),
             price("Items subtotal", "¥479.00", "total"), price("Shipping", "¥0.00", "shipping"),
             price("Coupon", "-¥20.00", "discount"), price("Total", "¥459.00", "paid", True)],
            [ident("Order No.", "281947365021", "order_no", "Copy"),
             when("Order placed", D(2024, 6, 25, 10, 12, 33), "order"),
             ("kv", "Payment", "Paid on June 25, 2024", ("date", "2024-06-25", "payment"), None),
             plain("Delivery", "JD Logistics"),
             when("Delivered", D(2024, 6, 27, 15, 40), "deliver", "%Y-%m-%d %H:%M")],
        ]), style="aosp", cap=D(2024, 7, 1, 18, 26, 2), ext="png", colors=64))
    add(Spec("jd-order-hant", "jd-order", "zh-Hant", order_page, dict(
        width=1080, height=2340, lang="zh-Hant", theme="jd", title="訂單詳情",
        status="已完成", sub="感謝您在京東購物，歡迎您再次光臨", buttons=["申請售後", "再次購買"],
        family=SERIF["zh-Hant"], cards=[
            [("address", "黃先生", ("+852 9123****", None), "香港九龍旺角彌敦道 610 號荷李活商業中心 18 樓")],
            [("shop", "京東國際 美妝自營", ("自營", "#E4393C")),
             ("product", "保濕精華液 50ml 兩瓶裝", "50ml×2", "¥598.00", "x1", (230, 210, 220)),
             price("商品總額", "¥598.00", "total"), price("運費", "+ ¥25.00", "shipping"),
             price("優惠券", "- ¥40.00", "discount"), price("實付款", "¥583.00", "paid", True)],
            [ident("訂單編號", "296604817352", "order_no", "複製"),
             when("下單時間", D(2024, 5, 2, 11, 8, 40), "order"), plain("支付方式", "在線支付"),
             when("支付時間", D(2024, 5, 2, 11, 9, 15), "payment"),
             when("完成時間", D(2024, 5, 6, 16, 20, 3), "complete")],
        ]), style="aosp", cap=D(2024, 5, 8, 9, 41, 27), ext="png", colors=64))
    add(Spec("jd-refund", "jd-refund", "zh-Hans", order_page, dict(
        width=720, height=1600, lang="zh-Hans", theme="jd", title="售后详情",
        status="退款成功", sub="退款已原路返回，请注意查收", buttons=["联系客服"], cards=[
            [("big", "退款金额", "¥1,280.00", "refund"), plain("退款方式", "原路返回")],
            [ident("服务单号", "1382450917", "ticket_no", "复制"),
             ident("订单编号", "260318751676", "order_no"),
             when("申请时间", D(2024, 3, 17, 14, 31, 5), "request"),
             when("退款时间", D(2024, 3, 20, 15, 42, 10), "refund"), plain("售后类型", "取消订单退款")],
        ]), style="huawei", cap=D(2024, 3, 20, 18, 3, 17), ext="jpg", app="com.jingdong.app.mall",
        quality=80))
    add(Spec("pdd-order", "pdd-order", "zh-Hans", order_page, dict(
        width=1080, height=2400, lang="zh-Hans", theme="pdd", title="订单详情",
        status="退款成功", sub="平台已介入处理，退款已原路退回", buttons=["删除订单", "再次拼单"], cards=[
            [("address", "赵女士", ("152****8841", "152****8841"),
              "广东省广州市天河区体育西路 103 号维多利广场 A 座 2708")],
            [("shop", "潮流女装工厂店", ("店", "#E02E24")),
             ("product", "夏季冰丝阔腿裤 女 高腰垂感 显瘦休闲裤", "黑色 M", "¥89.90", "x1",
              (40, 40, 50)),
             price("商品总价", "¥89.90", "total"), price("运费", "¥0.00", "shipping"),
             price("平台优惠", "-¥3.00", "discount"), price("实付", "¥86.90", "paid", True)],
            [ident("订单编号", "240315-583920174623581", "order_no", "复制"),
             plain("支付方式", "微信支付"), when("下单时间", D(2024, 3, 15, 14, 20, 11), "order"),
             when("拼单时间", D(2024, 3, 15, 14, 20, 45), "order"),
             when("发货时间", D(2024, 3, 16, 9, 12, 40), "ship")],
        ]), style="miui", cap=D(2024, 3, 28, 11, 40, 2), ext="jpg", app="com.xunmeng.pinduoduo",
        quality=70))
    add(Spec("pdd-order-phone", "pdd-order", "zh-Hans", order_page, dict(
        width=1080, height=2340, lang="zh-Hans", theme="pdd", title="订单详情",
        status="已签收", sub="快件已签收，如有疑问请联系商家", buttons=["申请售后", "查看物流", "评价"],
        cards=[
            [("address", "周先生", ("177****3052", "177****3052"),
              "江苏省南京市鼓楼区中山北路 200 号 5 栋 803")],
            [("shop", "百亿补贴 数码官方店", ("补", "#E02E24")),
             ("product", "【百亿补贴】Redmi K70 12GB+256GB 墨羽", "墨羽 12+256", "¥1,599.00", "x1",
              (30, 30, 40)),
             price("商品总价", "¥1,599.00", "total"), price("运费", "¥0.00", "shipping"),
             price("百亿补贴", "-¥100.00", "discount"), price("实付", "¥1,499.00", "paid", True)],
            [ident("订单编号", "240518-662014738905127", "order_no", "复制"),
             plain("支付方式", "支付宝"), when("下单时间", D(2024, 5, 18, 9, 3, 20), "order"),
             when("发货时间", D(2024, 5, 18, 16, 45, 2), "ship"),
             ident("快递单号", "YT7452381096655", "tracking_no", "复制")],
        ]), style="aosp", cap=D(2024, 5, 20, 9, 5, 51), ext="png", colors=64))
    pdd3 = pdd_order(r, dt.date(2024, 8, 3))
    add(Spec("pdd-order-ios", "pdd-order", "zh-Hans", order_page, dict(
        width=828, height=1792, lang="zh-Hans", theme="pdd", title="订单详情", ios=True,
        status="待收货", sub="商家已发货，预计明天送达", buttons=["查看物流", "确认收货"], cards=[
            [("shop", "家居日用百货专营店", ("店", "#E02E24")),
             ("product", "加厚抽纸 30 包整箱 家用实惠装", "30 包", "¥29.90", "x2", (240, 240, 235)),
             price("商品总价", "¥59.80", "total"), price("运费", "¥0.00", "shipping"),
             price("实付", "¥59.80", "paid", True)],
            [ident("订单编号", pdd3, "order_no", "复制"), plain("支付方式", "微信支付"),
             when("下单时间", D(2024, 8, 3, 22, 41, 9), "order"),
             when("发货时间", D(2024, 8, 4, 14, 2, 55), "ship")],
        ]), style="ios", seq=6021, meta="png-exif", cap=D(2024, 8, 5, 7, 58, 33), ext="png",
        colors=64))
    add(Spec("meituan-order", "meituan-order", "zh-Hans", order_page, dict(
        width=720, height=1600, lang="zh-Hans", theme="meituan", title="订单详情",
        status="订单已送达", sub="感谢您对美团外卖的信任", buttons=["申请售后", "再来一单"], cards=[
            [("shop", "老王家黄焖鸡米饭（文三路店）", ("美", "#FFC300")),
             ("product", "招牌黄焖鸡米饭（大份）", "微辣", "¥32.80", "x1", (200, 130, 60)),
             ("product", "冰镇酸梅汤", "大杯", "¥13.50", "x1", (120, 50, 40)),
             price("打包费", "¥2.00", "fee"), price("配送费", "¥3.50", "shipping"),
             price("满减优惠", "-¥5.00", "discount"), price("实付", "¥46.80", "paid", True)],
            [ident("订单号码", "5017024523437487103", "order_no", "复制"),
             when("下单时间", D(2024, 3, 15, 12, 5, 10), "order"), plain("支付方式", "在线支付"),
             plain("配送服务", "美团专送")],
        ]), style="huawei", cap=D(2024, 3, 15, 12, 52, 40), ext="jpg", app="com.sankuai.meituan",
        quality=80))
    dy = "69" + digits(r, 17, "0123456789")
    add(Spec("douyin-order", "douyin-order", "zh-Hans", order_page, dict(
        width=1080, height=2340, lang="zh-Hans", theme="douyin", title="订单详情",
        status="交易完成", sub="感谢您在抖音商城购物", buttons=["申请售后", "再来一单"], cards=[
            [("address", "孙女士", ("135****7720", "135****7720"),
              "四川省成都市武侯区天府大道北段 1700 号 2 栋 1 单元 906")],
            [("shop", "山野茶舍官方旗舰店", ("抖", "#161823")),
             ("product", "明前特级龙井茶叶 250g 礼盒装", "250g", "¥199.00", "x1", (110, 150, 90)),
             price("商品总价", "¥199.00", "total"), price("运费", "¥0.00", "shipping"),
             price("平台优惠", "-¥10.00", "discount"), price("实付款", "¥189.00", "paid", True)],
            [ident("订单编号", dy, "order_no", "复制"), plain("支付方式", "抖音支付"),
             when("下单时间", D(2024, 4, 20, 20, 31, 15), "order"),
             when("支付时间", D(2024, 4, 20, 20, 31, 40), "payment")],
        ]), style="huawei", cap=D(2024, 4, 28, 13, 9, 59), ext="jpg", app="com.ss.android.ugc.aweme",
        quality=70))
    return out


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
             plain("年化利率（单利）", "24.00%"), plain("借款期限", "12期"),
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
             ("kv", "应还本金", "¥833.33", ("amount", "833.33", "principal"), None),
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
             plain("综合年化利率", "35.90%"), plain("借款期限", "6个月"),
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


def catalogue() -> list[Spec]:
    return CHATS() + BILLS() + ORDERS() + MISC() + RECEIPTS()


def main(argv: list[str]) -> int:
    folder = HERE
    only = set(argv)
    clean(folder)
    registry: dict = {}
    for spec in catalogue():
        if only and spec.key not in only:
            continue
        render(spec, folder, registry)
    for c in COPIES():
        if only and c.key not in only and c.src not in only:
            continue
        render_copy(c, folder, registry)
    if not only:
        render_pdfs(folder)
    summary(folder)
    return 0


def summary(folder: Path) -> None:
    """Print what is in the folder: counts per layout, language and degradation, and size."""
    from collections import Counter

    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    print(f"{len(truths)} samples, {size / 1e6:.1f} MB in {folder}")
    for title, key in (("layout", lambda t: t["layout"]), ("lang", lambda t: t["lang"]),
                       ("degraded", lambda t: "degraded" if t["degraded"] else "original")):
        counts = Counter(key(t) for t in truths)
        print(f"  {title}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

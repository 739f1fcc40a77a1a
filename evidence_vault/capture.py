"""Claimed capture time, and the app a screenshot came from.

Every source of a capture time here can be edited by anyone, so what this
module finds is a *claim*, stored with its source and never mixed up with the
vault's own ingest time (DESIGN: "claimed is not verified"). Sources, in the
order they are believed:

    user      `vault add --at`
    exif      EXIF DateTimeOriginal (else DateTimeDigitized, else DateTime)
    png-text  PNG text chunks and XMP: Creation Time, date:create, DateCreated
    pdf-meta  a PDF's CreationDate (an e-invoice or bank 电子回单 says when it was made)
    filename  the naming conventions of phones, chat apps and desktops
              (DOMAIN.md §5.1), which also name the app on MIUI/HyperOS,
              Huawei and Samsung
    mtime     the file's modification time, the weakest claim

Every claim found is kept in `candidates`, so a dossier can show that the
file name and the EXIF agree (or do not).
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from evidence_vault.when import CHINA_TZ

# Android package → the app's usual Chinese name. Unknown packages are kept as they are.
APP_PACKAGES: dict[str, str] = {
    "com.tencent.mm": "微信",
    "com.tencent.mobileqq": "QQ",
    "com.tencent.wework": "企业微信",
    "com.eg.android.AlipayGphone": "支付宝",
    "com.taobao.taobao": "淘宝",
    "com.tmall.wireless": "天猫",
    "com.jingdong.app.mall": "京东",
    "com.jd.jrapp": "京东金融",
    "com.xunmeng.pinduoduo": "拼多多",
    "com.sankuai.meituan": "美团",
    "com.sankuai.meituan.takeoutnew": "美团外卖",
    "com.ss.android.ugc.aweme": "抖音",
    "com.smile.gifmaker": "快手",
    "com.xingin.xhs": "小红书",
    "com.sina.weibo": "微博",
    "com.unionpay": "云闪付",
    "cmb.pb": "招商银行",
    "com.icbc": "中国工商银行",
    "com.chinamworld.main": "中国建设银行",
    "com.android.bankabc": "中国农业银行",
    "com.chinamworld.bocmbci": "中国银行",
    "com.sdu.didi.psnger": "滴滴出行",
    "ctrip.android.view": "携程旅行",
    "com.MobileTicket": "铁路12306",
    "com.alibaba.android.rimet": "钉钉",
    "com.android.mms": "短信",
    "com.android.messaging": "短信",
    "com.google.android.apps.messaging": "短信",
    "com.android.contacts": "电话",
    "com.android.dialer": "电话",
    "com.google.android.dialer": "电话",
}

# Samsung One UI names the app by its label, not its package.
APP_LABELS: dict[str, str] = {
    "wechat": "微信",
    "weixin": "微信",
    "alipay": "支付宝",
    "taobao": "淘宝",
    "tmall": "天猫",
    "jd": "京东",
    "pinduoduo": "拼多多",
    "meituan": "美团",
    "douyin": "抖音",
    "tiktok": "抖音",
    "qq": "QQ",
    "messages": "短信",
    "phone": "电话",
}


@dataclass
class Capture:
    captured_at: str | None = None
    source: str | None = None
    app: str | None = None
    app_package: str | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    #: one-line warnings about the file's metadata (damaged EXIF), for the item
    warnings: list[str] = field(default_factory=list)

    def detail(self) -> dict[str, Any]:
        return {"candidates": self.candidates}


def _iso(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> str | None:
    try:
        return datetime(y, mo, d, h, mi, s).isoformat()
    except ValueError:
        return None


def _stamp14(s: str) -> str | None:
    return _iso(int(s[0:4]), int(s[4:6]), int(s[6:8]), int(s[8:10]), int(s[10:12]), int(s[12:14]))


def _unix_ms(ms: str) -> str | None:
    try:
        dt = datetime.fromtimestamp(int(ms) / 1000, CHINA_TZ)
    except (OverflowError, OSError, ValueError):
        return None
    return dt.replace(tzinfo=None, microsecond=0).isoformat()


def _ampm(hour: int, ap: str | None) -> int:
    if ap in ("下午", "PM", "pm") and hour < 12:
        return hour + 12
    if ap in ("上午", "AM", "am") and hour == 12:
        return 0
    return hour


_APP_PART = r"(?:[_-](?P<app>.+))?"
# Each: (name, pattern on the NFC-normalised file stem, what the time means).
_FILENAME_RULES: list[tuple[str, re.Pattern[str], str]] = [
    ("miui-hyperos", re.compile(
        r"^Screenshot_(?P<Y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})-(?P<H>\d{2})-(?P<M>\d{2})-(?P<S>\d{2})"
        r"(?:-\d{2,3})?" + _APP_PART + r"$", re.I), "screenshot"),
    ("android-screenshot", re.compile(
        r"^Screenshot[_-](?P<D>\d{8})[_-](?P<T>\d{6})" + _APP_PART + r"$", re.I), "screenshot"),
    ("windows-snip", re.compile(
        r"^(?:屏幕截图|Screenshot) (?P<Y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}) (?P<T>\d{6})(?: \(\d+\))?$"),
        "screenshot"),
    ("macos-zh", re.compile(
        r"^(?:截屏|屏幕快照) ?(?P<Y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}) ?(?P<ap>上午|下午)?"
        r" ?(?P<H>\d{1,2})\.(?P<M>\d{2})\.(?P<S>\d{2})(?: ?\(\d+\))?$"), "screenshot"),
    ("macos-en", re.compile(
        r"^Screen ?[Ss]hot (?P<Y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}) at "
        r"(?P<H>\d{1,2})\.(?P<M>\d{2})\.(?P<S>\d{2})(?:\s?(?P<ap>AM|PM))?(?: ?\(\d+\))?$"),
        "screenshot"),
    ("wechat-pc-save", re.compile(r"^微信图片_(?P<ts>\d{14})(?:_\d+){0,2}$"), "saved on a PC"),
    ("wechat-mmexport", re.compile(r"^mmexport(?:[0-9a-f]{32}_)?(?P<ms>1\d{12})(?:[_(-].*)?$"),
        "saved from WeChat"),
    ("wechat-camera", re.compile(r"^wx_camera_(?P<ms>1\d{12})$"), "photo in WeChat"),
    ("qq", re.compile(r"^QQ(?:图片|截图)(?P<ts>\d{14})$"), "saved or captured in QQ"),
    ("camera", re.compile(r"^(?:IMG|VID|PXL|MVIMG)_(?P<D>\d{8})_(?P<T>\d{6})\d{0,3}(?P<rest>.*)$"),
        "photo"),
]


def from_filename(name: str) -> tuple[dict[str, Any] | None, str | None]:
    """(claim, app package or label) from a file name, or (None, None)."""
    stem = unicodedata.normalize("NFC", Path(name).stem).replace("\u202f", " ")
    for rule, pattern, meaning in _FILENAME_RULES:
        m = pattern.match(stem)
        if not m:
            continue
        g = m.groupdict()
        value: str | None
        if g.get("ms"):
            value = _unix_ms(g["ms"])
        elif g.get("ts"):
            value = _stamp14(g["ts"])
        elif g.get("D"):
            value = _stamp14(g["D"] + g["T"])
        elif g.get("T"):
            value = _stamp14(g["Y"] + g["m"] + g["d"] + g["T"])
        else:
            value = _iso(int(g["Y"]), int(g["m"]), int(g["d"]),
                         _ampm(int(g["H"]), g.get("ap")), int(g["M"]), int(g["S"]))
        if value is None:
            continue
        return ({"source": "filename", "value": value, "rule": rule, "meaning": meaning},
                g.get("app"))
    return None, None


def app_from_hint(hint: str | None) -> tuple[str | None, str | None]:
    """(app name, package) from the app part of a file name."""
    if not hint:
        return None, None
    hint = hint.strip()
    if "." in hint and re.fullmatch(r"[A-Za-z][\w]*(?:\.[\w]+)+", hint):
        return APP_PACKAGES.get(hint, hint), hint
    label = APP_LABELS.get(hint.lower())
    return (label or hint), None


_EXIF_DT = re.compile(r"^(\d{4})[:\-/](\d{2})[:\-/](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


def _parse_meta_time(value: str) -> str | None:
    """EXIF/PNG/XMP time strings → local ISO. An offset, if any, is dropped: the
    wall time is what the device showed."""
    value = value.strip().strip("\x00")
    m = _EXIF_DT.match(value)
    if m:
        return _iso(*(int(x) for x in m.groups()))
    try:
        from email.utils import parsedate_to_datetime

        dt = parsedate_to_datetime(value)
        return dt.replace(tzinfo=None, microsecond=0).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return dt.replace(tzinfo=None, microsecond=0).isoformat()
    except ValueError:
        return None


_XMP_DATE = re.compile(
    r"(?:exif:DateTimeOriginal|photoshop:DateCreated|xmp:CreateDate)\s*(?:=\s*\"|>)([^\"<]+)")


def from_image_metadata(path: Path) -> list[dict[str, Any]]:
    """Claims from EXIF and PNG text chunks. Never raises for a bad image."""
    return image_claims(path)[0]


def image_claims(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Claims from EXIF and PNG text chunks, and warnings about damaged
    metadata. Reads headers and metadata only, never a pixel (a bomb whose
    header claims 50000 x 50000 still gets its time read); never raises for a
    bad image."""
    from evidence_vault import imaging

    imaging.register_heif()  # a HEIC is known by its content, whatever its name
    out: list[dict[str, Any]] = []
    opened = None
    try:
        with imaging.open_image(path) as opened:
            exif = opened.exif()
            sub = exif.get_ifd(0x8769) if exif else {}
            for tag, name in ((36867, "DateTimeOriginal"), (36868, "DateTimeDigitized")):
                if sub and sub.get(tag):
                    v = _parse_meta_time(str(sub[tag]))
                    if v:
                        out.append({"source": "exif", "value": v, "tag": name})
                        break
            else:
                if exif and exif.get(306):
                    v = _parse_meta_time(str(exif[306]))
                    if v:
                        out.append({"source": "exif", "value": v, "tag": "DateTime"})
            for key, text in opened.png_text().items():
                if key.lower() in ("creation time", "date:create", "creationtime", "datetime"):
                    v = _parse_meta_time(str(text))
                    if v:
                        out.append({"source": "png-text", "value": v, "tag": key})
                elif key.startswith("XML:com.adobe.xmp"):
                    m = _XMP_DATE.search(str(text))
                    v = _parse_meta_time(m.group(1)) if m else None
                    if v:
                        out.append({"source": "png-text", "value": v, "tag": "XMP"})
            xmp = opened.image.info.get("xmp") if opened.format != "PNG" else None
            if xmp and not out:
                m = _XMP_DATE.search(xmp.decode("utf-8", "replace") if isinstance(xmp, bytes)
                                     else str(xmp))
                v = _parse_meta_time(m.group(1)) if m else None
                if v:
                    out.append({"source": "exif", "value": v, "tag": "XMP"})
    except (imaging.ImageError, OSError, ValueError, SyntaxError, EOFError):
        pass
    return out, (opened.warnings if opened is not None else [])


_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                       r"(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?")


def from_pdf_metadata(path: Path) -> list[dict[str, Any]]:
    """The CreationDate of a PDF (D:20240315142307+08'00'), as local time."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            meta = pdf.get_metadata_dict()
        finally:
            pdf.close()
    except Exception:  # noqa: BLE001 - an unreadable PDF simply makes no claim
        return []
    m = _PDF_DATE.match((meta.get("CreationDate") or "").strip())
    if not m:
        return []
    parts = [int(g) if g else d for g, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0), strict=True)]
    value = _iso(*parts)
    zulu, sign, hh, mm = m.groups()[6:]
    if value and (zulu or sign):
        # A PDF that says its offset is an absolute time: shown, like WeChat's stamps, in UTC+8.
        from datetime import timedelta, timezone

        offset = timedelta(0) if zulu else (1 if sign == "+" else -1) * timedelta(
            hours=int(hh), minutes=int(mm or 0))
        when = datetime.fromisoformat(value).replace(tzinfo=timezone(offset))
        value = when.astimezone(CHINA_TZ).replace(tzinfo=None).isoformat()
    return [{"source": "pdf-meta", "value": value, "tag": "CreationDate"}] if value else []


def mtime_claim(st_mtime: float) -> str:
    """A file's modification time as a claimed local time. It is an absolute time, so it
    is shown in UTC+8 like every other absolute stamp (WeChat's, a PDF's with an offset),
    whatever zone the machine is set to: one zone for every claim, converted once."""
    return datetime.fromtimestamp(st_mtime, CHINA_TZ).replace(tzinfo=None,
                                                              microsecond=0).isoformat()


SOURCE_ORDER = ("user", "exif", "png-text", "pdf-meta", "filename", "ocr", "mtime")


def claim(path: Path, mime: str, *, original_name: str | None = None,
          user_at: str | None = None) -> Capture:
    """Every claim about when `path` was captured, and the one believed."""
    name = original_name or path.name
    cap = Capture()
    if user_at:
        cap.candidates.append({"source": "user", "value": user_at})
    if mime.startswith("image/"):
        claims, cap.warnings = image_claims(path)
        cap.candidates.extend(claims)
    elif mime == "application/pdf":
        cap.candidates.extend(from_pdf_metadata(path))
    found, hint = from_filename(name)
    if found:
        cap.candidates.append(found)
    cap.app, cap.app_package = app_from_hint(hint)
    with contextlib.suppress(OSError):
        cap.candidates.append({"source": "mtime", "value": mtime_claim(os.stat(path).st_mtime)})
    for source in SOURCE_ORDER:
        for c in cap.candidates:
            if c["source"] == source:
                cap.captured_at, cap.source = c["value"], source
                return cap
    return cap


# ---- what kind of picture a file is: a screenshot, a photo, or no one can tell --------------------

#: filename rules whose files are screenshots, and those whose files are camera photos
_SCREENSHOT_RULES = {"miui-hyperos", "android-screenshot", "windows-snip", "macos-zh", "macos-en"}
_PHOTO_RULES = {"camera", "wechat-camera"}
_DESKTOP_RULES = {"windows-snip", "macos-zh", "macos-en"}
_CAMERA_TAGS = {"DateTimeOriginal", "DateTimeDigitized"}


def phone_screen_shaped(size: tuple[int, int] | None) -> bool:
    """Whether an image has a phone screen's shape: upright, at least 1.5 times as tall as
    wide (16:9 is 1.78, today's phones 2.0-2.2, a long screenshot far more) and at least
    480 pixels wide. A scanned form, a picture cut from a page or a desktop's window is
    not."""
    if size is None:
        return False
    width, height = size
    return width >= 480 and height >= 1.5 * width


def picture_origin(mime: str, filename: str, app: str | None, candidates: list[dict[str, Any]],
                   photographed: Callable[[], bool | None] | None = None,
                   size: Callable[[], tuple[int, int] | None] | None = None) -> str | None:
    """"screenshot", "photo", or None when nothing says, for an image (None for anything
    else). A screenshot: a phone's or desktop's screenshot name (which names the app on
    Android) or QQ's 截图 name. A photo: a camera's name (IMG_/PXL_ with a time,
    wx_camera_) or a HEIC. Else the pixels, when `photographed` (imaging.looks_photographed,
    asked only then) finds a camera's noise. Else a PNG with a phone screen's shape is a
    screenshot (phones save screenshots as PNG; no camera writes one; `size` gives the
    pixel size, asked only then) and a JPEG with the camera's EXIF time a photo. A PNG of
    another shape (a scanned form), a JPEG saved from a chat (mmexport…, 微信图片_…) or with
    no name rule, and flat pixels, say nothing."""
    if not mime.startswith("image/"):
        return None
    rules = {c.get("rule") for c in candidates if c.get("source") == "filename"}
    stem = unicodedata.normalize("NFC", Path(filename).stem)
    if app or rules & _SCREENSHOT_RULES or stem.startswith("QQ截图"):
        return "screenshot"
    if rules & _PHOTO_RULES or mime in ("image/heic", "image/heif"):
        return "photo"
    if photographed is not None and photographed():
        return "photo"
    if mime == "image/png" and (size is None or phone_screen_shaped(size())):
        return "screenshot"
    if any(c.get("source") == "exif" and c.get("tag") in _CAMERA_TAGS for c in candidates):
        return "photo"
    return None


def desktop_screenshot(filename: str, candidates: list[dict[str, Any]]) -> bool:
    """Whether a screenshot was taken on a computer: a Windows or macOS screenshot name,
    or QQ's 截图 name (QQ on a PC)."""
    rules = {c.get("rule") for c in candidates if c.get("source") == "filename"}
    stem = unicodedata.normalize("NFC", Path(filename).stem)
    return bool(rules & _DESKTOP_RULES) or stem.startswith("QQ截图")

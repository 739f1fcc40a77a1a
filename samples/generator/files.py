"""File names that claim a capture time (DOMAIN.md §5.1), EXIF and PNG text metadata, and writing
images as PNG (palette, flat fills kept exact), JPEG or HEIC.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pillow_heif
from PIL import Image, PngImagePlugin

from .values import APP_LABELS, PACKAGES

TZ8 = dt.timezone(dt.timedelta(hours=8))


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

"""Writing one sample: its claimed capture time (file name, EXIF or PNG text), the drawing, the
truth checked against what was drawn, the image and its .json; and the degraded copies.

Each sample has its own `random.Random` seeded from SEED and its key, so adding a sample does not
change the others and the same code writes byte-identical files.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from pathlib import Path

from .degradation import degrade, describe
from .files import TZ8, app_of, exif_bytes, file_name, save_image
from .truth import finish_fields, write_truth
from .values import iso

SEED = 20240315


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
        sc = spec.make(rng, cap or spec.cap or dt.datetime(2024, 3, 15, 14, 23), **spec.kw)
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

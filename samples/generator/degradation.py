"""How samples arrive after a second hand: downscaled, blurred, rotated, re-compressed, or
photographed (a phone or a slip on a desk: perspective skew, uneven light, glare, sensor
noise), and the look of a scanned page.
"""

from __future__ import annotations

import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter


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


def photo_of_paper(img: Image.Image, rng: random.Random) -> Image.Image:
    return photograph(img, rng, size=(1512, 2016), phone=False, desk=(104, 82, 64))


def scan_look(img: Image.Image, rng: random.Random) -> Image.Image:
    g = img.convert("L")
    g = g.rotate(rng.uniform(-0.8, 0.8), Image.BICUBIC, expand=False, fillcolor=255)
    tone = Image.linear_gradient("L").rotate(90).resize(g.size).point(lambda v: 235 + v * 20 // 255)
    g = ImageChops.multiply(g, tone)
    g = Image.blend(g, ImageChops.multiply(g, Image.effect_noise(g.size, 22).point(
        lambda v: min(255, 200 + v // 4))), 0.5)
    return g.filter(ImageFilter.GaussianBlur(0.6))

"""Image preparation for OCR of phone screenshots: pure functions, PIL in, PIL out.

Phone screenshots break classic OCR in predictable ways: dark mode (light text
on black), coloured chat bubbles (black text on WeChat green, white text on a
blue bubble) next to light grey time stamps, and text that is small once a
screenshot has been shared and shrunk. Tesseract binarises the whole page with
one threshold, so a green bubble or a grey time stamp falls on the wrong side
of it and the text inside disappears.

The cure here is to make every region look like black ink on white paper
before the engine sees it:

1. `flatten_alpha` / `to_gray`: transparent pixels become white, then luminance.
2. `invert_if_dark`: dark mode, judged from the luminance histogram, is inverted.
3. `normalize_polarity`: regions whose background is still dark and whose text
   is lighter than it (white text on a blue bubble) are inverted locally; the
   seam along their edges is painted white afterwards (`erase`).
4. `normalize_background`: each pixel is divided by its local background, a
   morphological closing wider than a text stroke, so a green bubble, a grey
   bar, an avatar and white paper all become white (with no ring left at their
   edges for the engine to read as "口" or "|") while the text on them keeps
   its contrast; a contrast stretch then darkens faint grey time stamps
   without a hard threshold that would eat thin strokes.
5. `upscale_small_text`: text lines under SMALL_TEXT_PX tall are enlarged.

Measured with tesseract (chi_sim+eng) on six drawn screenshots (light chat
with green bubbles, dark mode, blue bubbles, order page light and dark, a
half-size chat), expected phrases found out of 58, psm 4 / 6 / 11: raw RGB
34 / 33 / 29; grayscale alone 42 / 35 / 31; this chain 55 / 58 / 53. On the
raw light chat tesseract reads none of the green bubbles.

The filters are built from Pillow's C primitives: block extremes from
nearest-neighbour samplings, square max/min filters from shifted copies, so
the chain takes ~0.1-0.2 s on a 1080 x 2400 screenshot without numpy.

Every step is a pure function so that each can be tested and measured on its
own; `prepare_for_ocr` chains them and returns the scale it applied, so that
boxes can be mapped back to the original image.
"""

from __future__ import annotations

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageMath, ImageOps

#: bump when the chain changes: it is part of an engine's version string, so a
#: reading made with an older chain can be told apart and redone
PREPARE_VERSION = "prep2"

#: mean luminance below which a whole screenshot counts as dark mode
DARK_MEAN = 100
#: share of pixels darker than 96 above which a screenshot counts as dark mode
DARK_SHARE = 0.55
#: text lines shorter than this (px) are upscaled ...
SMALL_TEXT_PX = 20
#: ... so that they become about this tall
TARGET_TEXT_PX = 32
#: never make an image larger than this many pixels by upscaling
MAX_UPSCALED_PIXELS = 12_000_000


def flatten_alpha(image: Image.Image, background: str = "white") -> Image.Image:
    """RGB, with transparent areas painted `background` (a plain convert('RGB')
    keeps whatever colour hides under alpha 0, often black, which hides black
    text)."""
    if image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    ):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, background)
        canvas.alpha_composite(rgba)
        return canvas.convert("RGB")
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit and float greyscale (some TIFF scans): stretch into 8 bits
        return ImageOps.autocontrast(image.convert("F").point(lambda v: v / 256).convert("L"))\
            .convert("RGB")
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


def to_gray(image: Image.Image) -> Image.Image:
    """Luminance ('L'), with transparency flattened onto white first."""
    if image.mode == "L":
        return image
    return flatten_alpha(image).convert("L")


def is_dark(gray: Image.Image) -> bool:
    """True for a dark-mode screenshot: low mean luminance and most pixels dark."""
    hist = gray.convert("L").histogram()
    total = sum(hist) or 1
    mean = sum(i * n for i, n in enumerate(hist)) / total
    dark_share = sum(hist[:96]) / total
    return mean < DARK_MEAN and dark_share > DARK_SHARE


def invert_if_dark(gray: Image.Image) -> tuple[Image.Image, bool]:
    """The image inverted when it is dark mode, and whether it was."""
    if is_dark(gray):
        return ImageOps.invert(gray), True
    return gray, False


# Sizes scale with the image's width: on a phone screenshot the text size is a
# fixed share of the screen width, whatever the height of a scrolled capture.

def _background_step(gray: Image.Image) -> int:
    # one block per ~8 px of a 1080-wide screenshot: strokes of body text are
    # thinner than that, bubbles and bars are much wider
    return max(2, round(gray.width / 135))


def _block_extreme(gray: Image.Image, step: int, op) -> Image.Image:
    """The maximum (op=ImageChops.lighter) or minimum (ImageChops.darker) of
    each step x step block, as a small image. Built from step² nearest-neighbour
    samplings, which Pillow does in C, so no rank filter runs at full size."""
    w, h = gray.size
    size = (max(1, w // step), max(1, h // step))

    def sample(dx: int, dy: int) -> Image.Image:
        # output pixel (i, j) takes input pixel (i*step + dx, j*step + dy);
        # Pillow samples at output pixel centres, hence the -step/2 + 0.25
        grid = (step, 0, dx - step / 2 + 0.25, 0, step, dy - step / 2 + 0.25)
        return gray.transform(size, Image.Transform.AFFINE, grid, Image.Resampling.NEAREST)

    out = sample(0, 0)
    for dy in range(min(step, h)):
        for dx in range(min(step, w)):
            if dx or dy:
                out = op(out, sample(dx, dy))
    return out


def _block_median(gray: Image.Image, step: int) -> Image.Image:
    w, h = gray.size
    small = gray.resize((max(1, w // step), max(1, h // step)), Image.Resampling.BOX)
    return small.filter(ImageFilter.MedianFilter(5))


def _fill_holes(mask: Image.Image) -> Image.Image:
    """`mask` (0/255) with the enclosed 0-areas set too: a bubble's text is a
    hole in the bubble's dark background and belongs to the bubble."""
    w, h = mask.size
    padded = Image.new("L", (w + 2, h + 2), 0)
    padded.paste(mask, (1, 1))
    ImageDraw.floodfill(padded, (0, 0), 128)  # everything reachable from outside
    return padded.crop((1, 1, w + 1, h + 1)).point(lambda v: 0 if v == 128 else 255)


def normalize_polarity(
    gray: Image.Image, min_contrast: int = 80, dark_background: int = 128
) -> tuple[Image.Image, Image.Image | None]:
    """Invert the regions where text is lighter than its background (white text
    on a blue bubble; dark text on a green bubble once a dark-mode page has been
    inverted), so that all text ends up darker than what it sits on.

    Per block of ~8 px: the background is the median of the neighbourhood, and
    the brightest and darkest pixels nearby say which way the ink goes. A
    region is inverted when its background is dark, its light ink stands out
    by `min_contrast` and clearly more than any dark ink; so plain areas,
    bubble edges on a light page and mid-tone avatars are left alone.

    Returns the image and the seam: a mask of the band along the edges of the
    inverted regions, where the page outside a bubble turned black. Paint it
    white after `normalize_background` (`erase`); text keeps a bubble's padding
    away from its edge, so no text is lost. The seam is None when nothing was
    inverted.
    """
    step = _background_step(gray)
    background = _block_median(gray, step)
    size = background.size
    brightest = _block_extreme(gray, step, ImageChops.lighter).filter(ImageFilter.MaxFilter(3))
    darkest = _block_extreme(gray, step, ImageChops.darker).filter(ImageFilter.MinFilter(3))
    light_ink = ImageChops.subtract(brightest, background)
    dark_ink = ImageChops.subtract(background, darkest)
    mask_small = ImageMath.lambda_eval(
        lambda e: (e["light"] > min_contrast) & (e["light"] > e["dark"] * 2)
        & (e["bg"] < dark_background),
        light=light_ink, dark=dark_ink, bg=background,
    ).convert("L").point(lambda v: 255 if v else 0)
    if mask_small.getbbox() is None:
        return gray, None
    # a light-ink region is a whole bubble: grow the seeds over the dark
    # background they sit on (the empty end of a bubble too), then by one more
    # block so that the bubble's edge is inside
    dark = _fill_holes(background.point(lambda v: 255 if v < dark_background else 0))
    for _ in range(max(size)):
        grown = ImageChops.darker(mask_small.filter(ImageFilter.MaxFilter(3)), dark)
        if ImageChops.difference(grown, mask_small).getbbox() is None:
            break
        mask_small = grown
    mask_small = mask_small.filter(ImageFilter.MaxFilter(3))
    seam_small = ImageChops.subtract(
        mask_small.filter(ImageFilter.MaxFilter(3)), mask_small.filter(ImageFilter.MinFilter(3))
    )
    full = (0, 0, size[0], size[1])
    mask = mask_small.resize(gray.size, Image.Resampling.NEAREST, box=full)
    seam = seam_small.resize(gray.size, Image.Resampling.NEAREST, box=full)
    return Image.composite(ImageOps.invert(gray), gray, mask), seam


def erase(gray: Image.Image, mask: Image.Image | None) -> Image.Image:
    """`gray` painted white where `mask` is set."""
    if mask is None:
        return gray
    return Image.composite(Image.new("L", gray.size, 255), gray, mask)


def _pad_edges(gray: Image.Image, k: int) -> Image.Image:
    """`gray` with a k-pixel border that repeats its edge pixels."""
    w, h = gray.size
    out = Image.new(gray.mode, (w + 2 * k, h + 2 * k))
    out.paste(gray, (k, k))
    out.paste(gray.crop((0, 0, w, 1)).resize((w, k)), (k, 0))
    out.paste(gray.crop((0, h - 1, w, h)).resize((w, k)), (k, h + k))
    out.paste(out.crop((k, 0, k + 1, h + 2 * k)).resize((k, h + 2 * k)), (0, 0))
    out.paste(out.crop((w + k - 1, 0, w + k, h + 2 * k)).resize((k, h + 2 * k)), (w + k, 0))
    return out


def _rank_filter(gray: Image.Image, k: int, op) -> Image.Image:
    """Square k x k maximum (op=ImageChops.lighter) or minimum (darker) filter.

    Pillow's MaxFilter costs k² per pixel; combining shifted copies with a
    doubling reach costs about 2·log2(k) passes of one cheap C loop each."""
    r = k // 2
    padded = _pad_edges(gray, k)
    for axis in (0, 1):
        cur, covered = padded, 1
        while covered < k:
            step = min(covered, k - covered)
            shifted = ImageChops.offset(cur, step if axis == 0 else 0, 0 if axis == 0 else step)
            cur = op(cur, shifted)
            covered += step
        # cur[x] now covers x-k+1 .. x; centre the window
        padded = ImageChops.offset(cur, -r if axis == 0 else 0, 0 if axis == 0 else -r)
    w, h = gray.size
    return padded.crop((k, k, k + w, k + h))


def normalize_background(
    gray: Image.Image, contrast: float = 2.0, white_above: int = 200
) -> Image.Image:
    """Divide out the local background: pages, bars, bubbles and avatars of any
    light or mid colour become white, text keeps its contrast to what it sits on.

    Assumes text darker than its background (run `normalize_polarity` first).
    The background is a morphological closing (a maximum filter, then a minimum
    filter) a little wider than a bold stroke: text strokes vanish from it,
    while any region larger than that (a bubble, a bar, an avatar) keeps its own
    colour up to its edge, so its edges leave no dark ring for the engine to
    read as a character. `contrast` stretches what remains so that faint grey
    text (time stamps) becomes clearly dark; anything lighter than
    `white_above` afterwards (anti-aliased edges) becomes white.
    """
    k = max(9, round(gray.width / 72)) | 1  # 15 px on a 1080-wide screenshot
    background = _rank_filter(_rank_filter(gray, k, ImageChops.lighter), k, ImageChops.darker)
    # darkness relative to the background, 0..255, stretched by `contrast`
    ink = ImageMath.lambda_eval(
        lambda e: (e["bg"] - e["px"]) * (255.0 * contrast) / e["max"](e["bg"], 1.0),
        px=gray, bg=background,
    )
    out = ImageOps.invert(ink.convert("L"))
    return out.point(lambda v: 255 if v > white_above else v)


def estimate_text_height(gray: Image.Image) -> float | None:
    """The typical height in pixels of a text line, from the runs of inked rows
    in a horizontal projection; None when no text-like rows are found.

    Expects dark text on white (the output of `normalize_background`)."""
    w, h = gray.size
    if w < 8 or h < 8:
        return None
    ink = gray.point(lambda v: 255 if v < 128 else 0)
    profile = ink.resize((1, h), Image.Resampling.BOX).tobytes()
    runs: list[int] = []
    run = 0
    for v in profile:
        if v > 1:  # at least ~0.5 % of the row is ink
            run += 1
        elif run:
            runs.append(run)
            run = 0
    if run:
        runs.append(run)
    runs = [r for r in runs if r >= 4]
    if not runs:
        return None
    runs.sort()
    return float(runs[len(runs) // 2])


def upscale_small_text(gray: Image.Image) -> tuple[Image.Image, float]:
    """Enlarge an image whose text lines are small; returns the image and the
    scale factor applied (1.0 when left alone)."""
    height = estimate_text_height(gray)
    if height is None or height >= SMALL_TEXT_PX:
        return gray, 1.0
    scale = min(4.0, TARGET_TEXT_PX / height)
    w, h = gray.size
    scale = min(scale, (MAX_UPSCALED_PIXELS / (w * h)) ** 0.5)
    if scale <= 1.05:
        return gray, 1.0
    size = (round(w * scale), round(h * scale))
    return gray.resize(size, Image.Resampling.LANCZOS), scale


def prepare_for_ocr(image: Image.Image) -> tuple[Image.Image, float]:
    """The whole chain for a phone screenshot: black text on white, large
    enough. Returns the prepared 'L' image and the scale relative to `image`
    (boxes found on the prepared image divided by it land on the original)."""
    gray = to_gray(image)
    gray, _ = invert_if_dark(gray)
    gray, seam = normalize_polarity(gray)
    gray = erase(normalize_background(gray), seam)
    return upscale_small_text(gray)

"""Redacted copies for public complaint sites: ID-card, mobile and bank-card
numbers masked in the text and blacked out in the images.

The numbers to hide are the vault's own fields of those kinds, plus anything
of their shape the text still holds (a checksum-valid ID, a 1[3-9]x mobile, a
Luhn-valid card). In an image, each OCR line that holds such a number gets a
black box over the number's share of the line's width, widened by a
character on each side, so the label (手机号：) stays readable and the digits
do not. The originals and the court copy (dossier.pdf) are never touched.
"""

from __future__ import annotations

import copy
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

from evidence_vault.dossier import content
from evidence_vault.dossier.images import _open_image, slice_image
from evidence_vault.dossier.model import Dossier, FieldLine

_SEP = r"[\s\-]?"
_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[\s\-]?)?[0-9][0-9\s\-]{9,24}[0-9Xx](?![0-9A-Za-z])")


def mask(value: str) -> str:
    """138****5678, 3604**********0071, ************1234: the first few and the
    last four stay, so the owner recognises the number and nobody can use it."""
    digits = re.sub(r"[^0-9Xx]", "", value)
    if len(digits) <= 8:
        return "*" * len(digits)
    keep_head = 3 if len(digits) == 11 else 4 if len(digits) == 18 else 0
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 4) + digits[-4:]


def _is_pii(digits: str) -> bool:
    from stdnum import luhn
    from stdnum.cn import ric

    if re.fullmatch(r"1[3-9]\d{9}", digits):
        return True
    if len(digits) == 18 and ric.is_valid(digits):
        return True
    return 16 <= len(digits) <= 19 and digits.isdigit() and luhn.is_valid(digits)


def sensitive_numbers(known: list[str], text: str) -> set[str]:
    """The digits of every ID, mobile and card number in an exhibit: those the
    vault read (`known`) and any of their shape still in `text`."""
    found = {re.sub(r"[^0-9Xx]", "", value).upper() for value in known}
    for m in _CANDIDATE.finditer(text):
        digits = re.sub(r"[^0-9Xx]", "", m.group(0)).upper()
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if _is_pii(digits):
            found.add(digits)
    return {d for d in found if len(d) >= 11}


def _pattern(digits: str) -> re.Pattern[str]:
    return re.compile(_SEP.join(re.escape(c) for c in digits), re.IGNORECASE)


def mask_text(text: str, numbers: set[str]) -> str:
    for digits in sorted(numbers, key=len, reverse=True):
        text = _pattern(digits).sub(mask(digits), text)
    return text


def redact_image(im, lines: list[dict[str, Any]], numbers: set[str], scale: float = 1.0) -> int:
    """Black out the numbers in an upright PIL image, in place, using its OCR
    line boxes; returns how many boxes were drawn. `scale` maps OCR
    coordinates onto the image."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(im)
    boxes = 0
    for line in lines:
        text = line["text"]
        # where each character starts, in units: Chinese and full-width characters are about
        # twice as wide as digits and Latin letters
        units = [0.0]
        for ch in text:
            units.append(units[-1] + (2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.0))
        for digits in numbers:
            for m in _pattern(digits).finditer(text):
                x0, y0, x1, y1 = (v * scale for v in line["box"])
                per_unit = (x1 - x0) / max(1.0, units[-1])
                # half a digit's width of margin each side: OCR boxes are not exact
                left = x0 + per_unit * max(0.0, units[m.start()] - 0.5)
                right = x0 + per_unit * min(units[-1], units[m.end()] + 0.5)
                pad = (y1 - y0) * 0.15
                draw.rectangle([left, y0 - pad, right, y1 + pad], fill="black")
                boxes += 1
    return boxes


def redact_bundle(vault: Any, facts: content.CaseContent, dossier: Dossier, sources: list[Any],
                  bundle: Path, work: Path, font: Any) -> None:
    """redacted/ images and dossier-redacted.pdf beside the court copy. An image
    with nothing to hide keeps the court copy's page images; every image in
    redacted/ is re-encoded, which also drops its EXIF (GPS, device) data."""
    from evidence_vault.dossier import pdf

    evidence = {ev.ref: ev for ev in facts.evidence}
    out_dir = bundle / "redacted"
    out_dir.mkdir()
    public = copy.deepcopy(dossier)
    everywhere: set[str] = set()
    for ex, src in zip(public.exhibits, sources, strict=True):
        numbers = sensitive_numbers(content.pii_values(evidence[ex.ref]), ex.text)
        everywhere |= numbers
        ex.text = mask_text(ex.text, numbers)
        ex.description = mask_text(ex.description, numbers)
        ex.purpose = mask_text(ex.purpose, numbers)
        ex.name = mask_text(ex.name, numbers)
        ex.fields = [FieldLine(f.label, mask_text(f.value, numbers)) for f in ex.fields]
        if ex.kind != "image" or src.blob is None:
            continue
        stem = Path(Path(ex.original).name).stem
        if not numbers and ex.mime in ("image/png", "image/jpeg") and not _has_metadata(src.blob):
            # nothing to hide and no EXIF to strip: the original's bytes are the public copy
            suffix = ".jpg" if ex.mime == "image/jpeg" else ".png"
            shutil.copyfile(src.blob, out_dir / f"{stem}{suffix}")
            continue
        try:
            im = _open_image(src.blob)
        except Exception:  # noqa: BLE001 - not an image Pillow can open: nothing to black out
            continue
        drawn = redact_image(im, content.ocr_lines(vault, evidence[ex.ref]), numbers) if numbers else 0
        if ex.mime == "image/jpeg":
            im.save(out_dir / f"{stem}.jpg", "JPEG", quality=92)
        else:
            im.save(out_dir / f"{stem}.png", "PNG", compress_level=1)
        if drawn:
            pages = []
            for n, part in enumerate(slice_image(im), 1):
                p = work / f"redacted-E{ex.number:02d}-{n:02d}.jpg"
                part.save(p, "JPEG", quality=85)
                pages.append(p)
            ex.images = pages
    for row in public.timeline:
        row.text = mask_text(row.text, everywhere)
    pdf.render(public, bundle / "dossier-redacted.pdf", font)


def _has_metadata(path: Path) -> bool:
    """Whether an image carries EXIF or XMP (device, place, time) worth stripping
    (read from the metadata alone, never by decoding the pixels)."""
    from evidence_vault import imaging

    try:
        with imaging.open_image(path) as opened:
            info = opened.image.info
            return (bool(opened.exif()) or "xmp" in info or "XML:com.adobe.xmp" in info
                    or any(k.startswith("XML:com.adobe.xmp") for k in opened.png_text()))
    except Exception:  # noqa: BLE001
        return True

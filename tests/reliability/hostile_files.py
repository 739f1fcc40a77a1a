"""Hostile input files for the reliability tests and benchmarks, made in seconds.

Each `make_*` function writes one file (or folder) into `folder` and returns
its Path; `make_all(folder)` writes them all and returns them by name. The
files are small on disk whatever their headers claim: the decompression bombs
are a few hundred bytes whose headers say 50000 x 50000, the big PNGs are
written row by row through zlib (never held as pixels), the 2,000-page PDF is
written by hand with one shared empty page content.

Self-contained on purpose (Pillow and the standard library only): other tests
and benchmarks import it.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

BOMB_SIDE = 50_000


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int, height: int, rows: Callable[[int], bytes], *, color_type: int = 0,
         stop_after: int | None = None) -> bytes:
    """A PNG (8-bit, grey or RGB) whose filtered row y is rows(y), compressed as a
    stream. With stop_after, only that many rows are written (the header still
    claims `height`)."""
    out = io.BytesIO()
    out.write(b"\x89PNG\r\n\x1a\n")
    out.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)))
    comp = zlib.compressobj(6)
    pending = bytearray()
    for y in range(height if stop_after is None else min(height, stop_after)):
        pending += comp.compress(b"\x00" + rows(y))
        if len(pending) > 1 << 20:
            out.write(_chunk(b"IDAT", bytes(pending)))
            pending.clear()
    pending += comp.flush()
    out.write(_chunk(b"IDAT", bytes(pending)))
    out.write(_chunk(b"IEND", b""))
    return out.getvalue()


def make_bomb_png(folder: Path, name: str = "bomb.png") -> Path:
    """A ~100-byte PNG whose header claims 50000 x 50000 RGB pixels (7.5 GB decoded)."""
    blank = bytes(3 * BOMB_SIDE)
    path = folder / name
    path.write_bytes(_png(BOMB_SIDE, BOMB_SIDE, lambda y: blank, color_type=2, stop_after=4))
    return path


def make_bomb_jpeg(folder: Path, name: str = "bomb.jpg") -> Path:
    """A real 16 x 16 JPEG whose frame header (SOF0) is patched to claim 50000 x 50000."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buf, "JPEG", quality=80)
    data = bytearray(buf.getvalue())
    sof = data.find(b"\xff\xc0")
    if sof < 0:  # pragma: no cover - Pillow writes baseline JPEGs
        raise RuntimeError("no SOF0 marker")
    struct.pack_into(">HH", data, sof + 5, BOMB_SIDE, BOMB_SIDE)  # height, width
    path = folder / name
    path.write_bytes(bytes(data))
    return path


def make_bomb_gif(folder: Path, name: str = "bomb.gif") -> Path:
    """A real 16 x 16 GIF whose logical screen and frame claim 50000 x 50000."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("P", (16, 16), 0).save(buf, "GIF")
    data = bytearray(buf.getvalue())
    struct.pack_into("<HH", data, 6, BOMB_SIDE, BOMB_SIDE)  # logical screen
    desc = data.find(b"\x2c", 13)  # image descriptor: 0x2c, left, top, width, height
    struct.pack_into("<HH", data, desc + 5, BOMB_SIDE, BOMB_SIDE)
    path = folder / name
    path.write_bytes(bytes(data))
    return path


def make_many_frames_tiff(folder: Path, name: str = "frames.tiff", frames: int = 120,
                          side: int = 3000) -> Path:
    """A multi-page TIFF of `frames` blank side x side pages (bilevel, Group 4:
    about a KB each), with a line of text in a corner of each for OCR to find.
    One page object is written `frames` times, so making it costs little memory."""
    from PIL import Image, ImageDraw

    page = Image.new("1", (side, side), 1)
    ImageDraw.Draw(page).text((40, 40), "PAGE OF A HOSTILE TIFF", fill=0)
    path = folder / name
    page.save(path, "TIFF", compression="group4", save_all=True,
              append_images=[page] * (frames - 1))
    return path


def make_huge_png(folder: Path, name: str = "huge.png", side: int = 13_000) -> Path:
    """A side x side greyscale PNG, white with a grey band every 1,000 rows,
    written row by row (169 MB of pixels, well under a MB on disk)."""
    white, band = b"\xff" * side, b"\x80" * side
    path = folder / name
    path.write_bytes(_png(side, side, lambda y: band if y % 1000 < 20 else white))
    return path


def _text_rows(width: int, height: int) -> list[bytes]:
    """The filtered rows of one chat-like strip, greyscale: a few lines of text."""
    from PIL import Image, ImageDraw

    strip = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(strip)
    for i, y in enumerate(range(20, height - 40, 60)):
        draw.text((40, y), f"Order 2024031{i} refund 128.00 within 3 days", fill=0)
    raw = strip.tobytes()
    return [raw[y * width:(y + 1) * width] for y in range(height)]


def make_long_png(folder: Path, name: str = "long.png", width: int = 1080,
                  height: int = 60_000) -> Path:
    """A width x height greyscale 'long screenshot': a text strip repeated down it."""
    rows = _text_rows(width, 300)
    path = folder / name
    path.write_bytes(_png(width, height, lambda y: rows[y % len(rows)]))
    return path


def make_truncated_png(folder: Path, name: str = "truncated.png") -> Path:
    """A real 800 x 600 PNG cut off half-way through its image data."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (800, 600), "white")
    draw = ImageDraw.Draw(im)
    for y in range(0, 600, 7):
        draw.line((0, y, 800, (y * 3) % 600), fill=(y % 256, 80, 160), width=3)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    data = buf.getvalue()
    path = folder / name
    path.write_bytes(data[: len(data) // 2])
    return path


def make_fake_pdf(folder: Path, name: str = "fake.pdf") -> Path:
    """'%PDF-1.7' followed by junk: sniffed as a PDF, not one."""
    path = folder / name
    path.write_bytes(b"%PDF-1.7\n" + bytes((i * 37 + 11) % 256 for i in range(4096)))
    return path


def make_many_pages_pdf(folder: Path, name: str = "pages.pdf", pages: int = 2000) -> Path:
    """A valid PDF of `pages` blank A4 pages without a text layer (every page
    needs OCR), about 100 bytes a page."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Length 0 >>\nstream\n\nendstream")
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    path = folder / name
    path.write_bytes(out.getvalue())
    return path


def make_good_png(folder: Path, name: str = "good.png", label: str = "good") -> Path:
    """An ordinary small screenshot-like PNG (unique per label)."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (360, 640), "white")
    ImageDraw.Draw(im).text((20, 20), f"{label} order 1234567890", fill="black")
    path = folder / name
    im.save(path, "PNG")
    return path


def make_symlink_bomb_folder(folder: Path, name: str = "with-link") -> Path:
    """A folder holding a good image, a bomb, and a symlink to the bomb (the
    link stays inside the folder)."""
    root = folder / name
    (root / "data").mkdir(parents=True)
    make_good_png(root, "good-in-folder.png", label="in folder")
    bomb = make_bomb_png(root / "data", "bomb-target.png")
    os.symlink(os.path.relpath(bomb, root), root / "bomb-link.png")
    return root


def make_all(folder: Path) -> dict[str, Path]:
    """Every hostile file in `folder` (created if missing), by name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "bomb_png": make_bomb_png(folder),
        "bomb_jpeg": make_bomb_jpeg(folder),
        "bomb_gif": make_bomb_gif(folder),
        "frames_tiff": make_many_frames_tiff(folder),
        "huge_png": make_huge_png(folder),
        "long_png": make_long_png(folder),
        "truncated_png": make_truncated_png(folder),
        "fake_pdf": make_fake_pdf(folder),
        "pages_pdf": make_many_pages_pdf(folder),
        "symlink_bomb_folder": make_symlink_bomb_folder(folder),
    }

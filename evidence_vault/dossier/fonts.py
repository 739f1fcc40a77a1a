"""Which Chinese font the dossier is set in, and the one face of it to embed.

Chinese fonts mostly come as collections (.ttc) holding several faces: Debian's
Noto Sans CJK holds Japanese (face 0), Korean, simplified and traditional
Chinese faces that share most glyphs but draw 骨, 复, 说, 海, 关 differently. A
PDF library handed the file alone takes face 0 and prints Chinese text with
Japanese shapes. So this module picks the face by what it says it is (its
family name) and what it covers (its character map), and can write that face
out as a standalone font file, so that the typesetter can see no other face to
fall back to.

The font is found through fontconfig (`fc-list`) where it exists, else in the
places Debian, Fedora, Arch, Windows and macOS keep their Chinese fonts, or
taken from the file the user gives with --font. The sfnt reading is our own
(a few tables read with struct) so that nothing here depends on the PDF library.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from evidence_vault.errors import VaultError

INSTALL_HINT = "sudo apt-get install fonts-noto-cjk (or give one with --font PATH)"

# Characters a face must map to count as covering the script: common words whose
# simplified and traditional forms differ, so a Japanese-only or traditional-only
# font does not pass for simplified (and the other way round).
_SIMPLIFIED = "证据这们说时间订单号退款客户"
_TRADITIONAL = "證據這們說時間訂單號退款客戶"

# Family-name words that say which variant a face is drawn for.
_HANS_WORDS = {"sc", "cn", "gb", "hans", "prc", "simplified", "chs"}
_HANT_WORDS = {"tc", "tw", "hant", "traditional", "cht", "big5"}
_HK_WORDS = {"hk", "hongkong"}
_OTHER_WORDS = {"jp", "ja", "japanese", "kr", "ko", "korean", "k"}

# Families we know and like, best first. Sans faces read better at 9-10 pt in print.
_PREFERRED = {
    "zh": ["Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Serif CJK SC",
           "Source Han Serif SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei",
           "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti", "SimHei", "SimSun",
           "Droid Sans Fallback", "AR PL UMing CN", "Arial Unicode MS"],
    "zh-Hant": ["Noto Sans CJK TC", "Source Han Sans TC", "Source Han Sans TW", "Noto Serif CJK TC",
                "Source Han Serif TC", "Noto Sans CJK HK", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
                "Microsoft JhengHei", "PingFang TC", "Heiti TC", "MingLiU", "PMingLiU",
                "AR PL UMing TW", "Droid Sans Fallback", "Arial Unicode MS"],
}

# Where fonts live when fontconfig is not there to ask (Windows, macOS, minimal Linux).
_KNOWN_FILES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
]
_WINDOWS_FILES = ["msyh.ttc", "msjh.ttc", "simhei.ttf", "simsun.ttc", "Deng.ttf", "mingliub.ttc"]


@dataclass(frozen=True)
class CjkFont:
    """One face of one font file: the file, the face's index in it (0 for a
    plain .ttf/.otf), and the family name the face gives itself. `bold` is the
    same family's bold face (file, index) where one was found beside it."""

    path: Path
    index: int
    family: str
    bold: tuple[Path, int] | None = None


def find_cjk_font(lang: str = "zh", font_path: Path | None = None) -> CjkFont:
    """The Chinese font to set a dossier in: the file given (with --font), else the best one
    installed. Raises VaultError, saying how to get one, when there is none."""
    variant = "zh-Hant" if lang.lower().replace("_", "-") in {"zh-hant", "zh-tw", "zh-hk"} else "zh"
    if font_path is not None:
        return _from_file(Path(font_path).expanduser(), variant)
    for path, index, _family, bold in _installed(variant):
        face = _check_face(path, index, variant)
        if face is not None:
            return CjkFont(path, index, face, bold)
    for path in _known_files():
        try:
            return _from_file(path, variant)
        except VaultError:
            continue
    raise VaultError(f"no Chinese font found: {INSTALL_HINT}")


def extract_face(font: Path, index: int, dest: Path) -> Path:
    """Write face `index` of a font file as a standalone font file at `dest`.

    A face of a collection is a table directory pointing into tables that the
    faces share; copying the tables it points to into a file of their own gives
    a font identical to that face. Plain fonts are copied as they are."""
    with open(font, "rb") as f:
        if f.read(4) != b"ttcf":
            shutil.copyfile(font, dest)
            return dest
        offsets = _face_offsets(f)
        if not 0 <= index < len(offsets):
            raise VaultError(f"{font} has no face {index}")
        f.seek(offsets[index])
        version, count = struct.unpack(">4sH", f.read(6))
        f.seek(offsets[index] + 12)
        records = sorted(struct.unpack(">4sIII", f.read(16)) for _ in range(count))
        tables = []
        for tag, checksum, offset, length in records:
            f.seek(offset)
            tables.append((tag, checksum, f.read(length)))
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">4sHHHH", version, count, power * 16, power.bit_length() - 1,
                         count * 16 - power * 16)
    position = 12 + 16 * count
    directory, body = [], []
    for tag, checksum, data in tables:
        directory.append(struct.pack(">4sIII", tag, checksum, position, len(data)))
        body.append(data + b"\0" * (-len(data) % 4))
        position += len(body[-1])
    # head.checkSumAdjustment keeps the collection's value: font readers do not check it,
    # and summing 16 MB as 32-bit words costs more than the rest of the copy.
    blob = header + b"".join(directory) + b"".join(body)
    dest.write_bytes(blob)
    return dest


def cached_face(font: Path, index: int) -> Path | None:
    """Face `index` of `font`, extracted once into the user's cache folder and
    reused by every later export; None when no cache folder can be written.

    An extracted CJK face is ~16 MB: made per export, it cost each dossier that
    much space beside --out (enough to fail an export onto a nearly full disk)
    and a copy of the font per run. The cache holds no evidence, only what the
    installed font file already holds, keyed by the file's path, size, time
    and face, so an updated font is extracted anew."""
    import hashlib

    import platformdirs

    try:
        st = os.stat(font)
        key = hashlib.sha256(f"{os.path.realpath(font)}|{st.st_size}|{st.st_mtime_ns}|{index}"
                             .encode()).hexdigest()[:20]
        folder = Path(platformdirs.user_cache_dir("evidence-vault", appauthor=False)) / "fonts"
        dest = folder / f"{key}.otf"
        if dest.is_file() and dest.stat().st_size > 0:
            return dest
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        try:
            extract_face(font, index, tmp)
            os.replace(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
        return dest
    except OSError:
        return None


# -- choosing a face ----------------------------------------------------------------------------


def _from_file(path: Path, variant: str) -> CjkFont:
    if not path.exists():
        raise VaultError(f"font file not found: {path}")
    if not path.is_file():
        raise VaultError(f"not a font file: {path} (give a .ttf, .otf or .ttc file)")
    faces = _faces(path)
    best = _best_face(faces, variant)
    if best is None:
        raise VaultError(f"{path.name} has no Chinese characters: give a Chinese font "
                         f"(such as NotoSansCJK-Regular.ttc) with --font PATH")
    index, family = best
    return CjkFont(path, index, family, _bold_beside(path, family))


def _faces(path: Path) -> list[tuple[int, list[str], set[str]]]:
    """Each face of a font file as (index, family names, the probe characters it maps)."""
    try:
        with open(path, "rb") as f:
            tag = f.read(4)
            if tag == b"ttcf":
                offsets = _face_offsets(f)
            elif tag in (b"\0\1\0\0", b"OTTO", b"true"):
                offsets = [0]
            else:
                raise VaultError(f"not a font file: {path} (give a .ttf, .otf or .ttc file)")
            faces = []
            for index, offset in enumerate(offsets):
                tables = _table_directory(f, offset)
                names = _family_names(f, tables.get(b"name"))
                covered = _covered(f, tables.get(b"cmap"), _SIMPLIFIED + _TRADITIONAL)
                faces.append((index, names, covered))
            return faces
    except (OSError, struct.error, ValueError, UnicodeDecodeError) as e:
        raise VaultError(f"cannot read the font {path}: {e}") from e


def _best_face(faces: list[tuple[int, list[str], set[str]]], variant: str) -> tuple[int, str] | None:
    need = _TRADITIONAL if variant == "zh-Hant" else _SIMPLIFIED
    scored = []
    for index, names, covered in faces:
        if not names or not set(need) <= covered:
            continue
        scored.append((-_score(names, variant), index, names[0]))
    if not scored:
        return None
    _, index, family = min(scored)
    return index, family


def _score(names: list[str], variant: str) -> int:
    words = {w for n in names for w in re.split(r"[\s_\-]+", n.lower()) if w}
    score = 0
    if variant == "zh":
        score += 10 if words & _HANS_WORDS else 0
        score -= 10 if words & (_HANT_WORDS | _HK_WORDS) else 0
    else:
        score += 10 if words & _HANT_WORDS else 8 if words & _HK_WORDS else 0
        score -= 10 if words & _HANS_WORDS else 0
    score -= 10 if words & _OTHER_WORDS else 0
    score -= 3 if "mono" in words or "ui" in words or any(n.startswith("NSim") for n in names) else 0
    return score


def _check_face(path: Path, index: int, variant: str) -> str | None:
    """The family of face `index` of `path` if it really covers the script, else None."""
    try:
        faces = _faces(path)
    except VaultError:
        return None
    for i, names, covered in faces:
        need = _TRADITIONAL if variant == "zh-Hant" else _SIMPLIFIED
        if i == index and names and set(need) <= covered:
            return names[0]
    return None


def _bold_beside(path: Path, family: str) -> tuple[Path, int] | None:
    """The bold face of the same family, in a file named like this one (…-Regular → …-Bold)."""
    if "Regular" not in path.name:
        return None
    bold = path.with_name(path.name.replace("Regular", "Bold"))
    if not bold.is_file():
        return None
    try:
        for index, names, _ in _faces(bold):
            if family in names:
                return bold, index
    except VaultError:
        return None
    return None


# -- where fonts are ----------------------------------------------------------------------------


def _installed(variant: str) -> list[tuple[Path, int, str, tuple[Path, int] | None]]:
    """Fonts fontconfig knows that cover Chinese, best first, each with its bold face."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    lang = "zh-tw" if variant == "zh-Hant" else "zh-cn"
    try:
        out = subprocess.run([fc_list, f":lang={lang}", "--format",
                              "%{file}\t%{index}\t%{family}\t%{style}\t%{weight}\n"],
                             capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    regular: dict[str, tuple[Path, int]] = {}
    bold: dict[str, tuple[Path, int]] = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not parts[1].isdigit():
            continue
        file, index, families, styles, weight = parts
        family = families.split(",")[0]
        style = styles.split(",")[0].lower()
        place = (Path(file), int(index))
        if style in {"regular", "book", "normal", "medium", "w3", "r"}:
            # Regular beats Medium, and Medium beats nothing.
            if family not in regular or style == "regular":
                regular[family] = place
        elif style == "bold" or weight.strip() == "200":
            bold.setdefault(family, place)
    order = _PREFERRED[variant]

    def rank(family: str) -> tuple[int, int, str]:
        known = order.index(family) if family in order else len(order)
        return known, -_score([family], variant), family

    return [(*regular[f], f, bold.get(f)) for f in sorted(regular, key=rank)]


def _known_files() -> list[Path]:
    paths = [Path(p) for p in _KNOWN_FILES]
    for env in ("WINDIR", "SystemRoot"):
        if os.environ.get(env):
            paths += [Path(os.environ[env]) / "Fonts" / name for name in _WINDOWS_FILES]
    if os.environ.get("LOCALAPPDATA"):
        user_fonts = Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts"
        paths += [user_fonts / name for name in _WINDOWS_FILES]
    return [p for p in paths if p.is_file()]


# -- reading sfnt tables ------------------------------------------------------------------------


def _face_offsets(f: BinaryIO) -> list[int]:
    f.seek(8)
    (count,) = struct.unpack(">I", f.read(4))
    if count > 1000:
        raise ValueError("not a font collection")
    return list(struct.unpack(f">{count}I", f.read(4 * count)))


def _table_directory(f: BinaryIO, offset: int) -> dict[bytes, tuple[int, int]]:
    f.seek(offset + 4)
    (count,) = struct.unpack(">H", f.read(2))
    f.seek(offset + 12)
    tables = {}
    for _ in range(count):
        tag, _checksum, start, length = struct.unpack(">4sIII", f.read(16))
        tables[tag] = (start, length)
    return tables


def _family_names(f: BinaryIO, where: tuple[int, int] | None) -> list[str]:
    """The face's family names, the English typographic family (name 16) first,
    then the legacy family (name 1), then names in other languages."""
    if where is None:
        return []
    start, _ = where
    f.seek(start)
    _format, count, strings = struct.unpack(">HHH", f.read(6))
    records = [struct.unpack(">HHHHHH", f.read(12)) for _ in range(count)]
    found: list[tuple[int, str]] = []
    for platform, encoding, language, name_id, length, offset in records:
        if name_id not in (1, 16):
            continue
        f.seek(start + strings + offset)
        raw = f.read(length)
        if platform in (0, 3):
            text = raw.decode("utf-16-be", errors="replace")
        elif platform == 1 and encoding == 0:
            text = raw.decode("mac_roman", errors="replace")
        else:
            continue
        english = (platform == 3 and language == 0x409) or (platform == 1 and language == 0)
        found.append(((0 if name_id == 16 else 1) + (0 if english else 2), text.strip()))
    names: list[str] = []
    for _, text in sorted(found, key=lambda t: t[0]):
        if text and text not in names:
            names.append(text)
    return names


def _covered(f: BinaryIO, where: tuple[int, int] | None, chars: str) -> set[str]:
    """Which of `chars` the face's Unicode character map gives a glyph."""
    if where is None:
        return set()
    start, _ = where
    f.seek(start)
    _version, count = struct.unpack(">HH", f.read(4))
    subtables = {}
    for _ in range(count):
        platform, encoding, offset = struct.unpack(">HHI", f.read(8))
        subtables[(platform, encoding)] = start + offset
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        if key not in subtables:
            continue
        f.seek(subtables[key])
        (fmt,) = struct.unpack(">H", f.read(2))
        if fmt == 12:
            return _covered_format12(f, subtables[key], chars)
        if fmt == 4:
            return _covered_format4(f, subtables[key], chars)
    return set()


def _covered_format12(f: BinaryIO, at: int, chars: str) -> set[str]:
    f.seek(at + 12)
    (groups,) = struct.unpack(">I", f.read(4))
    data = f.read(12 * groups)
    spans = [struct.unpack_from(">III", data, 12 * i) for i in range(groups)]
    return {c for c in chars if any(s <= ord(c) <= e for s, e, _ in spans)}


def _covered_format4(f: BinaryIO, at: int, chars: str) -> set[str]:
    f.seek(at + 2)
    (length,) = struct.unpack(">H", f.read(2))
    f.seek(at)
    data = f.read(length)
    segments = struct.unpack_from(">H", data, 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, 14)
    starts = struct.unpack_from(f">{segments}H", data, 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, 16 + 4 * segments)
    range_at = 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", data, range_at)
    covered = set()
    for c in chars:
        code = ord(c)
        for i in range(segments):
            if ends[i] < code:
                continue
            if starts[i] > code:
                break
            if ranges[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                pos = range_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                glyph = struct.unpack_from(">H", data, pos)[0] if pos + 2 <= len(data) else 0
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                covered.add(c)
            break
    return covered

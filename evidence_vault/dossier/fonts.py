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
taken from the file the user gives with --font. The font files are read with
fontTools, lazily: a face's names are read first, and only the character map
of the face that ranks best by name is decoded (a CJK cmap is ~65,000 entries),
so choosing the SC face of Noto Sans CJK decodes one map, not ten.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_vault.errors import VaultError
from evidence_vault.i18n import L_

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
    raise VaultError(L_(
        "no Chinese font found: {install_hint}",
        install_hint=INSTALL_HINT))


def extract_face(font: Path, index: int, dest: Path) -> Path:
    """Write face `index` of a font file as a standalone font file at `dest`.

    A face of a collection is a table directory pointing into tables that the
    faces share; fontTools writes the tables that face points to, as they are
    (nothing is decoded), into a file of its own. Plain fonts are copied as they are."""
    from fontTools.ttLib import TTCollection

    with open(font, "rb") as f:
        if f.read(4) != b"ttcf":
            shutil.copyfile(font, dest)
            return dest
    try:
        with TTCollection(str(font), lazy=True) as collection:
            if not 0 <= index < len(collection.fonts):
                raise VaultError(L_(
                    "{font} has no face {index}",
                    font=font, index=index))
            collection.fonts[index].save(str(dest), reorderTables=False)
    except VaultError:
        raise
    except Exception as e:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
        raise VaultError(L_("cannot read the font {font}: {e}", font=font, e=e)) from e
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

    from evidence_vault.resources import user_cache_dir

    try:
        st = os.stat(font)
        key = hashlib.sha256(f"{os.path.realpath(font)}|{st.st_size}|{st.st_mtime_ns}|{index}"
                             .encode()).hexdigest()[:20]
        folder = user_cache_dir("fonts")
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
        raise VaultError(L_("font file not found: {path}", path=path))
    if not path.is_file():
        raise VaultError(L_(
            "not a font file: {path} (give a .ttf, .otf or .ttc file)",
            path=path))
    with _faces(path) as faces:
        best = _best_face(faces, variant)
    if best is None:
        raise VaultError(L_(
            "{name} has no Chinese characters: give a Chinese font (such as NotoSansCJK-Regular.ttc) "
            "with --font PATH",
            name=path.name))
    index, family = best
    return CjkFont(path, index, family, _bold_beside(path, family))


@dataclass
class _Face:
    """One face of a font file: its index, its family names, and (read on first use)
    which of the probe characters its Unicode character map gives a glyph."""

    index: int
    names: list[str]
    font: Any  # a lazy fontTools TTFont
    _covered: set[str] | None = None

    def covers(self, chars: str) -> bool:
        if self._covered is None:
            try:
                cmap = self.font.getBestCmap() or {}
            except Exception:  # noqa: BLE001 - a damaged cmap covers nothing
                cmap = {}
            self._covered = {c for c in _SIMPLIFIED + _TRADITIONAL if ord(c) in cmap}
        return set(chars) <= self._covered


@contextmanager
def _faces(path: Path) -> Iterator[list[_Face]]:
    """Each face of a font file, with its family names (its character map is read
    on demand), while the file is open."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        with open(path, "rb") as f:
            tag = f.read(4)
        if tag == b"ttcf":
            opened: Any = TTCollection(str(path), lazy=True)
            fonts = list(opened.fonts)
        elif tag in (b"\0\1\0\0", b"OTTO", b"true"):
            opened = TTFont(str(path), lazy=True)
            fonts = [opened]
        else:
            raise VaultError(L_(
                "not a font file: {path} (give a .ttf, .otf or .ttc file)",
                path=path))
    except VaultError:
        raise
    except Exception as e:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
        raise VaultError(L_("cannot read the font {path}: {e}", path=path, e=e)) from e
    try:
        yield [_Face(index, _family_names(font), font) for index, font in enumerate(fonts)]
    finally:
        opened.close()


def _by_rank(faces: list[_Face], variant: str) -> Iterator[_Face]:
    """The named faces, best by name first (the earlier face first among equals)."""
    return iter(sorted((f for f in faces if f.names), key=lambda f: (-_score(f.names, variant), f.index)))


def _best_face(faces: list[_Face], variant: str) -> tuple[int, str] | None:
    need = _TRADITIONAL if variant == "zh-Hant" else _SIMPLIFIED
    for face in _by_rank(faces, variant):
        if face.covers(need):
            return face.index, face.names[0]
    return None


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
    need = _TRADITIONAL if variant == "zh-Hant" else _SIMPLIFIED
    try:
        with _faces(path) as faces:
            for face in faces:
                if face.index == index and face.names and face.covers(need):
                    return face.names[0]
    except VaultError:
        return None
    return None


def _bold_beside(path: Path, family: str) -> tuple[Path, int] | None:
    """The bold face of the same family, in a file named like this one (…-Regular → …-Bold)."""
    if "Regular" not in path.name:
        return None
    bold = path.with_name(path.name.replace("Regular", "Bold"))
    if not bold.is_file():
        return None
    try:
        with _faces(bold) as faces:
            for face in faces:
                if family in face.names:
                    return bold, face.index
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


# -- reading a face's names ------------------------------------------------------------------------


def _family_names(font: Any) -> list[str]:
    """The face's family names, the English typographic family (name 16) first,
    then the legacy family (name 1), then names in other languages."""
    try:
        records = font["name"].names
    except Exception:  # noqa: BLE001 - no readable name table: a face without a name
        return []
    found: list[tuple[int, str]] = []
    for record in records:
        if record.nameID not in (1, 16):
            continue
        platform, encoding, language = record.platformID, record.platEncID, record.langID
        raw = record.string
        if isinstance(raw, str):
            text = raw
        elif platform in (0, 3):
            text = raw.decode("utf-16-be", errors="replace")
        elif platform == 1 and encoding == 0:
            text = raw.decode("mac_roman", errors="replace")
        else:
            continue
        english = (platform == 3 and language == 0x409) or (platform == 1 and language == 0)
        found.append(((0 if record.nameID == 16 else 1) + (0 if english else 2), text.strip()))
    names: list[str] = []
    for _, text in sorted(found, key=lambda t: t[0]):
        if text and text not in names:
            names.append(text)
    return names

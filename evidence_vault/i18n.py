"""The user's language: which one, its catalogue, and how words, times and money are said in it.

English is the source language: every message is written in English in the code and looked up
in a gettext catalogue (evidence_vault/locale/<lang>/LC_MESSAGES/evidence_vault.mo, compiled by
Babel from the .po beside it; see scripts/i18n.py). At run time only the standard library's
gettext is used.

Three kinds of marking:

- `_(msgid)`, `ngettext(singular, plural, n)`, `pgettext(context, msgid)`: translated now, in the
  language in use. The CLI's own lines use these, at the time it prints them.
- `L_(msgid, **values)` and `Ln_(singular, plural, n, **values)`: a message of the library (an
  error, a warning, a problem `verify` found). It *is* the English text (a `str`, so `--json`,
  the custody log and the database keep English whatever the language), and remembers its
  msgid and values, so the CLI can say it in the user's language with `localize()`.
- Click's help texts are not marked: scripts/i18n.py reads them from the command tree, and
  evidence_vault/cli/lang.py looks them up when help is shown.

The language comes from `vault --lang`, else `vault config lang` (a file in the user's config
folder), else LANGUAGE, LC_ALL, LC_MESSAGES, LANG (the first one set, as gettext reads them),
else, on Windows and macOS where those are often unset, the system's UI language.
"""

from __future__ import annotations

import gettext as _gettext
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

DOMAIN = "evidence_vault"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: the languages the CLI speaks, as --lang and `vault config lang` name them (the dossier's
#: names), and the catalogue each one uses
LANGS = {"zh": "zh_CN", "zh-Hant": "zh_TW", "en": "en"}
CONFIG_ENV_VAR = "EVIDENCE_VAULT_CONFIG"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_lang = "en"


# ---- which language ------------------------------------------------------------------------

def lang_of(tag: str | None) -> str | None:
    """The language a locale name or language tag asks for, or None when it is none of ours
    (zh_CN.UTF-8, zh-Hans-CN, zh_SG -> zh; zh_TW, zh_HK, zh-Hant -> zh-Hant; C, POSIX,
    en_US -> en; fr_FR -> None)."""
    if not tag:
        return None
    t = tag.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if t in ("c", "posix") or t == "en" or t.startswith("en-"):
        return "en"
    if t == "zh" or t.startswith("zh-"):
        parts = t.split("-")[1:]
        if "hant" in parts or any(p in ("tw", "hk", "mo") for p in parts):
            return "zh-Hant"
        return "zh"
    return None


def lang_from_env(env: dict[str, str] | os._Environ[str] | None = None) -> str | None:
    """The language of the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set (as
    Python's gettext reads them); LANGUAGE may list several (zh_TW:zh_CN:en)."""
    env = os.environ if env is None else env
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            for tag in value.split(":"):
                found = lang_of(tag)
                if found:
                    return found
            return None
    return None


def lang_from_system() -> str | None:
    """The system's UI language where the environment does not say: on Windows the user's UI
    language (GetUserDefaultUILanguage), on macOS the first of the user's preferred languages
    (AppleLanguages in the global preferences). None elsewhere, or when it cannot be read."""
    try:
        if sys.platform == "win32":
            import ctypes
            import locale

            langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
            return lang_of(locale.windows_locale.get(langid))
        if sys.platform == "darwin":
            return lang_of(_apple_languages(Path.home() / "Library" / "Preferences"
                                            / ".GlobalPreferences.plist"))
    except (OSError, ValueError, AttributeError):
        return None
    return None


def _apple_languages(plist: Path) -> str | None:
    import plistlib

    with open(plist, "rb") as f:
        prefs = plistlib.load(f)
    langs = prefs.get("AppleLanguages") or []
    return langs[0] if langs and isinstance(langs[0], str) else None


def config_path() -> Path:
    """The user's own settings (the language): $EVIDENCE_VAULT_CONFIG, else config.json in
    the platform's user config folder (~/.config/evidence-vault on Linux)."""
    if os.environ.get(CONFIG_ENV_VAR):
        return Path(os.environ[CONFIG_ENV_VAR])
    import platformdirs

    return Path(platformdirs.user_config_dir("evidence-vault", appauthor=False)) / "config.json"


def read_config() -> dict[str, Any]:
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_config(key: str, value: str | None) -> Path:
    path = config_path()
    data = read_config()
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def configured_lang() -> str | None:
    value = read_config().get("lang")
    return value if value in LANGS else None


def resolve(option: str | None = None) -> str:
    """The language to speak: --lang, else `vault config lang`, else the locale, else the
    system's UI language, else English."""
    return (lang_of(option) if option else None) or configured_lang() or lang_from_env() \
        or lang_from_system() or "en"


# ---- the catalogue in use ------------------------------------------------------------------

def use(lang: str) -> None:
    """Speak `lang` (zh, zh-Hant or en) from now on."""
    global _translation, _lang
    code = LANGS[lang]
    _lang = lang
    if code == "en":
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


def current() -> str:
    return _lang


def is_zh() -> bool:
    return _lang != "en"


def N_(msgid: str) -> str:  # noqa: N802 - gettext's naming
    """Marks a constant for the catalogue; it is translated where it is shown, with _()."""
    return msgid


def _(msgid: str) -> str:
    return _translation.gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, msgid: str) -> str:
    return _translation.pgettext(context, msgid)


def has_translation(msgid: str) -> bool:
    """Whether the catalogue in use says `msgid` in its language (English always does)."""
    return _lang == "en" or _translation.gettext(msgid) != msgid


class Msg(str):
    """A message of the library: its English text, which is what `str` gives, and what it was
    made from, so that localize() can say it in the user's language."""

    msgid: str
    plural: str | None
    n: int | None
    values: dict[str, Any]

    def __new__(cls, msgid: str, plural: str | None = None, n: int | None = None,
                values: dict[str, Any] | None = None) -> Msg:
        values = values or {}
        source = msgid if plural is None or n == 1 else plural
        self = super().__new__(cls, source.format(**values) if values or plural else source)
        self.msgid, self.plural, self.n, self.values = msgid, plural, n, values
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # kept across the reading workers' processes
        return (Msg, (self.msgid, self.plural, self.n, self.values))

    def localize(self) -> str:
        text = (_(self.msgid) if self.plural is None
                else ngettext(self.msgid, self.plural, self.n or 0))
        values = {k: localize(v) if isinstance(v, Msg) else v for k, v in self.values.items()}
        if not values and self.plural is None:
            return text
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
            return str(self)


def L_(msgid: str, **values: Any) -> Msg:  # noqa: N802 - gettext's naming
    """A library message, English now, said in the user's language by localize()."""
    return Msg(msgid, values=values)


def Ln_(singular: str, plural: str, n: int, **values: Any) -> Msg:  # noqa: N802
    """L_ with a count: the plural form is chosen by the language (Chinese has one)."""
    return Msg(singular, plural, n, {"n": n, **values})


def localize(text: object) -> str:
    """Any message in the user's language: a Msg by what it was made from; a plain string
    when the catalogue has it whole (a constant), else as it is."""
    if isinstance(text, Msg):
        return text.localize()
    if isinstance(text, BaseException):
        return localize(text.args[0]) if len(text.args) == 1 else str(text)
    s = str(text)
    return _(s) if s else s


# ---- times and money as a reader of the language expects them -----------------------------

def show_time(iso: str | None) -> str:
    """A stored ISO time for people: 2024-03-15 14:23:07 in English, 2024年3月15日 14:23:07 in
    Chinese (seconds only when there are any); a date alone stays a date. Never in --json."""
    if not iso:
        return ""
    if not is_zh():
        return iso.replace("T", " ")
    try:
        if len(iso) == 10:
            d = date.fromisoformat(iso)
            return f"{d.year}年{d.month}月{d.day}日"
        t = datetime.fromisoformat(iso)
    except ValueError:
        return iso.replace("T", " ")
    clock = f"{t.hour:02d}:{t.minute:02d}" + (f":{t.second:02d}" if t.second else "")
    return f"{t.year}年{t.month}月{t.day}日 {clock}"


def show_money(value: str | float | None) -> str:
    """An amount for people: ¥1,280.00 in Chinese; as stored (1280.00) in English."""
    if value is None or value == "":
        return ""
    if not is_zh():
        return str(value)
    try:
        return f"¥{float(str(value).replace(',', '')):,.2f}"
    except ValueError:
        return str(value)

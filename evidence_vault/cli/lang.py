"""The command line in the user's language: Click's help, its own messages, and wrapping.

- `apply(args)` picks the language before Click parses anything (so `vault --lang zh --help`
  and `vault --help` under LANG=zh_CN.UTF-8 are both in Chinese), then says every command's
  help, short help, epilog and option help in it. Those texts are written in English in the
  decorators and docstrings; scripts/i18n.py collects them from this same tree, so a command
  added anywhere needs no marking, only its translation.
- Click marks its own messages (Usage:, Options, Error: …, Missing argument …) with the
  standard library's gettext; they are routed to our catalogue, which carries them.
- Chinese help is wrapped by display width (a CJK character takes two columns) and may break
  between two characters, never before a closing mark (，。：） …).
"""

from __future__ import annotations

import inspect
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

import click

from evidence_vault import i18n

_EN = "_i18n_en"


def width(s: str) -> int:
    """Columns a string takes on a terminal: a CJK character two, a combining mark none."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


term_width = width  # a command's or option's English texts, kept where Click keeps its own


def apply(args: list[str]) -> str:
    """Choose the language for this run from `--lang` in `args` (before the command's name),
    `vault config lang`, the locale or the system, and say the CLI in it."""
    lang = i18n.resolve(lang_option(args))
    i18n.use(lang)
    _route_click()
    return lang


def lang_option(args: list[str]) -> str | None:
    """The value of `--lang` among the group's own options (those before the command)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang":
            return args[i + 1] if i + 1 < len(args) else None
        if arg == "--vault":
            i += 2
            continue
        if not arg.startswith("-"):
            return None
        i += 1
    return None


_routed = False


def _route_click() -> None:
    """Click's modules call the stdlib's gettext under the name `_` (and ngettext); they are
    pointed at the catalogue in use, which carries Click's messages (scripts/i18n.py takes
    them from the installed Click). tests/test_i18n.py fails if Click's words stay English."""
    global _routed
    if _routed:
        return
    import gettext

    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (click.core, click.decorators, click.exceptions, click.formatting,
                   click.parser, click.termui, click.types, click.utils):
        if getattr(module, "_", None) is gettext.gettext:
            module._ = i18n._  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    _routed = True


# ---- the command tree in the language in use -----------------------------------------------

def walk(group: click.Group, path: tuple[str, ...] = ()
         ) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command under `group` (hidden ones too), with its path of names."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None:
            continue
        yield (*path, name), cmd
        if isinstance(cmd, click.Group):
            yield from walk(cmd, (*path, name))


def english_texts(cmd: click.Command) -> dict[str, Any]:
    """A command's English help texts as Click shows them (the msgids of the catalogue),
    and its options' by option name. Kept on the command the first time they are read."""
    saved = getattr(cmd, _EN, None)
    if saved is None:
        saved = {
            "help": inspect.cleandoc(cmd.help) if cmd.help else None,
            "short_help": inspect.cleandoc(cmd.short_help) if cmd.short_help else None,
            "epilog": inspect.cleandoc(cmd.epilog) if cmd.epilog else None,
            "params": {p.name: getattr(p, "help", None) for p in cmd.params},
        }
        setattr(cmd, _EN, saved)
    return saved


def msgids(root: click.Group) -> Iterator[tuple[str, str]]:
    """(msgid, where) for every help text of the tree: what the catalogue must translate."""
    for path, cmd in [((), root), *walk(root)]:
        texts = english_texts(cmd)
        where = " ".join(("vault", *path))
        for key in ("help", "short_help", "epilog"):
            if texts[key]:
                yield texts[key], f"{where} ({key})"
        for name, text in texts["params"].items():
            if text:
                yield text, f"{where} --{name}"


def first_sentence(text: str) -> str:
    """A command's line in a listing: its help's first sentence (to the first 。 or ". ")."""
    para = " ".join(text.split("\n\n")[0].replace("\b", "").split())
    ends = [(para.find(mark), keep) for mark, keep in (("。", ""), ("；", ""), (". ", "."))
            if mark in para]
    if ends:
        at, keep = min(ends)
        para = para[:at] + keep
    return para


def localize_tree(root: click.Group) -> None:
    """Every help text of the tree in the language in use (English: as written)."""
    for cmd in [root, *(c for _, c in walk(root))]:
        texts = english_texts(cmd)
        cmd.context_class = Context
        cmd._help_option = None  # Click keeps --help's option, and its words, once made
        cmd.help = i18n._(texts["help"]) if texts["help"] else texts["help"]
        cmd.epilog = i18n._(texts["epilog"]) if texts["epilog"] else texts["epilog"]
        if texts["short_help"]:
            cmd.short_help = i18n._(texts["short_help"])
            if i18n.is_zh():
                cmd.short_help = cmd.short_help.rstrip("。")
        elif i18n.is_zh() and cmd.help:
            cmd.short_help = first_sentence(cmd.help)
        else:
            cmd.short_help = None
        for p in cmd.params:
            en = texts["params"].get(p.name)
            if en and isinstance(p, click.Option):
                p.help = i18n._(en)


# ---- Chinese wrapped by display width ------------------------------------------------------

_NO_LINE_START = set("，。、；：？！）」』》”’,.;:?!)]}…%")
_NO_LINE_END = set("（「『《“‘([{")


def _wide(c: str) -> bool:
    return term_width(c) == 2


def _units(text: str) -> list[str]:
    """A paragraph as units a line may break between: words of Latin script, each CJK
    character, and single spaces."""
    out: list[str] = []
    word = ""
    bracket = False  # Click's [环境变量：…] and [default: …] stay on one line when they fit
    for c in text:
        if bracket:
            word += c
            bracket = c != "]"
            continue
        if c == "[" and "]" in text and not word:
            bracket, word = True, c
            continue
        if c == " " or _wide(c):
            if word:
                out.append(word)
                word = ""
            out.append(c)
        else:
            word += c
    if word:
        out.append(word)
    return out


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """One paragraph filled to `width` columns."""
    lines: list[str] = []
    line, used = first, term_width(first)
    units = _units(text)
    i = 0
    while i < len(units):
        u = units[i]
        w = term_width(u)
        at_start = line.strip() == ""
        if u == " ":
            if not at_start:
                line, used = line + u, used + 1
            i += 1
            continue
        fits = used + w <= width
        if not fits and not at_start and u not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = rest, term_width(rest)
            # an opening mark that ended the line moves down with what it opens
            continue
        if fits and i + 1 < len(units) and u in _NO_LINE_END \
                and used + w + term_width(units[i + 1]) > width and not at_start:
            lines.append(line.rstrip())
            line, used = rest, term_width(rest)
            continue
        line, used = line + u, used + w
        i += 1
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _join(lines: list[str]) -> str:
    """Lines of one paragraph as one text: a space between words, none between two CJK
    characters."""
    out = ""
    for line in (x.strip() for x in lines):
        if out and line and not (_wide(out[-1]) or _wide(line[0])):
            out += " "
        out += line
    return out


def fill(text: str, width: int, indent: str = "") -> str:
    """Click's paragraphs (blank-line separated; one starting with \\b is kept as written)
    filled to `width`, each indented like its first line."""
    out: list[str] = []
    for para in _paragraphs(text):
        if para and para[0].strip() == "\b":
            out.append("\n".join(indent + line for line in para[1:]))
            continue
        extra = " " * (len(para[0]) - len(para[0].lstrip()))
        out.append("\n".join(wrap(_join(para), width, indent + extra, indent + extra)))
    return "\n\n".join(out)


def _paragraphs(text: str) -> Iterable[list[str]]:
    para: list[str] = []
    for line in text.expandtabs().splitlines():
        if line.strip():
            para.append(line)
        elif para:
            yield para
            para = []
    if para:
        yield para


class HelpFormatter(click.HelpFormatter):
    """Click's formatter, measuring by display width once the language is Chinese."""

    def write_text(self, text: str) -> None:
        if not i18n.is_zh():
            return super().write_text(text)
        self.write(fill(text, self.width, " " * self.current_indent) + "\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if not i18n.is_zh():
            return super().write_usage(prog, args, prefix)
        if prefix is None:
            usage = i18n._("Usage:")
            prefix = usage if _wide(usage[-1]) else usage + " "
        head = f"{prefix}{prog} "
        lines = wrap(args, self.width, head, " " * term_width(head)) if args else [head.rstrip()]
        self.write("\n".join(lines) + "\n")

    def write_heading(self, heading: str) -> None:
        if not i18n.is_zh():
            return super().write_heading(heading)
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        if not i18n.is_zh():
            return super().write_dl(rows, col_max, col_spacing)
        rows = list(rows)
        first_col = min(max((term_width(r[0]) for r in rows), default=0), col_max) + col_spacing
        pad = " " * (self.current_indent + first_col)
        for term, text in rows:
            head = " " * self.current_indent + term
            if not text:
                self.write(head + "\n")
                continue
            if term_width(term) <= first_col - col_spacing:
                head += " " * (first_col - term_width(term))
            else:
                self.write(head + "\n")
                head = pad
            body = wrap(_join(text.splitlines()), self.width, head, pad)
            self.write("\n".join(body) + "\n")


class Context(click.Context):
    formatter_class = HelpFormatter


# ---- what people type, in either language --------------------------------------------------

#: the Chinese words (simplified and traditional) accepted beside each English value
STATUS_WORDS = {"kept": ["兑现", "已兑现", "兌現", "已兌現"], "broken": ["未兑现", "未兌現"],
                "open": ["待定", "未定"]}
CHANNEL_WORDS = {"phone": ["电话", "電話"], "chat": ["聊天"], "email": ["邮件", "郵件", "电邮", "電郵"],
                 "sms": ["短信", "簡訊", "短訊"], "visit": ["上门", "上門"], "other": ["其他"]}


class Words(click.Choice):
    """A choice of English words that also takes their Chinese (`兑现` is `kept`); what the
    command gets, and what --json and the vault keep, is the English word."""

    def __init__(self, words: dict[str, list[str]]) -> None:
        super().__init__(list(words))
        self.aliases = {alias: word for word, aliases in words.items() for alias in aliases}
        self.words = words

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            value = self.aliases.get(value.strip(), value.strip())
        return super().convert(value, param, ctx)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        metavar = super().get_metavar(param, ctx)
        if not i18n.is_zh() or not metavar:
            return metavar
        opening, closing = metavar[0], metavar[-1]
        chinese = [self.words[w][0] if i18n.current() == "zh" else self.words[w][-1]
                   for w in self.words]
        return f"{opening}{'|'.join([*self.words, *chinese])}{closing}"


def said_back(value: str | None, iso: str | None, option: str) -> None:
    """Say on stderr what a time typed as 昨天 14:30 or 3月5日 became, so the user sees the
    absolute time the vault keeps (never on stdout: --json stays as it is)."""
    from evidence_vault.when import said_as_typed

    if value and iso and not said_as_typed(value):
        click.echo(i18n._("{option} {value} is {time}").format(
            option=option, value=value, time=i18n.show_time(iso)), err=True)

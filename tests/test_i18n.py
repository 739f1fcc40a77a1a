"""The command line in Chinese (issue 13): the catalogue is complete and compiled, every help
is Chinese under zh_CN, the language follows the locale and its overrides, Chinese words and
dates are accepted where a person types, and --json never changes with the language."""

from __future__ import annotations

import importlib.util
import io
import json
import pickle
import re
from pathlib import Path

import click
import pytest
from conftest import REPO, png_bytes

from evidence_vault import i18n
from evidence_vault.cli import TASKS, cli, lang

ZH_ENV = {"LANG": "zh_CN.UTF-8"}


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built():
    pytest.importorskip("babel")
    script = _script()
    return script, script.build()


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.use("en")


# ---- the catalogue ----------------------------------------------------------------------

def test_every_message_has_its_chinese(built):
    """A string marked in the package, a help text of the command tree or a message of Click
    without a zh_CN translation fails here, naming it (scripts/i18n.py adds it to the .po)."""
    script, files = built
    from babel.messages.pofile import read_po

    cat = read_po(io.BytesIO(files[script._po("zh_CN")]), locale="zh_CN")
    missing = script.untranslated(cat)
    assert not missing, f"{len(missing)} messages without zh_CN, e.g. {missing[:5]}"
    assert len([m for m in cat if m.id]) > 500  # the tree, the library and Click: all there


def test_the_committed_catalogues_are_what_the_tools_make(built):
    """messages.pot, both .po and both compiled .mo are what scripts/i18n.py makes now: a
    new or changed message, or a .mo not compiled from its .po, fails (run the script)."""
    _, files = built
    stale = [str(p.relative_to(REPO)) for p, data in files.items() if p.read_bytes() != data]
    assert not stale, f"run `python scripts/i18n.py`: out of date: {stale}"


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{[^{}]*\}", text.replace("{{", "").replace("}}", "")))


def test_each_translation_keeps_the_placeholders_and_paragraphs(built):
    script, files = built
    from babel.messages.pofile import read_po

    for code in ("zh_CN", "zh_TW"):
        cat = read_po(io.BytesIO(files[script._po(code)]), locale=code)
        for m in cat:
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            wanted = set(_placeholders(ids[0])) | set(_placeholders(ids[-1]))
            for s in strings:
                if len(ids) == 1:
                    assert _placeholders(s) == _placeholders(ids[0]), (code, ids[0], s)
                else:  # one Chinese form for every count: any of the forms' values
                    assert set(_placeholders(s)) <= wanted, (code, ids[0], s)
                assert ids[0].count("\b") == s.count("\b"), (code, ids[0])
                if "\nExample:\n" in ids[0]:
                    example = ids[0].split("Example:\n", 1)[1].split("\n")[0].split()[:2]
                    assert " ".join(example) in s, (ids[0], s)  # the command line stays


def test_no_message_is_built_where_it_cannot_be_extracted(built, capsys):
    """An f-string inside _(), L_() … cannot be translated; Babel says so, and so does this."""
    script, _ = built
    list(script.from_source())
    assert "Skipping f-string" not in capsys.readouterr().err


def test_traditional_is_made_from_simplified(built):
    script, files = built
    from babel.messages.pofile import read_po

    tw = read_po(io.BytesIO(files[script._po("zh_TW")]), locale="zh_TW")
    assert tw.get("Collect evidence").string == "收集證據"
    assert "檔案" in tw.get("file").string


# ---- which language ---------------------------------------------------------------------

@pytest.mark.parametrize("tag, found", [
    ("zh_CN.UTF-8", "zh"), ("zh_SG", "zh"), ("zh-Hans-CN", "zh"), ("zh", "zh"),
    ("zh_TW.Big5", "zh-Hant"), ("zh_HK.UTF-8", "zh-Hant"), ("zh-Hant", "zh-Hant"),
    ("zh_MO", "zh-Hant"), ("C", "en"), ("POSIX", "en"), ("C.UTF-8", "en"), ("en_GB.UTF-8", "en"),
    ("fr_FR.UTF-8", None), ("", None),
])
def test_locale_names(tag, found):
    assert i18n.lang_of(tag) == found


def test_the_first_variable_set_decides_as_gettext_reads_them():
    assert i18n.lang_from_env({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert i18n.lang_from_env({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.lang_from_env({"LANGUAGE": "fr:zh_TW:en", "LANG": "C"}) == "zh-Hant"
    assert i18n.lang_from_env({"LC_MESSAGES": "zh_HK.UTF-8", "LANG": "en_US.UTF-8"}) == "zh-Hant"
    assert i18n.lang_from_env({}) is None


def test_the_system_ui_language_on_windows_and_macos(tmp_path):
    import locale
    import plistlib

    # Windows: GetUserDefaultUILanguage gives a LANGID, which the locale table names
    assert i18n.lang_of(locale.windows_locale[0x0804]) == "zh"
    assert i18n.lang_of(locale.windows_locale[0x0404]) == "zh-Hant"
    assert i18n.lang_of(locale.windows_locale[0x0C04]) == "zh-Hant"  # Hong Kong
    # macOS: the first of AppleLanguages in the global preferences
    plist = tmp_path / ".GlobalPreferences.plist"
    plist.write_bytes(plistlib.dumps({"AppleLanguages": ["zh-Hans-CN", "en-CN"]},
                                     fmt=plistlib.FMT_BINARY))
    assert i18n.lang_of(i18n._apple_languages(plist)) == "zh"


def test_lang_option_then_config_then_locale(run, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "用法：" in run("list", "--help").stdout
    assert "Usage:" in run("--lang", "en", "list", "--help").stdout
    assert "Usage:" in run("--lang=en", "--help").stdout
    assert run("config", "lang", "en").stdout.strip() == "en"
    assert "Usage:" in run("list", "--help").stdout  # the config beats the locale
    assert "用法：" in run("--lang", "zh", "list", "--help").stdout  # --lang beats the config
    assert "用法：" in run("--help", "--lang", "zh").stdout
    run("config", "lang", "auto")
    assert "用法：" in run("list", "--help").stdout
    assert "選項" in run("--lang", "zh-Hant", "list", "--help").stdout
    bad = run("--lang", "fr", "list", ok=False)
    assert bad.exit_code == 2 and "zh、zh-Hant 或 en" in bad.stderr


def test_config_lang_is_the_users_not_the_vaults(run, vault_dir, tmp_path):
    run("config", "lang", "zh-TW")
    assert json.loads((tmp_path / "user-config.json").read_text()) == {"lang": "zh-Hant"}
    assert not vault_dir.exists()  # setting the language opened no vault
    assert run.json("config") == {"engine": "none", "lang": "zh-Hant"}
    bad = run("config", "lang", "klingon", ok=False)
    assert bad.exit_code == 2


# ---- the help, all of it ----------------------------------------------------------------

_ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}")


def _english_sentences(text: str) -> list[str]:
    """Runs of three English words or more, outside what stays English on purpose: command
    lines of the examples, `code`, option names, metavars, quoted and bracketed values."""
    found = []
    in_example = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped in ("示例：", "Example:"):
            in_example = True
            continue
        if in_example and (stripped.startswith(("vault", '"', "--")) or line.startswith("      ")):
            continue
        in_example = False
        if stripped.startswith(("用法：", "Usage:")):
            continue
        s = re.sub(r"`[^`]*`", " ", line)
        s = re.sub(r"--?[a-z][a-z-]*(?: [A-Z][A-Z_ ]*\b)?", " ", s)
        s = re.sub(r"\b[A-Z][A-Z_]+\b", " ", s)          # metavars and names: SLUG, SHA-256
        s = re.sub(r"\[[^\]]*\]|\{[^}]*\}|'[^']*'", " ", s)  # [env var: …], {a|b}, 'x'
        found += [m.group(0) for m in _ENGLISH_RUN.finditer(s)]
    return found


def test_every_commands_help_is_chinese_under_zh_cn(run, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    paths = [()] + [p for p, c in lang.walk(cli) if not c.hidden]
    assert len(paths) > 30
    for path in paths:
        out = run(*path, "--help").stdout
        assert "用法：" in out and "选项：" in out, path
        english = _english_sentences(out)
        assert not english, (path, english)


def test_the_check_finds_an_english_sentence():
    assert _english_sentences("  把文件加入证据库。 The same bytes added again") == [
        "The same bytes added again"]
    assert _english_sentences("  --case SLUG  把证据放进这个案件 (jd-refund)") == []


def test_chinese_help_is_wrapped_by_display_width():
    lines = lang.wrap("原件逐字节原样保存，以 SHA-256 命名。同样的内容再次加入时会报告为重复，并关联到案件。",
                      30, "  ", "  ")
    from evidence_vault.cli.lang import width

    assert all(width(x) <= 30 for x in lines) and len(lines) > 2
    assert not any(x.strip()[0] in "，。" for x in lines)  # never a line starting with ，
    assert "".join(x.strip() for x in lines).replace(" ", "") == \
        "原件逐字节原样保存，以SHA-256命名。同样的内容再次加入时会报告为重复，并关联到案件。"


def test_vault_help_lists_every_command_by_task(run, monkeypatch):
    placed = {name for _, names in TASKS for name in names}
    listed = {name for name in cli.list_commands(click.Context(cli))
              if not cli.commands[name].hidden}
    assert listed <= placed, f"commands in no task of cli.TASKS: {sorted(listed - placed)}"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    out = run("help").stdout
    headings = [line for line in out.splitlines() if line.endswith("：") and " " not in line]
    assert headings[:6] == ["收集证据：", "记录沟通：", "跟进承诺：", "查找：", "导出材料：", "校验："]
    assert "其他：" not in out
    assert "  add " in out and "把文件和文件夹" in out
    assert run("help", "add").stdout == run("add", "--help").stdout
    assert run("help", "case", "new").stdout == run("case", "new", "--help").stdout
    assert run("help", "nope", ok=False).exit_code == 2
    assert run().stdout.startswith("vault：")


def test_clicks_own_messages_are_chinese(run, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    missing = run("show", ok=False)
    assert missing.exit_code == 2
    assert "用法：cli show" in missing.stderr and "错误：缺少参数 'REF'" in missing.stderr
    assert "没有选项 '--nope'" in run("list", "--nope", ok=False).stderr


# ---- what a person types ----------------------------------------------------------------

def test_chinese_words_where_a_value_is_typed(run, files):
    run("add", str(files("a.png", png_bytes())), "--case", "jd")
    note = run.json("note", "--case", "jd", "--channel", "电话", "--at", "2024-03-16 10:05",
                    "--promise", "3个工作日内退款", "--due", "2099-03-21", "客服承诺退款")
    assert note["channel"] == "phone"
    assert run.json("promise", "P1", "兑现")["status"] == "kept"
    assert run.json("promise", "P1", "未兑现")["status"] == "broken"
    assert run.json("promise", "P1", "待定")["status"] == "open"
    assert run.json("promise", "P1", "已兌現")["status"] == "kept"
    assert run.json("note", "amend", "N1", "--channel", "上门", "--reason", "其实是上门")[
        "channel"] == "visit"
    assert run("promise", "P1", "也许", ok=False).exit_code == 2


def test_a_relative_time_is_said_back_as_the_time_it_became(run, files):
    from datetime import date, timedelta

    yesterday = date.today() - timedelta(days=1)
    result = run("note", "--case", "jd", "--channel", "chat", "--at", "昨天 14:30", "--json",
                 "催退款")
    assert json.loads(result.stdout)["at"] == f"{yesterday.isoformat()}T14:30:00"
    assert result.stderr.strip() == f"--at 昨天 14:30 is {yesterday.isoformat()} 14:30:00"
    add = run("--lang", "zh", "add", str(files("b.png", png_bytes(color=(1, 2, 3)))),
              "--at", "2024/3/5")
    assert "--at 2024/3/5 即 2024年3月5日" in add.stderr
    quiet = run("add", str(files("c.png", png_bytes(color=(3, 2, 1)))), "--at", "2024-03-05")
    assert quiet.stderr == ""  # written as the absolute time: nothing to say back


# ---- the language of output, and what never changes --------------------------------------

def test_times_amounts_and_plurals():
    assert i18n.show_time("2024-03-15T14:23:00") == "2024-03-15 14:23:00"
    assert i18n.show_money("1280.00") == "1280.00"
    assert i18n.ngettext("{n} field", "{n} fields", 1).format(n=1) == "1 field"
    assert i18n.ngettext("{n} field", "{n} fields", 2).format(n=2) == "2 fields"
    i18n.use("zh")
    assert i18n.show_time("2024-03-15T14:23:00") == "2024年3月15日 14:23"
    assert i18n.show_time("2024-03-15T14:23:07") == "2024年3月15日 14:23:07"
    assert i18n.show_time("2024-03-05") == "2024年3月5日"
    assert i18n.show_money("1280.00") == "¥1,280.00"
    assert i18n.ngettext("{n} field", "{n} fields", 1).format(n=1) == "1 个字段"
    assert i18n.ngettext("{n} field", "{n} fields", 2).format(n=2) == "2 个字段"


def test_english_counts_say_one_and_many(run, files):
    out = run("init").stdout
    assert "0 items, 0 notes, 0 cases" in out
    run("add", str(files("a.png", png_bytes())), "--case", "jd")
    assert "1 item, 0 notes, 1 case;" in run("init").stdout


def test_a_library_message_is_english_and_can_say_itself_in_chinese():
    msg = i18n.L_("no case named {slug!r}; `vault case list` shows the cases", slug="jd")
    assert msg == "no case named 'jd'; `vault case list` shows the cases"
    assert json.dumps({"error": msg}) == json.dumps({"error": str(msg)})
    again = pickle.loads(pickle.dumps(msg))  # across the reading workers
    i18n.use("zh")
    assert i18n.localize(again) == "没有名为 'jd' 的案件；`vault case list` 列出了所有案件"
    plural = i18n.Ln_("page {listed} of the PDF is an image and was not read: {reason}; OCR "
                      "would read it (`vault reocr` with an engine that can run)",
                      "pages {listed} of the PDF are images and were not read: {reason}; OCR "
                      "would read them (`vault reocr` with an engine that can run)", 2,
                      listed="2-3", reason=i18n.L_("no such file or folder"))
    i18n.use("en")
    assert str(plural).startswith("pages 2-3 of the PDF are images")
    i18n.use("zh")
    assert i18n.localize(plural).startswith("PDF 的第 2-3 页是图片，没有识别：没有这个文件或文件夹")


def test_errors_are_said_in_chinese(run, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    result = run("case", "show", "nope", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == "错误：没有名为 'nope' 的案件；`vault case list` 列出了所有案件"
    bad_at = run("note", "--case", "x", "--channel", "phone", "--at", "某天", "x", ok=False)
    assert "无法识别--at 时间 '某天'" in bad_at.stderr


def test_json_is_the_same_bytes_in_every_language(tmp_path, monkeypatch):
    """Every --json command of the contracts test, run once under LANG=C and once under
    LANG=zh_CN.UTF-8 on the same vault state (same path, a frozen clock and vault id), prints
    the same bytes. Only durations measured by the run (backup's seconds) are set aside."""
    from test_json_contracts import json_commands, run_contract_commands

    runs = {}
    for locale in ("C.UTF-8", "zh_CN.UTF-8"):
        root = tmp_path / "same"
        with monkeypatch.context() as mp:
            mp.setenv("LANG", locale)
            _freeze(mp)
            runs[locale] = run_contract_commands(root)
        import shutil

        shutil.rmtree(root)
    english, chinese = runs["C.UTF-8"], runs["zh_CN.UTF-8"]
    assert [a for a, _ in english] == [a for a, _ in chinese]
    assert len(english) > 50
    ran = {a[0] for a, _ in english}
    assert {name.split("-")[0] for name in json_commands()} <= ran
    import difflib

    for (args, en), (_, zh) in zip(english, chinese, strict=True):
        diff = [d for d in difflib.unified_diff(_steady(en).splitlines(), _steady(zh).splitlines(),
                                                lineterm="", n=2)]
        assert not diff, (args[:2], "\n".join(diff))


def _steady(out: str) -> str:
    return re.sub(r'"seconds": [0-9.e-]+', '"seconds": 0', out)


def _freeze(mp: pytest.MonkeyPatch) -> None:
    import uuid
    from datetime import datetime, timedelta, timezone

    import evidence_vault.when as when

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            t = cls(2026, 5, 20, 10, 0, 0, tzinfo=timezone(timedelta(hours=8)))
            return t if tz else t.replace(tzinfo=None)

    mp.setattr(when, "datetime", Frozen)
    from reportlab import rl_config  # the invoice PDF the contracts add: no date, no random id

    mp.setattr(rl_config, "invariant", 1)
    import time
    import types
    import zipfile  # the Word list's zip entries are stamped with the time they are written

    mp.setattr(zipfile, "time", types.SimpleNamespace(time=lambda: 1779242400.0,
                                                      localtime=time.localtime))
    mp.setattr(uuid, "uuid4", lambda: uuid.UUID("12345678-1234-5678-1234-567812345678"))


def test_the_package_ships_its_catalogues():
    mo = Path(i18n.__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES" / "evidence_vault.mo"
    assert mo.is_file()

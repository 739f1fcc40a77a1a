"""Every command through the CLI, with JSON checked against schema/json."""

from __future__ import annotations

import json

import click
import jsonschema
import pytest
from conftest import png_bytes

from evidence_vault import __version__, resources


def valid(name: str, obj: dict) -> dict:
    schema = json.loads(resources.json_schema(name).read_text(encoding="utf-8"))
    jsonschema.validate(obj, schema)
    return obj


def test_bare_vault_lists_commands(run):
    out = run().stdout
    for name in ("init", "add", "list", "show", "case", "link", "unlink", "note", "log",
                 "verify"):
        assert f"\n  {name} " in out
    assert "Run `vault COMMAND --help`" in out


def test_version(run):
    assert run("--version").stdout.strip() == f"vault, version {__version__}"


def test_init(run, vault_dir):
    out = run("init").stdout
    assert str(vault_dir) in out and "custody log at #1" in out
    info = valid("init", run.json("init"))
    assert info["path"] == str(vault_dir) and info["items"] == 0


def test_global_vault_option_beats_environment(run, tmp_path):
    other = tmp_path / "other"
    run("--vault", str(other), "init")
    assert (other / "vault.db").exists()


def test_add_list_show(run, files):
    shot = files("Screenshot_20240315-142307.png", png_bytes())
    result = run("add", str(shot), "--case", "jd-refund", "--note", "订单页")
    assert result.stdout.splitlines() == [
        f"added     E1     {shot}  image/png  captured 2024-03-15 14:23:07 (filename)",
        "created case jd-refund",
        "1 added, 0 duplicate, 0 failed; case jd-refund",
    ]
    listed = valid("list", run.json("list"))
    assert [(i["ref"], i["filename"], i["cases"]) for i in listed["items"]] == [
        ("E1", shot.name, ["jd-refund"])]
    shown = valid("show", run.json("show", "E1"))
    assert shown["captured_at"] == "2024-03-15T14:23:07"
    assert shown["captured_at_source"] == "filename" and shown["note"] == "订单页"
    assert shown["ocr"] is None and shown["fields"] == []
    text = run("show", shown["sha256"][:8]).stdout
    assert "captured  2024-03-15 14:23:07 (claimed; from filename)" in text
    assert run("list").stdout.splitlines()[1].startswith("E1   2024-03-15 14:23:07  image/png")


def test_add_json_and_duplicates(run, files):
    a = files("a.png", png_bytes())
    first = valid("add", run.json("add", str(a)))
    assert (first["added"], first["items"][0]["ref"]) == (1, "E1")
    second = valid("add", run.json("add", str(a), "--case", "c2"))
    assert second["duplicate"] == 1 and second["items"][0]["status"] == "duplicate"
    assert second["items"][0]["cases"] == ["c2"]
    out = run("add", str(a)).stdout
    assert "duplicate E1" in out and "already in the vault; in c2" in out


def test_add_bad_paths_exit_1_and_keep_the_rest(run, files, tmp_path):
    good = files("good.png", png_bytes())
    empty = files("empty.png", b"")
    result = run("add", str(empty), str(tmp_path / "gone.png"), str(good), ok=False)
    assert result.exit_code == 1
    assert [ln for ln in result.stderr.splitlines() if ln.startswith("Error")] == [
        f"Error: {empty}: empty file (0 bytes); nothing to keep",
        f"Error: {tmp_path / 'gone.png'}: no such file or folder",
    ]
    # the good file has no capture time of its own: add says so, and how to set one
    assert "no capture time in its name or metadata" in result.stderr
    assert "`vault item set E1 --at" in result.stderr
    assert "Traceback" not in result.output
    assert "1 added, 0 duplicate, 2 failed" in result.stdout
    assert len(run.json("list")["items"]) == 1


def test_add_bad_at_is_usage_error_without_traceback(run, files):
    result = run("add", str(files("a.png", png_bytes())), "--at", "someday", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: cannot read --at time 'someday'; write it like 2024-03-16 10:05, 2024-03-16, "
        "3月5日, 昨天 14:30 or 上周五")


def test_add_unknown_engine_is_usage_error(run, files):
    result = run("add", str(files("a.png", png_bytes())), "--engine", "magic", ok=False)
    assert result.exit_code == 2 and "Invalid value for '--engine'" in result.stderr


def test_show_errors(run):
    for ref, msg in [("E5", "no item 'E5'"), ("xyz", "cannot read 'xyz' as an item"),
                     ("abcdef", "no item with a SHA-256 starting 'abcdef'")]:
        result = run("show", ref, ok=False)
        assert result.exit_code == 1 and msg in result.stderr and "Traceback" not in result.output


def test_cases(run, files):
    out = run("case", "new", "jd-refund", "--title", "京东退款纠纷", "--against", "某某旗舰店",
              "--platform", "京东").stdout
    assert out == "created case jd-refund: 京东退款纠纷\n"
    listed = valid("case-list", run.json("case", "list"))
    assert listed["cases"][0]["against"] == "某某旗舰店"
    assert "jd-refund  京东退款纠纷  某某旗舰店  京东" in run("case", "list").stdout
    run("add", str(files("a.png", png_bytes())))
    assert run("link", "E1", "--case", "jd-refund").stdout == "linked E1 to jd-refund\n"
    assert run("link", "1", "--case", "jd-refund").stdout == "already in jd-refund; nothing changed\n"
    shown = valid("case-show", run.json("case", "show", "jd-refund"))
    assert [i["ref"] for i in shown["items"]] == ["E1"]
    assert run.json("link", "E1", "--case", "jd-refund") == {"case": "jd-refund", "linked": []}
    assert run("unlink", "E1", "--case", "jd-refund").stdout == "unlinked E1 from jd-refund\n"
    assert run.json("unlink", "E1", "--case", "jd-refund") == {"case": "jd-refund", "unlinked": []}
    result = run("case", "new", "../x", "--title", "t", ok=False)
    assert result.exit_code == 1 and "invalid case name '../x'" in result.stderr
    result = run("case", "show", "nope", ok=False)
    assert result.stderr.strip() == "Error: no case named 'nope'; `vault case list` shows the cases"
    assert run("case", "new", "x", ok=False).exit_code == 2  # --title missing


def test_note(run, files):
    run("add", str(files("call.m4a", b"\0" * 40 + b"audio")))
    result = run("note", "--case", "jd-refund", "--channel", "phone", "--with", "客服 工号A1023",
                 "--at", "2024-03-16 10:05", "--promise", "3个工作日内退款", "--due", "2024-03-21",
                 "--attach", "E1", "客服确认订单异常，承诺退款")
    assert result.stdout.splitlines() == ["noted N1 in jd-refund",
                                          "  promise P1: 3个工作日内退款 due 2024-03-21",
                                          "created case jd-refund"]
    shown = valid("show", run.json("show", "N1"))
    assert shown["with"] == "客服 工号A1023" and shown["attachments"] == ["E1"]
    note = valid("note", run.json("note", "--case", "jd-refund", "--channel", "chat",
                                  "--at", "2024-03-17 09:00", "--ticket", "GD-88", "催促退款"))
    assert note["ticket"] == "GD-88" and note["ref"] == "N2"
    assert "N1    2024-03-16 10:05:00  phone with 客服 工号A1023" in run(
        "case", "show", "jd-refund").stdout
    bad = run("note", "--case", "x", "--channel", "fax", "--at", "2024-03-16", "t", ok=False)
    assert bad.exit_code == 2


def test_log_and_verify(run, files):
    shot = files("a.png", png_bytes())
    run("add", str(shot), "--case", "c")
    log = valid("log", run.json("log"))
    assert [e["action"] for e in log["entries"]] == ["init", "case-new", "add"]
    assert log["entries"][1]["prev"] == log["entries"][0]["hash"]
    assert "add       E1" in run("log").stdout
    report = valid("verify", run.json("verify"))
    # What verify checked is the state before its own log entry: init, case-new, add.
    assert report == {"ok": True,
                      "checked": {"items": 1, "notes": 0, "cases": 1, "promises": 0, "readings": 0,
                                  "log": 3, "bytes": shot.stat().st_size, "in_flight": 0},
                      "problems": [], "notices": []}
    assert [e["action"] for e in run.json("log")["entries"]][-1] == "verify"
    assert run("verify").stdout.splitlines()[-1].startswith("OK:")


def test_verify_failure_exit_code_and_message(run, files, vault_dir):
    import os

    r = run.json("add", str(files("a.png", png_bytes())))
    sha = r["items"][0]["sha256"]
    blob = vault_dir / "objects" / sha[:2] / sha[2:]
    os.chmod(blob, 0o644)
    blob.write_bytes(b"changed")
    result = run("verify", ok=False)
    assert result.exit_code == 1
    assert "PROBLEM E1: content hash mismatch: the original was changed" in result.stderr
    report = valid("verify", json.loads(run("verify", "--json", ok=False).stdout))
    assert report["ok"] is False and report["problems"][0]["ref"] == "E1"


@pytest.mark.parametrize("args", [["add", "--help"], ["case", "new", "--help"], ["note", "--help"]])
def test_help_does_not_create_a_vault(run, vault_dir, args):
    run(*args)
    assert not vault_dir.exists()


def test_unusable_vault_location(run, tmp_path):
    f = tmp_path / "a-file"
    f.write_text("x")
    result = run("--vault", str(f), "list", ok=False)
    assert result.exit_code in (1, 2) and "Traceback" not in result.output


def test_follow_up_commands(run, files):
    run("add", str(files("Screenshot_20240315-142307.png", png_bytes())), "--case", "jd")
    run("note", "--case", "jd", "--channel", "phone", "--at", "2024-03-16 10:05",
        "--promise", "3个工作日内退款", "--due", "2024-03-21", "客服承诺退款")
    events = run.json("timeline", "--case", "jd")["events"]
    assert [(e["kind"], e["ref"]) for e in events] == [("item", "E1"), ("note", "N1"),
                                                       ("promise", "P1")]
    assert events[2]["status"] == "broken"
    out = run("timeline", "--case", "jd").stdout
    assert "2024-03-21           promise  P1    3个工作日内退款  [broken]" in out
    assert "note     N1    phone: 客服承诺退款" in out  # one language, not "phone … 电话"
    zh = run("--lang", "zh", "timeline", "--case", "jd").stdout
    assert "2024年3月21日           承诺     P1    3个工作日内退款  [未兑现]" in zh
    assert "2024年3月16日 10:05     沟通     N1    电话：客服承诺退款" in zh
    assert run.json("due")["promises"][0] == {"ref": "P1", "text": "3个工作日内退款",
                                             "due": "2024-03-21", "status": "broken",
                                             "source": "N1", "case": "jd"}
    assert run("promise", "P1", "kept").stdout == "P1 3个工作日内退款: kept\n"
    assert run.json("describe", "E1", "--purpose", "证明已支付", "--group", "一、合同关系") == {
        "ref": "E1", "name": None, "purpose": "证明已支付", "group": "一、合同关系"}
    assert "  purpose: 证明已支付" in run("describe", "E1").stdout
    assert run("promise", "E1", "kept", ok=False).exit_code == 1
    assert run("timeline", "--case", "nope", ok=False).exit_code == 1


def test_json_items_print_as_one_object_would():
    """`add --json` prints its items one at a time (a batch of 10,000 files is never one
    string); the text is the same as printing the whole object at once."""
    from click.testing import CliRunner

    from evidence_vault.cli.output import echo_json, echo_json_items

    @click.command()
    @click.argument("n", type=int)
    @click.argument("streamed", type=bool)
    def show(n: int, streamed: bool) -> None:
        items = [{"path": f"截图{i}.png", "cases": ["jd"] if i else [], "detail": {},
                  "warnings": [f"第{i}个"]} for i in range(n)]
        if streamed:
            echo_json_items(iter(items), added=n, failed=0)
        else:
            echo_json({"items": items, "added": n, "failed": 0})

    runner = CliRunner()
    for n in (0, 1, 3):
        whole = runner.invoke(show, [str(n), "false"]).output
        assert runner.invoke(show, [str(n), "true"]).output == whole
        assert json.loads(whole)["added"] == n

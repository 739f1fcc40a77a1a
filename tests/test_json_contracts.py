"""Every `--json` output is a documented contract: one JSON Schema per command in
schema/json/, and every command's real output validated against its schema.

One small real vault (engine none, generated images, a PDF with a text layer, a
note with a promise, a case, an export, a backup) is built once, and every
command that takes --json is run through the CLI on it, in the states that give
its output different shapes (an item with and without a reading, a note, a failed
add, a tampered copy). A command that gains --json without a schema, or a schema
no command uses, fails `test_every_json_command_has_a_schema`.
"""

from __future__ import annotations

import json
import os
import shutil

import click
import jsonschema
import pytest
from click.testing import CliRunner
from conftest import png_bytes
from test_readers_pdf import BILL, text_pdf

from evidence_vault import resources
from evidence_vault.cli import cli

# Schemas that describe a file the vault writes, not a command's output.
FILE_SCHEMAS = {"manifest"}


def json_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> dict[str, click.Command]:
    """Every command (subcommands included) with a --json option, by schema name:
    the command's path joined with '-', e.g. 'case-show'."""
    ctx = click.Context(group)
    found: dict[str, click.Command] = {}
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            found.update(json_commands(cmd, (*prefix, name)))
        elif cmd is not None and any(isinstance(p, click.Option) and "--json" in p.opts
                                     for p in cmd.params):
            # a group's default command (`vault note TEXT` is `note record`) has its name
            found["-".join(prefix if name == "record" else (*prefix, name))] = cmd
    return found


def schema_of(name: str) -> dict:
    return json.loads(resources.json_schema(name).read_text(encoding="utf-8"))


def schema_names() -> set[str]:
    return {p.name.removesuffix(".schema.json")
            for p in (resources.schema_dir() / "json").glob("*.schema.json")}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """Schema name -> the JSON every run of that command printed."""
    root = tmp_path_factory.mktemp("contracts")
    vault = root / "vault"
    inp = root / "in"
    inp.mkdir()
    shot = inp / "Screenshot_20240315-142307.png"
    shot.write_bytes(png_bytes())
    other = inp / "微信图片_20240316.png"
    other.write_bytes(png_bytes(color=(20, 160, 40)))
    empty = inp / "empty.png"
    empty.write_bytes(b"")
    pdf = text_pdf(inp / "invoice.pdf", BILL)
    runner = CliRunner()
    seen: dict[str, list[dict]] = {}

    def run(schema: str, *args: str, exit_code: int = 0) -> dict:
        result = runner.invoke(cli, ["--vault", str(vault), *args, "--json"],
                               catch_exceptions=False)
        assert result.exit_code == exit_code, (args, result.output, result.stderr)
        obj = json.loads(result.stdout)
        seen.setdefault(schema, []).append(obj)
        return obj

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EVIDENCE_VAULT_ENGINE", "none")
        mp.setenv("NO_COLOR", "1")
        run("init", "init")
        run("case-new", "case", "new", "jd-refund", "--title", "京东退款纠纷",
            "--against", "某某旗舰店", "--platform", "京东")
        run("case-new", "case", "new", "bare", "--title", "nothing yet")
        run("add", "add", str(shot), str(pdf), "--case", "jd-refund")
        run("add", "add", str(shot), str(other), str(empty), str(inp / "gone.png"), exit_code=1)
        run("list", "list")
        run("list", "list", "--case", "jd-refund")
        run("show", "show", "E1")
        run("note", "note", "--case", "jd-refund", "--channel", "phone", "--with", "客服 工号A1023",
            "--at", "2024-03-16 10:05", "--promise", "3个工作日内退款", "--due", "2024-03-21",
            "--attach", "E1", "客服确认订单异常，承诺退款")
        run("note", "note", "--case", "jd-refund", "--channel", "phone", "--with", "客服 工号A1023",
            "--at", "2024-03-16 10:05", "--promise", "3个工作日内退款", "--due", "2024-03-21",
            "--attach", "E1", "客服确认订单异常，承诺退款")  # the same note again
        run("note", "note", "--case", "jd-refund", "--channel", "chat", "--at", "2024-03-17 09:00",
            "--ticket", "GD-88", "催促退款")
        run("show", "show", "N1")
        run("link", "link", "E3", "--case", "jd-refund")
        run("link", "link", "E3", "--case", "jd-refund")
        run("unlink", "unlink", "E3", "--case", "jd-refund")
        run("search", "search", "退款")
        run("search", "search", "退款", "--kind", "note", "--case", "jd-refund")
        run("search", "search", "没有这个词")
        run("timeline", "timeline", "--case", "jd-refund")
        run("timeline", "timeline", "--case", "bare")
        run("due", "due")
        run("due", "due", "--case", "bare")
        run("promise", "promise", "P1", "kept")
        run("describe", "describe", "E1", "--purpose", "证明已支付", "--group", "一、合同关系")
        run("describe", "describe", "E2")
        run("field-confirm", "field", "confirm", "E2", "1")
        run("field-set", "field", "set", "E2", "amount", "1380", "--role", "paid")
        run("field-rm", "field", "rm", "E2", "amount:1380.00")
        run("item-set", "item", "set", "E1", "--at", "2024-03-15 14:23")
        run("item-set", "item", "set", "E1", "--at", "2024-03-15 14:23")  # nothing changes
        run("note", "note", "--case", "jd-refund", "--channel", "chat", "--at", "2024-03-18",
            "试写")
        run("note-void", "note", "void", "N2", "--reason", "试写")
        run("note-amend", "note", "amend", "N1", "--at", "2024-03-16 10:06", "--reason", "时间")
        run("link", "link", "N3", "--case", "bare")
        run("unlink", "unlink", "N3", "--case", "bare")
        run("show", "show", "N1")  # amended
        run("config", "config")
        run("config", "config", "engine", "none")
        run("reocr", "reocr", "E1", "E2", "--engine", "none")
        run("reading-list", "reading", "list", "E2")
        run("reading-use", "reading", "use", "E2", "1")
        run("show", "show", "E1")
        run("show", "show", "E2")  # the PDF: a reading, once its text layer is read
        run("case-set", "case", "set", "jd-refund", "--claimant", "张三", "--claim", "退还货款1280元")
        run("case-set", "case", "set", "jd-refund", "--claimant", "张三")  # nothing changes
        typo = inp / "typo.png"
        typo.write_bytes(png_bytes(color=(1, 2, 3)))
        run("add", "add", str(typo), "--case", "jd-refunds")  # a new case near jd-refund
        run("note", "note", "--case", "jd-refundz", "--channel", "chat", "--at", "2024-03-19",
            "--promise", "明天退款", "又催了一次")
        run("case-rename", "case", "rename", "jd-refundz", "later")
        run("case-merge", "case", "merge", "jd-refunds", "later")
        run("case-rm", "case", "rm", "later")
        run("case-list", "case", "list")
        run("case-show", "case", "show", "jd-refund")
        run("case-show", "case", "show", "bare")
        dossier = root / "dossier"
        run("export", "export", "--case", "jd-refund", "--out", str(dossier))
        run("verify-export", "verify-export", str(dossier))
        tampered = root / "tampered"
        shutil.copytree(dossier, tampered)
        changed = tampered / "evidence-list.csv"
        os.chmod(changed, 0o644)
        changed.write_text("changed\n", encoding="utf-8")
        (tampered / "extra.txt").write_text("added later\n", encoding="utf-8")
        run("verify-export", "verify-export", str(tampered), exit_code=1)
        run("log", "log")
        run("log", "log", "--limit", "2")
        run("log", "log", "E1")
        run("verify", "verify")
        backup = root / "backup"
        run("backup", "backup", str(backup))
        run("backup", "backup", str(backup))  # brought up to date: reused
        copy = root / "copy"
        run("restore", "restore", str(backup), str(copy))
        # A broken copy: verify fails and says why, in the same shape.
        blob = next(p for p in (copy / "objects").rglob("*") if p.is_file())
        os.chmod(blob, 0o644)
        blob.write_bytes(b"changed")
        result = runner.invoke(cli, ["--vault", str(copy), "verify", "--json"])
        assert result.exit_code == 1, result.output
        seen["verify"].append(json.loads(result.stdout))
    return seen


def test_every_json_command_has_a_schema():
    commands = set(json_commands())
    assert {"search", "timeline", "due", "case-show", "show"} <= commands  # the walk found them
    missing = sorted(commands - schema_names())
    assert not missing, f"--json without a schema in schema/json/: {missing}"
    orphans = sorted(schema_names() - commands - FILE_SCHEMAS)
    assert not orphans, f"schemas no command prints: {orphans}"


def test_every_schema_is_valid_and_demands_something():
    for name in sorted(schema_names()):
        schema = schema_of(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == f"evidence-vault/{name}.schema.json"
        # An empty object is no command's output: a schema that accepts it checks nothing.
        assert not jsonschema.Draft202012Validator(schema).is_valid({}), name


def test_every_json_command_was_run(outputs):
    assert sorted(outputs) == sorted(json_commands())


@pytest.mark.parametrize("name", sorted(json_commands()))
def test_output_matches_its_schema(outputs, name):
    validator = jsonschema.Draft202012Validator(schema_of(name))
    for obj in outputs[name]:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(obj)]
        assert not errors, (name, errors, obj)


def test_the_runs_reached_the_shapes_that_differ(outputs):
    """The vault above does give the varied outputs the schemas have to admit."""
    add_failed = outputs["add"][1]
    assert {i["status"] for i in add_failed["items"]} == {"added", "duplicate", "failed"}
    assert outputs["note"][1]["already_recorded"] is True
    items = [s for s in outputs["show"] if s.get("kind") != "note"]
    assert any(s["ocr"] is None for s in items) and any(s["ocr"] for s in items)
    assert [(s["ref"], s["status"]) for s in outputs["show"] if s.get("kind") == "note"] == [
        ("N1", "current"), ("N1", "amended")]
    assert outputs["reocr"][0]["items"]
    assert outputs["link"][1]["linked"] == [] and outputs["unlink"][0]["unlinked"] == ["E3"]
    kinds = {h["kind"] for h in outputs["search"][0]["hits"]}
    assert kinds == {"item", "note"} and outputs["search"][2]["total"] == 0
    events = outputs["timeline"][0]["events"]
    assert {"item", "note", "promise"} <= {e["kind"] for e in events}
    assert outputs["timeline"][1]["events"] == [] and outputs["due"][1]["promises"] == []
    assert outputs["promise"][0]["status"] == "kept"
    assert outputs["add"][0]["created_case"] is None and outputs["add"][-1] == {
        **outputs["add"][-1], "created_case": "jd-refunds", "did_you_mean": "jd-refund"}
    assert outputs["note"][0]["created_case"] is None
    assert outputs["note"][-1]["created_case"] == "jd-refundz"
    assert [c["changed"] for c in outputs["case-set"]] == [["claim", "claimant"], []]
    assert outputs["case-merge"][0]["items"] and not outputs["case-merge"][0]["notes"]
    removed = outputs["case-rm"][0]
    assert {r[0] for r in removed["in_no_case"]} == {"E", "N"} and removed["promises"]
    assert outputs["verify-export"][0]["ok"] is True
    assert outputs["verify-export"][1]["ok"] is False and outputs["verify-export"][1]["problems"]
    assert [r["ok"] for r in outputs["verify"]] == [True, False]
    assert outputs["backup"][1]["reused"] > 0 and "logged" not in outputs["restore"][0]


def test_schemas_reject_a_broken_shape(outputs):
    """A schema catches the kind of break a reader would suffer: a renamed key, a
    wrong type, a value outside its set."""
    def rejects(name: str, obj: dict) -> bool:
        return not jsonschema.Draft202012Validator(schema_of(name)).is_valid(obj)

    due = outputs["due"][0]
    assert rejects("due", {"promises": [{**due["promises"][0], "status": "late"}]})
    hits = outputs["search"][0]
    renamed = [{("where" if k == "at" else k): v for k, v in h.items()} for h in hits["hits"]]
    assert rejects("search", {**hits, "hits": renamed})
    assert rejects("timeline", {"case": "jd-refund", "events": [{"at": None, "kind": "call",
                                                                  "ref": "N1", "text": "",
                                                                  "status": None}]})
    assert rejects("verify-export", {**outputs["verify-export"][0], "ok": "yes"})
    assert rejects("export", {**outputs["export"][0], "exhibits": [{"number": 0}]})

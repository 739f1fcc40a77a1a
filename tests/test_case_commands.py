"""`vault case rename/merge/rm/set`, the case look-up that names a near case, and
`add`/`note` saying they created a case: through the real CLI on a real vault,
with `vault verify` clean after every change and one custody entry per change;
the dossier's cover with 申请人 and 诉求, checked in the exported PDF."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess

import pytest
from conftest import png_bytes
from test_dossier_export import needs_tools, pdftext

from evidence_vault.identity import sha256_json
from evidence_vault.vault import Vault


def shot(files, name: str, color: tuple[int, int, int]):
    return files(name, png_bytes(color=color))


def verify_clean(run) -> None:
    report = run.json("verify")
    assert report["ok"] and report["problems"] == [], report


def log(run) -> list[dict]:
    return run.json("log")["entries"]


def last(run, action: str) -> dict:
    return [e for e in log(run) if e["action"] == action][-1]


def error(run, *args: str) -> str:
    """The one-line error of a command that must fail (exit 1, no traceback)."""
    r = run(*args, ok=False)
    assert r.exit_code == 1, (args, r.output)
    assert "Traceback" not in r.output and r.stderr.count("\n") == 1, r.stderr
    assert r.stdout == ""
    return r.stderr.strip()


@pytest.fixture
def typo(run, files):
    """The issue's story: the right case 京东退款 with a screenshot; a typo 京东退 made by
    `add --case` holding a screenshot and a call note with a promise."""
    run("case", "new", "京东退款", "--title", "京东订单退款纠纷", "--against", "某某旗舰店")
    run("add", str(shot(files, "Screenshot_20240315-142307.png", (200, 30, 30))),
        "--case", "京东退款")
    run("add", str(shot(files, "Screenshot_20240316-101500.png", (30, 200, 30))),
        "--case", "京东退")
    run("note", "--case", "京东退", "--channel", "phone", "--at", "2024-03-16 10:05",
        "--promise", "3个工作日内退款", "--due", "2024-03-21", "客服承诺退款")
    verify_clean(run)
    return run


# ---- the case look-up names a near case ---------------------------------------------------

@pytest.mark.parametrize("args", [
    ("case", "show", "京东退k"), ("timeline", "--case", "京东退k"), ("due", "--case", "京东退k"),
    ("search", "退款", "--case", "京东退k"), ("list", "--case", "京东退k"),
    ("link", "E1", "--case", "京东退k"), ("unlink", "E1", "--case", "京东退k"),
    ("export", "--case", "京东退k", "--out", "never-made"),
    ("case", "set", "京东退k", "--claimant", "张三"), ("case", "rm", "京东退k"),
])
def test_an_unknown_case_names_the_near_one(run, files, tmp_path, monkeypatch, args):
    run("case", "new", "京东退款", "--title", "京东订单退款纠纷")
    run("add", str(shot(files, "a.png", (1, 1, 1))), "--case", "京东退款")
    monkeypatch.chdir(tmp_path)
    assert error(run, *args) == "Error: no case '京东退k'; did you mean '京东退款'?"
    assert not (tmp_path / "never-made").exists()


@pytest.mark.parametrize("typed, meant", [
    ("京东退", "京东退款"),       # one character short
    ("京东退kuan", "京东退款"),   # the input method's pinyin left in
    ("JD-Refund", "jd-refund"),  # letter case
    ("jd-refnd", "jd-refund"),   # a letter dropped
    ("jd", "jd-refund"),         # the beginning
])
def test_near_cases(run, typed, meant):
    for slug in ("京东退款", "jd-refund", "淘宝投诉"):
        run("case", "new", slug, "--title", "t")
    assert error(run, "case", "show", typed) == f"Error: no case {typed!r}; did you mean {meant!r}?"


def test_no_near_case_keeps_the_plain_message(run):
    run("case", "new", "京东退款", "--title", "t")
    assert error(run, "case", "show", "pdd") == (
        "Error: no case named 'pdd'; `vault case list` shows the cases")


# ---- add and note say they created a case -------------------------------------------------

def test_add_and_note_say_they_created_a_case(run, files):
    run("case", "new", "京东退款", "--title", "京东订单退款纠纷")
    out = run("add", str(shot(files, "a.png", (1, 1, 1))), "--case", "京东退").stdout
    assert ("created case 京东退; did you mean '京东退款'? (`vault case merge 京东退 京东退款` "
            "moves what went into it)") in out.splitlines()
    assert "1 added" in out  # the add still happened
    out = run("add", str(shot(files, "b.png", (2, 2, 2))), "--case", "京东退").stdout
    assert "created case" not in out  # it exists now
    out = run("add", str(shot(files, "c.png", (3, 3, 3))), "--case", "pdd").stdout
    assert "created case pdd" in out.splitlines()  # nothing near: no question
    # a duplicate filed into a new case creates it too
    added = run.json("add", str(files.root / "a.png"), "--case", "京东退kuan")
    assert (added["duplicate"], added["created_case"], added["did_you_mean"]) == (
        1, "京东退kuan", "京东退款")
    added = run.json("add", str(shot(files, "d.png", (4, 4, 4))), "--case", "京东退款")
    assert added["created_case"] is None and added["did_you_mean"] is None

    out = run("note", "--case", "京东退 款", "--channel", "chat", "--at", "2024-03-16",
              "t", ok=False)
    assert out.exit_code == 1  # not a slug: refused before anything is created
    out = run("note", "--case", "京东tui款", "--channel", "chat", "--at", "2024-03-16",
              "客服说再等等").stdout
    assert out.splitlines()[-1].startswith("created case 京东tui款; did you mean '京东退款'?")
    note = run.json("note", "--case", "京东退款", "--channel", "chat", "--at", "2024-03-17",
                    "又问了一次")
    assert note["created_case"] is None and note["did_you_mean"] is None
    note = run.json("note", "--case", "jd-new", "--channel", "chat", "--at", "2024-03-17",
                    "另一件事")
    assert note["created_case"] == "jd-new" and note["did_you_mean"] is None
    verify_clean(run)


# ---- rename ---------------------------------------------------------------------------------

def test_rename(typo, tmp_path):
    run = typo
    seq = log(run)[-1]["seq"]
    out = run("case", "rename", "京东退", "京东退款2").stdout
    assert out == "renamed case 京东退 to 京东退款2\n"
    shown = run.json("case", "show", "京东退款2")
    assert shown["title"] == "京东退款2"  # a title that was only the slug follows it
    assert [i["ref"] for i in shown["items"]] == ["E2"] and [n["ref"] for n in shown["notes"]] == ["N1"]
    assert [p["ref"] for p in run.json("due", "--case", "京东退款2")["promises"]] == ["P1"]
    assert error(run, "case", "show", "京东退").startswith("Error: no case '京东退'; did you mean")
    entry = last(run, "case-rename")
    assert entry["seq"] == seq + 1 and entry["ref"] == "C:京东退"
    assert entry["detail"]["renamed_to"] == "京东退款2"
    assert entry["detail"]["digests"]["C:京东退"] == "gone"
    history = [e["action"] for e in run.json("log", "C:京东退款2")["entries"]]
    assert history == ["case-new", "add", "note", "case-rename"]  # under its old name too
    verify_clean(run)
    # a title of its own stays; the renamed case can be renamed again, even back
    run("case", "set", "京东退款2", "--title", "电话里的承诺")
    run("case", "rename", "京东退款2", "京东退")
    assert run.json("case", "show", "京东退")["title"] == "电话里的承诺"
    verify_clean(run)


def test_rename_keeps_exported_exhibit_numbers(typo, tmp_path):
    run = typo
    first = run.json("export", "--case", "京东退", "--out", str(tmp_path / "d1"))
    run("case", "rename", "京东退", "phone-promise")
    verify_clean(run)  # the exhibit numbers logged under the old name follow the new one
    again = run.json("export", "--case", "phone-promise", "--out", str(tmp_path / "d2"))
    numbers = {e["ref"]: e["number"] for e in first["exhibits"]}
    assert {e["ref"]: e["number"] for e in again["exhibits"]} == numbers
    verify_clean(run)


def test_rename_refusals(typo):
    run = typo
    assert error(run, "case", "rename", "京东退", "京东退款") == (
        "Error: a case named '京东退款' already exists; `vault case merge 京东退 京东退款` puts "
        "京东退's evidence into it")
    assert error(run, "case", "rename", "京东退", "京东退") == (
        "Error: the case is already named '京东退'")
    assert error(run, "case", "rename", "京东退kuan", "x") == (
        "Error: no case '京东退kuan'; did you mean '京东退款'?")
    assert "invalid case name '京东/退'" in error(run, "case", "rename", "京东退", "京东/退")
    assert [e["action"] for e in log(run)].count("case-rename") == 0
    verify_clean(run)


def test_compatibility_characters_name_the_same_case(run, files):
    run("case", "new", "\uf900案", "--title", "t")   # stored as 豈案 (U+8C48)
    run("case", "rename", "豈案", "\uf900案2")
    assert [c["slug"] for c in run.json("case", "list")["cases"]] == ["豈案2"]
    run("case", "new", "other", "--title", "o")
    run("case", "merge", "other", "\uf900案2")
    run("case", "set", "\uf900案2", "--claimant", "张三")
    run("case", "rm", "豈案2")
    assert run.json("case", "list")["cases"] == []
    verify_clean(run)


# ---- merge ----------------------------------------------------------------------------------

def test_merge(typo, files):
    run = typo
    run("link", "E1", "--case", "京东退")                 # in both: linked once after
    run("case", "set", "京东退", "--platform", "京东", "--claim", "退款1280元",
        "--against", "别的店")
    seq = log(run)[-1]["seq"]
    merged = run.json("case", "merge", "京东退", "京东退款")
    assert merged == {"slug": "京东退款", "merged_from": "京东退", "items": ["E2"],
                      "notes": ["N1"], "already_in": ["E1"], "promises": ["P1"],
                      "copied": {"platform": "京东", "claim": "退款1280元"}}
    into = run.json("case", "show", "京东退款")
    assert [i["ref"] for i in into["items"]] == ["E1", "E2"]
    assert [n["ref"] for n in into["notes"]] == ["N1"]
    assert (into["title"], into["against"], into["platform"], into["claim"]) == (
        "京东订单退款纠纷", "某某旗舰店", "京东", "退款1280元")  # INTO's own details stay
    assert [p["ref"] for p in into["promises"]] == ["P1"]
    assert [(p["ref"], p["case"]) for p in run.json("due")["promises"]] == [("P1", "京东退款")]
    assert run.json("show", "E1")["cases"] == ["京东退款"]
    assert [c["slug"] for c in run.json("case", "list")["cases"]] == ["京东退款"]
    assert error(run, "case", "show", "京东退") == (
        "Error: no case '京东退'; did you mean '京东退款'?")
    [entry] = [e for e in log(run) if e["seq"] > seq and e["action"] != "verify"]
    assert (entry["action"], entry["ref"]) == ("case-merge", "C:京东退")
    assert entry["detail"]["was"]["against"] == "别的店"
    assert entry["detail"]["digests"]["C:京东退"] == "gone"
    assert "C:京东退款" in entry["detail"]["digests"]
    assert [e["action"] for e in run.json("log", "N1")["entries"]][-1] == "case-merge"
    verify_clean(run)
    search = run.json("search", "退款", "--case", "京东退款")
    assert "N1" in {h["ref"] for h in search["hits"]}


def test_merge_gives_a_title_only_to_a_case_without_one(run, files):
    run("add", str(shot(files, "a.png", (1, 1, 1))), "--case", "jd")     # title = slug
    run("case", "new", "jd-typo", "--title", "京东退款纠纷")
    merged = run.json("case", "merge", "jd-typo", "jd")
    assert merged["copied"] == {"title": "京东退款纠纷"}
    assert run.json("case", "show", "jd")["title"] == "京东退款纠纷"
    verify_clean(run)


def test_merge_refusals(typo):
    run = typo
    assert error(run, "case", "merge", "京东退款", "京东退款") == (
        "Error: cannot merge case '京东退款' into itself")
    assert error(run, "case", "merge", "京东退", "京东退kuan") == (
        "Error: no case '京东退kuan'; did you mean '京东退款'?")
    assert error(run, "case", "merge", "nope", "京东退款") == (
        "Error: no case named 'nope'; `vault case list` shows the cases")
    assert "case-merge" not in [e["action"] for e in log(run)]
    verify_clean(run)


def test_merge_after_an_export_of_both(typo, tmp_path):
    run = typo
    run("export", "--case", "京东退款", "--out", str(tmp_path / "a"))
    run("export", "--case", "京东退", "--out", str(tmp_path / "b"))
    run("case", "merge", "京东退", "京东退款")
    verify_clean(run)
    out = run.json("export", "--case", "京东退款", "--out", str(tmp_path / "c"))
    numbers = {e["ref"]: e["number"] for e in out["exhibits"]}
    assert numbers["E1"] == 1 and sorted(numbers.values()) == [1, 2, 3]  # E1 keeps its number
    verify_clean(run)


# ---- rm -------------------------------------------------------------------------------------

def test_rm_unlinks_and_keeps_everything(typo, files):
    run = typo
    out = run("case", "rm", "京东退").stdout.splitlines()
    assert out == ["removed case 京东退; its 1 item and 1 note stay in the vault",
                   "  now in no case: E2, N1 (`vault link REF --case SLUG` files them again)",
                   "  their promises still count in `vault due`: P1"]
    entry = last(run, "case-rm")
    assert entry["ref"] == "C:京东退" and entry["detail"]["items"] == ["E2"]
    assert entry["detail"]["notes"] == ["N1"] and entry["detail"]["digests"] == {"C:京东退": "gone"}
    assert entry["detail"]["was"]["title"] == "京东退"
    # nothing was deleted: the item, the note and its promise are all still there
    assert run.json("show", "E2")["cases"] == [] and run.json("show", "N1")["cases"] == []
    assert [i["ref"] for i in run.json("list")["items"]] == ["E1", "E2"]
    assert [(p["ref"], p["case"]) for p in run.json("due")["promises"]] == [("P1", None)]
    assert "(no case)" in run("due").stdout
    assert {h["ref"] for h in run.json("search", "退款")["hits"]} >= {"N1"}
    assert [e["action"] for e in run.json("log", "N1")["entries"]] == ["note", "case-rm"]
    assert [e["action"] for e in run.json("log", "C:京东退")["entries"]] == [
        "case-new", "add", "note", "case-rm"]  # a case gone keeps its history
    assert error(run, "log", "C:京东退k") == "Error: no case '京东退k'; did you mean '京东退款'?"
    verify_clean(run)
    # filed again, and a new case under the old name is a new case: verify stays clean
    run("link", "E2", "N1", "--case", "京东退款")
    run("add", str(shot(files, "x.png", (9, 9, 9))), "--case", "京东退")
    verify_clean(run)
    assert [p["case"] for p in run.json("due")["promises"]] == ["京东退款"]


def test_rm_then_the_same_name_again_after_exports(typo, tmp_path, files):
    run = typo
    run("export", "--case", "京东退", "--out", str(tmp_path / "a"))
    run("case", "rm", "京东退")
    verify_clean(run)  # its exhibit numbers went with it; the export log keeps them
    run("add", str(shot(files, "x.png", (9, 9, 9))), "--case", "京东退")
    out = run.json("export", "--case", "京东退", "--out", str(tmp_path / "b"))
    assert [e["number"] for e in out["exhibits"]] == [1]
    verify_clean(run)


# ---- set ------------------------------------------------------------------------------------

def test_set(typo):
    run = typo
    seq = log(run)[-1]["seq"]
    out = run("case", "set", "京东退款", "--claimant", "张三", "--claim", "退还货款1280元").stdout
    assert out == "case 京东退款:\n  claim: 退还货款1280元\n  claimant: 张三\n"
    shown = run.json("case", "show", "京东退款")
    assert (shown["claimant"], shown["claim"]) == ("张三", "退还货款1280元")
    listed = {c["slug"]: c for c in run.json("case", "list")["cases"]}
    assert listed["京东退款"]["claimant"] == "张三" and listed["京东退"]["claimant"] is None
    assert "  claimant: 张三" in run("case", "show", "京东退款").stdout.splitlines()
    entry = last(run, "case-set")
    assert entry["seq"] == seq + 1
    assert entry["detail"]["set"] == {"claimant": "张三", "claim": "退还货款1280元"}
    assert entry["detail"]["was"] == {"claimant": None, "claim": None}
    verify_clean(run)

    again = run.json("case", "set", "京东退款", "--claimant", "张三")
    assert again["changed"] == []
    assert run("case", "set", "京东退款", "--claimant", "张三").stdout == (
        "case 京东退款: nothing changed\n")
    assert [e["action"] for e in log(run)].count("case-set") == 1  # nothing logged for nothing

    cleared = run.json("case", "set", "京东退款", "--against", "", "--title", "京东订单纠纷")
    assert cleared["changed"] == ["against", "title"] and cleared["against"] is None
    assert last(run, "case-set")["detail"]["was"] == {"against": "某某旗舰店",
                                                       "title": "京东订单退款纠纷"}
    verify_clean(run)
    assert error(run, "case", "set", "京东退款", "--title", " ") == (
        "Error: a case needs a title: --title cannot be empty")
    assert error(run, "case", "set", "京东退款") == (
        "Error: say what to set: --title, --against, --platform, --claimant or --claim")


# ---- what verify catches --------------------------------------------------------------------

def _sql(vault_dir, sql: str, params=()) -> None:
    conn = sqlite3.connect(vault_dir / "vault.db")
    with conn:
        conn.execute(sql, params)
    conn.close()


def test_verify_catches_a_removed_case_put_back_and_a_claim_edited(typo, vault_dir):
    run = typo
    run("case", "set", "京东退款", "--claim", "退还货款1280元")
    _sql(vault_dir, "UPDATE cases SET claim = '退还货款12800元' WHERE slug = '京东退款'")
    problems = json.loads(run("verify", "--json", ok=None).stdout)["problems"]
    assert [p["ref"] for p in problems] == ["C:京东退款"]
    _sql(vault_dir, "UPDATE cases SET claim = '退还货款1280元' WHERE slug = '京东退款'")
    verify_clean(run)

    run("case", "rm", "京东退")
    _sql(vault_dir, "INSERT INTO cases (slug, title, created_at) VALUES ('京东退', '京东退', "
                    "'2024-01-01T00:00:00+08:00')")
    problems = json.loads(run("verify", "--json", ok=None).stdout)["problems"]
    assert [p["ref"] for p in problems] == ["C:京东退"]
    assert "was removed (custody log entry #" in problems[0]["what"]
    assert "put back behind the vault's back" in problems[0]["what"]


def test_a_case_digest_without_claimant_or_claim_is_the_one_older_vaults_logged(typo, vault_dir):
    """Vaults made before `case set` logged their cases' digests over these keys alone;
    a case whose claimant and claim were never set must hash to the same digest."""
    with Vault.open(vault_dir) as v:
        found = v.db.execute("SELECT id FROM cases WHERE slug = '京东退款'").fetchone()
        c = v.db.execute("SELECT slug, title, against, platform, created_at FROM cases "
                         "WHERE id = ?", (found[0],)).fetchone()
        items = [{"sha256": sha, "linked_at": at} for sha, at in v.db.execute(
            "SELECT i.sha256, ci.linked_at FROM case_items ci JOIN items i ON i.id = ci.item_id "
            "WHERE ci.case_id = ? ORDER BY i.sha256", (found[0],))]
        old = sha256_json({"slug": c[0], "title": c[1], "against": c[2], "platform": c[3],
                           "created_at": c[4], "items": items, "notes": []})
        assert v.states.case_digest(found[0]) == f"v2:{old}"


def test_a_vault_made_before_migration_0007_stays_clean(typo, vault_dir, tmp_path):
    """The vault as the code before this change left it: cases without the two columns,
    and migration 0007 not applied. Opening it applies it; verify stays clean."""
    run = typo
    run("export", "--case", "京东退", "--out", str(tmp_path / "d"))
    _sql(vault_dir, "ALTER TABLE cases DROP COLUMN claim")
    _sql(vault_dir, "ALTER TABLE cases DROP COLUMN claimant")
    _sql(vault_dir, "DELETE FROM _sqlite_migrations WHERE name = '0007_case_details'")
    verify_clean(run)
    with Vault.open(vault_dir) as v:
        columns = [r[1] for r in v.db.execute("PRAGMA table_info(cases)")]
    assert columns[-2:] == ["claimant", "claim"]
    run("case", "merge", "京东退", "京东退款")
    verify_clean(run)


# ---- the dossier's cover --------------------------------------------------------------------

@needs_tools
@pytest.mark.parametrize("lang, words", [
    ("zh", ("申请人", "张三", "被申请人", "某某旗舰店", "诉求", "退还货款1280元", "提交人")),
    ("zh-Hant", ("申請人", "张三", "被申請人", "訴求", "退还货款1280元", "提交人")),
    ("en", ("Claimant", "张三", "Respondent", "Claim", "退还货款1280元", "Submittedby")),
])
def test_the_cover_shows_claimant_and_claim(typo, tmp_path, lang, words):
    run = typo
    run("case", "set", "京东退款", "--claimant", "张三", "--claim", "退还货款1280元")
    out = tmp_path / "dossier"
    run("export", "--case", "京东退款", "--out", str(out), "--lang", lang)
    cover = pdftext(out / "dossier.pdf", 1)
    flat = "".join(cover.split())  # Typst spaces Chinese from digits: 退还货款 1280 元
    for w in words[:-1]:
        assert w in flat, (w, cover)
    claimant_label, claim_label = words[0], words[-3]
    assert f"{claimant_label}张三" in flat  # the name in the 申请人 row, no longer blank
    assert f"{claim_label}退还货款1280元" in flat
    catalogue = "".join(pdftext(out / "dossier.pdf", 2).split())
    assert re.search(f"{words[-1]}[:：]张三", catalogue), catalogue  # 提交人: the claimant
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1",
                    str(out / "dossier.pdf"), str(tmp_path / "cover")], check=True)
    assert list(tmp_path.glob("cover*.png"))


@needs_tools
def test_a_cover_without_claimant_leaves_the_row_blank_and_no_claim(typo, tmp_path):
    run = typo
    out = tmp_path / "dossier"
    run("export", "--case", "京东退款", "--out", str(out))
    cover = pdftext(out / "dossier.pdf", 1)
    assert "申请人" in cover and "诉求" not in cover
